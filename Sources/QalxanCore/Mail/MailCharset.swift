/// Decodes text in the charsets found in real-world mail without relying on
/// Foundation's platform-dependent `String.Encoding` support.
///
/// Supported: UTF-8, US-ASCII, ISO-8859-1 to -16 (no -12), windows-1250 to
/// -1258, KOI8-R and KOI8-U, plus their common aliases.
public enum MailCharset {
    /// Decodes `bytes` with the named charset, or returns nil when the charset
    /// is unknown. Invalid UTF-8 and undefined bytes become U+FFFD.
    public static func decode(_ bytes: [UInt8], charset: String) -> String? {
        guard let name = canonicalName(charset) else { return nil }
        switch name {
        case "utf-8":
            return String(decoding: bytes, as: UTF8.self)
        case "us-ascii":
            var view = String.UnicodeScalarView()
            for b in bytes { view.append(b < 0x80 ? Unicode.Scalar(b) : "\u{FFFD}") }
            return String(view)
        default:
            guard let table = highTable(canonicalName: name) else { return nil }
            var view = String.UnicodeScalarView()
            for b in bytes {
                if b < 0x80 {
                    view.append(Unicode.Scalar(b))
                } else {
                    view.append(Unicode.Scalar(table[Int(b) - 0x80]) ?? "\u{FFFD}")
                }
            }
            return String(view)
        }
    }

    /// True when `decode` understands the named charset.
    public static func isSupported(_ charset: String) -> Bool {
        canonicalName(charset) != nil
    }

    /// Maps a charset label (any case, quoted, aliased) to its canonical name,
    /// such as `utf-8`, `us-ascii`, `iso-8859-9` or `windows-1251`; nil when unknown.
    public static func canonicalName(_ label: String) -> String? {
        var raw = label.mailTrimmed.lowercased()
        raw = raw.trimmingQuotes()
        if let colon = raw.firstIndex(of: ":") { raw = String(raw[..<colon]) }  // iso-8859-1:1987
        if raw.hasPrefix("x-") { raw.removeFirst(2) }
        // Keep only letters and digits: "iso_8859-1", "ISO8859-1" and "iso-8859-1" all become "iso88591".
        let key = String(raw.unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") })
        switch key {
        case "utf8", "unicode11utf8": return "utf-8"
        case "usascii", "ascii", "ansix341968", "us", "iso646us", "cp367", "ibm367": return "us-ascii"
        case "latin1", "l1", "cp819", "ibm819": return "iso-8859-1"
        case "latin2", "l2": return "iso-8859-2"
        case "latin3", "l3": return "iso-8859-3"
        case "latin4", "l4": return "iso-8859-4"
        case "cyrillic": return "iso-8859-5"
        case "arabic": return "iso-8859-6"
        case "greek", "greek8": return "iso-8859-7"
        case "hebrew": return "iso-8859-8"
        case "latin5", "l5": return "iso-8859-9"
        case "latin6", "l6": return "iso-8859-10"
        case "latin7", "l7": return "iso-8859-13"
        case "latin8", "l8": return "iso-8859-14"
        case "latin9", "l9": return "iso-8859-15"
        case "latin10", "l10": return "iso-8859-16"
        case "koi8r", "koi8": return "koi8-r"
        case "koi8u": return "koi8-u"
        default: break
        }
        if key.hasPrefix("iso8859"), let n = Int(key.dropFirst(7)), (1...16).contains(n), n != 12 {
            return "iso-8859-\(n)"
        }
        for prefix in ["windows", "cp", "win", "ms"] where key.hasPrefix(prefix) {
            if let n = Int(key.dropFirst(prefix.count)), (1250...1258).contains(n) {
                return "windows-\(n)"
            }
        }
        return nil
    }
}

extension String {
    /// The string without one pair of surrounding double or single quotes.
    func trimmingQuotes() -> String {
        var s = self
        while let f = s.first, f == "\"" || f == "'" { s.removeFirst() }
        while let l = s.last, l == "\"" || l == "'" { s.removeLast() }
        return s
    }
}
