import QalxanCore
import Testing

@Suite("Prefix resolution")
struct PrefixResolverTests {
    @Test("Addresses and prefixes parse and normalise",
          arguments: [("10.1.2.3/8", "10.0.0.0/8"), ("185.1.2.3", "185.1.2.3/32"), ("2001:DB8:0:0:0:0:0:1/32", "2001:db8::/32"),
                      ("2a02:4780::1/64", "2a02:4780::/64"), ("::ffff:1.2.3.4/128", "::ffff:1.2.3.4/128"), ("0.0.0.0/0", "0.0.0.0/0")])
    func normalise(_ input: String, _ expected: String) throws {
        #expect(try #require(IPPrefix(input)).description == expected)
    }

    @Test("Bad prefixes are refused", arguments: ["", "10.0.0.0/33", "010.0.0.1", "1.2.3", "2001:db8::/129", "10.0.0.0/-1",
                                                  "10.0.0.0/8/8", "2001:::1", "example.az", "10.0.0.0/ 8", "1.2.3.4/٨"])
    func refused(_ input: String) {
        #expect(IPPrefix(input) == nil)
    }

    /// A tiny deterministic generator, so failures repeat.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    @Test("The most specific prefix wins, as a brute-force search says, for IPv4 and IPv6")
    func matchesBruteForce() throws {
        var rng = Rng(state: 7)
        // Prefixes inside a few /8s so that many nest.
        var prefixes: [(IPPrefix, Int32)] = []
        for i in 0..<600 {
            let base = UInt32([10, 185, 212][Int(rng.next() % 3)]) << 24 | UInt32(truncatingIfNeeded: rng.next()) & 0x00FF_FFFF
            let length = 8 + Int(rng.next() % 25)
            prefixes.append((IPPrefix(address: .v4(base), length: length), Int32(i)))
        }
        for i in 0..<300 {
            let hi = UInt128(0x2001_0db8) << 96 | UInt128(rng.next() & 0xFFFF) << 80 | UInt128(rng.next()) << 16
            prefixes.append((IPPrefix(address: .v6(hi), length: 29 + Int(rng.next() % 100)), Int32(1000 + i)))
        }
        let resolver = PrefixResolver(entries: prefixes.map { .init(organisation: $0.1, prefixes: [$0.0]) }, parents: [])
        func brute(_ a: IPAddress) -> Int32? {
            var best: (Int, Int32)?
            for (p, v) in prefixes where IPPrefix(address: a, length: p.length) == p {
                if best == nil || p.length > best!.0 || (p.length == best!.0) { best = (p.length, v) }
            }
            return best?.1
        }
        for _ in 0..<20_000 {
            let (p, _) = prefixes[Int(rng.next() % UInt64(prefixes.count))]
            // An address near a prefix: inside it, or just past it.
            let a: IPAddress
            switch p.address {
            case .v4(let v): a = .v4(v &+ UInt32(truncatingIfNeeded: rng.next() % 70_000) &- 300)
            case .v6(let v): a = .v6(v &+ UInt128(rng.next() % 1_000_000) &- 100)
            }
            #expect(resolver.organisation(for: a) == brute(a), "\(a)")
        }
        #expect(resolver.organisation(for: IPAddress("8.8.8.8")!) == nil)
        #expect(resolver.organisation(for: IPAddress("255.255.255.255")!) == nil)
    }

    @Test("Edges: whole space, last address, same prefix twice")
    func edges() throws {
        let r = PrefixResolver(entries: [
            .init(organisation: 0, prefixes: [IPPrefix("0.0.0.0/0")!, IPPrefix("::/0")!]),
            .init(organisation: 1, prefixes: [IPPrefix("255.255.255.255/32")!, IPPrefix("ffff::/16")!]),
            .init(organisation: 2, prefixes: [IPPrefix("10.0.0.0/8")!]),
            .init(organisation: 3, prefixes: [IPPrefix("10.0.0.0/8")!]),
        ], parents: [])
        #expect(r.organisation(for: IPAddress("255.255.255.255")!) == 1)
        #expect(r.organisation(for: IPAddress("255.255.255.254")!) == 0)
        #expect(r.organisation(for: IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")!) == 1)
        #expect(r.organisation(for: IPAddress("::1")!) == 0)
        #expect(r.organisation(for: IPAddress("10.20.30.40")!) == 3)
        #expect(r.organisation(for: IPAddress("11.0.0.0")!) == 0)
    }

    @Test("AS numbers, domains with their subdomains, and the chain of parents")
    func asnDomainChain() {
        // 0 = ministry, 1 = agency under it, 2 = academy, 3 = institute under the academy.
        let r = PrefixResolver(entries: [
            .init(organisation: 1, domains: ["agency.gov.az"]),
            .init(organisation: 0, asns: [29049], domains: ["gov.az"]),
            .init(organisation: 3, prefixes: [IPPrefix("185.18.244.0/24")!], domains: ["physics.science.az"]),
            .init(organisation: 2, prefixes: [IPPrefix("185.18.240.0/21")!], asns: [39232], domains: ["Science.AZ"]),
        ], parents: [-1, 0, -1, 2])
        #expect(r.organisation(forASN: 29049) == 0)
        #expect(r.organisation(forASN: 1) == nil)
        #expect(r.organisation(forDomain: "mail.agency.gov.az") == 1)
        #expect(r.organisation(forDomain: "www.gov.az") == 0)
        #expect(r.organisation(forDomain: "WWW.SCIENCE.AZ.") == 2)
        #expect(r.organisation(forDomain: "az") == nil)
        #expect(r.organisation(forDomain: "notgov.az") == nil)
        #expect(r.chain(r.organisation(for: IPAddress("185.18.244.7")!)!) == [3, 2])
        #expect(r.chain(r.organisation(for: IPAddress("185.18.241.1")!)!) == [2])
        #expect(r.chain(1) == [1, 0])
        let cyclic = PrefixResolver(entries: [], parents: [1, 0])
        #expect(cyclic.chain(0) == [0, 1])
    }
}
