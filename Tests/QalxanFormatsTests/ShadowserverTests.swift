import Foundation
import QalxanCore
import Testing
@testable import QalxanFormats

@Suite("Shadowserver schema and parser")
struct ShadowserverTests {
    @Test func schemaLoadsEveryReport() throws {
        let schema = try ShadowserverFixture.load()
        #expect(schema.reports.count >= 100)
        #expect(schema.report(named: "_meta") == nil)
        #expect(schema.report(named: "scan_http")?.feedName != nil)
        let blocklist = try #require(schema.report(named: "blocklist"))
        #expect(blocklist.optional.contains { $0.field == "extra.tag" && $0.column == "tag" })
    }

    @Test func everyReportTypeParses() throws {
        let schema = try ShadowserverFixture.load()
        var failures: [String] = []
        for report in schema.reports {
            let (_, text) = ShadowserverFixture.csv(for: report)
            let parser = ShadowserverParser(report: report, now: ShadowserverFixture.now)
            let (events, problems) = parser.parseAll(Array(text.utf8))
            guard events.count == 1, problems.isEmpty, let event = events.first else {
                failures.append("\(report.name): \(problems.map { "\($0.key) \($0.detail)" })")
                continue
            }
            for c in report.constants where event[c.field] != c.value {
                failures.append("\(report.name): constant \(c.field) = \(event[c.field] ?? "nil")")
            }
            for m in report.required where event[m.field] == nil {
                failures.append("\(report.name): required \(m.field) missing")
            }
            if event.timeSource != Date(timeIntervalSince1970: 1_795_342_500) {
                failures.append("\(report.name): time.source \(event["time.source"] ?? "nil")")
            }
            if report.required.contains(where: { $0.field == "source.ip" }), event.sourceIP == nil { failures.append("\(report.name): no source.ip") }
            if event.feedName != report.feedName { failures.append("\(report.name): feed.name") }
            if event.classificationType == nil { failures.append("\(report.name): no classification.type") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func conversionsFollowIntelMQ() throws {
        let schema = try ShadowserverFixture.load()
        let exchange = try #require(schema.report(named: "scan_exchange"))
        let e1 = ShadowserverParser(report: exchange, now: ShadowserverFixture.now)
            .parseAll(Array(ShadowserverFixture.csv(for: exchange).text.utf8)).events.first
        #expect(e1?.classificationType == "system-compromise")
        #expect(e1?.classificationIdentifier == "exchange-server-webshell")
        let http = try #require(schema.report(named: "scan_http"))
        let e2 = try #require(ShadowserverParser(report: http, now: ShadowserverFixture.now)
            .parseAll(Array(ShadowserverFixture.csv(for: http).text.utf8)).events.first)
        #expect(e2["product.vulnerabilities"] == "CVE-2021-26855")
        #expect(e2["time.source"] == "2026-11-22T10:15:00+00:00")
        #expect(e2["extra.http_date"] == "2026-11-22T09:00:00+00:00")
        #expect(e2.sourcePort == 8080)
        #expect(e2.sourceASN == 64500)
        let website = try #require(schema.report(named: "compromised_website"))
        let e3 = try #require(ShadowserverParser(report: website, now: ShadowserverFixture.now)
            .parseAll(Array(ShadowserverFixture.csv(for: website).text.utf8)).events.first)
        #expect(e3["source.url"] == "http://www.example.az/login.php")
        #expect(e3["event_description.text"] == "phishing")
        let honeypot = try #require(schema.reports.first { $0.optional.contains { $0.conversion == .forceBase64 } })
        let e4 = try #require(ShadowserverParser(report: honeypot, now: ShadowserverFixture.now)
            .parseAll(Array(ShadowserverFixture.csv(for: honeypot).text.utf8)).events.first)
        #expect(e4["extra.request_raw"] == Data("GET / HTTP/1.1".utf8).base64EncodedString())
        #expect(FeedTime.parse(Array("Sun, 22 Nov 2026 10:15:00 GMT".utf8)[...]) == 1_795_342_500)
        #expect(FeedTime.parse(Array("2026-11-22T12:15:00+02:00".utf8)[...]) == 1_795_342_500)
        #expect(FeedTime.parse(Array("2026-02-30 10:00:00".utf8)[...]) == nil)
    }

    @Test func detectsReportFromFileName() throws {
        let schema = try ShadowserverFixture.load()
        #expect(schema.detect(fileName: "2026-11-22-scan_http-azerbaijan-geo.csv")?.fileName == "scan_http")
        #expect(schema.detect(fileName: "2026-11-22-scan6_msrpc-asn-standard_10.csv")?.fileName == "scan6_msrpc")
        #expect(schema.detect(fileName: "/in/2026-11-22-scan_http_vulnerable-azerbaijan-geo.csv")?.fileName == "scan_http_vulnerable")
        #expect(schema.detect(fileName: "2026-11-22-event4_sinkhole_http-azerbaijan-geo.csv")?.fileName == "event4_sinkhole_http")
        #expect(schema.detect(fileName: "2026-11-22-scan_nothing-azerbaijan-geo.csv") == nil)
    }

    @Test func unknownReportTypeIsAClearError() throws {
        let schema = try ShadowserverFixture.load()
        let file = "2026-11-22-scan_teapot-azerbaijan-geo.csv"
        do {
            _ = try schema.detectOrThrow(fileName: file)
            Issue.record("no error")
        } catch let error as ShadowserverSchema.SchemaError {
            #expect(error == .unknownReport(file: file, type: "scan_teapot"))
            #expect(error.description.contains("scan_teapot") && error.description.contains(file))
        }
        #expect(throws: ShadowserverSchema.SchemaError.unknownReport(file: "-", type: "teapot")) {
            try schema.reportOrThrow(named: "teapot")
        }
    }

    @Test func badRowsBecomeProblemsAndTheRunGoesOn() throws {
        let schema = try ShadowserverFixture.load()
        let report = try #require(schema.report(named: "scan_http"))
        let header = "timestamp,ip,port,hostname,asn,geo\n"
        var bytes = Array(header.utf8)
        let lines = [
            "2026-11-22 10:00:00,192.0.2.1,80,a.example.az,64500,AZ",      // 2 good
            "2026-11-22 10:00:00,192.0.2.2,70000,b.example.az,64500,AZ",   // 3 port
            "2026-11-22 10:00:00,999.1.1.1,80,c.example.az,64500,AZ",      // 4 ip
            "2026-11-22 10:00:00,192.0.2.4,80,d.example.az,64500,AZ",      // 5 good
            "2026-11-22 10:00:00,192.0.2.5,80,\"e.example\"az,64500,AZ",   // 6 quoting
            "2027-05-01 10:00:00,192.0.2.6,80,f.example.az,64500,AZ",      // 7 future
            "2026-11-22 10:00:00,192.0.2.7,80",                            // 8 truncated
            "2026-13-22 10:00:00,192.0.2.8,80,h.example.az,64500,AZ",      // 9 bad time
            "2026-11-22 10:00:00,192.0.2.9,http,h.example.az,64500,AZ",    // 10 bad number
            "2026-11-22 10:00:00,,80,h.example.az,64500,AZ",               // 11 empty ip
        ]
        for l in lines { bytes += Array(l.utf8) + [0x0A] }
        bytes += Array("2026-11-22 10:00:00,192.0.2.10,80,".utf8) + [0xFF, 0xFE] + Array(".example.az,64500,AZ\n".utf8) // 12 utf8
        bytes += Array("2026-11-22 10:00:00,192.0.2.11,443,z.example.az,0,AZ\n".utf8) // 13 good, asn dropped
        let (events, problems) = ShadowserverParser(report: report, now: ShadowserverFixture.now).parseAll(bytes)
        #expect(events.map { $0["source.ip"] } == ["192.0.2.1", "192.0.2.4", "192.0.2.11"])
        #expect(events.last?.sourceASN == nil)
        let got = problems.map { "\($0.line) \($0.key)" }
        #expect(got == [
            "3 ingest.invalid_port", "4 ingest.invalid_ip", "6 ingest.broken_quoting", "7 ingest.future_time",
            "8 ingest.column_count", "9 ingest.invalid_time", "10 ingest.invalid_number", "11 ingest.missing_field",
            "12 ingest.invalid_utf8",
        ])
        #expect(problems.first?.raw == "2026-11-22 10:00:00,192.0.2.2,70000,b.example.az,64500,AZ")
        #expect(problems.first?.detail.contains("70000") == true)
    }

    @Test func missingRequiredColumnMakesEveryRowAProblem() throws {
        let schema = try ShadowserverFixture.load()
        let report = try #require(schema.report(named: "scan_http"))
        let text = "timestamp,port,hostname\n2026-11-22 10:00:00,80,a.example.az\n2026-11-22 10:00:00,81,b.example.az\n"
        let (events, problems) = ShadowserverParser(report: report, now: ShadowserverFixture.now).parseAll(Array(text.utf8))
        #expect(events.isEmpty)
        #expect(problems.map(\.line) == [2, 3])
        #expect(problems.allSatisfy { $0.key == "ingest.missing_field" && $0.detail.contains("ip") })
    }

    @Test func catalogHasEveryProblemKey() {
        for language in Language.allCases {
            let l = Localizer(language)
            for key in ShadowserverParser.problemKeys + ["ingest.unknown_report"] {
                #expect(l.has(key), "\(language) \(key)")
            }
        }
    }

    @Test func piecesGiveTheSameEventsAsTheWholeFile() throws {
        let schema = try ShadowserverFixture.load()
        let report = try #require(schema.report(named: "scan_http"))
        var bytes = ShadowserverFixture.scanHTTP(report: report, rows: 3_000)
        // A bad row in the middle, so problem lines are checked across pieces too.
        bytes += Array("2026-11-22 10:00:00,192.0.2.2,70000\n".utf8)
        bytes += ShadowserverFixture.scanHTTP(report: report, rows: 10).drop { $0 != 0x0A }.dropFirst()
        let whole = ShadowserverParser(report: report, now: ShadowserverFixture.now)
        var expected: [FeedOutcome] = []
        var w = whole
        w.parse(bytes, firstLine: 1) { expected.append($0) }
        w.finish { expected.append($0) }
        #expect(expected.count == 3_011)

        for size in [997, 4_096, 65_536] {
            var parser = whole
            var pieces = FeedPieces(framing: parser.framing)
            var got: [FeedOutcome] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + size)
                if let (piece, line) = pieces.add(Array(bytes[start..<end])) {
                    parser.parse(piece, firstLine: line) { got.append($0) }
                }
                start = end
            }
            if let (piece, line) = pieces.finish() { parser.parse(piece, firstLine: line) { got.append($0) } }
            parser.finish { got.append($0) }
            #expect(got == expected, "piece size \(size)")
        }
    }

    @Test func quotedLineBreaksDoNotCutARecord() {
        let text = Array("a,b\n1,\"x\ny\"\n2,\"\"\"q\"\"\"\n".utf8)
        // "a,b\n1,\"x\ny\"\n…": the line feed at index 8 is inside quotes.
        #expect(FeedPieces.lastBoundary(in: Array(text[..<9]), framing: .csv) == 4)
        #expect(FeedPieces.lastBoundary(in: text, framing: .csv) == text.count)
        #expect(FeedPieces.lastBoundary(in: Array(text[..<9]), framing: .lines) == 9)
    }
}

@Suite("Feed pieces")
struct FeedPiecesTests {
    @Test("a stray quote inside an unquoted field does not turn the quote state over; padded quoted fields are followed")
    func strayQuotes() {
        // Record 2 has `5" screen` (text), record 3 a quoted field with a line break.
        let text = Array("a,b\n1,5\" screen\n2,\"x\ny\"\n".utf8)
        let endOfRecord2 = Array("a,b\n1,5\" screen\n".utf8).count
        let cutInsideRecord3 = endOfRecord2 + Array("2,\"x\n".utf8).count
        #expect(FeedPieces.lastBoundary(in: Array(text[..<cutInsideRecord3]), framing: .csv) == endOfRecord2)
        #expect(FeedPieces.lastBoundary(in: text, framing: .csv) == text.count)
        // ThreatFox pads: `"a", "b` with a line break inside the second quoted field.
        let padded = Array("\"1\", \"line\nbreak\"\n".utf8)
        #expect(FeedPieces.lastBoundary(in: Array(padded[..<11]), framing: .csv) == 0)
        #expect(FeedPieces.lastBoundary(in: padded, framing: .csv) == padded.count)
    }

    @Test("without any line feed, memory stays bounded: past 64 MB the bytes are handed on")
    func noLineFeeds() {
        var pieces = FeedPieces(framing: .lines)
        let chunk = [UInt8](repeating: 0x41, count: 8 << 20)
        var handed = 0
        for _ in 0..<10 { if let (p, _) = pieces.add(chunk) { handed += p.count } }
        #expect(handed >= 64 << 20)
    }
}
