import Foundation
import QalxanCore
import QalxanServices
import Vapor

/// `qalxan mailgate [--mailbox NAME] [--recipient ADDRESS]`: reads one message on
/// standard input, the way an MTA pipes mail to a program. Exits 0 once the raw message
/// is stored (whatever is wrong with it: it is then quarantined), 75 (EX_TEMPFAIL) when
/// it could not be stored, so that the MTA keeps it and tries again.
struct MailgateCommand: AnyAsyncCommand {
    var help: String { "Receive one e-mail on standard input (for the MTA): --mailbox NAME --recipient ADDRESS" }

    /// sysexits.h: the MTA retries later.
    static let temporaryFailure: Int32 = 75

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["mailbox", "recipient", "lang"])
        let l = Localizer(args.language)
        let app = context.application
        let raw: Data
        do { raw = try FileHandle.standardInput.readToEnd() ?? Data() } catch {
            stderr(l.t("cli.mailgate.read_failed", ["reason": "\(error)"]))
            throw CommandFailed(exitCode: Self.temporaryFailure)
        }
        // The MTA passes the envelope recipient (Postfix: ${original_recipient}); the
        // environment's ORIGINAL_RECIPIENT is Postfix's pipe(8) default.
        let recipient = args.options["recipient"] ?? ProcessInfo.processInfo.environment["ORIGINAL_RECIPIENT"]
        do {
            let outcome = try await app.qalxan.mailIntake.receive(
                raw, mailbox: args.options["mailbox"] ?? "reports", recipient: recipient, on: app.db)
            var line = "\(outcome.messageID.uuidString.lowercased()) \(outcome.state.rawValue)"
            if let n = outcome.incidentNumber ?? outcome.reportNumber { line += " \(n)" }
            if !outcome.reason.isEmpty { line += " \(outcome.reason)" }
            context.console.print(line)
        } catch {
            stderr(l.t("cli.mailgate.store_failed", ["reason": "\(error)"]))
            throw CommandFailed(exitCode: Self.temporaryFailure)
        }
    }
}

/// `qalxan mail deliver|digest`: runs the delivery queue or the digests once (the
/// server does both on its own every `QALXAN_MAIL_INTERVAL` seconds).
struct MailCommands: AsyncCommandGroup {
    var help: String { "Mail: deliver the queue, send due digests, fetch from IMAP" }
    var commands: [String: any AnyAsyncCommand] { ["deliver": MailDeliverCommand(), "digest": MailDigestCommand(), "fetch": MailFetchCommand()] }
}

struct MailDeliverCommand: AnyAsyncCommand {
    var help: String { "Send the queued messages that are due" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        let app = context.application
        guard let transport = MailTransports.make(app.qalxan.settings) else {
            stderr(l.t("cli.mail.no_transport"))
            throw CommandFailed()
        }
        let r = try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, limit: 10_000)
        context.console.print(l.t("cli.mail.delivered", ["sent": String(r.sent), "retried": String(r.retried), "failed": String(r.failed)]))
    }
}

struct MailDigestCommand: AnyAsyncCommand {
    var help: String { "Queue the event digests that are due" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        let app = context.application
        let r = try await app.qalxan.digests.run(actor: .cli, on: app.db)
        context.console.print(l.t("cli.mail.digests", ["organisations": String(r.organisations), "messages": String(r.messages),
                                                       "events": String(r.events), "held": String(r.held)]))
    }
}

/// `qalxan pgp create|show|import FILE`: the team key (same as `team-key`), and
/// importing one made elsewhere.
struct PGPCommands: AsyncCommandGroup {
    var help: String { "The team's OpenPGP key: create, show, import" }
    var commands: [String: any AnyAsyncCommand] {
        ["create": CreateTeamKeyCommand(), "show": ShowTeamKeyCommand(), "import": ImportTeamKeyCommand()]
    }
}

struct ImportTeamKeyCommand: AnyAsyncCommand {
    var help: String { "Import a key (the team's secret key, or a partner's public key) from an armoured file" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        guard let path = args.files.first, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            stderr(l.t("cli.pgp.import_usage"))
            throw CommandFailed()
        }
        do {
            let fprs = try await context.application.qalxan.gnupg.importKey(text)
            context.console.print(l.t("cli.pgp.imported", ["fingerprints": fprs.joined(separator: ", ")]))
        } catch {
            stderr(l.t("cli.pgp.import_failed", ["reason": error.detail]))
            throw CommandFailed()
        }
    }
}
