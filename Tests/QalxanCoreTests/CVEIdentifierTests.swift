import Foundation
import Testing
@testable import QalxanCore

@Suite("CVE identifiers")
struct CVEIdentifierTests {
    @Test("Valid identifiers come back upper-case and trimmed")
    func normalises() {
        #expect(CVEIdentifier.normalise("CVE-2021-44228") == "CVE-2021-44228")
        #expect(CVEIdentifier.normalise("  cve-2021-44228\n") == "CVE-2021-44228")
        #expect(CVEIdentifier.normalise("Cve-1999-0001") == "CVE-1999-0001")
        #expect(CVEIdentifier.normalise("CVE-2024-1234567") == "CVE-2024-1234567")
    }

    @Test(
        "Anything else is not an identifier",
        arguments: [
            "", "CVE", "CVE-2021", "CVE-2021-", "CVE-2021-123", "CVE-1998-0001", "CVE-21-44228",
            "CVE-02021-44228", "CVE-2021-44228-1", "CVE 2021 44228", "CVE-2021-4422A", "CAN-2021-44228",
            "xCVE-2021-44228", "CVE-2021-44228x", "CVE–2021–44228", "CVE-２０２１-44228", "CVE-2021-٤٤٢٢٨",
            "CVE-2021- 44228",
        ])
    func rejects(_ text: String) {
        #expect(CVEIdentifier.normalise(text) == nil)
    }

    @Test("A list separated by commas, spaces and line breaks, without repeats, in order")
    func list() throws {
        let ids = try CVEIdentifier.parseList("CVE-2021-44228, cve-2021-45046\nCVE-2021-44228,CVE-2022-22965\t  \r\ncve-2021-45046,")

        #expect(ids == ["CVE-2021-44228", "CVE-2021-45046", "CVE-2022-22965"])
    }

    @Test("An empty list is empty")
    func emptyList() throws {
        #expect(try CVEIdentifier.parseList("").isEmpty)
        #expect(try CVEIdentifier.parseList(" ,\n, ").isEmpty)
    }

    @Test("The first bad word fails the list")
    func badWord() {
        #expect(throws: CVEIdentifier.Failure(key: "advisory.cve.invalid", values: ["value": "CVE-21-1"])) {
            try CVEIdentifier.parseList("CVE-2021-44228, CVE-21-1, nonsense")
        }
        #expect(throws: CVEIdentifier.Failure(key: "advisory.cve.invalid", values: ["value": "CVE-2021-44228;CVE-2021-45046"])) {
            try CVEIdentifier.parseList("CVE-2021-44228;CVE-2021-45046")
        }
    }
}
