import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
import SQLKit

// `qalxan-bench NAME`: measures one thing, prints progress on stderr and its figures as
// one JSON object on the last line of stdout. Links the core, storage, services and
// views, not Vapor: the list page is measured as query + render, without HTTP.

func progress(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
    return 0
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = p / 100 * Double(sorted.count - 1)
    let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
}

func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

/// A small, fast, seeded generator, so every run seeds the same data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func benchIncidents(count: Int, requests: Int) async throws -> [String: Any] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let elg = MultiThreadedEventLoopGroup.singleton
    let databases = Databases(threadPool: NIOThreadPool.singleton, on: elg)
    databases.use(.sqlite(.file(dir.appendingPathComponent("bench.sqlite").path)), as: .sqlite)
    defer { Task { await databases.shutdownAsync() } }
    let db = databases.database(logger: logger, on: elg.any())!
    try await DatabaseSetup.tune(db)
    let migrations = Migrations()
    migrations.add(QalxanMigrations.all)
    let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: elg.any())
    try await migrator.setupIfNeeded().get()
    try await migrator.prepareBatch().get()

    // Staff to assign incidents to.
    var users: [UserModel] = []
    for i in 0..<25 {
        let u = UserModel(email: "handler\(i)@cert.example.az", name: "Handler \(i)", role: i < 3 ? .coordinator : .handler,
                          passwordHash: "x")
        try await u.create(on: db)
        users.append(u)
    }

    progress("seeding \(count) incidents…")
    var rng = SplitMix64(state: 42)
    let types: [(String, String)] = Taxonomy.classes.flatMap { c in c.types.map { (c.key, $0) } }
    let statuses: [(IncidentStatus, Int)] = [(.new, 5), (.open, 10), (.inProgress, 10), (.waiting, 5), (.resolved, 15),
                                             (.closed, 50), (.rejected, 4), (.merged, 1)]
    let statusTotal = statuses.map(\.1).reduce(0, +)
    let words = ["phishing", "bank", "ministry", "ransomware", "scan", "ddos", "botnet", "leak", "credentials", "portal",
                 "university", "mail", "server", "vpn", "exploit", "defacement", "malware", "c2", "spam", "outage"]
    let start = Date().addingTimeInterval(-2 * 365 * 86_400)
    let seedStart = Date()
    let batch = 2000
    var created = 0
    while created < count {
        let n = min(batch, count - created)
        let base = created
        var models: [IncidentModel] = []
        models.reserveCapacity(n)
        for i in 0..<n {
            let seq = base + i + 1
            var pick = Int.random(in: 0..<statusTotal, using: &rng)
            var status = IncidentStatus.new
            for (s, w) in statuses { if pick < w { status = s; break }; pick -= w }
            let (cls, type) = types[Int.random(in: 0..<types.count, using: &rng)]
            let severity = Severity.allCases[Int.random(in: 0..<4, using: &rng)]
            let tlp = TLP.allCases[Int.random(in: 0..<TLP.allCases.count, using: &rng)]
            let created = start.addingTimeInterval(Double(seq) * (2 * 365 * 86_400) / Double(count))
            let m = IncidentModel()
            m.id = UUID()
            m.number = TrackingNumber(prefix: "QX", year: DateText.year(created), sequence: seq).description
            m.title = "\(words[Int.random(in: 0..<words.count, using: &rng)]) \(words[Int.random(in: 0..<words.count, using: &rng)]) incident \(seq)"
            m.description = "Seeded incident \(seq)"
            m.status = status.rawValue
            m.rsitClass = cls
            m.rsitType = type
            m.severity = severity.rawValue
            m.severityRank = severity.rank
            m.tlp = tlp.rawValue
            m.pap = PAP.amber.rawValue
            m.assigneeID = Int.random(in: 0..<10, using: &rng) < 3 ? nil : users[Int.random(in: 0..<users.count, using: &rng)].id
            m.affectedSystems = "185.\(seq % 256).\(seq / 256 % 256).\(seq % 200 + 1)\nhost\(seq).example.az"
            m.createdAt = created
            m.updatedAt = created.addingTimeInterval(Double(Int.random(in: 0..<86_400, using: &rng)))
            m.refreshSearchText()
            models.append(m)
        }
        let batchModels = models
        try await db.transaction { tx in try await batchModels.create(on: tx) }
        created += n
        if created % 20_000 == 0 { progress("  \(created) / \(count)") }
    }
    let seedSeconds = Date().timeIntervalSince(seedStart)
    if let sql = db as? any SQLDatabase { try await sql.raw("ANALYZE").run() }
    progress("seeded in \(String(format: "%.1f", seedSeconds)) s; measuring \(requests) list pages…")

    let coordinator = users[0]
    let actor = Actor(userID: coordinator.id, label: coordinator.email, role: .coordinator, address: "bench")
    let ctx = PageContext(language: .en, path: "/en/console/incidents", csrfToken: "bench",
                          user: SignedInUser(ref: coordinator.ref, role: .coordinator), teamName: "Bench CERT")
    let assignees = try await IncidentQuery.assignableUsers(on: db)
    // The list as staff use it: the default page, each filter, search, sorting, deep pages.
    let scenarios: [(String, [(String, String)])] = [
        ("default", []),
        ("status_active", [("status", "active")]),
        ("status_open", [("status", "open")]),
        ("class", [("class", "fraud")]),
        ("type_severity", [("type", "malicious-code/c2-server"), ("severity", "high")]),
        ("assignee", [("assignee", users[5].email)]),
        ("unassigned_new", [("assignee", "none"), ("status", "new")]),
        ("tlp", [("tlp", "red")]),
        ("search", [("q", "ransomware")]),
        ("search_number", [("q", "QX-2025-0500")]),
        ("sort_severity", [("sort", "severity")]),
        ("sort_updated_asc", [("sort", "updated"), ("order", "asc")]),
        ("page_100", [("page", "100")]),
        ("page_1000", [("page", "1000")]),
    ]
    if CommandLine.arguments.contains("--explain"), let sql = db as? any SQLDatabase {
        for (name, q) in scenarios {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await IncidentQuery.list(IncidentFilter(query: q), actor: actor, on: db)
            progress("\(name): \(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) ms")
            _ = sql
        }
    }
    // Warm up caches once per scenario.
    for (_, q) in scenarios { _ = try await IncidentQuery.list(IncidentFilter(query: q), actor: actor, on: db) }
    var all: [Double] = []
    var perScenario: [String: [Double]] = [:]
    var bytes = 0
    for i in 0..<requests {
        let (name, q) = scenarios[i % scenarios.count]
        let t0 = DispatchTime.now().uptimeNanoseconds
        let filter = IncidentFilter(query: q)
        let page = try await IncidentQuery.list(filter, actor: actor, on: db)
        let html = ConsolePages.incidents(IncidentListModel(filter: filter, page: page, assignees: assignees, canCreate: true), ctx)
        bytes += html.raw.utf8.count
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        all.append(ms)
        perScenario[name, default: []].append(ms)
    }
    all.sort()
    var scenarioP95: [String: Double] = [:]
    var scenarioMedian: [String: Double] = [:]
    for (k, v) in perScenario {
        scenarioP95[k] = round3(percentile(v.sorted(), 95))
        scenarioMedian[k] = round3(percentile(v.sorted(), 50))
    }
    return [
        "benchmark": "incidents",
        "database": "sqlite",
        "incidents": count,
        "requests": requests,
        "seed_s": round3(seedSeconds),
        "median_ms": round3(percentile(all, 50)),
        "p95_ms": round3(percentile(all, 95)),
        "p99_ms": round3(percentile(all, 99)),
        "max_ms": round3(all.last ?? 0),
        "p95_ms_by_scenario": scenarioP95,
        "median_ms_by_scenario": scenarioMedian,
        "avg_page_kb": round3(Double(bytes) / Double(max(requests, 1)) / 1024),
        "peak_rss_mb": round3(peakRSSMegabytes()),
    ]
}

/// Builds a resolver over `count` prefixes (80% IPv4 /16–/32, 20% IPv6 /29–/64) and
/// measures random lookups on one core.
func benchLookup(count: Int, lookups: Int) -> [String: Any] {
    var rng = SplitMix64(state: 2026)
    progress("generating \(count) prefixes…")
    var v4: [(address: UInt32, length: UInt8, organisation: Int32)] = []
    var v6: [(address: UInt128, length: UInt8, organisation: Int32)] = []
    v4.reserveCapacity(count * 8 / 10 + 1)
    v6.reserveCapacity(count * 2 / 10 + 1)
    for i in 0..<count {
        if i % 5 != 4 {
            let a = UInt32(truncatingIfNeeded: rng.next())
            let length = 16 + Int(rng.next() % 17)
            v4.append((a & ~UInt32(0) << UInt32(32 - length), UInt8(length), 0))
        } else {
            // Global unicast 2000::/3, as the RIRs delegate it.
            let hi = (UInt128(0x2000) << 112) | (UInt128(rng.next()) << 48 & (~UInt128(0) >> 3))
            let length = 29 + Int(rng.next() % 36)
            v6.append((hi & ~UInt128(0) << UInt128(128 - length), UInt8(length), 0))
        }
    }
    let organisations = 50_000
    for i in v4.indices { v4[i].organisation = Int32(rng.next() % UInt64(organisations)) }
    for i in v6.indices { v6[i].organisation = Int32(rng.next() % UInt64(organisations)) }
    progress("building the table…")
    let t0 = DispatchTime.now().uptimeNanoseconds
    let resolver = PrefixResolver(v4: v4, v6: v6, parents: [Int32](repeating: -1, count: organisations))
    let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9

    // Addresses to look up: half inside a known prefix, half anywhere; 80% IPv4.
    progress("generating \(lookups) addresses…")
    var a4: [UInt32] = []
    var a6: [UInt128] = []
    a4.reserveCapacity(lookups - lookups / 5)
    a6.reserveCapacity(lookups / 5)
    for i in 0..<lookups {
        let inside = rng.next() & 1 == 0
        if i % 5 != 4 {
            if inside {
                a4.append(v4[Int(rng.next() % UInt64(v4.count))].address &+ UInt32(truncatingIfNeeded: rng.next() & 0xFF))
            } else {
                a4.append(UInt32(truncatingIfNeeded: rng.next()))
            }
        } else {
            if inside {
                a6.append(v6[Int(rng.next() % UInt64(v6.count))].address | UInt128(rng.next() & 0xFFFF))
            } else {
                a6.append((UInt128(0x2000) << 112) | (UInt128(rng.next()) << 48 & (~UInt128(0) >> 3)))
            }
        }
    }
    let count4 = v4.count, count6 = v6.count
    v4 = []
    v6 = []
    progress("looking up…")

    // Batches of 4096 addresses (16 KB of answers), as a feed would resolve them;
    // counting the hits is part of the work measured.
    let chunk = 4096
    var out = [Int32](repeating: 0, count: chunk)
    func batch4() -> Int {
        a4.withUnsafeBufferPointer { k in
            out.withUnsafeMutableBufferPointer { o in
                var hits = 0
                var i = 0
                while i < k.count {
                    let n = min(chunk, k.count - i)
                    resolver.organisations(v4: UnsafeBufferPointer(rebasing: k[i..<(i + n)]), into: o)
                    for j in 0..<n where o[j] >= 0 { hits += 1 }
                    i += n
                }
                return hits
            }
        }
    }
    func batch6() -> Int {
        a6.withUnsafeBufferPointer { k in
            out.withUnsafeMutableBufferPointer { o in
                var hits = 0
                var i = 0
                while i < k.count {
                    let n = min(chunk, k.count - i)
                    resolver.organisations(v6: UnsafeBufferPointer(rebasing: k[i..<(i + n)]), into: o)
                    for j in 0..<n where o[j] >= 0 { hits += 1 }
                    i += n
                }
                return hits
            }
        }
    }
    func seconds(_ t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }

    var found = 0
    var best = Double.infinity, best4 = Double.infinity, best6 = Double.infinity
    for _ in 0..<3 {
        let t4 = DispatchTime.now().uptimeNanoseconds
        let hits4 = batch4()
        let s4 = seconds(t4)
        let t6 = DispatchTime.now().uptimeNanoseconds
        let hits6 = batch6()
        let s6 = seconds(t6)
        best = min(best, s4 + s6)
        best4 = min(best4, s4)
        best6 = min(best6, s6)
        found = hits4 + hits6
    }
    // One call per address, in the original order (every fifth address is IPv6).
    var singleBest = Double.infinity
    for _ in 0..<3 {
        let t0 = DispatchTime.now().uptimeNanoseconds
        var hits = 0
        a4.withUnsafeBufferPointer { k4 in
            a6.withUnsafeBufferPointer { k6 in
                var i4 = 0, i6 = 0
                for i in 0..<lookups {
                    let a: IPAddress
                    if i % 5 != 4 { a = .v4(k4[i4]); i4 += 1 } else { a = .v6(k6[i6]); i6 += 1 }
                    if resolver.organisation(for: a) != nil { hits += 1 }
                }
            }
        }
        singleBest = min(singleBest, seconds(t0))
        precondition(hits == found, "batch and single lookups disagree")
    }
    return [
        "benchmark": "lookup",
        "prefixes": count,
        "ipv4_prefixes": count4,
        "ipv6_prefixes": count6,
        "build_s": round3(buildSeconds),
        "table_mb": round3(Double(resolver.prefixTableBytes) / 1_048_576),
        "lookups": lookups,
        "batch": chunk,
        "lookups_per_s": Int(Double(lookups) / best),
        "ipv4_lookups_per_s": Int(Double(a4.count) / best4),
        "ipv6_lookups_per_s": Int(Double(a6.count) / best6),
        "single_lookups_per_s": Int(Double(lookups) / singleBest),
        "hit_ratio": round3(Double(found) / Double(lookups)),
        "peak_rss_mb": round3(peakRSSMegabytes()),
    ]
}

/// A realistic Shadowserver `scan_http` report, rows `range` of it, with its header: the
/// benchmark generates and parses it chunk by chunk, so memory stays flat as N grows.
func scanHTTPChunk(columns: [String], range: Range<Int>) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(range.count * 420 + 1024)
    out += Array(columns.joined(separator: ",").utf8)
    out.append(0x0A)
    let servers = ["Apache/2.4.58 (Debian)", "nginx/1.24.0", "Microsoft-IIS/10.0", "lighttpd/1.4.69", "\"Apache/2.4.41 (Ubuntu), PHP/7.4\""]
    for i in range {
        var first = true
        for c in columns {
            if !first { out.append(0x2C) }
            first = false
            let v: String
            switch c {
            case "timestamp": v = "2026-11-22 \(10 + i % 10):\(10 + i % 50):\(10 + i % 40)"
            case "ip": v = "185.\(18 + i % 60).\(i >> 8 & 255).\(i & 255)"
            case "protocol": v = "tcp"
            case "port": v = String([80, 443, 8080, 8443, 8000][i % 5])
            case "hostname": v = i % 3 == 0 ? "" : "host\(i % 50_000).example.az"
            case "tag": v = i % 7 == 0 ? "cve-2021-41773;http" : "http"
            case "asn": v = String(29049 + i % 200)
            case "geo": v = "AZ"
            case "region": v = "BAKI"
            case "city": v = "BAKU"
            case "naics": v = "517311"
            case "sector": v = "\"Communications, Service Provider, and Hosting Service\""
            case "http": v = "HTTP/1.1"
            case "http_code": v = String([200, 301, 401, 403, 404][i % 5])
            case "http_reason": v = ["OK", "Moved Permanently", "Unauthorized", "Forbidden", "Not Found"][i % 5]
            case "content_type": v = "text/html; charset=UTF-8"
            case "connection": v = "close"
            case "server": v = servers[i % servers.count]
            case "content_length": v = String(612 + i % 4000)
            case "http_date": v = "\"Sun, 22 Nov 2026 10:\(10 + i % 50):00 GMT\""
            case "severity": v = "medium"
            case "hostname_source": v = i % 3 == 0 ? "" : "ptr"
            default: v = ""
            }
            out += Array(v.utf8)
        }
        out.append(0x0A)
    }
    return out
}

/// A constituency of `count` organisations, each with one /24 in the range the generated
/// report's addresses come from (about two thirds of them fall inside one), and every
/// tenth with an AS number.
func benchConstituency(count: Int) -> ConstituencyTable {
    var organisations: [ConstituencyTable.Organisation] = []
    var networks: [(value: NetworkValue, organisation: UUID)] = []
    organisations.reserveCapacity(count)
    for i in 0..<count {
        let id = UUID()
        organisations.append(ConstituencyTable.Organisation(
            ref: OrganisationRef(id: id, nameEn: "Org \(i)", nameAz: "Təşkilat \(i)", kind: .constituent, country: "AZ"),
            parent: nil))
        let base = UInt32(185) << 24 | UInt32(18) << 16
        let prefix = IPPrefix(address: .v4(base + UInt32(i) << 8), length: 24)
        networks.append((.prefix(prefix), id))
        if i % 10 == 0 { networks.append((.asn(UInt32(64_512 + i / 10)), id)) }
    }
    return ConstituencyTable(organisations: organisations, networks: networks, geo: .empty)
}

/// Writes a generated `scan_http` report of `rows` rows to `path`, chunk by chunk.
func writeScanHTTP(rows: Int, columns: [String], to path: String) throws -> Int {
    FileManager.default.createFile(atPath: path, contents: nil)
    let out = FileHandle(forWritingAtPath: path)!
    defer { try? out.close() }
    var bytes = 0
    var start = 0
    while start < rows {
        let end = min(rows, start + 50_000)
        let input = scanHTTPChunk(columns: columns, range: start..<end)
        // Each generated chunk repeats the header; the file has it once.
        let body = start == 0 ? input[...] : input[(input.firstIndex(of: 0x0A)! + 1)...]
        try out.write(contentsOf: Data(body))
        bytes += body.count
        start = end
    }
    return bytes
}

/// Generates a `scan_http` report of `rows` rows as a file, parses it (parse only), then
/// ingests it end to end into a new SQLite database (attribution against 10,000
/// organisations, dedup, quarantine, batched writes), then ingests it again (every
/// event a duplicate).
func benchIngest(rows: Int, schemaPath: String, endToEnd: Bool) async throws -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: schemaPath) else {
        progress("cannot read the Shadowserver schema at \(schemaPath) (use --schema PATH)")
        exit(2)
    }
    let schema = try ShadowserverSchema.load([UInt8](data))
    guard let report = schema.report(named: "scan_http") else { progress("no scan_http report in the schema"); exit(2) }
    var columns: [String] = []
    for m in report.required + report.optional where !columns.contains(m.column) { columns.append(m.column) }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("2026-11-22-scan_http-azerbaijan-geo.csv").path
    progress("generating \(rows) rows…")
    let bytes = try writeScanHTTP(rows: rows, columns: columns, to: file)

    // The generated rows are dated 2026-11-22: "now" is the day after, so none is in the future.
    let now = Date(timeIntervalSince1970: 1_795_435_200)
    progress("parsing…")
    var parser = ShadowserverParser(report: report, now: now)
    var parsed = 0, problems = 0
    var firstProblem = ""
    let t0 = DispatchTime.now().uptimeNanoseconds
    try parser.parse(fileAt: file) { outcome in
        switch outcome {
        case .event: parsed += 1
        case .problem(let p):
            if problems == 0 { firstProblem = "\(p.key): \(p.detail)" }
            problems += 1
        }
    }
    let parseSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    var result: [String: Any] = [
        "benchmark": "ingest",
        "rows": rows,
        "bytes": bytes,
        "events": parsed,
        "problems": problems,
        "first_problem": firstProblem,
        "parse_s": round3(parseSeconds),
        "parse_rows_per_s": Int(Double(rows) / max(parseSeconds, 1e-9)),
        "parse_mb_per_s": round3(Double(bytes) / 1_048_576 / max(parseSeconds, 1e-9)),
        "parse_peak_rss_mb": round3(peakRSSMegabytes()),
    ]
    guard endToEnd else { result["peak_rss_mb"] = round3(peakRSSMegabytes()); return result }

    // Parse, attribute and build rows (dedup key, JSON), without storing: the pipeline's
    // own cost, apart from the database.
    let table = benchConstituency(count: 10_000)
    progress("parsing, attributing and building rows…")
    var rowParser = ShadowserverParser(report: report, now: now)
    var built = 0
    let b0 = DispatchTime.now().uptimeNanoseconds
    try rowParser.parse(fileAt: file) { outcome in
        guard case .event(let event, let line) = outcome else { return }
        let attribution = table.attribute(ip: event.sourceIP, asn: event.sourceASN, domain: event["source.fqdn"])
        let row = EventRow(event: event, line: line, feedName: "scan_http", observed: 1_795_435_200, tlp: "TLP:AMBER",
                           attribution: attribution)
        if !row.dedupKey.isEmpty { built += 1 }
    }
    let rowSeconds = Double(DispatchTime.now().uptimeNanoseconds - b0) / 1e9
    result["pipeline_without_storage_rows_per_s"] = Int(Double(built) / max(rowSeconds, 1e-9))

    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let elg = MultiThreadedEventLoopGroup.singleton
    let databases = Databases(threadPool: NIOThreadPool.singleton, on: elg)
    databases.use(.sqlite(.file(dir.appendingPathComponent("bench.sqlite").path)), as: .sqlite)
    let db = databases.database(logger: logger, on: elg.any())!
    try await DatabaseSetup.tune(db)
    let migrations = Migrations()
    migrations.add(QalxanMigrations.all)
    let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: elg.any())
    try await migrator.setupIfNeeded().get()
    try await migrator.prepareBatch().get()
    let service = IngestService(blobs: BlobStore(root: dir.appendingPathComponent("blobs")), table: { table })
    let request = IngestRequest(feedName: "scan_http", format: "shadowserver", report: "scan_http", actor: "bench")

    progress("ingesting end to end into SQLite…")
    let e0 = DispatchTime.now().uptimeNanoseconds
    let first = try await service.ingest(fileAt: file, fileName: "2026-11-22-scan_http-azerbaijan-geo.csv", request: request,
                                         parser: ShadowserverParser(report: report, now: now), on: db, now: now) { p in
        if p.rows % 100_000 < 800 { progress("  \(p.rows) rows, \(Int(Double(p.rows) / max(p.seconds, 1e-9))) rows/s") }
    }
    let endSeconds = Double(DispatchTime.now().uptimeNanoseconds - e0) / 1e9
    let attributed = try await (db as! any SQLDatabase).raw("SELECT count(*) AS n FROM events WHERE organisation_id IS NOT NULL")
        .first(decodingColumn: "n", as: Int.self) ?? 0

    progress("ingesting the same file again…")
    let r0 = DispatchTime.now().uptimeNanoseconds
    let second = try await service.ingest(fileAt: file, fileName: "again.csv", request: request,
                                          parser: ShadowserverParser(report: report, now: now), on: db, now: now)
    let rerunSeconds = Double(DispatchTime.now().uptimeNanoseconds - r0) / 1e9
    let dbBytes = (try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("bench.sqlite").path)[.size] as? Int) ?? 0
    try await databases.shutdownAsync()

    result["end_to_end_s"] = round3(endSeconds)
    result["end_to_end_events_per_s"] = Int(Double(first.events) / max(endSeconds, 1e-9))
    result["stored"] = first.stored
    result["duplicates"] = first.duplicates
    result["quarantined"] = first.quarantined
    result["attributed"] = attributed
    result["rerun_s"] = round3(rerunSeconds)
    result["rerun_events_per_s"] = Int(Double(second.events) / max(rerunSeconds, 1e-9))
    result["rerun_stored"] = second.stored
    result["database_mb"] = round3(Double(dbBytes) / 1_048_576)
    result["peak_rss_mb"] = round3(peakRSSMegabytes())
    return result
}

/// Renders the event digests of `organisations` organisations sharing `events` events:
/// the summary table, the CSV file and the whole MIME message of each (not signed:
/// GnuPG runs once per message and is measured apart).
func benchDigest(organisations: Int, events: Int) -> [String: Any] {
    progress("making \(events) events for \(organisations) organisations…")
    let types = ["scanner", "infected-system", "vulnerable-system", "ddos-amplifier", "brute-force", "phishing"]
    var rng = SplitMix64(state: 7)
    var byOrg = [[DigestEvent]](repeating: [], count: organisations)
    for i in 0..<events {
        let o = Int(rng.next() % UInt64(organisations))
        byOrg[o].append(DigestEvent(
            id: Int64(i + 1), time: 1_795_000_000 + Int64(i), feed: "shadowserver-scan_http", type: types[i % types.count],
            identifier: i % 3 == 0 ? "scan_http" : "", ip: "185.\(18 + i % 60).\(i >> 8 & 255).\(i & 255)", port: [80, 443, 8080][i % 3],
            asn: Int64(29049 + i % 200), fqdn: i % 4 == 0 ? "host\(i).example.az" : "", url: "", malware: i % 5 == 0 ? "mirai" : "", tlp: .amber))
    }
    progress("rendering…")
    let header = ["Type", "Events", "Addresses", "First seen", "Last seen"]
    let t0 = DispatchTime.now().uptimeNanoseconds
    var bytes = 0
    var messages = 0
    for (o, list) in byOrg.enumerated() where !list.isEmpty {
        let digest = EventDigest(events: list)
        let table = digest.table(header: header)
        let csv = Array(digest.csv().utf8)
        let text = MailFraming.body(MailTemplate.builtIn(.digest, .en).render(["summary_table": table, "event_count": String(list.count)]).body, tlp: digest.tlp)
        let body = MIMEEntity.mixed([MIMEEntity.text(text), MIMEEntity.attachment(fileName: "events.csv", contentType: "text/csv", data: csv)])
        let message = OutgoingMail(
            from: MailboxAddress(name: "CERT", address: "cert@cert.example.az"), to: [MailboxAddress(name: "", address: "abuse@org\(o).example.az")],
            subject: MailFraming.subject("Security events in your networks", number: nil, tlp: digest.tlp), date: Date(),
            messageID: OutgoingMail.newMessageID(domain: "cert.example.az"), body: body)
        bytes += message.render().count
        messages += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    return ["organisations": organisations, "events": events, "messages": messages, "render_s": round3(seconds),
            "message_mb": round3(Double(bytes) / 1_048_576), "peak_rss_mb": round3(peakRSSMegabytes())]
}

let args = Array(CommandLine.arguments.dropFirst())
let name = args.first ?? ""
func option(_ flag: String, _ fallback: Int) -> Int {
    guard let i = args.firstIndex(of: flag), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
    return v
}
switch name {
case "incidents":
    let result = try await benchIncidents(count: option("--count", 100_000), requests: option("--requests", 1400))
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
case "lookup":
    let result = benchLookup(count: option("--count", 1_000_000), lookups: option("--lookups", 10_000_000))
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
case "ingest":
    let schemaIndex = args.firstIndex(of: "--schema")
    let schemaPath = schemaIndex.flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } ?? "../shared/data/shadowserver/intelmq.json"
    let result = try await benchIngest(rows: option("--rows", 1_000_000), schemaPath: schemaPath,
                                       endToEnd: !args.contains("--parse-only"))
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
case "digest":
    let result = benchDigest(organisations: option("--organisations", 1000), events: option("--events", 100_000))
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
default:
    progress("usage: qalxan-bench digest [--organisations N] [--events N] | qalxan-bench incidents [--count N] [--requests N] | lookup [--count N] [--lookups N] | ingest [--rows N] [--schema PATH] [--parse-only]")
    exit(2)
}
