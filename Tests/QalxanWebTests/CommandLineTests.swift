import Foundation
import QalxanCore
import Testing

/// Runs the built `qalxan` executable the way an administrator does.
func qalxan(_ arguments: [String], stdin: String = "", dataDir: String, environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [".build/debug/qalxan", ".build/x86_64-unknown-linux-gnu/debug/qalxan", ".build/aarch64-unknown-linux-gnu/debug/qalxan"]
    let binary = try #require(candidates.map { root.appendingPathComponent($0).path }.first { FileManager.default.isExecutableFile(atPath: $0) },
                              "build the qalxan executable first (swift build)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["QALXAN_DATA_DIR"] = dataDir
    env["QALXAN_DATABASE_URL"] = ""
    env["LOG_LEVEL"] = "warning"
    env.merge(environment) { _, new in new }
    process.environment = env
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

@Suite("Command line")
struct CommandLineTests {
    @Test("migrate, user add (password from stdin), user list, token add")
    func commands() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let migrate = try qalxan(["migrate", "--yes"], dataDir: dir)
        #expect(migrate.status == 0, "\(migrate.err)")
        #expect(FileManager.default.fileExists(atPath: dir + "/qalxan.sqlite"))

        let add = try qalxan(["user", "add", "Duty@CERT.example.az", "--role", "handler", "--name", "Duty Officer"],
                             stdin: "a very long password\n", dataDir: dir)
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out.contains("duty@cert.example.az"))
        let short = try qalxan(["user", "add", "x@cert.example.az", "--role", "viewer"], stdin: "short\n", dataDir: dir)
        #expect(short.status != 0)
        #expect(short.err.contains(Localizer(.en).t("error.password_short")))
        let badRole = try qalxan(["user", "add", "y@cert.example.az", "--role", "king"], stdin: "a very long password\n", dataDir: dir)
        #expect(badRole.status != 0)
        #expect(badRole.err.contains("Unknown role"))

        let list = try qalxan(["user", "list"], dataDir: dir)
        #expect(list.status == 0)
        #expect(list.out.contains("duty@cert.example.az\thandler\tactive"))
        #expect(!list.out.contains("x@cert.example.az"))

        let token = try qalxan(["token", "add", "duty@cert.example.az", "--scope", "incidents:read,reports:write"], dataDir: dir)
        #expect(token.status == 0, "\(token.err)")
        #expect(token.out.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("qx_"))
        let unknown = try qalxan(["token", "add", "nobody@cert.example.az"], dataDir: dir)
        #expect(unknown.status != 0)
    }

    @Test("org import (CSV, RIPE, gzip; exit 2 with refused lines listed), geo import, org lookup, in both languages")
    func constituency() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ripe = dir + "/ripe.db.inetnum.gz"
        try Data(try gzip(Array(ConstituencyFixtures.ripe.utf8))).write(to: URL(fileURLWithPath: ripe))
        let csv = dir + "/orgs.csv"
        try Data(ConstituencyFixtures.csv.utf8).write(to: URL(fileURLWithPath: csv))
        let delegated = dir + "/delegated-ripencc-extended-latest"
        try Data("""
        2|ripencc|20261122|3|19830705|20261122|+0100
        ripencc|*|ipv4|*|2|summary
        ripencc|DE|ipv4|203.0.113.0|256|20100101|allocated|x
        ripencc|AZ|asn|64500|1|20100101|assigned|x
        ripencc|DE|ipv4|not-an-ip|256|20100101|allocated|x

        """.utf8).write(to: URL(fileURLWithPath: delegated))

        let noFormat = try qalxan(["org", "import", ripe], dataDir: dir)
        #expect(noFormat.status == 1)
        #expect(noFormat.err.contains(Localizer(.en).t("cli.import.format")))
        let imported = try qalxan(["org", "import", "--format", "ripe", ripe], dataDir: dir)
        #expect(imported.status == 2, "\(imported.err)")
        #expect(imported.err.contains("ripe.db.inetnum.gz:"), "\(imported.err)")
        #expect(imported.out.contains("2 organisations created"), "\(imported.out)")
        let again = try qalxan(["org", "import", "--format=ripe", "--lang", "az", ripe], dataDir: dir)
        #expect(again.out.contains("0 təşkilat yaradıldı"), "\(again.out)")
        let fromCSV = try qalxan(["org", "import", "--format", "csv", csv, dir + "/missing.csv"], dataDir: dir)
        #expect(fromCSV.status == 1)
        #expect(fromCSV.err.contains("missing.csv: " + Localizer(.en).t("cli.unreadable")))
        #expect(fromCSV.out.contains("3 organisations created"), "\(fromCSV.out)")

        let geo = try qalxan(["geo", "import", delegated], dataDir: dir)
        #expect(geo.status == 2, "\(geo.err)")
        #expect(geo.out.contains("2 blocks loaded for ripencc"), "\(geo.out)")
        #expect(geo.err.contains(":5:"), "\(geo.err)")

        let lookup = try qalxan(["org", "lookup", "198.51.100.70", "203.0.113.1", "what"], dataDir: dir)
        #expect(lookup.status == 1)
        #expect(lookup.out.contains("198.51.100.64/27\tInstitute of Physics › Academy of Sciences"), "\(lookup.out)")
        #expect(lookup.out.contains("203.0.113.1\t-\toutside the constituency (DE)"), "\(lookup.out)")
        #expect(lookup.err.contains("what: "))
    }
}
