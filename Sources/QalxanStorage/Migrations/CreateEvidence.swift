import FluentKit

public struct CreateEvidence: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("evidence")
            .id()
            .field("report_id", .uuid, .references("reports", "id", onDelete: .cascade))
            .field("incident_id", .uuid, .references("incidents", "id", onDelete: .setNull))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("added_at", .datetime, .required)
            .field("added_by_id", .uuid)
            .create()
        try await Index.create("idx_evidence_report", on: "evidence", ["report_id"], database)
        try await Index.create("idx_evidence_incident", on: "evidence", ["incident_id"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("evidence").delete() }
}
