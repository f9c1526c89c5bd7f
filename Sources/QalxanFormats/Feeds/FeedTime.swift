import Foundation

/// Timestamps as feeds write them, parsed by hand (no `DateFormatter`, no regex):
/// `2026-11-22 10:15:00`, `2026-11-22T10:15:00Z`, with optional fraction, `Z`, ` UTC`,
/// ` GMT` or a `±hh:mm`/`±hhmm` offset (none means UTC), and the HTTP date form
/// `Sun, 22 Nov 2026 10:15:00 GMT`.
public enum FeedTime {
    /// Seconds since 1970 for `text`, or nil when it is not a time in one of the forms above.
    public static func parse(_ text: ArraySlice<UInt8>) -> Double? {
        var s = text
        while let f = s.first, f == 0x20 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 { s = s.dropLast() }
        guard let first = s.first else { return nil }
        if first >= 0x30 && first <= 0x39 { return iso(s) }
        return http(s)
    }

    /// Seconds since 1970 for `text`; see `parse(_:)` on bytes.
    public static func parse(_ text: String) -> Double? {
        // Native strings hand out their bytes without a copy; others are copied once.
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(ArraySlice($0)) }) { return result }
        return parse(ArraySlice(text.utf8))
    }

    /// The canonical IntelMQ text for `seconds`: `2026-11-22T10:15:00+00:00` (fraction kept
    /// to microseconds when there is one).
    public static func format(_ seconds: Double) -> String {
        let whole = Int64(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        let hasFraction = micros > 0 && micros < 1_000_000
        return String(unsafeUninitializedCapacity: hasFraction ? 32 : 25) { out in
            var n = 0
            func put(_ v: Int64, _ width: Int) {
                var x = v
                for i in stride(from: width - 1, through: 0, by: -1) { out[n + i] = UInt8(0x30 + x % 10); x /= 10 }
                n += width
            }
            func byte(_ b: UInt8) { out[n] = b; n += 1 }
            put(y, 4); byte(0x2D); put(m, 2); byte(0x2D); put(d, 2); byte(0x54)
            put(rest / 3600, 2); byte(0x3A); put(rest / 60 % 60, 2); byte(0x3A); put(rest % 60, 2)
            if hasFraction { byte(0x2E); put(Int64(micros), 6) }
            byte(0x2B); byte(0x30); byte(0x30); byte(0x3A); byte(0x30); byte(0x30)
            return n
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads exactly `count` digits at `i`.
    static func digits(_ s: ArraySlice<UInt8>, _ i: inout Int, _ count: Int) -> Int64? {
        var v: Int64 = 0
        for _ in 0..<count {
            guard i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 else { return nil }
            v = v * 10 + Int64(s[i] - 0x30)
            i += 1
        }
        return v
    }

    static func seconds(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64, _ se: Int64) -> Double? {
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h <= 23, mi <= 59, se <= 60 else { return nil }
        return Double(days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + se)
    }

    static func iso(_ s: ArraySlice<UInt8>) -> Double? {
        var i = s.startIndex
        guard let y = digits(s, &i, 4), i < s.endIndex, s[i] == 0x2D else { return nil }
        i += 1
        guard let mo = digits(s, &i, 2), i < s.endIndex, s[i] == 0x2D else { return nil }
        i += 1
        guard let d = digits(s, &i, 2) else { return nil }
        var h: Int64 = 0, mi: Int64 = 0, se: Int64 = 0, fraction = 0.0
        if i < s.endIndex, s[i] == 0x20 || s[i] == 0x54 || s[i] == 0x74 {
            i += 1
            guard let hh = digits(s, &i, 2), i < s.endIndex, s[i] == 0x3A else { return nil }
            i += 1
            guard let mm = digits(s, &i, 2) else { return nil }
            h = hh; mi = mm
            if i < s.endIndex, s[i] == 0x3A {
                i += 1
                guard let ss = digits(s, &i, 2) else { return nil }
                se = ss
                if i < s.endIndex, s[i] == 0x2E || s[i] == 0x2C {
                    i += 1
                    var scale = 0.1
                    let start = i
                    while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 { fraction += Double(s[i] - 0x30) * scale; scale /= 10; i += 1 }
                    guard i > start else { return nil }
                }
            }
        }
        guard let base = seconds(y, mo, d, h, mi, se) else { return nil }
        guard let offset = zone(s, &i), i == s.endIndex else { return nil }
        return base + fraction - offset
    }

    /// Reads an optional zone suffix, returning its offset from UTC in seconds.
    static func zone(_ s: ArraySlice<UInt8>, _ i: inout Int) -> Double? {
        while i < s.endIndex, s[i] == 0x20 { i += 1 }
        guard i < s.endIndex else { return 0 }
        let rest = s[i...]
        if rest.elementsEqual([0x5A]) || rest.elementsEqual([0x7A]) { i = s.endIndex; return 0 }
        let upper = rest.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        if upper.elementsEqual("UTC".utf8) || upper.elementsEqual("GMT".utf8) { i = s.endIndex; return 0 }
        guard s[i] == 0x2B || s[i] == 0x2D else { return nil }
        let sign: Double = s[i] == 0x2D ? -1 : 1
        i += 1
        guard let hh = digits(s, &i, 2) else { return nil }
        if i < s.endIndex, s[i] == 0x3A { i += 1 }
        let mm = i < s.endIndex ? digits(s, &i, 2) : 0
        guard let m = mm, hh <= 23, m <= 59 else { return nil }
        return sign * Double(hh * 3600 + m * 60)
    }

    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// `Sun, 22 Nov 2026 10:15:00 GMT` (RFC 1123), also without the weekday.
    static func http(_ s: ArraySlice<UInt8>) -> Double? {
        var i = s.startIndex
        if let comma = s.firstIndex(of: 0x2C) { i = comma + 1 }
        while i < s.endIndex, s[i] == 0x20 { i += 1 }
        var start = i
        while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
        guard i - start == 1 || i - start == 2 else { return nil }
        var d: Int64 = 0
        for j in start..<i { d = d * 10 + Int64(s[j] - 0x30) }
        guard i < s.endIndex, s[i] == 0x20 || s[i] == 0x2D else { return nil }
        i += 1
        start = i
        guard i + 3 <= s.endIndex else { return nil }
        let name = String(decoding: s[start..<start + 3].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        guard let mIndex = months.firstIndex(of: name) else { return nil }
        i += 3
        guard i < s.endIndex, s[i] == 0x20 || s[i] == 0x2D else { return nil }
        i += 1
        guard let y = digits(s, &i, 4), i < s.endIndex, s[i] == 0x20 else { return nil }
        i += 1
        guard let h = digits(s, &i, 2), i < s.endIndex, s[i] == 0x3A else { return nil }
        i += 1
        guard let mi = digits(s, &i, 2), i < s.endIndex, s[i] == 0x3A else { return nil }
        i += 1
        guard let se = digits(s, &i, 2), let base = seconds(y, Int64(mIndex + 1), d, h, mi, se) else { return nil }
        guard let offset = zone(s, &i), i == s.endIndex else { return nil }
        return base - offset
    }
}
