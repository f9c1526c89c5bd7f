import Foundation

/// The team's `/.well-known/security.txt` (RFC 9116): where to report a vulnerability,
/// until when the file holds, and where the key, the policy and the CSAF provider
/// metadata are. The site serves `text()`, clear-signed with the team key where it has
/// one (RFC 9116 §2.3 allows an OpenPGP cleartext signature).
public struct SecurityTxt: Sendable, Equatable {
    /// `mailto:`, `https:` or `tel:` URIs, most preferred first (RFC 9116 §2.5.3).
    public var contacts: [String]
    /// When the file stops being valid; RFC 9116 §2.5.5 recommends less than a year ahead.
    public var expires: Date
    /// Where the team's OpenPGP key is: `https:` URLs (RFC 9116 §2.5.4 also allows
    /// `dns:` and `openpgp4fpr:` URIs).
    public var encryption: [String]
    /// Pages thanking reporters.
    public var acknowledgments: [String]
    /// Language tags (`az`, `en`) of the languages reports may be written in; any
    /// language the team reads, not only the site's `Language`s.
    public var preferredLanguages: [String]
    /// The URLs this file is published at; RFC 9116 §2.5.2 recommends it in a signed file.
    public var canonical: [String]
    /// The vulnerability disclosure policy.
    public var policy: [String]
    /// The team's job offers.
    public var hiring: [String]
    /// The `provider-metadata.json` of the team's CSAF provider (CSAF 2.0 §7.1.8).
    public var csaf: [String]
    /// Shown as a comment (`# Qalxan CERT`) on the first line; nil or empty for none.
    public var comment: String?

    /// A file with the given fields; only `contacts` and `expires` are required by RFC 9116.
    public init(contacts: [String], expires: Date, encryption: [String] = [], acknowledgments: [String] = [],
                preferredLanguages: [String] = [], canonical: [String] = [], policy: [String] = [],
                hiring: [String] = [], csaf: [String] = [], comment: String? = nil) {
        self.contacts = contacts
        self.expires = expires
        self.encryption = encryption
        self.acknowledgments = acknowledgments
        self.preferredLanguages = preferredLanguages
        self.canonical = canonical
        self.policy = policy
        self.hiring = hiring
        self.csaf = csaf
        self.comment = comment
    }

    /// The file: one `Name: value` line a value, `Contact` first, lines ending in `\n`.
    /// A value is put on one line, so that no text from the console can add a field of
    /// its own; empty values are left out.
    public func text() -> String {
        var lines: [String] = []
        if let comment {
            let line = PlainText.singleLine(comment)
            if !line.isEmpty { lines.append("# " + line) }
        }
        func add(_ name: String, _ values: [String]) {
            for value in values {
                let clean = Self.fieldValue(value)
                if !clean.isEmpty { lines.append("\(name): \(clean)") }
            }
        }
        add("Contact", contacts)
        lines.append("Expires: \(DateText.iso(expires))")
        add("Encryption", encryption)
        add("Acknowledgments", acknowledgments)
        let languages = preferredLanguages.map(Self.fieldValue).filter { !$0.isEmpty }
        if !languages.isEmpty { lines.append("Preferred-Languages: " + languages.joined(separator: ", ")) }
        add("Canonical", canonical)
        add("Policy", policy)
        add("Hiring", hiring)
        add("CSAF", csaf)
        return lines.map { $0 + "\n" }.joined()
    }

    /// A value as it goes into the file: one line, no control characters, no spaces at
    /// either end.
    static func fieldValue(_ value: String) -> String { PlainText.singleLine(value) }

    /// `days` after `now`, at 00:00:00 UTC of that day, for `expires`. The default of 180
    /// days leaves time to renew before the file runs out and stays within the year that
    /// RFC 9116 §2.5.5 recommends.
    public static func expiry(from now: Date, days: Int = 180) -> Date {
        let seconds = now.timeIntervalSince1970 + Double(days) * 86_400
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// What is wrong with `file` at `now`, as catalog keys (`error.securitytxt.…`), in the
    /// order of the fields; empty when the file can be published.
    public static func validate(_ file: SecurityTxt, now: Date = Date()) -> [String] {
        var problems: [String] = []
        func flag(_ key: String) { if !problems.contains(key) { problems.append(key) } }
        func values(_ list: [String]) -> [String] { list.map(fieldValue).filter { !$0.isEmpty } }

        let contacts = values(file.contacts)
        if contacts.isEmpty { flag("error.securitytxt.no_contact") }
        for contact in contacts where !isContact(contact) { flag("error.securitytxt.contact") }

        if file.expires <= now { flag("error.securitytxt.expired") }
        if let yearAhead = utc.date(byAdding: .year, value: 1, to: now), file.expires > yearAhead {
            flag("error.securitytxt.expires_too_far")
        }
        for value in values(file.encryption) where !isKeyLocation(value) { flag("error.securitytxt.encryption") }
        for value in values(file.acknowledgments) where !isHTTPS(value) { flag("error.securitytxt.acknowledgments") }
        for value in values(file.preferredLanguages) where !isLanguageTag(value) { flag("error.securitytxt.language") }
        for value in values(file.canonical) where !isHTTPS(value) { flag("error.securitytxt.canonical") }
        for value in values(file.policy) where !isHTTPS(value) { flag("error.securitytxt.policy") }
        for value in values(file.hiring) where !isHTTPS(value) { flag("error.securitytxt.hiring") }
        for value in values(file.csaf) {
            // CSAF 2.0 §7.1.8: the field names the provider-metadata.json itself.
            guard isHTTPS(value), let path = URLComponents(string: value)?.path,
                  path.hasSuffix("/provider-metadata.json")
            else { flag("error.securitytxt.csaf"); continue }
        }
        return problems
    }

    /// An `https://` URL with a host and no white space (RFC 9116 §2.5: web URIs MUST
    /// use https).
    static func isHTTPS(_ value: String) -> Bool {
        guard !value.contains(where: \.isWhitespace), let components = URLComponents(string: value),
              components.scheme?.lowercased() == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// A `mailto:` address, an `https:` URL or a `tel:` number (RFC 9116 §2.5.3).
    static func isContact(_ value: String) -> Bool {
        let lower = value.lowercased()
        if lower.hasPrefix("mailto:") {
            let address = value.dropFirst(7)
            guard let at = address.firstIndex(of: "@") else { return false }
            return at != address.startIndex && address.index(after: at) != address.endIndex
                && !address.contains(where: \.isWhitespace)
        }
        if lower.hasPrefix("tel:") {
            let number = value.dropFirst(4)
            return number.contains(where: \.isNumber)
                && number.allSatisfy { $0.isASCII && ($0.isNumber || "+-.()".contains($0)) }
        }
        return isHTTPS(value)
    }

    /// Where a key can be fetched: an `https:` URL, a `dns:` URI (OPENPGPKEY record) or an
    /// `openpgp4fpr:` fingerprint, the forms RFC 9116 §2.5.4 shows.
    static func isKeyLocation(_ value: String) -> Bool {
        let lower = value.lowercased()
        if lower.hasPrefix("openpgp4fpr:") {
            let hex = lower.dropFirst(12)
            return (hex.count == 40 || hex.count == 64) && hex.allSatisfy(\.isHexDigit)
        }
        if lower.hasPrefix("dns:") { return value.count > 4 && !value.contains(where: \.isWhitespace) }
        return isHTTPS(value)
    }

    /// A language tag of the simple RFC 5646 shape: a 2–3 letter language, then subtags
    /// of 1–8 letters or digits (`az`, `en-GB`, `az-Latn`).
    static func isLanguageTag(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
