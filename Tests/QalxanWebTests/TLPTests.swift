import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import Testing
import VaporTesting

@Suite("TLP and consistency on every path")
struct TLPPathTests {
    @Test("A TLP:RED report makes the incident it joins RED; a merge keeps the stricter label",
          arguments: TestDatabase.available)
    func redFollowsData(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let actor = Actor(userID: handler.id, label: handler.email, role: .handler, address: "t")
            let visitor = Browser(app)
            let red = try receipt(try await submitReport(visitor, fields: [("description", "Named recipients only"), ("tlp", "TLP:RED")]).body.string)
            let amber = try await app.qalxan.incidents.create(title: "Amber case", description: "", classification: nil, severity: .low,
                                                              tlp: .amber, affectedSystems: "", actor: actor, on: app.db)
            let report = try #require(try await ReportModel.query(on: app.db).filter(\.$number == red.number).first())
            try await app.qalxan.triage.link(reportID: report.id!.uuidString, to: amber.number, actor: actor, on: app.db)
            #expect(try await IncidentModel.find(amber.id, on: app.db)?.tlpValue == .red)
            let viewer = Browser(app)
            try await viewer.signIn("viewer@cert.example.az")
            #expect(try await viewer.get("/en/console/incidents/\(amber.number)").status == .notFound)
            #expect(try await viewer.get("/en/console/reports/\(report.id!.uuidString)").status == .notFound)
            #expect(!(try await viewer.get("/en/console/reports?state=all").body.string.contains(red.number)))

            // Merging a RED incident into an AMBER one makes the target RED.
            let secret = try await app.qalxan.incidents.create(title: "Secret", description: "", classification: nil, severity: .low,
                                                               tlp: .red, affectedSystems: "", actor: actor, on: app.db)
            let target = try await app.qalxan.incidents.create(title: "Target", description: "", classification: nil, severity: .low,
                                                               tlp: .green, affectedSystems: "", actor: actor, on: app.db)
            try await app.qalxan.incidents.changeStatus(secret.number, to: .merged, mergedInto: target.number, actor: actor, on: app.db)
            #expect(try await IncidentModel.find(target.id, on: app.db)?.tlpValue == .red)
        }
    }

    @Test("A refused status move in a PATCH changes nothing; a malformed classification is a 422, not a crash")
    func apiAtomic() async throws {
        try await withQalxan(.sqlite) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            let (token, _) = try await app.qalxan.tokens.create(for: handler, name: "t", scopes: Role.handler.grantableScopes, expiresInDays: nil,
                                                                actor: .cli, on: app.db)
            let incident = try await app.qalxan.incidents.create(title: "Original", description: "", classification: nil, severity: .low,
                                                                 tlp: .amber, affectedSystems: "", actor: .cli, on: app.db)
            let (res, _) = try await api(app, .PATCH, "/api/v1/incidents/\(incident.number)", token: token,
                                         json: ["title": "Changed", "status": "closed"])
            #expect(res.status == .conflict)
            #expect(try await IncidentModel.find(incident.id, on: app.db)?.title == "Original")
            let (bad, _) = try await api(app, .PATCH, "/api/v1/incidents/\(incident.number)", token: token,
                                         json: ["classification": ["class": "fraud", "type": "/"]])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok)
        }
    }

    @Test("Behind a trusted proxy the client address is the one the proxy appended")
    func forwardedFor() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_TRUST_PROXY": "true", "QALXAN_REPORT_RATE": "2"]) { app in
            let b = Browser(app)
            for i in 0..<2 {
                b.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "10.9.9.\(i), 203.0.113.5")
                #expect(try await submitReport(b, fields: [("description", "report \(i)")]).status == .created)
            }
            // A spoofed first entry does not buy another allowance.
            b.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "10.9.9.99, 203.0.113.5")
            #expect(try await submitReport(b, fields: [("description", "one more")]).status == .tooManyRequests)
            let addresses = try await ReportModel.query(on: app.db).all().map(\.clientAddress)
            #expect(addresses == ["203.0.113.5", "203.0.113.5"])
        }
    }
}
