/// Decoders for the MIME Content-Transfer-Encodings and RFC 2047 Q encoding.
public enum MailTransferEncoding {
    private static let base64Values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Decodes base64, ignoring whitespace and tolerating missing padding.
    /// Returns nil when the text holds characters outside the base64 alphabet.
    public static func decodeBase64<C: Collection>(_ bytes: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        var sawPadding = false
        for b in bytes {
            if MailBytes.isWhitespace(b) { continue }
            if b == 0x3D { sawPadding = true; continue }  // '='
            let v = base64Values[Int(b)]
            guard v >= 0 else { return nil }
            if sawPadding { continue }  // data after padding: ignore, as most clients do
            buffer = (buffer << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    /// Decodes quoted-printable leniently: bad escapes are kept literally,
    /// `=` at the end of a line is a soft line break, trailing spaces are dropped.
    public static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pos = 0
        while let line = MailBytes.line(in: bytes, from: pos) {
            var end = line.end
            while end > line.start, bytes[end - 1] == MailBytes.space || bytes[end - 1] == MailBytes.tab { end -= 1 }
            var softBreak = false
            var i = line.start
            while i < end {
                let b = bytes[i]
                if b == 0x3D {
                    if i + 1 == end { softBreak = true; i += 1; continue }
                    if i + 2 < end, let h = MailBytes.hexValue(bytes[i + 1]), let l = MailBytes.hexValue(bytes[i + 2]) {
                        out.append(h << 4 | l)
                        i += 3
                        continue
                    }
                }
                out.append(b)
                i += 1
            }
            if !softBreak && line.next > line.end {
                out.append(contentsOf: bytes[line.end..<line.next])
            }
            pos = line.next
            if line.next == line.end { break }
        }
        return out
    }

    /// Decodes the RFC 2047 "Q" encoding: like quoted-printable, `_` is a space.
    static func decodeQ<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        let a = Array(bytes)
        var out: [UInt8] = []
        var i = 0
        while i < a.count {
            let b = a[i]
            if b == 0x5F {
                out.append(0x20)
            } else if b == 0x3D, i + 2 < a.count, let h = MailBytes.hexValue(a[i + 1]), let l = MailBytes.hexValue(a[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// Decodes a body for the named Content-Transfer-Encoding (case-insensitive).
    /// Unknown encodings and 7bit/8bit/binary return the bytes unchanged.
    static func decodeBody(_ bytes: [UInt8], encoding: String?) throws(MailParseError) -> [UInt8] {
        let name = (encoding ?? "").mailTrimmed.lowercased().trimmingQuotes()
        switch name {
        case "base64":
            guard let decoded = decodeBase64(bytes) else {
                throw .badEncoding("The base64 body contains characters outside the base64 alphabet.")
            }
            return decoded
        case "quoted-printable":
            return decodeQuotedPrintable(bytes)
        default:
            return bytes
        }
    }
}
