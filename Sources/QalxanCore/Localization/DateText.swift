import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thread-safe, allocation-light formatting and parsing of UTC timestamps.
/// (No `DateFormatter` per call: see STYLE.md.)
public enum DateText {
    private static func parts(_ date: Date) -> tm {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var out = tm()
        gmtime_r(&t, &out)
        return out
    }

    private static func pad(_ v: Int32, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `2026-11-23 14:05`
    public static func minute(_ date: Date) -> String {
        let t = parts(date)
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2)) \(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2))"
    }

    /// `2026-11-23`
    public static func day(_ date: Date) -> String {
        let t = parts(date)
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))"
    }

    /// The UTC year of `date`.
    public static func year(_ date: Date) -> Int { Int(parts(date).tm_year) + 1900 }

    /// RFC 3339 with seconds, UTC: `2026-11-23T14:05:09Z`.
    public static func iso(_ date: Date) -> String {
        let t = parts(date)
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2))Z"
    }

    /// The value of an HTML `datetime-local` input (`2026-11-23T14:05`), UTC.
    public static func localInput(_ date: Date) -> String {
        let t = parts(date)
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2))"
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DD HH:MM[:SS]` or RFC 3339
    /// (`…Z` or `…+04:00`). Times without an offset are read as UTC.
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= s.count else { return nil }
            var v = 0
            for b in s[from..<(from + len)] {
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard s.count >= 10, let y = num(0, 4), s[4] == UInt8(ascii: "-"), let mo = num(5, 2),
              s[7] == UInt8(ascii: "-"), let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d), (1900...9999).contains(y)
        else { return nil }
        var h = 0, mi = 0, sec = 0, offset = 0
        var i = 10
        if s.count > 10 {
            guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "),
                  let hh = num(11, 2), s.count > 13, s[13] == UInt8(ascii: ":"), let mm = num(14, 2),
                  hh < 24, mm < 60
            else { return nil }
            h = hh; mi = mm; i = 16
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard let ss = num(17, 2), ss < 61 else { return nil }
                sec = ss; i = 19
                if i < s.count, s[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                }
            }
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                    i += 1
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    guard let oh = num(i + 1, 2), i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"),
                          let om = num(i + 4, 2), oh < 24, om < 60
                    else { return nil }
                    offset = (oh * 60 + om) * 60 * (s[i] == UInt8(ascii: "-") ? -1 : 1)
                    i += 6
                }
            }
            guard i == s.count else { return nil }
        }
        var t = tm()
        t.tm_year = Int32(y - 1900); t.tm_mon = Int32(mo - 1); t.tm_mday = Int32(d)
        t.tm_hour = Int32(h); t.tm_min = Int32(mi); t.tm_sec = Int32(sec)
        let epoch = timegm(&t)
        // timegm normalises 31 February to 3 March: refuse dates that do not exist.
        var check = tm()
        var e = epoch
        gmtime_r(&e, &check)
        guard check.tm_mday == Int32(d), check.tm_mon == Int32(mo - 1) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(epoch - offset))
    }
}
