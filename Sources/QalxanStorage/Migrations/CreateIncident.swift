import FluentKit

public struct CreateIncident: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("incidents")
            .id()
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("rsit_class", .string)
            .field("rsit_type", .string)
            .field("severity", .string, .required)
            .field("severity_rank", .int, .required)
            .field("tlp", .string, .required)
            .field("pap", .string, .required)
            .field("assignee_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("affected_systems", .string, .required)
            .field("search_text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("first_response_at", .datetime)
            .field("resolved_at", .datetime)
            .field("closed_at", .datetime)
            .field("merged_into_id", .uuid)
            .field("created_by_id", .uuid)
            .unique(on: "number")
            .create()
        // The list's filters and sort orders (see IncidentQuery).
        try await Index.create("idx_incidents_created", on: "incidents", ["created_at"], database)
        try await Index.create("idx_incidents_updated", on: "incidents", ["updated_at"], database)
        try await Index.create("idx_incidents_status_created", on: "incidents", ["status", "created_at"], database)
        try await Index.create("idx_incidents_assignee_created", on: "incidents", ["assignee_id", "created_at"], database)
        try await Index.create("idx_incidents_class_created", on: "incidents", ["rsit_class", "created_at"], database)
        try await Index.create("idx_incidents_severity_created", on: "incidents", ["severity_rank", "created_at"], database)
        try await Index.create("idx_incidents_tlp_created", on: "incidents", ["tlp", "created_at"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("incidents").delete() }
}
