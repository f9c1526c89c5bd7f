import Foundation

/// The team's description as the plain-text document RFC 2350 asks a CSIRT to publish,
/// in the order of the RFC's template, made from the `TeamProfile` the administrator
/// fills in. The text is meant to be clear-signed with the team's OpenPGP key and served
/// as `text/plain`.
public enum RFC2350Document {
    /// Lines are broken to fit this many columns, as RFC 2350 documents usually are.
    public static let width = 72
    /// The section "Date of last update": filled in from the caller's date when empty.
    public static let lastUpdateKey = "1.1"
    /// The section "Locations where this document may be found" (RFC 2350 §3.2.3): the
    /// document's own address is added to it.
    public static let locationsKey = "1.3"

    /// The document in `language`: every section of `TeamProfile.sections` in order, each
    /// with a numbered heading (`1. Document information`, `1.1 Date of last update`) and
    /// its text from the profile (in the other language while a translation is missing),
    /// wrapped at `width` columns.
    ///
    /// - Parameters:
    ///   - title: the catalog's text for a key (`profile.1.1`), in `language`.
    ///   - notProvided: the line a section without text gets (`profile.not_provided`).
    ///   - documentURL: where this document is published; added to section 1.3 unless
    ///     the text already names it. Empty adds nothing.
    ///   - lastUpdated: shown in section 1.1 (`2026-11-23`) when the profile leaves it empty.
    /// - Returns: NFC text, every line ending in `\n`, no tabs, no trailing spaces: what
    ///   `gpg --clearsign` signs and `gpg --verify` verifies unchanged.
    public static func text(profile: TeamProfile, language: Language, title: (String) -> String,
                            notProvided: String, documentURL: String, lastUpdated: Date) -> String {
        var lines: [String] = []
        for section in TeamProfile.sections {
            if !lines.isEmpty { lines.append("") }
            // Top-level numbers take a dot (`1.`), deeper ones do not (`1.1`), as in the RFC.
            let number = section.key.contains(".") ? section.key : section.key + "."
            lines += PlainText.wrap(number + " " + PlainText.singleLine(title(section.labelKey)), width: width)
            guard !section.isHeading else { continue }
            lines.append("")
            let body = body(of: section.key, profile: profile, language: language,
                            documentURL: documentURL, lastUpdated: lastUpdated)
            lines += PlainText.wrap(body.isEmpty ? PlainText.singleLine(notProvided) : body, width: width)
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The cleaned text of one section: no blank lines at either end and never two in a
    /// row, with the filled-in date and address.
    static func body(of key: String, profile: TeamProfile, language: Language,
                     documentURL: String, lastUpdated: Date) -> String {
        var lines: [Substring] = []
        for line in PlainText.clean(profile.display(key, language)).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var text = lines.joined(separator: "\n")

        switch key {
        case lastUpdateKey where text.isEmpty:
            text = DateText.day(lastUpdated)
        case locationsKey:
            let url = PlainText.singleLine(documentURL)
            if !url.isEmpty, !mentions(text, url) {
                text = text.isEmpty ? url : text + "\n" + url
            }
        default:
            break
        }
        return text
    }

    /// Whether `text` names `url` as a word of its own (in `<…>`, brackets or followed by
    /// a full stop too), so that `…/rfc2350.txt.asc` does not count as `…/rfc2350.txt`.
    static func mentions(_ text: String, _ url: String) -> Bool {
        let trim = CharacterSet(charactersIn: "<>()[]{}\"'«»“”‘’,.;:!?")
        return text.split(whereSeparator: { $0.isWhitespace }).contains {
            $0.trimmingCharacters(in: trim) == url.trimmingCharacters(in: trim)
        }
    }
}
