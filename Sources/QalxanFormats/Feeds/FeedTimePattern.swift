import Foundation

/// A time layout written with strftime-like directives, for feeds whose times
/// `FeedTime.parse` does not read (`22.11.2026 10:15`, `11/22/2026 10:15:00 +0400`).
/// Compiled once from the mapping and matched by hand, byte by byte, without
/// `DateFormatter`.
///
/// Directives: `%Y` four-digit year, `%m` month (1–2 digits), `%b` English month name
/// (`Nov`, `November`), `%d` day, `%H` hour (00–23), `%M` minute, `%S` second, `%f`
/// fraction of a second (1–9 digits), `%z` zone (`Z`, `UTC`, `GMT`, `+04:00`, `+0400`),
/// `%%` a percent sign. A space matches one or more spaces; any other character matches
/// itself. `%Y`, a month and `%d` are required; a missing time of day is midnight.
public struct FeedTimePattern: Sendable, Equatable {
    /// Why a pattern cannot be used.
    public struct Invalid: Error, Equatable, Sendable {
        /// What is wrong, in English.
        public let reason: String
    }

    enum Token: Sendable, Equatable {
        case literal(UInt8), space, year, month, monthName, day, hour, minute, second, fraction, zone
    }

    /// The pattern as written.
    public let text: String
    let tokens: [Token]
    /// Whether the pattern reads a zone; if not, the mapping's offset applies.
    public let hasZone: Bool

    /// Compiles `pattern`, refusing unknown directives and patterns without a date.
    public init(_ pattern: String) throws(Invalid) {
        var tokens: [Token] = []
        var bytes = pattern.utf8.makeIterator()
        while let b = bytes.next() {
            if b == 0x20 {
                if tokens.last != .space { tokens.append(.space) }
                continue
            }
            guard b == 0x25 else { tokens.append(.literal(b)); continue }
            guard let d = bytes.next() else { throw Invalid(reason: "the pattern ends with a lone %") }
            switch d {
            case UInt8(ascii: "Y"): tokens.append(.year)
            case UInt8(ascii: "m"): tokens.append(.month)
            case UInt8(ascii: "b"): tokens.append(.monthName)
            case UInt8(ascii: "d"): tokens.append(.day)
            case UInt8(ascii: "H"): tokens.append(.hour)
            case UInt8(ascii: "M"): tokens.append(.minute)
            case UInt8(ascii: "S"): tokens.append(.second)
            case UInt8(ascii: "f"): tokens.append(.fraction)
            case UInt8(ascii: "z"): tokens.append(.zone)
            case 0x25: tokens.append(.literal(0x25))
            default:
                throw Invalid(reason: "unknown directive %\(String(decoding: [d], as: UTF8.self)) (known: %Y %m %b %d %H %M %S %f %z %%)")
            }
        }
        let has = { (t: Token) in tokens.contains(t) }
        guard has(.year), has(.month) || has(.monthName), has(.day) else {
            throw Invalid(reason: "the pattern needs %Y, %m (or %b) and %d")
        }
        for t in [Token.year, .month, .monthName, .day, .hour, .minute, .second, .fraction, .zone]
        where tokens.filter({ $0 == t }).count > 1 {
            throw Invalid(reason: "a directive appears twice")
        }
        self.text = pattern
        self.tokens = tokens
        self.hasZone = has(.zone)
    }

    /// Seconds since 1970 for `text`, or nil when it does not match; times without a
    /// `%z` are taken to be `defaultOffset` seconds east of UTC.
    public func seconds(_ text: ArraySlice<UInt8>, defaultOffset: Int = 0) -> Double? {
        var s = text
        while let f = s.first, f == 0x20 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 { s = s.dropLast() }
        var i = s.startIndex
        var y: Int64 = 0, mo: Int64 = 0, d: Int64 = 0, h: Int64 = 0, mi: Int64 = 0, se: Int64 = 0
        var fraction = 0.0
        var offset = Double(defaultOffset)
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int64? {
            var v: Int64 = 0, n = 0
            while n < maxDigits, i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 {
                v = v * 10 + Int64(s[i] - 0x30)
                i += 1
                n += 1
            }
            return n >= minDigits ? v : nil
        }
        for token in tokens {
            switch token {
            case .literal(let b):
                guard i < s.endIndex, s[i] == b else { return nil }
                i += 1
            case .space:
                guard i < s.endIndex, s[i] == 0x20 else { return nil }
                while i < s.endIndex, s[i] == 0x20 { i += 1 }
            case .year: guard let v = number(4, 4) else { return nil }; y = v
            case .month: guard let v = number(1, 2) else { return nil }; mo = v
            case .day: guard let v = number(1, 2) else { return nil }; d = v
            case .hour: guard let v = number(1, 2) else { return nil }; h = v
            case .minute: guard let v = number(1, 2) else { return nil }; mi = v
            case .second: guard let v = number(1, 2) else { return nil }; se = v
            case .fraction:
                var scale = 0.1, n = 0
                while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39, n < 9 {
                    fraction += Double(s[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                    n += 1
                }
                guard n > 0 else { return nil }
            case .monthName:
                let start = i
                while i < s.endIndex, (s[i] | 0x20) >= 0x61, (s[i] | 0x20) <= 0x7A { i += 1 }
                guard i - start >= 3 else { return nil }
                let name = s[start..<i].map { $0 & ~0x20 }
                guard let index = FeedTime.months.firstIndex(where: { name.starts(with: $0.utf8) }) else { return nil }
                // `Nov` or the full `November`, nothing in between.
                guard name.count == 3 || name.elementsEqual(Self.fullMonths[index].utf8) else { return nil }
                mo = Int64(index + 1)
            case .zone:
                // `FeedTime.zone` reads to the end; a zone is last in every layout we have met.
                var j = i
                let z = FeedTime.zone(s[..<zoneEnd(s, from: i)], &j)
                guard let zone = z, j > i else { return nil }
                offset = zone
                i = j
            }
        }
        guard i == s.endIndex, let base = FeedTime.seconds(y, mo, d, h, mi, se) else { return nil }
        return base + fraction - offset
    }

    /// Where a zone starting at `i` ends: the end of its letters, or of its sign, digits
    /// and colon.
    private func zoneEnd(_ s: ArraySlice<UInt8>, from i: Int) -> Int {
        var j = i
        guard j < s.endIndex else { return j }
        if s[j] == 0x2B || s[j] == 0x2D {
            j += 1
            while j < s.endIndex, (s[j] >= 0x30 && s[j] <= 0x39) || s[j] == 0x3A { j += 1 }
        } else {
            while j < s.endIndex, (s[j] | 0x20) >= 0x61, (s[j] | 0x20) <= 0x7A { j += 1 }
        }
        return j
    }

    static let fullMonths = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
                             "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"]
}
