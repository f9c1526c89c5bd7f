import FluentKit

public struct CreateContact: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("contacts")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("role", .string, .required)
            .field("languages", .string, .required)
            .field("is_primary", .bool, .required)
            .field("pgp_key", .string, .required)
            .field("pgp_fingerprint", .string, .required)
            .field("pgp_expires_at", .datetime)
            .field("pgp_state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await Index.create("idx_contacts_organisation", on: "contacts", ["organisation_id"], database)
        try await Index.create("idx_contacts_email", on: "contacts", ["email"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("contacts").delete() }
}
