import Foundation
import QalxanCore

/// Every setting of Qalxan, read once from the environment. Each has a default that
/// works on a fresh machine; the README lists them.
public struct Settings: Sendable {
    /// `QALXAN_DATA_DIR`: where the SQLite database and stored files live. Default `./data`.
    public var dataDirectory: URL
    /// `QALXAN_DATABASE_URL`: `postgres://user:pass@host:port/db` switches to PostgreSQL.
    /// Empty: SQLite at `<data>/qalxan.sqlite`.
    public var databaseURL: String?
    /// `QALXAN_DATABASE_SCHEMA`: PostgreSQL schema to use (search path). Default: the
    /// server's default (`public`).
    public var databaseSchema: String?
    /// `QALXAN_DB_POOL`: PostgreSQL connections per event loop. Default 4.
    public var databasePoolPerLoop: Int
    /// `QALXAN_TRACKING_PREFIX`: prefix of report and incident numbers. Default `QX`.
    public var trackingPrefix: String
    /// `QALXAN_TEAM_NAME`: the team's short name in page headers. Default `Qalxan CERT`.
    public var teamName: String
    /// `QALXAN_UPLOAD_LIMIT_MB`: total size of a report's evidence files. Default 20.
    public var maxUploadBytes: Int
    /// `QALXAN_UPLOAD_MAX_FILES`: most evidence files per report. Default 10.
    public var maxUploadFiles: Int
    /// `QALXAN_COOKIE_SECURE`: mark cookies Secure (HTTPS only). Default true; browsers
    /// accept Secure cookies from http://localhost and 127.0.0.1 too.
    public var cookieSecure: Bool
    /// `QALXAN_TRUST_PROXY`: take the client address from X-Forwarded-For (only behind
    /// a reverse proxy you run). Default false.
    public var trustProxy: Bool
    /// `QALXAN_PUBLIC_URL`: the address people reach Qalxan at, for links printed on the
    /// console. Default: from --hostname/--port.
    public var publicURL: String?
    /// `QALXAN_REPORT_RATE`: report submissions per client address per 10 minutes. Default 10.
    public var reportRatePer10Min: Int
    /// `QALXAN_LOGIN_RATE`: sign-in attempts per client address per 5 minutes. Default 10.
    public var loginRatePer5Min: Int
    /// `QALXAN_SESSION_HOURS`: how long a console session lasts. Default 12.
    public var sessionHours: Int
    /// `QALXAN_SHADOWSERVER_SCHEMA`: the Shadowserver report schema (IntelMQ's
    /// `intelmq.json` format) that drives the Shadowserver parser. Default
    /// `<data>/shadowserver-schema.json`, written by `qalxan feeds update-schema`.
    public var shadowserverSchemaPath: String
    /// `QALXAN_SHADOWSERVER_SCHEMA_URL`: where `feeds update-schema` downloads it from.
    /// Default Shadowserver's published URL.
    public var shadowserverSchemaURL: String
    /// `QALXAN_INGEST_LIMIT_MB`: largest body the bulk events API and the console upload
    /// take. Default 1024.
    public var maxIngestBytes: Int
    /// `QALXAN_FEED_INTERVAL`: seconds between checks for feeds that are due. 0 turns
    /// scheduled fetching off. Default 60.
    public var feedCheckSeconds: Int
    /// `QALXAN_INGEST_PIECE_KB`: how much of a feed file is parsed and written in one
    /// transaction. Default 2048.
    public var ingestPieceBytes: Int
    /// `QALXAN_GNUPG_HOME`: the GnuPG home holding the team's OpenPGP key, which signs
    /// the RFC 2350 text, security.txt and CSAF documents. Default `<data>/gnupg`
    /// (`qalxan team-key create` makes a key there).
    public var gnupgHome: String
    /// `QALXAN_SIGNING_KEY`: fingerprint or user id of the team key in that home. Default:
    /// GnuPG's default key.
    public var signingKey: String?
    /// `QALXAN_ADVISORY_ID`: pattern of advisory tracking ids; `{year}` and `{seq:N}`
    /// (zero-padded to N digits). Default `<prefix>-SA-{year}-{seq:4}`.
    public var advisoryIDPattern: String
    /// `QALXAN_SECURITY_TXT_DAYS`: how far ahead security.txt's `Expires` is set; it is
    /// renewed on every request. Default 180.
    public var securityTxtDays: Int
    /// `QALXAN_MAIL_FROM`: the team's address; messages come from it and replies go to
    /// it. Default `cert@localhost`.
    public var mailFrom: String
    /// `QALXAN_MAIL_BOUNCE`: the return address of outgoing mail; each message is sent
    /// from `local+token@domain` of it (VERP), so a bounce names the message. Have the
    /// MTA pipe `local+*` to `qalxan mailgate --mailbox bounces`. Default: `QALXAN_MAIL_FROM`.
    public var mailBounce: String
    /// `QALXAN_MAIL_MAX_MB`: largest message the mail gateway reads; larger ones are kept
    /// raw and quarantined. Default 50.
    public var mailMaxBytes: Int
    /// `QALXAN_MAIL_TRANSPORT`: `smtp`, `sendmail` or `none` (messages stay queued).
    /// Default `none`.
    public var mailTransport: String
    /// `QALXAN_SMTP_HOST`, `QALXAN_SMTP_PORT` (default 25, 465 with `tls`, 587 with
    /// `starttls`), `QALXAN_SMTP_SECURITY` (`none`, `starttls`, `tls`; default
    /// `starttls`), `QALXAN_SMTP_USER`, `QALXAN_SMTP_PASSWORD`, `QALXAN_SMTP_CA_FILE`
    /// (extra trusted certificate, PEM).
    public var smtpHost: String
    public var smtpPort: Int
    public var smtpSecurity: String
    public var smtpUser: String?
    public var smtpPassword: String?
    public var smtpCAFile: String?
    /// `QALXAN_SENDMAIL`: the sendmail program. Default `/usr/sbin/sendmail`.
    public var sendmailPath: String
    /// `QALXAN_MAIL_INTERVAL`: seconds between runs of the delivery queue and the
    /// digests while serving; 0 turns both off. Default 30.
    public var mailIntervalSeconds: Int
    /// `QALXAN_IMAP_HOST`: a mailbox to poll for mail (the alternative to an MTA piping
    /// to `qalxan mailgate`); empty turns polling off. With `QALXAN_IMAP_PORT` (default
    /// 993 with `tls`, 143 otherwise), `QALXAN_IMAP_SECURITY` (`tls`, `starttls`, `none`;
    /// default `tls`), `QALXAN_IMAP_USER`, `QALXAN_IMAP_PASSWORD`, `QALXAN_IMAP_FOLDER`
    /// (default `INBOX`), `QALXAN_IMAP_CA_FILE`. Messages are read as the `imap` mailbox
    /// and marked seen once stored; polled every `QALXAN_MAIL_INTERVAL` seconds.
    public var imapHost: String?
    public var imapPort: Int
    public var imapSecurity: String
    public var imapUser: String
    public var imapPassword: String
    public var imapFolder: String
    public var imapCAFile: String?

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int {
            guard let v = env[key].flatMap({ Int($0) }), range.contains(v) else { return fallback }
            return v
        }
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            guard let v = env[key]?.lowercased() else { return fallback }
            return ["1", "true", "yes", "on"].contains(v) ? true : ["0", "false", "no", "off"].contains(v) ? false : fallback
        }
        let dir = env["QALXAN_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        dataDirectory = URL(fileURLWithPath: dir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        databaseURL = env["QALXAN_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        databaseSchema = env["QALXAN_DATABASE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 }
        databasePoolPerLoop = int("QALXAN_DB_POOL", 4, 1...64)
        let prefix = env["QALXAN_TRACKING_PREFIX"]?.uppercased() ?? "QX"
        trackingPrefix = TrackingNumber.isValidPrefix(prefix) ? prefix : "QX"
        teamName = env["QALXAN_TEAM_NAME"].flatMap { $0.isEmpty ? nil : String($0.prefix(80)) } ?? "Qalxan CERT"
        maxUploadBytes = int("QALXAN_UPLOAD_LIMIT_MB", 20, 1...2048) * 1024 * 1024
        maxUploadFiles = int("QALXAN_UPLOAD_MAX_FILES", 10, 1...100)
        cookieSecure = bool("QALXAN_COOKIE_SECURE", true)
        trustProxy = bool("QALXAN_TRUST_PROXY", false)
        publicURL = env["QALXAN_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        reportRatePer10Min = int("QALXAN_REPORT_RATE", 10, 1...100_000)
        loginRatePer5Min = int("QALXAN_LOGIN_RATE", 10, 1...100_000)
        sessionHours = int("QALXAN_SESSION_HOURS", 12, 1...720)
        shadowserverSchemaPath = env["QALXAN_SHADOWSERVER_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 }
            ?? dataDirectory.appendingPathComponent("shadowserver-schema.json").path
        shadowserverSchemaURL = env["QALXAN_SHADOWSERVER_SCHEMA_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "https://interchange.shadowserver.org/intelmq/v1/schema"
        maxIngestBytes = int("QALXAN_INGEST_LIMIT_MB", 1024, 1...65_536) * 1024 * 1024
        feedCheckSeconds = int("QALXAN_FEED_INTERVAL", 60, 0...86_400)
        ingestPieceBytes = int("QALXAN_INGEST_PIECE_KB", 2048, 16...262_144) * 1024
        gnupgHome = env["QALXAN_GNUPG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? dataDirectory.appendingPathComponent("gnupg").path
        signingKey = env["QALXAN_SIGNING_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let pattern = env["QALXAN_ADVISORY_ID"] ?? ""
        advisoryIDPattern = AdvisoryTrackingID.validPattern(pattern) ? pattern : "\(trackingPrefix)-SA-{year}-{seq:4}"
        securityTxtDays = int("QALXAN_SECURITY_TXT_DAYS", 180, 1...364)
        let from = env["QALXAN_MAIL_FROM"]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        mailFrom = TextInput.isEmail(from) ? from : "cert@localhost"
        let bounce = env["QALXAN_MAIL_BOUNCE"]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        mailBounce = TextInput.isEmail(bounce) ? bounce : mailFrom
        mailMaxBytes = int("QALXAN_MAIL_MAX_MB", 50, 1...2048) * 1024 * 1024
        let transport = env["QALXAN_MAIL_TRANSPORT"]?.lowercased() ?? "none"
        mailTransport = ["smtp", "sendmail", "none"].contains(transport) ? transport : "none"
        smtpHost = env["QALXAN_SMTP_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let security = env["QALXAN_SMTP_SECURITY"]?.lowercased() ?? "starttls"
        smtpSecurity = ["none", "starttls", "tls"].contains(security) ? security : "starttls"
        smtpPort = int("QALXAN_SMTP_PORT", smtpSecurity == "tls" ? 465 : smtpSecurity == "starttls" ? 587 : 25, 1...65_535)
        smtpUser = env["QALXAN_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        smtpPassword = env["QALXAN_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        smtpCAFile = env["QALXAN_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        sendmailPath = env["QALXAN_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/sbin/sendmail"
        mailIntervalSeconds = int("QALXAN_MAIL_INTERVAL", 30, 0...86_400)
        imapHost = env["QALXAN_IMAP_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        let imapSec = env["QALXAN_IMAP_SECURITY"]?.lowercased() ?? "tls"
        imapSecurity = ["tls", "starttls", "none"].contains(imapSec) ? imapSec : "tls"
        imapPort = int("QALXAN_IMAP_PORT", imapSecurity == "tls" ? 993 : 143, 1...65_535)
        imapUser = env["QALXAN_IMAP_USER"] ?? ""
        imapPassword = env["QALXAN_IMAP_PASSWORD"] ?? ""
        imapFolder = env["QALXAN_IMAP_FOLDER"].flatMap { $0.isEmpty ? nil : $0 } ?? "INBOX"
        imapCAFile = env["QALXAN_IMAP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The base of absolute links (security.txt, CSAF, Atom), without a trailing `/`:
    /// `publicURL`, or `fallback` (the request's own scheme and host) when unset.
    public func baseURL(fallback: String) -> String {
        var base = publicURL ?? fallback
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Path of the SQLite database.
    public var sqlitePath: String { dataDirectory.appendingPathComponent("qalxan.sqlite").path }
    /// A new path under `<data>/incoming` for a file being received (an upload, a
    /// download, a bulk API body) before it is ingested; the folder is made when missing.
    public func incomingPath() throws -> String {
        let dir = dataDirectory.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(UUID().uuidString).path
    }

    /// Folder of stored files.
    public var blobDirectory: URL { dataDirectory.appendingPathComponent("blobs") }
}
