import FluentKit

/// The event store: one row per observation, append-only. Times are whole seconds since
/// 1970 (UTC) so that range scans compare integers on both databases; the harmonisation
/// fields are kept whole in `fields` (JSON) beside the columns that filters use.
public struct CreateEvent: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("events")
            .field("id", .int64, .identifier(auto: true))
            .field("time_source", .int64)
            .field("time_observation", .int64, .required)
            .field("feed_name", .string, .required)
            .field("feed_provider", .string)
            .field("classification_taxonomy", .string)
            .field("classification_type", .string)
            .field("classification_identifier", .string)
            .field("source_ip", .string)
            .field("source_ip_v4", .int64)
            .field("source_port", .int)
            .field("source_asn", .int64)
            .field("source_network", .string)
            .field("source_fqdn", .string)
            .field("source_url", .string)
            .field("source_cc", .string)
            .field("destination_ip", .string)
            .field("destination_port", .int)
            .field("malware_name", .string)
            .field("organisation_id", .uuid)
            .field("tlp", .string, .required)
            .field("dedup_key", .string, .required)
            .field("run_id", .uuid, .required)
            .field("line", .int64, .required)
            .field("fields", .string, .required)
            .unique(on: "dedup_key")
            .create()
        try await Index.create("idx_events_time", on: "events", ["time_source"], database)
        try await Index.create("idx_events_organisation", on: "events", ["organisation_id", "time_source"], database)
        try await Index.create("idx_events_run", on: "events", ["run_id"], database)
        try await Index.create("idx_events_ip", on: "events", ["source_ip_v4"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("events").delete() }
}
