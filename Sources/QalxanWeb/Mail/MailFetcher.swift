import Foundation
import QalxanCore
import QalxanServices
import Vapor

/// Polls the configured IMAP mailbox: each unseen message goes through the mail gateway
/// and is marked seen once its raw bytes are stored; one that could not be stored stays
/// unseen and is fetched again next time.
enum MailFetcher {
    /// The settings as the IMAP client takes them; nil when polling is off.
    static func configuration(_ s: Settings) -> IMAPConfiguration? {
        guard let host = s.imapHost else { return nil }
        return IMAPConfiguration(
            host: host, port: s.imapPort, security: IMAPConfiguration.Security(rawValue: s.imapSecurity) ?? .tls,
            username: s.imapUser, password: s.imapPassword, mailbox: s.imapFolder, caFile: s.imapCAFile)
    }

    /// Fetches what is unseen; returns how many messages were stored.
    static func fetch(_ app: Application, limit: Int = 100) async throws(IMAPError) -> Int {
        guard let configuration = configuration(app.qalxan.settings) else { return 0 }
        let intake = app.qalxan.mailIntake
        let db = app.db
        return try await IMAPClient.poll(configuration, limit: limit) { raw in
            do {
                _ = try await intake.receive(Data(raw), mailbox: "imap", on: db)
                return true
            } catch {
                return false
            }
        }
    }
}

struct MailFetchCommand: AnyAsyncCommand {
    var help: String { "Fetch unseen messages from the IMAP mailbox (QALXAN_IMAP_HOST) once" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        let app = context.application
        guard MailFetcher.configuration(app.qalxan.settings) != nil else {
            stderr(l.t("cli.mail.no_imap"))
            throw CommandFailed()
        }
        do {
            let n = try await MailFetcher.fetch(app, limit: 10_000)
            context.console.print(l.t("cli.mail.fetched", ["count": String(n)]))
        } catch {
            stderr(l.t("cli.mail.fetch_failed", ["reason": l.has(error.key) ? l.t(error.key) : error.key, "detail": error.message]))
            throw CommandFailed(exitCode: error.kind == .temporary ? MailgateCommand.temporaryFailure : 1)
        }
    }
}
