import Foundation

/// The tracking identifiers of a team's advisories (CSAF `document.tracking.id`), made from a
/// pattern the team configures, such as `QX-SA-{year}-{seq:4}` → `QX-SA-2026-0007`.
///
/// Placeholders: `{year}` (the year, as is) and `{seq}` or `{seq:N}` (the sequence number,
/// zero-padded to N digits). A valid pattern yields identifiers of ASCII letters, digits and
/// `-`, `_`, `.` only, so that the identifier lower-cased plus `.json` is also the advisory's
/// file name (CSAF 2.0, section 5.1) without any character being replaced.
public enum AdvisoryTrackingID {
    /// The identifier for `sequence` in `year`; placeholders other than `{year}`, `{seq}` and
    /// `{seq:N}` are left as they are (``validPattern(_:)`` refuses them).
    public static func make(pattern: String, year: Int, sequence: Int) -> String {
        var result = ""
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                return result + rest[open...]
            }
            let name = rest[rest.index(after: open)..<close]
            if let value = substitute(name, year: year, sequence: sequence) {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Whether `pattern` holds exactly one `{seq}` or `{seq:N}` (N from 1 to 18), no other
    /// placeholder than `{year}`, and otherwise only ASCII letters, digits, `-`, `_` and `.`.
    public static func validPattern(_ pattern: String) -> Bool {
        guard pattern.components(separatedBy: "{seq").count == 2 else { return false }
        // Any year and sequence number give the same characters, so one sample decides.
        let sample = make(pattern: pattern, year: 2026, sequence: 1)
        return !sample.isEmpty && sample.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    private static let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".unicodeScalars)

    private static func substitute(_ name: Substring, year: Int, sequence: Int) -> String? {
        if name == "year" {
            return String(year)
        }
        if name == "seq" {
            return String(sequence)
        }
        guard name.hasPrefix("seq:"), let width = Int(name.dropFirst(4)), (1...18).contains(width),
              name.dropFirst(4).allSatisfy({ $0.isASCII && $0.isWholeNumber })
        else { return nil }
        let digits = String(sequence.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return sequence < 0 ? "-" + padded : padded
    }
}
