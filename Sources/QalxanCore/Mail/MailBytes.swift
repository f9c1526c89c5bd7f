/// Low-level helpers for scanning mail bytes. Mail is bytes, not UTF-8.
enum MailBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// One line inside a byte buffer: `start..<end` is the content without the
    /// line break, `next` is where the following line starts.
    struct Line {
        let start: Int
        let end: Int
        let next: Int
        var isEmpty: Bool { start == end }
    }

    /// Returns the line beginning at `start`; CRLF, LF and bare CR all end a line.
    static func line(in bytes: [UInt8], from start: Int) -> Line? {
        guard start >= 0, start < bytes.count else { return nil }
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == lf { return Line(start: start, end: i, next: i + 1) }
            if b == cr {
                if i + 1 < bytes.count, bytes[i + 1] == lf {
                    return Line(start: start, end: i, next: i + 2)
                }
                return Line(start: start, end: i, next: i + 1)
            }
            i += 1
        }
        return Line(start: start, end: i, next: i)
    }

    /// True for space, tab, CR, LF, vertical tab and form feed.
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0B || b == 0x0C
    }

    /// Decodes bytes as UTF-8 when valid, otherwise as ISO-8859-1.
    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return latin1(bytes)
    }

    /// Decodes bytes as ISO-8859-1 (every byte is one code point).
    static func latin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var view = String.UnicodeScalarView()
        for b in bytes { view.append(Unicode.Scalar(b)) }
        return String(view)
    }

    /// Value of an ASCII hex digit, or nil.
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// ASCII lower-casing of one byte.
    static func lower(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
    }

    /// True when `bytes` at `offset` starts with `prefix` (ASCII case-insensitive when asked).
    static func hasPrefix(_ bytes: [UInt8], at offset: Int, _ prefix: [UInt8], caseInsensitive: Bool = false) -> Bool {
        guard offset >= 0, offset + prefix.count <= bytes.count else { return false }
        for (k, p) in prefix.enumerated() {
            let b = bytes[offset + k]
            if caseInsensitive ? lower(b) != lower(p) : b != p { return false }
        }
        return true
    }

    /// Converts CRLF and bare CR line endings to LF.
    static func normalizeNewlines(_ s: String) -> String {
        guard s.utf8.contains(cr) else { return s }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in s.unicodeScalars {
            if u == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if u == "\n", previousCR { previousCR = false; continue }
            previousCR = false
            out.append(u)
        }
        return String(out)
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var mailTrimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// The string with every run of whitespace replaced by one space, trimmed.
    var mailCollapsedWhitespace: String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in unicodeScalars {
            if u.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(u)
            }
        }
        return String(out)
    }
}
