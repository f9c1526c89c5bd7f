import QalxanViews
import Vapor

/// Loads the signed-in staff member from the session cookie. Pages of the console that
/// need one send visitors without a session to the sign-in page (GET) or refuse (POST).
struct ConsoleAuthMiddleware: AsyncMiddleware {
    static let cookieName = "qx_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.string,
           let (session, user) = try await request.qalxan.sessions.resolve(token: token, on: request.db) {
            request.staff = StaffSession(
                user: .init(id: user.id!, email: user.email, name: user.name, role: user.roleValue),
                csrfToken: session.csrfToken, token: token)
            return try await next.respond(to: request)
        }
        let lang = request.bestLanguage
        if request.method == .GET || request.method == .HEAD {
            var next = request.url.path
            if let q = request.url.query, !q.isEmpty { next += "?" + q }
            return Render.redirect(Paths.login(lang) + "?next=" + URLText.encode(next))
        }
        throw PageError(status: .forbidden)
    }
}
