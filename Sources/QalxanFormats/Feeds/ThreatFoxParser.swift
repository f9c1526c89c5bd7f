import Foundation
import QalxanCore

/// Turns the abuse.ch ThreatFox CSV export (`/export/csv/recent/`, `/full/`) into events:
/// one indicator of compromise a row.
///
/// ThreatFox pads fields with a space after each comma (`"a", "b"`), so rows are read
/// with `PaddedCSVReader`. The header is a comment
/// (`# "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type",…`) and is read by
/// name; without one the published fourteen-column order is assumed.
///
/// The indicator by `ioc_type`: `ip:port` → `source.ip` + `source.port`; `domain` →
/// `source.fqdn`; `url` → `source.url` (+ its host as `source.ip` or `source.fqdn`,
/// and its port); `md5_hash`, `sha1_hash`, `sha256_hash` → `malware.hash.md5`,
/// `.sha1`, `.sha256`. Other ioc types are problems (`ingest.unknown_ioc_type`).
///
/// Classification by `threat_type` (RSIT class malicious-code in every case):
///
/// | threat_type        | classification.type     | why |
/// |--------------------|-------------------------|-----|
/// | `botnet_cc`        | `c2-server`             | a command-and-control server |
/// | `payload_delivery` | `malware-distribution`  | a server that hands out malware |
/// | `payload`          | `malware-distribution`  | the hash of a sample that is handed out; RSIT's `malware-configuration` means a configuration URI, which a sample's hash is not |
/// | `cc_skimming`      | `c2-server`             | a card-skimming server, which both serves the skimmer and receives the stolen data |
/// | anything else      | `infected-system`       | ThreatFox indicators are about malware; a type added later is most likely one more kind of infection |
///
/// The other columns: `first_seen_utc` → `time.source`; `malware_printable` lower-cased
/// → `malware.name` (left out for ThreatFox's `Unknown malware`); `ioc_id` →
/// `extra.threatfox_id`; `fk_malware` → `extra.malware`; `malware_alias`,
/// `confidence_level`, `reference`, `tags`, `reporter`, `threat_type`, `ioc_type` →
/// `extra.<same name>`; `last_seen_utc` → `extra.last_seen`; `anonymous` (`0`/`1`) →
/// `extra.anonymous` (`false`/`true`). `None` cells are left out.
public struct ThreatFoxParser: FeedParser {
    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.broken_quoting", "ingest.invalid_utf8", "ingest.column_count", "ingest.missing_field",
        "ingest.invalid_ip", "ingest.invalid_port", "ingest.invalid_domain", "ingest.invalid_url",
        "ingest.invalid_value", "ingest.invalid_number", "ingest.unknown_ioc_type",
        "ingest.invalid_time", "ingest.future_time", "ingest.empty_file",
    ]

    /// `threat_type` → RSIT type; see the table above.
    public static let threatTypes: [String: String] = [
        "botnet_cc": "c2-server",
        "payload_delivery": "malware-distribution",
        "payload": "malware-distribution",
        "cc_skimming": "c2-server",
    ]

    /// The RSIT type of a `threat_type` ThreatFox has not published yet.
    public static let otherThreatType = "infected-system"

    /// `time.source` later than this is refused.
    public let latestAllowed: Double
    let base: [String: String]
    var table = AbuseCHTable(
        names: ["first_seen_utc", "ioc_id", "ioc_value", "ioc_type", "threat_type", "fk_malware", "malware_alias",
                "malware_printable", "last_seen_utc", "confidence_level", "reference", "tags", "anonymous", "reporter"],
        aliases: ["first_seen": "first_seen_utc", "last_seen": "last_seen_utc"],
        marker: ["ioc_value"],
        layouts: [
            ["first_seen_utc", "ioc_id", "ioc_value", "ioc_type", "threat_type", "fk_malware", "malware_alias",
             "malware_printable", "last_seen_utc", "confidence_level", "reference", "tags", "anonymous", "reporter"],
        ])

    /// A parser; `feedURL` goes into `feed.url`, and times more than a day after `now`
    /// are problems.
    public init(feedURL: String? = nil, now: Date = Date()) {
        latestAllowed = now.timeIntervalSince1970 + 86_400
        var base: [String: String] = [
            "feed.provider": "abuse.ch",
            "feed.name": "ThreatFox",
            "classification.taxonomy": "malicious-code",
        ]
        if let feedURL { base["feed.url"] = feedURL }
        base.reserveCapacity(base.count + 18)
        self.base = base
    }

    /// CSV records.
    public var framing: FeedFraming { .csv }

    /// Parses one piece, calling `body` once per data row, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        // The table is read into a local, so `event` can read the rest of `self`.
        var t = table
        t.read(PaddedCSVReader(piece), firstLine: firstLine, feed: "ThreatFox", body) { event($1, $0) }
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
        guard let value = cell(2) else { return .failure(FeedRowFailure("ingest.missing_field", "ioc_value is missing or empty")) }
        guard let type = cell(3) else { return .failure(FeedRowFailure("ingest.missing_field", "ioc_type is missing or empty")) }
        if let failure = indicator(value, type: type, into: &f) { return .failure(failure) }
        f["extra.ioc_type"] = type
        let threat = cell(4)
        f["classification.type"] = threat.flatMap { Self.threatTypes[$0] } ?? Self.otherThreatType
        if let v = threat { f["extra.threat_type"] = v }
        if let v = cell(1) { f["extra.threatfox_id"] = v }
        let family = cell(5)
        if let v = family { f["extra.malware"] = v }
        if let v = cell(6) { f["extra.malware_alias"] = v }
        if let v = cell(7), family != "unknown", v != "Unknown malware" { f["malware.name"] = v.lowercased() }
        if let v = cell(8) { f["extra.last_seen"] = FeedTime.parse(v).map(FeedTime.format) ?? v }
        if let v = cell(9) {
            guard let n = FeedValues.int(v), (0...100).contains(n) else {
                return .failure(FeedRowFailure("ingest.invalid_number", "confidence_level = \"\(v)\" is not a number from 0 to 100"))
            }
            f["extra.confidence_level"] = String(n)
        }
        if let v = cell(10) { f["extra.reference"] = v }
        if let v = cell(11) { f["extra.tags"] = v }
        if let v = cell(12) { f["extra.anonymous"] = v == "1" ? "true" : v == "0" ? "false" : v }
        if let v = cell(13) { f["extra.reporter"] = v }
        return .success(FeedEvent(fields: f))
    }

    /// Writes the indicator's fields; the failure when the value does not fit its type.
    func indicator(_ value: String, type: String, into f: inout [String: String]) -> FeedRowFailure? {
        switch type {
        case "ip:port":
            var host = Substring(value), portText: Substring?
            if let colon = value.lastIndex(of: ":"), value.firstIndex(of: ":") == colon || value.hasPrefix("[") {
                host = value[..<colon]
                portText = value[value.index(after: colon)...]
                if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            }
            guard let ip = FeedValues.canonicalIP(String(host)) else {
                return FeedRowFailure("ingest.invalid_ip", "ioc_value = \"\(value)\" does not start with an IP address")
            }
            f["source.ip"] = ip
            if let p = portText {
                guard let port = FeedValues.int(String(p)), (0...65535).contains(port) else {
                    return FeedRowFailure("ingest.invalid_port", "ioc_value = \"\(value)\" has no port (0–65535) after the address")
                }
                f["source.port"] = String(port)
            }
        case "domain":
            guard let d = DomainName.normalise(value) else {
                return FeedRowFailure("ingest.invalid_domain", "ioc_value = \"\(value)\" is not a domain name")
            }
            f["source.fqdn"] = d
        case "url":
            guard let url = FeedURL(value) else {
                return FeedRowFailure("ingest.invalid_url", "ioc_value = \"\(value)\" is not a URL with a scheme and a host")
            }
            f["source.url"] = url.text
            if let ip = url.ip { f["source.ip"] = ip } else if let d = url.fqdn { f["source.fqdn"] = d }
            if let port = url.port { f["source.port"] = String(port) }
        case "md5_hash", "sha1_hash", "sha256_hash":
            let (field, length) = type == "md5_hash" ? ("malware.hash.md5", 32) : type == "sha1_hash" ? ("malware.hash.sha1", 40) : ("malware.hash.sha256", 64)
            guard value.utf8.count == length, value.utf8.allSatisfy(FeedFields.isHex) else {
                return FeedRowFailure("ingest.invalid_value", "ioc_value = \"\(value)\" is not a \(type.dropLast(5)) hash (\(length) hexadecimal digits)")
            }
            f[field] = value.lowercased()
        default:
            return FeedRowFailure("ingest.unknown_ioc_type", "ioc_type = \"\(type)\" is not one Qalxan reads (ip:port, domain, url, md5_hash, sha1_hash, sha256_hash)")
        }
        return nil
    }
}
