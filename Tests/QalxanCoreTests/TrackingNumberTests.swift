import Testing
@testable import QalxanCore

@Suite struct TrackingNumberTests {
    @Test(arguments: [
        (42, "QX-2026-00042"),
        (1, "QX-2026-00001"),
        (9999, "QX-2026-09999"),
        (99999, "QX-2026-99999"),
        (123456, "QX-2026-123456"),
        (100000000, "QX-2026-100000000"),
    ])
    func formatsWithZeroPaddingToFiveDigits(sequence: Int, expected: String) {
        let n = TrackingNumber(prefix: "QX", year: 2026, sequence: sequence)
        #expect(n.description == expected)
        #expect("\(n)" == expected)
    }

    @Test func formatsADashedPrefix() {
        #expect(TrackingNumber(prefix: "CERT-AZ", year: 2027, sequence: 7).description == "CERT-AZ-2027-00007")
    }

    @Test func parsesWhatItWrites() throws {
        for prefix in ["QX", "CERT-AZ", "AZ-CERT-2", "Q"] {
            for sequence in [1, 9, 42, 9999, 10000, 99999, 100000, 123456, 999_999_999] {
                let n = TrackingNumber(prefix: prefix, year: 2026, sequence: sequence)
                let parsed = try #require(TrackingNumber(parsing: n.description), "\(n) does not parse")
                #expect(parsed == n)
                #expect(parsed.description == n.description)
            }
        }
    }

    @Test(arguments: [
        ("QX-2026-00042", "QX", 2026, 42),
        ("[QX-2026-00042]", "QX", 2026, 42),
        ("  [QX-2026-00042]\n", "QX", 2026, 42),
        ("qx-2026-00042", "QX", 2026, 42),
        ("QX-2026-42", "QX", 2026, 42),
        ("QX-2026-123456", "QX", 2026, 123456),
        ("CERT-AZ-2026-00001", "CERT-AZ", 2026, 1),
        ("cert-az-2026-00001", "CERT-AZ", 2026, 1),
        ("A-B-C-1999-00005", "A-B-C", 1999, 5),
    ])
    func parses(text: String, prefix: String, year: Int, sequence: Int) throws {
        let n = try #require(TrackingNumber(parsing: text))
        #expect(n.prefix == prefix)
        #expect(n.year == year)
        #expect(n.sequence == sequence)
    }

    @Test(arguments: [
        "", " ", "[]", "QX", "QX-2026", "2026-00042",
        "QX-26-1", "QX-02026-1", "QX-2026-0", "QX-2026-00000", "QX-2026-abc", "QX-2026-",
        "QX-abcd-00001", "QX-2026-1234567890",
        "<script>-2026-00001", "Q X-2026-00001", "1QX-2026-00001", "ÇX-2026-00001",
        "QX_2026_00042", "QX 2026 00042", "[QX-2026-00042", "QX-2026-00042]",
        // Signs are not digits: these must not turn into year 202 or sequence 42.
        "QX-+202-00001", "QX-2026-+42", "QX-2026-+0042",
        // Empty parts between the dashes are not part of any number Qalxan writes.
        "QX-2026-00042-", "-2026-00042", "QX-2026--00042",
        "ABCDEFGHIJKLMNOPQ-2026-00001",
    ])
    func rejectsWhatIsNotATrackingNumber(text: String) {
        #expect(TrackingNumber(parsing: text) == nil, "\(text) was accepted")
    }

    @Test(arguments: [
        ("QX", true), ("CERT-AZ", true), ("A", true), ("QX2", true), ("AZ-CERT-2", true),
        ("ABCDEFGHIJKLMNOP", true),      // 16
        ("ABCDEFGHIJKLMNOPQ", false),    // 17
        ("", false), ("1QX", false), ("-QX", false), ("QX_1", false), ("Q X", false), ("QX.", false),
        ("ÇX", false), ("QÇ", false), ("<script>", false), ("QX/", false), ("Ｑ", false),
    ])
    func validatesPrefixes(prefix: String, valid: Bool) {
        #expect(TrackingNumber.isValidPrefix(prefix) == valid)
    }
}
