import Foundation

/// A knowledge-base article: a procedure for handlers, instructions and recommendations
/// for constituents, or awareness material for the public, in every language, in
/// Markdown. Procedures name the RSIT classes they are for, so the incident page of a
/// `phishing` incident shows the phishing procedure.
public struct Article: Sendable, Equatable, Codable {
    /// Who may read it.
    public enum Audience: String, Sendable, CaseIterable, Codable, Comparable {
        /// Everyone: shown on the public site.
        case `public`
        /// The constituency: staff, and partners and constituents with an API token.
        case constituents
        /// The team only: handling procedures.
        case staff

        var rank: Int { Audience.allCases.firstIndex(of: self)! }
        /// Catalog key of the label.
        public var labelKey: String { "article.audience.\(rawValue)" }
        public static func < (a: Audience, b: Audience) -> Bool { a.rank < b.rank }
    }

    /// The article's address: `phishing-response`, lower-case letters, digits and `-`.
    public var slug: String
    public var audience: Audience
    public var title: [Language: String]
    /// One or two plain sentences for lists and search results.
    public var summary: [Language: String]
    /// Markdown.
    public var body: [Language: String]
    /// RSIT class keys the article is for (`fraud`, `malicious-code`).
    public var classes: [String]

    public init(slug: String, audience: Audience = .public, title: [Language: String] = [:], summary: [Language: String] = [:],
                body: [Language: String] = [:], classes: [String] = []) {
        self.slug = slug
        self.audience = audience
        self.title = title
        self.summary = summary
        self.body = body
        self.classes = classes
    }

    public static let maxSlug = 80, maxTitle = 300, maxBody = 200_000

    /// What is wrong with it: a slug of the wrong form, no title in any language, an
    /// unknown RSIT class, text too long.
    public func problems() -> [AdvisoryProblem] {
        var out: [AdvisoryProblem] = []
        if !Article.isSlug(slug) { out.append(AdvisoryProblem(field: "slug", key: "article.error.slug")) }
        if Language.allCases.allSatisfy({ (title[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) {
            for language in Language.allCases {
                out.append(AdvisoryProblem(field: "title_\(language.rawValue)", key: "article.error.title_required"))
            }
        }
        for language in Language.allCases {
            if (title[language] ?? "").count > Article.maxTitle {
                out.append(AdvisoryProblem(field: "title_\(language.rawValue)", key: "advisory.error.too_long", values: ["max": "\(Article.maxTitle)"]))
            }
            if (body[language] ?? "").count > Article.maxBody {
                out.append(AdvisoryProblem(field: "body_\(language.rawValue)", key: "advisory.error.too_long", values: ["max": "\(Article.maxBody)"]))
            }
        }
        for c in classes where !Taxonomy.isClass(c) {
            out.append(AdvisoryProblem(field: "classes", key: "article.error.class", values: ["value": c]))
        }
        return out
    }

    /// Whether `text` is 1–80 characters of `a-z`, `0-9` and `-`, not starting or ending
    /// with `-`, and not `new` (the console's address for a new article).
    public static func isSlug(_ text: String) -> Bool {
        guard (1...maxSlug).contains(text.count), text.first != "-", text.last != "-", text != "new" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
