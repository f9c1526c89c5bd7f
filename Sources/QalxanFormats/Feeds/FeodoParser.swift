import Foundation
import QalxanCore

/// Turns the abuse.ch Feodo Tracker botnet C2 IP blocklist (`ipblocklist.csv`) into
/// events: one command-and-control server a row.
///
/// The file has `#` comments and the header
/// `"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"`, commented
/// out or not; the older header `Firstseen,DstIP,DstPort,LastOnline,Malware` is read too.
/// Without a header the published order is assumed (six columns, or the older five).
///
/// Mapping, as IntelMQ's Feodo parser does: `dst_ip` → `source.ip` (the C2 server is
/// the observed party), `dst_port` → `source.port`, `first_seen_utc` → `time.source`,
/// `malware` lower-cased → `malware.name`, `c2_status` → `extra.c2_status`,
/// `last_online` → `extra.last_online` (a date, kept as the feed writes it).
/// Classification: malicious-code / c2-server.
public struct FeodoParser: FeedParser {
    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.broken_quoting", "ingest.invalid_utf8", "ingest.column_count", "ingest.missing_field",
        "ingest.invalid_ip", "ingest.invalid_port", "ingest.invalid_time", "ingest.future_time", "ingest.empty_file",
    ]

    /// `time.source` later than this is refused.
    public let latestAllowed: Double
    let base: [String: String]
    var table = AbuseCHTable(
        names: ["first_seen_utc", "dst_ip", "dst_port", "c2_status", "last_online", "malware"],
        aliases: ["firstseen": "first_seen_utc", "first_seen": "first_seen_utc", "dstip": "dst_ip",
                  "dstport": "dst_port", "lastonline": "last_online"],
        marker: ["dst_ip"],
        layouts: [
            ["first_seen_utc", "dst_ip", "dst_port", "c2_status", "last_online", "malware"],
            ["first_seen_utc", "dst_ip", "dst_port", "last_online", "malware"],
        ])

    /// A parser; `feedURL` goes into `feed.url`, and times more than a day after `now`
    /// are problems.
    public init(feedURL: String? = nil, now: Date = Date()) {
        latestAllowed = now.timeIntervalSince1970 + 86_400
        var base: [String: String] = [
            "feed.provider": "abuse.ch",
            "feed.name": "Feodo Tracker",
            "classification.taxonomy": "malicious-code",
            "classification.type": "c2-server",
        ]
        if let feedURL { base["feed.url"] = feedURL }
        base.reserveCapacity(base.count + 8)
        self.base = base
    }

    /// CSV records.
    public var framing: FeedFraming { .csv }

    /// Parses one piece, calling `body` once per data row, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        // The table is read into a local, so `event` can read the rest of `self`.
        var t = table
        t.read(CSVReader(piece, delimiter: .comma), firstLine: firstLine, feed: "Feodo Tracker", body) { event($1, $0) }
        table = t
    }

    /// Reports a file with no content at all.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        table.finish(body)
    }

    func event(_ cells: [String], _ table: AbuseCHTable) -> Result<FeedEvent, FeedRowFailure> {
        func cell(_ n: Int) -> String? { table.cell(cells, n) }
        var f = base
        guard let seen = cell(0) else { return .failure(FeedRowFailure("ingest.missing_field", "first_seen_utc is missing or empty")) }
        switch FeedFields.sourceTime(seen, label: "first_seen_utc", latestAllowed: latestAllowed) {
        case .value(let t): f["time.source"] = t
        case .invalid(let key, let detail): return .failure(FeedRowFailure(key, detail))
        case .none: return .failure(FeedRowFailure("ingest.missing_field", "first_seen_utc is empty"))
        }
        guard let ipText = cell(1) else { return .failure(FeedRowFailure("ingest.missing_field", "dst_ip is missing or empty")) }
        guard let ip = FeedValues.canonicalIP(ipText) else { return .failure(FeedRowFailure("ingest.invalid_ip", "dst_ip = \"\(ipText)\" is not an IP address")) }
        f["source.ip"] = ip
        if let portText = cell(2) {
            guard let port = FeedValues.int(portText), (0...65535).contains(port) else {
                return .failure(FeedRowFailure("ingest.invalid_port", "dst_port = \"\(portText)\" is not a port (0–65535)"))
            }
            f["source.port"] = String(port)
        }
        if let v = cell(3) { f["extra.c2_status"] = v }
        if let v = cell(4) { f["extra.last_online"] = v }
        if let v = cell(5) { f["malware.name"] = v.lowercased() }
        return .success(FeedEvent(fields: f))
    }
}
