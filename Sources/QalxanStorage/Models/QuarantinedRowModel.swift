import FluentKit
import Foundation

/// A record of a feed that did not become an event: its run, line, reason and raw text.
public final class QuarantinedRowModel: Model, @unchecked Sendable {
    public static let schema = "quarantined_rows"

    @ID(key: .id) public var id: UUID?
    @Field(key: "run_id") public var runID: UUID
    @Field(key: "line") public var line: Int64
    /// A catalog key (`ingest.invalid_port`, …).
    @Field(key: "reason_key") public var reasonKey: String
    /// What was wrong, naming the column and value.
    @Field(key: "detail") public var detail: String
    @Field(key: "raw") public var raw: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
