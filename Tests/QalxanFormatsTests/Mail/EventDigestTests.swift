import Foundation
import QalxanCore
@testable import QalxanFormats
import Testing

@Suite("Event digests")
struct EventDigestTests {
    static let events = [
        DigestEvent(id: 1, time: 1_795_000_000, feed: "f", type: "scanner", ip: "192.0.2.1", tlp: .green),
        DigestEvent(id: 2, time: 1_795_000_600, feed: "f", type: "scanner", ip: "192.0.2.1", tlp: .amber),
        DigestEvent(id: 3, time: 1_795_000_300, feed: "f", type: "scanner", ip: "192.0.2.2", tlp: .green),
        DigestEvent(id: 4, time: 1_795_001_000, feed: "f", type: "infected-system", identifier: "mirai", ip: "192.0.2.9", malware: "mirai", tlp: .clear),
    ]

    @Test("rows by type, most frequent first, with distinct addresses and first and last times")
    func rows() {
        let d = EventDigest(events: Self.events)
        #expect(d.rows == [
            EventDigest.Row(type: "scanner", events: 3, addresses: 2, first: 1_795_000_000, last: 1_795_000_600),
            EventDigest.Row(type: "infected-system (mirai)", events: 1, addresses: 1, first: 1_795_001_000, last: 1_795_001_000),
        ])
        #expect(d.tlp == .amber)
        #expect(EventDigest(events: []).tlp == .clear)
    }

    @Test("the table lines up its columns whatever the header's language")
    func table() {
        let t = EventDigest(events: Self.events).table(header: ["Növ", "Hadisələr", "Ünvanlar", "İlk dəfə", "Son dəfə"])
        let lines = t.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("Növ"))
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        // Right-aligned counts end in the same column.
        let end = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "Hadisələr")!.upperBound)
        #expect(lines[2].distance(from: lines[2].startIndex, to: lines[2].range(of: " 3 ")!.lowerBound) + 2 == end)
    }

    @Test("the CSV lists every event, oldest first, with formulas made inert")
    func csv() {
        var events = Self.events
        events.append(DigestEvent(id: 5, time: 1_795_002_000, feed: "f", type: "scanner", fqdn: "=cmd|' /C calc'!A0"))
        let rows = EventDigest(events: events).csv().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 6)
        #expect(rows[0] == "time,type,identifier,ip,port,asn,fqdn,url,malware,feed,tlp")
        #expect(rows[1].contains("192.0.2.1") && rows[1].hasPrefix("2026-"))
        #expect(rows[2].contains("192.0.2.2"))
        #expect(rows[5].contains("'=cmd"))
    }
}
