import Foundation

/// A security advisory, alert or news item as the team publishes it, in every language.
/// The console edits it, the public site, the Atom feeds and the CSAF 2.0 document are
/// made from it. Text fields hold Markdown; `title` and `summary` are plain text.
public struct Advisory: Sendable, Equatable, Codable {
    /// What the publication is.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// A security advisory: a vulnerability, the affected products and the fix.
        case advisory
        /// An alert: an active threat (a campaign, mass exploitation) and what to do now.
        case alert
        /// News: anything else the team wants its constituency to know.
        case news

        /// Catalog key of the label (`Security advisory`).
        public var labelKey: String { "advisory.kind.\(rawValue)" }
        /// Catalog key of the plural label (`Security advisories`), for feeds and filters.
        public var pluralKey: String { "advisory.kinds.\(rawValue)" }
    }

    /// One product line that the advisory concerns.
    public struct Product: Sendable, Equatable, Codable {
        public var vendor: String
        public var name: String
        /// Affected versions: single versions (`2.4.57`) or ranges (`< 2.4.58`,
        /// `>= 1.0, < 1.2`, `all`), as `VersionRange` reads them.
        public var affected: [String]
        /// Versions that fix the vulnerability (`2.4.58`).
        public var fixed: [String]
        /// A CPE 2.3 name (`cpe:2.3:a:example:http_server:*:*:*:*:*:*:*:*`) or a package
        /// URL (`pkg:npm/example`) of the product without its version, so that partners'
        /// tools can match it; each version gets its own from it.
        public var identifier: String?

        public init(vendor: String, name: String, affected: [String], fixed: [String] = [], identifier: String? = nil) {
            self.vendor = vendor
            self.name = name
            self.affected = affected
            self.fixed = fixed
            self.identifier = identifier
        }

        /// Whether `text` is a CPE 2.3 formatted string or a package URL (the forms CSAF's
        /// `product_identification_helper` takes).
        public static func isIdentifier(_ text: String) -> Bool {
            if text.hasPrefix("cpe:2.3:") {
                return ProductIdentifier.cpeComponents(text)?.count == 13
            }
            if text.hasPrefix("pkg:") {
                let rest = text.dropFirst(4)
                guard let slash = rest.firstIndex(of: "/"), slash > rest.startIndex, rest.index(after: slash) < rest.endIndex else { return false }
                return rest[..<slash].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".+-".contains($0)) }
                    && !text.contains(where: { $0.isWhitespace })
            }
            return false
        }
    }

    /// A link to more information.
    public struct Reference: Sendable, Equatable, Codable {
        public var url: String
        /// What the link is (the vendor's advisory, a write-up); may be empty.
        public var summary: String

        public init(url: String, summary: String = "") {
            self.url = url
            self.summary = summary
        }
    }

    /// One published version of the advisory.
    public struct Revision: Sendable, Equatable, Codable {
        /// 1, 2, 3 … (CSAF's `revision_history[].number` and `tracking.version`).
        public var number: Int
        public var date: Date
        /// What changed, per language (`Initial release`, `Fixed version added`).
        public var note: [Language: String]

        public init(number: Int, date: Date, note: [Language: String]) {
            self.number = number
            self.date = date
            self.note = note
        }
    }

    /// The team's identifier, `QX-SA-2026-0007`.
    public var trackingID: String
    public var kind: Kind
    /// The team's rating; for advisories with a CVSS vector it defaults to the vector's.
    public var severity: Severity
    /// Only TLP:CLEAR is shown on the public site; others go to authenticated partners.
    public var tlp: TLP
    public var title: [Language: String]
    public var summary: [Language: String]
    public var body: [Language: String]
    public var recommendations: [Language: String]
    /// `CVE-2026-12345`, upper-case.
    public var cves: [String]
    /// A CVSS v3.1 vector (`CVSS:3.1/AV:N/AC:L/…`), or nil.
    public var cvssVector: String?
    public var products: [Product]
    public var references: [Reference]
    /// Oldest first; empty while the advisory is a draft.
    public var revisions: [Revision]
    /// Addresses (slugs) of knowledge-base articles to read with it; nil in advisories
    /// saved before there was a knowledge base.
    public var articles: [String]?

    public init(trackingID: String, kind: Kind = .advisory, severity: Severity = .medium, tlp: TLP = .clear,
                title: [Language: String] = [:], summary: [Language: String] = [:],
                body: [Language: String] = [:], recommendations: [Language: String] = [:],
                cves: [String] = [], cvssVector: String? = nil, products: [Product] = [],
                references: [Reference] = [], revisions: [Revision] = []) {
        self.trackingID = trackingID
        self.kind = kind
        self.severity = severity
        self.tlp = tlp
        self.title = title
        self.summary = summary
        self.body = body
        self.recommendations = recommendations
        self.cves = cves
        self.cvssVector = cvssVector
        self.products = products
        self.references = references
        self.revisions = revisions
    }

    /// The text of a per-language field in `language`, or in another language when this
    /// one is empty.
    public static func text(_ field: [Language: String], _ language: Language) -> String {
        if let own = field[language], !own.isEmpty { return own }
        for other in Language.allCases where other != language {
            if let v = field[other], !v.isEmpty { return v }
        }
        return ""
    }

    /// When the first revision was published, or nil for a draft.
    public var initialRelease: Date? { revisions.first?.date }
    /// When the latest revision was published, or nil for a draft.
    public var currentRelease: Date? { revisions.last?.date }
}
