/// Dotted-quad IPv4 parsing on bytes, for the hot loops of the importers: the general
/// `IPAddress` parser trims through Foundation and calls `inet_pton`, which costs more
/// than everything else a statistics line needs.
enum AddressText {
    /// A dotted quad without leading zeros (which `IPAddress` refuses too), or nil.
    static func ipv4<C: Collection<UInt8>>(_ bytes: C) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0, leadingZero = false
        for c in bytes {
            if c == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
                leadingZero = false
            } else {
                let d = c &- 0x30
                guard d < 10, !leadingZero, digits < 3 else { return nil }
                if digits == 0 && d == 0 { leadingZero = true }
                octet = octet * 10 + UInt32(d)
                digits += 1
                guard octet <= 255 else { return nil }
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return value << 8 | octet
    }

    /// `a.b.c.d/n` or `a.b.c.d` as a prefix (host bits cleared), or nil when it is not
    /// IPv4 in that form.
    static func ipv4Prefix(_ text: String) -> IPPrefixParts? {
        let utf8 = text.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return ipv4(utf8).map { IPPrefixParts(address: $0, length: 32, bare: true) }
        }
        let lengthBytes = utf8[utf8.index(after: slash)...]
        guard let address = ipv4(utf8[..<slash]), (1...2).contains(lengthBytes.count),
              lengthBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let length = Int(Substring(lengthBytes)), length <= 32 else { return nil }
        return IPPrefixParts(address: address, length: length, bare: false)
    }

    struct IPPrefixParts {
        var address: UInt32
        var length: Int
        var bare: Bool
    }
}
