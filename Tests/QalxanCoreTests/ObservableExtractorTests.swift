import Foundation
import Testing
import QalxanCore

@Suite struct ObservableExtractorTests {
    static func texts(_ text: String, limit: Int = 10_000) -> [String] {
        ObservableExtractor.extract(from: text, limit: limit).map { "\($0.kind) \($0.text)" }
    }

    static let report = """
        Subject: [CERT-AZ] Phishing campaign against bakı.az users (TLP:AMBER)

        Dear colleagues,

        On 2026-11-23 14:05 we saw phishing mail from admin@Evil-Example.COM and
        support[at]phish[.]example[.]net sent to staff of gömrük.gov.az. The links pointed to
        hxxps://login-bank[.]example[.]org/secure/verify.php?id=42 and (http://evil.example/a).
        The payload invoice.pdf (setup.exe inside) is fetched from hxxp://198.51.100.23:8080/x.bin.
        C2: 203.0.113.5, 203.0.113.5 again, 2001:db8::dead:beef and the range 198.51.100.0/24;
        also 2001:DB8:1::/48. The mapped address ::ffff:192.0.2.1 appears in the logs.
        Scanner: 198.51.100[.]77 at 12:30:45 from 00:1a:2b:3c:4d:5e (std::vector in the agent).
        Hosting: AS64500 and as64501; see AS29049.
        Software: Apache 2.4.58, agent v1.2.3.4.5, build 1.2.3.4.5, config.json, README.md, run.sh.

        Hörmətli həmkarlar, bakı.az saytına hücum 192.0.2.44 ünvanından edilib.
        Ətraflı məlumat: https://cert.gov.az/xəbərlər/123. Əlaqə: info@cert.gov.az, CERT-AZ.
        """

    @Test func findsEveryKindInAReport() {
        #expect(Self.texts(Self.report) == [
            "domain xn--bak-lua.az",
            "email admin@evil-example.com",
            "domain evil-example.com",
            "email support@phish.example.net",
            "domain phish.example.net",
            "domain xn--gmrk-5qa2b.gov.az",
            "url https://login-bank.example.org/secure/verify.php?id=42",
            "domain login-bank.example.org",
            "url http://evil.example/a",
            "domain evil.example",
            "url http://198.51.100.23:8080/x.bin",
            "ip 198.51.100.23",
            "ip 203.0.113.5",
            "ip 2001:db8::dead:beef",
            "prefix 198.51.100.0/24",
            "prefix 2001:db8:1::/48",
            "ip ::ffff:192.0.2.1",
            "ip 198.51.100.77",
            "asn AS64500",
            "asn AS64501",
            "asn AS29049",
            "ip 192.0.2.44",
            "url https://cert.gov.az/xəbərlər/123",
            "domain cert.gov.az",
            "email info@cert.gov.az",
        ])
    }

    @Test func keepsTheParsedValues() {
        let found = ObservableExtractor.extract(from: "10.1.2.3/8 2001:db8::1 AS29049 user@Example.AZ")
        #expect(found == [
            .prefix(IPPrefix("10.0.0.0/8")!),
            .ip(IPAddress("2001:db8::1")!),
            .asn(29049),
            .email("user@example.az"),
            .domain("example.az"),
        ])
    }

    // MARK: URLs

    @Test(arguments: [
        ("see http://example.az/path).", ["url http://example.az/path", "domain example.az"]),
        ("(http://evil.example/a)", ["url http://evil.example/a", "domain evil.example"]),
        ("[here](https://evil.example/a?b=c)", ["url https://evil.example/a?b=c", "domain evil.example"]),
        ("<http://example.az/>", ["url http://example.az/", "domain example.az"]),
        ("'http://example.az/x'", ["url http://example.az/x", "domain example.az"]),
        ("\"http://example.az/x\",", ["url http://example.az/x", "domain example.az"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar)!", ["url https://en.wikipedia.org/wiki/Foo_(bar)", "domain en.wikipedia.org"]),
        ("http://1.2.3.4/x", ["url http://1.2.3.4/x", "ip 1.2.3.4"]),
        ("http://[2001:db8::1]:8443/admin", ["url http://[2001:db8::1]:8443/admin", "ip 2001:db8::1"]),
        ("HTTP://Example.AZ/A", ["url http://Example.AZ/A", "domain example.az"]),
        ("hXXps[://]evil[.]example[.]com/x", ["url https://evil.example.com/x", "domain evil.example.com"]),
        ("hxxp[:]//evil(.)example{.}com", ["url http://evil.example.com", "domain evil.example.com"]),
        ("fxp://files[dot]example[DOT]net/drop", ["url ftp://files.example.net/drop", "domain files.example.net"]),
        ("https://user:pw@login.example.az:8443/", ["url https://user:pw@login.example.az:8443/", "domain login.example.az"]),
        ("http://bakı.az/yol", ["url http://bakı.az/yol", "domain xn--bak-lua.az"]),
        ("http://a.example,http://b.example", ["url http://a.example", "domain a.example", "url http://b.example", "domain b.example"]),
        ("http://a.example/r?u=http://b.example/", ["url http://a.example/r?u=http://b.example/", "domain a.example"]),
        ("url=http://x.example/", ["url http://x.example/", "domain x.example"]),
        ("http://localhost/x http:// http://:80/ http://exa mple.az", ["domain mple.az"]),
        ("javascript://example.az", ["domain example.az"]),
        ("xhttp://example.az", ["domain example.az"]),
    ])
    func findsURLs(_ text: String, _ expected: [String]) {
        #expect(Self.texts(text) == expected)
    }

    // MARK: Addresses

    @Test(arguments: [
        ("1.2.3.4", ["ip 1.2.3.4"]),
        ("1.2.3.4.", ["ip 1.2.3.4"]),
        ("(1.2.3.4)", ["ip 1.2.3.4"]),
        ("1.2.3.4:443", ["ip 1.2.3.4"]),
        ("10.0.0.1-10.0.0.5", ["ip 10.0.0.1", "ip 10.0.0.5"]),
        ("10.1.2.3/8", ["prefix 10.0.0.0/8"]),
        ("10.0.0.0/8.", ["prefix 10.0.0.0/8"]),
        ("1.2.3.4/33", ["ip 1.2.3.4"]),
        ("1.2.3.4/24abc", ["ip 1.2.3.4"]),
        ("1.2.3[.]4", ["ip 1.2.3.4"]),
        ("v1.2.3.4", []),
        ("v1.2.3.4.5", []),
        ("1.2.3.4.5", []),
        ("Apache 2.4.58", []),
        ("256.1.1.1 1.2.3 010.0.0.1", []),
        ("1.2.3.4.in-addr.arpa", ["domain 1.2.3.4.in-addr.arpa"]),
        ("::ffff:192.0.2.1", ["ip ::ffff:192.0.2.1"]),
        ("2001:DB8::1", ["ip 2001:db8::1"]),
        ("2001:db8::/32", ["prefix 2001:db8::/32"]),
        ("2001:db8::1/64", ["prefix 2001:db8::/64"]),
        ("::1 and ::", ["ip ::1"]),
        ("fe80::1%eth0", ["ip fe80::1"]),
        ("at 2001:db8::1: blocked", ["ip 2001:db8::1"]),
        ("[2001:db8::2]:443", ["ip 2001:db8::2"]),
        ("std::vector 12:30:45 00:1a:2b:3c:4d:5e a::b::c", []),
    ])
    func findsAddresses(_ text: String, _ expected: [String]) {
        #expect(Self.texts(text) == expected)
    }

    // MARK: Names and e-mail

    @Test(arguments: [
        ("example.az", ["domain example.az"]),
        ("Example.AZ.", ["domain example.az"]),
        ("bakı.az-da", ["domain xn--bak-lua.az"]),
        ("example.az'dan", ["domain example.az"]),
        ("«bakı.az»", ["domain xn--bak-lua.az"]),
        ("bakı。az", ["domain xn--bak-lua.az"]),
        ("見て example.com。", ["domain example.com"]),
        ("_dmarc.example.az", ["domain _dmarc.example.az"]),
        ("example.az:443/path", ["domain example.az"]),
        ("evil.example/invoice.pdf", ["domain evil.example"]),
        ("invoice.pdf setup.exe archive.tar.gz README.md run.sh script.PS1 index.html", []),
        ("e.g. i.e. U.S.A. a.m. No.1 3.14", []),
        ("as15169.net", ["domain as15169.net"]),
        ("user@example.az", ["email user@example.az", "domain example.az"]),
        ("first.last+tag@Mail.Example.AZ.", ["email first.last+tag@mail.example.az", "domain mail.example.az"]),
        ("user[@]example.az", ["email user@example.az", "domain example.az"]),
        ("user[at]example[.]az", ["email user@example.az", "domain example.az"]),
        ("mailto:user@example.az", ["email user@example.az", "domain example.az"]),
        ("user@bakı.az", ["email user@xn--bak-lua.az", "domain xn--bak-lua.az"]),
        ("Ünal@Example.az", ["email Ünal@example.az", "domain example.az"]),
        ("a@b@c.example", ["email b@c.example", "domain c.example"]),
        ("@example.az", ["domain example.az"]),
        ("user@localhost user@1.2.3.4 .user@example.az", ["ip 1.2.3.4", "email user@example.az", "domain example.az"]),
        ("report@files.pdf", ["email report@files.pdf", "domain files.pdf"]),
    ])
    func findsNamesAndMail(_ text: String, _ expected: [String]) {
        #expect(Self.texts(text) == expected)
    }

    @Test(arguments: [
        ("AS29049", ["asn AS29049"]),
        ("as29049, AS1.10.", ["asn AS29049", "asn AS65546"]),
        ("AS64500/AS64501", ["asn AS64500", "asn AS64501"]),
        ("AS0 AS23456 AS4294967296 ASN1 xAS5 AS5x AS 5 29049", []),
    ])
    func findsASNumbers(_ text: String, _ expected: [String]) {
        #expect(Self.texts(text) == expected)
    }

    // MARK: Order, duplicates, limit

    @Test func reportsEachOnceInOrderOfFirstAppearance() {
        let text = "b.example 1.2.3.4 a.example http://b.example/ B.EXAMPLE 1.2.3.4 AS1 as1"
        #expect(Self.texts(text) == [
            "domain b.example", "ip 1.2.3.4", "domain a.example", "url http://b.example/", "asn AS1",
        ])
    }

    @Test func stopsAtTheLimit() {
        let text = (1...50).map { "10.0.0.\($0)" }.joined(separator: " ")
        #expect(ObservableExtractor.extract(from: text, limit: 5).count == 5)
        #expect(Self.texts(text, limit: 2) == ["ip 10.0.0.1", "ip 10.0.0.2"])
        #expect(Self.texts("http://a.example/ x", limit: 1) == ["url http://a.example/"])
        #expect(ObservableExtractor.extract(from: text, limit: 0).isEmpty)
        #expect(ObservableExtractor.extract(from: text).count == 50)
    }

    // MARK: Hostile input

    @Test func survivesHostileInput() {
        #expect(Self.texts("<script>alert('x')</script><img src=x onerror=alert(1)>") == [])
        #expect(Self.texts(String(repeating: ".", count: 100_000)) == [])
        #expect(Self.texts(String(repeating: "a", count: 1_000_000)) == [])
        #expect(Self.texts(String(repeating: "a.", count: 200_000)) == [])
        #expect(Self.texts(String(repeating: ":", count: 100_000)) == [])
        #expect(Self.texts(String(repeating: "1.", count: 100_000)) == [])
        #expect(Self.texts(String(repeating: "a@", count: 100_000)) == [])
        #expect(Self.texts(String(repeating: "[.]", count: 100_000)) == [])
        #expect(Self.texts("http://" + String(repeating: "(", count: 100_000)) == [])
        #expect(Self.texts(String(repeating: "http://", count: 50_000)) == [])
        #expect(Self.texts(String(repeating: "ü", count: 100_000) + ".az") == [])
        #expect(Self.texts("") == [])
    }

    @Test func survivesRandomBytes() {
        var generator = SplitMix(seed: 0x5eed)
        for _ in 0..<20 {
            let bytes = (0..<20_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let found = ObservableExtractor.extract(from: String(decoding: bytes, as: UTF8.self))
            #expect(found.count <= 10_000)
        }
        // Random picks from the characters the extractor cares about hit every branch.
        let alphabet = Array("0123456789abcdefxAS.:/@-_[](){}<>\"' \nhtp٣ıİ。😀")
        let text = String((0..<200_000).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        #expect(ObservableExtractor.extract(from: text).count <= 10_000)
    }

    @Test func finishesOnTwoMegabytes() {
        let line = "Host 203.0.113.\(7) hxxp://evil[.]example/a?b=1 user@example.az AS64500 2001:db8::1 v1.2.3.4.5 file.pdf bakı.az\n"
        var text = ""
        while text.utf8.count < 2_000_000 { text += line }
        let found = ObservableExtractor.extract(from: text)
        #expect(found.count == 8)

        var many = ""
        var k = 0
        while many.utf8.count < 2_000_000 {
            many += "10.\(k >> 16 & 255).\(k >> 8 & 255).\(k & 255) "
            k += 1
        }
        #expect(ObservableExtractor.extract(from: many).count == 10_000)
        #expect(ObservableExtractor.extract(from: many, limit: .max).count == k)
    }

    /// A small deterministic generator, so that a failure can be replayed.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
