/// Finds ticket tags such as `[QX-2026-00042]` in subjects.
public enum MailTag {
    /// Returns the first `[PREFIX-YYYY-NNNNN]` tag (prefix case-insensitive, a
    /// four-digit year, at least five digits) upper-cased without brackets, or nil.
    public static func find(in subject: String, prefix: String) -> String? {
        let s = Array(subject.utf8)
        let p = Array(prefix.utf8)
        guard !p.isEmpty else { return nil }
        var i = 0
        while i < s.count {
            defer { i += 1 }
            guard s[i] == 0x5B, MailBytes.hasPrefix(s, at: i + 1, p, caseInsensitive: true) else { continue }
            var j = i + 1 + p.count
            guard j < s.count, s[j] == 0x2D else { continue }
            j += 1
            let yearStart = j
            while j < s.count, isDigit(s[j]) { j += 1 }
            guard j - yearStart == 4, j < s.count, s[j] == 0x2D else { continue }
            j += 1
            let numberStart = j
            while j < s.count, isDigit(s[j]) { j += 1 }
            guard j - numberStart >= 5, j < s.count, s[j] == 0x5D else { continue }
            return String(decoding: s[(i + 1)..<j], as: UTF8.self).uppercased()
        }
        return nil
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
