/// The Reference Security Incident Taxonomy (RSIT) 1.3, the classification every
/// incident, report and event in Qalxan uses. Keys are the machine tags of the
/// taxonomy (`class` = predicate, `type` = value); labels live in the catalogs
/// (`rsit.<class>` and `rsit.<class>.<type>`).
public enum Taxonomy {
    /// Version of the RSIT machine tag this list follows.
    public static let version = 1003

    /// One RSIT class with its types, in the taxonomy's order.
    public struct Class: Sendable, Hashable {
        public let key: String
        public let types: [String]
    }

    /// All classes and types, in the order the taxonomy lists them.
    public static let classes: [Class] = [
        Class(key: "abusive-content", types: ["spam", "harmful-speech", "violence"]),
        Class(key: "malicious-code", types: ["infected-system", "c2-server", "malware-distribution", "malware-configuration"]),
        Class(key: "information-gathering", types: ["scanner", "sniffing", "social-engineering"]),
        Class(key: "intrusion-attempts", types: ["ids-alert", "brute-force", "exploit"]),
        Class(key: "intrusions", types: ["privileged-account-compromise", "unprivileged-account-compromise", "application-compromise", "system-compromise", "burglary"]),
        Class(key: "availability", types: ["dos", "ddos", "misconfiguration", "sabotage", "outage"]),
        Class(key: "information-content-security", types: ["unauthorised-information-access", "unauthorised-information-modification", "data-loss", "data-leak"]),
        Class(key: "fraud", types: ["unauthorised-use-of-resources", "copyright", "masquerade", "phishing"]),
        Class(key: "vulnerable", types: ["weak-crypto", "ddos-amplifier", "potentially-unwanted-accessible", "information-disclosure", "vulnerable-system"]),
        Class(key: "other", types: ["other", "undetermined"]),
        Class(key: "test", types: ["test"]),
    ]

    private static let classSet: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: classes.map { ($0.key, Set($0.types)) })

    /// Whether `key` names an RSIT class.
    public static func isClass(_ key: String) -> Bool { classSet[key] != nil }

    /// Whether `type` is a type of `className`.
    public static func isType(_ type: String, of className: String) -> Bool {
        classSet[className]?.contains(type) ?? false
    }

    /// Catalog key of a class label.
    public static func labelKey(class key: String) -> String { "rsit.\(key)" }
    /// Catalog key of a type label.
    public static func labelKey(class key: String, type: String) -> String { "rsit.\(key).\(type)" }
}

/// An RSIT classification: a class and, optionally, one of its types.
public struct Classification: Sendable, Hashable, Codable {
    public let className: String
    public let type: String?

    /// Validates the pair against the taxonomy; nil when it is not RSIT.
    public init?(className: String, type: String?) {
        guard Taxonomy.isClass(className) else { return nil }
        if let type, !type.isEmpty {
            guard Taxonomy.isType(type, of: className) else { return nil }
            self.type = type
        } else {
            self.type = nil
        }
        self.className = className
    }

    /// Parses `class/type` or `class`; nil when either part is not RSIT.
    public init?(path: String) {
        let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return nil }
        self.init(className: first, type: parts.count > 1 ? parts[1] : nil)
    }

    /// `class/type`, or `class` when there is no type.
    public var path: String { type.map { "\(className)/\($0)" } ?? className }

    enum CodingKeys: String, CodingKey { case className = "class", type }

    /// Decoding validates like `init?(className:type:)`, so that JSON cannot make a
    /// classification that is not RSIT.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let className = try c.decode(String.self, forKey: .className)
        let type = try c.decodeIfPresent(String.self, forKey: .type)
        guard let valid = Classification(className: className, type: type) else {
            throw DecodingError.dataCorruptedError(
                forKey: Taxonomy.isClass(className) ? .type : .className, in: c,
                debugDescription: "not an RSIT classification: \(className)/\(type ?? "")")
        }
        self = valid
    }
}
