import Foundation
import Testing
@testable import QalxanCore

/// The RFC 2350 description: the template's sections in order with the catalog's titles,
/// the text of each wrapped by the rules, and a result GnuPG signs and verifies.
@Suite struct RFC2350DocumentTests {
    static func document(_ language: Language, profile: TeamProfile = Fixtures.profile,
                         documentURL: String = Fixtures.documentURL) -> String {
        RFC2350Document.text(profile: profile, language: language, title: Catalogs.title(language),
                             notProvided: Catalogs.core[language]?["profile.not_provided"] ?? "?",
                             documentURL: documentURL, lastUpdated: Fixtures.date)
    }

    /// The heading line of a section as the document writes it.
    static func heading(_ section: TeamProfile.Section, _ language: Language) -> String {
        let number = section.key.contains(".") ? section.key : section.key + "."
        return number + " " + Catalogs.title(language)(section.labelKey)
    }

    /// The lines under a section's heading, up to the next heading, blank lines at either
    /// end dropped.
    static func body(_ key: String, in document: String, _ language: Language) -> [String] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sections = TeamProfile.sections
        guard let index = sections.firstIndex(where: { $0.key == key }),
              let start = lines.firstIndex(of: heading(sections[index], language))
        else { return [] }
        let end = index + 1 < sections.count
            ? lines.firstIndex(of: heading(sections[index + 1], language)) ?? lines.count
            : lines.count
        var body = Array(lines[(start + 1)..<end])
        while body.first == "" { body.removeFirst() }
        while body.last == "" { body.removeLast() }
        return body
    }

    @Test func theRealCatalogsAreFound() {
        for language in Language.allCases {
            #expect(Catalogs.core[language]?["profile.2.1"] != nil, "no catalog for \(language)")
        }
        #expect(Catalogs.core[.az]?["profile.1.1"] == "Son yenilənmə tarixi")
    }

    @Test(arguments: Language.allCases)
    func everySectionIsThereInTheTemplateOrder(_ language: Language) throws {
        // Act
        let text = Self.document(language)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // Assert: each heading once, in order; none is a raw catalog key.
        var previous = -1
        for section in TeamProfile.sections {
            let heading = Self.heading(section, language)
            #expect(!heading.contains("profile."), "catalog has no \(section.labelKey)")
            let found = lines.indices.filter { lines[$0] == heading }
            #expect(found.count == 1, "heading \(heading) found \(found.count) times")
            if let index = found.first {
                #expect(index > previous, "\(heading) out of order")
                previous = index
            }
        }
        #expect(lines.first == Self.heading(TeamProfile.sections[0], language))
        // Heading-only sections have no body; the others have one.
        for section in TeamProfile.sections {
            let body = Self.body(section.key, in: text, language)
            #expect(section.isHeading ? body.isEmpty : !body.isEmpty, "section \(section.key): \(body)")
        }
    }

    @Test func headingsReadAsInTheRFC() {
        let text = Self.document(.en)
        #expect(text.hasPrefix("1. Document information\n\n1.1 Date of last update\n\n2026-11-23\n\n1.2 "))
        #expect(text.contains("\n5. Services\n\n5.1 Incident response\n\n5.1.1 Incident triage\n\n"))
        #expect(text.contains("\n7. Disclaimers\n\n"))
        #expect(Self.document(.az).hasPrefix("1. Sənəd haqqında məlumat\n\n1.1 Son yenilənmə tarixi\n\n2026-11-23\n"))
    }

    @Test(arguments: Language.allCases)
    func emptySectionsSayNotProvided(_ language: Language) {
        let text = Self.document(language)
        let none = Catalogs.core[language]?["profile.not_provided"] ?? "?"
        #expect(Self.body("2.4", in: text, language) == [none])
        #expect(Self.body("5.2", in: text, language) == [none])
        // Section 7 is empty in Azerbaijani, so it shows the English text instead.
        #expect(Self.body("7", in: text, language).first?.hasPrefix("While every precaution") == true)
    }

    @Test func aMissingTranslationShowsTheOtherLanguage() {
        let az = Self.document(.az)
        #expect(Self.body("5.1.1", in: az, .az) == ["Every report is triaged within one working day; reports that are not",
                                                    "incidents are answered with advice."])
        #expect(Self.body("2.2", in: az, .az) == ["Qalxan CERT", "İstiqlaliyyət küçəsi 1", "Bakı AZ1001", "Azərbaycan"])
    }

    @Test func theDateOfLastUpdateIsFilledInOnlyWhenEmpty() {
        #expect(Self.body("1.1", in: Self.document(.en), .en) == ["2026-11-23"])
        var profile = Fixtures.profile
        profile.text["1.1"] = [.en: "Version 1.3, 2026-10-01"]
        #expect(Self.body("1.1", in: Self.document(.en, profile: profile), .en) == ["Version 1.3, 2026-10-01"])
    }

    @Test func theDocumentsAddressIsAddedToItsLocationsOnce() {
        // Empty section: the address alone.
        #expect(Self.body("1.3", in: Self.document(.en), .en) == [Fixtures.documentURL])

        // The address already there (in angle brackets): not repeated.
        var profile = Fixtures.profile
        profile.text["1.3"] = [.en: "The current version is at <\(Fixtures.documentURL)>."]
        #expect(Self.body("1.3", in: Self.document(.en, profile: profile), .en)
                == ["The current version is at <\(Fixtures.documentURL)>."])

        // Only the signature's address there: the document's own is still added.
        profile.text["1.3"] = [.en: "Signature: \(Fixtures.documentURL).asc"]
        #expect(Self.body("1.3", in: Self.document(.en, profile: profile), .en)
                == ["Signature: \(Fixtures.documentURL).asc", Fixtures.documentURL])

        // No address given: nothing added.
        #expect(Self.body("1.3", in: Self.document(.en, documentURL: ""), .en) == ["Not provided."])
    }

    @Test(arguments: Language.allCases)
    func theTextIsPlainWrappedNFC(_ language: Language) {
        let text = Self.document(language)
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        #expect(!text.contains("\r") && !text.contains("\t") && !text.contains("\n\n\n"))
        #expect(text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars), "not NFC")
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.last != " ", "trailing space: \(line)")
            if line.count > RFC2350Document.width {
                // Only a URL, address or other word too long for any line may stick out.
                let words = line.split(separator: " ")
                #expect(words.count == 1 || (words.count == 2 && words[0].count <= 3), "too long: \(line)")
            }
        }
    }

    @Test func wrappingKeepsURLsAddressesListsAndParagraphs() {
        let text = Self.document(.en)
        let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        #expect(words.contains("https://cert.example.org/.well-known/openpgpkey/hu/very/long/path/that/does/not/fit/on/one/line/team-key.asc"))
        #expect(words.contains("https://cert.example.org/en/news"))
        #expect(words.contains("cert@example.org"))

        // The author's blank line is kept, a run of them becomes one.
        #expect(Self.body("3.1", in: text, .en) == [
            "The mission of Qalxan CERT is to help the organisations of its",
            "constituency prevent, detect and respond to computer security incidents,",
            "and to share what it learns with them and with other teams.",
            "",
            "It works with its partners at home and abroad.",
        ])
        // List lines stay lines of their own and continue under their text.
        #expect(Self.body("4.1", in: text, .en) == [
            "Qalxan CERT handles incidents of every type of the Reference Security",
            "Incident Taxonomy. The level of support depends on the severity:",
            "- critical: we answer within one hour, around the clock, and coordinate",
            "  the response with the affected organisation and its providers;",
            "- high: within four working hours;",
            "  * low: as time allows.",
            "1. Report the incident.",
            "2. Receive a tracking number such as QX-2026-00042 and keep it in the",
            "   subject of every later message about the same incident.",
        ])
        // Tab-indented fingerprint: indentation kept as spaces.
        #expect(Self.body("2.8", in: text, .en).suffix(2) == [
            "Fingerprint:", "    A1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 A1B2 C3D4",
        ])
    }

    @Test(arguments: Language.allCases)
    func gnuPGClearSignsAndVerifiesTheTextUnchanged(_ language: Language) throws {
        // Arrange
        let text = Self.document(language)
        #expect(text.contains("\n- a line that starts with a dash\n"))
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }

        // Act
        let signed = try gpg.clearsign(text)
        let verdict = try gpg.verify(signed)

        // Assert: a good signature, and the signed text is ours byte for byte.
        #expect(verdict.status == 0, "\(verdict.all)")
        #expect(verdict.stderr.contains("Good signature from \"Test CERT <cert@example.org>\""))
        #expect(signed.contains("\n- - a line that starts with a dash\n"), "gpg dash-escapes it")
        #expect(try gpg.signedText(signed) == text)

        // A changed word breaks the signature, so the check above means something.
        let tampered = signed.replacingOccurrences(of: "Qalxan CERT", with: "Qalxan CERK")
        #expect(try gpg.verify(tampered).status != 0)
    }
}
