@testable import QalxanCore
import Testing

/// The longest-prefix match of `PrefixResolver` against a reference built on a plain
/// dictionary (one probe per prefix length), on prefixes made to nest, touch and repeat.
@Suite("Prefix lookup against a reference")
struct PrefixLookupTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var z = state
            z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            return z ^ (z >> 29)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func v6() -> UInt128 { UInt128(next()) << 64 | UInt128(next()) }
    }

    typealias P4 = (address: UInt32, length: UInt8, organisation: Int32)
    typealias P6 = (address: UInt128, length: UInt8, organisation: Int32)

    static func mask4(_ l: Int) -> UInt32 { l == 0 ? 0 : ~UInt32(0) << UInt32(32 - l) }
    static func mask6(_ l: Int) -> UInt128 { l == 0 ? 0 : ~UInt128(0) << UInt128(128 - l) }

    /// Reference: for each length, the prefixes of that length (the later one wins).
    struct Reference {
        var v4 = [[UInt32: Int32]](repeating: [:], count: 33)
        var v6 = [[UInt128: Int32]](repeating: [:], count: 129)
        var lengths4: [Int] = [], lengths6: [Int] = []   // those in use, longest first
        init(_ p4: [P4], _ p6: [P6]) {
            for p in p4 { let l = min(32, Int(p.length)); v4[l][p.address & mask4(l)] = p.organisation }
            for p in p6 { let l = min(128, Int(p.length)); v6[l][p.address & mask6(l)] = p.organisation }
            lengths4 = (0...32).reversed().filter { !v4[$0].isEmpty }
            lengths6 = (0...128).reversed().filter { !v6[$0].isEmpty }
        }
        func lookup(v4 a: UInt32) -> Int32 {
            for l in lengths4 {
                if let v = v4[l][a & mask4(l)] { return max(v, -1) }
            }
            return -1
        }
        func lookup(v6 a: UInt128) -> Int32 {
            for l in lengths6 {
                if let v = v6[l][a & mask6(l)] { return max(v, -1) }
            }
            return -1
        }
    }

    /// Nested, adjacent and repeated prefixes around a few bases, with lengths over the
    /// whole range (including /0 and the full length).
    static func prefixes(seed: UInt64, count4: Int, count6: Int) -> ([P4], [P6]) {
        var rng = Rng(state: seed)
        var p4: [P4] = []
        let bases4: [UInt32] = [0x0A00_0000, 0xB912_F000, 0xFFFF_FF00, 0x0000_0000, 0xC0A8_0000]
        while p4.count < count4 {
            let base = bases4[rng.below(bases4.count)]
            let spread = UInt32(truncatingIfNeeded: rng.next()) >> UInt32(rng.below(33))
            let length = rng.below(4) == 0 ? [0, 32, 31, 24, 8][rng.below(5)] : rng.below(33)
            let address = base &+ spread
            let organisation = Int32(rng.below(5000)) - (rng.below(50) == 0 ? 5001 : 0)
            p4.append((address, UInt8(length), organisation))
            switch rng.below(8) {
            case 0 where length > 0:   // the same prefix again: the later wins
                p4.append((address, UInt8(length), Int32(rng.below(5000))))
            case 1 where length > 0:   // the next prefix of the same length: adjacent
                p4.append((address &+ (UInt32(1) << UInt32(32 - length)), UInt8(length), Int32(rng.below(5000))))
            case 2 where length < 32:  // a longer prefix inside, at the end
                let inner = address | ~mask4(length)
                p4.append((inner, UInt8(length + 1 + rng.below(32 - length)), Int32(rng.below(5000))))
            default: break
            }
        }
        var p6: [P6] = []
        let bases6: [UInt128] = [UInt128(0x2001_0DB8) << 96, UInt128(0x2A02_4780_0001) << 80, 0, ~UInt128(0) << 16,
                                 UInt128(0xFFFF) << 32]   // the last: ::ffff:0:0/96, IPv4-mapped
        while p6.count < count6 {
            let base = bases6[rng.below(bases6.count)]
            let spread = rng.v6() >> UInt128(rng.below(129))
            let length = rng.below(4) == 0 ? [0, 128, 127, 64, 65, 96, 48, 32][rng.below(8)] : rng.below(129)
            let address = base &+ spread
            p6.append((address, UInt8(length), Int32(rng.below(5000))))
            switch rng.below(8) {
            case 0 where length > 0:
                p6.append((address, UInt8(length), Int32(rng.below(5000))))
            case 1 where length > 0:
                p6.append((address &+ (UInt128(1) << UInt128(128 - length)), UInt8(length), Int32(rng.below(5000))))
            case 2 where length < 128:
                let inner = address | ~mask6(length)
                p6.append((inner, UInt8(length + 1 + rng.below(128 - length)), Int32(rng.below(5000))))
            default: break
            }
        }
        return (p4, p6)
    }

    /// Addresses at and around every prefix's first and last address, some inside, and
    /// the ends of the space.
    static func probes(_ p4: [P4], _ p6: [P6], seed: UInt64) -> ([UInt32], [UInt128]) {
        var rng = Rng(state: seed)
        var a4: [UInt32] = [0, 1, .max, .max - 1, 0x7FFF_FFFF, 0x8000_0000]
        for p in p4 {
            let l = min(32, Int(p.length))
            let first = p.address & mask4(l), last = first | ~mask4(l)
            a4 += [first, first &- 1, first &+ 1, last, last &+ 1, last &- 1, first | (UInt32(truncatingIfNeeded: rng.next()) & ~mask4(l))]
        }
        var a6: [UInt128] = [0, 1, .max, .max - 1, UInt128(0xFFFF) << 32 | 0x0102_0304]
        for p in p6 {
            let l = min(128, Int(p.length))
            let first = p.address & mask6(l), last = first | ~mask6(l)
            a6 += [first, first &- 1, first &+ 1, last, last &+ 1, last &- 1, first | (rng.v6() & ~mask6(l))]
        }
        return (a4, a6)
    }

    /// The resolver, and tables with the smallest and the largest root, against the
    /// reference, one address at a time and in batches.
    static func check(_ p4: [P4], _ p6: [P6], seed: UInt64) {
        let reference = Reference(p4, p6)
        let resolver = PrefixResolver(v4: p4, v6: p6, parents: [])
        let (a4, a6) = probes(p4, p6, seed: seed)
        let want4 = a4.map { reference.lookup(v4: $0) }, want6 = a6.map { reference.lookup(v6: $0) }
        func compare<K>(_ name: String, _ keys: [K], _ want: [Int32], _ single: (K) -> Int32,
                        _ batch: (UnsafeBufferPointer<K>, UnsafeMutableBufferPointer<Int32>) -> Void) {
            var bad = 0
            for (k, w) in zip(keys, want) where single(k) != w {
                bad += 1
                if bad <= 5 { Issue.record("\(name) \(k): \(single(k)), want \(w)") }
            }
            #expect(bad == 0, "\(name)")
            var out = [Int32](repeating: 7, count: keys.count)
            keys.withUnsafeBufferPointer { k in out.withUnsafeMutableBufferPointer { batch(k, $0) } }
            #expect(out == want, "\(name) batch")
        }
        compare("IPv4", a4, want4, { resolver.organisation(v4: $0) }, { resolver.organisations(v4: $0, into: $1) })
        compare("IPv6", a6, want6, { resolver.organisation(v6: $0) }, { resolver.organisations(v6: $0, into: $1) })
        #expect(a4.prefix(2000).map { resolver.organisation(for: .v4($0)) } == want4.prefix(2000).map { $0 >= 0 ? $0 : nil })
        #expect(a6.prefix(2000).map { resolver.organisation(for: .v6($0)) } == want6.prefix(2000).map { $0 >= 0 ? $0 : nil })
        // The smallest and the largest root, on every other address.
        let (b4, w4) = (stride(from: 0, to: a4.count, by: 2).map { a4[$0] }, stride(from: 0, to: a4.count, by: 2).map { want4[$0] })
        let (b6, w6) = (stride(from: 1, to: a6.count, by: 2).map { a6[$0] }, stride(from: 1, to: a6.count, by: 2).map { want6[$0] })
        for bits in [8, 18] {
            let t = p4.withUnsafeBufferPointer { p in
                PrefixTable<UInt32>(count: p.count, rootBits: bits...bits) { (p[$0].address, Int(p[$0].length), p[$0].organisation) }
            }
            compare("IPv4 root \(bits)", b4, w4, { t.lookup($0) }, { t.lookup($0, into: $1) })
        }
        for bits in [8, 16] {
            let t = p6.withUnsafeBufferPointer { p in
                PrefixTable<UInt128>(count: p.count, rootBits: bits...bits) { (p[$0].address, Int(p[$0].length), p[$0].organisation) }
            }
            compare("IPv6 root \(bits)", b6, w6, { t.lookup($0) }, { t.lookup($0, into: $1) })
        }
    }

    @Test("Random nested, adjacent and repeated prefixes, both families", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) {
        let (p4, p6) = Self.prefixes(seed: seed, count4: 1000, count6: 1000)
        Self.check(p4, p6, seed: seed)
    }

    @Test("Few prefixes, and none")
    func small() {
        Self.check([], [], seed: 9)
        Self.check([(0, 0, 5)], [(0, 0, 6)], seed: 9)
        Self.check([(.max, 32, 1)], [(.max, 128, 2)], seed: 9)
        Self.check([(0, 32, 1), (1, 32, 2), (2, 31, 3)], [(0, 128, 1), (1, 128, 2), (2, 127, 3)], seed: 9)
        let r = PrefixResolver(v4: [], v6: [], parents: [])
        #expect(r.organisation(for: IPAddress("1.2.3.4")!) == nil)
        #expect(r.organisation(v6: .max) == -1)
        r.organisations(v4: UnsafeBufferPointer(start: nil, count: 0), into: UnsafeMutableBufferPointer(start: nil, count: 0))
    }

    @Test("Same prefix twice: the later one wins, also through Entry")
    func duplicates() {
        let r = PrefixResolver(v4: [(0x0A00_0000, 8, 1), (0x0A00_0000, 8, 2), (0x0A01_0000, 16, 3), (0x0A01_0000, 16, 4)],
                               v6: [(UInt128(0x2001_0DB8) << 96, 32, 5), (UInt128(0x2001_0DB8) << 96, 32, 6)], parents: [])
        #expect(r.organisation(for: IPAddress("10.9.9.9")!) == 2)
        #expect(r.organisation(for: IPAddress("10.1.9.9")!) == 4)
        #expect(r.organisation(for: IPAddress("2001:db8::1")!) == 6)
        let e = PrefixResolver(entries: [.init(organisation: 1, prefixes: [IPPrefix("10.0.0.0/8")!]),
                                         .init(organisation: 2, prefixes: [IPPrefix("10.0.0.0/8")!, IPPrefix("10.0.0.0/8")!]),
                                         .init(organisation: 3, prefixes: [IPPrefix("10.0.0.0/8")!])], parents: [])
        #expect(e.organisation(for: IPAddress("10.0.0.1")!) == 3)
    }

    @Test("Host bits are ignored, lengths are clamped, negative organisations are no organisation")
    func normalising() {
        let r = PrefixResolver(v4: [(0x0A01_0203, 8, 1), (0x0B00_0001, 40, 2), (0x0C00_0000, 8, -7)],
                               v6: [(.max, 200, 3), (UInt128(0x2001) << 112 | 1, 16, 4)], parents: [])
        #expect(r.organisation(for: IPAddress("10.200.0.0")!) == 1)
        #expect(r.organisation(for: IPAddress("11.0.0.1")!) == 2)
        #expect(r.organisation(for: IPAddress("11.0.0.2")!) == nil)
        #expect(r.organisation(for: IPAddress("12.0.0.1")!) == nil)
        #expect(r.organisation(v4: 0x0C00_0001) == -1)
        #expect(r.organisation(for: IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")!) == 3)
        #expect(r.organisation(for: IPAddress("2001:ffff::")!) == 4)
    }

    @Test("IPv4-mapped IPv6 addresses are IPv6 addresses")
    func mapped() {
        let r = PrefixResolver(entries: [
            .init(organisation: 1, prefixes: [IPPrefix("1.2.3.0/24")!]),
            .init(organisation: 2, prefixes: [IPPrefix("::ffff:0:0/96")!]),
            .init(organisation: 3, prefixes: [IPPrefix("::ffff:5.6.7.0/120")!]),
        ], parents: [])
        #expect(r.organisation(for: IPAddress("1.2.3.4")!) == 1)
        #expect(r.organisation(for: IPAddress("::ffff:1.2.3.4")!) == 2)
        #expect(r.organisation(for: IPAddress("::ffff:5.6.7.8")!) == 3)
        #expect(r.organisation(for: IPAddress("5.6.7.8")!) == nil)
        #expect(r.organisation(for: IPAddress("::1.2.3.4")!) == nil)   // IPv4-compatible, not mapped
        let v4only = PrefixResolver(entries: [.init(organisation: 1, prefixes: [IPPrefix("1.2.3.0/24")!])], parents: [])
        #expect(v4only.organisation(for: IPAddress("::ffff:1.2.3.4")!) == nil)
    }

    @Test("IPv6 prefixes longer than /64, nested down to /128")
    func longIPv6() {
        let text = [("2001:db8::/32", 1), ("2001:db8:1:2::/64", 2), ("2001:db8:1:2::/65", 3), ("2001:db8:1:2:8000::/65", 4),
                    ("2001:db8:1:2::100/120", 5), ("2001:db8:1:2::1ff/128", 6), ("2001:db8:1:2::180/121", 7),
                    ("2001:db8:1:2:ffff:ffff:ffff:ffff/128", 8), ("2001:db8:1:3::/127", 9)]
        let r = PrefixResolver(entries: text.map { .init(organisation: Int32($0.1), prefixes: [IPPrefix($0.0)!]) }, parents: [])
        let want: [(String, Int32?)] = [
            ("2001:db8::1", 1), ("2001:db8:1:2::1", 3), ("2001:db8:1:2:7fff:ffff:ffff:ffff", 3), ("2001:db8:1:2:8000::", 4),
            ("2001:db8:1:2::100", 5), ("2001:db8:1:2::17f", 5), ("2001:db8:1:2::180", 7), ("2001:db8:1:2::1fe", 7),
            ("2001:db8:1:2::1ff", 6), ("2001:db8:1:2::200", 3), ("2001:db8:1:2:ffff:ffff:ffff:fffe", 4),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", 8), ("2001:db8:1:3::", 9), ("2001:db8:1:3::1", 9), ("2001:db8:1:3::2", 1),
            ("2001:db8:1:1:ffff:ffff:ffff:ffff", 1), ("2001:db9::", nil),
        ]
        for (a, v) in want { #expect(r.organisation(for: IPAddress(a)!) == v, "\(a)") }
    }

    @Test("Crowded slices: thousands of prefixes in one /11 (IPv4) and one /48 (IPv6), so that nodes go dense")
    func crowded() {
        var rng = Rng(state: 11)
        var p4: [P4] = [(0xC600_0000, 11, 1)]
        var p6: [P6] = [(UInt128(0x2001_0DB8_0001) << 80, 48, 1)]
        for i in 0..<4000 {
            p4.append((0xC600_0000 | UInt32(truncatingIfNeeded: rng.next()) & 0x1F_FFFF, UInt8(20 + rng.below(13)), Int32(i)))
            if i % 4 == 0 { p4.append((0xC600_0000 | UInt32(truncatingIfNeeded: rng.next()) & 0x1F_FFFF, UInt8(16 + rng.below(17)), Int32(i))) }
        }
        for i in 0..<4000 {
            p6.append((UInt128(0x2001_0DB8_0001) << 80 | UInt128(rng.next() & 0xFFFF) << 64 | UInt128(rng.next()),
                       UInt8(64 + rng.below(65)), Int32(i)))
            p6.append((UInt128(0x2001_0DB8_0001) << 80 | UInt128(rng.next() & 0xFFFF) << 64, 64, Int32(i)))
        }
        Self.check(p4, p6, seed: 11)
    }

    @Test("More than 65 536 organisations (32-bit codes), and organisation numbers far apart")
    func manyOrganisations() {
        var rng = Rng(state: 51)
        var p4: [P4] = [], p6: [P6] = []
        for i in 0..<70_000 {
            p4.append((UInt32(truncatingIfNeeded: rng.next()), UInt8(16 + rng.below(17)), Int32(i)))
        }
        for i in 0..<300 {
            p6.append((rng.v6(), UInt8(rng.below(129)), Int32.max - Int32(rng.below(3)) - Int32(i % 2) * 1_000_000_000))
        }
        let reference = Reference(p4, p6)
        let r = PrefixResolver(v4: p4, v6: p6, parents: [])
        // The same with Int32.max among them: 32-bit codes into a palette, not values.
        let withMax = p4 + [(0x0A00_0000, 8, .max)]
        let r2 = PrefixResolver(v4: withMax, v6: [], parents: [])
        let reference2 = Reference(withMax, [])
        for p in p4.prefix(3000) + [(0x0A01_0203, 32, 0)] {
            for a in [p.address, p.address &- 1, p.address | 0xFF] {
                #expect(r.organisation(v4: a) == reference.lookup(v4: a), "\(IPAddress.v4(a))")
                #expect(r2.organisation(v4: a) == reference2.lookup(v4: a), "\(IPAddress.v4(a))")
            }
        }
        var out = [Int32](repeating: 0, count: 3000)
        let a4 = p4.prefix(3000).map { $0.address | 0x7 }
        a4.withUnsafeBufferPointer { k in out.withUnsafeMutableBufferPointer { r.organisations(v4: k, into: $0) } }
        #expect(out == a4.map { reference.lookup(v4: $0) })
        a4.withUnsafeBufferPointer { k in out.withUnsafeMutableBufferPointer { r2.organisations(v4: k, into: $0) } }
        #expect(out == a4.map { reference2.lookup(v4: $0) })
        for p in p6 {
            for a in [p.address, p.address &- 1, p.address &+ 1] {
                #expect(r.organisation(v6: a) == reference.lookup(v6: a), "\(IPAddress.v6(a))")
            }
        }
    }

    @Test("The batch lookup agrees with single lookups on 100 000 random addresses")
    func batch() {
        let (p4, p6) = Self.prefixes(seed: 21, count4: 4000, count6: 4000)
        let r = PrefixResolver(v4: p4, v6: p6, parents: [])
        var rng = Rng(state: 5)
        // Random addresses, half of them near a prefix; odd lengths to leave partial groups.
        var a4: [UInt32] = [], a6: [UInt128] = []
        for i in 0..<100_001 {
            if i % 2 == 0 {
                a4.append(UInt32(truncatingIfNeeded: rng.next()))
                a6.append(rng.v6())
            } else {
                a4.append(p4[rng.below(p4.count)].address &+ UInt32(rng.below(512)))
                a6.append(p6[rng.below(p6.count)].address &+ UInt128(rng.below(1 << 20)))
            }
        }
        for n in [0, 1, 31, 33, 100_001] {
            var out4 = [Int32](repeating: 9, count: n)
            a4.withUnsafeBufferPointer { k in
                out4.withUnsafeMutableBufferPointer { r.organisations(v4: UnsafeBufferPointer(rebasing: k[..<n]), into: $0) }
            }
            #expect(out4 == a4[..<n].map { r.organisation(v4: $0) })
            var out6 = [Int32](repeating: 9, count: n)
            a6.withUnsafeBufferPointer { k in
                out6.withUnsafeMutableBufferPointer { r.organisations(v6: UnsafeBufferPointer(rebasing: k[..<n]), into: $0) }
            }
            #expect(out6 == a6[..<n].map { r.organisation(v6: $0) })
        }
        let mixed: [IPAddress] = (0..<10_000).map { $0 % 5 == 4 ? .v6(a6[$0]) : .v4(a4[$0]) }
        #expect(r.organisations(for: mixed) == mixed.map { r.organisation(for: $0) })
    }

    @Test("Entry and flat lists build the same resolver")
    func sameFromEntries() {
        let (p4, p6) = Self.prefixes(seed: 31, count4: 800, count6: 800)
        var entries: [PrefixResolver.Entry] = []
        for p in p4 { entries.append(.init(organisation: p.organisation, prefixes: [IPPrefix(address: .v4(p.address), length: Int(p.length))])) }
        for p in p6 { entries.append(.init(organisation: p.organisation, prefixes: [IPPrefix(address: .v6(p.address), length: Int(p.length))])) }
        let a = PrefixResolver(entries: entries, parents: [])
        let b = PrefixResolver(v4: p4, v6: p6, parents: [])
        let (a4, a6) = Self.probes(p4, p6, seed: 31)
        #expect(a4.map { a.organisation(for: .v4($0)) } == a4.map { b.organisation(for: .v4($0)) })
        #expect(a6.map { a.organisation(for: .v6($0)) } == a6.map { b.organisation(for: .v6($0)) })
    }

    @Test("Lookups go on from other tasks while a new resolver is built and swapped in")
    func concurrent() async {
        let (p4, p6) = Self.prefixes(seed: 41, count4: 2000, count6: 500)
        let old = PrefixResolver(v4: p4, v6: p6, parents: [])
        let reference = Reference(p4, p6)
        let probes = Self.probes(p4, p6, seed: 41).0
        let ok = await withTaskGroup(of: Bool.self) { group in
            for t in 0..<4 {
                group.addTask {
                    if t == 0 { return PrefixResolver(v4: Array(p4.reversed()), v6: p6, parents: []).organisation(v4: 0) >= -1 }
                    return probes.allSatisfy { old.organisation(v4: $0) == reference.lookup(v4: $0) }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(ok)
    }
}
