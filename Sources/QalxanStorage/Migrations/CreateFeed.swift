import FluentKit

/// Feeds an administrator configured: where events come from and how they are read.
public struct CreateFeed: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("feeds")
            .id()
            .field("name", .string, .required)
            .field("provider", .string, .required)
            .field("format", .string, .required)
            .field("report", .string)
            .field("mapping", .string)
            .field("url", .string)
            .field("directory", .string)
            .field("schedule_minutes", .int, .required)
            .field("tlp", .string, .required)
            .field("enabled", .bool, .required)
            .field("etag", .string)
            .field("last_fetch_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("feeds").delete() }
}
