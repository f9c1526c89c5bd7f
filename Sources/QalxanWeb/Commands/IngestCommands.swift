import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import Vapor

/// `qalxan ingest FILE... [--feed NAME] [--format F] [--report TYPE] [--mapping FILE]
/// [--tlp LABEL] [--lang az|en]`: runs files through the feed pipeline. On a terminal a
/// progress bar (rows/s, percentage, ETA) is drawn on standard error; otherwise a plain
/// line every few seconds. Exit 0 when everything was read, 2 when some rows went to
/// quarantine, 1 when a file could not be read at all.
struct IngestCommand: AnyAsyncCommand {
    var help: String {
        "Ingest feed files: FILE... [--feed NAME] [--format shadowserver|urlhaus|feodo|threatfox|spamhaus-drop|csv|intelmq] [--report TYPE] [--mapping FILE] [--tlp clear|green|amber|amber+strict|red]"
    }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["feed", "format", "report", "mapping", "tlp", "lang"])
        let l = Localizer(args.language)
        guard !args.files.isEmpty else {
            stderr(l.t("cli.ingest.files"))
            throw CommandFailed()
        }
        var format: FeedFormat? = nil
        if let f = args.options["format"] {
            do { format = try FeedFormat.named(f) } catch {
                stderr(l.t(error.key, error.values))
                throw CommandFailed()
            }
        }
        var tlp: TLP? = nil
        if let t = args.options["tlp"] {
            guard let parsed = TLP(parsing: t) else {
                stderr(l.t("cli.ingest.tlp", ["tlp": t]))
                throw CommandFailed()
            }
            tlp = parsed
        }
        var mapping: String? = nil
        if let path = args.options["mapping"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                stderr("\(path): \(l.t("cli.unreadable"))")
                throw CommandFailed()
            }
            mapping = String(decoding: data, as: UTF8.self)
        }
        let app = context.application
        let q = app.qalxan
        let feed = try await args.options["feed"].asyncMap { try await q.feeds.feed(named: $0, on: app.db) } ?? nil
        // Attribution needs the registry.
        try await q.directory.rebuild(on: app.db)
        let terminal = isatty(STDERR_FILENO) == 1
        var failed = false, quarantined = 0
        for path in args.files {
            let fileName = URL(fileURLWithPath: path).lastPathComponent
            guard let handle = FileHandle(forReadingAtPath: path) else {
                stderr("\(path): \(l.t("cli.unreadable"))")
                failed = true
                continue
            }
            let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
            try? handle.close()
            let plan: FeedPlan
            do throws(FeedPlanError) {
                plan = try q.feeds.plan(fileName: fileName, firstBytes: head, format: format, report: args.options["report"],
                                        mapping: mapping, feed: feed, feedName: args.options["feed"], tlp: tlp, actor: "cli")
            } catch {
                stderr("\(path): \(l.t(error.key, error.values))")
                // The file is kept with a failed run, to be replayed once the cause is fixed.
                let request = IngestRequest(feedName: args.options["feed"] ?? format?.rawValue ?? "unknown",
                                            format: format?.rawValue ?? "unknown", report: args.options["report"],
                                            tlp: tlp ?? .amber, actor: "cli")
                _ = try? await q.ingest.recordFailure(fileAt: path, fileName: fileName, request: request,
                                                      reason: error.description, on: app.db)
                failed = true
                continue
            }
            let bar = ProgressPrinter(terminal: terminal, file: fileName, l: l)
            do {
                let s = try await q.ingest.ingest(fileAt: path, fileName: fileName, request: plan.request, parser: plan.parser,
                                                  on: app.db) { bar.update($0) }
                bar.done()
                for p in s.problems {
                    let detail = p.detail.unicodeScalars.filter { $0.value >= 0x20 }.map(String.init).joined()
                    stderr("\(path):\(p.line): \(l.t(p.key)) (\(detail))")
                }
                if s.quarantined > s.problems.count {
                    stderr(l.t("cli.ingest.more_problems", ["count": String(s.quarantined - s.problems.count)]))
                }
                context.console.print(l.t("cli.ingest.summary", [
                    "file": path, "feed": plan.request.feedName, "format": plan.format.rawValue,
                    "rows": String(s.rows), "stored": String(s.stored), "duplicates": String(s.duplicates),
                    "quarantined": String(s.quarantined), "seconds": String(format: "%.1f", s.seconds),
                    "run": s.runID.uuidString.lowercased(),
                ]))
                quarantined += s.quarantined
            } catch {
                bar.done()
                stderr("\(path): \(l.t("cli.ingest.failed", ["reason": "\(error)"]))")
                failed = true
            }
        }
        if failed { throw CommandFailed() }
        if quarantined > 0 { throw CommandFailed(exitCode: 2) }
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let v = self else { return nil }
        return try await f(v)
    }
}

/// Draws the progress of one file: a bar redrawn in place on a terminal, a line every
/// five seconds otherwise.
final class ProgressPrinter: @unchecked Sendable {
    let terminal: Bool
    let file: String
    let l: Localizer
    private let lock = NSLock()
    private var lastPrint = 0.0
    private var drawn = false

    init(terminal: Bool, file: String, l: Localizer) {
        self.terminal = terminal
        self.file = file
        self.l = l
    }

    func update(_ p: IngestProgress) {
        lock.lock(); defer { lock.unlock() }
        let interval = terminal ? 0.2 : 5
        guard p.seconds - lastPrint >= interval else { return }
        lastPrint = p.seconds
        let fraction = p.totalBytes > 0 ? min(1, Double(p.bytesRead) / Double(p.totalBytes)) : 0
        let rate = p.seconds > 0 ? Double(p.rows) / p.seconds : 0
        let eta = fraction > 0.001 ? p.seconds * (1 - fraction) / fraction : 0
        let etaText = String(format: "%d:%02d", Int(eta) / 60, Int(eta) % 60)
        let values = ["file": file, "percent": String(Int(fraction * 100)), "rows": String(p.rows),
                      "rate": String(Int(rate)), "eta": etaText, "quarantined": String(p.quarantined)]
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + bar + " " + l.t("cli.ingest.progress", values)).utf8))
            drawn = true
        } else {
            FileHandle.standardError.write(Data((l.t("cli.ingest.progress_line", values) + "\n").utf8))
        }
    }

    func done() {
        lock.lock(); defer { lock.unlock() }
        if terminal && drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
