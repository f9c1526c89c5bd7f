import Foundation
import QalxanCore
import QalxanServices
import QalxanViews
import Vapor

/// `qalxan org import --format csv|ripe [--lang az|en] FILE...` and `qalxan org lookup
/// QUERY...`.
struct OrganisationCommands: AsyncCommandGroup {
    var help: String { "Manage the constituency: import organisations, look up owners" }
    var commands: [String: any AnyAsyncCommand] { ["import": ImportOrganisations(), "lookup": LookupCommand()] }
}

/// `qalxan geo import [--lang az|en] FILE...`: RIR delegated-extended statistics.
struct GeoCommands: AsyncCommandGroup {
    var help: String { "Load RIR delegated statistics (countries of IP blocks and AS numbers)" }
    var commands: [String: any AnyAsyncCommand] { ["import": ImportGeo()] }
}

/// Options and file names of a command that takes any number of files, which ConsoleKit's
/// signatures cannot express.
struct FileArguments {
    var options: [String: String] = [:]
    var files: [String] = []

    init(_ arguments: [String], options names: Set<String>) throws {
        var it = arguments.makeIterator()
        while let a = it.next() {
            if a.hasPrefix("--") {
                let parts = a.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
                // Messages in the language asked for so far (or QALXAN_LANG).
                let l = Localizer(language)
                guard let name = parts.first, names.contains(name) else {
                    stderr(l.t("cli.unknown_option", ["option": a, "known": names.sorted().map { "--" + $0 }.joined(separator: ", ")]))
                    throw CommandFailed()
                }
                if parts.count == 2 { options[name] = parts[1] } else if let v = it.next() { options[name] = v } else {
                    stderr(l.t("cli.option_value", ["option": a]))
                    throw CommandFailed()
                }
            } else {
                files.append(a)
            }
        }
    }

    /// The language of messages: `--lang`, else `QALXAN_LANG`, else English.
    var language: Language {
        Language(rawValue: options["lang"] ?? ProcessInfo.processInfo.environment["QALXAN_LANG"] ?? "") ?? .en
    }

    /// Reads a file, or says on standard error why it cannot.
    static func read(_ path: String, _ l: Localizer) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            stderr("\(path): \(l.t("cli.unreadable"))")
            return nil
        }
        return [UInt8](data)
    }
}

/// Prints refused lines as `file:line: message (detail)`.
func printProblems(_ problems: [ImportOutcome.ImportLine], _ l: Localizer) {
    for p in problems {
        let detail = p.detail.isEmpty ? "" : " (\(p.detail.unicodeScalars.filter { $0.value >= 0x20 }.map(String.init).joined()))"
        stderr("\(p.file):\(p.line): \(l.t(p.key))\(detail)")
    }
}

struct ImportOrganisations: AnyAsyncCommand {
    var help: String { "Import organisations from CSV or RIPE database split files (gzip or plain): --format csv|ripe FILE..." }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["format", "lang"])
        let l = Localizer(args.language)
        guard let format = ConstituencyImportService.Format(rawValue: args.options["format"] ?? "") else {
            stderr(l.t("cli.import.format"))
            throw CommandFailed()
        }
        guard !args.files.isEmpty else {
            stderr(l.t("cli.import.files"))
            throw CommandFailed()
        }
        let app = context.application
        var files: [(name: String, data: [UInt8])] = []
        var unreadable = false
        for path in args.files {
            if let data = FileArguments.read(path, l) { files.append((path, data)) } else { unreadable = true }
        }
        let o = try await app.qalxan.constituencyImport.importFiles(files, format: format, actor: .cli, on: app.db)
        printProblems(o.problems, l)
        context.console.print(l.t("cli.import.summary", [
            "file": files.map(\.name).joined(separator: " "), "created": String(o.organisationsCreated),
            "updated": String(o.organisationsUpdated), "contacts": String(o.contactsAdded), "networks": String(o.networksAdded),
            "refused": String(o.problems.count),
        ]))
        await app.qalxan.directory.settle()
        // A file that could not be read or unpacked at all: exit 1. Some lines refused: exit 2.
        if unreadable || o.problems.contains(where: { $0.line == 0 && ($0.key == "import.gzip" || $0.key == "import.too_large") }) {
            throw CommandFailed()
        }
        if !o.problems.isEmpty { throw CommandFailed(exitCode: 2) }
    }
}

struct ImportGeo: AnyAsyncCommand {
    var help: String { "Load RIR delegated-extended statistics files (gzip or plain): FILE..." }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        guard !args.files.isEmpty else {
            stderr(l.t("cli.import.files"))
            throw CommandFailed()
        }
        let app = context.application
        var failed = false
        var refused = 0
        for path in args.files {
            guard let data = FileArguments.read(path, l) else { failed = true; continue }
            let o = try await app.qalxan.constituencyImport.importGeo(named: path, data: data, actor: .cli, on: app.db)
            printProblems(o.problems, l)
            for (registry, count) in o.blocks.sorted(by: { $0.key < $1.key }) {
                context.console.print(l.t("cli.geo.summary", ["file": path, "registry": registry, "blocks": String(count)]))
            }
            if o.blocks.isEmpty { failed = true }
            refused += o.problems.count
        }
        await app.qalxan.directory.settle()
        if failed { throw CommandFailed() }
        // Loaded, but some lines were refused (listed above).
        if refused > 0 { throw CommandFailed(exitCode: 2) }
    }
}

struct LookupCommand: AnyAsyncCommand {
    var help: String { "Who owns an IP address, a prefix, an AS number or a domain: QUERY..." }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        let app = context.application
        try await app.qalxan.directory.rebuild(on: app.db)
        let (results, unrecognised) = try app.qalxan.organisationQuery.lookup(args.files.joined(separator: "\n"), actor: .cli)
        for r in results {
            let owners = r.owners.map { $0.name(args.language) }.joined(separator: " › ")
            let partners = r.partners.map { $0.name(args.language) }.joined(separator: ", ")
            var line = "\(r.query)\t\(r.network ?? "-")\t"
            if !owners.isEmpty { line += owners }
            else if let c = r.country { line += l.t("cli.lookup.outside", ["country": c]) + (partners.isEmpty ? "" : ": \(partners)") }
            else { line += l.t("cli.lookup.unknown") }
            context.console.print(line)
        }
        for u in unrecognised { stderr("\(u): \(l.t("cli.lookup.unrecognised"))") }
        if !unrecognised.isEmpty { throw CommandFailed() }
    }
}
