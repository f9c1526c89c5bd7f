import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import SQLKit
import Testing
import VaporTesting

/// A team key in a short temporary GnuPG home (agent sockets must fit in 108 bytes).
func withTeamKey(_ body: (String, String) async throws -> Void) async throws {
    let home = "/tmp/qx-team-\(UUID().uuidString.prefix(8))"
    defer {
        _ = try? Tools.run("/usr/bin/env", ["gpgconf", "--homedir", home, "--kill", "all"])
        try? FileManager.default.removeItem(atPath: home)
    }
    let fpr = try await GnuPG(home: home).generateKey(userID: "Test CERT <cert@cert.example.az>")
    try await body(home, fpr)
}

@Suite("Advisories: editor, publication, public pages, feeds, CSAF, security.txt and RFC 2350")
struct AdvisoryTests {
    static let vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"

    static func draft(_ csrf: String, tlp: String = "TLP:CLEAR", titleEn: String = "Remote code execution in Example HTTP Server",
                      cvss: String = vector) -> [(String, String)] {
        [
            ("_csrf", csrf), ("kind", "advisory"), ("severity", "critical"), ("tlp", tlp),
            ("title_az", "Example HTTP Server-də uzaqdan kod icrası"), ("title_en", titleEn),
            ("summary_az", "Yamağı dərhal quraşdırın."), ("summary_en", "Install the patch now."),
            ("body_az", "## Təsvir\n\nHücumçu **xüsusi** sorğu göndərir.\n\n<script>alert(1)</script>"),
            ("body_en", "## Description\n\nAn attacker sends a **crafted** request.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))"),
            ("recommendations_az", "- 2.4.58 versiyasına yeniləyin"), ("recommendations_en", "- Update to 2.4.58"),
            ("cves", "cve-2026-10001, CVE-2026-10002"), ("cvss", cvss),
            ("products", "Example | HTTP Server | < 2.4.58 | 2.4.58 | cpe:2.3:a:example:http_server:*:*:*:*:*:*:*:*\n"
                + "Example | Proxy | >= 1.0, < 1.2 | 1.2 | pkg:generic/example/proxy"),
            ("references", "https://example.org/advisory/1 Vendor advisory"),
        ]
    }

    @Test("a handler drafts, a coordinator publishes; site, print view, Atom, CSAF and its signature", arguments: TestDatabase.available)
    func publish(_ database: TestDatabase) async throws {
        try await withTeamKey { home, fpr in
            try await withQalxan(database, environment: ["QALXAN_GNUPG_HOME": home, "QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
                try await makeUser(app, "handler@cert.example.az", role: .handler)
                try await makeUser(app, "coord@cert.example.az", role: .coordinator)
                let handler = Browser(app)
                try await handler.signIn("handler@cert.example.az", lang: "az")
                let az = Localizer(.az)

                // A bad CVSS vector and a bad version range are refused, in Azerbaijani, with what was typed kept.
                var csrf = try await handler.csrf(from: "/az/console/advisories/new")
                var bad = Self.draft(csrf, titleEn: "<b>bold</b> title", cvss: "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
                var refused = try await handler.post("/az/console/advisories/new", bad)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(HTMLText.escaped(az.t("advisory.cvss.bad_value", ["metric": "AV", "value": "Q"]))),
                        "\(refused.body.string.between("error-summary", "</div>") ?? "")")
                #expect(refused.body.string.contains("&lt;b&gt;bold&lt;/b&gt; title"))
                #expect(!refused.body.string.contains("<b>bold</b>"))
                bad = Self.draft(csrf)
                bad[bad.firstIndex { $0.0 == "products" }!].1 = "Example | HTTP Server | > 3.0, < 2.0"
                refused = try await handler.post("/az/console/advisories/new", bad)
                #expect(refused.status == .unprocessableEntity)
                bad[bad.firstIndex { $0.0 == "products" }!].1 = "Example | HTTP Server | < 2.4.58"
                bad[bad.firstIndex { $0.0 == "cves" }!].1 = "CVE-26-1"
                refused = try await handler.post("/az/console/advisories/new", bad)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(HTMLText.escaped(az.t("advisory.cve.invalid", ["value": "CVE-26-1"]))))

                // A valid draft is saved; the handler may not publish it.
                let created = try await handler.post("/az/console/advisories/new", Self.draft(csrf))
                #expect(created.status == .seeOther)
                let consolePath = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
                let draftPage = try await handler.get(consolePath)
                #expect(draftPage.status == .ok)
                #expect(!draftPage.body.string.contains("<script>alert(1)</script>"))
                #expect(draftPage.body.string.contains("&lt;script&gt;"))
                #expect(!draftPage.body.string.contains("/publish\""))
                csrf = try await handler.csrf(from: consolePath)
                let forbidden = try await handler.post(consolePath + "/publish", [("_csrf", csrf)])
                #expect(forbidden.status == .forbidden)
                // Nothing is public yet.
                let empty = try await Browser(app).get("/en/advisories").body.string
                #expect(empty.contains(HTMLText.escaped(Localizer(.en).t("advisory.none"))))
                #expect(!empty.contains("Remote code execution"))

                // The coordinator publishes it: the tracking id is given now.
                let coord = Browser(app)
                try await coord.signIn("coord@cert.example.az", lang: "en")
                csrf = try await coord.csrf(from: consolePath.replacingOccurrences(of: "/az/", with: "/en/"))
                let published = try await coord.post(consolePath.replacingOccurrences(of: "/az/", with: "/en/") + "/publish", [("_csrf", csrf)])
                #expect(published.status == .seeOther, "\(published.body.string.between("<main", "</main>") ?? "")")
                let year = DateText.year(Date())
                let id = "QX-SA-\(year)-0001"

                // The public site: list, page in both languages, print view; Markdown rendered, script escaped.
                let visitor = Browser(app)
                let list = try await visitor.get("/en/advisories")
                #expect(list.body.string.contains(id))
                #expect(list.body.string.contains("application/atom+xml"))
                let en = try await visitor.get("/en/advisories/\(id)")
                #expect(en.status == .ok)
                #expect(en.body.string.contains("Remote code execution in Example HTTP Server"))
                #expect(en.body.string.contains("<strong>crafted</strong>"))
                #expect(!en.body.string.contains("<script>alert(1)</script>"))
                #expect(!en.body.string.contains("javascript:"))
                #expect(en.body.string.contains("9.8"))
                #expect(en.body.string.contains("CVE-2026-10001"))
                let azPage = try await visitor.get("/az/advisories/\(id.lowercased())")
                #expect(azPage.body.string.contains("Example HTTP Server-də uzaqdan kod icrası"))
                #expect(azPage.body.string.contains(az.t("advisory.recommendations")))
                let print = try await visitor.get("/az/advisories/\(id)/print")
                #expect(print.status == .ok)
                #expect(!print.body.string.contains("main-nav"))
                let filtered = try await visitor.get("/en/advisories?kind=alert")
                #expect(!filtered.body.string.contains(id))

                // Atom feeds per language and kind: well formed, with the entry.
                for path in ["/en/feeds/all.atom", "/az/feeds/advisory.atom"] {
                    let feed = try await visitor.get(path)
                    #expect(feed.status == .ok)
                    #expect(feed.headers.contentType?.subType == "atom+xml")
                    #expect(feed.body.string.contains(id))
                    let file = try Tools.write(Data(feed.body.string.utf8), named: "feed.atom")
                    let lint = try Tools.run(try Tools.find("xmllint"), ["--noout", file])
                    #expect(lint.status == 0, "\(lint.output)")
                }
                #expect(try await visitor.get("/en/feeds/alert.atom").body.string.contains(id) == false)
                #expect(try await visitor.get("/en/feeds/other.atom").status == .notFound)

                // CSAF: provider metadata, the public directory, the document and what sits beside it.
                let metadata = try await visitor.get("/.well-known/csaf/provider-metadata.json")
                #expect(metadata.status == .ok)
                let metadataFile = try Tools.write(Data(metadata.body.string.utf8), named: "provider-metadata.json")
                let schema = Tools.shared("csaf-2.0/json_schema/provider_json_schema.json")
                let check = try Tools.run(try Tools.find("python"), ["-c", Self.jsonschemaCheck, schema, metadataFile, Tools.shared("csaf-2.0")])
                #expect(check.status == 0, "\(check.output)")
                #expect(metadata.body.string.contains(fpr))
                let index = try await visitor.get("/.well-known/csaf/white/index.txt")
                let file = "\(year)/qx-sa-\(year)-0001.json"
                #expect(index.body.string.contains(file))
                let changes = try await visitor.get("/.well-known/csaf/white/changes.csv")
                #expect(changes.body.string.contains("\"\(file)\""))
                let document = try await visitor.get("/.well-known/csaf/white/\(file)")
                #expect(document.status == .ok)
                let docData = Data(document.body.readableBytesView)
                let docPath = try Tools.write(docData, named: "qx-sa-\(year)-0001.json")
                let csaf = try Tools.run(try Tools.find("csaf"), ["validate", "--spec-version", "v20", "--no-network", "--preset", "full", docPath])
                #expect(csaf.status == 0, "\(csaf.output)")
                let json = try #require(try JSONSerialization.jsonObject(with: docData) as? [String: Any])
                let tracking = try #require((json["document"] as? [String: Any])?["tracking"] as? [String: Any])
                #expect(tracking["id"] as? String == id)
                #expect(tracking["version"] as? String == "1")
                let sha256 = try await visitor.get("/.well-known/csaf/white/\(file).sha256")
                let sum = try Tools.run("/usr/bin/env", ["sha256sum", docPath])
                #expect(sha256.body.string.split(separator: " ").first == sum.output.split(separator: " ").first)
                let sha512 = try await visitor.get("/.well-known/csaf/white/\(file).sha512")
                let sum512 = try Tools.run("/usr/bin/env", ["sha512sum", docPath])
                #expect(sha512.body.string.split(separator: " ").first == sum512.output.split(separator: " ").first)
                let asc = try await visitor.get("/.well-known/csaf/white/\(file).asc")
                #expect(asc.status == .ok)
                let signer = try await GnuPG(home: home).verify(docData, signature: asc.body.string)
                #expect(signer == fpr)
                // A changed document does not verify.
                await #expect(throws: GnuPG.Failure.self) {
                    try await GnuPG(home: home).verify(docData + Data(" ".utf8), signature: asc.body.string)
                }

                // A second revision needs a note in both languages and raises the version.
                let enConsole = consolePath.replacingOccurrences(of: "/az/", with: "/en/")
                csrf = try await coord.csrf(from: enConsole + "/edit")
                var edited = Self.draft(csrf)
                edited[edited.firstIndex { $0.0 == "summary_en" }!].1 = "Install the patch now; exploitation has begun."
                #expect(try await coord.post(enConsole + "/edit", edited).status == .seeOther)
                let noNote = try await coord.post(enConsole + "/publish", [("_csrf", csrf)])
                #expect(noNote.status == .unprocessableEntity)
                #expect(try await coord.post(enConsole + "/publish", [("_csrf", csrf), ("note_az", "İstismar başlayıb"),
                                                                    ("note_en", "Exploitation has begun")]).status == .seeOther)
                let second = try await visitor.get("/.well-known/csaf/white/\(file)")
                let secondJSON = try #require(try JSONSerialization.jsonObject(with: Data(second.body.readableBytesView)) as? [String: Any])
                #expect(((secondJSON["document"] as? [String: Any])?["tracking"] as? [String: Any])?["version"] as? String == "2")
                let secondPath = try Tools.write(Data(second.body.readableBytesView), named: "qx-sa-\(year)-0001.json")
                let secondCheck = try Tools.run(try Tools.find("csaf"), ["validate", "--spec-version", "v20", "--no-network", "--preset", "full", secondPath])
                #expect(secondCheck.status == 0, "\(secondCheck.output)")
                #expect(try await visitor.get("/az/advisories/\(id)").body.string.contains("İstismar başlayıb"))
            }
        }
    }

    @Test("TLP:AMBER advisories stay off the public site and reach partners only with a token")
    func restricted() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let partner = try await makeUser(app, "partner@cert.example.org", role: .partner)
            let coord = Browser(app)
            try await coord.signIn("coord@cert.example.az")
            let csrf = try await coord.csrf(from: "/en/console/advisories/new")
            let created = try await coord.post("/en/console/advisories/new", Self.draft(csrf, tlp: "TLP:AMBER"))
            let path = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            // Unsigned without a team key, with a warning before publishing.
            #expect(try await coord.get(path).body.string.contains(HTMLText.escaped(Localizer(.en).t("advisory.unsigned_warning"))))
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf)]).status == .seeOther)
            let year = DateText.year(Date())
            let id = "QX-SA-\(year)-0001"
            let visitor = Browser(app)
            #expect(try await visitor.get("/en/advisories").body.string.contains(id) == false)
            #expect(try await visitor.get("/en/advisories/\(id)").status == .notFound)
            #expect(try await visitor.get("/en/feeds/all.atom").body.string.contains(id) == false)
            #expect(try await visitor.get("/.well-known/csaf/white/index.txt").body.string.contains("qx-sa") == false)
            #expect(try await visitor.get("/.well-known/csaf/amber/index.txt").status == .unauthorized)
            let file = "\(year)/qx-sa-\(year)-0001.json"
            #expect(try await visitor.get("/.well-known/csaf/amber/\(file)").status == .unauthorized)
            // A partner's token with advisories:read reads it; one without the scope does not.
            let actor = Actor(userID: partner.id, label: partner.email, role: .partner, address: "test")
            let reader = try await app.qalxan.tokens.create(for: partner, name: "csaf", scopes: [.advisoriesRead], expiresInDays: 30, actor: actor, on: app.db)
            // A partner's account cannot hold other scopes; a viewer's token without the scope is refused.
            await #expect(throws: ServiceError.self) {
                _ = try await app.qalxan.tokens.create(for: partner, name: "incidents", scopes: [.incidentsRead], expiresInDays: 30,
                                                       actor: actor, on: app.db)
            }
            let viewer = try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let viewerActor = Actor(userID: viewer.id, label: viewer.email, role: .viewer, address: "test")
            let other = try await app.qalxan.tokens.create(for: viewer, name: "incidents", scopes: [.incidentsRead], expiresInDays: 30,
                                                           actor: viewerActor, on: app.db)
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: reader.secret)
            #expect(try await visitor.get("/.well-known/csaf/amber/index.txt", headers: h).body.string.contains(file))
            let doc = try await visitor.get("/.well-known/csaf/amber/\(file)", headers: h)
            #expect(doc.status == .ok)
            #expect(doc.body.string.contains("\"AMBER\""))
            #expect(try await visitor.get("/.well-known/csaf/amber/\(file).asc", headers: h).status == .notFound)
            #expect(try await visitor.get("/.well-known/csaf/red/index.txt", headers: h).status == .forbidden)
            h.bearerAuthorization = BearerAuthorization(token: other.secret)
            #expect(try await visitor.get("/.well-known/csaf/amber/\(file)", headers: h).status == .forbidden)
            // Restricted documents are kept out of shared caches.
            h.bearerAuthorization = BearerAuthorization(token: reader.secret)
            #expect(try await visitor.get("/.well-known/csaf/amber/\(file)", headers: h).headers.first(name: .cacheControl) == "private, no-store")
            // In the console the partner reads the published advisory and nothing else.
            let p = Browser(app)
            try await p.signIn("partner@cert.example.org")
            #expect(try await p.get("/en/console").headers.first(name: .location) == "/en/console/advisories")
            let list = try await p.get("/en/console/advisories")
            #expect(list.body.string.contains(id))
            #expect(!list.body.string.contains("/en/console/incidents\""))
            #expect(try await p.get("/en/console/incidents").status == .forbidden)
            #expect(try await p.get("/en/console/organisations").status == .forbidden)
            #expect(try await p.get("/en/console/advisories/new").status == .forbidden)
        }
    }

    @Test("two editors: a save over someone else's and a publish of an unseen version are refused; publishing twice adds nothing")
    func concurrentEdits() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let coord = Browser(app), handler = Browser(app)
            try await coord.signIn("coord@cert.example.az", lang: "az")
            try await handler.signIn("handler@cert.example.az", lang: "az")
            let csrf = try await coord.csrf(from: "/az/console/advisories/new")
            let created = try await coord.post("/az/console/advisories/new", Self.draft(csrf))
            let path = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            // Both open the editor; the handler saves first; the coordinator's save is refused.
            let coordForm = try await coord.get(path + "/edit").body.string
            let handlerForm = try await handler.get(path + "/edit").body.string
            let coordVersion = try #require(coordForm.between("name=\"version\" value=\"", "\""))
            let handlerVersion = try #require(handlerForm.between("name=\"version\" value=\"", "\""))
            let handlerCSRF = try #require(Browser.csrf(handlerForm))
            var fields = Self.draft(handlerCSRF)
            fields.append(("version", handlerVersion))
            fields[fields.firstIndex { $0.0 == "summary_en" }!].1 = "Handler's summary"
            #expect(try await handler.post(path + "/edit", fields).status == .seeOther)
            fields = Self.draft(csrf)
            fields.append(("version", coordVersion))
            let refused = try await coord.post(path + "/edit", fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(HTMLText.escaped(Localizer(.az).t("advisory.error.edited_meanwhile"))))
            // Publishing the version the coordinator saw (before the handler's save) is refused too.
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf), ("version", coordVersion)]).status == .unprocessableEntity)
            let page = try await coord.get(path).body.string
            let current = try #require(page.between("name=\"version\" value=\"", "\""))
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf), ("version", current)]).status == .seeOther)
            #expect(try await AdvisoryRevisionModel.query(on: app.db).count() == 1)
            // The same form again: nothing new to publish.
            let again = try await coord.post(path + "/publish", [("_csrf", csrf), ("note_az", "x"), ("note_en", "x")])
            #expect(again.status == .unprocessableEntity)
            #expect(try await AdvisoryRevisionModel.query(on: app.db).count() == 1)
            #expect(try await Browser(app).get("/en/advisories/QX-SA-\(DateText.year(Date()))-0001").body.string.contains("Handler&#39;s summary"))
        }
    }

    @Test("a draft can be deleted, a published advisory cannot; lowering TLP to CLEAR warns before publishing")
    func deleteAndDowngrade() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let coord = Browser(app)
            try await coord.signIn("coord@cert.example.az")
            let en = Localizer(.en)
            let csrf = try await coord.csrf(from: "/en/console/advisories/new")
            // A draft: deleted, with its audit entry; a viewer cannot.
            let draft = try await coord.post("/en/console/advisories/new", Self.draft(csrf, titleEn: "Throwaway"))
            let draftPath = try #require(draft.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await coord.get(draftPath).body.string.contains(HTMLText.escaped(en.t("advisory.delete_submit"))))
            let viewer = Browser(app)
            try await viewer.signIn("viewer@cert.example.az")
            let viewerCSRF = try await viewer.csrf(from: "/en/console/advisories")
            #expect(try await viewer.post(draftPath + "/delete", [("_csrf", viewerCSRF)]).status == .forbidden)
            #expect(try await coord.post(draftPath + "/delete", [("_csrf", csrf)]).status == .seeOther)
            #expect(try await coord.get(draftPath).status == .notFound)
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "advisory.delete").count() == 1)

            // Published as TLP:AMBER, then changed to CLEAR: a warning; it cannot be deleted.
            let amber = try await coord.post("/en/console/advisories/new", Self.draft(csrf, tlp: "TLP:AMBER"))
            let path = try #require(amber.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf)]).status == .seeOther)
            #expect(!(try await coord.get(path).body.string.contains(HTMLText.escaped(en.t("advisory.delete_submit")))))
            #expect(try await coord.post(path + "/delete", [("_csrf", csrf)]).status == .conflict)
            let form = try await coord.get(path + "/edit").body.string
            var fields = Self.draft(csrf, tlp: "TLP:CLEAR")
            fields.append(("version", try #require(form.between("name=\"version\" value=\"", "\""))))
            #expect(try await coord.post(path + "/edit", fields).status == .seeOther)
            #expect(try await coord.get(path).body.string.contains(HTMLText.escaped(en.t("advisory.downgrade_warning"))))
        }
    }

    @Test("security.txt and the RFC 2350 text are signed, verify, and pass sectxt")
    func teamTexts() async throws {
        try await withTeamKey { home, fpr in
            try await withQalxan(.sqlite, environment: ["QALXAN_GNUPG_HOME": home, "QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
                var profile = try await app.qalxan.siteSettings.profile(on: app.db)
                profile.text["2.7"] = [.en: "cert@cert.example.az", .az: "cert@cert.example.az"]
                profile.text["3.1"] = [.en: "We protect the networks of Azerbaijan.", .az: "Biz Azərbaycanın şəbəkələrini qoruyuruq."]
                try await app.qalxan.siteSettings.saveProfile(profile, actor: .cli, on: app.db)
                let visitor = Browser(app)
                // The Host header a client sends never reaches a signed text.
                var evil = HTTPHeaders()
                evil.replaceOrAdd(name: .host, value: "evil.example")
                #expect(!(try await visitor.get("/.well-known/security.txt", headers: evil).body.string.contains("evil.example")))
                let txt = try await visitor.get("/.well-known/security.txt")
                #expect(txt.status == .ok)
                let body = txt.body.string
                #expect(body.hasPrefix("-----BEGIN PGP SIGNED MESSAGE-----"))
                #expect(body.contains("Contact: mailto:cert@cert.example.az"))
                #expect(body.contains("CSAF: https://cert.example.az/.well-known/csaf/provider-metadata.json"))
                #expect(body.contains("Encryption: https://cert.example.az/.well-known/team-key.asc"))
                #expect(try await GnuPG(home: home).verify(Data(body.utf8)) == fpr)
                let path = try Tools.write(Data(body.utf8), named: "security.txt")
                let sectxt = try Tools.run(try Tools.find("python"), ["-c", Self.sectxtCheck, path])
                #expect(sectxt.status == 0, "\(sectxt.output)")
                #expect(try await visitor.get("/security.txt").status == .movedPermanently)

                for (path, heading, mission) in [("/rfc2350.txt", "1. ", "We protect the networks of Azerbaijan."),
                                                 ("/az/rfc2350.txt", "1. ", "Biz Azərbaycanın şəbəkələrini qoruyuruq.")] {
                    let text = try await visitor.get(path)
                    #expect(text.status == .ok)
                    #expect(text.body.string.contains(heading))
                    #expect(text.body.string.contains(mission))
                    #expect(try await GnuPG(home: home).verify(Data(text.body.string.utf8)) == fpr)
                }
                let key = try await visitor.get("/.well-known/team-key.asc")
                #expect(key.body.string.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----"))
            }
        }
    }

    /// Validates a JSON file against a schema whose `$ref`s point into the shared folder.
    static let jsonschemaCheck = """
    import json, sys, pathlib, jsonschema
    from referencing import Registry, Resource
    schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
    resources = []
    for p in pathlib.Path(sys.argv[3]).rglob('*.json'):
        s = json.load(open(p))
        if isinstance(s, dict) and '$id' in s: resources.append((s['$id'], Resource.from_contents(s)))
    registry = Registry().with_resources(resources)
    v = jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())
    errors = list(v.iter_errors(doc))
    for e in errors: print(e.json_path, e.message)
    sys.exit(1 if errors else 0)
    """

    /// Runs sectxt on a local file; fails on any error.
    static let sectxtCheck = """
    import sys
    from sectxt import SecurityTXT
    s = SecurityTXT(sys.argv[1], is_local=True)
    print(s.errors, s.recommendations)
    sys.exit(1 if s.errors else 0)
    """
}
