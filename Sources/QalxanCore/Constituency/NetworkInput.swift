/// Why a typed network (prefix, AS number or domain) was refused.
public enum NetworkInputError: Error, Equatable, Sendable {
    case empty
    case invalidPrefix
    /// The address is fine but the length is beyond /32 or /128.
    case prefixLength
    case invalidASN
    case invalidDomain

    /// The catalog key of the message shown to the person who typed it.
    public var key: String {
        switch self {
        case .empty: "error.network.empty"
        case .invalidPrefix: "error.network.prefix"
        case .prefixLength: "error.network.prefix_length"
        case .invalidASN: "error.network.asn"
        case .invalidDomain: "error.network.domain"
        }
    }
}

/// One entry of a constituency's networks: an IP prefix, an AS number or a domain.
public enum NetworkValue: Hashable, Sendable {
    case prefix(IPPrefix)
    case asn(UInt32)
    /// Canonical ASCII form, as `DomainName.normalise` gives it.
    case domain(String)

    /// Canonical text: `10.0.0.0/8`, `2001:db8::/32`, `AS29049`, `example.az`.
    public var text: String {
        switch self {
        case .prefix(let p): p.description
        case .asn(let n): ASNumber.text(n)
        case .domain(let d): d
        }
    }

    /// `ipv4`, `ipv6`, `asn` or `domain`: what the entry is matched against.
    public var kind: String {
        switch self {
        case .prefix(let p):
            switch p.address { case .v4: "ipv4"; case .v6: "ipv6" }
        case .asn: "asn"
        case .domain: "domain"
        }
    }

    /// Reads one typed entry, deciding by its shape what it is meant to be, so that the
    /// error names what the person was trying to write: text with ':', or starting with a
    /// digit and holding a '/' or made only of digits and dots, is a prefix; `AS…` or
    /// plain digits an AS number; anything else a domain. A bare address is a host prefix (/32, /128); host
    /// bits are cleared (`10.1.2.3/8` → `10.0.0.0/8`). Asdot is accepted only with its
    /// `AS` (`AS1.10`): bare `1.10` looks like an unfinished address.
    public static func parse(_ text: String) -> Result<NetworkValue, NetworkInputError> {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty else { return .failure(.empty) }
        let bytes = Array(s.utf8)

        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let dottedNumber = bytes.contains(UInt8(ascii: ".")) && bytes.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") }
        if bytes.contains(UInt8(ascii: ":"))
            || (isDigit(bytes[0]) && (bytes.contains(UInt8(ascii: "/")) || dottedNumber)) {
            return parsePrefix(s).map(NetworkValue.prefix)
        }

        let asWord = bytes.count >= 2 && bytes[0] | 0x20 == UInt8(ascii: "a") && bytes[1] | 0x20 == UInt8(ascii: "s")
        // `AS` then a digit (or a space, to say "no spaces" rather than "bad domain");
        // `asus.az` and `as.az` stay domains.
        let asnShape = (asWord && (bytes.count == 2 || isDigit(bytes[2]) || bytes[2] == UInt8(ascii: " ")))
            || bytes.allSatisfy(isDigit)
        if asnShape {
            guard let n = ASNumber.parse(s) else { return .failure(.invalidASN) }
            return .success(.asn(n))
        }

        guard let domain = DomainName.normalise(s) else { return .failure(.invalidDomain) }
        return .success(.domain(domain))
    }

    /// The minimal list of CIDR prefixes covering the inclusive range `first - last` of
    /// one family (RIPE `inetnum: 193.0.0.0 - 193.0.7.255` → `193.0.0.0/21`), in
    /// ascending order; nil when either end is not an address, the families differ, or
    /// the range runs backwards.
    public static func parseRange(_ text: String) -> [IPPrefix]? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let first = IPAddress(parts[0].trimmingCharacters(in: .whitespaces)),
              let last = IPAddress(parts[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        return IPPrefix.covering(first, last)
    }

    private static func parsePrefix(_ s: String) -> Result<IPPrefix, NetworkInputError> {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return .failure(.invalidPrefix) }
        let maxLength: Int
        switch address { case .v4: maxLength = 32; case .v6: maxLength = 128 }
        guard parts.count == 2 else { return .success(IPPrefix(address: address, length: maxLength)) }
        let digits = parts[1].utf8
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(.invalidPrefix)
        }
        // Digits, but too many for any family: a length error, like /33, not a shape error.
        guard digits.count <= 3, let length = Int(parts[1]), length <= maxLength else { return .failure(.prefixLength) }
        return .success(IPPrefix(address: address, length: length))
    }

}

extension IPPrefix {
    /// The fewest prefixes covering the inclusive range `first...last`, in ascending
    /// order; nil when the families differ or the range runs backwards.
    public static func covering(_ first: IPAddress, _ last: IPAddress) -> [IPPrefix]? {
        switch (first, last) {
        case (.v4(let a), .v4(let b)): return a <= b ? covering(a...b) : nil
        case (.v6(let a), .v6(let b)): return a <= b ? covering(a...b) : nil
        default: return nil
        }
    }

    /// The fewest IPv4 prefixes covering `range` (a delegated block of any size).
    public static func covering(_ range: ClosedRange<UInt32>) -> [IPPrefix] {
        decompose(UInt128(range.lowerBound), UInt128(range.upperBound), bits: 32)
            .map { IPPrefix(address: .v4(UInt32($0.start)), length: $0.length) }
    }

    /// The fewest IPv6 prefixes covering `range`.
    public static func covering(_ range: ClosedRange<UInt128>) -> [IPPrefix] {
        decompose(range.lowerBound, range.upperBound, bits: 128).map { IPPrefix(address: .v6($0.start), length: $0.length) }
    }

    /// Greedy split: from the current start, the largest aligned block that does not pass
    /// the end. At most 2 × `bits` blocks, each found in at most `bits` steps.
    static func decompose(_ start: UInt128, _ end: UInt128, bits: Int) -> [(start: UInt128, length: Int)] {
        func span(_ hostBits: Int) -> UInt128 { hostBits >= 128 ? ~0 : (UInt128(1) << UInt128(hostBits)) - 1 }
        var blocks: [(start: UInt128, length: Int)] = []
        var current = start
        while true {
            var hostBits = current == 0 ? bits : Swift.min(current.trailingZeroBitCount, bits)
            while hostBits > 0, end - current < span(hostBits) { hostBits -= 1 }
            blocks.append((current, bits - hostBits))
            let blockEnd = current + span(hostBits)
            if blockEnd == end { return blocks }
            current = blockEnd + 1
        }
    }
}
