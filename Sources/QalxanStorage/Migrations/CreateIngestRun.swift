import FluentKit

/// One ingestion of one file: the file (a blob), the feed and format, and what came of it.
public struct CreateIngestRun: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("ingest_runs")
            .id()
            .field("feed_id", .uuid, .references("feeds", "id", onDelete: .setNull))
            .field("feed_name", .string, .required)
            .field("format", .string, .required)
            .field("report", .string)
            .field("file_name", .string, .required)
            .field("blob_sha256", .string, .required)
            .field("size", .int64, .required)
            .field("tlp", .string, .required)
            .field("status", .string, .required)
            .field("rows_read", .int64, .required)
            .field("events", .int64, .required)
            .field("stored", .int64, .required)
            .field("duplicates", .int64, .required)
            .field("quarantined", .int64, .required)
            .field("error", .string)
            .field("actor", .string, .required)
            .field("replay_of", .uuid)
            .field("started_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await Index.create("idx_ingest_runs_started", on: "ingest_runs", ["started_at"], database)
        try await Index.create("idx_ingest_runs_feed", on: "ingest_runs", ["feed_name", "started_at"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("ingest_runs").delete() }
}
