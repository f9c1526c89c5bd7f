import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import Vapor

/// `qalxan feeds update-schema [--url URL]`: downloads Shadowserver's report schema,
/// checks that it reads, and replaces the configured file in one rename.
struct FeedCommands: AsyncCommandGroup {
    var help: String { "Feeds: update the Shadowserver report schema" }
    var commands: [String: any AnyAsyncCommand] { ["update-schema": UpdateSchemaCommand()] }
}

struct UpdateSchemaCommand: AnyAsyncCommand {
    var help: String { "Download the Shadowserver report schema: [--url URL]" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["url", "lang"])
        let l = Localizer(args.language)
        let app = context.application
        let url = args.options["url"] ?? app.qalxan.settings.shadowserverSchemaURL
        let path = app.qalxan.settings.shadowserverSchemaPath
        do {
            let reports = try await SchemaUpdater.update(from: url, to: path, client: app.client)
            context.console.print(l.t("cli.feeds.schema_updated", ["reports": String(reports), "path": path]))
        } catch {
            stderr(l.t("cli.feeds.schema_failed", ["url": url, "reason": "\(error)"]))
            throw CommandFailed()
        }
    }
}

/// Fetches and installs the Shadowserver schema.
enum SchemaUpdater {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Downloads the schema at `url`, checks it, and writes it to `path` through a
    /// temporary file and a rename, so a failed download never leaves a broken schema.
    /// Returns the number of report types.
    static func update(from url: String, to path: String, client: any Client) async throws -> Int {
        let response = try await client.get(URI(string: url))
        guard response.status == .ok else { throw Failure(description: "HTTP \(response.status.code)") }
        guard var body = response.body, let bytes = body.readBytes(length: body.readableBytes), !bytes.isEmpty else {
            throw Failure(description: "empty answer")
        }
        let schema = try ShadowserverSchema.load(bytes)
        guard !schema.reports.isEmpty else { throw Failure(description: "no report types") }
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)")
        try Data(bytes).write(to: tmp)
        if rename(tmp.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: tmp)
            throw Failure(description: "cannot write \(path)")
        }
        return schema.reports.count
    }
}
