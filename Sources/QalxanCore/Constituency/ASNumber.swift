/// Autonomous system numbers (RFC 6793, 32-bit), as typed by people and written in
/// registry data.
public enum ASNumber {
    /// The number in `AS29049`, `as29049`, `29049`, asdot `1.10` or `AS1.10` (= 65546);
    /// nil for anything else. Surrounding ASCII whitespace is ignored, inner whitespace is not.
    /// AS 0 (RFC 7607) and AS 23456 (AS_TRANS, RFC 6793) are refused: neither ever
    /// names a real network, so seeing one means the data is wrong.
    public static func parse(_ text: String) -> UInt32? {
        // Trimmed by hand: the extractor calls this per `AS…` word, and Foundation's
        // trimming costs more than the rest together. Non-ASCII spaces stay and fail.
        let isSpace = { (b: UInt8) in b == 0x20 || (0x09...0x0D).contains(b) }
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
        if bytes.count >= 2, bytes.first! | 0x20 == UInt8(ascii: "a"),
           bytes[bytes.index(after: bytes.startIndex)] | 0x20 == UInt8(ascii: "s") {
            bytes = bytes.dropFirst(2)
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 2, omittingEmptySubsequences: false)
        let value: UInt64
        switch parts.count {
        case 1:
            guard let v = number(parts[0], max: UInt64(UInt32.max)) else { return nil }
            value = v
        case 2:
            // asdot (RFC 5396): high and low 16-bit halves.
            guard let high = number(parts[0], max: 0xFFFF), let low = number(parts[1], max: 0xFFFF) else { return nil }
            value = high << 16 | low
        default:
            return nil
        }
        guard value != 0, value != 23456 else { return nil }
        return UInt32(value)
    }

    /// The conventional text of an AS number: `AS29049`.
    public static func text(_ n: UInt32) -> String { "AS\(n)" }

    /// ASCII digits only (no sign, no other scripts' digits), at most `max`.
    private static func number(_ digits: Substring.UTF8View.SubSequence, max: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 10 else { return nil }
        var v: UInt64 = 0
        for b in digits {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + UInt64(b - UInt8(ascii: "0"))
        }
        return v <= max ? v : nil
    }
}
