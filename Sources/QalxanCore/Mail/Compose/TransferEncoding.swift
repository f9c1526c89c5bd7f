import Foundation

/// Content-Transfer-Encoding helpers (RFC 2045).
enum TransferEncoding {
    /// Splits text into lines, accepting CRLF, bare CR and bare LF as line breaks.
    /// A trailing line break does not produce an empty final line.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                lines.append(bytes[start..<index])
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    /// Joins lines with CRLF, ending with CRLF.
    static func joinCRLF<S: Sequence>(_ lines: S) -> [UInt8] where S.Element == ArraySlice<UInt8> {
        var out: [UInt8] = []
        for line in lines {
            out.append(contentsOf: line)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    /// Whether normalised text lines can be sent as `7bit` without changes that would alter them in transit.
    static func isSafe7bit(_ lines: [ArraySlice<UInt8>]) -> Bool {
        lines.allSatisfy { line in
            guard line.count <= 76 else { return false }
            if let last = line.last, last == 0x20 || last == 0x09 { return false }
            if line.first == UInt8(ascii: ".") || line.starts(with: Array("From ".utf8)) { return false }
            return line.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
        }
    }

    /// Quoted-printable encoding of text lines (RFC 2045 §6.7), output lines ≤ 76 characters, CRLF endings.
    ///
    /// Trailing whitespace is encoded, and a leading `.` or the `F` of a leading `From ` is encoded so the
    /// output survives dot-stuffing and mbox `From ` escaping unchanged.
    static func quotedPrintable(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            var tokens: [[UInt8]] = []
            let isFromLine = line.starts(with: Array("From ".utf8))
            for (offset, byte) in line.enumerated() {
                let isLast = offset == line.count - 1
                let literal: Bool
                switch byte {
                case 0x20, 0x09: literal = !isLast
                case UInt8(ascii: "="): literal = false
                case UInt8(ascii: "."): literal = offset != 0
                case UInt8(ascii: "F"): literal = !(offset == 0 && isFromLine)
                case 0x21...0x7E: literal = true
                default: literal = false
                }
                tokens.append(literal ? [byte] : Array(("=" + Hex.byte(byte)).utf8))
            }
            var column = 0
            for (index, token) in tokens.enumerated() {
                let isLastToken = index == tokens.count - 1
                // Keep room for the soft break "=" unless this token ends the line.
                let limit = isLastToken ? 76 : 75
                if column + token.count > limit {
                    out.append(contentsOf: Array("=\r\n".utf8))
                    column = 0
                    // A soft break may leave "." or "From " at the start of the next line; encode it.
                    if token == [UInt8(ascii: ".")] || token == [UInt8(ascii: "F")] {
                        let escaped = Array(("=" + Hex.byte(token[0])).utf8)
                        out.append(contentsOf: escaped); column = escaped.count; continue
                    }
                }
                out.append(contentsOf: token)
                column += token.count
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    /// Base64 with CRLF line breaks every 76 characters (RFC 2045 §6.8), ending with CRLF.
    static func base64(_ data: [UInt8]) -> [UInt8] {
        let encoded = Array(Data(data).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var index = 0
        while index < encoded.count {
            let end = min(index + 76, encoded.count)
            out.append(contentsOf: encoded[index..<end])
            out.append(contentsOf: [0x0D, 0x0A])
            index = end
        }
        return out
    }
}
