import Foundation

/// Parses the date formats found in mail and reports.
public enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "edt": -4 * 60, "est": -5 * 60, "cdt": -5 * 60, "cst": -6 * 60,
        "mdt": -6 * 60, "mst": -7 * 60, "pdt": -7 * 60, "pst": -8 * 60,
        "cet": 60, "cest": 120, "bst": 60,
    ]

    /// Parses an RFC 5322 date-time such as `Tue, 21 Apr 2020 10:25:47 +0000`.
    /// Tolerates comments, missing day names and seconds, two-digit years,
    /// named and military zones, and the asctime order (`Tue Apr 21 10:25:47 2020`).
    /// Falls back to ISO 8601. Returns nil when the text is not a date.
    public static func parse(_ text: String) -> Date? {
        var cleaned = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1; continue }
            if c == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { cleaned.append(c == "," ? " " : c) }
        }
        let tokens = cleaned.split(whereSeparator: { $0.isWhitespace }).map { String($0) }
        var numbers: [Int] = []
        var month: Int?
        var time: (Int, Int, Int)?
        var offset: Int?
        for token in tokens {
            let lower = token.lowercased()
            if token.contains(":") {
                guard time == nil else { continue }
                let parts = token.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
                guard parts.count >= 2, parts.count <= 3, let h = parts[0], let m = parts[1] else { return parseISO8601(text) }
                let s = parts.count == 3 ? parts[2] : 0
                guard let s else { return parseISO8601(text) }
                time = (h, m, s)
            } else if (token.hasPrefix("+") || token.hasPrefix("-")), token.count == 5, let v = Int(token.dropFirst()) {
                let minutes = (v / 100) * 60 + v % 100
                offset = token.hasPrefix("-") ? -minutes : minutes
            } else if let m = months.firstIndex(where: { lower.hasPrefix($0) }), lower.count >= 3, month == nil,
                      lower.allSatisfy({ $0.isLetter || $0 == "." }) {
                month = m + 1
            } else if let z = zones[lower] {
                if offset == nil { offset = z }
            } else if lower.count == 1, lower.first?.isLetter == true {
                if offset == nil { offset = 0 }  // military zone: unknown, treated as UTC
            } else if let n = Int(token), token.allSatisfy(\.isNumber) {
                numbers.append(n)
            }
        }
        guard let month, let time, numbers.count >= 2 else { return parseISO8601(text) }
        var day = numbers[0]
        var year = numbers[1]
        if day > 31 { swap(&day, &year) }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        return makeDate(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2,
                        offsetMinutes: offset ?? 0)
    }

    /// Parses ISO 8601 / RFC 3339 date-times such as `2018-02-05T14:17:10Z`,
    /// with optional fraction and offset; a date alone means midnight UTC.
    public static func parseISO8601(_ text: String) -> Date? {
        let s = Array(text.mailTrimmed.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from >= 0, from + len <= s.count else { return nil }
            var v = 0
            for b in s[from..<(from + len)] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), s.count >= 10, s[4] == 0x2D, let mo = num(5, 2), s[7] == 0x2D, let d = num(8, 2) else { return nil }
        if s.count == 10 { return makeDate(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, offsetMinutes: 0) }
        guard s.count >= 16, s[10] == 0x54 || s[10] == 0x74 || s[10] == 0x20,
              let h = num(11, 2), s[13] == 0x3A, let mi = num(14, 2) else { return nil }
        var i = 16
        var sec = 0
        if i < s.count, s[i] == 0x3A {
            guard let v = num(i + 1, 2) else { return nil }
            sec = v
            i += 3
        }
        if i < s.count, s[i] == 0x2E || s[i] == 0x2C {
            i += 1
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
        }
        var offset = 0
        if i < s.count {
            switch s[i] {
            case 0x5A, 0x7A: i += 1
            case 0x2B, 0x2D:
                let sign = s[i] == 0x2D ? -1 : 1
                guard let oh = num(i + 1, 2) else { return nil }
                var om = 0
                if let v = num(i + 4, 2), i + 3 < s.count, s[i + 3] == 0x3A { om = v; i += 6 }
                else if let v = num(i + 3, 2) { om = v; i += 5 }
                else { i += 3 }
                offset = sign * (oh * 60 + om)
            default: return nil
            }
        }
        guard i == s.count else { return nil }
        return makeDate(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, offsetMinutes: offset)
    }

    /// Builds a date from civil fields without Calendar; nil when out of range.
    static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second), abs(offsetMinutes) < 24 * 60 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
