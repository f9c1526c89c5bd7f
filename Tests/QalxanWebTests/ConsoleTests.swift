import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import SQLKit
import Testing
import VaporTesting

@Suite("Staff console")
struct ConsoleTests {
    @Test("Sign-in, session cookie flags, console access, sign-out", arguments: TestDatabase.available)
    func signIn(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let b = Browser(app)
            // Without a session the console sends to the sign-in page, keeping the target.
            let anon = try await b.get("/en/console/incidents")
            #expect(anon.status == .seeOther)
            #expect(anon.headers.first(name: .location)?.hasPrefix("/en/console/login?next=") == true)

            let token = try await b.csrf(from: "/en/console/login")
            let wrong = try await b.post("/en/console/login", [("email", "handler@cert.example.az"), ("password", "wrong password!"), ("_csrf", token)])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains(HTMLText.escaped(Localizer(.en).t("error.login_failed"))))
            let unknown = try await b.post("/en/console/login", [("email", "nobody@cert.example.az"), ("password", "wrong password!"), ("_csrf", token)])
            #expect(unknown.body.string.contains(HTMLText.escaped(Localizer(.en).t("error.login_failed"))))

            let ok = try await b.post("/en/console/login", [("email", "HANDLER@cert.example.az"), ("password", "correct horse battery"),
                                                            ("_csrf", token), ("next", "/en/console/incidents")])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/en/console/incidents")
            let cookie = try #require(ok.headers[.setCookie].first { $0.hasPrefix("qx_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=lax"))
            #expect(try await b.get("/en/console").status == .ok)
            #expect(try await b.get("/az/console/incidents").status == .ok)

            // An open redirect through `next` is not possible.
            let b2 = Browser(app)
            let t2 = try await b2.csrf(from: "/en/console/login")
            let evil = try await b2.post("/en/console/login", [("email", "handler@cert.example.az"), ("password", "correct horse battery"),
                                                               ("_csrf", t2), ("next", "//evil.example/x")])
            #expect(evil.headers.first(name: .location) == "/en/console")

            // Sign-out is a POST with the session's CSRF token.
            let page = try await b.get("/en/console")
            let csrf = try #require(Browser.csrf(page.body.string))
            #expect(try await b.post("/en/console/logout", [("_csrf", "forged")]).status == .forbidden)
            let out = try await b.post("/en/console/logout", [("_csrf", csrf)])
            #expect(out.status == .seeOther)
            #expect(try await b.get("/en/console").status == .seeOther)
            #expect(try await SessionModel.query(on: app.db).filter(\.$userID == (try await UserModel.query(on: app.db).first()!.id!)).count() == 1)
        }
    }

    @Test("A staff member changes their password; other sessions end; the old password stops working")
    func changePassword() async throws {
        try await withQalxan(.sqlite) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let laptop = Browser(app), phone = Browser(app)
            try await laptop.signIn("handler@cert.example.az")
            try await phone.signIn("handler@cert.example.az")
            let page = try await laptop.get("/az/console/account")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(HTMLText.escaped(Localizer(.az).t("account.title"))))
            let csrf = try #require(Browser.csrf(page.body.string))
            let wrong = try await laptop.post("/az/console/account", [("_csrf", csrf), ("current_password", "nope"),
                                                                      ("password", "brand new passphrase"), ("password_confirm", "brand new passphrase")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains(HTMLText.escaped(Localizer(.az).t("error.current_password"))))
            let short = try await laptop.post("/az/console/account", [("_csrf", csrf), ("current_password", "correct horse battery"),
                                                                      ("password", "short"), ("password_confirm", "short")])
            #expect(short.status == .unprocessableEntity)
            let ok = try await laptop.post("/az/console/account", [("_csrf", csrf), ("current_password", "correct horse battery"),
                                                                   ("password", "brand new passphrase"), ("password_confirm", "brand new passphrase")])
            #expect(ok.status == .seeOther)
            #expect(try await laptop.get("/az/console").status == .ok)
            #expect(try await phone.get("/az/console").status == .seeOther)
            let again = Browser(app)
            let token = try await again.csrf(from: "/en/console/login")
            #expect(try await again.post("/en/console/login", [("email", "handler@cert.example.az"), ("password", "correct horse battery"),
                                                               ("_csrf", token)]).status == .unauthorized)
            try await again.signIn("handler@cert.example.az", password: "brand new passphrase")
        }
    }

    @Test("The one-time setup link creates the first administrator, once", arguments: TestDatabase.available)
    func setupLink(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let token = try await app.qalxan.setup.issueToken(on: app.db)
            let b = Browser(app)
            #expect(try await b.get("/en/console/setup/wrong-token").status == .notFound)
            let csrf = try await b.csrf(from: "/en/console/setup/\(token)")
            let mismatch = try await b.post("/en/console/setup/\(token)", [("email", "chief@cert.example.az"), ("name", "Chief"),
                                                                          ("password", "a long enough secret"), ("password_confirm", "different"), ("_csrf", csrf)])
            #expect(mismatch.status == .unprocessableEntity)
            let short = try await b.post("/en/console/setup/\(token)", [("email", "chief@cert.example.az"), ("name", "Chief"),
                                                                       ("password", "short"), ("password_confirm", "short"), ("_csrf", csrf)])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains(HTMLText.escaped(Localizer(.en).t("error.password_short"))))
            let ok = try await b.post("/en/console/setup/\(token)", [("email", "chief@cert.example.az"), ("name", "Chief"),
                                                                    ("password", "a long enough secret"), ("password_confirm", "a long enough secret"), ("_csrf", csrf)])
            #expect(ok.status == .seeOther)
            let admin = try #require(try await UserModel.query(on: app.db).first())
            #expect(admin.roleValue == .administrator)
            #expect(admin.passwordHash.hasPrefix("$2"))
            #expect(!admin.passwordHash.contains("a long enough secret"))
            #expect(try await b.get("/en/console/setup/\(token)").status == .notFound)
            try await b.signIn("chief@cert.example.az", password: "a long enough secret")
            #expect(try await b.get("/en/console/users").status == .ok)
        }
    }

    @Test("Roles are enforced on every route")
    func roles() async throws {
        try await withQalxan(.sqlite) { app in
            try await makeUser(app, "admin@cert.example.az", role: .administrator)
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let incident = try await app.qalxan.incidents.create(
                title: "Seed", description: "", classification: nil, severity: .low, tlp: .amber, affectedSystems: "",
                actor: .cli, on: app.db)
            let red = try await app.qalxan.incidents.create(
                title: "Named recipients only", description: "", classification: nil, severity: .high, tlp: .red,
                affectedSystems: "", actor: .cli, on: app.db)
            let adminOnly = ["/en/console/users", "/en/console/settings/profile", "/en/console/audit"]
            for (email, role) in [("admin", Role.administrator), ("coord", .coordinator), ("handler", .handler), ("viewer", .viewer)] {
                let b = Browser(app)
                try await b.signIn("\(email)@cert.example.az")
                for path in adminOnly {
                    let status = try await b.get(path).status
                    #expect(status == (role == .administrator ? .ok : .forbidden), "\(role) on \(path)")
                }
                #expect(try await b.get("/en/console/incidents").status == .ok)
                let page = try await b.get("/en/console/incidents/\(incident.number)")
                #expect(page.status == .ok)
                let csrf = try #require(Browser.csrf(try await b.get("/en/console/tokens").body.string))
                let edit = try await b.post("/en/console/incidents/\(incident.number)/update", [("_csrf", csrf), ("title", "Edited by \(email)")])
                #expect(edit.status == (role == .viewer ? .forbidden : .seeOther), "\(role) editing")
                let comment = try await b.post("/en/console/incidents/\(incident.number)/comments", [("_csrf", csrf), ("body", "hi"), ("kind", "comment")])
                #expect(comment.status == (role == .viewer ? .forbidden : .seeOther), "\(role) commenting")
                // TLP:RED is hidden from viewers, in the list and on its page.
                let redPage = try await b.get("/en/console/incidents/\(red.number)")
                #expect(redPage.status == (role == .viewer ? .notFound : .ok), "\(role) on TLP:RED")
                let list = try await b.get("/en/console/incidents")
                #expect(list.body.string.contains("Named recipients only") == (role != .viewer))
                let create = try await b.post("/en/console/users", [("_csrf", csrf), ("email", "new-\(email)@cert.example.az"),
                                                                    ("role", "administrator"), ("password", "another long password")])
                #expect(create.status == (role == .administrator ? .seeOther : .forbidden), "\(role) creating users")
            }
            // A handler may take an incident but not hand it to someone else.
            let handler = try #require(try await UserModel.query(on: app.db).filter(\.$email == "handler@cert.example.az").first())
            let coord = try #require(try await UserModel.query(on: app.db).filter(\.$email == "coord@cert.example.az").first())
            let hb = Browser(app)
            try await hb.signIn("handler@cert.example.az")
            let csrf = try #require(Browser.csrf(try await hb.get("/en/console").body.string))
            let toOther = try await hb.post("/en/console/incidents/\(incident.number)/update", [("_csrf", csrf), ("assignee", coord.id!.uuidString)])
            #expect(toOther.status == .forbidden)
            let toSelf = try await hb.post("/en/console/incidents/\(incident.number)/update", [("_csrf", csrf), ("assignee", handler.id!.uuidString)])
            #expect(toSelf.status == .seeOther)
            #expect(try await IncidentModel.find(incident.id, on: app.db)?.assigneeID == handler.id)
        }
    }

    @Test("Triage: open an incident from a report, link another, reject a third", arguments: TestDatabase.available)
    func triage(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let visitor = Browser(app)
            let first = try receipt(try await submitReport(visitor, fields: [("description", "Phishing site at bank-login.example\nmore"),
                                                                               ("category", "fraud/phishing"), ("tlp", "TLP:GREEN")]).body.string)
            let second = try receipt(try await submitReport(visitor, fields: [("description", "Same phishing site")],
                                                            files: [("evidence", "mail.eml", Data("From: x".utf8))]).body.string)
            let third = try receipt(try await submitReport(visitor, fields: [("description", "Cheap watches")]).body.string)

            let b = Browser(app)
            try await b.signIn("handler@cert.example.az")
            let queue = try await b.get("/en/console/reports")
            for n in [first.number, second.number, third.number] { #expect(queue.body.string.contains(n)) }
            let dash = try await b.get("/en/console")
            #expect(dash.body.string.contains(first.number))

            let r1 = try #require(try await ReportModel.query(on: app.db).filter(\.$number == first.number).first())
            let csrf = try #require(Browser.csrf(try await b.get("/en/console/reports/\(r1.id!.uuidString)").body.string))
            let opened = try await b.post("/en/console/reports/\(r1.id!.uuidString)/open", [("_csrf", csrf), ("title", ""), ("severity", "high")])
            #expect(opened.status == .seeOther)
            #expect(opened.headers.first(name: .location)?.contains("/en/console/incidents/\(first.number)") == true)
            let incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == first.number).first())
            #expect(incident.title == "Phishing site at bank-login.example")
            #expect(incident.classification == Classification(path: "fraud/phishing"))
            #expect(incident.tlpValue == .green)
            #expect(incident.statusValue == .open)
            #expect(incident.severityValue == .high)
            #expect(incident.firstResponseAt != nil)
            // A report can be triaged once.
            let again = try await b.post("/en/console/reports/\(r1.id!.uuidString)/open", [("_csrf", csrf), ("severity", "low")])
            #expect(again.status == .conflict)

            let r2 = try #require(try await ReportModel.query(on: app.db).filter(\.$number == second.number).first())
            let badLink = try await b.post("/en/console/reports/\(r2.id!.uuidString)/link", [("_csrf", csrf), ("number", "QX-1999-00001")])
            #expect(badLink.status == .unprocessableEntity)
            let linked = try await b.post("/en/console/reports/\(r2.id!.uuidString)/link", [("_csrf", csrf), ("number", "[\(first.number)]")])
            #expect(linked.status == .seeOther)

            let r3 = try #require(try await ReportModel.query(on: app.db).filter(\.$number == third.number).first())
            let noReason = try await b.post("/en/console/reports/\(r3.id!.uuidString)/reject", [("_csrf", csrf), ("reason", " ")])
            #expect(noReason.status == .unprocessableEntity)
            let rejected = try await b.post("/en/console/reports/\(r3.id!.uuidString)/reject", [("_csrf", csrf), ("reason", "spam")])
            #expect(rejected.status == .seeOther)
            #expect(try await ReportModel.find(r3.id, on: app.db)?.stateValue == .rejected)

            let page = try await b.get("/en/console/incidents/\(first.number)")
            let html = page.body.string
            #expect(html.contains(first.number) && html.contains(second.number))
            // Timeline details are in the reader's language, not internal keys.
            #expect(!html.contains("<dt>from_report</dt>"))
            #expect(html.contains("<dt>\(HTMLText.escaped(Localizer(.en).t("timeline.data.from_report")))</dt>"))
            #expect(html.contains("<dd>\(HTMLText.escaped(Localizer(.en).t("channel.web")))</dd>"))
            #expect(html.contains("mail.eml"))
            let evidence = try #require(try await EvidenceModel.query(on: app.db).first())
            let download = try await b.get("/en/console/evidence/\(evidence.id!.uuidString)")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentType) == "application/octet-stream")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(download.body.string == "From: x")
            #expect(try await Browser(app).get("/en/console/evidence/\(evidence.id!.uuidString)").status == .seeOther)

            // The reporters follow the incident.
            #expect(try await Browser(app).get(second.link).body.string.contains(Localizer(.en).t("public_status.in_progress")))
            #expect(try await Browser(app).get(third.link).body.string.contains(Localizer(.en).t("public_status.rejected")))
        }
    }

    @Test("The workflow: only allowed moves succeed, times are kept, everything is on the timeline",
          arguments: TestDatabase.available)
    func workflow(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let b = Browser(app)
            try await b.signIn("handler@cert.example.az")
            let csrf = try #require(Browser.csrf(try await b.get("/en/console/incidents/new").body.string))
            let created = try await b.post("/en/console/incidents/new", [("_csrf", csrf), ("title", "DDoS on the ministry portal"),
                                                                         ("description", "Traffic spike"), ("category", "availability/ddos"),
                                                                         ("severity", "critical"), ("tlp", "TLP:AMBER"), ("affected", "portal.gov.example")])
            #expect(created.status == .seeOther)
            let number = try #require(created.headers.first(name: .location)?.firstMatch(of: /QX-\d{4}-\d{5}/).map { String($0.output) })
            func move(_ to: String, merged: String? = nil) async throws -> HTTPStatus {
                var f = [("_csrf", csrf), ("status", to)]
                if let merged { f.append(("merged_into", merged)) }
                return try await b.post("/en/console/incidents/\(number)/status", f).status
            }
            #expect(try await move("closed") == .conflict)
            #expect(try await move("in_progress") == .seeOther)
            var incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == number).first())
            let firstResponse = try #require(incident.firstResponseAt)
            #expect(try await move("waiting") == .seeOther)
            #expect(try await move("resolved") == .seeOther)
            incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == number).first())
            #expect(incident.resolvedAt != nil && incident.closedAt == nil)
            #expect(try await move("closed") == .seeOther)
            incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == number).first())
            #expect(incident.closedAt != nil)
            #expect(incident.firstResponseAt == firstResponse)
            // Reopening a closed incident is a coordinator's decision.
            #expect(try await move("open") == .forbidden)
            let c = Browser(app)
            try await c.signIn("coord@cert.example.az")
            let ccsrf = try #require(Browser.csrf(try await c.get("/en/console").body.string))
            #expect(try await c.post("/en/console/incidents/\(number)/status", [("_csrf", ccsrf), ("status", "open")]).status == .seeOther)
            incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == number).first())
            #expect(incident.closedAt == nil && incident.resolvedAt == nil)
            #expect(try await move("bogus") == .unprocessableEntity)

            // Edits, comments and notes land on the timeline.
            #expect(try await b.post("/en/console/incidents/\(number)/update", [("_csrf", csrf), ("severity", "high"), ("pap", "PAP:RED"),
                                                                                ("category", "availability/dos")]).status == .seeOther)
            #expect(try await b.post("/en/console/incidents/\(number)/update", [("_csrf", csrf), ("tlp", "TLP:PINK")]).status == .unprocessableEntity)
            #expect(try await b.post("/en/console/incidents/\(number)/comments", [("_csrf", csrf), ("body", "Called the ISP"), ("kind", "comment")]).status == .seeOther)
            #expect(try await b.post("/en/console/incidents/\(number)/comments", [("_csrf", csrf), ("body", "Internal: IOC list attached"), ("kind", "note")]).status == .seeOther)
            #expect(try await b.post("/en/console/incidents/\(number)/comments", [("_csrf", csrf), ("body", "  "), ("kind", "note")]).status == .unprocessableEntity)
            let kinds = try await TimelineEntryModel.query(on: app.db).filter(\.$incidentID == incident.id!).all().map(\.kind)
            for k in ["created", "status", "field", "comment", "note"] { #expect(kinds.contains(k), "timeline lacks \(k)") }
            #expect(kinds.filter { $0 == "status" }.count == 5)
            let page = try await b.get("/en/console/incidents/\(number)").body.string
            #expect(page.contains("Called the ISP") && page.contains("Internal: IOC list attached"))

            // Merging moves it out of the way and into another incident.
            let other = try await app.qalxan.incidents.create(title: "Main DDoS case", description: "", classification: nil,
                                                              severity: .high, tlp: .amber, affectedSystems: "", actor: .cli, on: app.db)
            #expect(try await move("merged") == .unprocessableEntity)
            #expect(try await move("merged", merged: number) == .unprocessableEntity)
            #expect(try await move("merged", merged: other.number) == .seeOther)
            incident = try #require(try await IncidentModel.query(on: app.db).filter(\.$number == number).first())
            #expect(incident.mergedIntoID == other.id)
            #expect(try await move("open") == .conflict)
        }
    }

    @Test("The incident list filters, searches, sorts and pages", arguments: TestDatabase.available)
    func list(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let handler = try await makeUser(app, "handler@cert.example.az", role: .handler)
            let coord = Actor(userID: nil, label: "test", role: .coordinator, address: "test")
            let s = app.qalxan.incidents
            let specs: [(String, String, Severity, TLP)] = [
                ("Phishing against bank", "fraud/phishing", .high, .green),
                ("Scanner from botnet", "information-gathering/scanner", .low, .clear),
                ("Ransomware at hospital", "malicious-code/infected-system", .critical, .red),
                ("Defacement of school site", "intrusions/application-compromise", .medium, .amber),
            ]
            var numbers: [String] = []
            for (i, spec) in specs.enumerated() {
                let m = try await s.create(title: spec.0, description: "", classification: Classification(path: spec.1), severity: spec.2,
                                           tlp: spec.3, affectedSystems: "10.0.0.\(i)", actor: coord, on: app.db,
                                           now: Date().addingTimeInterval(Double(i) * 60))
                numbers.append(m.number)
            }
            var c = IncidentChanges()
            c.assigneeID = .some(handler.id)
            try await s.update(numbers[0], c, actor: coord, on: app.db)
            try await s.changeStatus(numbers[1], to: .open, actor: coord, on: app.db)

            func titles(_ query: [(String, String)]) async throws -> [String] {
                try await IncidentQuery.list(IncidentFilter(query: query), actor: coord, on: app.db).items.map(\.title)
            }
            #expect(try await titles([]) == specs.reversed().map(\.0))
            #expect(try await titles([("status", "open")]) == ["Scanner from botnet"])
            #expect(try await titles([("class", "fraud")]) == ["Phishing against bank"])
            #expect(try await titles([("type", "malicious-code/infected-system")]) == ["Ransomware at hospital"])
            #expect(try await titles([("severity", "medium")]) == ["Defacement of school site"])
            #expect(try await titles([("assignee", handler.email)]) == ["Phishing against bank"])
            #expect(try await titles([("assignee", handler.id!.uuidString)]) == ["Phishing against bank"])
            #expect(try await titles([("assignee", "none")]).count == 3)
            #expect(try await titles([("tlp", "red")]) == ["Ransomware at hospital"])
            #expect(try await titles([("q", "RANSOMWARE")]) == ["Ransomware at hospital"])
            #expect(try await titles([("q", "10.0.0.3")]) == ["Defacement of school site"])
            #expect(try await titles([("q", numbers[1])]) == ["Scanner from botnet"])
            #expect(try await titles([("q", "%")]).count == 4)
            #expect(try await titles([("sort", "severity")]).first == "Ransomware at hospital")
            #expect(try await titles([("sort", "severity"), ("order", "asc")]).first == "Scanner from botnet")
            #expect(try await titles([("sort", "number"), ("order", "asc")]).first == "Phishing against bank")
            let page2 = try await IncidentQuery.list(IncidentFilter(query: [("per_page", "3"), ("page", "2")]), actor: coord, on: app.db)
            #expect(page2.total == 4 && page2.items.count == 1 && page2.pageCount == 2)
            let viewer = Actor(userID: nil, label: "v", role: .viewer, address: "test")
            #expect(try await IncidentQuery.list(IncidentFilter(), actor: viewer, on: app.db).total == 3)

            // The same through the page.
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let b = Browser(app)
            try await b.signIn("coord@cert.example.az")
            let html = try await b.get("/en/console/incidents?class=fraud&sort=severity").body.string
            #expect(html.contains("Phishing against bank"))
            #expect(!html.contains("Scanner from botnet"))
        }
    }

    @Test("Hostile input in every field is stored as data and rendered escaped", arguments: TestDatabase.available)
    func hostileInput(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let script = "<script>alert('x')</script>"
            let attr = "\"><img src=x onerror=alert(1)>"
            let sql = "'; DROP TABLE reports; --"
            let control = "bell\u{07}null\u{00}esc\u{1B}end"
            let huge = String(repeating: "A", count: 1_000_000) + script
            let fields: [(String, String)] = [
                ("name", script), ("email", "a@b.az"), ("phone", "+994 12 000 00 00"), ("organisation", attr),
                ("category", "unknown"), ("description", huge + "\n" + sql + "\n" + control), ("affected", attr + "\n" + sql),
                ("tlp", "TLP:AMBER"),
            ]
            // Invalid UTF-8 in a field and a path-traversal file name.
            let res = try await submitReport(Browser(app), fields: fields, files: [("evidence", "../../etc/passwd", Data("root:x".utf8))],
                                             raw: [("occurred_at", [0x32, 0x30, 0xFF, 0xFE])])
            // The broken date is refused with the form refilled; nothing typed is lost.
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(HTMLText.escaped(Localizer(.en).t("error.date"))))
            #expect(!res.body.string.contains(script))
            #expect(res.body.string.contains("&lt;script&gt;"))

            let ok = try await submitReport(Browser(app), fields: fields, files: [("evidence", "..\\..\\boot.ini", Data("[boot]".utf8))],
                                            raw: [("phone_note", [0xC3, 0x28])])
            #expect(ok.status == .created)
            let report = try #require(try await ReportModel.query(on: app.db).first())
            #expect(report.reporterName == script)
            #expect(report.reporterOrganisation == attr)
            #expect(report.description.hasPrefix(huge))
            #expect(report.description.contains(sql))
            #expect(report.description.hasSuffix("bellnullescend"))
            #expect(try await EvidenceModel.query(on: app.db).first()?.fileName == "boot.ini")
            #expect(try await ReportModel.query(on: app.db).count() == 1)

            let b = Browser(app)
            try await b.signIn("handler@cert.example.az")
            let page = try await b.get("/en/console/reports/\(report.id!.uuidString)").body.string
            #expect(!page.contains(script))
            #expect(!page.contains("<img src=x"))
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            let csrf = try #require(Browser.csrf(page))
            let open = try await b.post("/en/console/reports/\(report.id!.uuidString)/open", [("_csrf", csrf), ("title", script), ("severity", "low")])
            #expect(open.status == .seeOther)
            let incidentPage = try await b.get("/en/console/incidents/\(report.number)").body.string
            #expect(!incidentPage.contains(script) && !incidentPage.contains("<img src=x"))
            #expect(try await b.post("/en/console/incidents/\(report.number)/comments", [("_csrf", csrf), ("body", script + attr), ("kind", "note")]).status == .seeOther)
            let list = try await b.get("/en/console/incidents?q=" + Browser.encode(script)).body.string
            #expect(!list.contains(script))
            #expect(list.contains("&lt;script&gt;"))
            let afterComment = try await b.get("/en/console/incidents/\(report.number)").body.string
            #expect(!afterComment.contains(script))
        }
    }

    @Test("The audit log records who did what, from where, and detects tampering", arguments: TestDatabase.available)
    func audit(_ db: TestDatabase) async throws {
        try await withQalxan(db, environment: ["QALXAN_TRUST_PROXY": "true"]) { app in
            try await makeUser(app, "admin@cert.example.az", role: .administrator)
            let b = Browser(app)
            b.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "198.51.100.7")
            _ = try await submitReport(b, fields: [("description", "audited")])
            try await b.signIn("admin@cert.example.az")
            let page = try await b.get("/en/console/audit")
            #expect(page.status == .ok)
            let entries = try await AuditEntryModel.query(on: app.db).sort(\.$seq).all()
            let submit = try #require(entries.first { $0.action == "report.submit" })
            #expect(submit.actor == "public" && submit.address == "198.51.100.7")
            #expect(entries.contains { $0.action == "session.start" && $0.actor == "admin@cert.example.az" })
            #expect(entries.map(\.seq) == Array(1...entries.count))
            #expect(try await AuditLog.verify(app.db) == nil)
            #expect(page.body.string.contains(HTMLText.escaped(Localizer(.en).t("audit.intact"))))

            // Change one entry behind the application's back: the chain breaks there.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE audit_log SET actor = 'someone-else' WHERE seq = \(bind: submit.seq)").run()
            #expect(try await AuditLog.verify(app.db) == submit.seq)
            let broken = try await b.get("/en/console/audit").body.string
            #expect(!broken.contains(HTMLText.escaped(Localizer(.en).t("audit.intact"))))
            // Deleting the newest entries is detected too.
            try await sql.raw("UPDATE audit_log SET actor = 'public' WHERE seq = \(bind: submit.seq)").run()
            #expect(try await AuditLog.verify(app.db) == nil)
            let last = entries.last!.seq
            try await sql.raw("DELETE FROM audit_log WHERE seq = \(bind: last)").run()
            #expect(try await AuditLog.verify(app.db) == last)
        }
    }
}
