import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import QalxanCore
import QalxanServices
import QalxanStorage
import Vapor

/// Builds the application: storage, migrations, middleware, routes and commands.
/// `bcryptCost` is lowered only by tests.
public func configure(_ app: Application, settings: Settings = Settings(), bcryptCost: Int = 12,
                      migrate: Bool = true) async throws {
    app.qalxan = Qalxan(settings: settings, bcryptCost: bcryptCost, threadPool: app.threadPool)
    try FileManager.default.createDirectory(at: settings.dataDirectory, withIntermediateDirectories: true)

    if let url = settings.databaseURL {
        var config = try SQLPostgresConfiguration(url: url)
        if let schema = settings.databaseSchema { config.searchPath = [schema] }
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: settings.databasePoolPerLoop,
                                    connectionPoolTimeout: .seconds(10)), as: .psql)
    } else {
        app.databases.use(.sqlite(.file(settings.sqlitePath)), as: .sqlite)
    }
    app.migrations.add(QalxanMigrations.all)
    if settings.databaseURL != nil, let schema = settings.databaseSchema, let sql = app.db as? any SQLDatabase {
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    try await DatabaseSetup.tune(app.db)
    if migrate {
        try await app.autoMigrate()
        try await app.qalxan.siteSettings.seedProfileIfEmpty(teamName: settings.teamName, on: app.db)
    }

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware(cookieSecure: settings.cookieSecure))
    app.middleware.use(ErrorPageMiddleware())
    // Console forms carry long descriptions and the whole team profile.
    app.routes.defaultMaxBodySize = "1mb"

    try routes(app)

    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(OrganisationCommands(), as: "org")
    app.asyncCommands.use(GeoCommands(), as: "geo")
    app.asyncCommands.use(IngestCommand(), as: "ingest")
    app.asyncCommands.use(FeedCommands(), as: "feeds")
    app.asyncCommands.use(TeamKeyCommands(), as: "team-key")
    app.asyncCommands.use(PGPCommands(), as: "pgp")
    app.asyncCommands.use(MailgateCommand(), as: "mailgate")
    app.asyncCommands.use(MailCommands(), as: "mail")
}

/// Every route of the site.
func routes(_ app: Application) throws {
    PublicController().register(app)
    AdvisoryController().registerPublic(app)
    KnowledgeController().registerPublic(app)
    SiteController().register(app)
    ConsoleAuthController().register(app)
    let console = app.grouped(":lang", "console").grouped(ConsoleAuthMiddleware())
    TriageController().register(console)
    IncidentController().register(console, bodyLimit: "8mb")
    AdminController().register(console, bodyLimit: "4mb")
    ConstituencyController().register(console, importLimit: "256mb")
    FeedController().register(console, uploadLimit: ByteCount(value: app.qalxan.settings.maxIngestBytes))
    AdvisoryController().registerConsole(console)
    KnowledgeController().registerConsole(console)
    MailController().register(console)
    APIController().register(app)
    app.get("health") { req async throws -> Response in
        // Touches the database, so a load balancer sees a broken store as unhealthy.
        _ = try await UserModel.query(on: req.db).count()
        return Response(status: .ok, body: .init(string: "ok\n"))
    }
}

/// When a fresh installation starts serving and has no administrator yet, prints the
/// one-time link that sets the first administrator's password.
public func announceSetupIfNeeded(_ app: Application, arguments: [String] = CommandLine.arguments) async throws {
    let command = arguments.dropFirst().first ?? "serve"
    guard command == "serve" || command.hasPrefix("-") else { return }
    guard try await app.qalxan.setup.needsSetup(on: app.db) else { return }
    let token = try await app.qalxan.setup.issueToken(on: app.db)
    var host = "127.0.0.1", port = "8080"
    var it = arguments.dropFirst().makeIterator()
    while let a = it.next() {
        if a == "--hostname" || a == "-H", let v = it.next() { host = v }
        if a == "--port" || a == "-p", let v = it.next() { port = v }
    }
    let base = app.qalxan.settings.publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    let link = base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/en/console/setup/" + token
    // Printed, not logged: the link is a secret for whoever started the server.
    print("""

    Qalxan has no administrator yet. Open this one-time link to create one (valid 24 hours):
        \(link)
    (Azerbaijani: replace /en/ with /az/.)

    """)
}
