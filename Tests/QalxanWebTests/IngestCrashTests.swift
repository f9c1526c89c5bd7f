import Foundation
import QalxanCore
import Testing

/// Runs a query on a SQLite database through Python's sqlite3 module, as a second
/// process reading while `qalxan ingest` writes (WAL lets it).
func sqliteScalar(_ database: String, _ query: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import sqlite3,sys\nc=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True,timeout=10)\nprint(c.execute(sys.argv[2]).fetchone()[0])",
                   database, query]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite("Feed ingestion, crash safety")
struct IngestCrashTests {
    @Test("an ingest killed with SIGKILL mid-file, run again, stores every event exactly once")
    func killedMidFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = 40_000
        let file = try temporaryFile("2026-11-22-scan_http-azerbaijan-geo.csv", scanHTTPReport(rows: rows))
        #expect(try qalxan(["migrate", "--yes"], dataDir: dir).status == 0)
        let database = dir + "/qalxan.sqlite"

        // First run: started, then killed once some pieces are stored.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = [".build/debug/qalxan", ".build/x86_64-unknown-linux-gnu/debug/qalxan", ".build/aarch64-unknown-linux-gnu/debug/qalxan"]
            .map { root.appendingPathComponent($0).path }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = ["ingest", file]
        var env = ProcessInfo.processInfo.environment
        env["QALXAN_DATA_DIR"] = dir
        env["QALXAN_DATABASE_URL"] = ""
        env["QALXAN_SHADOWSERVER_SCHEMA"] = schemaPath
        // Small pieces: many transactions, so the kill lands between and within them.
        env["QALXAN_INGEST_PIECE_KB"] = "64"
        process.environment = env
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        try process.run()
        var storedBeforeKill = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            storedBeforeKill = Int((try? sqliteScalar(database, "SELECT count(*) FROM events")) ?? "") ?? 0
            if storedBeforeKill >= 2_000 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let afterKill = Int(try sqliteScalar(database, "SELECT count(*) FROM events")) ?? -1
        #expect(afterKill >= 2_000 && afterKill < rows, "the kill should land mid-file (\(afterKill) stored)")
        #expect(try sqliteScalar(database, "SELECT status FROM ingest_runs") == "running")

        // Second run: completes, storing only what was missing.
        let again = try qalxan(["ingest", file], dataDir: dir, environment: ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("\(rows - afterKill) events stored"), "\(again.out)")
        #expect(again.out.contains("\(afterKill) duplicates"), "\(again.out)")
        #expect(try sqliteScalar(database, "SELECT count(*) FROM events") == "\(rows)")
        #expect(try sqliteScalar(database, "SELECT count(DISTINCT line) FROM events") == "\(rows)")
        #expect(try sqliteScalar(database, "SELECT min(line) || '-' || max(line) FROM events") == "2-\(rows + 1)")
        #expect(try sqliteScalar(database, "SELECT count(*) FROM ingest_runs WHERE status = 'finished'") == "1")
    }
}

@Suite("qalxan ingest")
struct IngestCommandTests {
    @Test("summary and exit codes: 2 with quarantined rows, 1 for an unknown report type (named, file kept), 0 when clean")
    func exitCodes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-ingest-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["QALXAN_SHADOWSERVER_SCHEMA": schemaPath]
        #expect(try qalxan(["migrate", "--yes"], dataDir: dir).status == 0)
        let withBadRow = try temporaryFile("2026-11-22-scan_http-azerbaijan-geo.csv",
                                           scanHTTPReport(rows: 10, extra: ["2026-11-22 10:00:00,192.0.2.7,70000,x.example.az,64500,AZ"]))
        let first = try qalxan(["ingest", withBadRow, "--lang", "az"], dataDir: dir, environment: env)
        #expect(first.status == 2, "\(first.err)")
        #expect(first.out.contains("10 hadisə saxlanıldı"), "\(first.out)")
        #expect(first.err.contains(":12: \(Localizer(.az).t("ingest.invalid_port"))"), "\(first.err)")

        let bogus = try temporaryFile("2026-11-22-scan_bogus-azerbaijan-geo.csv", "timestamp,ip\n2026-11-22 10:00:00,192.0.2.1\n")
        let unknown = try qalxan(["ingest", bogus], dataDir: dir, environment: env)
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("2026-11-22-scan_bogus-azerbaijan-geo.csv") && unknown.err.contains("scan_bogus"), "\(unknown.err)")
        #expect(try sqliteScalar(dir + "/qalxan.sqlite", "SELECT count(*) FROM ingest_runs WHERE status = 'failed'") == "1")

        let clean = try temporaryFile("urlhaus.csv", """
            # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
            "1","2026-11-20 10:05:06","http://192.0.2.44/i","online","2026-11-20 10:05:06","malware_download","elf","https://urlhaus.abuse.ch/url/1/","r"

            """)
        let ok = try qalxan(["ingest", clean, "--format", "urlhaus", "--feed", "urlhaus"], dataDir: dir, environment: env)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("1 events stored"), "\(ok.out)")
        let badFormat = try qalxan(["ingest", clean, "--format", "nope"], dataDir: dir, environment: env)
        #expect(badFormat.status == 1)
        #expect(badFormat.err.contains("nope"))
    }
}

@Suite("qalxan feeds update-schema")
struct UpdateSchemaTests {
    @Test("downloads the schema from a loopback server, checks it, replaces the file; a broken answer keeps the old one")
    func updateSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-schema-\(UUID().uuidString)")
        let served = dir.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: schemaPath, toPath: served.appendingPathComponent("schema.json").path)
        try Data("{\"not\": \"a schema\"".utf8).write(to: served.appendingPathComponent("broken.json"))
        let port = Int.random(in: 40_001...60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", served.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        Thread.sleep(forTimeInterval: 1.0)
        let target = dir.appendingPathComponent("data/shadowserver-schema.json").path
        let env = ["QALXAN_SHADOWSERVER_SCHEMA": target]
        let data = dir.appendingPathComponent("data").path
        #expect(try qalxan(["migrate", "--yes"], dataDir: data).status == 0)
        var ok = try qalxan(["feeds", "update-schema", "--url", "http://127.0.0.1:\(port)/schema.json"], dataDir: data, environment: env)
        for _ in 0..<5 where ok.status != 0 {
            Thread.sleep(forTimeInterval: 1.0)
            ok = try qalxan(["feeds", "update-schema", "--url", "http://127.0.0.1:\(port)/schema.json"], dataDir: data, environment: env)
        }
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("report types"), "\(ok.out)")
        #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: schemaPath))
        let broken = try qalxan(["feeds", "update-schema", "--url", "http://127.0.0.1:\(port)/broken.json"], dataDir: data, environment: env)
        #expect(broken.status == 1)
        #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: schemaPath))
    }
}
