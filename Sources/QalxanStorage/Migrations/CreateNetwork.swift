import FluentKit

public struct CreateNetwork: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("networks")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "value")
            .create()
        try await Index.create("idx_networks_organisation", on: "networks", ["organisation_id"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("networks").delete() }
}
