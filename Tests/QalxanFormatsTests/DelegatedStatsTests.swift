import Testing
import QalxanCore
@testable import QalxanFormats

@Suite("RIR delegated statistics")
struct DelegatedStatsTests {
    static let sample = """
    # delegated-ripencc-extended-latest, for testing
    2|ripencc|20261122|163214|19830705|20261121|+0100
    ripencc|*|ipv4|*|89513|summary
    ripencc|*|asn|*|39151|summary
    ripencc|*|ipv6|*|34550|summary
    ripencc|AZ|ipv4|185.18.244.0|1024|20130716|allocated|a1b2c3d4-0000-0000-0000-000000000001
    ripencc|AZ|ipv4|94.20.0.0|768|20080811|allocated|a1b2c3d4-0000-0000-0000-000000000002
    ripencc|AZ|ipv6|2a02:2a80::|29|20140619|allocated|a1b2c3d4-0000-0000-0000-000000000003
    ripencc|AZ|asn|29049|1|20030728|allocated|a1b2c3d4-0000-0000-0000-000000000004
    ripencc|GE|asn|64496|16|20100101|assigned|a1b2c3d4-0000-0000-0000-000000000005|e-stats
    ripencc||ipv4|192.0.2.0|256||available
    ripencc|ZZ|ipv4|198.51.100.0|256|20200101|reserved|ripencc
    ripencc|ZZ|asn|64500|1|20200101|assigned
    ripencc|EU|ipv6|2001:db8::|32|20010101|ALLOCATED
    arin|US|ipv4|3.0.0.0|16777216|19880223|allocated|6c065d5b54b877781f05e7d30ebfff28
    apnic|JP|ipv4|1.0.16.0|4096|20110412|allocated\r
    """

    @Test("Records from every registry; summaries, comments, available, reserved and ZZ skipped")
    func sample() {
        let (records, problems) = DelegatedStats.read(utf8(Self.sample))
        #expect(problems == [])
        #expect(records == [
            DelegatedRecord(country: "AZ", resource: .ipv4(Quad.n(185, 18, 244, 0)...Quad.n(185, 18, 247, 255)), registry: "ripencc"),
            DelegatedRecord(country: "AZ", resource: .ipv4(Quad.n(94, 20, 0, 0)...Quad.n(94, 20, 2, 255)), registry: "ripencc"),
            DelegatedRecord(country: "AZ", resource: .ipv6(IPPrefix("2a02:2a80::/29")!), registry: "ripencc"),
            DelegatedRecord(country: "AZ", resource: .asn(29049...29049), registry: "ripencc"),
            DelegatedRecord(country: "GE", resource: .asn(64496...64511), registry: "ripencc"),
            DelegatedRecord(country: "EU", resource: .ipv6(IPPrefix("2001:db8::/32")!), registry: "ripencc"),
            DelegatedRecord(country: "US", resource: .ipv4(Quad.n(3, 0, 0, 0)...Quad.n(3, 255, 255, 255)), registry: "arin"),
            DelegatedRecord(country: "JP", resource: .ipv4(Quad.n(1, 0, 16, 0)...Quad.n(1, 0, 31, 255)), registry: "apnic"),
        ])
        // 768 addresses are no prefix: the caller splits them.
        if case .ipv4(let r) = records[1].resource {
            #expect(IPPrefix.covering(r).map(\.description) == ["94.20.0.0/23", "94.20.2.0/24"])
        }
    }

    @Test("Bad lines are reported with their line and skipped", arguments: [
        "ripencc|AZ|ipv4|185.18.244|1024|20130716|allocated",
        "ripencc|AZ|ipv4|185.018.244.0|1024|20130716|allocated",
        "ripencc|AZ|ipv4|185.18.244.256|1024|20130716|allocated",
        "ripencc|AZ|ipv4|185.18.244.0|0|20130716|allocated",
        "ripencc|AZ|ipv4|255.255.255.0|257|20130716|allocated",
        "ripencc|AZ|ipv4|185.18.244.0|-4|20130716|allocated",
        "ripencc|AZ|ipv4|185.18.244.0|99999999999999999999|20130716|allocated",
        "ripencc|AZ|ipv6|2a02:2a80::|129|20140619|allocated",
        "ripencc|AZ|ipv6|185.18.244.0|24|20140619|allocated",
        "ripencc|AZ|ipv6|2a02:::1|32|20140619|allocated",
        "ripencc|AZ|asn|AS29049|1|20030728|allocated",
        "ripencc|AZ|asn|4294967295|2|20030728|allocated",
        "ripencc|AZ|asn|29049|0|20030728|allocated",
        "ripencc|AZ|ipx|1|1|20030728|allocated",
        "ripencc|AZ|ipv4|185.18.244.0|1024|20130716|stolen",
        "ripencc|AZE|ipv4|185.18.244.0|1024|20130716|allocated",
        "ripencc|A1|ipv4|185.18.244.0|1024|20130716|allocated",
        "|AZ|ipv4|185.18.244.0|1024|20130716|allocated",
        "ripencc|AZ|ipv4|185.18.244.0|1024",
        "<script>alert(1)</script>",
        "2",
    ])
    func badLine(_ line: String) {
        let (records, problems) = DelegatedStats.read(utf8("ripencc|AZ|asn|1|1|20030728|allocated\n" + line + "\nripencc|AZ|asn|2|1|20030728|allocated"))
        #expect(records.count == 2)
        #expect(problems == [ImportProblem(line: 2, key: ImportProblem.geoBadLine, detail: line)])
    }

    @Test("The ends of the number spaces")
    func edges() {
        let (records, problems) = DelegatedStats.read(utf8("""
        x|AZ|ipv4|255.255.255.0|256|0|assigned
        x|AZ|ipv4|0.0.0.0|4294967296|0|assigned
        x|AZ|asn|4294967295|1|0|assigned
        x|AZ|ipv6|::|0|0|assigned
        x|az|asn|0|1|0|ASSIGNED
        """))
        #expect(problems == [])
        #expect(records.map(\.resource) == [.ipv4(0xFFFF_FF00...0xFFFF_FFFF), .ipv4(0...0xFFFF_FFFF), .asn(4294967295...4294967295),
                                           .ipv6(IPPrefix("::/0")!), .asn(0...0)])
        #expect(records.last?.country == "AZ")
    }

    @Test("Random bytes never crash, and every problem is a bad line")
    func randomBytes() {
        var rng = FormatsRng(state: 13)
        let alphabet = utf8("|0123456789.:abAZ\n#") + [0xFF]
        for round in 0..<300 {
            let bytes = round % 2 == 0 ? rng.bytes(rng.below(600)) : rng.bytes(rng.below(600), from: alphabet)
            let (_, problems) = DelegatedStats.read(bytes)
            #expect(problems.allSatisfy { $0.key == ImportProblem.geoBadLine || $0.key == ImportProblem.tooManyProblems })
        }
    }

    @Test("Garbage yields a bounded report")
    func boundedProblems() {
        let (records, problems) = DelegatedStats.read(utf8(String(repeating: "nonsense\n", count: 5000)))
        #expect(records.isEmpty)
        #expect(problems.count == 1001)
        #expect(problems.last?.detail == "4000")
    }

    @Test("A large file is read quickly")
    func large() {
        var text = "2|ripencc|20261122|1|19830705|20261121|+0100\n"
        var rng = FormatsRng(state: 1)
        let ccs = ["AZ", "GE", "TR", "RU", "DE", "NL"]
        for i in 0..<30_000 {
            let cc = ccs[rng.below(ccs.count)]
            switch i % 3 {
            case 0: text += "ripencc|\(cc)|ipv4|\(rng.below(224)).\(rng.below(256)).\(rng.below(256)).0|\(256 << rng.below(8))|20130716|allocated|a1b2c3d4-0000-0000-0000-000000000001\n"
            case 1: text += "ripencc|\(cc)|ipv6|2a02:\(String(rng.below(65536), radix: 16))::|\(29 + rng.below(20))|20140619|allocated|a1b2c3d4-0000-0000-0000-000000000003\n"
            default: text += "ripencc|\(cc)|asn|\(rng.below(400_000))|1|20030728|assigned|a1b2c3d4-0000-0000-0000-000000000004\n"
            }
        }
        let bytes = utf8(text)
        var count = 0
        // Debug builds are tens of times slower than release, and tests run side by side;
        // this only guards against a quadratic slip. A release build reads 64 MB
        // (700,000 lines) in about a second.
        let t = seconds { count = DelegatedStats.read(bytes).records.count }
        #expect(count == 30_000)
        #expect(t < 10)
    }
}

/// IPv4 addresses as numbers, for readable expectations.
enum Quad {
    static func n(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 { a << 24 | b << 16 | c << 8 | d }
}
