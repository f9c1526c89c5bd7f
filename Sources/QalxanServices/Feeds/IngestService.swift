import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage
import SQLKit

/// What an ingestion is for: the feed it belongs to and how its events are labelled.
public struct IngestRequest: Sendable {
    /// `feed.name` of every event.
    public var feedName: String
    /// The configured feed, when the file came through one.
    public var feedID: UUID?
    /// The format's name (`FeedFormat` raw value), recorded on the run.
    public var format: String
    /// The Shadowserver report type, recorded on the run.
    public var report: String?
    /// The TLP every event of the run gets.
    public var tlp: TLP
    /// Who started it: a user's e-mail, `cli`, `feed:NAME`.
    public var actor: String
    /// The run this one replays.
    public var replayOf: UUID?
    /// The mapping a generic CSV file is read with, kept on the run for replays.
    public var mapping: String?

    /// A request.
    public init(feedName: String, feedID: UUID? = nil, format: String, report: String? = nil, tlp: TLP = .amber,
                actor: String, replayOf: UUID? = nil) {
        self.feedName = feedName
        self.feedID = feedID
        self.format = format
        self.report = report
        self.tlp = tlp
        self.actor = actor
        self.replayOf = replayOf
    }
}

/// How far a run has come, reported after every piece of the file.
public struct IngestProgress: Sendable {
    public var bytesRead: Int64
    public var totalBytes: Int64
    public var rows: Int
    public var events: Int
    public var quarantined: Int
    public var seconds: Double
}

/// What a run did.
public struct IngestSummary: Sendable, Equatable {
    public var runID: UUID
    public var fileName: String
    public var sha256: String
    /// Records read (events and quarantined rows).
    public var rows: Int
    /// Records that became events.
    public var events: Int
    /// Events stored by this run.
    public var stored: Int
    /// Events already stored (by an earlier run, or earlier in this one).
    public var duplicates: Int
    public var quarantined: Int
    public var seconds: Double
    /// The first problems, for the summary (all of them are in quarantine).
    public var problems: [FeedProblem]
}

/// Runs files through the feed pipeline: keep the raw file, parse, classify, attribute to
/// a constituent, deduplicate, store in batches, quarantine what is refused.
///
/// Each piece of the file is written in one transaction together with its quarantined
/// rows and the run's counters, while the next piece is parsed. A run that dies leaves
/// whole pieces behind; running the file again stores only what is missing, because
/// every event carries a deduplication key that the table keeps unique.
public struct IngestService: Sendable {
    public let blobs: BlobStore
    /// The registry events are attributed with, read once per run.
    public let table: @Sendable () -> ConstituencyTable
    /// Bytes read and parsed at a time.
    public var pieceSize: Int
    /// Problems kept in the summary (every problem is in quarantine).
    public var summaryProblems = 20

    /// A service attributing events with `directory`'s current table (none: no attribution).
    public init(blobs: BlobStore, directory: ConstituencyDirectory?, pieceSize: Int = 2 << 20) {
        self.init(blobs: blobs, table: { directory?.table ?? .empty }, pieceSize: pieceSize)
    }

    /// A service attributing events with the table `table` returns.
    public init(blobs: BlobStore, table: @escaping @Sendable () -> ConstituencyTable, pieceSize: Int = 2 << 20) {
        self.blobs = blobs
        self.table = table
        self.pieceSize = pieceSize
    }

    /// Ingests the file at `path` (named `fileName` in the run record) with `parser`.
    public func ingest(fileAt path: String, fileName: String, request: IngestRequest, parser: any FeedParser,
                       on db: any Database, now: Date = Date(),
                       progress: @Sendable (IngestProgress) -> Void = { _ in }) async throws -> IngestSummary {
        let clock = ContinuousClock.now
        let blob = try await blobs.put(fileAt: path, on: db, now: now)
        let run = try await startRun(request, fileName: fileName, blob: blob, on: db, now: now)
        let runID = run.id!
        let observed = Int64(blob.firstStored.timeIntervalSince1970.rounded(.down))
        let table = self.table()
        var parser = parser
        var source = try FeedFileReader(path: path, pieceSize: pieceSize)
        var pieces = FeedPieces(framing: parser.framing)
        var counts = Counts()
        var problems: [FeedProblem] = []
        var pending: Task<Void, any Error>? = nil

        func process(_ piece: [UInt8], _ firstLine: Int) async throws {
            var rows: [EventRow] = []
            var quarantine: [FeedProblem] = []
            parser.parse(piece, firstLine: firstLine) { outcome in
                switch outcome {
                case .event(var event, let line):
                    if let problem = FeedPipeline.classify(&event, line: line) {
                        quarantine.append(problem)
                        return
                    }
                    let attribution = table.attribute(ip: event.sourceIP, asn: event.sourceASN,
                                                      domain: event["source.fqdn"])
                    rows.append(EventRow(event: event, line: line, feedName: request.feedName, observed: observed,
                                         tlp: request.tlp.rawValue, attribution: attribution))
                case .problem(let p):
                    quarantine.append(p)
                }
            }
            counts.events += rows.count
            counts.quarantined += quarantine.count
            if problems.count < summaryProblems { problems += quarantine.prefix(summaryProblems - problems.count) }
            // One write in flight while the next piece is parsed.
            if let pending { try await pending.value }
            let snapshot = counts
            pending = Task { try await Self.write(rows, quarantine, counts: snapshot, run: runID, on: db) }
            progress(IngestProgress(bytesRead: source.read, totalBytes: blob.size, rows: counts.events + counts.quarantined,
                                    events: counts.events, quarantined: counts.quarantined,
                                    seconds: (ContinuousClock.now - clock).seconds))
        }

        do {
            while let chunk = try source.next() {
                if let (piece, line) = pieces.add(chunk) { try await process(piece, line) }
            }
            if let (piece, line) = pieces.finish() { try await process(piece, line) }
            var tail: [FeedProblem] = []
            parser.finish { if case .problem(let p) = $0 { tail.append(p) } }
            if let pending { try await pending.value }
            pending = nil
            if !tail.isEmpty {
                counts.quarantined += tail.count
                if problems.count < summaryProblems { problems += tail.prefix(summaryProblems - problems.count) }
                try await Self.write([], tail, counts: counts, run: runID, on: db)
            }
        } catch {
            if let pending { _ = try? await pending.value }
            run.status = "failed"
            run.error = String(describing: error)
            run.updatedAt = Date()
            try? await run.save(on: db)
            throw error
        }
        let stored = try await EventModel.query(on: db).filter(\.$runID == runID).count()
        run.rowsRead = Int64(counts.events + counts.quarantined)
        run.events = Int64(counts.events)
        run.quarantined = Int64(counts.quarantined)
        run.stored = Int64(stored)
        run.duplicates = Int64(counts.events - stored)
        run.status = "finished"
        run.updatedAt = Date()
        run.finishedAt = run.updatedAt
        try await run.save(on: db)
        return IngestSummary(runID: runID, fileName: fileName, sha256: blob.sha256, rows: counts.events + counts.quarantined,
                             events: counts.events, stored: stored, duplicates: counts.events - stored,
                             quarantined: counts.quarantined, seconds: (ContinuousClock.now - clock).seconds,
                             problems: problems)
    }

    /// Keeps a file that could not be read at all (an unknown report type, a mapping
    /// missing) with a failed run naming the reason, so it can be replayed once fixed.
    @discardableResult
    public func recordFailure(fileAt path: String, fileName: String, request: IngestRequest, reason: String,
                              on db: any Database, now: Date = Date()) async throws -> UUID {
        let blob = try await blobs.put(fileAt: path, on: db, now: now)
        let run = try await startRun(request, fileName: fileName, blob: blob, on: db, now: now)
        run.status = "failed"
        run.error = reason
        run.finishedAt = now
        try await run.save(on: db)
        return run.id!
    }

    struct Counts: Sendable {
        var events = 0
        var quarantined = 0
    }

    func startRun(_ request: IngestRequest, fileName: String, blob: (sha256: String, size: Int64, firstStored: Date),
                  on db: any Database, now: Date) async throws -> IngestRunModel {
        let run = IngestRunModel(feedID: request.feedID, feedName: request.feedName, format: request.format,
                                 report: request.report, fileName: String(fileName.prefix(255)), blobSHA256: blob.sha256,
                                 size: blob.size, tlp: request.tlp.rawValue, actor: request.actor,
                                 replayOf: request.replayOf, now: now)
        run.mapping = request.mapping
        try await run.create(on: db)
        return run
    }

    /// One transaction: the events, the quarantined rows and the run's counters.
    static func write(_ rows: [EventRow], _ quarantine: [FeedProblem], counts: Counts, run: UUID,
                      on pool: any Database) async throws {
        try await pool.withConnection { connection in
            try await tune(connection)
            try await transaction(rows, quarantine, counts: counts, run: run, on: connection)
        }
    }

    /// SQLite settings are per connection, and the pool may hand out one that has not
    /// been set up: before each batch, on the connection that writes it, commits sync
    /// the WAL only at checkpoints, and the page cache holds the dedup index's hot pages
    /// (48 MB; the default 2 MB thrashes once the table has a few hundred thousand rows).
    static func tune(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
        try await sql.raw("PRAGMA cache_size=-49152").run()
    }

    static func transaction(_ rows: [EventRow], _ quarantine: [FeedProblem], counts: Counts, run: UUID,
                            on db: any Database) async throws {
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw IngestFailure.notSQL }
            if !rows.isEmpty { try await EventWriter.insert(rows[...], run: run, on: sql) }
            if !quarantine.isEmpty {
                let now = Date()
                var start = 0
                while start < quarantine.count {
                    let end = min(quarantine.count, start + 500)
                    var insert = sql.insert(into: QuarantinedRowModel.schema)
                        .columns("id", "run_id", "line", "reason_key", "detail", "raw", "created_at")
                    for p in quarantine[start..<end] {
                        func clean(_ s: String, _ n: Int) -> String {
                            // PostgreSQL refuses NUL in text.
                            String(s.prefix(n)).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
                        }
                        insert = insert.values(SQLBind(UUID()), SQLBind(run), SQLBind(Int64(p.line)), SQLBind(p.key),
                                               SQLBind(clean(p.detail, 2000)), SQLBind(clean(p.raw, 65_536)),
                                               SQLBind(now))
                    }
                    try await insert.run()
                    start = end
                }
            }
            try await sql.update(IngestRunModel.schema)
                .set("rows_read", to: SQLBind(Int64(counts.events + counts.quarantined)))
                .set("events", to: SQLBind(Int64(counts.events)))
                .set("quarantined", to: SQLBind(Int64(counts.quarantined)))
                .set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(run))
                .run()
        }
    }
}

/// Why ingestion stopped.
public enum IngestFailure: Error, CustomStringConvertible {
    case notSQL

    public var description: String {
        switch self {
        case .notSQL: return "the database does not speak SQL"
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The steps between parsing and storing that do not touch the database.
enum FeedPipeline {
    /// Checks and completes the classification (RSIT, IntelMQ's own types mapped);
    /// returns a problem when the type is unknown.
    static func classify(_ event: inout FeedEvent, line: Int) -> FeedProblem? {
        do {
            try FeedClassifier.classify(&event)
            return nil
        } catch {
            let raw = EventRow.json(event.fields)
            return FeedProblem(line: line, key: error.key, detail: error.detail, raw: raw)
        }
    }
}
