import Foundation
import QalxanCore
import QalxanServices
import QalxanViews
import Vapor

/// Signing in and out of the console, and the first administrator's setup link.
struct ConsoleAuthController {
    func register(_ app: Application) {
        app.get("console") { req in Render.redirect(Paths.console(req.bestLanguage)) }
        let lang = app.grouped(":lang", "console")
        lang.get("login", use: loginForm)
        lang.post("login", use: login)
        lang.get("setup", ":token", use: setupForm)
        lang.post("setup", ":token", use: setup)
        lang.grouped(ConsoleAuthMiddleware()).post("logout", use: logout)
    }

    /// Only a console path of this site is a valid place to return to.
    static func safeNext(_ next: String, _ lang: Language) -> String {
        let consolePrefixes = Language.allCases.map { "/\($0.rawValue)/console" }
        guard !next.contains("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
              consolePrefixes.contains(where: { next.hasPrefix($0) }) else {
            return Paths.console(lang)
        }
        return next
    }

    func loginForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        let next = req.queryPairs.first { $0.0 == "next" }?.1 ?? ""
        return Render.page(ConsolePages.login(LoginModel(next: Self.safeNext(next, l)), req.pageContext(l)))
    }

    func login(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        let email = String(form.value("email").prefix(254))
        let next = Self.safeNext(form.value("next"), l)
        do { try req.verifyCSRF(form) } catch {
            return Render.page(ConsolePages.login(LoginModel(email: email, error: "error.csrf", next: next), req.pageContext(l)),
                               status: .forbidden)
        }
        do {
            try await req.rateLimit("login", limit: req.qalxan.settings.loginRatePer5Min, window: 300)
        } catch let e as PageError {
            let page = Render.page(ConsolePages.login(LoginModel(email: email, error: "error.rate_limited", next: next),
                                                      req.pageContext(l)), status: .tooManyRequests)
            if let wait = e.retryAfter { page.headers.replaceOrAdd(name: .retryAfter, value: String(wait)) }
            return page
        }
        guard let user = try await req.qalxan.users.authenticate(email: email, password: form.value("password"), on: req.db) else {
            try await req.db.transaction { db in
                try await AuditLog.record(db, actor: .visitor(address: req.clientAddress), action: "session.failed",
                                          entity: "user", entityID: String(TextInput.field(email).lowercased().prefix(254)))
            }
            return Render.page(ConsolePages.login(LoginModel(email: email, error: "error.login_failed", next: next),
                                                  req.pageContext(l)), status: .unauthorized)
        }
        // A new sign-in never continues an old session (no fixation), and expired
        // sessions are cleared out now and then.
        if let old = req.cookies[ConsoleAuthMiddleware.cookieName]?.string, !old.isEmpty {
            try await req.qalxan.sessions.end(token: old, actor: Actor(userID: user.id, label: user.email, role: user.roleValue,
                                                                       address: req.clientAddress), on: req.db)
        }
        try await req.qalxan.sessions.purge(on: req.db)
        let (token, _) = try await req.qalxan.sessions.start(
            user: user, address: req.clientAddress, userAgent: req.headers.first(name: .userAgent) ?? "", on: req.db)
        let response = Render.redirect(next)
        response.cookies[ConsoleAuthMiddleware.cookieName] = HTTPCookies.Value(
            string: token, expires: nil, maxAge: req.qalxan.settings.sessionHours * 3600, domain: nil, path: "/",
            isSecure: req.qalxan.settings.cookieSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    func logout(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        if let staff = req.staff {
            try await req.qalxan.sessions.end(token: staff.token, actor: req.actor, on: req.db)
        }
        let response = Render.redirect(Paths.login(l) + "?m=signed_out")
        response.cookies[ConsoleAuthMiddleware.cookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: req.qalxan.settings.cookieSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    func setupForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        let token = req.parameters.get("token") ?? ""
        guard try await req.qalxan.setup.isValid(token, on: req.db) else { throw PageError(status: .notFound) }
        return Render.page(ConsolePages.setup(SetupModel(token: token), req.pageContext(l)))
    }

    func setup(_ req: Request) async throws -> Response {
        let l = try req.language()
        let token = req.parameters.get("token") ?? ""
        try await req.rateLimit("setup", limit: 20, window: 600)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let email = form.value("email"), name = form.value("name"), password = form.value("password")
        var errors: [String: String] = [:]
        if password != form.value("password_confirm") { errors["password_confirm"] = "error.password_mismatch" }
        if errors.isEmpty {
            do {
                _ = try await req.qalxan.setup.complete(token: token, email: email, name: name, password: password,
                                                        address: req.clientAddress, on: req.db)
                return Render.redirect(Paths.login(l) + "?m=setup_done")
            } catch ServiceError.invalid(let e) {
                errors = e
            }
        }
        let model = SetupModel(token: token, email: email, name: name, errors: errors)
        return Render.page(ConsolePages.setup(model, req.pageContext(l)), status: .unprocessableEntity)
    }
}
