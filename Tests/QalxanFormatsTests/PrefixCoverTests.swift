import Testing
import QalxanCore
@testable import QalxanFormats

@Suite("Address ranges as prefixes")
struct PrefixCoverTests {
    /// The prefixes covering `first...last` as typed, or nil.
    func cover(_ first: String, _ last: String) -> [IPPrefix]? {
        guard let a = IPAddress(first), let b = IPAddress(last) else { return nil }
        return IPPrefix.covering(a, b)
    }

    /// Prefixes as (first address, length) numbers of one family.
    func blocks<T: FixedWidthInteger & UnsignedInteger>(_ prefixes: [IPPrefix], _: T.Type) -> [(start: T, length: Int)] {
        prefixes.map { p in
            switch p.address {
            case .v4(let v): (T(truncatingIfNeeded: v), p.length)
            case .v6(let v): (T(truncatingIfNeeded: v), p.length)
            }
        }
    }

    func span<T: FixedWidthInteger & UnsignedInteger>(_ hostBits: Int, _: T.Type) -> T {
        hostBits >= T.bitWidth ? ~0 : (T(1) << T(hostBits)) - 1
    }

    @Test("Known ranges", arguments: [
        ("192.0.2.0", "192.0.2.255", ["192.0.2.0/24"]),
        ("192.0.2.1", "192.0.2.6", ["192.0.2.1/32", "192.0.2.2/31", "192.0.2.4/31", "192.0.2.6/32"]),
        ("185.18.244.0", "185.18.247.255", ["185.18.244.0/22"]),
        ("192.0.2.0", "192.0.3.127", ["192.0.2.0/24", "192.0.3.0/25"]),
        ("0.0.0.0", "255.255.255.255", ["0.0.0.0/0"]),
        ("255.255.255.255", "255.255.255.255", ["255.255.255.255/32"]),
        ("255.255.255.254", "255.255.255.255", ["255.255.255.254/31"]),
        ("0.0.0.0", "0.0.0.0", ["0.0.0.0/32"]),
        ("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", ["2001:db8::/32"]),
        ("2001:db8::1", "2001:db8::2", ["2001:db8::1/128", "2001:db8::2/128"]),
        ("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ["::/0"]),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"]),
    ])
    func known(_ first: String, _ last: String, _ expected: [String]) throws {
        #expect(try #require(cover(first, last)).map(\.description) == expected)
    }

    @Test("Ranges that are none are refused")
    func refused() {
        #expect(cover("192.0.2.9", "192.0.2.1") == nil)
        #expect(cover("192.0.2.0", "2001:db8::") == nil)
        #expect(cover("x", "192.0.2.1") == nil)
    }

    /// Checks that `blocks` are aligned, follow each other without gap from `first` to
    /// `last`, and that no two neighbours could have been one block (so none is wasted).
    func check<T: FixedWidthInteger & UnsignedInteger>(_ blocks: [(start: T, length: Int)], _ first: T, _ last: T) {
        var next = first
        var done = false
        for (i, b) in blocks.enumerated() {
            #expect(!done)
            let hostBits = T.bitWidth - b.length
            #expect(hostBits == T.bitWidth ? b.start == 0 : b.start.trailingZeroBitCount >= hostBits || b.start == 0)
            #expect(b.start == next)
            let end = b.start + span(hostBits, T.self)
            if end == last { done = true } else { next = end + 1 }
            if i > 0 {
                let a = blocks[i - 1]
                let merged = a.length == b.length && a.length > 0 && (a.start >> (T.bitWidth - a.length + 1)) == (b.start >> (T.bitWidth - b.length + 1))
                #expect(!merged)
            }
        }
        #expect(done)
    }

    @Test("Random IPv4 and IPv6 ranges are covered exactly and minimally")
    func random() {
        var rng = FormatsRng(state: 3)
        for _ in 0..<2000 {
            let a = UInt32(truncatingIfNeeded: rng.next()), b = UInt32(truncatingIfNeeded: rng.next()) >> UInt32(rng.below(32))
            let lo = min(a, a &+ b), hi = max(a, a &+ b)
            check(blocks(IPPrefix.covering(lo...hi), UInt32.self), lo, hi)
            let x = UInt128(rng.next()) << 64 | UInt128(rng.next()), y = (UInt128(rng.next()) << 64 | UInt128(rng.next())) >> UInt128(rng.below(128))
            let lo6 = min(x, x &+ y), hi6 = max(x, x &+ y)
            let covered = blocks(IPPrefix.covering(lo6...hi6), UInt128.self)
            check(covered, lo6, hi6)
            #expect(covered.count <= 256)
        }
    }
}
