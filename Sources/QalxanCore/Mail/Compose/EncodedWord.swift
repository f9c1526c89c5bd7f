import Foundation

/// RFC 2047 encoded-word generation (UTF-8, `B` or `Q` encoding).
enum EncodedWord {
    /// Default maximum length of one encoded word (`To: ` plus one word, or a folded line, fits in 78 columns).
    static let maximumWordLength = 66
    /// RFC 2047 §2 limit for an encoded word.
    static let absoluteMaximumWordLength = 75

    /// Characters that may appear literally inside a `Q` encoded word in any context (RFC 2047 §5(3)).
    private static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// Whether `text` must be encoded to be carried in an unstructured header or phrase.
    static func needsEncoding(_ text: String) -> Bool {
        !HeaderText.isPrintableASCII(text) || text.contains("=?")
    }

    /// Encodes `text` as a space-separated sequence of encoded words; the first is at most `firstWordLimit`
    /// characters, later ones at most ``maximumWordLength``.
    ///
    /// Words are split only between Unicode scalars, so no multi-byte character is ever split.
    static func encode(_ text: String, firstWordLimit: Int = maximumWordLength) -> String {
        let bytes = Array(text.utf8)
        let qCost = bytes.reduce(0) { $0 + (isQLiteral($1) || $1 == 0x20 ? 1 : 3) }
        let useQ = qCost <= (bytes.count * 4 + 2) / 3 + 2
        let prefix = useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?"
        let firstLimit = min(max(firstWordLimit, 24), absoluteMaximumWordLength)
        var words: [String] = []
        var budget: Int { (words.isEmpty ? firstLimit : maximumWordLength) - prefix.count - 2 }
        var chunk: [UInt8] = []
        func encodedLength(_ chunk: [UInt8]) -> Int {
            useQ ? chunk.reduce(0) { $0 + (isQLiteral($1) || $1 == 0x20 ? 1 : 3) } : (chunk.count + 2) / 3 * 4
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + (useQ ? qEncode(chunk) : Data(chunk).base64EncodedString()) + "?=")
            chunk = []
        }
        for scalar in text.unicodeScalars {
            let scalarBytes = Array(String(scalar).utf8)
            if !chunk.isEmpty && encodedLength(chunk + scalarBytes) > budget { flush() }
            chunk.append(contentsOf: scalarBytes)
        }
        flush()
        return words.joined(separator: " ")
    }

    private static func qEncode(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if byte == 0x20 { out.append("_") } else if isQLiteral(byte) { out.append(Character(Unicode.Scalar(byte))) } else { out.append("=" + Hex.byte(byte)) }
        }
        return out
    }
}

/// Uppercase hexadecimal formatting.
enum Hex {
    private static let digits = Array("0123456789ABCDEF")
    /// Two uppercase hex digits for `byte`.
    static func byte(_ byte: UInt8) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
