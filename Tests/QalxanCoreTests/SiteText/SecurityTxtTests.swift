import Foundation
import Testing
@testable import QalxanCore

/// security.txt (RFC 9116): the file's text, its expiry, our own checks, and the verdict
/// of the `sectxt` validator on it, unsigned and clear-signed.
@Suite struct SecurityTxtTests {
    /// A full file as a team publishes it, expiring 180 days after `now`.
    static func sample(now: Date = Date()) -> SecurityTxt {
        SecurityTxt(
            contacts: ["mailto:cert@example.org", "https://cert.example.org/en/report", "tel:+994-12-555-0100"],
            expires: SecurityTxt.expiry(from: now),
            encryption: ["https://cert.example.org/.well-known/openpgpkey/team-key.asc"],
            acknowledgments: ["https://cert.example.org/en/thanks"],
            preferredLanguages: Language.allCases.map(\.rawValue),
            canonical: ["https://cert.example.org/.well-known/security.txt"],
            policy: ["https://cert.example.org/en/disclosure-policy"],
            hiring: ["https://cert.example.org/en/jobs"],
            csaf: ["https://cert.example.org/.well-known/csaf/provider-metadata.json"],
            comment: "Qalxan CERT")
    }

    @Test func theTextHasEveryFieldInOrder() {
        let file = Self.sample(now: Fixtures.date)
        #expect(file.text() == """
            # Qalxan CERT
            Contact: mailto:cert@example.org
            Contact: https://cert.example.org/en/report
            Contact: tel:+994-12-555-0100
            Expires: 2027-05-22T00:00:00Z
            Encryption: https://cert.example.org/.well-known/openpgpkey/team-key.asc
            Acknowledgments: https://cert.example.org/en/thanks
            Preferred-Languages: az, en
            Canonical: https://cert.example.org/.well-known/security.txt
            Policy: https://cert.example.org/en/disclosure-policy
            Hiring: https://cert.example.org/en/jobs
            CSAF: https://cert.example.org/.well-known/csaf/provider-metadata.json

            """)
    }

    @Test func emptyFieldsAndCommentAreLeftOut() {
        let file = SecurityTxt(contacts: ["mailto:cert@example.org", " "], expires: Fixtures.date,
                               preferredLanguages: [""], comment: "  ")
        #expect(file.text() == "Contact: mailto:cert@example.org\nExpires: 2026-11-23T14:05:09Z\n")
    }

    @Test func aValueCannotAddAFieldOfItsOwn() {
        let file = SecurityTxt(contacts: ["mailto:cert@example.org\r\nContact: https://evil.example"],
                               expires: Fixtures.date, comment: "Team\nCanonical: https://evil.example")
        let lines = file.text().split(separator: "\n")
        #expect(lines == ["# Team Canonical: https://evil.example",
                          "Contact: mailto:cert@example.org Contact: https://evil.example",
                          "Expires: 2026-11-23T14:05:09Z"])
        #expect(SecurityTxt.validate(file, now: Fixtures.date.addingTimeInterval(-86_400)) == ["error.securitytxt.contact"])
    }

    @Test func expiryIsMidnightUTCDaysAhead() {
        // 2026-05-27T15:30:00Z + 180 days = 2026-11-23, at 00:00:00 UTC.
        let now = Date(timeIntervalSince1970: 1_779_895_800)
        #expect(DateText.iso(SecurityTxt.expiry(from: now)) == "2026-11-23T00:00:00Z")
        #expect(DateText.iso(SecurityTxt.expiry(from: now, days: 365)) == "2027-05-27T00:00:00Z")
        let midnight = Date(timeIntervalSince1970: 1_779_840_000)  // 2026-05-27T00:00:00Z
        #expect(DateText.iso(SecurityTxt.expiry(from: midnight, days: 1)) == "2026-05-28T00:00:00Z")
    }

    @Test func aGoodFileHasNoProblems() {
        #expect(SecurityTxt.validate(Self.sample(now: Fixtures.date), now: Fixtures.date) == [])
        var file = Self.sample(now: Fixtures.date)
        // RFC 9116 §2.5.4 also shows keys given by fingerprint and in DNS.
        file.encryption = ["openpgp4fpr:A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4",
                           "dns:5d2d37ab76d47d36._openpgpkey.example.org?type=OPENPGPKEY"]
        file.preferredLanguages = ["az", "en-GB", "az-Latn"]
        #expect(SecurityTxt.validate(file, now: Fixtures.date) == [])
    }

    @Test func problemsComeBackAsCatalogKeys() {
        let now = Fixtures.date
        var file = Self.sample(now: now)
        file.contacts = ["cert@example.org", "ftp://cert.example.org", "mailto:", "tel:call-us"]
        file.expires = now.addingTimeInterval(-1)
        file.encryption = ["http://cert.example.org/key.asc"]
        file.acknowledgments = ["http://cert.example.org/thanks"]
        file.preferredLanguages = ["Azərbaycanca"]
        file.canonical = ["https://"]
        file.policy = ["/policy"]
        file.hiring = ["http://jobs.example.org"]
        file.csaf = ["https://cert.example.org/csaf/index.html"]
        #expect(SecurityTxt.validate(file, now: now) == [
            "error.securitytxt.contact", "error.securitytxt.expired", "error.securitytxt.encryption",
            "error.securitytxt.acknowledgments", "error.securitytxt.language", "error.securitytxt.canonical",
            "error.securitytxt.policy", "error.securitytxt.hiring", "error.securitytxt.csaf",
        ])

        file = Self.sample(now: now)
        file.contacts = []
        file.expires = SecurityTxt.expiry(from: now, days: 400)
        file.csaf = ["http://cert.example.org/.well-known/csaf/provider-metadata.json"]
        #expect(SecurityTxt.validate(file, now: now) == [
            "error.securitytxt.no_contact", "error.securitytxt.expires_too_far", "error.securitytxt.csaf",
        ])
        // A year to the day is still within the year.
        file = Self.sample(now: now)
        file.expires = now.addingTimeInterval(365 * 86_400)
        #expect(SecurityTxt.validate(file, now: now) == [])
    }

    // MARK: - The sectxt validator

    /// sectxt's verdict on a file: errors, recommendations and notifications by code.
    struct Verdict: Decodable {
        let errors: [String]
        let recommendations: [String]
        let notifications: [String]
    }

    /// Runs sectxt's Python API on `text` as a local file, as its CLI does.
    static func sectxt(_ text: String) throws -> Verdict {
        let file = try ExternalTools.write(text, named: "security.txt")
        defer { try? FileManager.default.removeItem(atPath: file.dir) }
        let result = try ExternalTools.python("""
            import json, sys
            from sectxt import SecurityTXT
            s = SecurityTXT(sys.argv[1], is_local=True)
            codes = lambda items: [i["code"] for i in items]
            print(json.dumps({"errors": codes(s.errors), "recommendations": codes(s.recommendations),
                              "notifications": codes(s.notifications)}))
            """, [file.path])
        guard result.status == 0 else { throw ExternalTools.Failure(description: "sectxt: \(result.all)") }
        return try JSONDecoder().decode(Verdict.self, from: Data(result.stdout.utf8))
    }

    /// The `sectxt` command on `text`: its exit status and what it printed.
    static func sectxtCLI(_ text: String) throws -> ExternalTools.Result {
        let file = try ExternalTools.write(text, named: "security.txt")
        defer { try? FileManager.default.removeItem(atPath: file.dir) }
        return try ExternalTools.run(ExternalTools.venv + "/bin/sectxt", ["--show-recommendations", "--show-notifications", file.path])
    }

    @Test
    func sectxtAcceptsTheUnsignedFile() throws {
        let text = Self.sample().text()
        let verdict = try Self.sectxt(text)
        #expect(verdict.errors == [])
        // The only advice: sign it.
        #expect(verdict.recommendations == ["not_signed"])
        #expect(verdict.notifications == [])

        let cli = try Self.sectxtCLI(text)
        #expect(cli.status == 0, "\(cli.all)")
        #expect(!cli.stdout.contains("[ERROR]"))
    }

    @Test
    func sectxtAcceptsTheClearSignedFile() throws {
        // Arrange
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }

        // Act
        let signed = try gpg.clearsign(Self.sample().text())

        // Assert: gpg verifies it, and sectxt finds neither error nor advice.
        #expect(signed.hasPrefix("-----BEGIN PGP SIGNED MESSAGE-----\n"))
        #expect(try gpg.verify(signed).status == 0)
        let verdict = try Self.sectxt(signed)
        #expect(verdict.errors == [])
        #expect(verdict.recommendations == [])
        #expect(verdict.notifications == [])
        #expect(try Self.sectxtCLI(signed).status == 0)
    }

    @Test
    func sectxtRejectsAnExpiredFile() throws {
        var file = Self.sample()
        file.expires = SecurityTxt.expiry(from: Date(), days: -2)
        #expect(SecurityTxt.validate(file) == ["error.securitytxt.expired"])

        let verdict = try Self.sectxt(file.text())
        #expect(verdict.errors == ["expired"])
        let cli = try Self.sectxtCLI(file.text())
        #expect(cli.status == 1)
        #expect(cli.stdout.contains("expired"))

        // Signing does not save it.
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        #expect(try Self.sectxt(try gpg.clearsign(file.text())).errors == ["expired"])
    }

    @Test
    func sectxtAgreesWithValidateOnBadValues() throws {
        var file = Self.sample()
        file.policy = ["http://cert.example.org/policy"]
        file.csaf = ["https://cert.example.org/csaf/index.html"]
        #expect(SecurityTxt.validate(file) == ["error.securitytxt.policy", "error.securitytxt.csaf"])
        #expect(Set(try Self.sectxt(file.text()).errors) == ["no_https", "no_csaf_file"])

        file = Self.sample()
        file.expires = SecurityTxt.expiry(from: Date(), days: 400)
        #expect(SecurityTxt.validate(file) == ["error.securitytxt.expires_too_far"])
        #expect(try Self.sectxt(file.text()).recommendations.contains("long_expiry"))
    }
}
