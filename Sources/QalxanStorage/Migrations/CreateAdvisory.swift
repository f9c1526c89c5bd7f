import FluentKit

/// Advisories, alerts and news: the working copy a coordinator edits (`content`, JSON of
/// `Advisory`) and, in `advisory_revisions`, every published version exactly as it went
/// out, with its CSAF document and signature, so what the site serves never changes
/// after publication.
public struct CreateAdvisory: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("advisories")
            .id()
            // Given at first publication, so abandoned drafts use up no number.
            .field("tracking_id", .string)
            .field("kind", .string, .required)
            .field("severity", .string, .required)
            .field("tlp", .string, .required)
            .field("content", .string, .required)
            /// The latest published revision's number; 0 for a draft never published.
            .field("revision", .int, .required)
            .field("year", .int)
            .field("published_at", .datetime)
            .field("updated_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid)
            .unique(on: "tracking_id")
            .create()
        try await database.schema("advisory_revisions")
            .id()
            .field("advisory_id", .uuid, .required, .references("advisories", "id"))
            .field("number", .int, .required)
            .field("published_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("severity", .string, .required)
            .field("tlp", .string, .required)
            .field("year", .int, .required)
            .field("content", .string, .required)
            .field("csaf", .string)
            .field("csaf_signature", .string)
            .field("published_by", .uuid)
            .unique(on: "advisory_id", "number")
            .create()
        try await Index.create("idx_advisory_revisions_published", on: "advisory_revisions", ["published_at"], database)
    }
    public func revert(on database: any Database) async throws {
        try await database.schema("advisory_revisions").delete()
        try await database.schema("advisories").delete()
    }
}
