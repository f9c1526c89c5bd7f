import Testing
import QalxanCore

/// Domain normalisation. The `xn--` forms were computed independently with Python's
/// `idna` package (IDNA 2008 with UTS 46 mapping), e.g. `idna.encode('ŞƏKİ.AZ', uts46=True)`.
@Suite struct DomainNameTests {
    @Test(arguments: [
        ("Bakı.az", "xn--bak-lua.az"),
        ("bakı.az", "xn--bak-lua.az"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("MÜNCHEN.DE", "xn--mnchen-3ya.de"),
        ("mu\u{0308}nchen.de", "xn--mnchen-3ya.de"),          // decomposed ü: NFC first
        ("ÇƏKİ.AZ", "xn--ki-3ia49l6ya.az"),                   // İ → i + U+0307, as UTS 46
        ("çəki\u{0307}.az", "xn--ki-3ia49l6ya.az"),
        ("ŞƏKİ.AZ", "xn--ki-eta41h6y.az"),
        ("GÖMRÜK.GOV.AZ", "xn--gmrk-5qa2b.gov.az"),
        ("Azərbaycan.az", "xn--azrbaycan-h4d.az"),
        ("xəbərlər.az", "xn--xbrlr-elcbc.az"),
        ("EXAMPLE.AZ.", "example.az"),
        ("  Example.Az \n", "example.az"),
        ("bakı。az", "xn--bak-lua.az"),                       // U+3002
        ("example．az", "example.az"),                         // U+FF0E
        ("example｡az．", "example.az"),                        // U+FF61, and a trailing U+FF0E
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("XN--MNCHEN-3YA.DE", "xn--mnchen-3ya.de"),
        ("_dmarc.example.az", "_dmarc.example.az"),
        ("_sip._tcp.example.az", "_sip._tcp.example.az"),
        ("a-b--c.example.az", "a-b--c.example.az"),
        ("1.2.3.example.az", "1.2.3.example.az"),
        ("www.gov.az", "www.gov.az"),
    ])
    func normalises(_ input: String, _ expected: String) {
        #expect(DomainName.normalise(input) == expected)
    }

    @Test(arguments: [
        "", "   ", ".", "..", "az", "az.",
        "-a.az", "a-.az", "a..az", ".example.az", "example.az..",
        "1.2.3.4", "192.168.0.1.", "example.123", "example.a",
        "exa mple.az", "ex!ample.az", "exam_ple.az", "example._az", "example.a1",
        String(repeating: "a", count: 64) + ".az",
        "xn--zzzz-.az",      // trailing hyphen, and not an A-label anyway
        "xn--zzzz.az",       // decodes to ASCII: no A-label encodes plain ASCII
        "xn--a.az",          // decodes to U+0080, a control character
        "xn--ls8h.az",       // decodes to an emoji
        "xn--.az",
        "xn--99999999999999.az",
        "xn--MNCHEN-3YA-.de",
        "xn--munchen-gie.de",  // decodes to "münchen" in NFD: not what NFC would encode
        "xn--lja.az",          // ǆ, which NFKC changes (IDNA 2008 disallows it)
        "xn--kha.az",          // long s
        "xn--mi7chab1aes7c.az", // fullwidth "ｅｘａｍｐｌｅ"
        "ｅｘａｍｐｌｅ.az", "ǅ.az", "ſ.az", "µ.az", "ﬁle.az",
        "bad😀.az", "münchen\u{200D}.de", "a\u{202E}b.az", "\u{0301}a.az",
        "example.az:443", "user@example.az", "http://example.az",
    ])
    func refuses(_ input: String) {
        #expect(DomainName.normalise(input) == nil, "accepted \(input)")
    }

    @Test func limitsLabelAndNameLength() {
        let label63 = String(repeating: "a", count: 63)
        #expect(DomainName.normalise(label63 + ".az") == label63 + ".az")
        // 3 × 63 + 61 + 3 dots = 253 octets: the longest name; one more is too long.
        let longest = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(longest.utf8.count == 253)
        #expect(DomainName.normalise(longest + ".") != nil)
        let name = longest.dropLast(2) + "az"
        #expect(DomainName.normalise(String(name)) == String(name))
        #expect(DomainName.normalise("c" + longest) == nil)
        // The limit applies after encoding: 59 × 'ü' fits no 63-octet A-label.
        #expect(DomainName.normalise(String(repeating: "ü", count: 59) + ".az") == nil)
        #expect(DomainName.normalise(String(repeating: "ü", count: 10) + ".az") != nil)
        #expect(DomainName.normalise(String(repeating: "a.", count: 100_000) + "az") == nil)
    }

    @Test(arguments: [
        ("xn--bak-lua.az", "bakı.az"),
        ("xn--ki-3ia49l6ya.az", "çəki\u{0307}.az"),
        ("XN--MNCHEN-3YA.DE", "münchen.DE"),
        ("www.xn--gmrk-5qa2b.gov.az", "www.gömrük.gov.az"),
        ("example.az", "example.az"),
        ("xn--zzzz.az", "xn--zzzz.az"),               // not an A-label: shown as is
        ("xn--ls8h.az", "xn--ls8h.az"),               // decodes to something refused
        ("xn--a.az", "xn--a.az"),
        ("", ""),
    ])
    func showsALabelsInUnicode(_ ascii: String, _ expected: String) {
        #expect(DomainName.unicode(ascii) == expected)
    }

    @Test func roundTripsThroughUnicode() {
        for name in ["bakı.az", "gömrük.gov.az", "xəbərlər.az", "şəki.az", "ünvan.az"] {
            let ascii = DomainName.normalise(name)
            #expect(ascii.map(DomainName.unicode) == name)
        }
    }
}
