import Vapor

/// Headers that make every response safer in a browser, and the visitor's CSRF cookie.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let cookieSecure: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let h = response.headers
        var headers = h
        headers.replaceOrAdd(name: "Content-Security-Policy",
                             value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        // Status links carry a secret in the query: never send them on as a referrer.
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()")
        headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        // Browsers ignore it over plain HTTP (a local run), and keep to HTTPS once they saw it.
        if cookieSecure { headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        response.headers = headers
        if let token = request.storage[PublicCSRFKey.self], request.cookies["qx_csrf"]?.string != token {
            response.cookies["qx_csrf"] = HTTPCookies.Value(
                string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: cookieSecure, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}
