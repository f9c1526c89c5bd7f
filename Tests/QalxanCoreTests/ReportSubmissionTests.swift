import Foundation
import Testing
@testable import QalxanCore

@Suite struct ReportSubmissionTests {
    /// 2026-11-23T12:00:00Z, the "now" of every validation here.
    private let now = Date(timeIntervalSince1970: 1_795_435_200)

    /// A complete, valid submission to vary one field at a time.
    private var valid: ReportSubmission {
        ReportSubmission(
            reporterName: "Aysel Məmmədova", reporterEmail: "aysel@example.az", reporterPhone: "+994 12 345 67 89",
            reporterOrganisation: "Nümunə ASC", category: "fraud/phishing", occurredAt: "2026-11-22T09:30",
            description: "Phishing e-mails pretending to be the bank.", affectedSystems: "203.0.113.5\nbank-login.example",
            tlp: "TLP:AMBER", language: .az)
    }

    @Test func aCompleteSubmissionIsValid() {
        #expect(valid.validate(now: now) == [:])
        #expect(valid.cleaned().validate(now: now) == [:])
    }

    @Test func anAnonymousSubmissionWithOnlyADescriptionIsValid() {
        let s = ReportSubmission(description: "Someone scans our network.")
        #expect(s.validate(now: now) == [:])
        #expect(s.cleaned().validate(now: now) == [:])
        #expect(s.category == "unknown")
        #expect(s.classification == nil)
        #expect(s.tlpLabel == .amber)
        #expect(s.occurredDate == nil)
        #expect(s.affectedList == [])
        #expect(s.language == .az)
    }

    @Test func missingDescriptionIsRequired() {
        var s = valid
        s.description = ""
        #expect(s.validate(now: now) == ["description": "error.required"])
        // Blank text is missing text once the submission is cleaned.
        s.description = "  \n\t \u{0} "
        #expect(s.cleaned().validate(now: now) == ["description": "error.required"])
    }

    @Test(arguments: ["not-an-address", "a@b", "@example.az", "a b@example.az", "<a@example.az>", "a@@example.az"])
    func badEmailIsReported(email: String) {
        var s = valid
        s.reporterEmail = email
        #expect(s.validate(now: now) == ["email": "error.email"])
    }

    @Test(arguments: ["12", "call me", "+994 12 345 67 89 ext. 5", String(repeating: "1", count: 21)])
    func badPhoneIsReported(phone: String) {
        var s = valid
        s.reporterPhone = phone
        #expect(s.validate(now: now) == ["phone": "error.phone"])
    }

    @Test(arguments: ["fraud/scanner", "nope", "fraud", "", "Fraud/phishing", "fraud/phishing/x"])
    func categoryMustBeAnRSITClassAndTypeOrUnknown(category: String) {
        var s = valid
        s.category = category
        #expect(s.validate(now: now) == ["category": "error.category"])
    }

    @Test func unknownCategoryIsAccepted() {
        var s = valid
        s.category = "unknown"
        #expect(s.validate(now: now) == [:])
        #expect(s.classification == nil)
        s.category = "intrusions/burglary"
        #expect(s.validate(now: now) == [:])
        #expect(s.classification == Classification(className: "intrusions", type: "burglary"))
    }

    @Test func aDateInTheFutureIsRefused() {
        var s = valid
        s.occurredAt = "2026-11-25T12:00"       // two days after now
        #expect(s.validate(now: now) == ["occurred_at": "error.date_future"])
        s.occurredAt = "2027-01-01"
        #expect(s.validate(now: now) == ["occurred_at": "error.date_future"])
    }

    @Test func aDayOfToleranceIsGivenForClocksAndTimeZones() {
        var s = valid
        s.occurredAt = "2026-11-24T11:59"       // just under a day ahead
        #expect(s.validate(now: now) == [:])
        s.occurredAt = "2026-11-24T12:00"       // exactly a day ahead
        #expect(s.validate(now: now) == [:])
        s.occurredAt = "2026-11-24T12:01"       // just over
        #expect(s.validate(now: now) == ["occurred_at": "error.date_future"])
        // Local time in Baku, 4 hours ahead of UTC, is still the same instant.
        s.occurredAt = "2026-11-24T16:00:00+04:00"
        #expect(s.validate(now: now) == [:])
    }

    @Test(arguments: ["yesterday", "2026-02-30", "23.11.2026", "2026-11-23T25:00"])
    func anUnreadableDateIsReported(date: String) {
        var s = valid
        s.occurredAt = date
        #expect(s.validate(now: now) == ["occurred_at": "error.date"])
        #expect(s.occurredDate == nil)
    }

    @Test func nameLimit() {
        var s = valid
        s.reporterName = String(repeating: "ə", count: ReportSubmission.Limit.name)
        #expect(s.validate(now: now) == [:])
        s.reporterName += "x"
        #expect(s.validate(now: now) == ["name": "error.too_long"])
    }

    @Test func organisationLimit() {
        var s = valid
        s.reporterOrganisation = String(repeating: "o", count: ReportSubmission.Limit.organisation + 1)
        #expect(s.validate(now: now) == ["organisation": "error.too_long"])
    }

    @Test func affectedSystemsLimits() {
        var s = valid
        s.affectedSystems = (1...ReportSubmission.Limit.affectedItems).map { "host\($0).example" }.joined(separator: "\n")
        #expect(s.validate(now: now) == [:])
        s.affectedSystems += "\nonemore.example"
        #expect(s.validate(now: now) == ["affected": "error.too_long"])
        s.affectedSystems = String(repeating: "a", count: ReportSubmission.Limit.affectedSystems + 1)
        #expect(s.validate(now: now) == ["affected": "error.too_long"])
    }

    @Test(arguments: ["TLP:PURPLE", "", "secret", "PAP:RED"])
    func badTLPIsReported(tlp: String) {
        var s = valid
        s.tlp = tlp
        #expect(s.validate(now: now) == ["tlp": "error.tlp"])
        #expect(s.tlpLabel == .amber)
    }

    @Test(arguments: [("red", TLP.red), ("TLP:CLEAR", .clear), ("white", .clear), ("amber-strict", .amberStrict)])
    func tlpInAnySpellingIsAccepted(tlp: String, expected: TLP) {
        var s = valid
        s.tlp = tlp
        #expect(s.validate(now: now) == [:])
        #expect(s.tlpLabel == expected)
    }

    @Test func everyBadFieldIsReportedAtOnce() {
        let s = ReportSubmission(
            reporterName: String(repeating: "n", count: 201), reporterEmail: "x", reporterPhone: "y",
            category: "nope", occurredAt: "never", description: "", tlp: "blue")
        #expect(s.validate(now: now) == [
            "name": "error.too_long", "email": "error.email", "phone": "error.phone", "category": "error.category",
            "occurred_at": "error.date", "description": "error.required", "tlp": "error.tlp",
        ])
    }

    @Test func cleanedStripsControlCharactersButKeepsTabsAndNewlines() {
        let s = ReportSubmission(
            reporterName: "  Aysel\u{0}\u{1B}[31m Məmmədova \u{7F}", reporterEmail: " aysel@example.az\u{0} ",
            reporterPhone: "\t+994 12 345 67 89\n", reporterOrganisation: "Nümunə\u{85} ASC",
            category: " fraud/phishing\u{0}", occurredAt: " 2026-11-22T09:30 ",
            description: "\n  Line one\u{0}\n\tindented\u{7}\r\nthird\u{9F}  \n",
            affectedSystems: "\u{0}203.0.113.5\n\nbank-login.example\u{8}\n", tlp: " TLP:RED\u{0} ")
        let c = s.cleaned()
        #expect(c.reporterName == "Aysel[31m Məmmədova")
        #expect(c.reporterEmail == "aysel@example.az")
        #expect(c.reporterPhone == "+994 12 345 67 89")
        #expect(c.reporterOrganisation == "Nümunə ASC")
        #expect(c.category == "fraud/phishing")
        #expect(c.occurredAt == "2026-11-22T09:30")
        #expect(c.description == "Line one\n\tindented\r\nthird")
        #expect(c.affectedSystems == "203.0.113.5\n\nbank-login.example")
        #expect(c.tlp == "TLP:RED")
        #expect(c.language == s.language)
        #expect(c.validate(now: now) == [:])
        // Nothing that PostgreSQL refuses or a terminal misreads is left anywhere.
        for field in [c.reporterName, c.reporterEmail, c.reporterPhone, c.reporterOrganisation, c.category,
                      c.occurredAt, c.description, c.affectedSystems, c.tlp] {
            #expect(!field.unicodeScalars.contains { ($0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value))
                || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test func cleanedKeepsOrdinaryTextAsTyped() {
        // Escaping is the renderer's job: markup and quotes are stored as typed.
        let text = "<script>alert(\"x\")</script> & 'ş' — ✓ \u{1F6E1}"
        let c = ReportSubmission(reporterName: text, description: text).cleaned()
        #expect(c.reporterName == text)
        #expect(c.description == text)
        #expect(c == c.cleaned(), "cleaning is idempotent")
    }

    @Test func affectedListSplitsLinesAndDropsBlankOnes() {
        let s = ReportSubmission(affectedSystems: "203.0.113.5\n\n  bank-login.example  \r\nhttps://x.example/a b\r\n   \n\tAS64500\u{2028}10.0.0.0/8")
        #expect(s.affectedList == ["203.0.113.5", "bank-login.example", "https://x.example/a b", "AS64500", "10.0.0.0/8"])
        #expect(ReportSubmission(affectedSystems: "\n\n  \n").affectedList == [])
    }

    @Test func parsedValues() {
        #expect(valid.classification == Classification(path: "fraud/phishing"))
        #expect(valid.occurredDate == Date(timeIntervalSince1970: 1_795_339_800))  // 2026-11-22T09:30Z
        #expect(valid.affectedList == ["203.0.113.5", "bank-login.example"])
    }
}
