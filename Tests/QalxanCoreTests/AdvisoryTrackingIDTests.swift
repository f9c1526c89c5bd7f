import Foundation
import Testing
@testable import QalxanCore

@Suite("Advisory tracking identifiers")
struct AdvisoryTrackingIDTests {
    @Test("Year and zero-padded sequence")
    func padded() {
        #expect(AdvisoryTrackingID.make(pattern: "QX-SA-{year}-{seq:4}", year: 2026, sequence: 7) == "QX-SA-2026-0007")
        #expect(AdvisoryTrackingID.make(pattern: "QX-SA-{year}-{seq:4}", year: 2026, sequence: 12345) == "QX-SA-2026-12345")
        #expect(AdvisoryTrackingID.make(pattern: "{seq:1}", year: 2026, sequence: 0) == "0")
    }

    @Test("Unpadded sequence, no year, year twice")
    func plain() {
        #expect(AdvisoryTrackingID.make(pattern: "az-cert_{year}.{seq}", year: 2026, sequence: 42) == "az-cert_2026.42")
        #expect(AdvisoryTrackingID.make(pattern: "ADV{seq:3}", year: 2026, sequence: 5) == "ADV005")
        #expect(AdvisoryTrackingID.make(pattern: "{year}/{year}-{seq}", year: 2026, sequence: 1) == "2026/2026-1")
    }

    @Test("Unknown placeholders and stray braces are left as written")
    func unknown() {
        #expect(AdvisoryTrackingID.make(pattern: "X-{month}-{seq}", year: 2026, sequence: 3) == "X-{month}-3")
        #expect(AdvisoryTrackingID.make(pattern: "X-{seq:x}-{seq", year: 2026, sequence: 3) == "X-{seq:x}-{seq")
        #expect(AdvisoryTrackingID.make(pattern: "X}-{seq}", year: 2026, sequence: 3) == "X}-3")
    }

    @Test("Valid patterns", arguments: ["QX-SA-{year}-{seq:4}", "{seq}", "AZ.CERT_{year}_{seq:6}", "adv-{seq:18}"])
    func valid(_ pattern: String) {
        #expect(AdvisoryTrackingID.validPattern(pattern))
    }

    @Test(
        "Invalid patterns: no or two sequences, unknown placeholders, characters unfit for a file name",
        arguments: [
            "", "QX-SA-{year}", "{seq}-{seq:4}", "{seq", "{seq:}", "{seq:0}", "{seq:19}", "{seq:+4}", "{seqx}",
            "QX SA-{seq}", "QX/SA-{seq}", "QX:{seq}", "QX-{month}-{seq}", "Qəlxan-{seq}", "{seq}.json?", "{{seq}}",
        ])
    func invalid(_ pattern: String) {
        #expect(!AdvisoryTrackingID.validPattern(pattern))
    }
}
