import FluentKit

public struct CreateTimelineEntry: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("timeline_entries")
            .id()
            .field("incident_id", .uuid, .required, .references("incidents", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("kind", .string, .required)
            .field("actor_id", .uuid)
            .field("body", .string, .required)
            .field("data", .string, .required)
            .create()
        try await Index.create("idx_timeline_incident_at", on: "timeline_entries", ["incident_id", "at"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("timeline_entries").delete() }
}
