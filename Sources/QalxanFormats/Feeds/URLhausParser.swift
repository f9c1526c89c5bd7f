import Foundation
import QalxanCore

/// Turns abuse.ch URLhaus CSV dumps (`csv_recent`, `csv_online`, the full dump) into
/// events: one malware-distribution URL a row.
///
/// The dumps start with `#` comments, one of which is the header
/// (`# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter`); the
/// header is read by name, so reordered or added columns are fine. Without a header the
/// published order is assumed: nine columns, or eight for the older dumps that lack
/// `last_online`.
///
/// Mapping: `dateadded` (UTC) → `time.source`; `url` → `source.url`, its host →
/// `source.ip` or `source.fqdn`, an explicit port → `source.port`; `urlhaus_link` →
/// `event_description.url`; `id`, `url_status`, `last_online`, `threat`, `tags`,
/// `reporter` → `extra.urlhaus_id`, `extra.url_status`, `extra.last_online`,
/// `extra.threat`, `extra.tags`, `extra.reporter`. Tags stay in `extra.tags` rather than
/// `malware.name`: they mix families with architectures and file types
/// (`32-bit,elf,mips,Mozi`). Classification: malicious-code / malware-distribution.
public struct URLhausParser: FeedParser {
    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.broken_quoting", "ingest.invalid_utf8", "ingest.column_count", "ingest.missing_field",
        "ingest.invalid_url", "ingest.invalid_time", "ingest.future_time", "ingest.empty_file",
    ]

    /// `time.source` later than this is refused.
    public let latestAllowed: Double
    let base: [String: String]
    var table = AbuseCHTable(
        names: ["id", "dateadded", "url", "url_status", "last_online", "threat", "tags", "urlhaus_link", "reporter"],
        aliases: ["date_added": "dateadded"],
        marker: ["dateadded", "urlhaus_link"],
        layouts: [
            ["id", "dateadded", "url", "url_status", "last_online", "threat", "tags", "urlhaus_link", "reporter"],
            ["id", "dateadded", "url", "url_status", "threat", "tags", "urlhaus_link", "reporter"],
        ])

    /// A parser; `feedURL` (where the dump was fetched) goes into `feed.url`, and times
    /// more than a day after `now` are problems.
    public init(feedURL: String? = nil, now: Date = Date()) {
        latestAllowed = now.timeIntervalSince1970 + 86_400
        var base: [String: String] = [
            "feed.provider": "abuse.ch",
            "feed.name": "URLhaus",
            "classification.taxonomy": "malicious-code",
            "classification.type": "malware-distribution",
        ]
        if let feedURL { base["feed.url"] = feedURL }
        base.reserveCapacity(base.count + 12)
        self.base = base
    }

    /// CSV records.
    public var framing: FeedFraming { .csv }

    /// Parses one piece, calling `body` once per data row, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        // The table is read into a local, so `event` can read the rest of `self`.
        var t = table
        t.read(CSVReader(piece, delimiter: .comma), firstLine: firstLine, feed: "URLhaus", body) { event($1, $0) }
        table = t
    }

    /// Reports a file with no content at all.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        table.finish(body)
    }

    func event(_ cells: [String], _ table: AbuseCHTable) -> Result<FeedEvent, FeedRowFailure> {
        func cell(_ n: Int) -> String? { table.cell(cells, n) }
        var f = base
        guard let added = cell(1) else { return .failure(FeedRowFailure("ingest.missing_field", "dateadded is missing or empty")) }
        switch FeedFields.sourceTime(added, label: "dateadded", latestAllowed: latestAllowed) {
        case .value(let t): f["time.source"] = t
        case .invalid(let key, let detail): return .failure(FeedRowFailure(key, detail))
        case .none: return .failure(FeedRowFailure("ingest.missing_field", "dateadded is empty"))
        }
        guard let urlText = cell(2) else { return .failure(FeedRowFailure("ingest.missing_field", "url is missing or empty")) }
        guard let url = FeedURL(urlText) else {
            return .failure(FeedRowFailure("ingest.invalid_url", "url = \"\(urlText)\" is not a URL with a scheme and a host"))
        }
        f["source.url"] = url.text
        if let ip = url.ip { f["source.ip"] = ip } else if let d = url.fqdn { f["source.fqdn"] = d }
        if let port = url.port { f["source.port"] = String(port) }
        if let v = cell(0) { f["extra.urlhaus_id"] = v }
        if let v = cell(3) { f["extra.url_status"] = v }
        if let v = cell(4) { f["extra.last_online"] = FeedTime.parse(v).map(FeedTime.format) ?? v }
        if let v = cell(5) { f["extra.threat"] = v }
        if let v = cell(6) { f["extra.tags"] = v }
        if let v = cell(7) { f["event_description.url"] = v }
        if let v = cell(8) { f["extra.reporter"] = v }
        return .success(FeedEvent(fields: f))
    }
}
