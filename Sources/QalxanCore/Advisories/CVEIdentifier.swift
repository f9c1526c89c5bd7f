import Foundation

/// CVE identifiers as a coordinator types or pastes them: `CVE-2021-44228`, in any case,
/// one or many.
///
/// The syntax is the one of the CVE program since 2014: `CVE-`, a year of four digits (1999,
/// the first CVE year, or later) and a sequence number of four or more digits.
public enum CVEIdentifier {
    /// Why a list of identifiers was refused: a message-catalog key and its placeholders.
    ///
    /// Key: `advisory.cve.invalid` (`value`: the first word that is not a CVE identifier).
    public struct Failure: Error, Equatable, Sendable {
        /// The message-catalog key.
        public let key: String
        /// The placeholders of the message.
        public let values: [String: String]

        /// A failure with a catalog key and its placeholder values.
        public init(key: String, values: [String: String] = [:]) {
            self.key = key
            self.values = values
        }
    }

    /// The identifier in its canonical upper-case form, or nil when `text` (trimmed) is not
    /// one: `" cve-2021-44228\n"` → `"CVE-2021-44228"`.
    public static func normalise(_ text: String) -> String? {
        let candidate = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let parts = candidate.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "CVE",
              parts[1].count == 4, parts[1].allSatisfy(\.isASCIIDigit),
              let year = Int(parts[1]), year >= 1999,
              parts[2].count >= 4, parts[2].allSatisfy(\.isASCIIDigit)
        else { return nil }
        return candidate
    }

    /// The identifiers in `text`, separated by commas, spaces or line breaks, normalised and
    /// without repeats, in the order they first appear. Empty text gives an empty list.
    public static func parseList(_ text: String) throws(Failure) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        let words = text.split { $0 == "," || $0.isWhitespace }
        for word in words {
            guard let id = normalise(String(word)) else {
                throw Failure(key: "advisory.cve.invalid", values: ["value": String(word)])
            }
            if seen.insert(id).inserted {
                result.append(id)
            }
        }
        return result
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9 (`isNumber` also accepts ٣ and ½).
    fileprivate var isASCIIDigit: Bool {
        isASCII && isWholeNumber
    }
}
