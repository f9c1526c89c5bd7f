import Foundation
import Testing
@testable import QalxanCore

/// Cleaning and wrapping of plain text: the rules every signed text follows.
@Suite struct PlainTextTests {
    @Test func cleanMakesOneNormalForm() {
        // Arrange: CRLF, CR, a tab, trailing spaces, control characters, a BOM, a bidi
        // override and a decomposed ö.
        let input = "\u{FEFF}a\r\nb\rc\tx  \nd\u{0}e\u{1B}[31m\u{202E}f\u{2028}go\u{308}"

        // Act
        let clean = PlainText.clean(input)

        // Assert
        #expect(clean == "a\nb\nc   x\nde[31mf\ngö")
        #expect(clean.unicodeScalars.elementsEqual(clean.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func tabsExpandToStopsOfFour() {
        #expect(PlainText.clean("\tx\ty") == "    x   y")
        #expect(PlainText.clean("ab\tc") == "ab  c")
    }

    @Test func singleLineJoinsLines() {
        #expect(PlainText.singleLine("  a\n b\r\n\tc  ") == "a b c")
    }

    @Test func shortLinesStayAsTheyAre() {
        let text = "Qalxan CERT\n  İstiqlaliyyət küçəsi 1\n\nBakı   AZ1001"
        #expect(PlainText.wrap(text) == ["Qalxan CERT", "  İstiqlaliyyət küçəsi 1", "", "Bakı   AZ1001"])
    }

    @Test func longLinesBreakAtSpacesWithinTheWidth() {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let lines = PlainText.wrap(words, width: 30)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.joined(separator: " ") == words)
    }

    @Test func aWordLongerThanTheWidthIsNeverBroken() {
        let url = "https://cert.example.org/" + String(repeating: "a", count: 80) + "/key.asc"
        let mail = "incident-response-team-duty-officer@very-long-subdomain.cert.example.org"
        let lines = PlainText.wrap("See \(url) or write to \(mail) today.", width: 40)
        #expect(lines.contains(url))
        #expect(lines.contains { $0.split(separator: " ").contains(Substring(mail)) })
        // Only a line holding nothing but the long word may be longer than the width.
        for line in lines where line.count > 40 {
            #expect(!line.trimmingCharacters(in: .whitespaces).contains(" "), "\(line)")
        }
    }

    @Test func listLinesContinueUnderTheirText() {
        let text = "- critical: we answer within one hour around the clock\n  * low: as time allows, which may be a while\n12. numbered items hang too when long enough"
        let lines = PlainText.wrap(text, width: 24)
        #expect(lines == [
            "- critical: we answer",
            "  within one hour around",
            "  the clock",
            "  * low: as time allows,",
            "    which may be a while",
            "12. numbered items hang",
            "    too when long enough",
        ])
    }

    @Test func indentedLinesKeepTheirIndentation() {
        let lines = PlainText.wrap("    Fingerprint of the team key in groups of four", width: 24)
        #expect(lines == ["    Fingerprint of the", "    team key in groups", "    of four"])
    }

    @Test func widthCountsLettersNotBytes() {
        // 72 Azerbaijani letters with two bytes each in UTF-8 fit on one line.
        let line = String(repeating: "ə", count: 36) + " " + String(repeating: "ş", count: 35)
        #expect(line.count == 72)
        #expect(PlainText.wrap(line) == [line])
    }
}
