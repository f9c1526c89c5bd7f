import FluentKit

public struct CreateUser: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_login_at", .datetime)
            .unique(on: "email")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("users").delete() }
}
