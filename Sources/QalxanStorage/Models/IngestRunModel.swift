import FluentKit
import Foundation

/// One ingestion of one file, with the counts that came of it. The file itself is a blob,
/// so a run can be replayed after a parser fix.
public final class IngestRunModel: Model, @unchecked Sendable {
    public static let schema = "ingest_runs"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "feed_id") public var feedID: UUID?
    @Field(key: "feed_name") public var feedName: String
    @Field(key: "format") public var format: String
    @OptionalField(key: "report") public var report: String?
    @Field(key: "file_name") public var fileName: String
    @Field(key: "blob_sha256") public var blobSHA256: String
    @Field(key: "size") public var size: Int64
    @Field(key: "tlp") public var tlp: String
    /// `running`, `finished` or `failed`; a `running` run that stopped updating was
    /// interrupted (the process died) and is shown so.
    @Field(key: "status") public var status: String
    @Field(key: "rows_read") public var rowsRead: Int64
    @Field(key: "events") public var events: Int64
    @Field(key: "stored") public var stored: Int64
    @Field(key: "duplicates") public var duplicates: Int64
    @Field(key: "quarantined") public var quarantined: Int64
    @OptionalField(key: "error") public var error: String?
    /// Who started it: a user's e-mail, `cli`, or `feed:NAME` for scheduled fetches.
    @Field(key: "actor") public var actor: String
    @OptionalField(key: "replay_of") public var replayOf: UUID?
    /// The mapping of a generic CSV run.
    @OptionalField(key: "mapping") public var mapping: String?
    @Field(key: "started_at") public var startedAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?

    public init() {}

    public init(id: UUID = UUID(), feedID: UUID?, feedName: String, format: String, report: String?, fileName: String,
                blobSHA256: String, size: Int64, tlp: String, actor: String, replayOf: UUID?, now: Date) {
        self.id = id
        self.feedID = feedID
        self.feedName = feedName
        self.format = format
        self.report = report
        self.fileName = fileName
        self.blobSHA256 = blobSHA256
        self.size = size
        self.tlp = tlp
        self.status = "running"
        self.rowsRead = 0
        self.events = 0
        self.stored = 0
        self.duplicates = 0
        self.quarantined = 0
        self.actor = actor
        self.replayOf = replayOf
        self.startedAt = now
        self.updatedAt = now
    }
}
