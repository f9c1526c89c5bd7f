import FluentKit

/// Records of a feed that did not become events, kept with their reason and raw text.
public struct CreateQuarantinedRow: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("quarantined_rows")
            .id()
            .field("run_id", .uuid, .required, .references("ingest_runs", "id", onDelete: .cascade))
            .field("line", .int64, .required)
            .field("reason_key", .string, .required)
            .field("detail", .string, .required)
            .field("raw", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await Index.create("idx_quarantined_rows_run", on: "quarantined_rows", ["run_id", "line"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("quarantined_rows").delete() }
}
