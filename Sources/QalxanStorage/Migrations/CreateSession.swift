import FluentKit

public struct CreateSession: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("address", .string, .required)
            .field("user_agent", .string, .required)
            .unique(on: "token_hash")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("sessions").delete() }
}
