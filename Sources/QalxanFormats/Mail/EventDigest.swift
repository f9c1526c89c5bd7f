import Foundation
import QalxanCore

/// One feed event as a digest lists it.
public struct DigestEvent: Sendable, Equatable {
    public var id: Int64
    /// Seconds since 1970, UTC: the source time, else the observation time.
    public var time: Int64
    public var feed: String
    public var type: String
    public var identifier: String
    public var ip: String
    public var port: Int?
    public var asn: Int64?
    public var fqdn: String
    public var url: String
    public var malware: String
    public var tlp: TLP

    public init(id: Int64, time: Int64, feed: String, type: String, identifier: String = "", ip: String = "", port: Int? = nil,
                asn: Int64? = nil, fqdn: String = "", url: String = "", malware: String = "", tlp: TLP = .amber) {
        self.id = id
        self.time = time
        self.feed = feed
        self.type = type
        self.identifier = identifier
        self.ip = ip
        self.port = port
        self.asn = asn
        self.fqdn = fqdn
        self.url = url
        self.malware = malware
        self.tlp = tlp
    }
}

/// An organisation's events of a period, summed up for a message: a plain-text table
/// by type and a CSV file of every event.
public struct EventDigest: Sendable {
    public let events: [DigestEvent]

    public init(events: [DigestEvent]) {
        self.events = events
    }

    /// The most restricted label among the events: the label of the whole digest.
    public var tlp: TLP {
        events.map(\.tlp).max { $0.rank < $1.rank } ?? .clear
    }

    /// One row of the summary.
    public struct Row: Sendable, Equatable {
        public let type: String
        public let events: Int
        public let addresses: Int
        public let first: Int64
        public let last: Int64
    }

    /// Events by type (and identifier, e.g. the Shadowserver report), most frequent first.
    public var rows: [Row] {
        struct Acc { var count = 0; var ips = Set<String>(); var first = Int64.max; var last = Int64.min }
        var groups: [String: Acc] = [:]
        for e in events {
            let key = e.identifier.isEmpty || e.identifier == e.type ? e.type : "\(e.type) (\(e.identifier))"
            var acc = groups[key, default: Acc()]
            acc.count += 1
            if !e.ip.isEmpty { acc.ips.insert(e.ip) }
            acc.first = min(acc.first, e.time)
            acc.last = max(acc.last, e.time)
            groups[key] = acc
        }
        return groups.map { Row(type: $0.key, events: $0.value.count, addresses: $0.value.ips.count, first: $0.value.first, last: $0.value.last) }
            .sorted { $0.events != $1.events ? $0.events > $1.events : $0.type < $1.type }
    }

    /// The summary as a fixed-width text table under `header` (type, events,
    /// addresses, first seen, last seen, in the reader's language).
    public func table(header: [String]) -> String {
        let body = rows.map { r in
            [r.type, String(r.events), String(r.addresses), DateText.minute(Date(timeIntervalSince1970: Double(r.first))),
             DateText.minute(Date(timeIntervalSince1970: Double(r.last)))]
        }
        let all = [header] + body
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + body.map(line)).joined(separator: "\n")
    }

    /// Every event as CSV (RFC 4180, formulas guarded), oldest first.
    public func csv() -> String {
        let writer = CSVWriter()
        var out = writer.record(["time", "type", "identifier", "ip", "port", "asn", "fqdn", "url", "malware", "feed", "tlp"])
        out.reserveCapacity(events.count * 120)
        for e in events.sorted(by: { $0.time != $1.time ? $0.time < $1.time : $0.id < $1.id }) {
            out += writer.record([
                DateText.iso(Date(timeIntervalSince1970: Double(e.time))), e.type, e.identifier, e.ip,
                e.port.map(String.init) ?? "", e.asn.map(String.init) ?? "", e.fqdn, e.url, e.malware, e.feed, e.tlp.rawValue,
            ])
        }
        return out
    }
}
