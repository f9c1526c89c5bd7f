import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import Vapor

/// `qalxan user add EMAIL --role ROLE [--name NAME]` (password from stdin) and
/// `qalxan user list`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manage staff accounts" }
    var commands: [String: any AnyAsyncCommand] { ["add": AddUser(), "list": ListUsers()] }
}

struct AddUser: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "email", help: "E-mail address, used to sign in")
        var email: String
        @Option(name: "role", help: "administrator, coordinator, handler or viewer (default handler)")
        var role: String?
        @Option(name: "name", help: "Display name")
        var name: String?
    }
    var help: String { "Create a staff account; the password is read from standard input" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let role = Role(rawValue: signature.role ?? "handler") else {
            stderr("Unknown role '\(signature.role ?? "")'. Use one of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            throw CommandFailed()
        }
        let password: String
        if isatty(0) == 1 {
            context.console.print("Password (at least \(UserService.minPasswordLength) characters):")
            password = context.console.input(isSecure: true)
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        let app = context.application
        do {
            let user = try await app.qalxan.users.create(email: signature.email, name: signature.name ?? "", role: role,
                                                         password: password, actor: .cli, on: app.db)
            context.console.print("Created \(user.email) (\(role.rawValue)).")
        } catch ServiceError.invalid(let errors) {
            let l = Localizer(.en)
            for (field, key) in errors.sorted(by: { $0.key < $1.key }) { stderr("\(field): \(l.t(key))") }
            throw CommandFailed()
        }
    }
}

struct ListUsers: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "List staff accounts" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let users = try await context.application.qalxan.users.list(on: context.application.db)
        for u in users {
            let last = u.lastLoginAt.map { DateText.minute($0) } ?? "never"
            context.console.print("\(u.email)\t\(u.role)\t\(u.active ? "active" : "disabled")\t\(u.name)\tlast sign-in: \(last)")
        }
        if users.isEmpty { context.console.print("No accounts yet.") }
    }
}

/// `qalxan token add EMAIL [--scope a,b] [--name NAME] [--days N]`: prints a new API
/// token once.
struct TokenCommands: AsyncCommandGroup {
    var help: String { "Manage API tokens" }
    var commands: [String: any AnyAsyncCommand] { ["add": AddToken()] }
}

struct AddToken: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "email", help: "Owner of the token")
        var email: String
        @Option(name: "scope", help: "Comma-separated scopes (reports:write, incidents:read, incidents:write); default: all the owner's role allows")
        var scope: String?
        @Option(name: "name", help: "What the token is for")
        var name: String?
        @Option(name: "days", help: "Expire after this many days")
        var days: Int?
    }
    var help: String { "Create an API token and print it once" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let user = try await UserModel.query(on: app.db).filter(\.$email == signature.email.lowercased()).first() else {
            stderr("No account with the e-mail \(signature.email).")
            throw CommandFailed()
        }
        var scopes = user.roleValue.grantableScopes
        if let s = signature.scope {
            var parsed: [APIScope] = []
            for part in s.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let scope = APIScope(rawValue: String(part)) else {
                    stderr("Unknown scope '\(part)'. Use: \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")).")
                    throw CommandFailed()
                }
                parsed.append(scope)
            }
            scopes = parsed
        }
        do {
            let (secret, _) = try await app.qalxan.tokens.create(
                for: user, name: signature.name ?? "cli", scopes: scopes, expiresInDays: signature.days, actor: .cli, on: app.db)
            context.console.print(secret)
        } catch ServiceError.invalid(let errors) {
            let l = Localizer(.en)
            for (field, key) in errors.sorted(by: { $0.key < $1.key }) { stderr("\(field): \(l.t(key))") }
            throw CommandFailed()
        }
    }
}

/// A command that failed after saying why on standard error; `exitCode` is what the
/// process returns (1, or 2 for an import that refused some lines).
public struct CommandFailed: Error, CustomStringConvertible {
    public let exitCode: Int32
    public init(exitCode: Int32 = 1) { self.exitCode = exitCode }
    public var description: String { "command failed" }
}

/// Writes a line to standard error, where scripts and people expect failures.
func stderr(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
