import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage

/// How one file is to be read: the format, the parser and what the run records.
public struct FeedPlan: Sendable {
    public var format: FeedFormat
    public var parser: any FeedParser
    public var request: IngestRequest
}

/// Why a file cannot be ingested at all, with the catalog key of the message.
public struct FeedPlanError: Error, Sendable, CustomStringConvertible {
    /// A catalog key (`ingest.error.*`).
    public var key: String
    /// Values for the message's placeholders.
    public var values: [String: String]
    /// The English text, for logs and the run record.
    public var description: String
}

/// Feeds: the configured ones (console), and how a file is read (format, parser,
/// Shadowserver schema).
public struct FeedService: Sendable {
    /// Where the Shadowserver report schema is read from.
    public let schemaPath: String

    public init(schemaPath: String) {
        self.schemaPath = schemaPath
    }

    /// The Shadowserver schema, read from `schemaPath` each time it is needed (it is
    /// small, and `feeds update-schema` can replace it while the server runs).
    public func schema() throws(FeedPlanError) -> ShadowserverSchema {
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            throw FeedPlanError(key: "ingest.error.no_schema", values: ["path": schemaPath],
                                description: "the Shadowserver report schema is not at \(schemaPath): run `qalxan feeds update-schema` or set QALXAN_SHADOWSERVER_SCHEMA")
        }
        do { return try ShadowserverSchema.load([UInt8](data)) } catch {
            throw FeedPlanError(key: "ingest.error.bad_schema", values: ["path": schemaPath, "reason": "\(error)"],
                                description: "the Shadowserver report schema at \(schemaPath) cannot be read: \(error)")
        }
    }

    /// Decides how to read `fileName`: the format given (else the feed's, else guessed
    /// from the name and first bytes), the Shadowserver report (given, the feed's, or
    /// detected from the name), the mapping of a generic CSV feed.
    public func plan(fileName: String, firstBytes: [UInt8], format: FeedFormat?, report: String?, mapping: String?,
                     feed: FeedModel?, feedName: String?, tlp: TLP?, actor: String, replayOf: UUID? = nil,
                     now: Date = Date()) throws(FeedPlanError) -> FeedPlan {
        let chosen = format ?? feed.flatMap { FeedFormat(rawValue: $0.format) } ?? FeedFormat.guess(fileName: fileName, firstBytes: firstBytes)
        guard let chosen else {
            throw FeedPlanError(key: "ingest.error.unknown_format", values: ["file": fileName],
                                description: "\(fileName): cannot tell the format; give --format")
        }
        let reportName = report ?? feed?.report
        let mappingText = mapping ?? feed?.mapping
        var parsedMapping: FeedMapping? = nil
        if chosen == .csv {
            guard let text = mappingText, !text.isEmpty else {
                throw FeedPlanError(key: "ingest.error.no_mapping", values: ["file": fileName],
                                    description: "\(fileName): a generic CSV feed needs a mapping")
            }
            do { parsedMapping = try FeedMapping.parse(text) } catch {
                throw FeedPlanError(key: "ingest.error.bad_mapping", values: ["file": fileName, "reason": "\(error)"],
                                    description: "\(fileName): the mapping cannot be read: \(error)")
            }
        }
        let schema: ShadowserverSchema? = chosen == .shadowserver ? try self.schema() : nil
        let parser: any FeedParser
        do {
            parser = try FeedFormat.parser(format: chosen, fileName: fileName, schema: schema, report: reportName,
                                           mapping: parsedMapping, now: now)
        } catch {
            throw FeedPlanError(key: error.key, values: error.values, description: error.description)
        }
        var resolvedReport = reportName
        if chosen == .shadowserver, let p = parser as? ShadowserverParser { resolvedReport = p.report.name }
        let name = feedName ?? feed?.name ?? (chosen == .shadowserver ? "shadowserver-\(resolvedReport ?? "report")" : chosen.rawValue)
        // A label chosen for one file may be stricter than the feed's, never weaker.
        let feedLabel = feed.flatMap { TLP(rawValue: $0.tlp) }
        let label = max(tlp ?? feedLabel ?? .amber, feedLabel ?? .clear)
        var request = IngestRequest(feedName: name, feedID: feed?.id, format: chosen.rawValue, report: resolvedReport,
                                    tlp: label, actor: actor, replayOf: replayOf)
        if chosen == .csv { request.mapping = mappingText }
        return FeedPlan(format: chosen, parser: parser, request: request)
    }

    /// The feed called `name`, if configured.
    public func feed(named name: String, on db: any Database) async throws -> FeedModel? {
        try await FeedModel.query(on: db).filter(\.$name == name).first()
    }
}

extension FeedService {
    /// Every configured feed, by name.
    public func all(actor: Actor, on db: any Database) async throws -> [FeedModel] {
        try actor.require(.viewEvents)
        return try await FeedModel.query(on: db).sort(\.$name).all()
    }

    /// Checks a feed's settings; field → catalog key of what is wrong.
    public func validate(_ v: FeedInput) -> [String: String] {
        var errors: [String: String] = [:]
        let name = TextInput.field(v.name)
        if name.isEmpty { errors["name"] = "error.required" } else if name.count > 100 { errors["name"] = "error.too_long" }
        if TextInput.field(v.provider).count > 100 { errors["provider"] = "error.too_long" }
        guard let format = FeedFormat(rawValue: v.format) else {
            errors["format"] = "error.choice"
            return errors
        }
        let url = TextInput.field(v.url), dir = TextInput.field(v.directory)
        if !url.isEmpty {
            let lower = url.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || URL(string: url)?.host == nil {
                errors["url"] = "error.feed.url"
            }
        }
        if !url.isEmpty && !dir.isEmpty { errors["directory"] = "error.feed.url_or_directory" }
        if !dir.isEmpty && !dir.hasPrefix("/") { errors["directory"] = "error.feed.directory" }
        guard let minutes = Int(v.scheduleMinutes.trimmingCharacters(in: .whitespaces)), (0...525_600).contains(minutes) else {
            errors["schedule_minutes"] = "error.feed.schedule"
            return errors
        }
        if minutes > 0 && url.isEmpty && dir.isEmpty { errors["schedule_minutes"] = "error.feed.source" }
        if TLP(rawValue: v.tlp) == nil && TLP(parsing: v.tlp) == nil { errors["tlp"] = "error.choice" }
        if format == .csv {
            if v.mapping.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors["mapping"] = "error.feed.mapping_required" }
            else if (try? FeedMapping.parse(v.mapping)) == nil { errors["mapping"] = "error.feed.mapping" }
        }
        if format == .shadowserver, !v.report.isEmpty, let schema = try? schema(), schema.report(named: v.report) == nil {
            errors["report"] = "error.feed.report"
        }
        return errors
    }

    /// Creates a feed, or changes the feed `id`.
    public func save(_ v: FeedInput, id: UUID?, actor: Actor, on db: any Database, now: Date = Date()) async throws -> FeedModel {
        try actor.require(.manageFeeds)
        var errors = validate(v)
        let name = TextInput.field(v.name)
        if errors["name"] == nil, let other = try await feed(named: name, on: db), other.id != id { errors["name"] = "error.feed.name_taken" }
        if !errors.isEmpty { throw ServiceError.invalid(errors) }
        let feed: FeedModel
        if let id {
            guard let f = try await FeedModel.find(id, on: db) else { throw ServiceError.notFound }
            feed = f
        } else {
            feed = FeedModel(name: name, provider: "", format: v.format, tlp: TLP.amber.rawValue, now: now)
        }
        func opt(_ s: String) -> String? { let t = TextInput.field(s); return t.isEmpty ? nil : t }
        feed.name = name
        feed.provider = TextInput.field(v.provider)
        feed.format = v.format
        feed.report = opt(v.report)
        feed.mapping = v.mapping.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : v.mapping
        if feed.url != opt(v.url) { feed.etag = nil }
        feed.url = opt(v.url)
        feed.directory = opt(v.directory)
        feed.scheduleMinutes = Int(v.scheduleMinutes.trimmingCharacters(in: .whitespaces)) ?? 0
        feed.tlp = (TLP(rawValue: v.tlp) ?? TLP(parsing: v.tlp) ?? .amber).rawValue
        feed.enabled = v.enabled
        feed.updatedAt = now
        try await db.transaction { db in
            try await feed.save(on: db)
            try await AuditLog.record(db, actor: actor, action: id == nil ? "feed.create" : "feed.update", entity: "feed",
                                      entityID: feed.id!.uuidString, detail: ["name": feed.name, "format": feed.format])
        }
        return feed
    }

    /// Deletes a feed; its runs and events stay (they keep the feed's name).
    public func delete(_ id: UUID, actor: Actor, on db: any Database) async throws {
        try actor.require(.manageFeeds)
        guard let feed = try await FeedModel.find(id, on: db) else { throw ServiceError.notFound }
        try await db.transaction { db in
            try await feed.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "feed.delete", entity: "feed", entityID: id.uuidString,
                                      detail: ["name": feed.name])
        }
    }

    /// The settings of a stored feed, as the form shows them.
    public static func input(_ f: FeedModel) -> FeedInput {
        FeedInput(name: f.name, provider: f.provider, format: f.format, report: f.report ?? "", url: f.url ?? "",
                  directory: f.directory ?? "", scheduleMinutes: String(f.scheduleMinutes), tlp: f.tlp, enabled: f.enabled,
                  mapping: f.mapping ?? "")
    }
}

/// Ingest runs and their quarantined rows, for the console and the API; replays.
public struct IngestRunQuery: Sendable {
    public init() {}

    /// One page of runs, newest first.
    public func list(feed: String?, page: Int, perPage: Int = 50, actor: Actor, on db: any Database) async throws
        -> (runs: [IngestRunModel], hasNext: Bool)
    {
        try actor.require(.viewEvents)
        var q = IngestRunModel.query(on: db)
        if !actor.can(.viewRestricted) { q = q.filter(\.$tlp != TLP.red.rawValue) }
        if let feed, !feed.isEmpty { q = q.filter(\.$feedName == feed) }
        let rows = try await q.sort(\.$startedAt, .descending).range(((page - 1) * perPage)..<(page * perPage + 1)).all()
        return (Array(rows.prefix(perPage)), rows.count > perPage)
    }

    /// One run and a page of its quarantined rows.
    public func run(_ id: UUID, page: Int, perPage: Int = 100, actor: Actor, on db: any Database) async throws
        -> (run: IngestRunModel, quarantine: [QuarantinedRowModel], hasNext: Bool)
    {
        try actor.require(.viewEvents)
        guard let run = try await IngestRunModel.find(id, on: db) else { throw ServiceError.notFound }
        // A RED run's file and refused rows are for those who may see restricted data.
        if run.tlp == TLP.red.rawValue && !actor.can(.viewRestricted) { throw ServiceError.notFound }
        let rows = try await QuarantinedRowModel.query(on: db).filter(\.$runID == id).sort(\.$line)
            .range(((page - 1) * perPage)..<(page * perPage + 1)).all()
        return (run, Array(rows.prefix(perPage)), rows.count > perPage)
    }

    /// The latest run of each feed name.
    public func latest(feeds: [String], on db: any Database) async throws -> [String: IngestRunModel] {
        var out: [String: IngestRunModel] = [:]
        for name in feeds {
            if let r = try await IngestRunModel.query(on: db).filter(\.$feedName == name).sort(\.$startedAt, .descending).first() {
                out[name] = r
            }
        }
        return out
    }
}

extension IngestService {
    /// Runs the file of run `id` through the pipeline again (after a parser fix, or a
    /// mapping corrected): a new run that points back to the old one; what was stored
    /// already is counted as duplicates.
    public func replay(_ id: UUID, feeds: FeedService, actor: Actor, on db: any Database) async throws -> IngestSummary {
        try actor.require(.ingestEvents)
        guard let old = try await IngestRunModel.find(id, on: db) else { throw ServiceError.notFound }
        guard let url = blobs.url(for: old.blobSHA256), FileManager.default.fileExists(atPath: url.path) else {
            throw ServiceError.conflict("error.run.file_gone")
        }
        let feed: FeedModel? = if let f = old.feedID { try await FeedModel.find(f, on: db) } else { nil }
        let head = FileHandle(forReadingAtPath: url.path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 4096) }
        let plan: FeedPlan
        do throws(FeedPlanError) {
            plan = try feeds.plan(fileName: old.fileName, firstBytes: [UInt8](head ?? Data()), format: FeedFormat(rawValue: old.format),
                                  report: old.report, mapping: old.mapping, feed: feed, feedName: old.feedName,
                                  tlp: TLP(rawValue: old.tlp), actor: actor.label, replayOf: id)
        } catch {
            throw ServiceError.conflict(error.key)
        }
        return try await ingest(fileAt: url.path, fileName: old.fileName, request: plan.request, parser: plan.parser, on: db)
    }
}

/// Turns selected events into one incident: the events listed in its description (their
/// addresses and domains then name the affected organisations), the most common type as
/// its classification, and the most restrictive TLP among them.
public enum EventPromotion {
    /// The incident's default title and its description are written in `language`, the
    /// language of the person promoting.
    public static func promote(_ ids: [Int64], title: String, language: Language, incidents: IncidentService,
                               events query: EventQuery, table: ConstituencyTable, actor: Actor,
                               on db: any Database) async throws -> IncidentModel {
        let l = Localizer(language)
        try actor.require(.editIncidents)
        let events = try await query.events(ids, actor: actor, on: db)
        guard !events.isEmpty else { throw ServiceError.notFound }
        var typeCounts: [String: Int] = [:]
        for e in events { if let t = e.classificationType { typeCounts[t, default: 0] += 1 } }
        let type = typeCounts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        let classification = type.flatMap { t in
            Taxonomy.classes.first { $0.types.contains(t) }.flatMap { Classification(className: $0.key, type: t) }
        }
        let tlp = events.compactMap { TLP(rawValue: $0.tlp) }.max() ?? .amber
        let feeds = Array(Set(events.map(\.feedName))).sorted()
        var text = l.t("promote.description", ["count": String(events.count), "feeds": feeds.joined(separator: ", ")]) + "\n\n"
        for e in events {
            let time = e.timeSource.map { FeedTime.format(Double($0)) } ?? "-"
            var parts = ["#\(e.id!)", time, e.feedName, e.classificationType ?? "-"]
            if let ip = e.sourceIP { parts.append(e.sourcePort.map { "\(ip) (\($0))" } ?? ip) }
            if let a = e.sourceASN { parts.append("AS\(a)") }
            if let d = e.sourceFQDN { parts.append(d) }
            if let u = e.sourceURL { parts.append(u) }
            if let o = e.organisationID, let ref = table.organisation(o) { parts.append(ref.name(language)) }
            text += "- " + parts.joined(separator: " | ") + "\n"
        }
        let typeLabel = classification.map { l.t(Taxonomy.labelKey(class: $0.className, type: type ?? "")) } ?? (type ?? "")
        let chosenTitle = TextInput.field(title).isEmpty
            ? l.t("promote.title", ["type": typeLabel, "count": String(events.count), "feed": feeds.first ?? ""]) : title
        return try await incidents.create(title: chosenTitle, description: text, classification: classification,
                                          severity: .medium, tlp: tlp, affectedSystems: "", actor: actor, on: db)
    }
}
