import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as a number, for prefix arithmetic.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (with `::`, and with an
    /// embedded IPv4 tail); nil otherwise. Leading zeros in IPv4 octets are refused,
    /// as `inet_pton` does, so `010.0.0.1` is never read as octal or decimal by surprise.
    public init?(_ text: String) {
        // Feeds hand over millions of plain dotted quads: read those without Foundation.
        if let v = IPAddress.dottedQuad(text) { self = .v4(v); return }
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        if s.contains(":") {
            var a = in6_addr()
            guard inet_pton(AF_INET6, s, &a) == 1 else { return nil }
            var v: UInt128 = 0
            withUnsafeBytes(of: &a) { raw in for b in raw { v = v << 8 | UInt128(b) } }
            self = .v6(v)
        } else {
            var a = in_addr()
            guard inet_pton(AF_INET, s, &a) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: a.s_addr))
        }
    }

    /// The value of a plain dotted quad (`192.0.2.1`: four decimal octets, no leading
    /// zeros, no spaces), read without allocating; nil for anything else.
    public static func dottedQuad(_ text: String) -> UInt32? {
        if let r = text.utf8.withContiguousStorageIfAvailable({ dottedQuad(bytes: $0) }) { return r }
        return dottedQuad(bytes: Array(text.utf8))
    }

    static func dottedQuad<C: Collection<UInt8>>(bytes: C) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, dots = 0, digits = 0
        for b in bytes {
            if b == 0x2E {
                guard digits > 0 else { return nil }
                value = value << 8 | octet; octet = 0; digits = 0; dots += 1
            } else if b >= 0x30 && b <= 0x39 {
                if digits == 1 && octet == 0 { return nil }  // leading zero
                octet = octet * 10 + UInt32(b - 0x30)
                digits += 1
                guard octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// Canonical text: dotted quad, or RFC 5952 compressed IPv6.
    public var description: String {
        switch self {
        case .v4(let v):
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        case .v6(let v):
            var a = in6_addr()
            withUnsafeMutableBytes(of: &a) { raw in
                for i in 0..<16 { raw[i] = UInt8(truncatingIfNeeded: v >> UInt128(8 * (15 - i))) }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            let end = buffer.firstIndex(of: 0) ?? buffer.count
            return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

/// An IP network: an address and a prefix length, normalised so that host bits are zero
/// (`10.1.2.3/8` → `10.0.0.0/8`).
public struct IPPrefix: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let length: Int

    /// Parses `address/length` (or a bare address, as a host prefix); nil when either
    /// part is invalid or the length is out of range for the family.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let max: Int
        switch address { case .v4: max = 32; case .v6: max = 128 }
        var length = max
        if parts.count == 2 {
            guard let l = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...max).contains(l) else { return nil }
            length = l
        }
        self.init(address: address, length: length)
    }

    /// The prefix of `length` bits containing `address`.
    public init(address: IPAddress, length: Int) {
        switch address {
        case .v4(let v):
            let l = Swift.max(0, Swift.min(32, length))
            let mask: UInt32 = l == 0 ? 0 : ~UInt32(0) << UInt32(32 - l)
            self.address = .v4(v & mask)
            self.length = l
        case .v6(let v):
            let l = Swift.max(0, Swift.min(128, length))
            let mask: UInt128 = l == 0 ? 0 : ~UInt128(0) << UInt128(128 - l)
            self.address = .v6(v & mask)
            self.length = l
        }
    }

    public var description: String { "\(address)/\(length)" }

    /// First and last address of an IPv4 prefix, as numbers (nil for IPv6).
    public var v4Range: ClosedRange<UInt32>? {
        guard case .v4(let v) = address else { return nil }
        let span: UInt32 = length == 0 ? ~0 : (length == 32 ? 0 : (UInt32(1) << UInt32(32 - length)) - 1)
        return v...(v | span)
    }

    var v6Range: ClosedRange<UInt128>? {
        guard case .v6(let v) = address else { return nil }
        let span: UInt128 = length == 0 ? ~0 : (length == 128 ? 0 : (UInt128(1) << UInt128(128 - length)) - 1)
        return v...(v | span)
    }
}
