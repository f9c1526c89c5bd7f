import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import Testing
import VaporTesting

/// Calls the JSON API with a bearer token.
func api(_ app: Application, _ method: HTTPMethod, _ path: String, token: String?, json: Any? = nil) async throws -> (TestingHTTPResponse, Any?) {
    var headers = HTTPHeaders()
    if let token { headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)") }
    var body: ByteBuffer?
    if let json {
        headers.contentType = .json
        body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
    }
    let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
    let parsed = try? JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))
    return (res, parsed)
}

@Suite("JSON API")
struct APITests {
    @Test("Tokens: hashed, scoped, revocable; problem details on failure", arguments: TestDatabase.available)
    func tokens(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            let viewer = try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let (secret, stored) = try await app.qalxan.tokens.create(for: handler, name: "siem", scopes: [.incidentsRead],
                                                                      expiresInDays: nil, actor: .cli, on: app.db)
            #expect(secret.hasPrefix("qx_"))
            #expect(stored.tokenHash != secret && !stored.tokenHash.contains(secret))
            // A viewer cannot be given write scopes.
            await #expect(throws: ServiceError.self) {
                try await app.qalxan.tokens.create(for: viewer, name: "x", scopes: [.incidentsWrite], expiresInDays: nil, actor: .cli, on: app.db)
            }

            let (none, noneBody) = try await api(app, .GET, "/api/v1/incidents", token: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers.first(name: .contentType) == "application/problem+json")
            #expect((noneBody as? [String: Any])?["status"] as? Int == 401)
            #expect(try await api(app, .GET, "/api/v1/incidents", token: "qx_wrong").0.status == .unauthorized)
            #expect(try await api(app, .GET, "/api/v1/incidents", token: secret).0.status == .ok)
            // The scope is enforced.
            let (forbidden, _) = try await api(app, .POST, "/api/v1/reports", token: secret, json: ["description": "x"])
            #expect(forbidden.status == .forbidden)
            try await app.qalxan.tokens.revoke(stored.id!, actor: Actor(userID: handler.id, label: handler.email, role: .handler, address: "t"), on: app.db)
            #expect(try await api(app, .GET, "/api/v1/incidents", token: secret).0.status == .unauthorized)

            // Tokens made in the console are shown once.
            let b = Browser(app)
            try await b.signIn("handler@cert.example.az")
            let csrf = try await b.csrf(from: "/en/console/tokens")
            let made = try await b.post("/en/console/tokens", [("_csrf", csrf), ("name", "script"), ("scopes", "incidents:read"), ("scopes", "incidents:write")])
            #expect(made.status == .created)
            let shown = try #require(made.body.string.firstMatch(of: /qx_[A-Za-z0-9_-]{20,}/).map { String($0.output) })
            #expect(try await api(app, .GET, "/api/v1/incidents", token: shown).0.status == .ok)
            #expect(!(try await b.get("/en/console/tokens").body.string.contains(shown)))
        }
    }

    @Test("Submit a report, list, get, update, comment, read the timeline", arguments: TestDatabase.available)
    func lifecycle(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            let (token, _) = try await app.qalxan.tokens.create(for: handler, name: "all", scopes: Role.handler.grantableScopes,
                                                                expiresInDays: 30, actor: .cli, on: app.db)
            let (bad, badBody) = try await api(app, .POST, "/api/v1/reports", token: token, json: [
                "reporter": ["email": "not-an-email"], "category": "fraud/nothing", "tlp": "TLP:BLUE",
            ])
            #expect(bad.status == .unprocessableEntity)
            let errors = try #require((badBody as? [String: Any])?["errors"] as? [String: String])
            #expect(Set(errors.keys) == ["reporter.email", "category", "tlp", "description"])

            let (created, createdBody) = try await api(app, .POST, "/api/v1/reports", token: token, json: [
                "reporter": ["name": "SOC bot", "email": "soc@bank.example.az"], "category": "malicious-code/c2-server",
                "description": "Beaconing to 203.0.113.9", "affected_systems": ["203.0.113.9", "ws-17.bank.example.az"],
                "tlp": "TLP:AMBER+STRICT", "language": "az", "occurred_at": "2026-11-22T23:10:00+04:00",
            ])
            #expect(created.status == .created)
            let receipt = try #require(createdBody as? [String: Any])
            let number = try #require(receipt["number"] as? String)
            #expect((receipt["status_url"] as? String)?.hasPrefix("/az/status/\(number)?key=") == true)
            let report = try #require(try await ReportModel.query(on: app.db).filter(\.$number == number).first())
            #expect(report.channelValue == .api)
            #expect(report.occurredAt == DateText.parse("2026-11-22T19:10:00Z"))
            // The raw body is what was kept.
            let raw = try #require(app.qalxan.blobs.get(report.rawSHA256))
            #expect(String(decoding: raw, as: UTF8.self).contains("Beaconing to 203.0.113.9"))

            let actor = Actor(userID: handler.id, label: handler.email, role: .handler, address: "t")
            try await app.qalxan.triage.openIncident(reportID: report.id!.uuidString, title: "C2 beaconing", severity: .high, actor: actor, on: app.db)

            let (list, listBody) = try await api(app, .GET, "/api/v1/incidents?status=open&class=malicious-code", token: token)
            #expect(list.status == .ok)
            let page = try #require(listBody as? [String: Any])
            #expect(page["total"] as? Int == 1)
            let item = try #require((page["items"] as? [[String: Any]])?.first)
            #expect(item["number"] as? String == number)
            #expect((item["classification"] as? [String: String])?["type"] == "malicious-code/c2-server")
            #expect(item["tlp"] as? String == "TLP:AMBER+STRICT")

            let (got, gotBody) = try await api(app, .GET, "/api/v1/incidents/\(number)", token: token)
            #expect(got.status == .ok)
            #expect((gotBody as? [String: Any])?["affected_systems"] as? String == "203.0.113.9\nws-17.bank.example.az")
            #expect(try await api(app, .GET, "/api/v1/incidents/QX-1999-00009", token: token).0.status == .notFound)

            let (illegal, _) = try await api(app, .PATCH, "/api/v1/incidents/\(number)", token: token, json: ["status": "new"])
            #expect(illegal.status == .conflict)
            let (invalid, _) = try await api(app, .PATCH, "/api/v1/incidents/\(number)", token: token, json: ["severity": "apocalyptic"])
            #expect(invalid.status == .unprocessableEntity)
            let (patched, patchedBody) = try await api(app, .PATCH, "/api/v1/incidents/\(number)", token: token, json: [
                "status": "in_progress", "severity": "critical", "assignee": "handler@cert.example.az",
                "classification": ["class": "malicious-code", "type": "malicious-code/infected-system"], "pap": "PAP:GREEN",
            ])
            #expect(patched.status == .ok)
            let incident = try #require(patchedBody as? [String: Any])
            #expect(incident["status"] as? String == "in_progress")
            #expect(incident["severity"] as? String == "critical")
            #expect((incident["assignee"] as? [String: Any])?["email"] as? String == "handler@cert.example.az")
            #expect((incident["classification"] as? [String: String])?["type"] == "malicious-code/infected-system")
            #expect(incident["first_response_at"] is String)

            let (comment, commentBody) = try await api(app, .POST, "/api/v1/incidents/\(number)/comments", token: token,
                                                       json: ["body": "Host isolated", "kind": "note"])
            #expect(comment.status == .created)
            #expect((commentBody as? [String: Any])?["kind"] as? String == "note")
            #expect(try await api(app, .POST, "/api/v1/incidents/\(number)/comments", token: token, json: ["kind": "comment"]).0.status == .unprocessableEntity)
            let (_, timelineBody) = try await api(app, .GET, "/api/v1/incidents/\(number)/timeline", token: token)
            let kinds = ((timelineBody as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.first == "report" || kinds.first == "created")
            #expect(kinds.last == "note")
            #expect(kinds.contains("status") && kinds.contains("field") && kinds.contains("assignment"))

            // Every change is in the audit log under the token's owner.
            let actions = try await AuditEntryModel.query(on: app.db).filter(\.$actor == "handler@cert.example.az").all().map(\.action)
            #expect(actions.contains("incident.update") && actions.contains("incident.status") && actions.contains("incident.note"))
        }
    }

    @Test("The OpenAPI document is served and passes openapi-spec-validator")
    func openAPI() async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
            #expect((doc["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(doc["paths"] as? [String: Any])
            for p in ["/reports", "/incidents", "/incidents/{number}", "/incidents/{number}/comments", "/incidents/{number}/timeline"] {
                #expect(paths[p] != nil, "\(p) not documented")
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
            try Data(res.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let (status, output) = try runValidator(file.path)
            #expect(status == 0, "openapi-spec-validator: \(output)")
        }
    }
}

/// Runs `openapi-spec-validator` (from `.venv`, installed by `.ci/run`, or on PATH).
func runValidator(_ path: String) throws -> (Int32, String) {
    let result = try Tools.run(try Tools.find("openapi-spec-validator"), [path])
    return (result.status, result.output)
}
