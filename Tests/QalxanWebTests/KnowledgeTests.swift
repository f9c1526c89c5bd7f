import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import Testing
import VaporTesting

@Suite("Knowledge base")
struct KnowledgeTests {
    @Test("articles by audience, search in both languages, procedures on the incident page", arguments: TestDatabase.available)
    func knowledge(_ database: TestDatabase) async throws {
        try await withQalxan(database) { app in
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let staff = Browser(app)
            try await staff.signIn("handler@cert.example.az", lang: "az")
            let az = Localizer(.az)

            // A bad address and an unknown class are refused in Azerbaijani; what was typed stays, escaped.
            let csrf = try await staff.csrf(from: "/az/console/kb/new")
            let refused = try await staff.post("/az/console/kb/new", [
                ("_csrf", csrf), ("slug", "Bad Slug!"), ("audience", "public"), ("title_en", "<i>x</i>"), ("classes", "not-a-class"),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(HTMLText.escaped(az.t("article.error.slug"))))
            #expect(refused.body.string.contains(HTMLText.escaped(az.t("article.error.class", ["value": "not-a-class"]))))
            #expect(refused.body.string.contains("&lt;i&gt;x&lt;/i&gt;"))

            // A staff procedure for phishing (class fraud) and a public guide.
            #expect(try await staff.post("/az/console/kb/new", [
                ("_csrf", csrf), ("slug", "phishing-response"), ("audience", "staff"), ("classes", "fraud"), ("published", "1"),
                ("title_az", "Fişinq insidentinin emalı"), ("title_en", "Handling a phishing incident"),
                ("body_en", "1. Take the site down\n2. Warn the bank"), ("body_az", "1. Saytı bağlatdırın\n2. Banka xəbər verin"),
            ]).status == .seeOther)
            #expect(try await staff.post("/az/console/kb/new", [
                ("_csrf", csrf), ("slug", "strong-passwords"), ("audience", "public"), ("published", "1"),
                ("title_az", "Güclü parollar"), ("title_en", "Strong passwords"),
                ("summary_az", "Parolunuzu necə seçməli."), ("body_az", "Uzun **parol** seçin.<script>x</script>"),
                ("body_en", "Choose a long **passphrase**."),
            ]).status == .seeOther)
            #expect(try await staff.post("/az/console/kb/new", [
                ("_csrf", csrf), ("slug", "phishing-response"), ("audience", "public"), ("title_en", "Again"),
            ]).status == .unprocessableEntity)

            // The public site shows the public guide only; search works in Azerbaijani.
            let visitor = Browser(app)
            let list = try await visitor.get("/az/kb")
            #expect(list.body.string.contains("Güclü parollar"))
            #expect(!list.body.string.contains("Fişinq"))
            #expect(try await visitor.get("/az/kb?q=parolunuzu").body.string.contains("Güclü parollar"))
            // Case and diacritics do not matter: GÜCLÜ, güclü and guclu find it.
            #expect(try await visitor.get("/az/kb?q=GÜCLÜ").body.string.contains("Güclü parollar"))
            #expect(try await visitor.get("/az/kb?q=guclu").body.string.contains("Güclü parollar"))
            #expect(!(try await visitor.get("/az/kb?q=bank").body.string.contains("Güclü parollar")))
            let page = try await visitor.get("/az/kb/strong-passwords")
            #expect(page.body.string.contains("<strong>parol</strong>"))
            #expect(!page.body.string.contains("<script>x</script>"))
            #expect(try await visitor.get("/az/kb/phishing-response").status == .notFound)
            #expect(try await visitor.get("/en/kb/strong-passwords").body.string.contains("<strong>passphrase</strong>"))

            // A fraud incident shows the procedure; an incident of another class does not.
            let handler = Actor(userID: nil, label: "t", role: .handler, address: "test")
            let fraud = try await app.qalxan.incidents.create(title: "Phishing page", description: "", classification: Classification(className: "fraud", type: "phishing"),
                                                              severity: .high, tlp: .amber, affectedSystems: "", actor: handler, on: app.db)
            let dos = try await app.qalxan.incidents.create(title: "Flood", description: "", classification: Classification(className: "availability", type: "ddos"),
                                                            severity: .high, tlp: .amber, affectedSystems: "", actor: handler, on: app.db)
            let withProcedure = try await staff.get("/az/console/incidents/\(fraud.number)")
            #expect(withProcedure.body.string.contains(az.t("article.procedures")))
            #expect(withProcedure.body.string.contains("/az/console/kb/phishing-response"))
            #expect(!(try await staff.get("/az/console/incidents/\(dos.number)").body.string.contains("/az/console/kb/phishing-response")))
            #expect(try await staff.get("/az/console/kb/phishing-response").body.string.contains("Saytı bağlatdırın"))
            #expect(try await staff.get("/az/console/kb?class=fraud").body.string.contains("Fişinq insidentinin emalı"))

            // An advisory links guides: the public page shows the public one only.
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let coord = Browser(app)
            try await coord.signIn("coord@cert.example.az")
            let csrf2 = try await coord.csrf(from: "/en/console/advisories/new")
            var fields = AdvisoryTests.draft(csrf2)
            fields.append(("articles", "strong-passwords, phishing-response"))
            let created = try await coord.post("/en/console/advisories/new", fields)
            let path = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await coord.get(path).body.string.contains("/en/console/kb/phishing-response"))
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf2)]).status == .seeOther)
            let advisory = try await visitor.get("/en/advisories/QX-SA-\(DateText.year(Date()))-0001")
            #expect(advisory.body.string.contains("/en/kb/strong-passwords"))
            #expect(!advisory.body.string.contains("phishing-response"))

            // A partner team's account sees constituent articles but not staff procedures.
            try await makeUser(app, "partner@cert.example.org", role: .partner)
            let partner = Browser(app)
            try await partner.signIn("partner@cert.example.org")
            #expect(try await partner.get("/en/console/kb/phishing-response").status == .notFound)
            #expect(try await partner.get("/en/console/kb/new").status == .forbidden)
            // A read-only team member (viewer) reads the procedures.
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let viewer = Browser(app)
            try await viewer.signIn("viewer@cert.example.az")
            #expect(try await viewer.get("/en/console/kb/phishing-response").status == .ok)
        }
    }
}
