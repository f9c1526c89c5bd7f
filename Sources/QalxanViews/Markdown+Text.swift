extension Markdown {
    // MARK: Characters

    static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    static func isASCIIDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    static func isHexDigit(_ c: UInt8) -> Bool {
        isASCIIDigit(c) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
    }

    /// The scalar that starts at byte `i` of valid UTF-8.
    static func scalar(at i: Int, in s: [UInt8]) -> Unicode.Scalar {
        let b0 = UInt32(s[i])
        let value: UInt32
        switch b0 {
        case 0..<0x80: value = b0
        case 0xC0..<0xE0 where i + 1 < s.count:
            value = (b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F)
        case 0xE0..<0xF0 where i + 2 < s.count:
            value = (b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F)
        case 0xF0...0xFF where i + 3 < s.count:
            value = (b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F)
        default: value = 0xFFFD
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The scalar that ends just before byte `i` of valid UTF-8.
    static func scalar(before i: Int, in s: [UInt8]) -> Unicode.Scalar {
        var j = i - 1
        while j > 0 && s[j] & 0xC0 == 0x80 && i - j < 4 { j -= 1 }
        return scalar(at: j, in: s)
    }

    /// Unicode whitespace as CommonMark means it: Zs, tab, line feed, form feed, return.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return c.properties.generalCategory == .spaceSeparator
        }
    }

    /// Unicode punctuation as CommonMark 0.31 means it: the P and S general categories.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 {
            let b = UInt8(c.value)
            return (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
        }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    // MARK: Character references

    /// A character reference at `start` (`&amp;`, `&#39;`, `&#x27;`): its text and the
    /// position after the `;`, or nil when there is none. The text is nil for a reference
    /// to a control character (dropped like the control characters in the source) and
    /// U+FFFD for one to no character at all (0, a surrogate, past U+10FFFF).
    static func characterReference(in s: [UInt8], at start: Int) -> (String?, Int)? {
        guard start + 2 < s.count, s[start] == UInt8(ascii: "&") else { return nil }
        var q = start + 1
        if s[q] == UInt8(ascii: "#") {
            q += 1
            let hex = q < s.count && (s[q] | 0x20) == UInt8(ascii: "x")
            if hex { q += 1 }
            let digitsStart = q
            var value: UInt32 = 0
            while q < s.count, q - digitsStart < (hex ? 6 : 7), hex ? isHexDigit(s[q]) : isASCIIDigit(s[q]) {
                value = value * (hex ? 16 : 10) + UInt32(hexValue(s[q]))
                q += 1
            }
            guard q > digitsStart, q < s.count, s[q] == UInt8(ascii: ";") else { return nil }
            guard value != 0 else { return ("\u{FFFD}", q + 1) }
            if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F {
                return (nil, q + 1)
            }
            guard let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", q + 1) }
            return (String(Character(scalar)), q + 1)
        }
        let nameStart = q
        while q < s.count, q - nameStart < 32, isASCIILetter(s[q]) || isASCIIDigit(s[q]) { q += 1 }
        guard q - nameStart >= 2, q < s.count, s[q] == UInt8(ascii: ";"), isASCIILetter(s[nameStart]),
              let text = entities[String(decoding: s[nameStart..<q], as: UTF8.self)] else { return nil }
        return (text, q + 1)
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        isASCIIDigit(c) ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10
    }

    /// A link destination or title or an info string with backslash escapes and
    /// character references resolved.
    static func unescaped(_ s: [UInt8]) -> String {
        guard s.contains(UInt8(ascii: "\\")) || s.contains(UInt8(ascii: "&")) else { return String(decoding: s, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\\"), i + 1 < s.count, isASCIIPunctuationByte(s[i + 1]) {
                out.append(s[i + 1])
                i += 2
            } else if c == UInt8(ascii: "&"), let (text, end) = characterReference(in: s, at: i) {
                if let text { out.append(contentsOf: text.utf8) }
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isASCIIPunctuationByte(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    // MARK: URLs

    private static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The URL percent-encoded for an `href`, or nil when it may not be linked: only
    /// `http`, `https`, `mailto` and relative URLs pass. The scheme is judged on what the
    /// browser will see, after references and escapes are resolved and with whitespace
    /// and control characters (which browsers strip inside schemes) left out, so neither
    /// `jav&#x61;script:` nor `java\tscript:` nor `JaVaScRiPt:` gets through.
    static func safeURL(_ url: String) -> (href: String, external: Bool)? {
        let href = percentEncoded(url)
        let probe = Array(url.utf8.filter { $0 > 0x20 && $0 != 0x7F })
        if probe.starts(with: Array("//".utf8)) || probe.starts(with: Array("\\\\".utf8))
            || probe.starts(with: Array("/\\".utf8)) || probe.starts(with: Array("\\/".utf8)) {
            // Protocol-relative: another host over http(s).
            return (href, true)
        }
        let stop = probe.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        guard let stop, probe[stop] == UInt8(ascii: ":") else { return (href, false) }
        let scheme = String(decoding: probe[..<stop], as: UTF8.self).lowercased()
        guard allowedSchemes.contains(scheme) else { return nil }
        // The encoded form must say the same: nothing may hide in front of the scheme.
        guard href.lowercased().hasPrefix(scheme + ":") else { return nil }
        return (href, scheme != "mailto")
    }

    /// Percent-encodes what may not appear in a URL as it is (CommonMark's
    /// normalisation): letters, digits, `;/?:@&=+$,-_.!~*'()#` and valid `%XX` stay.
    static func percentEncoded(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for (i, b) in bytes.enumerated() {
            if isASCIILetter(b) || isASCIIDigit(b) || urlSafe[Int(b)] {
                out.append(b)
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let urlSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in ";/?:@&=+$,-_.!~*'()#".utf8 { table[Int(b)] = true }
        return table
    }()

    // MARK: Escaping

    /// Appends text escaped for element content and quoted attribute values.
    static func appendEscaped<S: Sequence>(_ text: S, to out: inout [UInt8]) where S.Element == UInt8 {
        for b in text {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(b)
            }
        }
    }
}
