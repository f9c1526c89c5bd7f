import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// Feeds (administrators configure them), ingest runs (upload, quarantine, replay, the
/// kept file) and the events explorer (filters, counts, promotion into an incident).
struct FeedController {
    func register(_ console: any RoutesBuilder, uploadLimit: ByteCount) {
        console.get("feeds", use: feeds)
        console.get("feeds", "new", use: newFeed)
        console.post("feeds", "new", use: createFeed)
        console.get("feeds", ":id", use: editFeed)
        console.post("feeds", ":id", use: updateFeed)
        console.post("feeds", ":id", ":action", use: feedAction)
        console.get("runs", use: runs)
        console.get("runs", ":id", use: run)
        console.get("runs", ":id", "file", use: runFile)
        console.post("runs", ":id", ":action", use: runAction)
        console.grouped(PermissionMiddleware(permission: .ingestEvents))
            .on(.POST, "ingest", body: .collect(maxSize: uploadLimit), use: upload)
        console.get("events", use: events)
        console.get("events", ":id", use: event)
        console.on(.POST, "events", "promote", body: .collect(maxSize: "2mb"), use: promote)
    }

    static var formats: [String] { FeedFormat.allCases.map(\.rawValue) }

    func uuid(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return id
    }

    // MARK: Feeds

    func feeds(_ req: Request) async throws -> Response {
        let l = try req.language()
        let all = try await req.qalxan.feeds.all(actor: req.actor, on: req.db)
        let latest = try await IngestRunQuery().latest(feeds: all.map(\.name), on: req.db)
        // Feed URLs can carry an access key: only those who manage feeds see them.
        let manage = req.actor.can(.manageFeeds)
        let items = all.map { Self.feedItem($0, lastRun: latest[$0.name].map(Self.runItem), showSource: manage) }
        return Render.page(ConsolePages.feeds(FeedListModel(feeds: items, canManage: req.actor.can(.manageFeeds)), req.pageContext(l)))
    }

    static func feedItem(_ f: FeedModel, lastRun: RunItem?, showSource: Bool = true) -> FeedItem {
        FeedItem(id: f.id!, name: f.name, provider: f.provider, format: f.format, report: f.report,
                 url: showSource ? f.url : nil, directory: showSource ? f.directory : nil, scheduleMinutes: f.scheduleMinutes, tlp: TLP(rawValue: f.tlp) ?? .amber,
                 enabled: f.enabled, lastFetchAt: f.lastFetchAt, lastError: f.lastError, lastRun: lastRun)
    }

    func settings(_ form: FormData) -> FeedInput {
        FeedInput(name: form.value("name"), provider: form.value("provider"), format: form.value("format"),
                  report: form.value("report"), url: form.value("url"), directory: form.value("directory"),
                  scheduleMinutes: form.value("schedule_minutes"), tlp: form.value("tlp"),
                  enabled: !form.value("enabled").isEmpty, mapping: form.value("mapping"))
    }

    func newFeed(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageFeeds)
        let v = FeedInput(provider: "Shadowserver", format: FeedFormat.shadowserver.rawValue)
        return Render.page(ConsolePages.feedForm(FeedFormModel(id: nil, values: v, formats: Self.formats), req.pageContext(l)))
    }

    func saveFeed(_ req: Request, id: UUID?, form given: FormData? = nil) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageFeeds)
        let form = try given ?? FormData.read(req)
        if given == nil { try req.verifyCSRF(form) }
        let v = settings(form)
        do {
            let feed = try await req.qalxan.feeds.save(v, id: id, actor: req.actor, on: req.db)
            return Render.redirect(Paths.feed(l, id: feed.id!.uuidString) + (id == nil ? "?m=feed_created" : "?m=saved"))
        } catch ServiceError.invalid(let errors) {
            let localised = errors.mapValues { req.pageContext(l).l.t($0) }
            let model = FeedFormModel(id: id, values: v, formats: Self.formats, errors: localised)
            return Render.page(ConsolePages.feedForm(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    func createFeed(_ req: Request) async throws -> Response { try await saveFeed(req, id: nil) }
    func updateFeed(_ req: Request) async throws -> Response { try await saveFeed(req, id: try uuid(req)) }

    func editFeed(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageFeeds)
        guard let feed = try await FeedModel.find(try uuid(req), on: req.db) else { throw ServiceError.notFound }
        let latest = try await IngestRunQuery().latest(feeds: [feed.name], on: req.db)
        let model = FeedFormModel(id: feed.id, values: FeedService.input(feed), formats: Self.formats,
                                  status: Self.feedItem(feed, lastRun: latest[feed.name].map(Self.runItem)))
        return Render.page(ConsolePages.feedForm(model, req.pageContext(l)))
    }

    func feedAction(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageFeeds)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let id = try uuid(req)
        switch req.parameters.get("action") {
        case "update":
            return try await saveFeed(req, id: id, form: form)
        case "delete":
            guard form.value("confirm") == "1" else {
                guard let feed = try await FeedModel.find(id, on: req.db) else { throw ServiceError.notFound }
                let ctx = req.pageContext(l)
                let model = FeedFormModel(id: id, values: FeedService.input(feed), formats: Self.formats,
                                          errors: ["confirm": ctx.l.t("error.feed.confirm")])
                return Render.page(ConsolePages.feedForm(model, ctx), status: .unprocessableEntity)
            }
            try await req.qalxan.feeds.delete(id, actor: req.actor, on: req.db)
            return Render.redirect(Paths.feeds(l) + "?m=feed_deleted")
        case "fetch":
            guard let feed = try await FeedModel.find(id, on: req.db) else { throw ServiceError.notFound }
            // Fetched in the background: a large download must not hold the request.
            let app = req.application, label = req.actor.label
            Task { _ = await FeedScheduler.fetch(feed, app: app, actor: label) }
            return Render.redirect(Paths.feeds(l) + "?m=feed_fetch_started")
        default:
            throw ServiceError.notFound
        }
    }

    // MARK: Runs

    static func runItem(_ r: IngestRunModel) -> RunItem {
        RunItem(id: r.id!, feedName: r.feedName, fileName: r.fileName, format: r.format, report: r.report,
                status: RunStatus.of(r), rows: Int(r.rowsRead), events: Int(r.events), stored: Int(r.stored),
                duplicates: Int(r.duplicates), quarantined: Int(r.quarantined), startedAt: r.startedAt,
                finishedAt: r.finishedAt, error: r.error, actor: r.actor, replayOf: r.replayOf, size: r.size,
                tlp: TLP(rawValue: r.tlp))
    }

    func runListModel(_ req: Request, upload: RunUploadInput = RunUploadInput(), errors: [String: String] = [:]) async throws
        -> RunListModel
    {
        let q = Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a })
        let page = max(1, min(100_000, Int(q["page"] ?? "") ?? 1))
        let feed = q["feed"].map { TextInput.field($0) }
        let (runs, hasNext) = try await IngestRunQuery().list(feed: feed, page: page, actor: req.actor, on: req.db)
        let feeds = try await req.qalxan.feeds.all(actor: req.actor, on: req.db).map(\.name)
        return RunListModel(runs: runs.map(Self.runItem), page: page, hasNext: hasNext, feedFilter: feed, feeds: feeds,
                            formats: Self.formats, canIngest: req.actor.can(.ingestEvents), upload: upload, errors: errors)
    }

    func runs(_ req: Request) async throws -> Response {
        let l = try req.language()
        return Render.page(ConsolePages.runs(try await runListModel(req), req.pageContext(l)))
    }

    func run(_ req: Request) async throws -> Response {
        let l = try req.language()
        let page = max(1, min(100_000, Int(req.queryPairs.first { $0.0 == "page" }?.1 ?? "") ?? 1))
        let (run, rows, hasNext) = try await IngestRunQuery().run(try uuid(req), page: page, actor: req.actor, on: req.db)
        let kept = req.qalxan.blobs.url(for: run.blobSHA256).map { FileManager.default.fileExists(atPath: $0.path) } ?? false
        let model = RunPageModel(run: Self.runItem(run),
                                 quarantine: rows.map { QuarantineItem(line: Int($0.line), reasonKey: $0.reasonKey, detail: $0.detail, raw: $0.raw) },
                                 quarantinePage: page, hasNextQuarantine: hasNext, canIngest: req.actor.can(.ingestEvents), fileKept: kept)
        return Render.page(ConsolePages.run(model, req.pageContext(l)))
    }

    func runFile(_ req: Request) async throws -> Response {
        let (run, _, _) = try await IngestRunQuery().run(try uuid(req), page: 1, perPage: 1, actor: req.actor, on: req.db)
        // A RED file only for those who may see restricted data.
        if run.tlp == TLP.red.rawValue { try req.actor.require(.viewRestricted) }
        guard let url = req.qalxan.blobs.url(for: run.blobSHA256), FileManager.default.fileExists(atPath: url.path) else {
            throw ServiceError.notFound
        }
        let response = try await req.fileio.asyncStreamFile(at: url.path)
        response.headers.contentType = .binary
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"\(TextInput.fileName(run.fileName).replacingOccurrences(of: "\"", with: ""))\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    func runAction(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        guard req.parameters.get("action") == "replay" else { throw ServiceError.notFound }
        let s = try await req.qalxan.ingest.replay(try uuid(req), feeds: req.qalxan.feeds, actor: req.actor, on: req.db)
        return Render.redirect(Paths.run(l, id: s.runID.uuidString) + "?m=run_replay_started")
    }

    func upload(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.ingestEvents)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let input = RunUploadInput(feed: form.value("feed"), format: form.value("format"), report: form.value("report"),
                                   tlp: form.value("tlp"))
        let ctx = req.pageContext(l)
        func refuse(_ errors: [String: String]) async throws -> Response {
            Render.page(ConsolePages.runs(try await runListModel(req, upload: input, errors: errors), ctx), status: .unprocessableEntity)
        }
        guard let file = form.files("file").first(where: { !$0.data.isEmpty }) else {
            return try await refuse(["file": ctx.l.t("error.import.no_file")])
        }
        var format: FeedFormat? = nil
        if !input.format.isEmpty {
            guard let f = FeedFormat(rawValue: input.format) else { return try await refuse(["format": ctx.l.t("error.choice")]) }
            format = f
        }
        let tlp = TLP(rawValue: input.tlp) ?? TLP(parsing: input.tlp)
        let name = TextInput.fileName(file.fileName)
        let feedName = TextInput.field(input.feed).isEmpty ? nil : String(TextInput.field(input.feed).prefix(100))
        let feed = try await feedName.asyncMap { try await req.qalxan.feeds.feed(named: $0, on: req.db) } ?? nil
        let path = try req.qalxan.settings.incomingPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = [UInt8](file.data)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let plan: FeedPlan
        do throws(FeedPlanError) {
            plan = try req.qalxan.feeds.plan(fileName: name, firstBytes: Array(bytes.prefix(4096)), format: format,
                                             report: input.report.isEmpty ? nil : input.report, mapping: nil, feed: feed,
                                             feedName: feedName, tlp: tlp, actor: req.actor.label)
        } catch {
            let request = IngestRequest(feedName: feedName ?? "upload", feedID: feed?.id, format: format?.rawValue ?? "unknown",
                                        report: input.report.isEmpty ? nil : input.report, tlp: tlp ?? .amber, actor: req.actor.label)
            try await req.qalxan.ingest.recordFailure(fileAt: path, fileName: name, request: request, reason: error.description, on: req.db)
            return try await refuse(["file": ctx.l.t(error.key, error.values)])
        }
        let s = try await req.qalxan.ingest.ingest(fileAt: path, fileName: name, request: plan.request, parser: plan.parser, on: req.db)
        return Render.redirect(Paths.run(l, id: s.runID.uuidString) + "?m=file_ingested")
    }

    // MARK: Events

    func events(_ req: Request) async throws -> Response {
        let l = try req.language()
        let ctx = req.pageContext(l)
        var filter = EventFilter(query: Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a }))
        var errors: [String: String] = [:]
        let search = filter.search(errors: &errors)
        let table = req.qalxan.directory.table
        if let id = UUID(uuidString: filter.organisation) { filter.organisationName = table.organisation(id)?.name(l) ?? filter.organisation }
        var events: [EventModel] = [], hasNext = false, total: Int? = nil
        var byType: [EventCount] = [], byOrganisation: [EventCount] = []
        if errors.isEmpty {
            do {
                (events, hasNext) = try await req.qalxan.events.list(search, actor: req.actor, on: req.db)
                total = try await req.qalxan.events.count(search, actor: req.actor, on: req.db)
                byType = try await req.qalxan.events.countsByType(search, actor: req.actor, on: req.db).map { t in
                    EventCount(key: t.type, label: Self.typeLabel(t.type, ctx.l), count: t.count,
                               query: filter.queryItems(setting: "type", to: t.type))
                }
                byOrganisation = try await req.qalxan.events.countsByOrganisation(search, actor: req.actor, on: req.db).map { o in
                    let id = o.organisation?.uuidString ?? ""
                    let name = o.organisation.flatMap { table.organisation($0)?.name(l) } ?? ctx.l.t("events.no_organisation")
                    return EventCount(key: id, label: name, count: o.count,
                                      query: o.organisation == nil ? filter.queryItems : filter.queryItems(setting: "organisation", to: id))
                }
            } catch ServiceError.invalid(let e) {
                errors = e
            }
        }
        let feeds = try await req.qalxan.feeds.all(actor: req.actor, on: req.db).map(\.name)
        let model = EventListModel(filter: filter, events: events.map { Self.eventItem($0, table, l) }, total: total,
                                   byType: byType, byOrganisation: byOrganisation, feeds: feeds, page: filter.page,
                                   hasNext: hasNext, canPromote: req.actor.can(.editIncidents),
                                   errors: errors.mapValues { ctx.l.t($0) })
        return Render.page(ConsolePages.events(model, ctx), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func typeLabel(_ type: String, _ l: Localizer) -> String {
        guard !type.isEmpty else { return "—" }
        if let c = Taxonomy.classes.first(where: { $0.types.contains(type) }) {
            return l.t(Taxonomy.labelKey(class: c.key, type: type))
        }
        return type
    }

    static func eventItem(_ e: EventModel, _ table: ConstituencyTable, _ l: Language) -> EventItem {
        EventItem(id: e.id!, timeSource: e.timeSource.map { Date(timeIntervalSince1970: Double($0)) }, feedName: e.feedName,
                  taxonomy: e.classificationTaxonomy, type: e.classificationType, identifier: e.classificationIdentifier,
                  sourceIP: e.sourceIP, sourcePort: e.sourcePort, sourceASN: e.sourceASN, sourceFQDN: e.sourceFQDN,
                  sourceURL: e.sourceURL, organisationID: e.organisationID?.uuidString,
                  organisationName: e.organisationID.flatMap { table.organisation($0)?.name(l) }, tlp: TLP(rawValue: e.tlp) ?? .amber)
    }

    func event(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("id").flatMap({ Int64($0) }) else { throw ServiceError.notFound }
        let e = try await req.qalxan.events.event(id, actor: req.actor, on: req.db)
        let fields = EventRow.fields(fromJSON: e.fields).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let model = EventPageModel(event: Self.eventItem(e, req.qalxan.directory.table, l), fields: fields, runID: e.runID,
                                   line: Int(e.line), canPromote: req.actor.can(.editIncidents))
        return Render.page(ConsolePages.event(model, req.pageContext(l)))
    }

    func promote(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editIncidents)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let ids = form.all("event").compactMap { Int64($0) }
        guard !ids.isEmpty else { return Render.redirect(Paths.events(l) + "?m=no_events_selected") }
        let incident = try await EventPromotion.promote(ids.prefix(1000).map { $0 }, title: form.value("title"), language: l,
                                                        incidents: req.qalxan.incidents, events: req.qalxan.events,
                                                        table: req.qalxan.directory.table, actor: req.actor, on: req.db)
        return Render.redirect(Paths.incident(l, number: incident.number) + "?m=events_promoted")
    }
}
