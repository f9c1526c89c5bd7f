import FluentKit

public struct CreateOrganisation: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("external_key", .string)
            .field("name_en", .string, .required)
            .field("name_az", .string, .required)
            .field("kind", .string, .required)
            .field("sector", .string, .required)
            .field("country", .string, .required)
            .field("parent_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("languages", .string, .required)
            .field("notification", .string, .required)
            .field("encrypted_mail", .bool, .required)
            .field("notes", .string, .required)
            .field("countries", .string, .required)
            .field("first_member", .bool, .required)
            .field("trusted_introducer", .string, .required)
            .field("max_tlp", .string, .required)
            .field("search_text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "external_key")
            .create()
        try await Index.create("idx_organisations_name", on: "organisations", ["name_en"], database)
        try await Index.create("idx_organisations_parent", on: "organisations", ["parent_id"], database)
        try await Index.create("idx_organisations_kind", on: "organisations", ["kind", "name_en"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("organisations").delete() }
}
