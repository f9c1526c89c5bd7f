import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import Testing
import VaporTesting

@Suite("Public site")
struct PublicSiteTests {
    @Test("Root redirects by Accept-Language")
    func rootRedirect() async throws {
        try await withQalxan(.sqlite) { app in
            let b = Browser(app)
            let en = try await b.get("/", headers: ["Accept-Language": "en-GB,en;q=0.9,az;q=0.5"])
            #expect(en.status == .seeOther)
            #expect(en.headers.first(name: .location) == "/en/")
            let az = try await b.get("/", headers: ["Accept-Language": "az-AZ,en;q=0.5"])
            #expect(az.headers.first(name: .location) == "/az/")
            let none = try await b.get("/")
            #expect(none.headers.first(name: .location) == "/az/")
        }
    }

    @Test("Every public page answers in both languages, with a switcher that keeps the page",
          arguments: ["", "about", "contact", "report", "status"])
    func pages(_ page: String) async throws {
        try await withQalxan(.sqlite) { app in
            let b = Browser(app)
            for (lang, other) in [("en", "az"), ("az", "en")] {
                let res = try await b.get("/\(lang)/\(page)")
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("<html lang=\"\(lang)\""))
                #expect(html.contains("href=\"/\(other)/\(page)\""), "switcher on /\(lang)/\(page)")
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            }
            let azHome = try await b.get("/az/\(page)")
            #expect(!azHome.body.string.contains("Report an incident"), "English text on an Azerbaijani page")
        }
    }

    @Test("Unknown language prefix is a 404 page")
    func unknownLanguage() async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await Browser(app).get("/fr/report")
            #expect(res.status == .notFound)
            #expect(res.body.string.contains("<html"))
        }
    }

    @Test("The about page shows the team profile an administrator saved, escaped", arguments: TestDatabase.available)
    func profile(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            try await makeUser(app, "admin@cert.example.az", role: .administrator)
            let b = Browser(app)
            try await b.signIn("admin@cert.example.az")
            let token = try await b.csrf(from: "/en/console/settings/profile")
            let res = try await b.post("/en/console/settings/profile", [
                ("_csrf", token),
                ("s_3_1_en", "We protect <script>alert(1)</script> the constituency."),
                ("s_3_1_az", "Biz konstituensiyanı qoruyuruq."),
                ("s_2_7_en", "cert@example.az"),
            ])
            #expect(res.status == .seeOther)
            let about = try await b.get("/en/about")
            #expect(about.body.string.contains("We protect &lt;script&gt;alert(1)&lt;/script&gt; the constituency."))
            #expect(!about.body.string.contains("<script>alert(1)"))
            let az = try await b.get("/az/about")
            #expect(az.body.string.contains("Biz konstituensiyanı qoruyuruq."))
            let contact = try await b.get("/en/contact")
            #expect(contact.body.string.contains("cert@example.az"))
            // Only administrators edit the profile.
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let h = Browser(app)
            try await h.signIn("handler@cert.example.az")
            #expect(try await h.get("/en/console/settings/profile").status == .forbidden)
        }
    }
}

/// Submits the public report form the way a browser does.
func submitReport(_ b: Browser, lang: String = "en", fields: [(String, String)],
                  files: [(name: String, fileName: String, data: Data)] = [], raw: [(String, [UInt8])] = [],
                  csrf: String? = nil) async throws -> TestingHTTPResponse {
    let token: String
    if let csrf { token = csrf } else { token = try await b.csrf(from: "/\(lang)/report") }
    return try await b.postMultipart("/\(lang)/report", fields + [("_csrf", token)], files: files, raw: raw)
}

/// The tracking number and status link on a receipt page.
func receipt(_ html: String) throws -> (number: String, link: String) {
    let number = try #require(html.firstMatch(of: /[A-Z]+-\d{4}-\d{5,}/).map { String($0.output) })
    let link = try #require(html.firstMatch(of: /\/(en|az)\/status\/[^"<]+/).map { String($0.output.0) })
    return (number, link.replacingOccurrences(of: "&amp;", with: "&"))
}

@Suite("Reporting an incident")
struct ReportFormTests {
    @Test("A complete report is stored with its evidence and can be followed by its status link",
          arguments: TestDatabase.available)
    func fullReport(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let b = Browser(app)
            let evidence = Data("GET /wp-login.php HTTP/1.1\n".utf8)
            let res = try await submitReport(b, fields: [
                ("name", "Aysel Məmmədova"), ("email", "Aysel@Example.az"), ("phone", "+994 12 555 55 55"),
                ("organisation", "Nümunə Universiteti"), ("category", "fraud/phishing"), ("occurred_at", "2026-11-20T09:30"),
                ("description", "Phishing e-mails imitating our bank.\nSecond line."), ("affected", "185.1.2.3\nbank.example.az"),
                ("tlp", "TLP:GREEN"), ("website", ""),
            ], files: [("evidence", "headers.txt", evidence), ("evidence", "shot.png", Data([0x89, 0x50, 0x4E, 0x47]))])
            #expect(res.status == .created)
            let (number, link) = try receipt(res.body.string)
            #expect(number.hasPrefix("QX-\(DateText.year(Date()))-"))

            let report = try #require(try await ReportModel.query(on: app.db).filter(\.$number == number).first())
            #expect(report.reporterName == "Aysel Məmmədova")
            #expect(report.reporterEmail == "aysel@example.az")
            #expect(report.category == "fraud/phishing")
            #expect(report.tlp == "TLP:GREEN")
            #expect(report.affectedSystems == "185.1.2.3\nbank.example.az")
            #expect(report.occurredAt == DateText.parse("2026-11-20T09:30"))
            #expect(report.stateValue == .new)
            // The raw input is kept, content-addressed.
            let raw = try #require(app.qalxan.blobs.get(report.rawSHA256))
            #expect(String(decoding: raw, as: UTF8.self).contains("Phishing e-mails imitating our bank."))
            let files = try await EvidenceModel.query(on: app.db).filter(\.$reportID == report.id!).all()
            #expect(files.count == 2)
            let stored = try #require(files.first { $0.fileName == "headers.txt" })
            #expect(stored.sha256 == BlobStore.sha256(evidence))
            #expect(app.qalxan.blobs.get(stored.sha256) == evidence)

            let status = try await Browser(app).get(link)
            #expect(status.status == .ok)
            #expect(status.body.string.contains(number))
            #expect(status.body.string.contains(Localizer(.en).t("public_status.received")))
        }
    }

    @Test("With the public address configured, the receipt shows the full status link to keep")
    func absoluteLink() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_PUBLIC_URL": "https://cert.example.az/"]) { app in
            let html = try await submitReport(Browser(app), fields: [("description", "link test")]).body.string
            let (number, link) = try receipt(html)
            #expect(html.contains("https://cert.example.az/en/status/\(number)?key="))
            #expect(link.hasPrefix("/en/status/"))
        }
    }

    @Test("Anonymous reports are allowed; TLP defaults to AMBER")
    func anonymous() async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await submitReport(Browser(app), lang: "az", fields: [("description", "Saytımız sındırılıb.")])
            #expect(res.status == .created)
            let report = try #require(try await ReportModel.query(on: app.db).first())
            #expect(report.reporterEmail.isEmpty && report.reporterName.isEmpty)
            #expect(report.tlp == "TLP:AMBER")
            #expect(report.category == "unknown")
            #expect(report.language == "az")
        }
    }

    @Test("Invalid fields come back next to the field, in the visitor's language, with everything typed kept",
          arguments: [("en", "error.email"), ("az", "error.email")])
    func validation(_ lang: String, _ key: String) async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await submitReport(Browser(app), lang: lang, fields: [
                ("name", "Rəşad"), ("email", "not-an-address"), ("phone", "call me maybe"), ("category", "fraud/scanner"),
                ("occurred_at", "2099-01-01T00:00"), ("description", "Kept text ğüşıöç"), ("tlp", "TLP:PURPLE"),
            ])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            let l = Localizer(Language(rawValue: lang)!)
            for k in ["error.email", "error.phone", "error.category", "error.date_future", "error.tlp"] {
                #expect(html.contains(HTMLText.escaped(l.t(k))), "\(k) missing")
            }
            #expect(html.contains("Kept text ğüşıöç"))
            #expect(html.contains("value=\"not-an-address\""))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(try await ReportModel.query(on: app.db).count() == 0)
        }
    }

    @Test("A missing description is refused")
    func missingDescription() async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await submitReport(Browser(app), fields: [("name", "Only a name")])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(Localizer(.en).t("error.required")))
        }
    }

    @Test("Without a valid CSRF token nothing is stored, and the form comes back filled")
    func csrf() async throws {
        try await withQalxan(.sqlite) { app in
            let b = Browser(app)
            _ = try await b.get("/en/report")
            let res = try await b.postMultipart("/en/report", [("description", "Please keep me"), ("_csrf", "forged")])
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("Please keep me"))
            #expect(try await ReportModel.query(on: app.db).count() == 0)
            // And with no cookie at all.
            let fresh = Browser(app)
            let res2 = try await fresh.postMultipart("/en/report", [("description", "x"), ("_csrf", "x")])
            #expect(res2.status == .forbidden)
        }
    }

    @Test("A cross-site Origin is refused")
    func crossOrigin() async throws {
        try await withQalxan(.sqlite) { app in
            let b = Browser(app)
            let token = try await b.csrf(from: "/en/report")
            b.extraHeaders.replaceOrAdd(name: .origin, value: "https://evil.example")
            b.extraHeaders.replaceOrAdd(name: .host, value: "cert.example.az")
            let res = try await b.postMultipart("/en/report", [("description", "x"), ("_csrf", token)])
            #expect(res.status == .forbidden)
        }
    }

    @Test("Too many or too large files are refused one by one; the report and the other files are kept")
    func uploadLimits() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_UPLOAD_LIMIT_MB": "1", "QALXAN_UPLOAD_MAX_FILES": "2"]) { app in
            let big = Data(repeating: 0x41, count: 700 * 1024)
            let res = try await submitReport(Browser(app), fields: [("description", "Files test")], files: [
                ("evidence", "a.bin", big), ("evidence", "b.bin", big), ("evidence", "c.txt", Data("c".utf8)),
                ("evidence", "d.txt", Data("d".utf8)), ("evidence", "empty.txt", Data()),
            ])
            #expect(res.status == .created)
            let html = res.body.string
            let l = Localizer(.en)
            #expect(html.contains(HTMLText.escaped(l.t("error.upload_too_large"))))
            #expect(html.contains(HTMLText.escaped(l.t("error.upload_too_many"))))
            #expect(html.contains(HTMLText.escaped(l.t("error.upload_empty"))))
            let stored = try await EvidenceModel.query(on: app.db).all().map(\.fileName).sorted()
            #expect(stored == ["a.bin", "c.txt"])
            #expect(try await ReportModel.query(on: app.db).count() == 1)
        }
    }

    @Test("Over a real socket, a body past the hard limit gets a clear 413 page in the visitor's language")
    func oversizedBody() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_UPLOAD_LIMIT_MB": "1"]) { app in
            // In-memory requests skip the server's body limit: this one goes through a socket on loopback.
            let port = Int.random(in: 20_000..<60_000)
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: port))
            let boundary = "qxbig"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nbig\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"huge.bin\"\r\n\r\n")
            body.writeBytes([UInt8](repeating: 0x42, count: 7 * 1024 * 1024))
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let res = try await tester.sendRequest(.POST, "/az/report", headers: headers, body: body)
            #expect(res.status == .payloadTooLarge)
            #expect(res.body.string.contains(HTMLText.escaped(Localizer(.az).t("errorpage.413.title"))))
            #expect(try await ReportModel.query(on: app.db).count() == 0)
        }
    }

    @Test("In memory, a file past the limit is refused on its own and the report kept")
    func oversizedFileKeepsReport() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_UPLOAD_LIMIT_MB": "1"]) { app in
            let huge = Data(repeating: 0x42, count: 3 * 1024 * 1024)
            let res = try await submitReport(Browser(app), lang: "az", fields: [("description", "big")],
                                             files: [("evidence", "huge.bin", huge)])
            #expect(res.status == .created)
            #expect(res.body.string.contains(HTMLText.escaped(Localizer(.az).t("error.upload_too_large"))))
            #expect(try await ReportModel.query(on: app.db).count() == 1)
        }
    }

    @Test("A filled honeypot is kept as a rejected report, not put in the queue")
    func honeypot() async throws {
        try await withQalxan(.sqlite) { app in
            let res = try await submitReport(Browser(app), fields: [("description", "Buy cheap pills"), ("website", "http://spam.example")])
            #expect(res.status == .created)
            let report = try #require(try await ReportModel.query(on: app.db).first())
            #expect(report.stateValue == .rejected)
            #expect(report.rejectReason.contains("bot trap"))
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let staff = Browser(app)
            try await staff.signIn("handler@cert.example.az")
            let page = try await staff.get("/az/console/reports/\(report.id!.uuidString)").body.string
            #expect(page.contains(HTMLText.escaped(Localizer(.az).t("report_detail.honeypot_reason"))))
        }
    }

    @Test("The report form is rate-limited per client address")
    func rateLimit() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_REPORT_RATE": "3"]) { app in
            let b = Browser(app)
            for _ in 0..<3 {
                #expect(try await submitReport(b, fields: [("description", "one of many")]).status == .created)
            }
            let res = try await submitReport(b, fields: [("description", "one too many")])
            #expect(res.status == .tooManyRequests)
            #expect(res.headers.first(name: .retryAfter) != nil)
            #expect(res.body.string.contains(HTMLText.escaped(Localizer(.en).t("errorpage.429.title"))))
        }
    }

    @Test("Unknown numbers and wrong keys get the same answer")
    func noEnumeration() async throws {
        try await withQalxan(.sqlite) { app in
            let b = Browser(app)
            let (number, link) = try receipt(try await submitReport(b, fields: [("description", "status test")]).body.string)
            let wrongKey = try await b.get("/en/status/\(number)?key=wrong")
            let unknown = try await b.get("/en/status/QX-2001-99999?key=wrong")
            #expect(wrongKey.status == unknown.status)
            #expect(wrongKey.status == .notFound)
            let normalise = { (s: String) in s.replacingOccurrences(of: number, with: "N").replacingOccurrences(of: "QX-2001-99999", with: "N") }
            #expect(normalise(wrongKey.body.string) == normalise(unknown.body.string))
            #expect(try await b.get(link).status == .ok)
            // The form lookup works the same way.
            let token = try await b.csrf(from: "/en/status")
            let key = try #require(link.split(separator: "=").last.map(String.init))
            let ok = try await b.post("/en/status", [("number", number), ("key", key), ("_csrf", token)])
            #expect(ok.status == .ok)
            let bad = try await b.post("/en/status", [("number", number), ("key", "nope"), ("_csrf", token)])
            #expect(bad.status == .notFound)
        }
    }
}

/// Escaping as the views do it, to find catalog strings in pages.
enum HTMLText {
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
