import Foundation
import QalxanCore

/// The advisory's products as a CSAF `product_tree`: branches vendor → product_name →
/// product_version (one version) or product_version_range (a `vers:` range), each leaf a
/// product with a stable id (`QX-P-1` …, in the order the advisory lists them).
struct CSAFProductTree {
    enum Status { case affected, fixed }

    /// One vendor and product name, with its leaves.
    struct Line {
        var vendor: String
        var name: String
        var leaves: [Leaf] = []

        var affectedIDs: [String] { leaves.filter { $0.status == .affected }.map(\.id) }
        var fixedIDs: [String] { leaves.filter { $0.status == .fixed }.map(\.id) }
    }

    struct Leaf {
        /// `product_version` or `product_version_range`.
        var category: String
        /// The branch name: the version, or the `vers:` range.
        var branchName: String
        /// The product's full name: `Apache HTTP Server 2.4.57`, `Apache HTTP Server < 2.4.58`.
        var productName: String
        var id: String
        var status: Status
        /// CPE or package URL of this version (`product_identification_helper`).
        var identifier: String? = nil
    }

    private(set) var lines: [Line] = []
    private var count = 0

    var isEmpty: Bool { lines.isEmpty }
    var affectedIDs: [String] { lines.flatMap(\.affectedIDs) }
    var fixedIDs: [String] { lines.flatMap(\.fixedIDs) }
    var fixedProductNames: [String] { lines.flatMap { $0.leaves.filter { $0.status == .fixed }.map(\.productName) } }

    init(_ products: [Advisory.Product]) throws(CSAFDocument.Failure) {
        for product in products {
            let vendor = product.vendor.trimmingCharacters(in: .whitespacesAndNewlines)
            let name = product.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !vendor.isEmpty, !name.isEmpty else {
                throw CSAFDocument.Failure(key: "csaf.error.product_name", values: ["vendor": vendor, "product": name])
            }
            let versions = (product.affected.map { ($0, Status.affected) } + product.fixed.map { ($0, Status.fixed) })
                .filter { !$0.0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard !versions.isEmpty else {
                throw CSAFDocument.Failure(key: "csaf.error.product_versions", values: ["vendor": vendor, "product": name])
            }
            let identifier = product.identifier.flatMap { $0.isEmpty ? nil : $0 }
            if let identifier, !Advisory.Product.isIdentifier(identifier) {
                throw CSAFDocument.Failure(key: "csaf.error.product_identifier", values: ["vendor": vendor, "product": name, "text": identifier])
            }
            for (text, status) in versions {
                try add(vendor: vendor, name: name, version: text, status: status, identifier: identifier)
            }
        }
    }

    private mutating func add(vendor: String, name: String, version text: String, status: Status,
                              identifier: String?) throws(CSAFDocument.Failure) {
        let range: VersionRange
        do {
            range = try VersionRange(parsing: text)
        } catch {
            throw CSAFDocument.Failure(key: "csaf.error.version_range",
                                       values: ["vendor": vendor, "product": name, "text": text])
        }
        let leaf: Leaf
        if let single = range.singleVersion, Self.looksLikeRange(single) {
            // `2.4.x` is a range in disguise: as a product_version it fails test 6.1.31.
            throw CSAFDocument.Failure(key: "csaf.error.version_range",
                                       values: ["vendor": vendor, "product": name, "text": text])
        } else if let single = range.singleVersion {
            leaf = Leaf(category: "product_version", branchName: single, productName: "\(vendor) \(name) \(single)",
                        id: "", status: status)
        } else {
            // "all" reads badly in a name: the product without a version is every version.
            let suffix = range.vers == "vers:all/*" ? "" : " \(range.description)"
            leaf = Leaf(category: "product_version_range", branchName: range.vers,
                        productName: "\(vendor) \(name)\(suffix)", id: "", status: status)
        }

        let lineIndex: Int
        if let i = lines.firstIndex(where: { $0.vendor == vendor && $0.name == name }) {
            lineIndex = i
        } else {
            lines.append(Line(vendor: vendor, name: name))
            lineIndex = lines.count - 1
        }
        if let existing = lines[lineIndex].leaves.first(where: { $0.category == leaf.category && $0.branchName == leaf.branchName }) {
            // The same version twice is one product; affected and fixed at once is test 6.1.6.
            guard existing.status == status else {
                throw CSAFDocument.Failure(key: "csaf.error.contradicting_status",
                                           values: ["vendor": vendor, "product": name, "version": text])
            }
            return
        }
        count += 1
        var numbered = leaf
        numbered.id = "QX-P-\(count)"
        numbered.identifier = identifier.map { ProductIdentifier.forVersion($0, version: range.singleVersion) }
        lines[lineIndex].leaves.append(numbered)
    }

    /// Whether a version reads as a range to test 6.1.31 (Version Range in Product Version):
    /// it starts with `<` or `>`, is `all`, is the word `before` or `through`, or has a
    /// `.x` or `.*` wildcard.
    static func looksLikeRange(_ version: String) -> Bool {
        let lower = version.lowercased()
        if lower.hasPrefix("<") || lower.hasPrefix(">") || lower == "all" || lower.contains(".*") { return true }
        let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
        if lower.split(whereSeparator: { !isWord($0) }).contains(where: { $0 == "before" || $0 == "through" }) { return true }
        let chars = Array(lower)
        for i in chars.indices.dropLast() where chars[i] == "." && chars[i + 1] == "x" {
            if i + 2 == chars.count || !isWord(chars[i + 2]) { return true }
        }
        return false
    }

    /// `product_tree`, or nil when there is no product.
    var json: CSAFJSON? {
        guard !lines.isEmpty else { return nil }
        var vendors: [(name: String, products: [CSAFJSON])] = []
        for line in lines {
            let productBranch: CSAFJSON = [
                "category": "product_name",
                "name": .string(line.name),
                "branches": .array(line.leaves.map { leaf in
                    var product: [String: CSAFJSON] = ["name": .string(leaf.productName), "product_id": .string(leaf.id)]
                    if let identifier = leaf.identifier {
                        product["product_identification_helper"] = .object([identifier.hasPrefix("pkg:") ? "purl" : "cpe": .string(identifier)])
                    }
                    return [
                        "category": .string(leaf.category),
                        "name": .string(leaf.branchName),
                        "product": .object(product),
                    ]
                }),
            ]
            if let i = vendors.firstIndex(where: { $0.name == line.vendor }) {
                vendors[i].products.append(productBranch)
            } else {
                vendors.append((line.vendor, [productBranch]))
            }
        }
        return ["branches": .array(vendors.map { vendor in
            ["category": "vendor", "name": .string(vendor.name), "branches": .array(vendor.products)]
        })]
    }
}
