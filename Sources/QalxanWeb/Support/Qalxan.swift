import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import Vapor

/// Bcrypt through Vapor, for the services' `PasswordHashing`, run on a thread pool so
/// that a burst of sign-ins never stalls the threads that serve requests.
struct BcryptHasher: PasswordHashing {
    /// Cost 12: about a quarter of a second per check on these machines.
    let cost: Int
    let pool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await pool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}

/// The services one running Qalxan uses, built once from its settings.
public struct Qalxan: Sendable {
    public let settings: Settings
    public let blobs: BlobStore
    public let intake: IntakeService
    public let triage: TriageService
    public let incidents: IncidentService
    public let users: UserService
    public let sessions: SessionService
    public let tokens: TokenService
    public let siteSettings: SettingsService
    public let setup: SetupService
    /// The registry as lookups see it, rebuilt in the background when it changes.
    public let directory: ConstituencyDirectory
    public let organisations: OrganisationService
    public let organisationQuery: OrganisationQuery
    public let incidentOrganisations: IncidentOrganisationService
    public let constituencyImport: ConstituencyImportService
    public let constituencyExport: ConstituencyExportService
    /// Feed configuration and how files are read.
    public let feeds: FeedService
    /// The feed pipeline.
    public let ingest: IngestService
    public let events: EventQuery
    /// The team key (GnuPG), for signatures.
    public let gnupg: GnuPG
    public let advisoryQuery: AdvisoryQuery
    public let articles: ArticleService
    /// Mail out: templates, signing, encryption, the queue.
    public let mailOutbox: MailOutbox
    /// Mail in: the gateway.
    public let mailIntake: MailIntakeService
    public let mailDelivery: MailDelivery
    public let mailTemplates: MailTemplateService
    public let digests: DigestService
    let rateLimiter: RateLimiter

    public init(settings: Settings, bcryptCost: Int = 12, threadPool: NIOThreadPool = .singleton) {
        self.settings = settings
        blobs = BlobStore(root: settings.blobDirectory)
        intake = IntakeService(blobs: blobs, prefix: settings.trackingPrefix,
                               limits: IntakeLimits(maxUploadBytes: settings.maxUploadBytes, maxFiles: settings.maxUploadFiles))
        triage = TriageService()
        incidents = IncidentService(prefix: settings.trackingPrefix)
        users = UserService(hasher: BcryptHasher(cost: bcryptCost, pool: threadPool))
        sessions = SessionService(lifetime: TimeInterval(settings.sessionHours) * 3600)
        tokens = TokenService()
        siteSettings = SettingsService()
        setup = SetupService(users: users)
        directory = ConstituencyDirectory()
        organisations = OrganisationService(directory: directory)
        organisationQuery = OrganisationQuery(directory: directory)
        incidentOrganisations = IncidentOrganisationService(directory: directory)
        constituencyImport = ConstituencyImportService(directory: directory)
        constituencyExport = ConstituencyExportService()
        feeds = FeedService(schemaPath: settings.shadowserverSchemaPath)
        ingest = IngestService(blobs: blobs, directory: directory, pieceSize: settings.ingestPieceBytes)
        events = EventQuery()
        gnupg = GnuPG(home: settings.gnupgHome, key: settings.signingKey)
        advisoryQuery = AdvisoryQuery()
        articles = ArticleService()
        let mailConfig = MailConfig(
            teamName: settings.teamName, teamAddress: settings.mailFrom, bounceAddress: settings.mailBounce,
            trackingPrefix: settings.trackingPrefix, publicURL: settings.baseURL(fallback: "http://127.0.0.1:8080"),
            maxMessageBytes: settings.mailMaxBytes)
        mailOutbox = MailOutbox(config: mailConfig, gnupg: gnupg, blobs: blobs)
        mailIntake = MailIntakeService(config: mailConfig, blobs: blobs, gnupg: gnupg, intake: intake, outbox: mailOutbox)
        mailDelivery = MailDelivery(config: mailConfig, blobs: blobs)
        mailTemplates = MailTemplateService()
        digests = DigestService(outbox: mailOutbox)
        rateLimiter = RateLimiter()
    }
}

struct QalxanKey: StorageKey {
    typealias Value = Qalxan
}

extension Application {
    /// The services of this application (set by `configure`).
    public var qalxan: Qalxan {
        get {
            guard let q = storage[QalxanKey.self] else { fatalError("configure(_:) has not run") }
            return q
        }
        set { storage[QalxanKey.self] = newValue }
    }
}

extension Request {
    var qalxan: Qalxan { application.qalxan }
}
