import Foundation

/// The human-readable number of a report or incident, e.g. `QX-2026-00042`.
/// The prefix is configurable; the year is the year the number was issued; the
/// sequence restarts every year.
public struct TrackingNumber: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    public let year: Int
    public let sequence: Int

    public init(prefix: String, year: Int, sequence: Int) {
        self.prefix = prefix
        self.year = year
        self.sequence = sequence
    }

    /// `PREFIX-YYYY-NNNNN`, the sequence zero-padded to at least five digits.
    public var description: String {
        let seq = String(sequence)
        let padded = seq.count >= 5 ? seq : String(repeating: "0", count: 5 - seq.count) + seq
        return "\(prefix)-\(year)-\(padded)"
    }

    /// Parses a number written by a person: surrounding space and brackets are ignored,
    /// the prefix is compared without regard to case. Nil when it is not a number.
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasPrefix("["), s.hasSuffix("]") { s = String(s.dropFirst().dropLast()) }
        // Empty parts are kept so that `QX-2026--1` or a trailing dash is refused, and only
        // ASCII digits count, since `Int("+202")` would read a sign as part of the number.
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard parts.count >= 3,
              digits(parts[parts.count - 1]), parts[parts.count - 1].count <= 9,
              let seq = Int(parts[parts.count - 1]), seq > 0,
              digits(parts[parts.count - 2]), parts[parts.count - 2].count == 4,
              let year = Int(parts[parts.count - 2])
        else { return nil }
        let prefix = parts[0..<(parts.count - 2)].joined(separator: "-")
        guard TrackingNumber.isValidPrefix(prefix) else { return nil }
        self.init(prefix: prefix.uppercased(), year: year, sequence: seq)
    }

    /// A prefix is 1–16 ASCII letters, digits or dashes, starting with a letter.
    public static func isValidPrefix(_ prefix: String) -> Bool {
        guard let first = prefix.unicodeScalars.first, (1...16).contains(prefix.count),
              first.properties.isAlphabetic, first.isASCII
        else { return false }
        return prefix.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
        }
    }
}
