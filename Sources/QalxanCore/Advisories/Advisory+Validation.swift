import Foundation

/// One thing wrong with an advisory: the form field it belongs to, a catalog key and
/// the values the message names.
public struct AdvisoryProblem: Sendable, Equatable, Error {
    public let field: String
    public let key: String
    public let values: [String: String]

    public init(field: String, key: String, values: [String: String] = [:]) {
        self.field = field
        self.key = key
        self.values = values
    }
}

extension Advisory {
    /// Longest title, summary, and Markdown text of one language.
    public static let maxTitle = 300, maxSummary = 2_000, maxText = 100_000

    /// What is wrong with the advisory. A draft may be incomplete, but what it holds must
    /// make sense (CVE ids, the CVSS vector, version ranges, links); to be published it
    /// needs a title and a summary in every language, and an advisory needs products or
    /// CVE ids.
    public func problems(forPublication: Bool) -> [AdvisoryProblem] {
        var out: [AdvisoryProblem] = []
        for language in Language.allCases {
            let code = language.rawValue
            let title = self.title[language] ?? "", summary = self.summary[language] ?? ""
            if forPublication && title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                out.append(AdvisoryProblem(field: "title_\(code)", key: "advisory.error.title_required"))
            }
            if forPublication && summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                out.append(AdvisoryProblem(field: "summary_\(code)", key: "advisory.error.summary_required"))
            }
            if title.count > Self.maxTitle {
                out.append(AdvisoryProblem(field: "title_\(code)", key: "advisory.error.too_long", values: ["max": "\(Self.maxTitle)"]))
            }
            if summary.count > Self.maxSummary {
                out.append(AdvisoryProblem(field: "summary_\(code)", key: "advisory.error.too_long", values: ["max": "\(Self.maxSummary)"]))
            }
            for (name, field) in [("body", body), ("recommendations", recommendations)] where (field[language] ?? "").count > Self.maxText {
                out.append(AdvisoryProblem(field: "\(name)_\(code)", key: "advisory.error.too_long", values: ["max": "\(Self.maxText)"]))
            }
        }
        for cve in cves where CVEIdentifier.normalise(cve) != cve {
            out.append(AdvisoryProblem(field: "cves", key: "advisory.cve.invalid", values: ["value": cve]))
        }
        if let vector = cvssVector {
            do throws(CVSS31.Failure) {
                _ = try CVSS31(vector: vector)
            } catch {
                out.append(AdvisoryProblem(field: "cvss", key: error.key, values: error.values))
            }
        }
        for (i, product) in products.enumerated() {
            if product.vendor.trimmingCharacters(in: .whitespaces).isEmpty || product.name.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(AdvisoryProblem(field: "products", key: "advisory.error.product_incomplete", values: ["line": "\(i + 1)"]))
            }
            if product.affected.isEmpty {
                out.append(AdvisoryProblem(field: "products", key: "advisory.error.product_versions", values: ["line": "\(i + 1)"]))
            }
            if let identifier = product.identifier, !Advisory.Product.isIdentifier(identifier) {
                out.append(AdvisoryProblem(field: "products", key: "advisory.error.product_identifier", values: ["line": "\(i + 1)", "value": identifier]))
            }
            for text in product.affected + product.fixed {
                do throws(VersionRange.Failure) {
                    _ = try VersionRange(parsing: text)
                } catch {
                    var values = error.values
                    values["line"] = "\(i + 1)"
                    out.append(AdvisoryProblem(field: "products", key: error.key, values: values))
                }
            }
            for text in product.fixed {
                if let range = try? VersionRange(parsing: text), range.singleVersion == nil {
                    out.append(AdvisoryProblem(field: "products", key: "advisory.error.fixed_single", values: ["line": "\(i + 1)", "value": text]))
                }
            }
        }
        for slug in articles ?? [] where !Article.isSlug(slug) {
            out.append(AdvisoryProblem(field: "articles", key: "article.error.slug_reference", values: ["value": slug]))
        }
        for reference in references where !Self.isWebURL(reference.url) {
            out.append(AdvisoryProblem(field: "references", key: "advisory.error.reference_url", values: ["value": reference.url]))
        }
        if forPublication && kind == .advisory && products.isEmpty && cves.isEmpty {
            out.append(AdvisoryProblem(field: "products", key: "advisory.error.nothing_affected"))
        }
        return out
    }

    /// Whether `text` is an absolute `https` or `http` URL with a host and no spaces.
    public static func isWebURL(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
