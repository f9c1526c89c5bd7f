import Fluent
import Foundation
import Synchronization
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import Vapor

/// Fetches feeds that are due, while the server runs: a URL over HTTP(S) (with
/// `If-None-Match`, so an unchanged file is not fetched again), or a directory whose
/// new files are ingested and then moved into its `processed/` folder. Each fetch
/// leaves its time and, on failure, its error on the feed.
enum FeedScheduler {
    /// Checks for due feeds every `seconds` until the task is cancelled.
    static func run(_ app: Application, every seconds: Int) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(seconds))
            _ = try? await tick(app)
        }
    }

    /// Fetches every enabled feed whose schedule has come round; returns the runs made.
    static func tick(_ app: Application, now: Date = Date()) async throws -> [IngestSummary] {
        let feeds = try await FeedModel.query(on: app.db).filter(\.$enabled == true).filter(\.$scheduleMinutes > 0).all()
        var runs: [IngestSummary] = []
        for feed in feeds {
            if let last = feed.lastFetchAt, now.timeIntervalSince(last) < Double(feed.scheduleMinutes) * 60 - 1 { continue }
            runs += await fetch(feed, app: app, actor: "feed:\(feed.name)", now: now)
        }
        return runs
    }

    /// Feeds being fetched now: a feed is fetched once at a time (the scheduler and a
    /// "fetch now" must not read the same directory together).
    static let busy = Mutex<Set<UUID>>([])

    /// Fetches one feed now and records the outcome on it.
    static func fetch(_ feed: FeedModel, app: Application, actor: String, now: Date = Date()) async -> [IngestSummary] {
        guard let id = feed.id, busy.withLock({ $0.insert(id).inserted }) else { return [] }
        defer { _ = busy.withLock { $0.remove(id) } }
        var runs: [IngestSummary] = []
        var failure: String? = nil
        do {
            if let url = feed.url, !url.isEmpty {
                if let s = try await fetchURL(url, feed: feed, app: app, actor: actor) { runs.append(s) }
            } else if let dir = feed.directory, !dir.isEmpty {
                let (made, errors) = try await fetchDirectory(dir, feed: feed, app: app, actor: actor)
                runs += made
                if !errors.isEmpty { failure = errors.joined(separator: "\n") }
            }
        } catch let e as FeedPlanError {
            failure = e.description
        } catch {
            failure = "\(error)"
        }
        feed.lastFetchAt = now
        feed.lastError = failure.map { String($0.prefix(2000)) }
        feed.updatedAt = now
        try? await feed.save(on: app.db)
        if let failure { app.logger.warning("feed \(feed.name): \(failure)") }
        return runs
    }

    static func fetchURL(_ url: String, feed: FeedModel, app: Application, actor: String) async throws -> IngestSummary? {
        var headers = HTTPHeaders()
        if let etag = feed.etag { headers.replaceOrAdd(name: .ifNoneMatch, value: etag) }
        headers.replaceOrAdd(name: .userAgent, value: "Qalxan feed collector")
        let response = try await app.client.get(URI(string: url), headers: headers)
        // Errors and logs name the URL without its query, which may hold an access key.
        let shown = redacted(url)
        if response.status == .notModified { return nil }
        guard response.status == .ok else { throw FetchFailure(description: "HTTP \(response.status.code) from \(shown)") }
        guard var body = response.body, body.readableBytes > 0 else { throw FetchFailure(description: "empty answer from \(shown)") }
        guard body.readableBytes <= app.qalxan.settings.maxIngestBytes else {
            throw FetchFailure(description: "the answer from \(shown) is larger than QALXAN_INGEST_LIMIT_MB")
        }
        let path = try app.qalxan.settings.incomingPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let name = fileName(url: url, disposition: response.headers.first(name: .contentDisposition))
        let summary = try await ingest(path: path, fileName: name, head: Array(bytes.prefix(4096)), feed: feed, app: app, actor: actor)
        feed.etag = response.headers.first(name: .eTag)
        return summary
    }

    /// Ingests the directory's files in name order; a file that cannot be read stays where
    /// it is (its run records why) and the others go on.
    static func fetchDirectory(_ dir: String, feed: FeedModel, app: Application, actor: String) async throws
        -> (runs: [IngestSummary], errors: [String])
    {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        let done = URL(fileURLWithPath: dir).appendingPathComponent("processed")
        let failedFolder = URL(fileURLWithPath: dir).appendingPathComponent("failed")
        var runs: [IngestSummary] = []
        var errors: [String] = []
        for name in names {
            let path = URL(fileURLWithPath: dir).appendingPathComponent(name).path
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let head = FileHandle(forReadingAtPath: path).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 4096) }
            // Symbolic links are not followed: only files placed in the folder are read.
            if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil { continue }
            var folder = done
            do {
                runs.append(try await ingest(path: path, fileName: name, head: [UInt8](head ?? Data()), feed: feed, app: app, actor: actor))
            } catch let e as FeedPlanError {
                // Kept with a failed run; moved aside so it is not read again every check.
                errors.append(e.description)
                folder = failedFolder
            } catch {
                errors.append("\(name): \(error)")
                folder = failedFolder
            }
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                let target = folder.appendingPathComponent(name)
                try? fm.removeItem(at: target)
                try fm.moveItem(atPath: path, toPath: target.path)
            } catch {
                errors.append("\(name): cannot move it to \(folder.lastPathComponent)/: \(error)")
            }
        }
        return (runs, errors)
    }

    static func ingest(path: String, fileName: String, head: [UInt8], feed: FeedModel, app: Application, actor: String) async throws
        -> IngestSummary
    {
        let q = app.qalxan
        let plan: FeedPlan
        do throws(FeedPlanError) {
            plan = try q.feeds.plan(fileName: fileName, firstBytes: head, format: nil, report: nil, mapping: nil, feed: feed,
                                    feedName: nil, tlp: nil, actor: actor)
        } catch {
            let request = IngestRequest(feedName: feed.name, feedID: feed.id, format: feed.format, report: feed.report,
                                        tlp: TLP(rawValue: feed.tlp) ?? .amber, actor: actor)
            try? await q.ingest.recordFailure(fileAt: path, fileName: fileName, request: request, reason: error.description, on: app.db)
            throw error
        }
        return try await q.ingest.ingest(fileAt: path, fileName: fileName, request: plan.request, parser: plan.parser, on: app.db)
    }

    /// `url` without its query and credentials.
    static func redacted(_ url: String) -> String {
        let uri = URI(string: url)
        return "\(uri.scheme ?? "http")://\(uri.host ?? "")\(uri.port.map { ":\($0)" } ?? "")\(uri.path)"
    }

    /// The file name a download is recorded under: from `Content-Disposition`, else the
    /// last part of the URL's path (Shadowserver report names carry the report type).
    static func fileName(url: String, disposition: String?) -> String {
        if let d = disposition, let r = d.range(of: "filename=") {
            let name = d[r.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"; "))
            let base = URL(fileURLWithPath: name).lastPathComponent
            if !base.isEmpty { return String(base.prefix(200)) }
        }
        let path = URI(string: url).path
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return last.isEmpty ? "download" : String(last.prefix(200))
    }

    struct FetchFailure: Error, CustomStringConvertible {
        let description: String
    }
}

/// Starts scheduled feed fetching while serving (nil when `QALXAN_FEED_INTERVAL` is 0).
public func startFeedScheduler(_ app: Application) -> Task<Void, Never>? {
    let seconds = app.qalxan.settings.feedCheckSeconds
    guard seconds > 0 else { return nil }
    return Task { await FeedScheduler.run(app, every: seconds) }
}
