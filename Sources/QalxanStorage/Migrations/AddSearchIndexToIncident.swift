import FluentKit

/// An index on the search text, so that a free-text search reads the index (small rows)
/// instead of whole incidents when counting and filtering.
public struct AddSearchIndexToIncident: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await Index.create("idx_incidents_search", on: "incidents", ["search_text"], database)
    }
    public func revert(on database: any Database) async throws {}
}
