/// RFC 2047 encoded-word decoding (`=?charset?B|Q?text?=`).
public enum MailEncodedWord {
    /// Decodes every encoded-word in `text`. Whitespace between two adjacent
    /// encoded-words is removed; adjacent words in the same charset are joined
    /// before decoding so split multi-byte characters survive. Malformed words
    /// are kept as written; unknown charsets fall back to UTF-8.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.contains(0x3F) else { return text }
        var out = ""
        var pending: [UInt8] = []
        var pendingCharset: String?
        var literalStart = 0
        var i = 0

        func flush() {
            if let cs = pendingCharset {
                out += MailCharset.decode(pending, charset: cs) ?? String(decoding: pending, as: UTF8.self)
            }
            pending = []
            pendingCharset = nil
        }

        while i + 1 < bytes.count {
            guard bytes[i] == 0x3D, bytes[i + 1] == 0x3F, let word = parseWord(bytes, at: i) else {
                i += 1
                continue
            }
            let literal = bytes[literalStart..<i]
            if !(pendingCharset != nil && literal.allSatisfy(MailBytes.isWhitespace)) {
                flush()
                out += String(decoding: literal, as: UTF8.self)
            }
            if pendingCharset != word.charset { flush() }
            pendingCharset = word.charset
            pending.append(contentsOf: word.bytes)
            i = word.end
            literalStart = i
        }
        flush()
        if literalStart < bytes.count {
            out += String(decoding: bytes[literalStart...], as: UTF8.self)
        }
        return out
    }

    private struct Word {
        let charset: String
        let bytes: [UInt8]
        let end: Int
    }

    /// Parses one encoded-word starting at `start` (which holds `=?`).
    private static func parseWord(_ b: [UInt8], at start: Int) -> Word? {
        var i = start + 2
        let charsetStart = i
        while i < b.count, b[i] != 0x3F {
            if MailBytes.isWhitespace(b[i]) || i - charsetStart > 64 { return nil }
            i += 1
        }
        guard i < b.count, i > charsetStart else { return nil }
        var charset = String(decoding: b[charsetStart..<i], as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        i += 1
        guard i + 1 < b.count, b[i + 1] == 0x3F else { return nil }
        let encoding = MailBytes.lower(b[i])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }  // b / q
        i += 2
        let textStart = i
        while i + 1 < b.count, !(b[i] == 0x3F && b[i + 1] == 0x3D) {
            if MailBytes.isWhitespace(b[i]) || i - textStart > 4096 { return nil }
            i += 1
        }
        guard i + 1 < b.count else { return nil }
        let text = b[textStart..<i]
        let decoded: [UInt8]
        if encoding == 0x62 {
            guard let d = MailTransferEncoding.decodeBase64(text) else { return nil }
            decoded = d
        } else {
            decoded = MailTransferEncoding.decodeQ(text)
        }
        return Word(charset: charset, bytes: decoded, end: i + 2)
    }
}
