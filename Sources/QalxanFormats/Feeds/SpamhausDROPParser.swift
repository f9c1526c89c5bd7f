import Foundation
import QalxanCore

/// Turns Spamhaus DROP / EDROP / DROPv6 lists into events: one network a line.
///
/// Two forms are read, line by line, even mixed:
/// - text (`drop.txt`): `1.10.16.0/20 ; SBL256894`, with `;` comment lines, among them
///   `; Last-Modified: Wed, 20 Nov 2024 16:04:32 GMT`;
/// - JSON lines (`drop_v4.json`): `{"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}`
///   and a last line `{"type":"metadata","timestamp":1732117472,…}`.
///
/// Mapping: the network → `source.network`, the SBL id → `extra.sblid`, the RIR →
/// `source.registry`, the list → `extra.blocklist` (`drop`, `edrop`, `drop_v6`).
/// IntelMQ's type for these lists is `blacklist`; `FeedClassifier` maps it to RSIT
/// other / other and keeps `extra.original_type = blacklist`, and the events carry that
/// result.
///
/// `time.source`: in the text form, the `Last-Modified` comment comes before the
/// networks and is the time of every event after it. In the JSON form the time is on
/// the last line, after every event has been handed on, so events get no `time.source`
/// (nothing is buffered; the pipeline sets `time.observation`), and the time is
/// available afterwards as `listTime`.
public struct SpamhausDROPParser: FeedParser {
    /// Which Spamhaus list a file is.
    public enum List: String, Sendable, CaseIterable {
        /// DROP (IPv4), "Don't Route Or Peer".
        case drop
        /// Extended DROP (merged into DROP by Spamhaus in 2024; old files still exist).
        case edrop
        /// DROPv6.
        case dropV6 = "drop_v6"

        /// The `feed.name` of the list.
        public var feedName: String {
            switch self {
            case .drop: "Spamhaus DROP"
            case .edrop: "Spamhaus EDROP"
            case .dropV6: "Spamhaus DROPv6"
            }
        }

        /// The list a file name suggests (`edrop.txt`, `drop_v6.json`, `dropv6.txt`),
        /// DROP otherwise.
        public static func detect(fileName: String) -> List {
            var base = Substring(fileName.lowercased())
            if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
            if base.contains("edrop") { return .edrop }
            if base.contains("v6") { return .dropV6 }
            return .drop
        }
    }

    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.invalid_utf8", "ingest.invalid_network", "ingest.invalid_json", "ingest.missing_field",
        "ingest.invalid_time", "ingest.future_time", "ingest.empty_file",
    ]

    /// The list being read.
    public let list: List
    /// `time.source` later than this is refused.
    public let latestAllowed: Double
    let base: [String: String]
    /// The list's time (`Last-Modified`, or the JSON metadata `timestamp`) once seen.
    public private(set) var listTime: String?
    var sawContent = false

    /// A parser for `list`; `feedURL` goes into `feed.url`, and list times more than a
    /// day after `now` are problems.
    public init(list: List = .drop, feedURL: String? = nil, now: Date = Date()) {
        self.list = list
        latestAllowed = now.timeIntervalSince1970 + 86_400
        var event = FeedEvent(fields: [
            "feed.provider": "Spamhaus",
            "feed.name": list.feedName,
            "extra.blocklist": list.rawValue,
            "classification.type": "blacklist",
        ])
        if let feedURL { event["feed.url"] = feedURL }
        // `blacklist` is in the classifier's table, so this cannot fail.
        try? FeedClassifier.classify(&event)
        var base = event.fields
        base.reserveCapacity(base.count + 4)
        self.base = base
    }

    /// One network a line.
    public var framing: FeedFraming { .lines }

    /// Parses one piece, calling `body` once per network, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        var line = firstLine
        var start = piece.startIndex
        let bytes = piece[...]
        while start < piece.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? piece.endIndex
            var text = bytes[start..<end]
            start = end + 1
            defer { line += 1 }
            if line == 1, text.starts(with: CSVReader.bom) { text = text.dropFirst(3) }
            while let l = text.last, l == 0x0D || l == 0x20 || l == 0x09 { text = text.dropLast() }
            while let f = text.first, f == 0x20 || f == 0x09 { text = text.dropFirst() }
            guard let first = text.first else { continue }
            sawContent = true
            func problem(_ key: String, _ detail: String) {
                body(.problem(.line(text, line: line, key: key, detail: detail)))
            }
            guard text.allSatisfy({ $0 < 0x80 }) || String(validating: text, as: UTF8.self) != nil else {
                problem("ingest.invalid_utf8", "the line is not valid UTF-8"); continue
            }
            switch first {
            case 0x3B:
                if let failure = comment(String(decoding: text, as: UTF8.self)) { problem(failure.key, failure.detail) }
            case 0x7B:
                switch json(text) {
                case .success(let e?): body(.event(e, line: line))
                case .success(nil): break
                case .failure(let p): problem(p.key, p.detail)
                }
            default:
                switch plain(text) {
                case .success(let e): body(.event(e, line: line))
                case .failure(let p): problem(p.key, p.detail)
                }
            }
        }
    }

    /// Reports a file with no content at all.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        if !sawContent {
            body(.problem(FeedProblem(line: 1, key: "ingest.empty_file", detail: "the file is empty", raw: "")))
        }
    }

    /// Reads `; Last-Modified: <HTTP date>`; other comments are skipped.
    mutating func comment(_ text: String) -> FeedRowFailure? {
        var rest = Substring(text).dropFirst()
        while rest.first == " " { rest = rest.dropFirst() }
        let label = "last-modified:"
        guard rest.count > label.count, rest.prefix(label.count).lowercased() == label else { return nil }
        let value = String(rest.dropFirst(label.count))
        return setTime(FeedTime.parse(value), text: value, label: "Last-Modified")
    }

    mutating func setTime(_ seconds: Double?, text: String, label: String) -> FeedRowFailure? {
        guard let seconds else { return FeedRowFailure("ingest.invalid_time", "\(label) = \"\(FeedFields.trimmed(text))\" is not a time") }
        guard seconds <= latestAllowed else {
            return FeedRowFailure("ingest.future_time", "\(label) = \"\(FeedFields.trimmed(text))\" is in the future")
        }
        listTime = FeedTime.format(seconds)
        return nil
    }

    /// `1.10.16.0/20 ; SBL256894` (already trimmed and checked to be UTF-8).
    func plain(_ bytes: ArraySlice<UInt8>) -> Result<FeedEvent, FeedRowFailure> {
        let semicolon = bytes.firstIndex(of: 0x3B) ?? bytes.endIndex
        var network = bytes[..<semicolon], sbl = bytes[semicolon...].dropFirst()
        while let l = network.last, l == 0x20 || l == 0x09 { network = network.dropLast() }
        while let f = sbl.first, f == 0x20 || f == 0x09 { sbl = sbl.dropFirst() }
        return event(network: String(decoding: network, as: UTF8.self), label: "network",
                     sbl: String(decoding: sbl, as: UTF8.self), rir: nil)
    }

    /// One JSON line: a network, or the metadata (nil).
    mutating func json(_ bytes: ArraySlice<UInt8>) -> Result<FeedEvent?, FeedRowFailure> {
        let value: FeedJSON
        do { value = try FeedJSON.parse(bytes) } catch {
            return .failure(FeedRowFailure("ingest.invalid_json", "not JSON: \(error.reason) at byte \(error.offset + 1)"))
        }
        guard case .object(let members) = value else {
            return .failure(FeedRowFailure("ingest.invalid_json", "the line is not a JSON object"))
        }
        var cidr: String?, sbl = "", rir: String?, type: String?, timestamp: String?
        for (key, v) in members {
            let text: String?
            switch v {
            case .string(let s): text = s
            case .number(let n): text = n
            default: text = nil
            }
            switch key {
            case "cidr": cidr = text
            case "sblid": sbl = text ?? ""
            case "rir": rir = text
            case "type": type = text
            case "timestamp": timestamp = text
            default: break
            }
        }
        if type == "metadata" {
            guard let ts = timestamp else { return .success(nil) }
            if let failure = setTime(Double(ts), text: ts, label: "timestamp") { return .failure(failure) }
            return .success(nil)
        }
        guard let network = cidr else { return .failure(FeedRowFailure("ingest.missing_field", "the object has no \"cidr\"")) }
        return event(network: network, label: "cidr", sbl: sbl, rir: rir).map { Optional($0) }
    }

    func event(network: String, label: String, sbl: String, rir: String?) -> Result<FeedEvent, FeedRowFailure> {
        guard network.utf8.contains(0x2F), let prefix = FeedFields.canonicalNetwork(network) else {
            return .failure(FeedRowFailure("ingest.invalid_network", "\(label) = \"\(network)\" is not a network (address/length)"))
        }
        var f = base
        f["source.network"] = prefix
        if !sbl.isEmpty { f["extra.sblid"] = sbl }
        if let rir, !rir.isEmpty {
            if case .value(let r) = FeedFields.normalise(rir, kind: .registry, label: "rir") {
                f["source.registry"] = r
            } else {
                f["extra.rir"] = rir
            }
        }
        if let t = listTime { f["time.source"] = t }
        return .success(FeedEvent(fields: f))
    }
}
