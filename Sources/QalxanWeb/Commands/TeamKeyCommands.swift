import Foundation
import QalxanCore
import QalxanServices
import Vapor

/// `qalxan team-key create --name NAME --email ADDRESS [--validity 2y]` and
/// `qalxan team-key show`: the team's OpenPGP key in `QALXAN_GNUPG_HOME`, which signs
/// security.txt, the RFC 2350 text and CSAF documents.
struct TeamKeyCommands: AsyncCommandGroup {
    var help: String { "The team's OpenPGP key: create, show" }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateTeamKeyCommand(), "show": ShowTeamKeyCommand()] }
}

struct CreateTeamKeyCommand: AnyAsyncCommand {
    var help: String { "Create the team key: --name NAME --email ADDRESS [--validity 2y]" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["name", "email", "validity", "lang"])
        let l = Localizer(args.language)
        let gpg = context.application.qalxan.gnupg
        let name = args.options["name"] ?? context.application.qalxan.settings.teamName
        guard let email = args.options["email"], email.contains("@"), !email.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace }),
              !name.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline })
        else {
            stderr(l.t("cli.team_key.usage"))
            throw CommandFailed()
        }
        if let existing = try? await gpg.fingerprint() {
            stderr(l.t("cli.team_key.exists", ["fingerprint": existing, "home": gpg.home]))
            throw CommandFailed()
        }
        do {
            let fpr = try await gpg.generateKey(userID: "\(name) <\(email)>", validity: args.options["validity"] ?? "2y")
            context.console.print(l.t("cli.team_key.created", ["fingerprint": fpr, "home": gpg.home]))
        } catch {
            stderr(l.t("cli.team_key.failed", ["reason": "\(error)"]))
            throw CommandFailed()
        }
    }
}

struct ShowTeamKeyCommand: AnyAsyncCommand {
    var help: String { "Print the team key's fingerprint and public key" }

    func run(using context: inout CommandContext) async throws {
        let args = try FileArguments(context.input.arguments, options: ["lang"])
        let l = Localizer(args.language)
        let gpg = context.application.qalxan.gnupg
        guard let fpr = try? await gpg.fingerprint(), let key = try? await gpg.exportPublicKey() else {
            stderr(l.t("cli.team_key.none", ["home": gpg.home]))
            throw CommandFailed()
        }
        context.console.print(fpr)
        context.console.print(key)
    }
}
