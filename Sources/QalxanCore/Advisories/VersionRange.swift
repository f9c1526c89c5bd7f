import Foundation

/// The affected versions of a product as a coordinator types them, and their CSAF 2.0 form.
///
/// Accepted forms:
/// - one version: `2.4.57`
/// - one or two bounds, comma-separated, spaces optional: `< 2.4.58`, `>= 1.0, < 1.2`
/// - an inclusive range, with spaces around the dash: `1.0 - 1.4`
/// - every version: `all` or `*`
///
/// A version is ASCII letters, digits and `.-_+~:`. The constraints all have to hold, so at
/// most one lower and one upper bound are accepted and a single version stands alone; that
/// keeps ``vers`` a single interval, which is what the `vers` notation can express for it.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// One condition on a version.
    public enum Constraint: Sendable, Hashable, CustomStringConvertible {
        case equal(String)
        case less(String)
        case lessOrEqual(String)
        case greater(String)
        case greaterOrEqual(String)

        /// The version the condition compares with.
        public var version: String {
            switch self {
            case .equal(let v), .less(let v), .lessOrEqual(let v), .greater(let v), .greaterOrEqual(let v): v
            }
        }

        /// The comparator as written in both the human and the `vers` forms; empty for `equal`.
        public var comparator: String {
            switch self {
            case .equal: ""
            case .less: "<"
            case .lessOrEqual: "<="
            case .greater: ">"
            case .greaterOrEqual: ">="
            }
        }

        /// The human form: `>= 1.0`, or the bare version for `equal`.
        public var description: String {
            comparator.isEmpty ? version : "\(comparator) \(version)"
        }

        var isLowerBound: Bool {
            switch self {
            case .greater, .greaterOrEqual: true
            default: false
            }
        }

        var isUpperBound: Bool {
            switch self {
            case .less, .lessOrEqual: true
            default: false
            }
        }

        var isInclusive: Bool {
            switch self {
            case .equal, .lessOrEqual, .greaterOrEqual: true
            case .less, .greater: false
            }
        }
    }

    /// Why a range was refused: a message-catalog key and the values its message needs.
    ///
    /// Keys: `advisory.version.empty`; `advisory.version.invalid` (`value`: the part that is
    /// not a version or constraint); `advisory.version.combination` (`value`: a constraint that
    /// adds a second lower or upper bound, or joins a single version);
    /// `advisory.version.contradiction` (`lower`, `upper`: two bounds no version satisfies).
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

    /// The conditions, all of which a version satisfies; a lower bound comes before an upper
    /// bound. Empty means every version.
    public let constraints: [Constraint]

    /// Every version.
    public static let all = VersionRange(checked: [])

    /// Parses one of the accepted forms; surrounding whitespace is ignored.
    public init(parsing text: String) throws(Failure) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Failure(key: "advisory.version.empty")
        }
        if trimmed == "*" || trimmed.lowercased() == "all" {
            self.init(checked: [])
            return
        }

        let words = trimmed.split(whereSeparator: \.isWhitespace)
        if words.count == 3, words[1] == "-" {
            for word in [words[0], words[2]] where !Self.isVersion(word) {
                throw Failure(key: "advisory.version.invalid", values: ["value": String(word)])
            }
            try self.init(checked: Self.combine([.greaterOrEqual(String(words[0])), .lessOrEqual(String(words[2]))]))
            return
        }

        var parsed: [Constraint] = []
        for piece in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            parsed.append(try Self.constraint(piece.trimmingCharacters(in: .whitespacesAndNewlines), in: trimmed))
        }
        try self.init(checked: Self.combine(parsed))
    }

    private init(checked constraints: [Constraint]) {
        self.constraints = constraints
    }

    /// The version, when the range is exactly one version.
    public var singleVersion: String? {
        if constraints.count == 1, case .equal(let version) = constraints[0] {
            return version
        }
        return nil
    }

    /// The normalised human form: `>= 1.0, < 1.2`, `2.4.57`, `all`. Parsing it gives the same
    /// range back.
    public var description: String {
        constraints.isEmpty ? "all" : constraints.map(\.description).joined(separator: ", ")
    }

    /// The Package URL "vers" form (https://github.com/package-url/purl-spec/blob/master/VERSION-RANGE-SPEC.rst)
    /// for a CSAF 2.0 `product_version_range` branch: `vers:generic/>=1.0|<1.2`,
    /// `vers:generic/2.4.57`, `vers:all/*`.
    ///
    /// The constraints are already in version order (lower bound first), and the version
    /// characters allowed include none that `vers` requires to be percent-encoded.
    public var vers: String {
        if constraints.isEmpty {
            return "vers:all/*"
        }
        return "vers:generic/" + constraints.map { $0.comparator + $0.version }.joined(separator: "|")
    }

    // MARK: - Parsing

    private static func constraint(_ piece: String, in text: String) throws(Failure) -> Constraint {
        guard !piece.isEmpty else {
            // An empty piece (`1.0,`, `,,`) has nothing to show, so the message shows the whole text.
            throw Failure(key: "advisory.version.invalid", values: ["value": text])
        }
        let comparator = [">=", "<=", ">", "<", "="].first { piece.hasPrefix($0) } ?? ""
        let version = piece.dropFirst(comparator.count).drop(while: \.isWhitespace)
        guard isVersion(version) else {
            throw Failure(key: "advisory.version.invalid", values: ["value": piece])
        }
        return switch comparator {
        case ">=": .greaterOrEqual(String(version))
        case "<=": .lessOrEqual(String(version))
        case ">": .greater(String(version))
        case "<": .less(String(version))
        default: .equal(String(version))
        }
    }

    private static let versionCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_+~:".unicodeScalars)

    private static func isVersion(_ text: Substring) -> Bool {
        // `all` is the keyword for every version; as a version among others it is a slip.
        !text.isEmpty && text.lowercased() != "all" && text.unicodeScalars.allSatisfy { versionCharacters.contains($0) }
    }

    /// Checks that the constraints can hold together and puts them in version order.
    private static func combine(_ parsed: [Constraint]) throws(Failure) -> [Constraint] {
        var lower: Constraint?
        var upper: Constraint?
        var equal: Constraint?
        for (index, constraint) in parsed.enumerated() {
            let conflicts = switch constraint {
            case .equal: index > 0
            case .greater, .greaterOrEqual: lower != nil || equal != nil
            case .less, .lessOrEqual: upper != nil || equal != nil
            }
            guard !conflicts else {
                throw Failure(key: "advisory.version.combination", values: ["value": constraint.description])
            }
            if constraint.isLowerBound {
                lower = constraint
            } else if constraint.isUpperBound {
                upper = constraint
            } else {
                equal = constraint
            }
        }
        guard let lower, let upper else {
            return parsed
        }
        switch compare(lower.version, upper.version) {
        case .orderedAscending, nil:
            return [lower, upper]
        case .orderedSame where lower.isInclusive && upper.isInclusive:
            // `>= 2, <= 2` is the version 2; `vers` would refuse the repeated version anyway.
            return [.equal(lower.version)]
        case .orderedSame, .orderedDescending:
            throw Failure(
                key: "advisory.version.contradiction",
                values: ["lower": lower.description, "upper": upper.description])
        }
    }

    /// Orders two versions when that is certain: identical text, or both plain dotted
    /// numbers (`1.10` > `1.9`, `1.0` = `1.0.0`). Otherwise nil, since the order of `1.0rc1`
    /// and `1.0` depends on a versioning scheme the range does not know.
    static func compare(_ a: String, _ b: String) -> ComparisonResult? {
        if a == b {
            return .orderedSame
        }
        guard let left = numericComponents(a), let right = numericComponents(b) else {
            return nil
        }
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : ""
            let y = index < right.count ? right[index] : ""
            if x.count != y.count {
                return x.count < y.count ? .orderedAscending : .orderedDescending
            }
            if x != y {
                return x < y ? .orderedAscending : .orderedDescending
            }
        }
        return .orderedSame
    }

    /// The dot-separated numbers of a plain numeric version, without leading zeros (so that
    /// longer means larger and numbers of any length compare), or nil.
    private static func numericComponents(_ version: String) -> [Substring]? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isWholeNumber } }) else {
            return nil
        }
        return parts.map { $0.drop { $0 == "0" } }
    }
}
