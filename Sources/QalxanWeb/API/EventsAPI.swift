import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// `/api/v1/events`: bulk intake (JSON lines, streamed to disk, never collected in
/// memory), search, single events, and `/api/v1/ingest-runs/{id}`.
struct EventsAPI {
    func register(_ authed: any RoutesBuilder) {
        authed.on(.POST, "events", body: .stream, use: bulk)
        authed.get("events", use: list)
        authed.get("events", ":id", use: get)
        authed.get("ingest-runs", ":id", use: run)
    }

    /// Takes events as JSON lines (IntelMQ's format) or, with `?format=`, a file of any
    /// supported format. `?feed=` names the feed (default `api`), `?tlp=` labels them.
    func bulk(_ req: Request) async throws -> Response {
        try req.requireScope(.eventsWrite)
        try req.actor.require(.ingestEvents)
        let q = Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a })
        var format: FeedFormat = .intelmq
        if let f = q["format"] {
            guard let parsed = try? FeedFormat.named(f) else { throw ServiceError.invalid(["format": "error.choice"]) }
            format = parsed
        }
        var tlp: TLP? = nil
        if let t = q["tlp"] {
            guard let parsed = TLP(parsing: t) else { throw ServiceError.invalid(["tlp": "error.choice"]) }
            tlp = parsed
        }
        let feedName = TextInput.field(q["feed"] ?? "").isEmpty ? "api" : String(TextInput.field(q["feed"]).prefix(100))
        let fileName = String(TextInput.field(q["file_name"] ?? "").prefix(200)).nonEmpty ?? "\(feedName)-api.jsonl"
        let upload = try await StreamedUpload.save(req, limit: req.qalxan.settings.maxIngestBytes)
        defer { upload.remove() }
        let feed = try await req.qalxan.feeds.feed(named: feedName, on: req.db)
        let plan: FeedPlan
        do throws(FeedPlanError) {
            plan = try req.qalxan.feeds.plan(fileName: fileName, firstBytes: upload.head, format: format, report: q["report"],
                                             mapping: nil, feed: feed, feedName: feedName, tlp: tlp, actor: req.actor.label)
        } catch {
            throw ServiceError.invalid(["format": error.key])
        }
        let s = try await req.qalxan.ingest.ingest(fileAt: upload.path, fileName: fileName, request: plan.request,
                                                   parser: plan.parser, on: req.db)
        let l = Localizer(req.bestLanguage)
        return try JSONBody.response([
            "run_id": s.runID.uuidString.lowercased(), "sha256": s.sha256, "rows": s.rows, "events": s.events,
            "stored": s.stored, "duplicates": s.duplicates, "quarantined": s.quarantined,
            "problems": s.problems.map { ["line": $0.line, "reason": $0.key, "message": l.t($0.key), "detail": $0.detail] },
        ])
    }

    func search(_ req: Request) throws -> EventSearch {
        let q = Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a })
        // The API calls the address filter `network`.
        var filter = EventFilter(query: q)
        filter.ip = String(TextInput.field(q["network"]).trimmingCharacters(in: .whitespaces).prefix(200))
        var errors: [String: String] = [:]
        let s = filter.search(perPage: Int(q["per_page"] ?? "") ?? 100, wholeDays: false, errors: &errors)
        if let e = errors.removeValue(forKey: "ip") { errors["network"] = e }
        if !errors.isEmpty { throw ServiceError.invalid(errors) }
        return s
    }

    func list(_ req: Request) async throws -> Response {
        try req.requireScope(.eventsRead)
        let s = try search(req)
        let (events, hasNext) = try await req.qalxan.events.list(s, actor: req.actor, on: req.db)
        return try JSONBody.response(["items": events.map(Self.event), "page": s.page, "per_page": s.perPage, "has_next": hasNext])
    }

    func get(_ req: Request) async throws -> Response {
        try req.requireScope(.eventsRead)
        guard let id = req.parameters.get("id").flatMap({ Int64($0) }) else { throw ServiceError.notFound }
        return try JSONBody.response(Self.event(try await req.qalxan.events.event(id, actor: req.actor, on: req.db)))
    }

    func run(_ req: Request) async throws -> Response {
        try req.requireScope(.eventsRead)
        try req.actor.require(.viewEvents)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        let r = try await IngestRunQuery().run(id, page: 1, perPage: 1, actor: req.actor, on: req.db).run
        return try JSONBody.response([
            "id": r.id!.uuidString.lowercased(), "feed": r.feedName, "format": r.format, "report": r.report ?? NSNull(),
            "file_name": r.fileName, "sha256": r.blobSHA256, "size": r.size, "tlp": r.tlp, "status": RunStatus.of(r),
            "rows": r.rowsRead, "events": r.events, "stored": r.stored, "duplicates": r.duplicates,
            "quarantined": r.quarantined, "error": r.error ?? NSNull(), "started_at": DateText.iso(r.startedAt),
            "finished_at": JSONBody.date(r.finishedAt),
        ])
    }

    /// An event as the API shows it: its id, run, line, organisation and every field.
    static func event(_ e: EventModel) -> [String: Any] {
        [
            "id": e.id ?? 0, "run_id": e.runID.uuidString.lowercased(), "line": e.line,
            "organisation_id": e.organisationID?.uuidString.lowercased() ?? NSNull(), "tlp": e.tlp,
            "fields": EventRow.fields(fromJSON: e.fields),
        ]
    }
}

/// What a run's status means to a reader: a run still marked `running` that has not
/// written for ten minutes died with its process.
enum RunStatus {
    static func of(_ r: IngestRunModel, now: Date = Date()) -> String {
        if r.status == "running" && now.timeIntervalSince(r.updatedAt) > 600 { return "interrupted" }
        return r.status
    }
}

/// A request body written to a temporary file as it arrives.
struct StreamedUpload {
    let path: String
    /// The first bytes, for format detection.
    let head: [UInt8]

    static func save(_ req: Request, limit: Int) async throws -> StreamedUpload {
        let path = try req.qalxan.settings.incomingPath()
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw Abort(.internalServerError)
        }
        var written = 0
        var head: [UInt8] = []
        do {
            for try await var buffer in req.body {
                written += buffer.readableBytes
                if written > limit { throw PageError(status: .payloadTooLarge) }
                let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                if head.count < 4096 { head += bytes.prefix(4096 - head.count) }
                try out.write(contentsOf: bytes)
            }
            try out.close()
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return StreamedUpload(path: path, head: head)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
