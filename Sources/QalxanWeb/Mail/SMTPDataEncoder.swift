/// Prepares message bytes for the SMTP `DATA` phase (RFC 5321 §4.5.2).
public enum SMTPDataEncoder {
    /// Returns the message with every line ending normalised to CRLF (bare LF and bare CR converted),
    /// lines starting with `.` dot-stuffed, a final CRLF added if missing, followed by `.` CRLF.
    public static func encode(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var index = 0
        let count = message.count
        while index < count {
            let byte = message[index]
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            switch byte {
            case 0x0D:
                out.append(0x0D); out.append(0x0A)
                if index + 1 < count && message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            case 0x0A:
                out.append(0x0D); out.append(0x0A)
                atLineStart = true
            default:
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out.append(0x0D); out.append(0x0A) }
        out.append(contentsOf: [UInt8(ascii: "."), 0x0D, 0x0A])
        return out
    }

    /// Whether the message contains bytes ≥ 0x80 (needs `BODY=8BITMIME`).
    public static func hasEightBitData(_ message: [UInt8]) -> Bool {
        message.contains { $0 >= 0x80 }
    }
}
