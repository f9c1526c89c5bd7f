import Foundation
import Testing
@testable import QalxanFormats
import QalxanCore
// import QalxanCore

@Suite("CSAF document mapping")
struct CSAFDocumentTests {
    typealias F = CSAFFixtures

    @Test("a security advisory has the document, product tree and one vulnerability a CVE")
    func securityAdvisory() throws {
        let doc = try F.document(F.apache)
        let d = try #require(doc.content["document"])

        #expect(doc.category == .securityAdvisory)
        #expect(d["category"]?.string == "csaf_security_advisory")
        #expect(d["csaf_version"]?.string == "2.0")
        #expect(d["lang"]?.string == "en")
        #expect(d["title"]?.string == "Apache HTTP Server: request smuggling and SSRF")
        #expect(d["distribution"]?["tlp"]?["label"]?.string == "WHITE")
        #expect(d["distribution"]?["tlp"]?["url"]?.string == "https://www.first.org/tlp/")
        #expect(d["distribution"]?["text"]?.string?.contains("TLP:CLEAR") == true)
        #expect(d["publisher"] == [
            "category": "coordinator", "name": "CERT.AZ", "namespace": "https://cert.example.az",
            "contact_details": "cert@cert.example.az, +994 12 345 67 89",
            "issuing_authority": "National CERT of the Republic of Azerbaijan for its constituency.",
        ])

        let tracking = try #require(d["tracking"])
        #expect(tracking["id"]?.string == "QX-SA-2026-0007")
        #expect(tracking["status"]?.string == "final")
        #expect(tracking["version"]?.string == "2")
        #expect(tracking["initial_release_date"]?.string == "2026-03-02T09:30:00Z")
        #expect(tracking["current_release_date"]?.string == "2026-03-05T16:45:10Z")
        #expect(tracking["revision_history"] == [
            ["date": "2026-03-02T09:30:00Z", "number": "1", "summary": "Initial release"],
            ["date": "2026-03-05T16:45:10Z", "number": "2", "summary": "Fixed version added"],
        ])
        #expect(tracking["generator"] == ["date": "2026-03-10T08:00:00Z", "engine": ["name": "Qalxan", "version": "1.0.0"]])

        #expect(d["notes"]?.array?.map { $0["category"]?.string } == ["summary", "description", "general"])
        #expect(d["notes"]?[1]?["text"]?.string == F.apache.body[.en]?.trimmingCharacters(in: .newlines),
                "Markdown goes in as it is, without the blank lines around it")
        #expect(d["notes"]?[2]?["title"]?.string == "Recommendations")

        #expect(d["references"] == [
            ["category": "self", "summary": "This advisory as a CSAF document",
             "url": "https://cert.example.az/.well-known/csaf/white/2026/qx-sa-2026-0007.json"],
            ["category": "external", "summary": "Apache advisory", "url": "https://httpd.apache.org/security/vulnerabilities_24.html"],
            ["category": "external", "summary": "https://www.cve.org/CVERecord?id=CVE-2026-10001",
             "url": "https://www.cve.org/CVERecord?id=CVE-2026-10001"],
        ])
    }

    @Test("products become vendor → product_name → version or vers: range, with ids QX-P-n")
    func productTree() throws {
        let doc = try F.document(F.apache)
        #expect(doc.content["product_tree"] == [
            "branches": [[
                "category": "vendor", "name": "Apache",
                "branches": [[
                    "category": "product_name", "name": "HTTP Server",
                    "branches": [
                        ["category": "product_version", "name": "2.4.57",
                         "product": ["name": "Apache HTTP Server 2.4.57", "product_id": "QX-P-1"]],
                        ["category": "product_version_range", "name": "vers:generic/<2.4.57",
                         "product": ["name": "Apache HTTP Server < 2.4.57", "product_id": "QX-P-2"]],
                        ["category": "product_version", "name": "2.4.58",
                         "product": ["name": "Apache HTTP Server 2.4.58", "product_id": "QX-P-3"]],
                    ],
                ]],
            ]],
        ])
    }

    @Test("each CVE is a vulnerability with status, CVSS score, vendor fix and a description note")
    func vulnerabilities() throws {
        let doc = try F.document(F.apache)
        let vulnerabilities = try #require(doc.content["vulnerabilities"]?.array)
        #expect(vulnerabilities.map { $0["cve"]?.string } == ["CVE-2026-10001", "CVE-2026-10002"])
        let v = vulnerabilities[0]
        #expect(v["product_status"] == ["known_affected": ["QX-P-1", "QX-P-2"], "fixed": ["QX-P-3"]])
        #expect(v["notes"] == [["category": "description", "title": "Description", "text": "Two flaws in mod_proxy let a remote attacker reach internal hosts."]])
        #expect(v["scores"] == [[
            "products": ["QX-P-1", "QX-P-2"],
            "cvss_v3": [
                "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "baseScore": 9.8, "baseSeverity": "CRITICAL",
                "attackVector": "NETWORK", "attackComplexity": "LOW", "privilegesRequired": "NONE",
                "userInteraction": "NONE", "scope": "UNCHANGED", "confidentialityImpact": "HIGH",
                "integrityImpact": "HIGH", "availabilityImpact": "HIGH",
            ],
        ]])
        #expect(v["remediations"] == [[
            "category": "vendor_fix", "details": "Update to 2.4.58. Until then, disable `mod_proxy`.",
            "product_ids": ["QX-P-1", "QX-P-2", "QX-P-3"],
        ]])
    }

    @Test("without a fix the recommendations are a mitigation; a CVSS vector without CVE is one vulnerability")
    func rangesAndMitigation() throws {
        let doc = try F.document(F.ranges)
        #expect(doc.category == .securityAdvisory)
        #expect(doc.tlpLabel == .amber)
        #expect(doc.content["document"]?["distribution"]?["tlp"]?["label"]?.string == "AMBER")
        let leaves = try #require(doc.content["product_tree"]?["branches"]?[0]?["branches"]?.array)
        #expect(leaves.map { $0["branches"]?[0]?["name"]?.string } == ["vers:generic/>=1.0|<1.2", "vers:all/*"])
        #expect(leaves.map { $0["branches"]?[0]?["product"]?["name"]?.string }
            == ["Example Networks VPN Gateway >= 1.0, < 1.2", "Example Networks Legacy Gateway"])
        let vulnerabilities = try #require(doc.content["vulnerabilities"]?.array)
        #expect(vulnerabilities.count == 1)
        #expect(vulnerabilities[0]["cve"] == nil)
        #expect(vulnerabilities[0]["scores"]?[0]?["cvss_v3"]?["baseScore"] == 10.0)
        #expect(vulnerabilities[0]["remediations"] == [[
            "category": "mitigation", "details": .string(F.ranges.recommendations[.en]!), "product_ids": ["QX-P-1", "QX-P-2"],
        ]])
        #expect(doc.content["document"]?["references"]?[0]?["url"]?.string
            == "https://cert.example.az/.well-known/csaf/amber/2026/qx-sa-2026-0008.json")
    }

    @Test("AMBER+STRICT is AMBER with the original label in the text; a fix without recommendations names the versions")
    func strict() throws {
        let doc = try F.document(F.strict)
        #expect(doc.content["document"]?["distribution"]?["tlp"]?["label"]?.string == "AMBER")
        #expect(doc.content["document"]?["distribution"]?["text"]?.string?.contains("TLP:AMBER+STRICT") == true)
        let v = try #require(doc.content["vulnerabilities"]?[0])
        #expect(v["product_status"] == ["known_affected": ["QX-P-1", "QX-P-2", "QX-P-5"], "fixed": ["QX-P-3", "QX-P-4"]])
        #expect(v["remediations"] == [
            ["category": "vendor_fix", "details": "Update to a fixed version: Acme Gate 5 5.1.2, Acme Gate 5 5.2.0.",
             "product_ids": ["QX-P-1", "QX-P-2", "QX-P-3", "QX-P-4"]],
            ["category": "none_available", "details": "No fix is available yet.", "product_ids": ["QX-P-5"]],
        ], "no recommendations: Bolt RTU has no fix and nothing to do")
        #expect(v["scores"]?[0]?["cvss_v3"]?["baseScore"] == 3.4)
        #expect(v["scores"]?[0]?["cvss_v3"]?["baseSeverity"]?.string == "LOW")
    }

    @Test("news without products is csaf_base with no product tree and no vulnerabilities")
    func news() throws {
        let doc = try F.document(F.news, .az)
        #expect(doc.category == .base)
        #expect(doc.content.keys == ["document"])
        let d = try #require(doc.content["document"])
        #expect(d["lang"]?.string == "az")
        #expect(d["title"]?.string == "Fişinq kampaniyası: bankların adından saxta məktublar")
        #expect(d["notes"]?.array?.map { $0["title"]?.string } == ["Xülasə", "Təsvir"])
        #expect(d["distribution"]?["tlp"]?["label"]?.string == "GREEN")
    }

    @Test("a language without text falls back to the other one, revision notes too")
    func fallback() throws {
        let english = try F.document(F.news, .en)
        #expect(english.content["document"]?["title"]?.string == "Fişinq kampaniyası: bankların adından saxta məktublar")
        #expect(english.content["document"]?["lang"]?.string == "en")
        #expect(english.content["document"]?["notes"]?[0]?["title"]?.string == "Summary")
        #expect(english.content["document"]?["tracking"]?["revision_history"]?[0]?["summary"]?.string == "İlk buraxılış")

        let az = try F.document(F.azerbaijani, .az)
        let history = try #require(az.content["document"]?["tracking"]?["revision_history"]?.array)
        #expect(history.map { $0["summary"]?.string } == ["İlk buraxılış", "Fixed version published"],
                "an empty note is the catalog's text; a note only in English is used as it is")
    }

    @Test("fixed versions only: fixed status and a vendor fix, no score")
    func fixedOnly() throws {
        let doc = try F.document(F.azerbaijani, .az)
        #expect(doc.tlpLabel == .red)
        let v = try #require(doc.content["vulnerabilities"]?[0])
        #expect(v["product_status"] == ["fixed": ["QX-P-1"]])
        #expect(v["scores"] == nil)
        #expect(v["remediations"]?[0]?["details"]?.string == "Sistemi 4.2.1 versiyasına yeniləyin və giriş jurnallarını yoxlayın.")
    }

    @Test("a CVE without products, and products without a vulnerability, are csaf_base")
    func baseVariants() throws {
        let cveOnly = try F.document(F.cveOnly)
        #expect(cveOnly.category == .base)
        #expect(cveOnly.content["product_tree"] == nil)
        #expect(cveOnly.content["vulnerabilities"]?.array?.count == 1)
        #expect(cveOnly.content["vulnerabilities"]?[0]?.keys == ["cve", "notes"])

        let productsOnly = try F.document(F.productsOnly)
        #expect(productsOnly.category == .base)
        #expect(productsOnly.content.keys == ["document"], "an unreferenced product tree would fail test 6.2.1")
    }

    @Test("the same advisory gives the same bytes; keys sorted, non-ASCII as is")
    func deterministic() throws {
        let a = try CSAFDocument.json(F.apache, publisher: F.publisher, language: .az, generated: F.generated)
        let b = try CSAFDocument.json(F.apache, publisher: F.publisher, language: .az, generated: F.generated)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"document\": {\n    \"category\": \"csaf_security_advisory\",\n    \"csaf_version\": \"2.0\","))
        #expect(text.contains("sorğu qaçaqmalçılığı"))
        #expect(text.contains("\"baseScore\": 9.8,"))
        #expect(text.hasSuffix("}\n"))

        let compact = try CSAFDocument.json(F.apache, publisher: F.publisher, language: .az, generated: F.generated, pretty: false)
        #expect(!String(decoding: compact, as: UTF8.self).contains("\n"))
        let parsedPretty = try JSONSerialization.jsonObject(with: a) as? NSDictionary
        let parsedCompact = try JSONSerialization.jsonObject(with: compact) as? NSDictionary
        #expect(parsedPretty == parsedCompact)
    }

    @Test("JSON strings escape quotes, backslashes and control characters")
    func escaping() {
        let value: CSAFJSON = ["a\"b": "line\nnext\t\\ \u{01} / ə"]
        #expect(String(decoding: value.data(pretty: false), as: UTF8.self) == #"{"a\"b":"line\nnext\t\\ \u0001 / ə"}"#)
        let keys: CSAFJSON = ["b": 1, "B": 2, "a_b": 3, "ab": 4]
        #expect(String(decoding: keys.data(pretty: false), as: UTF8.self) == #"{"B":2,"a_b":3,"ab":4,"b":1}"#)
    }
}

@Suite("CSAF document failures")
struct CSAFFailureTests {
    typealias F = CSAFFixtures

    private func failure(_ advisory: Advisory, publisher: CSAFPublisher = F.publisher) -> CSAFDocument.Failure? {
        do {
            _ = try CSAFDocument.make(advisory, publisher: publisher, language: .en, generated: F.generated)
            return nil
        } catch {
            return error
        }
    }

    private func changed(_ change: (inout Advisory) -> Void) -> Advisory {
        var a = F.apache
        change(&a)
        return a
    }

    @Test("each refusal has its catalog key and values")
    func refusals() {
        #expect(failure(changed { $0.revisions = [] })?.key == "csaf.error.no_revision")
        #expect(failure(changed { $0.title = [.en: "  ", .az: ""] })?.key == "csaf.error.title")
        #expect(failure(changed { $0.cvssVector = "CVSS:3.1/AV:N/AC:L" })
            == .init(key: "csaf.error.cvss_vector", values: ["vector": "CVSS:3.1/AV:N/AC:L"]))
        #expect(failure(changed { $0.products[0].affected = ["<= "] })
            == .init(key: "csaf.error.version_range", values: ["vendor": "Apache", "product": "HTTP Server", "text": "<= "]))
        #expect(failure(changed { $0.products[0].affected = ["2.4.x"] })
            == .init(key: "csaf.error.version_range", values: ["vendor": "Apache", "product": "HTTP Server", "text": "2.4.x"]))
        #expect(failure(changed { $0.products[0].fixed = ["2.4.57"] })
            == .init(key: "csaf.error.contradicting_status", values: ["vendor": "Apache", "product": "HTTP Server", "version": "2.4.57"]))
        #expect(failure(changed { $0.products[0].vendor = " " })?.key == "csaf.error.product_name")
        #expect(failure(changed { $0.products[0].affected = []; $0.products[0].fixed = [""] })?.key == "csaf.error.product_versions")
        #expect(failure(changed { $0.cves = ["CVE-26-1"] }) == .init(key: "csaf.error.cve", values: ["cve": "CVE-26-1"]))
        #expect(failure(changed { $0.references = [.init(url: "https://example.com/a b")] })?.key == "csaf.error.reference_url")
        #expect(failure(changed { $0.references = [.init(url: "javascript:alert(1)")] })?.key == "csaf.error.reference_url")
        #expect(failure(changed { $0.trackingID = " QX-1" })?.key == "csaf.error.tracking_id")
        #expect(failure(changed { $0.revisions[1].number = 3 })
            == .init(key: "csaf.error.revision_number", values: ["expected": "2", "number": "3"]))
        #expect(failure(changed { $0.revisions[0].number = 0; $0.revisions[1].number = 1 })?.key == "csaf.error.revision_number")
        #expect(failure(changed { $0.revisions[1].date = F.day1.addingTimeInterval(-1) })
            == .init(key: "csaf.error.revision_date", values: ["number": "2"]))

        var publisher = F.publisher
        publisher.namespace = "cert.example.az"
        #expect(failure(F.apache, publisher: publisher)?.key == "csaf.error.publisher_namespace")
        publisher = F.publisher
        publisher.baseURL = "ftp://cert.example.az"
        #expect(failure(F.apache, publisher: publisher)?.key == "csaf.error.base_url")
        publisher = F.publisher
        publisher.name = ""
        #expect(failure(F.apache, publisher: publisher)?.key == "csaf.error.publisher_name")
    }

    @Test("duplicate CVEs and repeated versions are merged, not refused")
    func merges() throws {
        var a = F.apache
        a.cves = ["CVE-2026-10001", "cve-2026-10001 "]
        a.products.append(Advisory.Product(vendor: "Apache", name: "HTTP Server", affected: ["2.4.57"], fixed: ["2.4.59"]))
        let doc = try CSAFDocument.make(a, publisher: F.publisher, language: .en, generated: F.generated)
        #expect(doc.content["vulnerabilities"]?.array?.count == 1)
        let leaves = try #require(doc.content["product_tree"]?["branches"]?[0]?["branches"]?[0]?["branches"]?.array)
        #expect(leaves.map { $0["product"]?["product_id"]?.string } == ["QX-P-1", "QX-P-2", "QX-P-3", "QX-P-4"])
    }

    @Test("URLs are checked as RFC 3986 http(s) URLs")
    func urls() {
        for good in ["https://cert.example.az", "http://127.0.0.1:8080/a?b=c#d", "https://[2001:db8::1]/x",
                     "https://example.com/a%20b", "https://user@example.com/~x/(y)"] {
            #expect(CSAFURL.isWebURL(good), "\(good)")
        }
        for bad in ["", "cert.example.az", "https://", "https:///path", "https://example.com/a b", "https://example.com/%zz",
                    "https://example.com/ə", "https://example.com/a#b#c", "https://exa mple.com", "https://example.com:8a/",
                    "https://example.com/<script>", "mailto:cert@example.az"] {
            #expect(!CSAFURL.isWebURL(bad), "\(bad)")
        }
    }

    @Test("every failure key and label has a message in both languages, with the same placeholders")
    func catalog() throws {
        // The folder that holds this code: Sources/CSAFKit here, QalxanFormats' folder in Qalxan.
        let sources = try #require(FileManager.default.enumerator(at: CSAFTools.root.appendingPathComponent("Sources"),
                                                                  includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == "CSAFDocumentBuilder.swift" }?
            .deletingLastPathComponent())
        var used: Set<String> = []
        let regex = try NSRegularExpression(pattern: #""(csaf\.(?:error|label)\.[a-z_0-9]+)""#)
        for file in try FileManager.default.contentsOfDirectory(at: sources, includingPropertiesForKeys: nil)
        where file.pathExtension == "swift" && file.lastPathComponent != "_Shims.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(used.count >= 25)

        let en = Localizer(.en)
        let az = Localizer(.az)
        let placeholder = try NSRegularExpression(pattern: #"\{[a-z_]+\}"#)
        func names(_ s: String) -> Set<String> {
            Set(placeholder.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range, in: s)!]) })
        }
        for key in used.sorted() {
            #expect(en.has(key) && az.has(key), "\(key) is missing from a catalog")
            #expect(names(en.t(key)) == names(az.t(key)), "\(key): the placeholders differ")
            #expect(en.t(key) != az.t(key), "\(key): not translated")
        }
        // Azerbaijani in Latin script, not an English copy.
        #expect(used.filter { az.t($0).contains(where: { "əğıöüçşƏĞİÖÜÇŞ".contains($0) }) }.count > used.count / 2)
    }
}
