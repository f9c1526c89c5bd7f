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

@Suite("Feeds, runs and events in the console")
struct FeedConsoleTests {
    @Test("upload a file, see its run and quarantine, explore and filter events, replay, promote to an incident; roles and TLP:RED")
    func console() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath]) { app in
            try await makeUser(app, "admin@cert.example.az", role: .administrator)
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let org = try await app.qalxan.organisations.create(
                OrganisationInput(nameEn: "Example Bank", nameAz: "Nümunə Bank", kind: "constituent", country: "AZ"),
                actor: .cli, on: app.db)
            _ = try await app.qalxan.organisations.addNetworks(to: org.id!, text: "192.0.2.0/24", actor: .cli, on: app.db)
            try await app.qalxan.directory.rebuild(on: app.db)
            let b = Browser(app)
            try await b.signIn("admin@cert.example.az", lang: "az")
            let az = Localizer(.az)

            // A feed is configured; bad settings are refused in Azerbaijani with what was typed kept.
            var csrf = try await b.csrf(from: "/az/console/feeds/new")
            let refused = try await b.post("/az/console/feeds/new", [
                ("_csrf", csrf), ("name", "<b>scan</b>"), ("provider", "Shadowserver"), ("format", "shadowserver"),
                ("url", "ftp://x"), ("schedule_minutes", "-5"), ("tlp", "TLP:AMBER"), ("enabled", "1"),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(HTMLText.escaped(az.t("error.feed.url"))))
            #expect(refused.body.string.contains("&lt;b&gt;scan&lt;/b&gt;"))
            #expect(!refused.body.string.contains("<b>scan</b>"))
            let created = try await b.post("/az/console/feeds/new", [
                ("_csrf", csrf), ("name", "shadowserver-az"), ("provider", "Shadowserver"), ("format", "shadowserver"),
                ("schedule_minutes", "0"), ("tlp", "TLP:AMBER"), ("enabled", "1"),
            ])
            #expect(created.status == .seeOther)
            let feeds = try await b.get("/az/console/feeds")
            #expect(feeds.body.string.contains("shadowserver-az"))

            // Upload a report through the console.
            csrf = try await b.csrf(from: "/az/console/runs")
            let report = scanHTTPReport(rows: 20, extra: ["2026-11-22 10:00:00,192.0.2.7,70000,<script>x</script>,64500,AZ"])
            let upload = try await b.postMultipart("/az/console/ingest", [("_csrf", csrf), ("feed", "shadowserver-az"), ("format", ""),
                                                                          ("report", ""), ("tlp", "TLP:AMBER")],
                                                   files: [("file", "2026-11-22-scan_http-azerbaijan-geo.csv", Data(report.utf8))])
            #expect(upload.status == .seeOther, "\(upload.body.string.prefix(500))")
            let runPath = try #require(upload.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let run = try await b.get(runPath)
            #expect(run.status == .ok)
            #expect(run.body.string.contains(HTMLText.escaped(az.t("ingest.invalid_port"))))
            #expect(run.body.string.contains("&lt;script&gt;x&lt;/script&gt;"))
            #expect(!run.body.string.contains("<script>x</script>"))
            let runID = try #require(UUID(uuidString: String(runPath.split(separator: "/").last!)))
            let stored = try await EventModel.query(on: app.db).count()
            #expect(stored == 20)
            #expect(try await EventModel.query(on: app.db).first()?.feedName == "shadowserver-az")

            // The kept file can be downloaded, as an attachment.
            let file = try await b.get(runPath + "/file")
            #expect(file.status == .ok)
            #expect(file.body.string == report)
            #expect(file.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)

            // Replay: a new run pointing back, nothing stored twice.
            csrf = try await b.csrf(from: runPath)
            let replay = try await b.post(runPath + "/replay", [("_csrf", csrf)])
            #expect(replay.status == .seeOther)
            let replayRun = try #require(try await IngestRunModel.query(on: app.db).filter(\.$replayOf == runID).first())
            #expect(replayRun.stored == 0 && replayRun.duplicates == 20 && replayRun.quarantined == 1)
            #expect(try await EventModel.query(on: app.db).count() == 20)

            // The explorer: counts per organisation, filter by prefix, by organisation.
            let explorer = try await b.get("/az/console/events")
            #expect(explorer.status == .ok)
            #expect(explorer.body.string.contains("Nümunə Bank"))
            let filtered = try await b.get("/az/console/events?ip=198.51.100.0/24")
            #expect(filtered.body.string.contains("198.51.100."))
            #expect(!filtered.body.string.contains("192.0.2.1<"))
            let byOrg = try await b.get("/az/console/events?organisation=\(org.id!.uuidString)")
            #expect(byOrg.body.string.contains("192.0.2."))
            #expect(!byOrg.body.string.contains("198.51.100."))
            let bad = try await b.get("/az/console/events?ip=not-an-address&asn=ASX")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(HTMLText.escaped(az.t("error.network.asn"))))

            // One event's page shows every field.
            let first = try #require(try await EventModel.query(on: app.db).filter(\.$line == 2).first())
            let eventPage = try await b.get("/az/console/events/\(first.id!)")
            #expect(eventPage.body.string.contains("source.reverse_dns"))
            #expect(eventPage.body.string.contains("h0.example.az"))

            // Promote two events into an incident, which then names the bank as affected.
            let ids = try await EventModel.query(on: app.db).filter(\.$organisationID == org.id!).limit(2).all().map { String($0.id!) }
            csrf = try await b.csrf(from: "/az/console/events")
            let promote = try await b.post("/az/console/events/promote",
                                           [("_csrf", csrf), ("title", "Açıq HTTP xidmətləri")] + ids.map { ("event", $0) })
            #expect(promote.status == .seeOther)
            let incidentPath = try #require(promote.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let incident = try await b.get(incidentPath)
            #expect(incident.body.string.contains("Açıq HTTP xidmətləri"))
            #expect(incident.body.string.contains("Nümunə Bank"))

            // A viewer sees events but not feed settings, uploads or promotion; never TLP:RED events.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE events SET tlp = 'TLP:RED' WHERE line = 3").run()
            let v = Browser(app)
            try await v.signIn("viewer@cert.example.az")
            let viewerList = try await v.get("/en/console/events?per_page=100")
            #expect(viewerList.status == .ok)
            #expect(!viewerList.body.string.contains("198.51.100.2<"))
            let red = try #require(try await EventModel.query(on: app.db).filter(\.$line == 3).first())
            #expect(try await v.get("/en/console/events/\(red.id!)").status == .notFound)
            #expect(try await v.get("/en/console/feeds/new").status == .forbidden)
            let viewerCSRF = try await v.csrf(from: "/en/console/events")
            let viewerUpload = try await v.postMultipart("/en/console/ingest", [("_csrf", viewerCSRF)],
                                                         files: [("file", "x.csv", Data(report.utf8))])
            #expect(viewerUpload.status == .forbidden)
            let viewerPromote = try await v.post("/en/console/events/promote", [("_csrf", viewerCSRF), ("event", ids[0])])
            #expect(viewerPromote.status == .forbidden)
            // A RED run (its file and refused rows) is not for viewers, in the console or the API.
            try await sql.raw("UPDATE ingest_runs SET tlp = 'TLP:RED' WHERE id = \(bind: runID)").run()
            #expect(try await v.get(runPath.replacingOccurrences(of: "/az/", with: "/en/")).status == .notFound)
            #expect(try await v.get(runPath.replacingOccurrences(of: "/az/", with: "/en/") + "/file").status == .notFound)
            #expect(try await b.get(runPath).status == .ok)
            // CSRF on every form.
            let noToken = try await b.post("/az/console/events/promote", [("event", ids[0])])
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("scheduled fetching: a URL on loopback (with ETag) and a watched directory; errors shown on the feed")
    func scheduler() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath]) { app in
            let served = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-served-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: served) }
            let urlhaus = """
            ################################################################
            # abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #
            ################################################################
            #
            # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
            "3312520","2026-11-20 10:05:06","http://192.0.2.44:43210/i","online","2026-11-20 10:05:06","malware_download","32-bit,elf,mips,Mozi","https://urlhaus.abuse.ch/url/3312520/","geenensp"
            "3312521","2026-11-20 10:06:06","http://bad.example.az/x.exe","offline","2026-11-20 10:06:06","malware_download","exe","https://urlhaus.abuse.ch/url/3312521/","anon"

            """
            try Data(urlhaus.utf8).write(to: served.appendingPathComponent("csv_recent.txt"))
            // A loopback HTTP server.
            let port = Int.random(in: 20_000...40_000)
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // A file server that tags its answers with an ETag and answers 304 to it.
            let script = """
            import http.server, sys
            class H(http.server.SimpleHTTPRequestHandler):
                def __init__(s, *a, **k): super().__init__(*a, directory=sys.argv[2], **k)
                def end_headers(s):
                    s.send_header("ETag", '"v1"'); super().end_headers()
                def do_GET(s):
                    if s.headers.get("If-None-Match") == '"v1"':
                        s.send_response(304); s.end_headers(); return
                    super().do_GET()
            http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
            """
            server.arguments = ["python3", "-c", script, String(port), served.path]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
            let url = "http://127.0.0.1:\(port)/csv_recent.txt"
            var up = false
            for _ in 0..<50 where !up {
                if let r = try? await app.client.get(URI(string: url)), r.status == .ok { up = true } else { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(up)

            var web = FeedInput()
            web.name = "urlhaus"; web.provider = "abuse.ch"; web.format = "urlhaus"; web.url = url; web.scheduleMinutes = "60"
            web.tlp = TLP.clear.rawValue
            _ = try await app.qalxan.feeds.save(web, id: nil, actor: .cli, on: app.db)
            let watched = served.appendingPathComponent("watched")
            try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
            try Data(scanHTTPReport(rows: 5).utf8).write(to: watched.appendingPathComponent("2026-11-22-scan_http-azerbaijan-geo.csv"))
            try Data("nothing here".utf8).write(to: watched.appendingPathComponent("2026-11-22-scan_bogus-azerbaijan-geo.csv"))
            var dir = FeedInput()
            dir.name = "shadowserver"; dir.provider = "Shadowserver"; dir.format = "shadowserver"; dir.directory = watched.path
            dir.scheduleMinutes = "5"
            _ = try await app.qalxan.feeds.save(dir, id: nil, actor: .cli, on: app.db)

            let now = Date()
            let runs = try await FeedScheduler.tick(app, now: now)
            #expect(runs.count == 2, "\(runs.map(\.fileName))")
            #expect(try await EventModel.query(on: app.db).filter(\.$feedName == "urlhaus").count() == 2)
            #expect(try await EventModel.query(on: app.db).filter(\.$feedName == "shadowserver").count() == 5)
            let webEvent = try #require(try await EventModel.query(on: app.db).filter(\.$feedName == "urlhaus").sort(\.$line).first())
            #expect(webEvent.sourceIP == "192.0.2.44")
            #expect(webEvent.tlp == TLP.clear.rawValue)
            #expect(webEvent.classificationType == "malware-distribution")
            // The good file moved to processed/; the unknown report type stays and is named on the feed.
            #expect(FileManager.default.fileExists(atPath: watched.appendingPathComponent("processed/2026-11-22-scan_http-azerbaijan-geo.csv").path))
            let shadow = try #require(try await app.qalxan.feeds.feed(named: "shadowserver", on: app.db))
            #expect(shadow.lastError?.contains("scan_bogus") == true)
            let failed = try await IngestRunModel.query(on: app.db).filter(\.$status == "failed").all()
            #expect(failed.map(\.fileName) == ["2026-11-22-scan_bogus-azerbaijan-geo.csv"])

            // Not due yet: nothing fetched. Due again: the server's ETag means no new run.
            #expect(try await FeedScheduler.tick(app, now: now.addingTimeInterval(60)).isEmpty)
            let again = try await FeedScheduler.tick(app, now: now.addingTimeInterval(3_700))
            #expect(again.filter { $0.fileName == "csv_recent.txt" }.isEmpty)
            #expect(try await IngestRunModel.query(on: app.db).filter(\.$feedName == "urlhaus").count() == 1)
            #expect(try await app.qalxan.feeds.feed(named: "urlhaus", on: app.db)?.etag == "\"v1\"")
            #expect(try await EventModel.query(on: app.db).filter(\.$feedName == "urlhaus").count() == 2)
        }
    }
}
