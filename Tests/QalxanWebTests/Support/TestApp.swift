import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import SQLKit
import Testing
import VaporTesting

/// The databases storage tests run on: SQLite always, PostgreSQL when
/// `QALXAN_TEST_DATABASE_URL` is set (`.ci/run` starts one).
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["QALXAN_TEST_DATABASE_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    var testDescription: String { rawValue }
}

/// Runs `body` against a fresh Qalxan: its own data folder, and on PostgreSQL its own
/// schema, dropped afterwards.
func withQalxan(
    _ database: TestDatabase, environment extra: [String: String] = [:],
    _ body: (Application) async throws -> Void
) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-test-\(UUID().uuidString)")
    var env = ["QALXAN_DATA_DIR": dir.path, "QALXAN_COOKIE_SECURE": "false", "QALXAN_TEAM_NAME": "Test CERT"]
    var schema: String?
    if database == .postgres {
        env["QALXAN_DATABASE_URL"] = ProcessInfo.processInfo.environment["QALXAN_TEST_DATABASE_URL"]!
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        env["QALXAN_DATABASE_SCHEMA"] = schema
        env["QALXAN_DB_POOL"] = "2"
    }
    env.merge(extra) { _, new in new }
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: Settings(environment: env), bcryptCost: 4)
        try await body(app)
    } catch {
        await cleanUp(app, schema: schema, dir: dir)
        throw error
    }
    await cleanUp(app, schema: schema, dir: dir)
}

private func cleanUp(_ app: Application, schema: String?, dir: URL) async {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
    try? FileManager.default.removeItem(at: dir)
}

/// Creates a staff account directly through the service.
@discardableResult
func makeUser(_ app: Application, _ email: String, role: Role, password: String = "correct horse battery") async throws -> UserModel {
    try await app.qalxan.users.create(email: email, name: email.split(separator: "@").first.map(String.init) ?? "",
                                      role: role, password: password, actor: .cli, on: app.db)
}

/// A browser for tests: keeps cookies, reads CSRF tokens from pages, posts forms.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var extraHeaders = HTTPHeaders()

    init(_ app: Application) { self.app = app }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var h = headers
        for (name, value) in extraHeaders { h.replaceOrAdd(name: name, value: value) }
        if !cookies.isEmpty {
            h.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: h, body: body)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            if header.lowercased().contains("max-age=0") || kv[1].isEmpty { cookies[kv[0]] = nil } else { cookies[kv[0]] = kv[1] }
        }
        return response
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await request(.GET, path, headers: headers)
    }

    /// POSTs a URL-encoded form.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await request(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// POSTs a multipart form; `raw` fields are written byte for byte (for invalid UTF-8).
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(name: String, fileName: String, data: Data)] = [],
                       raw: [(String, [UInt8])] = []) async throws -> TestingHTTPResponse {
        let boundary = "qxboundary\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (name, bytes) in raw {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        for f in files {
            let escaped = f.fileName.replacingOccurrences(of: "\"", with: "%22")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.name)\"; filename=\"\(escaped)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(f.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await request(.POST, path, headers: headers, body: body)
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The CSRF token in a page's forms.
    static func csrf(_ html: String) -> String? {
        guard let r = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// GETs `page` and returns the CSRF token of its forms.
    func csrf(from page: String) async throws -> String {
        let res = try await get(page)
        return try #require(Self.csrf(res.body.string), "no CSRF token on \(page)")
    }

    /// Signs in through the login form.
    func signIn(_ email: String, password: String = "correct horse battery", lang: String = "en") async throws {
        let token = try await csrf(from: "/\(lang)/console/login")
        let res = try await post("/\(lang)/console/login", [("email", email), ("password", password), ("_csrf", token), ("next", "")])
        #expect(res.status == .seeOther, "sign-in of \(email) failed: \(res.status)")
    }
}

extension String {
    /// The text between `start` and the next `end`.
    func between(_ start: String, _ end: String) -> String? {
        guard let a = range(of: start) else { return nil }
        let rest = self[a.upperBound...]
        guard let b = rest.range(of: end) else { return nil }
        return String(rest[..<b.lowerBound])
    }
}
