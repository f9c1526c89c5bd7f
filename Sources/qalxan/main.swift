import Foundation
import Logging
import QalxanWeb
import Vapor

// Boots only: environment, logging, the application, the command.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
var failed = false
do {
    let command = CommandLine.arguments.dropFirst().first
    // `qalxan migrate` shows and runs the migrations itself.
    try await configure(app, migrate: command != "migrate")
    if command != "migrate" { try await announceSetupIfNeeded(app) }
    try await app.execute()
} catch {
    // Commands have said why on standard error; anything else is logged here.
    if String(describing: error) != "command failed" { app.logger.report(error: error) }
    failed = true
}
try await app.asyncShutdown()
if failed { exit(1) }
