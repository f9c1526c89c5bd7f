import FluentKit

public struct CreateReport: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("reports")
            .id()
            .field("number", .string, .required)
            .field("received_at", .datetime, .required)
            .field("channel", .string, .required)
            .field("state", .string, .required)
            .field("reporter_name", .string, .required)
            .field("reporter_email", .string, .required)
            .field("reporter_phone", .string, .required)
            .field("reporter_organisation", .string, .required)
            .field("category", .string, .required)
            .field("occurred_at", .datetime)
            .field("description", .string, .required)
            .field("affected_systems", .string, .required)
            .field("tlp", .string, .required)
            .field("language", .string, .required)
            .field("reject_reason", .string, .required)
            .field("incident_id", .uuid, .references("incidents", "id", onDelete: .setNull))
            .field("status_secret_hash", .string, .required)
            .field("raw_sha256", .string, .required)
            .field("client_address", .string, .required)
            .field("triaged_by_id", .uuid)
            .field("triaged_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await Index.create("idx_reports_state_received", on: "reports", ["state", "received_at"], database)
        try await Index.create("idx_reports_incident", on: "reports", ["incident_id"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("reports").delete() }
}
