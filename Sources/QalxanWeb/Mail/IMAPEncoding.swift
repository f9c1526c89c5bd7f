/// Argument encoding for IMAP commands.
enum IMAPEncoding {
    /// A command argument: either inline text or a synchronizing literal.
    enum Argument: Equatable {
        case inline([UInt8])
        case literal([UInt8])
    }

    /// Whether `value` contains CR, LF or NUL (never sendable in any IMAP string form here).
    static func hasForbiddenControl(_ value: String) -> Bool {
        value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// A quoted string (`"` and `\` escaped) for 7-bit text, else a literal of the UTF-8 bytes.
    /// The caller must have rejected CR/LF/NUL.
    static func astring(_ value: String) -> Argument {
        let bytes = Array(value.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return .literal(bytes) }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return .inline(out)
    }

    /// Splits `tag command args…` into pieces to send; a server continuation (`+`) is awaited between pieces.
    static func pieces(_ prefix: String, _ arguments: [Argument]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var current = Array(prefix.utf8)
        for argument in arguments {
            current.append(UInt8(ascii: " "))
            switch argument {
            case .inline(let bytes):
                current.append(contentsOf: bytes)
            case .literal(let bytes):
                current.append(contentsOf: Array("{\(bytes.count)}\r\n".utf8))
                pieces.append(current)
                current = bytes
            }
        }
        current.append(contentsOf: [0x0D, 0x0A])
        pieces.append(current)
        return pieces
    }

    /// Modified UTF-7 mailbox name encoding (RFC 3501 §5.1.3).
    static func mailboxName(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            out += "&" + base64(bytes, padding: false).replacingOccurrences("/", ",") + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return out
    }

    /// Standard base64.
    static func base64(_ bytes: [UInt8], padding: Bool = true) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if index + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) } else if padding { out.append(UInt8(ascii: "=")) }
            if index + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3F)]) } else if padding { out.append(UInt8(ascii: "=")) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
