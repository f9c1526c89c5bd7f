import FluentKit

/// Knowledge-base articles. `classes` holds the RSIT classes between spaces
/// (` fraud malicious-code `) so one `LIKE` finds an incident's procedures; `search` is
/// the lower-cased text of every language, for the search box.
public struct CreateArticle: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("articles")
            .id()
            .field("slug", .string, .required)
            .field("audience", .string, .required)
            .field("classes", .string, .required)
            .field("content", .string, .required)
            .field("search", .string, .required)
            .field("published", .bool, .required)
            .field("updated_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("articles").delete() }
}
