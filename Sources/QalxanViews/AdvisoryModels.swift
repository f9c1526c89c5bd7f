import Foundation
import QalxanCore

/// An advisory as a page shows it: the content, and what the page computed around it.
public struct AdvisoryView: Sendable {
    public let advisory: Advisory
    public let revision: Int
    public let publishedAt: Date?
    /// The CVSS base score and rating of `advisory.cvssVector`, when it has one.
    public let cvssScore: Double?
    /// Link to the CSAF document, when the page may show it.
    public let csafURL: String?
    /// The knowledge-base articles it links to that the reader may see.
    public let related: [ArticleLink]

    public init(advisory: Advisory, revision: Int, publishedAt: Date?, csafURL: String? = nil, related: [ArticleLink] = []) {
        self.related = related
        self.advisory = advisory
        self.revision = revision
        self.publishedAt = publishedAt
        self.cvssScore = advisory.cvssVector.flatMap { try? CVSS31(vector: $0) }?.baseScore
        self.csafURL = csafURL
    }
}

/// The public list of advisories with its filters.
public struct AdvisoryListModel: Sendable {
    public let items: [AdvisoryView]
    public let filter: AdvisoryFilter
    /// Years that have advisories, newest first, for the year filter.
    public let years: [Int]

    public init(items: [AdvisoryView], filter: AdvisoryFilter, years: [Int]) {
        self.items = items
        self.filter = filter
        self.years = years
    }
}

/// The console's list of advisories.
public struct AdvisoryConsoleListModel: Sendable {
    public struct Item: Sendable {
        public let id: UUID
        public let view: AdvisoryView
        public let updatedAt: Date
        public let unpublishedChanges: Bool

        public init(id: UUID, view: AdvisoryView, updatedAt: Date, unpublishedChanges: Bool) {
            self.id = id
            self.view = view
            self.updatedAt = updatedAt
            self.unpublishedChanges = unpublishedChanges
        }
    }

    public let items: [Item]
    public let canEdit: Bool

    public init(items: [Item], canEdit: Bool) {
        self.items = items
        self.canEdit = canEdit
    }
}

/// The advisory editor: the values as typed (both languages side by side) and the
/// errors of the last attempt, already in the page's language.
public struct AdvisoryFormModel: Sendable {
    public let id: UUID?
    public let values: AdvisoryFormValues
    public let errors: [String: String]
    public let trackingID: String
    /// The `updatedAt` of the version being edited (milliseconds since 1970), sent back
    /// with the form so that a save over someone else's is refused.
    public let version: String

    public init(id: UUID?, values: AdvisoryFormValues, errors: [String: String] = [:], trackingID: String = "", version: String = "") {
        self.version = version
        self.id = id
        self.values = values
        self.errors = errors
        self.trackingID = trackingID
    }
}

/// The editor's fields as text.
public struct AdvisoryFormValues: Sendable, Equatable {
    public var kind = Advisory.Kind.advisory.rawValue
    public var severity = Severity.medium.rawValue
    public var tlp = TLP.clear.rawValue
    public var title: [Language: String] = [:]
    public var summary: [Language: String] = [:]
    public var body: [Language: String] = [:]
    public var recommendations: [Language: String] = [:]
    public var cves = ""
    public var cvss = ""
    /// One product a line: `vendor | product | affected; affected | fixed; fixed | CPE or purl`.
    public var products = ""
    /// One reference a line: `URL summary`.
    public var references = ""
    /// Knowledge-base article addresses, one a line or separated by commas.
    public var articles = ""

    public init() {}

    /// The form of a stored advisory.
    public init(_ a: Advisory) {
        kind = a.kind.rawValue
        severity = a.severity.rawValue
        tlp = a.tlp.rawValue
        title = a.title
        summary = a.summary
        body = a.body
        recommendations = a.recommendations
        cves = a.cves.joined(separator: "\n")
        cvss = a.cvssVector ?? ""
        products = AdvisoryFormValues.productLines(a.products)
        references = a.references.map { $0.summary.isEmpty ? $0.url : "\($0.url) \($0.summary)" }.joined(separator: "\n")
        articles = (a.articles ?? []).joined(separator: "\n")
    }

    static func productLines(_ products: [Advisory.Product]) -> String {
        products.map { p in
            ([p.vendor, p.name, p.affected.joined(separator: "; "), p.fixed.joined(separator: "; ")] + (p.identifier.map { [$0] } ?? []))
                .joined(separator: " | ")
        }.joined(separator: "\n")
    }

    /// The advisory these values describe, or the problems that keep them from being one
    /// (unknown kind, severity or TLP, a product line without its parts, bad CVE ids).
    public func advisory(trackingID: String = "") -> Result<Advisory, AdvisoryProblem> {
        guard let kind = Advisory.Kind(rawValue: kind) else { return .failure(AdvisoryProblem(field: "kind", key: "advisory.error.kind")) }
        guard let severity = Severity(rawValue: severity) else { return .failure(AdvisoryProblem(field: "severity", key: "advisory.error.severity")) }
        guard let tlp = TLP(parsing: tlp) else { return .failure(AdvisoryProblem(field: "tlp", key: "advisory.error.tlp")) }
        let cveList: [String]
        do throws(CVEIdentifier.Failure) {
            cveList = try CVEIdentifier.parseList(cves)
        } catch {
            return .failure(AdvisoryProblem(field: "cves", key: error.key, values: error.values))
        }
        var products: [Advisory.Product] = []
        for (i, line) in self.products.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.allSatisfy(\.isEmpty) { continue }
            guard (3...5).contains(parts.count) else {
                return .failure(AdvisoryProblem(field: "products", key: "advisory.error.product_line", values: ["line": "\(i + 1)"]))
            }
            func list(_ s: String) -> [String] { s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            products.append(Advisory.Product(vendor: parts[0], name: parts[1], affected: list(parts[2]),
                                             fixed: parts.count >= 4 ? list(parts[3]) : [],
                                             identifier: parts.count == 5 && !parts[4].isEmpty ? parts[4] : nil))
        }
        let references = self.references.split(whereSeparator: \.isNewline).compactMap { line -> Advisory.Reference? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { return nil }
            let url = t.prefix { !$0.isWhitespace }
            return Advisory.Reference(url: String(url), summary: t.dropFirst(url.count).trimmingCharacters(in: .whitespaces))
        }
        let vector = cvss.trimmingCharacters(in: .whitespacesAndNewlines)
        var a = Advisory(trackingID: trackingID, kind: kind, severity: severity, tlp: tlp, title: title, summary: summary,
                         body: body, recommendations: recommendations, cves: cveList,
                         cvssVector: vector.isEmpty ? nil : vector, products: products, references: references)
        var seen = Set<String>()
        let slugs = articles.split { $0 == "," || $0.isWhitespace }.map { $0.lowercased() }.filter { seen.insert($0).inserted }
        a.articles = slugs.isEmpty ? nil : slugs
        return .success(a)
    }
}

/// The console page of one advisory: the rendered working copy, its published
/// revisions and the publish form.
public struct AdvisoryConsoleModel: Sendable {
    public let id: UUID
    public let view: AdvisoryView
    public let unpublishedChanges: Bool
    public let canEdit: Bool
    public let canPublish: Bool
    /// Whether a team key signs CSAF documents; without one they go out unsigned.
    public let signing: Bool
    public let errors: [String: String]
    public let note: [Language: String]
    /// Path of the public page, once published as TLP:CLEAR.
    public let publicPath: String?
    /// The `updatedAt` of the version shown, in milliseconds, sent with the publish form.
    public let version: String
    /// The last publication had a stricter TLP than the working copy's TLP:CLEAR.
    public let tlpDowngrade: Bool

    public init(id: UUID, view: AdvisoryView, unpublishedChanges: Bool, canEdit: Bool, canPublish: Bool, signing: Bool,
                errors: [String: String] = [:], note: [Language: String] = [:], publicPath: String? = nil, version: String = "",
                tlpDowngrade: Bool = false) {
        self.version = version
        self.tlpDowngrade = tlpDowngrade
        self.id = id
        self.view = view
        self.unpublishedChanges = unpublishedChanges
        self.canEdit = canEdit
        self.canPublish = canPublish
        self.signing = signing
        self.errors = errors
        self.note = note
        self.publicPath = publicPath
    }
}
