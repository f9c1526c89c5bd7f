import Foundation
import QalxanCore

// What the feed ingestion pages show: configured feeds, ingest runs with their
// quarantined rows, and the events explorer. The web layer fills these from services;
// `ConsolePages` turns them into HTML. Field names of the forms are listed beside each
// model: the web layer reads exactly these names.

// MARK: - Ingest runs

/// One ingestion of one file, with what came of it.
public struct RunItem: Sendable {
    public let id: UUID
    public let feedName: String
    public let fileName: String
    /// The format's name (`shadowserver`, `generic_csv`, …).
    public let format: String
    /// Shadowserver report type, when there is one.
    public let report: String?
    /// `running`, `finished`, `failed` or `interrupted` (a run that stopped updating
    /// while running: the process died). Other values are shown as they are.
    public let status: String
    /// Records read from the file.
    public let rows: Int
    /// Records that became events.
    public let events: Int
    /// Events stored as new.
    public let stored: Int
    /// Events already stored by an earlier run.
    public let duplicates: Int
    /// Records that could not be read and were kept in the quarantine.
    public let quarantined: Int
    public let startedAt: Date
    public let finishedAt: Date?
    /// Why the run failed (already readable text), if it did.
    public let error: String?
    /// Who started it: a user's e-mail, `cli`, or `feed:NAME` for scheduled fetches.
    public let actor: String
    /// The run this one replayed.
    public let replayOf: UUID?
    /// Size of the file in bytes, when known.
    public let size: Int64?
    /// The TLP its events got, when known.
    public let tlp: TLP?

    public init(id: UUID, feedName: String, fileName: String, format: String, report: String?, status: String, rows: Int,
                events: Int, stored: Int, duplicates: Int, quarantined: Int, startedAt: Date, finishedAt: Date?,
                error: String?, actor: String, replayOf: UUID?, size: Int64? = nil, tlp: TLP? = nil) {
        self.id = id
        self.feedName = feedName
        self.fileName = fileName
        self.format = format
        self.report = report
        self.status = status
        self.rows = rows
        self.events = events
        self.stored = stored
        self.duplicates = duplicates
        self.quarantined = quarantined
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.actor = actor
        self.replayOf = replayOf
        self.size = size
        self.tlp = tlp
    }
}

/// Values of the upload form on the run list, kept when a submission comes back refused.
public struct RunUploadInput: Sendable, Equatable {
    public var feed: String
    /// Empty: detect the format from the file.
    public var format: String
    /// Empty: detect the Shadowserver report type from the file name.
    public var report: String
    public var tlp: String

    public init(feed: String = "", format: String = "", report: String = "", tlp: String = TLP.amber.rawValue) {
        self.feed = feed
        self.format = format
        self.report = report
        self.tlp = tlp
    }
}

/// The ingest runs, newest first (GET `Paths.runs`, query: `feed`, `page`), with a form
/// to ingest a file when the user may (POST `Paths.ingestUpload`, multipart): file,
/// feed (name; a known one or a new one), format (empty: detect), report (empty:
/// detect from the file name), tlp, _csrf.
public struct RunListModel: Sendable {
    public let runs: [RunItem]
    public let page: Int
    public let hasNext: Bool
    /// Only the runs of this feed.
    public let feedFilter: String?
    /// Names of the configured feeds, offered in the upload form.
    public let feeds: [String]
    /// Format names, offered in the upload form.
    public let formats: [String]
    public let canIngest: Bool
    public let upload: RunUploadInput
    /// Field name → catalog key or localised message, from a refused upload.
    public let errors: [String: String]

    public init(runs: [RunItem], page: Int, hasNext: Bool, feedFilter: String? = nil, feeds: [String], formats: [String],
                canIngest: Bool, upload: RunUploadInput = RunUploadInput(), errors: [String: String] = [:]) {
        self.runs = runs
        self.page = page
        self.hasNext = hasNext
        self.feedFilter = feedFilter
        self.feeds = feeds
        self.formats = formats
        self.canIngest = canIngest
        self.upload = upload
        self.errors = errors
    }
}

/// A record of a run that did not become an event.
public struct QuarantineItem: Sendable {
    /// Line (record number) in the file.
    public let line: Int
    /// Catalog key of the reason (`ingest.invalid_port`, …).
    public let reasonKey: String
    /// What was wrong, naming the column and value.
    public let detail: String
    /// The record as it was in the file.
    public let raw: String

    public init(line: Int, reasonKey: String, detail: String, raw: String) {
        self.line = line
        self.reasonKey = reasonKey
        self.detail = detail
        self.raw = raw
    }
}

/// One run (GET `Paths.run`, query: `page` of the quarantine): its counts, its
/// quarantined rows, the kept file (GET `Paths.runFile`) and, for those who may ingest,
/// a replay (POST `Paths.runAction(id, "replay")`: _csrf).
public struct RunPageModel: Sendable {
    public let run: RunItem
    public let quarantine: [QuarantineItem]
    public let quarantinePage: Int
    public let hasNextQuarantine: Bool
    public let canIngest: Bool
    /// Whether the raw file is still kept (then it can be downloaded and replayed).
    public let fileKept: Bool

    public init(run: RunItem, quarantine: [QuarantineItem], quarantinePage: Int = 1, hasNextQuarantine: Bool = false,
                canIngest: Bool, fileKept: Bool = true) {
        self.run = run
        self.quarantine = quarantine
        self.quarantinePage = quarantinePage
        self.hasNextQuarantine = hasNextQuarantine
        self.canIngest = canIngest
        self.fileKept = fileKept
    }
}

// MARK: - Feeds

/// A configured feed as the list shows it.
public struct FeedItem: Sendable {
    public let id: UUID
    public let name: String
    public let provider: String
    public let format: String
    /// Shadowserver report type; nil: detected from each file's name.
    public let report: String?
    public let url: String?
    public let directory: String?
    /// Minutes between fetches; 0: only by hand.
    public let scheduleMinutes: Int
    public let tlp: TLP
    public let enabled: Bool
    public let lastFetchAt: Date?
    /// Why the last fetch failed (readable text), if it did.
    public let lastError: String?
    public let lastRun: RunItem?

    public init(id: UUID, name: String, provider: String, format: String, report: String?, url: String?, directory: String?,
                scheduleMinutes: Int, tlp: TLP, enabled: Bool, lastFetchAt: Date?, lastError: String?, lastRun: RunItem?) {
        self.id = id
        self.name = name
        self.provider = provider
        self.format = format
        self.report = report
        self.url = url
        self.directory = directory
        self.scheduleMinutes = scheduleMinutes
        self.tlp = tlp
        self.enabled = enabled
        self.lastFetchAt = lastFetchAt
        self.lastError = lastError
        self.lastRun = lastRun
    }
}

/// The feeds (GET `Paths.feeds`). Administrators fetch one at once: POST
/// `Paths.feedAction(id, "fetch")`: _csrf.
public struct FeedListModel: Sendable {
    public let feeds: [FeedItem]
    public let canManage: Bool

    public init(feeds: [FeedItem], canManage: Bool) {
        self.feeds = feeds
        self.canManage = canManage
    }
}

/// The form that creates (POST `Paths.newFeed`) or edits (POST
/// `Paths.feedAction(id, "update")`) a feed. Fields: name, provider, format, report, url,
/// directory, schedule_minutes, tlp, enabled (`1` when checked), mapping, _csrf.
/// Editing also offers fetch (POST `Paths.feedAction(id, "fetch")`: _csrf) and delete
/// (POST `Paths.feedAction(id, "delete")`: confirm (`1`, required), _csrf).
public struct FeedFormModel: Sendable {
    /// Nil when creating.
    public let id: UUID?
    public let values: FeedInput
    /// Format names to choose from.
    public let formats: [String]
    /// Field name → catalog key or already localised message.
    public let errors: [String: String]
    /// The feed as stored (last fetch, last error, last run), when editing.
    public let status: FeedItem?

    public init(id: UUID?, values: FeedInput, formats: [String], errors: [String: String] = [:], status: FeedItem? = nil) {
        self.id = id
        self.values = values
        self.formats = formats
        self.errors = errors
        self.status = status
    }

    public var isNew: Bool { id == nil }
}

// MARK: - Events

/// Filters of the events explorer (GET `Paths.events`): `from`, `to` (dates as typed,
/// `YYYY-MM-DD` or with a time, UTC), `feed` (name), `type` (RSIT `class/type`, a class
/// or a bare type), `organisation` (id), `ip` (address or prefix), `asn`, `page`.
public struct EventFilter: Sendable, Equatable {
    public var from: String
    public var to: String
    public var feed: String
    public var type: String
    /// Organisation id, as in `Paths.organisation`.
    public var organisation: String
    /// The organisation's name, for display; the id alone is not readable.
    public var organisationName: String
    public var ip: String
    public var asn: String
    public var page: Int

    public init(from: String = "", to: String = "", feed: String = "", type: String = "", organisation: String = "",
                organisationName: String = "", ip: String = "", asn: String = "", page: Int = 1) {
        self.from = from
        self.to = to
        self.feed = feed
        self.type = type
        self.organisation = organisation
        self.organisationName = organisationName
        self.ip = ip
        self.asn = asn
        self.page = page
    }

    /// Reads the filter from query parameters (trimmed, at most 200 characters each);
    /// `organisationName` is left for the caller to fill in.
    public init(query: [String: String]) {
        func text(_ name: String) -> String {
            String(TextInput.field(query[name]).trimmingCharacters(in: .whitespaces).prefix(200))
        }
        self.init(from: text("from"), to: text("to"), feed: text("feed"), type: text("type"),
                  organisation: text("organisation"), ip: text("ip"), asn: text("asn"),
                  page: max(1, min(100_000, Int(query["page"] ?? "") ?? 1)))
    }

    /// The filter as query parameters (without the page), for links.
    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if !from.isEmpty { q.append(("from", from)) }
        if !to.isEmpty { q.append(("to", to)) }
        if !feed.isEmpty { q.append(("feed", feed)) }
        if !type.isEmpty { q.append(("type", type)) }
        if !organisation.isEmpty { q.append(("organisation", organisation)) }
        if !ip.isEmpty { q.append(("ip", ip)) }
        if !asn.isEmpty { q.append(("asn", asn)) }
        return q
    }

    /// The filter with `page` (left out for page 1).
    public func queryItems(page: Int) -> [(String, String)] {
        queryItems + (page > 1 ? [("page", String(page))] : [])
    }

    /// The filter with one parameter set to `value` (removed when empty), from page 1:
    /// the link of a row of the counts (`type`, `organisation`).
    public func queryItems(setting name: String, to value: String) -> [(String, String)] {
        var q = queryItems.filter { $0.0 != name }
        if !value.isEmpty { q.append((name, value)) }
        return q
    }
}

/// One feed event as the explorer lists it.
public struct EventItem: Sendable {
    public let id: Int64
    public let timeSource: Date?
    public let feedName: String
    /// RSIT class (`classification.taxonomy`).
    public let taxonomy: String?
    /// RSIT type (`classification.type`).
    public let type: String?
    /// `classification.identifier` (what the feed calls it, e.g. `open-rdp`).
    public let identifier: String?
    public let sourceIP: String?
    public let sourcePort: Int?
    public let sourceASN: Int64?
    public let sourceFQDN: String?
    /// Shown as text, never as a link: it is often the malicious address itself.
    public let sourceURL: String?
    public let organisationID: String?
    public let organisationName: String?
    public let tlp: TLP

    public init(id: Int64, timeSource: Date?, feedName: String, taxonomy: String?, type: String?, identifier: String?,
                sourceIP: String?, sourcePort: Int?, sourceASN: Int64?, sourceFQDN: String?, sourceURL: String?,
                organisationID: String?, organisationName: String?, tlp: TLP) {
        self.id = id
        self.timeSource = timeSource
        self.feedName = feedName
        self.taxonomy = taxonomy
        self.type = type
        self.identifier = identifier
        self.sourceIP = sourceIP
        self.sourcePort = sourcePort
        self.sourceASN = sourceASN
        self.sourceFQDN = sourceFQDN
        self.sourceURL = sourceURL
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.tlp = tlp
    }
}

/// One row of the counts beside the explorer: how many events of the filter have one
/// type or belong to one organisation, with the link that narrows the filter to them.
public struct EventCount: Sendable {
    /// `class/type` for types, the organisation id for organisations (empty: none).
    public let key: String
    /// Text shown: the organisation's name. For types, the RSIT label of `key` is shown
    /// when `key` is RSIT, and this text otherwise.
    public let label: String
    public let count: Int
    /// Query of the link (see `EventFilter.queryItems(setting:to:)`).
    public let query: [(String, String)]

    public init(key: String, label: String, count: Int, query: [(String, String)]) {
        self.key = key
        self.label = label
        self.count = count
        self.query = query
    }
}

/// The events explorer (GET `Paths.events`, query as read by `EventFilter(query:)`).
/// Events are chosen with checkboxes and promoted into one incident: POST
/// `Paths.promoteEvents`: event (repeated, event ids), title, _csrf.
public struct EventListModel: Sendable {
    public let filter: EventFilter
    public let events: [EventItem]
    /// Events matching the filter; nil when not counted (too many to count quickly).
    public let total: Int?
    public let byType: [EventCount]
    public let byOrganisation: [EventCount]
    /// Feed names for the filter.
    public let feeds: [String]
    public let page: Int
    public let hasNext: Bool
    public let canPromote: Bool
    /// Field name → catalog key or localised message (a date that could not be read).
    public let errors: [String: String]

    public init(filter: EventFilter, events: [EventItem], total: Int?, byType: [EventCount], byOrganisation: [EventCount],
                feeds: [String], page: Int, hasNext: Bool, canPromote: Bool, errors: [String: String] = [:]) {
        self.filter = filter
        self.events = events
        self.total = total
        self.byType = byType
        self.byOrganisation = byOrganisation
        self.feeds = feeds
        self.page = page
        self.hasNext = hasNext
        self.canPromote = canPromote
        self.errors = errors
    }
}

/// One event (GET `Paths.event`): every harmonisation field, where it came from, and
/// for those who may, a promotion into an incident (the form of the explorer with this
/// one event).
public struct EventPageModel: Sendable {
    public let event: EventItem
    /// Every field (`source.ip`, …) and its value, sorted by name.
    public let fields: [(name: String, value: String)]
    public let runID: UUID
    /// Line (record number) in the run's file.
    public let line: Int
    public let canPromote: Bool

    public init(event: EventItem, fields: [(name: String, value: String)], runID: UUID, line: Int, canPromote: Bool = false) {
        self.event = event
        self.fields = fields
        self.runID = runID
        self.line = line
        self.canPromote = canPromote
    }
}
