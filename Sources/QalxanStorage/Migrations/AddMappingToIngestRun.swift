import FluentKit

/// The mapping a generic CSV run was read with, so the run can be replayed the same way
/// when the mapping came from the command line rather than from a configured feed.
public struct AddMappingToIngestRun: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("ingest_runs").field("mapping", .string).update()
    }
    public func revert(on database: any Database) async throws {
        try await database.schema("ingest_runs").deleteField("mapping").update()
    }
}
