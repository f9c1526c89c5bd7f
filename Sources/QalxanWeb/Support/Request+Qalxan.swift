import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// Thrown to answer with an error page or problem details in the user's language.
struct PageError: Error {
    let status: HTTPResponseStatus
    var retryAfter: Int? = nil
}

extension Request {
    /// The language from the URL prefix (`/az/…`, `/en/…`); a 404 otherwise.
    func language() throws -> Language {
        guard let code = parameters.get("lang"), let lang = Language(rawValue: code) else {
            throw PageError(status: .notFound)
        }
        return lang
    }

    /// The language of the path if it has one, else from Accept-Language.
    var bestLanguage: Language {
        let first = url.path.split(separator: "/").first.map(String.init) ?? ""
        return Language(rawValue: first) ?? Language.negotiate(acceptLanguage: headers.first(name: .acceptLanguage))
    }

    /// The client's address (from X-Forwarded-For only when the proxy is trusted).
    var clientAddress: String {
        if qalxan.settings.trustProxy, let forwarded = headers.first(name: "X-Forwarded-For") {
            // The proxy appends the address it saw: the last entry is the one a client
            // cannot choose.
            if let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
                return String(last.prefix(64))
            }
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    /// Query parameters in order, repeated names kept.
    var queryPairs: [(String, String)] { FormData.urlEncoded(url.query ?? "") }

    /// The signed-in staff member (set by `ConsoleAuthMiddleware`).
    var staff: StaffSession? {
        get { storage[StaffSessionKey.self] }
        set { storage[StaffSessionKey.self] = newValue }
    }

    /// Who is acting: the signed-in staff member, or an anonymous visitor.
    var actor: Actor {
        if let s = staff {
            return Actor(userID: s.user.id, label: s.user.email, role: s.user.role, address: clientAddress)
        }
        return .visitor(address: clientAddress)
    }

    /// The context every page gets. `flash` names a `flash.*` catalog key.
    func pageContext(_ lang: Language, flash: String? = nil) -> PageContext {
        let user = staff.map { SignedInUser(ref: $0.user.ref, role: $0.user.role) }
        let csrf = staff?.csrfToken ?? publicCSRFToken
        let flashKey = flash ?? queryPairs.first { $0.0 == "m" }.map(\.1)
        let flashText = flashKey.flatMap { key -> String? in
            let l = Localizer(lang)
            return l.has("flash.\(key)") ? l.t("flash.\(key)") : nil
        }
        let keptQuery = queryPairs.filter { $0.0 != "m" && $0.0 != "key" }
        return PageContext(language: lang, path: url.path, query: String(URLText.query(keptQuery).dropFirst()),
                           csrfToken: csrf, user: user, flash: flashText, teamName: qalxan.settings.teamName)
    }

    /// The CSRF token of an anonymous visitor: the `qx_csrf` cookie's value, made on
    /// first use and set on the response by `CSRFCookieMiddleware`.
    var publicCSRFToken: String {
        if let existing = storage[PublicCSRFKey.self] { return existing }
        var token = Secrets.token()
        if let cookie = cookies["qx_csrf"]?.string, cookie.count == 43 { token = cookie }
        storage[PublicCSRFKey.self] = token
        return token
    }

    /// Checks the `_csrf` field of a POSTed form against the session's token (staff)
    /// or the visitor's cookie, and the Origin header when the browser sent one.
    func verifyCSRF(_ form: FormData) throws {
        if let origin = headers.first(name: .origin), origin != "null", let host = headers.first(name: .host) {
            let originHost = origin.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            guard originHost == host else { throw PageError(status: .forbidden) }
        }
        let sent = form.value("_csrf")
        let expected: String?
        if let staff { expected = staff.csrfToken } else { expected = cookies["qx_csrf"]?.string }
        guard let expected, !sent.isEmpty, Secrets.constantTimeEquals(sent, expected) else {
            throw PageError(status: .forbidden)
        }
    }

    /// Counts a hit against a rate limit; throws 429 when over it.
    func rateLimit(_ action: String, limit: Int, window: TimeInterval) async throws {
        if let wait = await qalxan.rateLimiter.hit("\(action)|\(clientAddress)", limit: limit, window: window) {
            throw PageError(status: .tooManyRequests, retryAfter: wait)
        }
    }
}

struct PublicCSRFKey: StorageKey { typealias Value = String }

/// The staff member behind a console request.
struct StaffSession: Sendable {
    struct User: Sendable {
        let id: UUID
        let email: String
        let name: String
        let role: Role
        var ref: UserRef { UserRef(id: id, email: email, name: name) }
    }
    let user: User
    let csrfToken: String
    let token: String
}

struct StaffSessionKey: StorageKey { typealias Value = StaffSession }

/// Builds HTML responses.
enum Render {
    static func page(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.add(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html.raw))
    }

    static func redirect(_ path: String) -> Response {
        // 303: after a POST, the browser follows with GET.
        let r = Response(status: .seeOther)
        r.headers.replaceOrAdd(name: .location, value: path)
        return r
    }
}
