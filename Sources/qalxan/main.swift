import Foundation
import Logging
import QalxanWeb
import Vapor

// Boots only: environment, logging, the application, the command.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
var exitCode: Int32 = 0
do {
    let command = CommandLine.arguments.dropFirst().first
    // `qalxan migrate` shows and runs the migrations itself.
    try await configure(app, migrate: command != "migrate")
    if command != "migrate" { try await announceSetupIfNeeded(app) }
    // While serving, notice registry changes made by commands or other instances.
    let serving = command == nil || command == "serve" || command?.hasPrefix("-") == true
    // The lookup table is loaded for serving only: other commands do not need it (or,
    // like `org lookup`, load it themselves).
    if serving { try await app.qalxan.directory.rebuild(on: app.db) }
    let watch = serving ? Task { [db = app.db] in await app.qalxan.directory.watch(db) } : nil
    defer { watch?.cancel() }
    // Feeds with a schedule are fetched while serving.
    let feeds = serving ? startFeedScheduler(app) : nil
    defer { feeds?.cancel() }
    // Queued mail is delivered and digests are sent while serving.
    let mail = serving ? startMailScheduler(app) : nil
    defer { mail?.cancel() }
    try await app.execute()
} catch let failure as CommandFailed {
    // The command has said why on standard error.
    exitCode = failure.exitCode
} catch {
    app.logger.report(error: error)
    // The mail gateway that cannot start (no database) asks the MTA to retry.
    exitCode = CommandLine.arguments.dropFirst().first == "mailgate" ? 75 : 1
}
try await app.asyncShutdown()
if exitCode != 0 { exit(exitCode) }
