import Fluent
import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import SQLKit
import Testing
import VaporTesting

/// The Shadowserver schema the tests read (never copied into the repository).
let schemaPath: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.deletingLastPathComponent().appendingPathComponent("shared/data/shadowserver/intelmq.json").path
}()

/// A small `scan_http` report: `rows` good rows from 192.0.2.0/24 and 198.51.100.0/24.
func scanHTTPReport(rows: Int, from start: Int = 0, extra: [String] = []) -> String {
    var text = "timestamp,ip,port,hostname,asn,geo\n"
    for i in start..<(start + rows) {
        let net = i % 2 == 0 ? "192.0.2" : "198.51.100"
        text += "2026-11-22 10:\(10 + i % 50):00,\(net).\(i % 250 + 1),\(8000 + i / 250),h\(i).example.az,64500,AZ\n"
    }
    for line in extra { text += line + "\n" }
    return text
}

func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite("Feed ingestion")
struct IngestTests {
    @Test("a Shadowserver report: stored, attributed, deduplicated on the second run, bad rows in quarantine",
          arguments: TestDatabase.available)
    func shadowserver(_ database: TestDatabase) async throws {
        try await withQalxan(database, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath]) { app in
            let q = app.qalxan
            // One constituent owns 192.0.2.0/24.
            let org = try await q.organisations.create(
                OrganisationInput(nameEn: "Example Bank", nameAz: "Nümunə Bank", kind: "constituent", country: "AZ"),
                actor: .cli, on: app.db)
            _ = try await q.organisations.addNetworks(to: org.id!, text: "192.0.2.0/24", actor: .cli, on: app.db)
            try await q.directory.rebuild(on: app.db)

            let report = scanHTTPReport(rows: 300, extra: [
                "2026-11-22 10:00:00,192.0.2.7,70000,bad.example.az,64500,AZ",
                "2026-11-22 10:00:00,999.1.1.1,80,bad.example.az,64500,AZ",
                "2099-01-01 10:00:00,192.0.2.8,80,future.example.az,64500,AZ",
                "2026-11-22 10:00:00,192.0.2.9",
            ])
            let path = try temporaryFile("2026-11-22-scan_http-azerbaijan-geo.csv", report)
            let plan = try q.feeds.plan(fileName: "2026-11-22-scan_http-azerbaijan-geo.csv", firstBytes: Array(report.utf8.prefix(4096)),
                                        format: nil, report: nil, mapping: nil, feed: nil, feedName: nil, tlp: nil, actor: "test")
            #expect(plan.format == .shadowserver)
            #expect(plan.request.report == "scan_http")
            let first = try await q.ingest.ingest(fileAt: path, fileName: "2026-11-22-scan_http-azerbaijan-geo.csv",
                                                  request: plan.request, parser: plan.parser, on: app.db)
            #expect(first.rows == 304)
            #expect(first.stored == 300)
            #expect(first.duplicates == 0)
            #expect(first.quarantined == 4)
            #expect(first.problems.map(\.line) == [302, 303, 304, 305])
            #expect(first.problems.map(\.key) == ["ingest.invalid_port", "ingest.invalid_ip", "ingest.future_time", "ingest.column_count"])

            // Attribution: the even rows are in 192.0.2.0/24.
            let attributed = try await EventModel.query(on: app.db).filter(\.$organisationID == org.id!).count()
            #expect(attributed == 150)
            let e = try #require(try await EventModel.query(on: app.db).filter(\.$line == 2).first())
            #expect(e.sourceIP == "192.0.2.1")
            #expect(e.sourcePort == 8000)
            // The schema's constants for scan_http.
            #expect(e.classificationType == "other")
            #expect(e.classificationTaxonomy == "other")
            #expect(e.classificationIdentifier == "accessible-http")
            #expect(e.feedName == "shadowserver-scan_http" || e.feedName.contains("scan_http"))
            #expect(e.timeSource == Int64(1_795_342_200))
            let fields = EventRow.fields(fromJSON: e.fields)
            #expect(fields["source.reverse_dns"] == "h0.example.az")
            #expect(fields["time.source"] == "2026-11-22T10:10:00+00:00")

            // The raw file is kept, with its run.
            let run = try #require(try await IngestRunModel.find(first.runID, on: app.db))
            #expect(run.status == "finished")
            #expect(run.stored == 300 && run.quarantined == 4 && run.rowsRead == 304)
            #expect(q.blobs.get(run.blobSHA256).map { String(decoding: $0, as: UTF8.self) } == report)
            let quarantined = try await QuarantinedRowModel.query(on: app.db).filter(\.$runID == first.runID).sort(\.$line).all()
            #expect(quarantined.map(\.line) == [302, 303, 304, 305])
            #expect(quarantined.first?.raw == "2026-11-22 10:00:00,192.0.2.7,70000,bad.example.az,64500,AZ")
            #expect(quarantined.first?.detail.contains("70000") == true)

            // The same file again adds nothing.
            let second = try await q.ingest.ingest(fileAt: path, fileName: "again.csv", request: plan.request,
                                                   parser: plan.parser, on: app.db)
            #expect(second.stored == 0)
            #expect(second.duplicates == 300)
            #expect(try await EventModel.query(on: app.db).count() == 300)

            // A later report with 100 new rows and 100 old ones stores the new ones only.
            let more = try temporaryFile("2026-11-22-scan_http-azerbaijan-geo.csv", scanHTTPReport(rows: 200, from: 200))
            let third = try await q.ingest.ingest(fileAt: more, fileName: "more.csv", request: plan.request, parser: plan.parser, on: app.db)
            #expect(third.stored == 100)
            #expect(third.duplicates == 100)
        }
    }

    @Test("a label chosen for one file is never weaker than its feed's TLP")
    func tlpNeverWeakerThanFeed() async throws {
        try await withQalxan(.sqlite) { app in
            var v = FeedInput()
            v.name = "partner-red"; v.format = "intelmq"; v.tlp = TLP.red.rawValue
            let feed = try await app.qalxan.feeds.save(v, id: nil, actor: .cli, on: app.db)
            let weaker = try app.qalxan.feeds.plan(fileName: "x.jsonl", firstBytes: [], format: nil, report: nil, mapping: nil,
                                                   feed: feed, feedName: nil, tlp: .amber, actor: "test")
            #expect(weaker.request.tlp == .red)
            let none = try app.qalxan.feeds.plan(fileName: "x.jsonl", firstBytes: [], format: .intelmq, report: nil, mapping: nil,
                                                 feed: nil, feedName: "other", tlp: .green, actor: "test")
            #expect(none.request.tlp == .green)
        }
    }

    @Test("an unknown Shadowserver report type names the file and the type, and the file is kept")
    func unknownReport() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath]) { app in
            let q = app.qalxan
            #expect {
                _ = try q.feeds.plan(fileName: "2026-11-22-scan_bogus-azerbaijan-geo.csv", firstBytes: [], format: .shadowserver,
                                     report: nil, mapping: nil, feed: nil, feedName: nil, tlp: nil, actor: "test")
            } throws: { error in
                let d = "\(error)"
                return d.contains("2026-11-22-scan_bogus-azerbaijan-geo.csv") && d.contains("scan_bogus")
            }
        }
    }

    @Test("IntelMQ JSON lines through the bulk API: token scope, quarantine, dedup", arguments: TestDatabase.available)
    func bulkAPI(_ database: TestDatabase) async throws {
        try await withQalxan(database) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            let viewer = try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let write = try await app.qalxan.tokens.create(for: handler, name: "feed", scopes: [.eventsWrite, .eventsRead],
                                                           expiresInDays: nil, actor: .cli, on: app.db).secret
            let readOnly = try await app.qalxan.tokens.create(for: handler, name: "read", scopes: [.eventsRead],
                                                              expiresInDays: nil, actor: .cli, on: app.db).secret
            _ = viewer
            let lines = [
                #"{"time.source":"2026-11-22T10:00:00+00:00","feed.name":"x","classification.type":"c2-server","source.ip":"203.0.113.5","source.port":443,"malware.name":"emotet"}"#,
                #"{"time.source":"2026-11-22T10:00:00+00:00","classification.type":"c2-server","source.ip":"999.1.1.1"}"#,
                #"{"time.source": "2026-11-22T10:05:00+00:00", "classification": {"type": "scanner"}, "source": {"ip": "203.0.113.6"}}"#,
                #"not json"#,
            ].joined(separator: "\n") + "\n"
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: write)
            headers.contentType = .init(type: "application", subType: "x-ndjson")
            let r = try await app.testing().performTest(request: .init(method: .POST, url: "/api/v1/events?feed=partner-feed",
                                                                        headers: headers, body: ByteBuffer(string: lines)))
            #expect(r.status == .ok, "\(r.body.string)")
            let json = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any] ?? [:]
            #expect(json["stored"] as? Int == 2)
            #expect(json["quarantined"] as? Int == 2)
            let problems = json["problems"] as? [[String: Any]] ?? []
            #expect(problems.map { $0["line"] as? Int } == [2, 4])
            let events = try await EventModel.query(on: app.db).sort(\.$line).all()
            #expect(events.map(\.feedName) == ["partner-feed", "partner-feed"])
            #expect(events.first?.malwareName == "emotet")
            #expect(events.last?.classificationTaxonomy == "information-gathering")

            // Again: all duplicates.
            let again = try await app.testing().performTest(request: .init(method: .POST, url: "/api/v1/events?feed=partner-feed",
                                                                            headers: headers, body: ByteBuffer(string: lines)))
            let againJSON = try JSONSerialization.jsonObject(with: Data(again.body.readableBytesView)) as? [String: Any] ?? [:]
            #expect(againJSON["stored"] as? Int == 0)
            #expect(againJSON["duplicates"] as? Int == 2)

            // Reading works with events:read; writing needs events:write.
            var readHeaders = HTTPHeaders()
            readHeaders.bearerAuthorization = BearerAuthorization(token: readOnly)
            let list = try await app.testing().performTest(request: .init(method: .GET, url: "/api/v1/events?network=203.0.113.0/24",
                                                                           headers: readHeaders, body: ByteBuffer()))
            #expect(list.status == .ok)
            #expect(list.body.string.contains("203.0.113.5"))
            let refused = try await app.testing().performTest(request: .init(method: .POST, url: "/api/v1/events",
                                                                              headers: readHeaders, body: ByteBuffer(string: lines)))
            #expect(refused.status == .forbidden)
        }
    }
}

@Suite("Feed ingestion, gzip")
struct IngestGzipTests {
    @Test("a gzip-compressed report is inflated while it is read and stored like the plain one")
    func gzipReport() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath, "QALXAN_INGEST_PIECE_KB": "16"]) { app in
            let q = app.qalxan
            let report = scanHTTPReport(rows: 2_000)
            let plain = try temporaryFile("2026-11-22-scan_http-azerbaijan-geo.csv", report)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["gzip", "-k", plain]
            try p.run()
            p.waitUntilExit()
            let gz = plain + ".gz"
            let plan = try q.feeds.plan(fileName: "2026-11-22-scan_http-azerbaijan-geo.csv.gz", firstBytes: [0x1F, 0x8B], format: nil,
                                        report: nil, mapping: nil, feed: nil, feedName: nil, tlp: nil, actor: "test")
            let s = try await q.ingest.ingest(fileAt: gz, fileName: "2026-11-22-scan_http-azerbaijan-geo.csv.gz",
                                              request: plan.request, parser: plan.parser, on: app.db)
            #expect(s.stored == 2_000 && s.quarantined == 0)
            let again = try await q.ingest.ingest(fileAt: plain, fileName: "plain.csv", request: plan.request, parser: plan.parser, on: app.db)
            #expect(again.stored == 0 && again.duplicates == 2_000)
        }
    }
}

@Suite("Feed ingestion, generic CSV")
struct IngestMappedCSVTests {
    @Test("a CSV read with a mapping given for one run is replayed with the same mapping", arguments: TestDatabase.available)
    func mappedReplay(_ database: TestDatabase) async throws {
        try await withQalxan(database) { app in
            let q = app.qalxan
            let mapping = """
            delimiter = ;
            header = yes
            time_format = %d.%m.%Y %H:%M
            column Zaman = time.source
            column IP = source.ip
            column Port = source.port
            constant classification.type = infected-system
            """
            let text = "Zaman;IP;Port\n22.11.2026 10:00;192.0.2.10;445\n22.11.2026 10:05;192.0.2.11;445\n22.11.2026 10:06;192.0.2.12;99999\n"
            let path = try temporaryFile("partner.csv", text)
            let plan = try q.feeds.plan(fileName: "partner.csv", firstBytes: Array(text.utf8), format: .csv, report: nil,
                                        mapping: mapping, feed: nil, feedName: "partner", tlp: .green, actor: "test")
            let first = try await q.ingest.ingest(fileAt: path, fileName: "partner.csv", request: plan.request, parser: plan.parser, on: app.db)
            #expect(first.stored == 2 && first.quarantined == 1)
            let e = try #require(try await EventModel.query(on: app.db).sort(\.$line).first())
            #expect(e.classificationTaxonomy == "malicious-code")
            #expect(e.tlp == TLP.green.rawValue)
            #expect(e.timeSource == 1_795_341_600)
            let replay = try await q.ingest.replay(first.runID, feeds: q.feeds, actor: .cli, on: app.db)
            #expect(replay.stored == 0 && replay.duplicates == 2 && replay.quarantined == 1)
            let run = try #require(try await IngestRunModel.find(replay.runID, on: app.db))
            #expect(run.replayOf == first.runID)
        }
    }
}
