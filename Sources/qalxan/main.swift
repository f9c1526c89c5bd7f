import Logging
import QalxanWeb
import Vapor

// Boots only: environment, logging, the application, the command.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    let command = CommandLine.arguments.dropFirst().first
    // `qalxan migrate` shows and runs the migrations itself.
    try await configure(app, migrate: command != "migrate")
    if command != "migrate" { try await announceSetupIfNeeded(app) }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
