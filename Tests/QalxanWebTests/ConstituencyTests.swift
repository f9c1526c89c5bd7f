import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
@testable import QalxanWeb
import Testing
import VaporTesting

/// The data the constituency tests load: a RIPE split file (dummified the way RIPE
/// publishes them) and a CSV in the documented layout.
enum ConstituencyFixtures {
    static let ripe = """
    % This is a RIPE database split file (dummified).

    organisation:   ORG-MDD1-RIPE
    org-name:       Ministry of Digital Development
    country:        AZ
    abuse-c:        MDD-ABUSE
    source:         RIPE

    inetnum:        192.0.2.0 - 192.0.2.255
    netname:        MDD-NET
    org:            ORG-MDD1-RIPE
    country:        AZ
    source:         RIPE # Filtered

    inet6num:       2001:db8::/32
    netname:        MDD-V6
    org:            ORG-MDD1-RIPE
    source:         RIPE

    aut-num:        AS64496
    as-name:        MDD-AS
    org:            ORG-MDD1-RIPE
    source:         RIPE

    inetnum:        198.51.100.0 - 198.51.100.127
    netname:        ACADEMY-NET
    descr:          Academy of Sciences
    country:        AZ
    abuse-c:        ACAD-ABUSE
    source:         RIPE

    inetnum:        10.0.0.300 - 10.0.0.400
    netname:        BROKEN
    source:         RIPE

    role:           MDD abuse desk
    nic-hdl:        MDD-ABUSE
    abuse-mailbox:  abuse@mdd.example.az
    source:         RIPE

    role:           Academy abuse
    nic-hdl:        ACAD-ABUSE
    abuse-mailbox:  abuse@academy.example.az
    source:         RIPE

    """

    static let csv = """
    org_key,name_en,name_az,kind,sector,country,parent_key,languages,notification,encrypted_mail,notes,contact_name,contact_email,contact_phone,contact_role,contact_languages,contact_primary,networks
    inst-physics,Institute of Physics,Fizika İnstitutu,constituent,education_research,AZ,netname:ACADEMY-NET,az en,daily,no,,Duty desk,soc@physics.example.az,+994 12 000 00 00,abuse,az,yes,198.51.100.64/27 physics.example.az
    bad-row,,,constituent,,AZ,,,,,,,,,,,,
    inst-chem,Institute of Chemistry,Kimya İnstitutu,constituent,education_research,AZ,,az,weekly,no,,,not-an-email,,abuse,,,203.0.113.0/33 chem.example.az
    cert-de,CERT-Bund,CERT-Bund,partner_cert,,DE,,en,immediate,yes,,Team,cert@cert-bund.example.de,,security,en,yes,
    """
}

@Suite("Constituency")
struct ConstituencyTests {
    static func actor(_ user: UserModel) -> Actor {
        Actor(userID: user.id, label: user.email, role: user.roleValue, address: "test")
    }

    @Test("Import a RIPE split file and a CSV: refused lines reported, the rest imported, a re-run adds nothing",
          arguments: TestDatabase.available)
    func imports(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let coordinator = Self.actor(try await makeUser(app, "coord@cert.example.az", role: .coordinator))
            let service = app.qalxan.constituencyImport
            let ripe = try await service.importFile(named: "ripe.db", data: Array(ConstituencyFixtures.ripe.utf8), format: .ripe,
                                                    actor: coordinator, on: app.db)
            #expect(ripe.organisationsCreated == 2, "\(ripe)")
            #expect(ripe.networksAdded == 4, "\(ripe)")
            #expect(ripe.contactsAdded == 2)
            #expect(ripe.problems.count == 1 && ripe.problems[0].detail.contains("10.0.0.300"), "\(ripe.problems)")

            let csv = try await service.importFile(named: "orgs.csv", data: Array(ConstituencyFixtures.csv.utf8), format: .csv,
                                                   actor: coordinator, on: app.db)
            #expect(csv.organisationsCreated == 3, "\(csv)")
            // The empty-name row, the bad e-mail and the bad prefix are each reported with their line.
            let lines = Set(csv.problems.map(\.line))
            #expect(lines.contains(3) && lines.contains(4), "\(csv.problems)")
            #expect(csv.problems.contains { $0.line == 4 && $0.detail.contains("/33") }, "\(csv.problems)")
            #expect(csv.networksAdded == 3, "\(csv)")

            // Nothing is duplicated by a second run.
            let again = try await service.importFile(named: "ripe.db", data: Array(ConstituencyFixtures.ripe.utf8), format: .ripe,
                                                     actor: coordinator, on: app.db)
            #expect(again.organisationsCreated == 0 && again.networksAdded == 0 && again.contactsAdded == 0 && again.organisationsUpdated == 0)
            let again2 = try await service.importFile(named: "orgs.csv", data: Array(ConstituencyFixtures.csv.utf8), format: .csv,
                                                      actor: coordinator, on: app.db)
            #expect(again2.organisationsCreated == 0 && again2.networksAdded == 0 && again2.contactsAdded == 0)
            #expect(try await OrganisationModel.query(on: app.db).count() == 5)
            #expect(try await NetworkModel.query(on: app.db).count() == 7)

            // The hierarchy from the CSV's parent key, and lookups through the new table.
            await app.qalxan.directory.settle()
            let table = app.qalxan.directory.table
            let physics = try #require(table.lookup("198.51.100.70"))
            #expect(physics.owners.map(\.nameEn) == ["Institute of Physics", "Academy of Sciences"])
            #expect(try #require(table.lookup("198.51.100.5")).owners.first?.nameEn == "Academy of Sciences")
            #expect(try #require(table.lookup("AS64496")).owners.first?.nameEn == "Ministry of Digital Development")
            #expect(try #require(table.lookup("www.physics.example.az")).owners.first?.nameEn == "Institute of Physics")

            // Gzip files are read the same way.
            let gz = try gzip(Array(ConstituencyFixtures.ripe.utf8))
            let fromGzip = try await service.importFile(named: "ripe.db.gz", data: gz, format: .ripe, actor: coordinator, on: app.db)
            #expect(fromGzip.problems.count == 1 && fromGzip.networksAdded == 0)

            // A viewer may not import.
            let viewer = Self.actor(try await makeUser(app, "viewer@cert.example.az", role: .viewer))
            await #expect(throws: ServiceError.forbidden) {
                try await service.importFile(named: "x.csv", data: Array(ConstituencyFixtures.csv.utf8), format: .csv, actor: viewer, on: app.db)
            }
        }
    }

    @Test("RIPE split files are read together; a re-import keeps what the team set in the console")
    func ripeSplitFiles() async throws {
        try await withQalxan(.sqlite) { app in
            let coordinator = Self.actor(try await makeUser(app, "coord@cert.example.az", role: .coordinator))
            // Split the fixture by object class, as RIPE publishes it.
            var parts: [String: String] = [:]
            for object in ConstituencyFixtures.ripe.components(separatedBy: "\n\n") {
                let cls = String(object.split(separator: ":").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !cls.hasPrefix("%"), !cls.isEmpty else { continue }
                let file = cls == "inet6num" || cls == "aut-num" ? "inetnum" : cls
                parts["ripe.db.\(file)", default: ""] += object + "\n\n"
            }
            let files = try parts.sorted { $0.key > $1.key }.map { (name: $0.key + ".gz", data: try gzip(Array($0.value.utf8))) }
            #expect(files.count == 3)
            let o = try await app.qalxan.constituencyImport.importFiles(files, format: .ripe, actor: coordinator, on: app.db)
            #expect(o.organisationsCreated == 2 && o.networksAdded == 4 && o.contactsAdded == 2, "\(o)")
            #expect(o.problems.count == 1 && o.problems[0].file == "ripe.db.inetnum.gz" && o.problems[0].line > 0, "\(o.problems)")
            let ministry = try #require(try await OrganisationModel.query(on: app.db).filter(\.$externalKey == "ORG-MDD1-RIPE").first())
            #expect(ministry.nameEn == "Ministry of Digital Development")

            // The team makes it a partner team with notes; the next RIPE import keeps that.
            var input = ConstituencyController.values(of: try await app.qalxan.organisationQuery.detail(ministry.id!, actor: coordinator, on: app.db))
            input.kind = "partner_cert"
            input.notes = "Call before 18:00"
            input.nameAz = "Rəqəmsal İnkişaf Nazirliyi"
            try await app.qalxan.organisations.update(ministry.id!, input, actor: coordinator, on: app.db)
            let again = try await app.qalxan.constituencyImport.importFiles(files, format: .ripe, actor: coordinator, on: app.db)
            #expect(again.organisationsUpdated == 0 && again.organisationsCreated == 0)
            let kept = try #require(try await OrganisationModel.find(ministry.id, on: app.db))
            #expect(kept.kind == "partner_cert" && kept.notes == "Call before 18:00" && kept.nameAz == "Rəqəmsal İnkişaf Nazirliyi")
        }
    }

    @Test("Console: create, edit, contacts with real OpenPGP keys, networks, overlaps, lookup, merge; roles enforced")
    func console() async throws {
        try await withQalxan(.sqlite) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            try await makeUser(app, "viewer@cert.example.az", role: .viewer)
            let b = Browser(app)
            try await b.signIn("coord@cert.example.az", lang: "az")
            let az = Localizer(.az)

            // Refused with messages in Azerbaijani, everything typed kept.
            var csrf = try await b.csrf(from: "/az/console/organisations/new")
            let hostile = "<script>alert('x')</script>"
            let bad = try await b.post("/az/console/organisations/new", [
                ("_csrf", csrf), ("name_en", ""), ("name_az", ""), ("kind", "constituent"), ("country", "Azerbaijan"),
                ("languages", "az"), ("notification", "immediate"), ("notes", hostile),
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(HTMLText.escaped(az.t("error.country"))))
            #expect(bad.body.string.contains(HTMLText.escaped(az.t("error.org.name_required"))))
            #expect(!bad.body.string.contains(hostile))

            let made = try await b.post("/az/console/organisations/new", [
                ("_csrf", csrf), ("name_en", "Ministry \(hostile)"), ("name_az", "Nazirlik"), ("kind", "constituent"),
                ("sector", "government"), ("country", "az"), ("languages", "az, en"), ("notification", "daily"),
                ("encrypted_mail", "1"), ("notes", hostile),
            ])
            #expect(made.status == .seeOther)
            let orgPath = try #require(made.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            var page = try await b.get(orgPath)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains(hostile))
            #expect(page.body.string.contains("&lt;script&gt;"))
            // No abuse contact yet: flagged.
            #expect(page.body.string.contains(HTMLText.escaped(az.t("organisation.missing.title"))))
            let orgID = try #require(UUID(uuidString: String(orgPath.split(separator: "/").last!)))

            // A real key from GnuPG: fingerprint shown as gpg reports it.
            let gpg = try GnuPGHome()
            let key = try gpg.makeKey("Abuse Desk <abuse@mdd.example.az>")
            csrf = try #require(Browser.csrf(page.body.string))
            let contact = try await b.post(orgPath + "/contacts", [
                ("_csrf", csrf), ("name", "Abuse desk"), ("email", "Abuse@MDD.example.az"), ("role", "abuse"),
                ("languages", "az"), ("pgp_key", key.armored), ("primary", "1"),
            ])
            #expect(contact.status == .seeOther, "\(contact.body.string.prefix(2000))")
            page = try await b.get(orgPath)
            #expect(page.body.string.contains(String(key.fingerprint.prefix(4))))
            #expect(!page.body.string.contains(HTMLText.escaped(az.t("organisation.missing.title"))))
            let stored = try #require(try await ContactModel.query(on: app.db).first())
            #expect(stored.pgpFingerprint == key.fingerprint && stored.email == "abuse@mdd.example.az" && stored.pgpExpiresAt != nil)
            // Once the key has expired the contact is flagged, and can still be edited without pasting a key.
            stored.pgpExpiresAt = Date(timeIntervalSinceNow: -60)
            try await stored.update(on: app.db)
            page = try await b.get(orgPath)
            #expect(page.body.string.contains(HTMLText.escaped(az.t("organisation.missing.title"))))
            csrf = try #require(Browser.csrf(page.body.string))
            let edited = try await b.post("/az/console/contacts/\(stored.id!)/update", [
                ("_csrf", csrf), ("name", "Abuse desk"), ("email", "abuse@mdd.example.az"), ("role", "abuse"), ("phone", "+994 12 000 00 01"),
                ("languages", "az"), ("pgp_key", ""), ("primary", "1"),
            ])
            #expect(edited.status == .seeOther, "\(edited.body.string.prefix(500))")
            let afterEdit = try #require(try await ContactModel.find(stored.id, on: app.db))
            #expect(afterEdit.phone == "+994 12 000 00 01" && afterEdit.pgpFingerprint == key.fingerprint)
            afterEdit.pgpExpiresAt = Date(timeIntervalSinceNow: 86_400 * 300)
            try await afterEdit.update(on: app.db)
            page = try await b.get(orgPath)

            // A private key, or junk, is refused and not stored.
            let secret = try gpg.run(["--armor", "--export-secret-keys", key.fingerprint])
            let refused = try await b.post(orgPath + "/contacts", [
                ("_csrf", csrf), ("name", "x"), ("email", "x@mdd.example.az"), ("role", "technical"), ("pgp_key", secret),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(HTMLText.escaped(az.t("error.pgp.private_key"))))
            let junk = try await b.post(orgPath + "/contacts", [
                ("_csrf", csrf), ("name", "x"), ("email", "x@mdd.example.az"), ("role", "technical"),
                ("pgp_key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64!\n-----END PGP PUBLIC KEY BLOCK-----"),
            ])
            #expect(junk.status == .unprocessableEntity)
            #expect(try await ContactModel.query(on: app.db).count() == 1)

            // Networks: normalised, refused lines kept with the reason.
            let nets = try await b.post(orgPath + "/networks", [
                ("_csrf", csrf), ("networks", "192.0.2.77/24\n2001:DB8:0:0::/32, AS64496 Example.AZ\n10.0.0.0/33 not/a/network"),
            ])
            #expect(nets.status == .unprocessableEntity)
            #expect(nets.body.string.contains(HTMLText.escaped(az.t("error.network.prefix_length"))))
            let values = Set(try await NetworkModel.query(on: app.db).all().map(\.value))
            #expect(values == ["192.0.2.0/24", "2001:db8::/32", "AS64496", "example.az"])

            // A second organisation inside the first one's prefix: the overlap is shown on both.
            csrf = try await b.csrf(from: "/az/console/organisations/new")
            let child = try await b.post("/az/console/organisations/new", [
                ("_csrf", csrf), ("name_en", "Agency"), ("name_az", "Agentlik"), ("kind", "constituent"), ("parent", orgID.uuidString),
                ("country", "AZ"), ("languages", "az"), ("notification", "immediate"),
            ])
            let childPath = try #require(child.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await b.post(childPath + "/networks", [("_csrf", csrf), ("networks", "192.0.2.128/25 192.0.2.0/24")]).status
                    == .unprocessableEntity)  // the /24 belongs to the ministry
            await app.qalxan.directory.settle()
            #expect(try await b.get(orgPath).body.string.contains("192.0.2.128/25"))

            // The lookup box: most specific owner, its parent; outside; unrecognised.
            await app.qalxan.directory.settle()
            let lookup = try await b.get("/az/console/lookup?q=" + Browser.encode("192.0.2.200\nmail.example.az\n8.8.8.8\nnonsense here"))
            #expect(lookup.status == .ok)
            let text = lookup.body.string
            #expect(text.contains("Agentlik") && text.contains("192.0.2.128/25"))
            #expect(text.contains("nonsense here"))

            // Merge the agency into the ministry: its networks move, it is gone.
            csrf = try await b.csrf(from: childPath)
            let merged = try await b.post(childPath + "/merge", [("_csrf", csrf), ("target", orgID.uuidString)])
            #expect(merged.status == .seeOther)
            #expect(try await OrganisationModel.query(on: app.db).count() == 1)
            #expect(try await NetworkModel.query(on: app.db).filter(\.$organisationID == orgID).count() == 5)

            // A viewer reads but cannot change anything.
            let v = Browser(app)
            try await v.signIn("viewer@cert.example.az")
            #expect(try await v.get("/en/console/organisations").status == .ok)
            let viewerPage = try await v.get("/en" + orgPath.dropFirst(3))
            #expect(viewerPage.status == .ok)
            let vcsrf = try #require(Browser.csrf(viewerPage.body.string))
            #expect(try await v.post("/en" + orgPath.dropFirst(3) + "/networks", [("_csrf", vcsrf), ("networks", "203.0.113.0/24")]).status == .forbidden)
            #expect(try await v.get("/en/console/organisations/new").status == .forbidden)
            // Without the CSRF token nothing happens either.
            #expect(try await b.post(orgPath + "/delete", [("_csrf", "forged")]).status == .forbidden)
            #expect(try await OrganisationModel.query(on: app.db).count() == 1)

            // Export, then the same file imports into a fresh registry unchanged. A name a
            // spreadsheet would run as a formula is written defused.
            try await app.qalxan.organisations.update(orgID, OrganisationInput(nameEn: "=HYPERLINK(\"http://evil.example\")", nameAz: "Nazirlik",
                                                                             country: "AZ", languages: "az"),
                                                      actor: Self.actor(try #require(try await UserModel.query(on: app.db).filter(\.$email == "coord@cert.example.az").first())),
                                                      on: app.db)
            let export = try await b.get("/az/console/organisations/export.csv")
            #expect(export.status == .ok)
            #expect(export.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(export.body.string.contains("abuse@mdd.example.az") && export.body.string.contains("192.0.2.128/25"))
            // Formula injection is defused in the export.
            #expect(!export.body.string.contains(",=") && !export.body.string.contains("\n="))
            #expect(export.body.string.contains("'=HYPERLINK"))

            // Upload in the console: the refused lines are listed with the reason, the rest imported.
            csrf = try await b.csrf(from: "/az/console/organisations/import")
            let upload = try await b.postMultipart("/az/console/organisations/import", [("_csrf", csrf), ("format", "csv")],
                                                   files: [(name: "file", fileName: "orgs.csv", data: Data(ConstituencyFixtures.csv.utf8))])
            #expect(upload.status == .ok)
            #expect(upload.body.string.contains(HTMLText.escaped(az.t("error.email"))) || upload.body.string.contains("not-an-email"))
            #expect(try await OrganisationModel.query(on: app.db).filter(\.$externalKey == "inst-physics").count() == 1)
            let noFile = try await b.postMultipart("/az/console/organisations/import", [("_csrf", csrf), ("format", "csv")])
            #expect(noFile.status == .unprocessableEntity)
            #expect(noFile.body.string.contains(HTMLText.escaped(az.t("error.import.no_file"))))
        }
    }

    @Test("Incidents show the organisations their observables belong to; handlers add and remove them",
          arguments: TestDatabase.available)
    func incidentOrganisations(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let coordinator = Self.actor(try await makeUser(app, "coord@cert.example.az", role: .coordinator))
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            _ = try await app.qalxan.constituencyImport.importFile(
                named: "ripe.db", data: Array(ConstituencyFixtures.ripe.utf8), format: .ripe, actor: coordinator, on: app.db)
            let partner = try await app.qalxan.organisations.create(
                OrganisationInput(nameEn: "CERT-Bund", kind: "partner_cert", country: "DE", countries: "DE, AT"),
                actor: coordinator, on: app.db)
            let geo = "2|ripencc|20261122|2|19830705|20261122|+0100\nripencc|DE|ipv4|203.0.113.0|256|20100101|allocated\n"
            _ = try await app.qalxan.constituencyImport.importGeo(named: "delegated", data: Array(geo.utf8), actor: coordinator, on: app.db)
            await app.qalxan.directory.settle()

            let incident = try await app.qalxan.incidents.create(
                title: "Scanning", description: "Scans from 192.0.2.10 and hxxp://198.51.100[.]7/x; also 203.0.113.5.",
                classification: nil, severity: .medium, tlp: .amber, affectedSystems: "", actor: coordinator, on: app.db)
            let b = Browser(app)
            try await b.signIn("handler@cert.example.az")
            let path = "/en/console/incidents/\(incident.number)"
            var page = try await b.get(path).body.string
            #expect(page.contains("Ministry of Digital Development"))
            #expect(page.contains("Academy of Sciences"))
            #expect(page.contains("CERT-Bund"))

            let ministry = try #require(try await OrganisationModel.query(on: app.db).filter(\.$nameEn == "Ministry of Digital Development").first())
            let csrf = try #require(Browser.csrf(page))
            #expect(try await b.post(path + "/organisations/remove", [("_csrf", csrf), ("organisation", ministry.id!.uuidString)]).status == .seeOther)
            let affected = try await app.qalxan.incidentOrganisations.affected(incident.number, actor: coordinator, on: app.db)
            #expect(!affected.items.contains { $0.organisation.id == ministry.id })
            #expect(affected.removed.map(\.id) == [ministry.id!])
            #expect(affected.items.contains { $0.organisation.id == partner.id && $0.source == "partner" && $0.country == "DE" })
            #expect(try await b.post(path + "/organisations/add", [("_csrf", csrf), ("organisation", ministry.id!.uuidString)]).status == .seeOther)
            page = try await b.get(path).body.string
            #expect(page.contains(HTMLText.escaped(Localizer(.en).t("timeline.field.organisations"))))
            let again = try await app.qalxan.incidentOrganisations.affected(incident.number, actor: coordinator, on: app.db)
            #expect(again.items.contains { $0.organisation.id == ministry.id })
        }
    }

    @Test("API: organisations and lookup, with scopes", arguments: TestDatabase.available)
    func api(_ db: TestDatabase) async throws {
        try await withQalxan(db) { app in
            let coordinator = try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let (writer, _) = try await app.qalxan.tokens.create(for: coordinator, name: "sync", scopes: [.constituencyRead, .constituencyWrite],
                                                                 expiresInDays: nil, actor: .cli, on: app.db)
            let (reader, _) = try await app.qalxan.tokens.create(for: coordinator, name: "siem", scopes: [.constituencyRead],
                                                                 expiresInDays: nil, actor: .cli, on: app.db)
            let (created, body) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations", token: writer, json: [
                "name_en": "Energy Operator", "name_az": "Enerji Operatoru", "sector": "energy", "country": "AZ", "languages": ["az"],
            ])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require((body as? [String: Any])?["id"] as? String)
            #expect(try await QalxanWebTests.api(app, .POST, "/api/v1/organisations", token: reader, json: ["name_en": "x"]).0.status == .forbidden)
            let (invalid, problem) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations", token: writer, json: ["name_en": "x", "country": "Azerbaijan"])
            #expect(invalid.status == .unprocessableEntity)
            #expect("\(problem ?? "")".contains("country"))

            let (nets, netBody) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations/\(id)/networks", token: writer,
                                                               json: ["networks": ["185.18.244.9/22", "AS29049", "192.0.2.0/abc"]])
            #expect(nets.status == .ok)
            #expect(((netBody as? [String: Any])?["added"] as? [String]) == ["185.18.244.0/22", "AS29049"])
            #expect(((netBody as? [String: Any])?["refused"] as? [[String: Any]])?.first?["code"] as? String == "error.network.prefix")
            let (contact, _) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations/\(id)/contacts", token: writer,
                                                            json: ["email": "soc@energy.example.az", "role": "abuse"])
            #expect(contact.status == .created)
            let (patched, patchedBody) = try await QalxanWebTests.api(app, .PATCH, "/api/v1/organisations/\(id)", token: writer,
                                                                      json: ["notification": "weekly"])
            #expect(patched.status == .ok)
            #expect((patchedBody as? [String: Any])?["name_az"] as? String == "Enerji Operatoru")
            #expect((patchedBody as? [String: Any])?["notification"] as? String == "weekly")
            #expect((patchedBody as? [String: Any])?["missing_contact"] as? Bool == false)

            await app.qalxan.directory.settle()
            let (found, result) = try await QalxanWebTests.api(app, .GET, "/api/v1/lookup?q=185.18.245.7", token: reader)
            #expect(found.status == .ok)
            let r = try #require(result as? [String: Any])
            #expect(r["network"] as? String == "185.18.244.0/22")
            #expect((r["owner"] as? [String: Any])?["name_en"] as? String == "Energy Operator")
            let (asn, asnBody) = try await QalxanWebTests.api(app, .GET, "/api/v1/lookup?q=AS29049", token: reader)
            #expect(asn.status == .ok && ((asnBody as? [String: Any])?["owner"] as? [String: Any])?["id"] as? String == id)
            #expect(try await QalxanWebTests.api(app, .GET, "/api/v1/lookup?q=%3Cscript%3E", token: reader).0.status == .unprocessableEntity)
            let (list, listBody) = try await QalxanWebTests.api(app, .GET, "/api/v1/organisations?q=energy", token: reader)
            #expect(list.status == .ok && (listBody as? [String: Any])?["total"] as? Int == 1)
            // Search also finds organisations by a contact's address or a network.
            for q in ["soc%40energy", "185.18.244", "as29049"] {
                let (_, found) = try await QalxanWebTests.api(app, .GET, "/api/v1/organisations?q=\(q)", token: reader)
                #expect((found as? [String: Any])?["total"] as? Int == 1, "\(q)")
            }
            let (_, none) = try await QalxanWebTests.api(app, .GET, "/api/v1/organisations?q=nothing-like-this", token: reader)
            #expect((none as? [String: Any])?["total"] as? Int == 0)
            // A contact is changed in place; the organisation is merged into another.
            let contactID = try #require(try await ContactModel.query(on: app.db).first()?.id)
            let (changed, changedBody) = try await QalxanWebTests.api(app, .PATCH, "/api/v1/organisations/\(id)/contacts/\(contactID)",
                                                                      token: writer, json: ["phone": "+994 12 555 01 01", "primary": true])
            #expect(changed.status == .ok, "\(changed.body.string)")
            #expect((changedBody as? [String: Any])?["email"] as? String == "soc@energy.example.az")
            #expect((changedBody as? [String: Any])?["phone"] as? String == "+994 12 555 01 01")
            #expect(try await QalxanWebTests.api(app, .PATCH, "/api/v1/organisations/\(id)/contacts/\(contactID)", token: writer,
                                                 json: ["email": "broken"]).0.status == .unprocessableEntity)
            let (other, otherBody) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations", token: writer, json: ["name_en": "Grid Operator"])
            #expect(other.status == .created)
            let otherID = try #require((otherBody as? [String: Any])?["id"] as? String)
            #expect(try await QalxanWebTests.api(app, .POST, "/api/v1/organisations/\(otherID)/merge", token: writer,
                                                 json: ["into": otherID]).0.status == .unprocessableEntity)
            let (merged, mergedBody) = try await QalxanWebTests.api(app, .POST, "/api/v1/organisations/\(otherID)/merge", token: writer,
                                                                    json: ["into": id])
            #expect(merged.status == .ok)
            #expect((mergedBody as? [String: Any])?["id"] as? String == id)
            #expect(try await QalxanWebTests.api(app, .GET, "/api/v1/organisations/\(otherID)", token: reader).0.status == .notFound)
            #expect(try await QalxanWebTests.api(app, .DELETE, "/api/v1/organisations/\(id)", token: reader).0.status == .forbidden)
            #expect(try await QalxanWebTests.api(app, .DELETE, "/api/v1/organisations/\(id)", token: writer).0.status == .noContent)
            #expect(try await QalxanWebTests.api(app, .GET, "/api/v1/organisations/\(id)", token: reader).0.status == .notFound)
        }
    }
}

/// Compresses with the system's gzip.
func gzip(_ data: [UInt8]) throws -> [UInt8] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qx-gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("f")
    try Data(data).write(to: file)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gzip", file.path]
    try p.run()
    p.waitUntilExit()
    return [UInt8](try Data(contentsOf: dir.appendingPathComponent("f.gz")))
}
