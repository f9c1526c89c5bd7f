import Foundation
import Testing
import QalxanCore
@testable import QalxanFormats

@Suite("Constituency import values")
struct ConstituencyRulesTests {
    @Test("Choices ignore case and take - or space for _", arguments: [
        ("Partner CERT", "partner_cert"), ("partner-cert", "partner_cert"), (" VENDOR ", "vendor"), ("", "constituent"),
    ])
    func choice(_ text: String, _ expected: String) {
        #expect(ConstituencyRules.choice(text, in: ConstituencyRules.kinds, fallback: "constituent") == expected)
    }

    @Test("Unknown choices are refused")
    func badChoice() {
        #expect(ConstituencyRules.choice("partner", in: ConstituencyRules.kinds, fallback: "constituent") == nil)
        #expect(ConstituencyRules.choice("hourly", in: ConstituencyRules.notifications, fallback: "immediate") == nil)
    }

    @Test("Languages: two letters, lower-cased, without repeats; the rest reported")
    func languages() {
        let r = ConstituencyRules.languages("AZ, en;ru tr az/de english e1")
        #expect(r.codes == ["az", "en", "ru", "tr", "de"])
        #expect(r.bad == ["english", "e1"])
        #expect(ConstituencyRules.languages("").codes.isEmpty)
    }

    @Test("Countries are two ASCII letters, upper-cased", arguments: [("az", "AZ"), (" Ge ", "GE"), ("", "")])
    func country(_ text: String, _ expected: String) {
        #expect(ConstituencyRules.country(text) == expected)
    }

    @Test("Other country text is refused", arguments: ["AZE", "A", "Azərbaycan", "Ə1", "1Z", "ƏZ"])
    func badCountry(_ text: String) {
        #expect(ConstituencyRules.country(text) == nil)
    }

    @Test("Sectors become slugs", arguments: [
        ("Education & research", "education_research"), ("Təhsil", "tehsil"), ("Səhiyyə və sosial xidmət", "sehiyye_ve_sosial_xidmet"),
        ("Energy / Utilities", "energy_utilities"), ("e-government", "e-government"), ("  ", ""), ("İnformasiya texnologiyaları", "informasiya_texnologiyalari"),
        ("Çağrı mərkəzi (şöbə)", "cagri_merkezi_sobe"), ("IT - software", "it_software"), ("e-Government", "e-government"),
        ("a--b__c", "a_b_c"), ("-x-", "x"), ("Ølstrøm", "olstrom"), ("__Finance__", "finance"),
    ])
    func sector(_ text: String, _ expected: String) {
        #expect(ConstituencyRules.sector(text) == expected)
    }

    @Test("A sector with no Latin letters or digits is refused rather than lost silently")
    func badSector() {
        #expect(ConstituencyRules.sector("Образование") == nil)
        #expect(ConstituencyRules.sector("&&&") == nil)
        #expect(ConstituencyRules.sector(String(repeating: "a", count: 500))?.count == ConstituencyRules.sectorLimit)
    }

    @Test("Yes and no, in English and Azerbaijani")
    func booleans() {
        for yes in ["yes", "TRUE", "1", "bəli", "Bəli"] { #expect(ConstituencyRules.boolean(yes) == (true, true)) }
        for no in ["no", "False", "0", "xeyr", "XEYR"] { #expect(ConstituencyRules.boolean(no) == (false, true)) }
        #expect(ConstituencyRules.boolean("") == (nil, true))
        #expect(ConstituencyRules.boolean("maybe") == (nil, false))
    }

    @Test("Networks are split, normalised and de-duplicated")
    func networks() {
        let r = ConstituencyRules.networks("192.0.2.0/24, 2001:DB8::/32;as64496 AS64496  Example.AZ. 198.51.100.7 192.0.2.9/24 "
                                         + "203.0.113.1-203.0.113.6 xn--nmun-0ra.example.az nümunə.example.az")
        #expect(r.networks == ["192.0.2.0/24", "2001:db8::/32", "AS64496", "example.az", "198.51.100.7", "203.0.113.1/32",
                               "203.0.113.2/31", "203.0.113.4/31", "203.0.113.6/32", "xn--nmun-0ra.example.az", "nümunə.example.az"])
        #expect(r.bad.isEmpty)
    }

    @Test("Entries that are no network are reported", arguments: [
        "192.0.2.0/33", "010.0.0.1", "AS", "AS-SET", "ASx1", "AS99999999999", "localhost", "-bad.example.az", "a..az", "1.2.3",
        "<script>", "192.0.2.9-192.0.2.1", "http://example.az", "example.123",
    ])
    func badNetworks(_ token: String) {
        #expect(ConstituencyRules.networks(token).bad == [token])
    }

    @Test("One-line fields lose control characters and inner line breaks")
    func oneLine() {
        #expect(ConstituencyRules.line("  a\u{0}b\r\n  c\td \n") == "ab c d")
        #expect(ConstituencyRules.line("<script>alert(1)</script>") == "<script>alert(1)</script>")
    }

    @Test("Problem details are one line of at most 200 characters")
    func detail() {
        let p = ImportProblem(line: 3, key: ImportProblem.badEmail, detail: String(repeating: "ə", count: 300) + "\nx")
        #expect(p.detail.count == 200)
        #expect(ImportProblem(line: 1, key: "k", detail: "a\r\nb\tc").detail == "a b c")
    }

    @Test("After a thousand problems the rest are counted, not kept")
    func problemLimit() {
        var log = ProblemLog()
        for i in 0..<1500 { log.add(i, ImportProblem.badEmail, "x") }
        #expect(log.all.count == 1001)
        #expect(log.all.last == ImportProblem(line: 0, key: ImportProblem.tooManyProblems, detail: "500"))
    }

    @Test("Catalog keys are unique and namespaced")
    func keys() {
        #expect(Set(ImportProblem.allKeys).count == ImportProblem.allKeys.count)
        #expect(ImportProblem.allKeys.allSatisfy { $0.hasPrefix("import.") })
    }

    @Test("Every problem key and every OpenPGP key error has a message in both catalogs")
    func catalog() throws {
        for language in Language.allCases {
            let l = Localizer(language)
            for key in ImportProblem.allKeys + OpenPGPKeyError.catalogKeys + OpenPGPKeyStatus.allCases.map(\.key) {
                #expect(l.has(key), "\(language) \(key)")
                // Shown as "line N: message (detail)": no placeholders to fill, no line number.
                #expect(!l.t(key).contains("{"), "\(language) \(key)")
            }
        }
    }
}
