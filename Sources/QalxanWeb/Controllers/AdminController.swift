import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// Administration: staff accounts, the team profile, the audit log; and every staff
/// member's own API tokens.
struct AdminController {
    func register(_ console: any RoutesBuilder, bodyLimit: ByteCount) {
        console.get("users", use: users)
        console.post("users", use: createUser)
        console.post("users", ":id", use: updateUser)
        console.get("settings", "profile", use: profile)
        console.on(.POST, "settings", "profile", body: .collect(maxSize: bodyLimit), use: saveProfile)
        console.get("audit", use: audit)
        console.get("account", use: account)
        console.post("account", use: changePassword)
        console.get("tokens", use: tokens)
        console.post("tokens", use: createToken)
        console.post("tokens", ":id", "revoke", use: revokeToken)
    }

    func userRows(_ req: Request) async throws -> [UserRow] {
        try await req.qalxan.users.list(on: req.db).map {
            UserRow(ref: $0.ref, role: $0.roleValue, active: $0.active, lastLoginAt: $0.lastLoginAt)
        }
    }

    func users(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageUsers)
        return Render.page(ConsolePages.users(UsersModel(users: try await userRows(req)), req.pageContext(l)))
    }

    func createUser(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageUsers)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let role = Role(rawValue: form.value("role"))
        do {
            guard let role else { throw ServiceError.invalid(["role": "error.role"]) }
            try await req.qalxan.users.create(email: form.value("email"), name: form.value("name"), role: role,
                                              password: form.value("password"), actor: req.actor, on: req.db)
            return Render.redirect(Paths.users(l) + "?m=user_created")
        } catch ServiceError.invalid(let errors) {
            let model = UsersModel(users: try await userRows(req), email: form.value("email"), name: form.value("name"),
                                   role: role ?? .handler, errors: errors)
            return Render.page(ConsolePages.users(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    func updateUser(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.manageUsers)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        guard let id = req.parameters.get("id").flatMap({ UUID(uuidString: $0) }), let role = Role(rawValue: form.value("role")) else {
            throw PageError(status: .badRequest)
        }
        try await req.qalxan.users.update(id, role: role, active: form.value("active") == "1", actor: req.actor, on: req.db)
        return Render.redirect(Paths.users(l) + "?m=saved")
    }

    func profile(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editTeamProfile)
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        return Render.page(ConsolePages.profileSettings(ProfileSettingsModel(profile: profile), req.pageContext(l)))
    }

    func saveProfile(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editTeamProfile)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        var profile = TeamProfile()
        for section in TeamProfile.sections where !section.isHeading {
            for lang in Language.allCases {
                profile.text[section.key, default: [:]][lang] = form.value(ProfileSettingsModel.fieldName(section.key, lang))
            }
        }
        do {
            try await req.qalxan.siteSettings.saveProfile(profile, actor: req.actor, on: req.db)
            return Render.redirect(Paths.profileSettings(l) + "?m=saved")
        } catch ServiceError.invalid(let errors) {
            return Render.page(ConsolePages.profileSettings(ProfileSettingsModel(profile: profile, errors: errors), req.pageContext(l)),
                               status: .unprocessableEntity)
        }
    }

    func audit(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.readAudit)
        let page = max(1, min(req.queryPairs.first { $0.0 == "page" }.flatMap { Int($0.1) } ?? 1, 1_000_000))
        let (entries, total) = try await AuditLog.page(req.db, page: page)
        let broken = try await AuditLog.verify(req.db)
        let rows = entries.map {
            AuditRow(seq: $0.seq, at: Date(timeIntervalSince1970: Double($0.atMs) / 1000), actor: $0.actor,
                     address: $0.address, action: $0.action, entity: $0.entity, entityID: $0.entityID, detail: $0.detail)
        }
        let model = AuditModel(page: ResultPage(items: rows, page: page, perPage: 100, total: total),
                               chainIntact: broken == nil, brokenAt: broken)
        return Render.page(ConsolePages.audit(model, req.pageContext(l)))
    }

    func account(_ req: Request) async throws -> Response {
        let l = try req.language()
        return Render.page(ConsolePages.account(AccountModel(), req.pageContext(l)))
    }

    /// A new password, given the current one; every other session of the user ends.
    func changePassword(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let staff = req.staff else { throw PageError(status: .forbidden) }
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        try await req.rateLimit("login", limit: req.qalxan.settings.loginRatePer5Min, window: 300)
        var errors: [String: String] = [:]
        if try await req.qalxan.users.authenticate(email: staff.user.email, password: form.value("current_password"), on: req.db) == nil {
            errors["current_password"] = "error.current_password"
        } else if form.value("password") != form.value("password_confirm") {
            errors["password_confirm"] = "error.password_mismatch"
        } else {
            do {
                try await req.qalxan.users.setPassword(staff.user.id, password: form.value("password"), actor: req.actor, on: req.db)
                try await req.qalxan.sessions.endOthers(userID: staff.user.id, keeping: staff.token, on: req.db)
                return Render.redirect(Paths.account(l) + "?m=password_changed")
            } catch ServiceError.invalid(let e) {
                errors = e
            }
        }
        return Render.page(ConsolePages.account(AccountModel(errors: errors), req.pageContext(l)), status: .unprocessableEntity)
    }

    func tokenRows(_ req: Request) async throws -> [TokenRow] {
        guard let id = req.staff?.user.id else { return [] }
        return try await req.qalxan.tokens.list(userID: id, on: req.db).map {
            TokenRow(id: $0.id!, name: $0.name, prefix: $0.prefix,
                     scopes: $0.scopes.split(separator: " ").compactMap { APIScope(rawValue: String($0)) },
                     createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt, revoked: $0.revokedAt != nil)
        }
    }

    func tokens(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let staff = req.staff else { throw PageError(status: .forbidden) }
        let model = TokensModel(tokens: try await tokenRows(req), grantable: staff.user.role.grantableScopes)
        return Render.page(ConsolePages.tokens(model, req.pageContext(l)))
    }

    func createToken(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let staff = req.staff, let user = try await UserModel.find(staff.user.id, on: req.db) else {
            throw PageError(status: .forbidden)
        }
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let scopes = form.all("scopes").compactMap(APIScope.init)
        let days = form.value("expires_days").isEmpty ? nil : Int(form.value("expires_days"))
        do {
            if !form.value("expires_days").isEmpty, days == nil { throw ServiceError.invalid(["expires_days": "error.required"]) }
            let (secret, _) = try await req.qalxan.tokens.create(for: user, name: form.value("name"), scopes: scopes,
                                                                 expiresInDays: days, actor: req.actor, on: req.db)
            let model = TokensModel(tokens: try await tokenRows(req), newToken: secret, grantable: staff.user.role.grantableScopes)
            return Render.page(ConsolePages.tokens(model, req.pageContext(l)), status: .created)
        } catch ServiceError.invalid(let errors) {
            let model = TokensModel(tokens: try await tokenRows(req), grantable: staff.user.role.grantableScopes, errors: errors)
            return Render.page(ConsolePages.tokens(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    func revokeToken(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        guard let id = req.parameters.get("id").flatMap({ UUID(uuidString: $0) }) else { throw PageError(status: .notFound) }
        try await req.qalxan.tokens.revoke(id, actor: req.actor, on: req.db)
        return Render.redirect(Paths.tokens(l) + "?m=token_revoked")
    }
}
