import Foundation
import Testing
@testable import QalxanCore

@Suite("Feedback and bounce reports")
struct MailReportTests {
    @Test func arfFeedbackReport() throws {
        let m = try TestSupport.message("arf.eml")
        let r = try #require(ARFReport.parse(m))
        #expect(r.feedbackType == "abuse")
        #expect(r.userAgent == "SomeGenerator/1.0")
        #expect(r.version == "1")
        #expect(r.sourceIP == "192.0.2.1")
        #expect(r.arrivalDate == Date(timeIntervalSince1970: 1_110_304_800))
        #expect(r.reportedDomains == ["example.net"])
        #expect(r.reportedURIs == ["http://example.net/earn_money.html", "mailto:user@example.com"])
        #expect(r.originalMailFrom == "somespammer@example.net")
        #expect(r.originalRcptTo == ["user@example.com"])
        #expect(r.authenticationResults.first?.contains("spf=fail smtp.mail=somespammer@example.com") == true)
        #expect(r.originalSubject == "Earn money")
        #expect(r.originalFrom.map(\.address) == ["somespammer@example.net"])
        #expect(r.originalMessageID == "8787KJKJ3K4J3K4J3K4J3.mail@example.net")
        #expect(r.humanText.hasPrefix("This is an email abuse report for an email message received from IP\n192.0.2.1"))
        #expect(r.fields.contains(MailHeaderField(name: "Removal-Recipient", value: "user@example.com")))
        #expect(XARFReport.parse(m) == nil)
        #expect(DeliveryStatusReport.parse(m) == nil)
    }

    @Test func xarfPascalCaseReport() throws {
        let m = try TestSupport.message("xarf.eml")
        let r = try #require(XARFReport.parse(m))
        #expect(r.version == "4")
        #expect(r.reportClass == "Activity")
        #expect(r.reportType == "LoginAttack")
        #expect(r.sourceIP == "192.0.2.55")
        #expect(r.sourcePort == 54321)
        #expect(r.destinationIP == "198.51.100.33")
        #expect(r.date == Date(timeIntervalSince1970: 1_770_301_030))
        #expect(r.reporterOrg == "ExampleOrg")
        #expect(r.reporterOrgMail == "reports@example.com")
        #expect(r.reporterContactMail == "contact@example.com")
        #expect(r.raw["Report.Samples[0].Payload"] == "sshd: 123 failed logins ç")
        #expect(r.raw["Report.Samples[0].Base64Encoded"] == "false")
        #expect(r.raw["Disclosure"] == "true")
        #expect(r.raw["Report.DestinationPort"] == "22")
        #expect(r.rsit == ("intrusion-attempts", "brute-force"))
        // The wrapper is also an ARF message with the unofficial "xarf" feedback type.
        #expect(ARFReport.parse(m)?.feedbackType == "xarf")
    }

    @Test func xarfVersion4SnakeCase() throws {
        let r = try #require(XARFReport.parse(try TestSupport.message("xarf-v4.eml")))
        #expect(r.version == "4.0.0")
        #expect(r.reportClass == "connection")
        #expect(r.reportType == "port_scan")
        #expect(r.sourceIP == "203.0.113.7")
        #expect(r.sourcePort == 443)
        #expect(r.destinationIP == "198.51.100.10")
        #expect(r.reporterOrg == "Example Security")
        #expect(r.reporterOrgMail == "reports@security.example")
        #expect(r.reporterContactMail == "noc@security.example")
        #expect(r.raw["reporter.domain"] == "security.example")
        #expect(r.rsit == ("information-gathering", "scanner"))
    }

    @Test func rsitMappingExamples() {
        let cases: [(String, String, String)] = [
            ("Spam", "abusive-content", "spam"), ("LoginAttack", "intrusion-attempts", "brute-force"),
            ("PortScan", "information-gathering", "scanner"), ("Ddos", "availability", "ddos"),
            ("Phishing", "fraud", "phishing"), ("Malware", "malicious-code", "infected-system"),
            ("Botnet", "malicious-code", "infected-system"), ("Copyright", "fraud", "copyright"),
            ("VulnerableService", "vulnerable", "vulnerable-system"), ("OpenService", "vulnerable", "vulnerable-system"),
            ("login_attack", "intrusion-attempts", "brute-force"), ("Trademark", "other", "other"), ("", "other", "other"),
        ]
        for (type, cls, id) in cases {
            #expect(XARFReport.rsit(forReportType: type) == (cls, id), "\(type)")
        }
    }

    @Test func rsitPairsExistInTaxonomy() throws {
        let dir = try #require(TestSupport.sharedDataDirectory, "shared/data not found")
        let data = try Data(contentsOf: dir.appendingPathComponent("rsit/machinetag.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let values = try #require(root["values"] as? [[String: Any]])
        var known = Set<String>()
        for group in values {
            guard let predicate = group["predicate"] as? String, let entries = group["entry"] as? [[String: Any]] else { continue }
            for entry in entries { if let v = entry["value"] as? String { known.insert("\(predicate)/\(v)") } }
        }
        #expect(known.contains("other/other"))
        for pair in XARFReport.rsitPairs {
            #expect(known.contains("\(pair.classification)/\(pair.type)"), "\(pair.classification)/\(pair.type)")
        }
    }

    @Test func deliveryStatusNotification() throws {
        let m = try TestSupport.message("dsn.eml")
        let r = try #require(DeliveryStatusReport.parse(m))
        #expect(r.reportingMTA == "mx.partner.example")
        #expect(r.originalEnvelopeID == "QX-2026-00042-1")
        #expect(r.arrivalDate == Date(timeIntervalSince1970: 1_770_027_598))
        #expect(r.recipients.count == 2)
        let first = try #require(r.recipients.first)
        #expect(first.finalRecipient == "nobody@partner.example")
        #expect(first.originalRecipient == "nobody@partner.example")
        #expect(first.action == "failed")
        #expect(first.status == "5.1.1")
        #expect(first.isPermanent)
        #expect(first.diagnosticCode == "550 5.1.1 <nobody@partner.example>... User unknown")
        #expect(first.remoteMTA == "mail.partner.example")
        #expect(first.lastAttemptDate != nil)
        #expect(r.recipients[1].action == "delayed")
        #expect(r.recipients[1].status == "4.4.7")
        #expect(r.isFailure)
        #expect(r.permanent)
        #expect(r.originalMessageID == "d8f2a9c0e1@cert.example")
        #expect(r.originalSubject == "[QX-2026-00042] TLP:AMBER Phishing")
        #expect(r.humanText.contains("had delivery problems"))
        let envelopeTo = try #require(m.to.first)
        #expect(VERP.decode(envelopeTo.address, bounceAddress: "bounces@cert.example") == "d8f2a9c0e1")
        #expect(ARFReport.parse(m) == nil)
        #expect(XARFReport.parse(m) == nil)
    }

    @Test func verp() {
        #expect(VERP.encode(token: "d8f2-a_9", bounceAddress: "bounces@cert.example") == "bounces+d8f2-a_9@cert.example")
        #expect(VERP.decode("bounces+d8f2-a_9@cert.example", bounceAddress: "bounces@cert.example") == "d8f2-a_9")
        #expect(VERP.decode("<Bounces+Tok@CERT.Example>", bounceAddress: "bounces@cert.example") == "Tok")
        #expect(VERP.decode("bounces@cert.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("bounces+@cert.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("bounces+tok@other.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("xbounces+tok@cert.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("bounces+to.k@cert.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("bounces+\(String(repeating: "a", count: 65))@cert.example", bounceAddress: "bounces@cert.example") == nil)
        #expect(VERP.decode("bounces+\(String(repeating: "a", count: 64))@cert.example", bounceAddress: "bounces@cert.example")?.count == 64)
        #expect(VERP.decode("garbage", bounceAddress: "bounces@cert.example") == nil)
    }

    @Test func mailTag() {
        #expect(MailTag.find(in: "Re: [QX-2026-00042] TLP:AMBER Phishing", prefix: "QX") == "QX-2026-00042")
        #expect(MailTag.find(in: "AW: [qx-2026-1234567] x", prefix: "QX") == "QX-2026-1234567")
        #expect(MailTag.find(in: "[CERT-AZ-2025-00001] and [CERT-AZ-2025-00002]", prefix: "cert-az") == "CERT-AZ-2025-00001")
        #expect(MailTag.find(in: "[QX-2026-0042] short", prefix: "QX") == nil)
        #expect(MailTag.find(in: "[QX-26-00042] year", prefix: "QX") == nil)
        #expect(MailTag.find(in: "QX-2026-00042 no brackets", prefix: "QX") == nil)
        #expect(MailTag.find(in: "[QX-2026-00042 unterminated", prefix: "QX") == nil)
        #expect(MailTag.find(in: "[XQX-2026-00042] [QX-2026-00043]", prefix: "QX") == "QX-2026-00043")
        #expect(MailTag.find(in: "[", prefix: "QX") == nil)
        #expect(MailTag.find(in: "[QX-2026-00042]", prefix: "") == nil)
    }
}
