import QalxanCore

/// Turns an address range (`192.0.2.0 - 192.0.3.127`, as RIPE `inetnum` objects and RIR
/// statistics give it) into the fewest prefixes that cover exactly that range, since the
/// registry stores prefixes.
public enum PrefixCover {
    /// The prefixes covering `range`, in address order.
    public static func prefixes(_ range: ClosedRange<UInt32>) -> [IPPrefix] {
        cover(range.lowerBound, range.upperBound).map { IPPrefix(address: .v4($0.start), length: $0.length) }
    }

    /// The prefixes covering `range`, in address order.
    public static func prefixes(_ range: ClosedRange<UInt128>) -> [IPPrefix] {
        cover(range.lowerBound, range.upperBound).map { IPPrefix(address: .v6($0.start), length: $0.length) }
    }

    /// The prefixes covering the range from `first` to `last`, given as address text; nil
    /// when either is not an address, the families differ or `first` is above `last`.
    public static func prefixes(_ first: String, _ last: String) -> [IPPrefix]? {
        switch (IPAddress(first), IPAddress(last)) {
        case (.v4(let a)?, .v4(let b)?): return a <= b ? prefixes(a...b) : nil
        case (.v6(let a)?, .v6(let b)?): return a <= b ? prefixes(a...b) : nil
        default: return nil
        }
    }

    /// Greedy: from the low end, take the largest aligned block that does not pass the
    /// high end. At most two blocks per bit, so at most 64 (IPv4) or 256 (IPv6).
    /// Written without `last + 1` until it is known not to overflow, so the range may end
    /// at the top of the address space.
    static func cover<T: FixedWidthInteger & UnsignedInteger>(_ first: T, _ last: T) -> [(start: T, length: Int)] {
        var out: [(start: T, length: Int)] = []
        var start = first
        while true {
            var hostBits = start == 0 ? T.bitWidth : start.trailingZeroBitCount
            while hostBits > 0 && last - start < span(hostBits, T.self) { hostBits -= 1 }
            out.append((start, T.bitWidth - hostBits))
            let end = start + span(hostBits, T.self)
            if end == last { return out }
            start = end + 1
        }
    }

    /// Addresses in a block of `hostBits` host bits, minus one.
    static func span<T: FixedWidthInteger & UnsignedInteger>(_ hostBits: Int, _: T.Type) -> T {
        hostBits >= T.bitWidth ? T.max : (T(1) << hostBits) - 1
    }
}
