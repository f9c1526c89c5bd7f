/// The team's description in the structure of RFC 2350 ("Expectations for Computer
/// Security Incident Response"), section by section, in every language. An
/// administrator fills it in the console; the public site's About and Contact pages
/// and (later) the RFC 2350 text are made from it.
public struct TeamProfile: Sendable, Equatable {
    /// One section of the RFC 2350 template. `key` is its number (`2.7`), the label
    /// comes from the catalog (`profile.2.7`).
    public struct Section: Sendable, Hashable {
        public let key: String
        /// Sections that hold only a heading (`2`, `5.1`) have no text of their own.
        public let isHeading: Bool
        public var labelKey: String { "profile.\(key)" }
    }

    /// The template of RFC 2350 appendix A, in order.
    public static let sections: [Section] = [
        ("1", true), ("1.1", false), ("1.2", false), ("1.3", false), ("1.4", false),
        ("2", true), ("2.1", false), ("2.2", false), ("2.3", false), ("2.4", false), ("2.5", false),
        ("2.6", false), ("2.7", false), ("2.8", false), ("2.9", false), ("2.10", false), ("2.11", false),
        ("3", true), ("3.1", false), ("3.2", false), ("3.3", false), ("3.4", false),
        ("4", true), ("4.1", false), ("4.2", false), ("4.3", false),
        ("5", true), ("5.1", true), ("5.1.1", false), ("5.1.2", false), ("5.1.3", false), ("5.2", false),
        ("6", false), ("7", false),
    ].map { Section(key: $0.0, isHeading: $0.1) }

    /// Sections shown on the Contact page.
    public static let contactKeys: [String] = ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.11"]

    /// Text per section key and language. Missing text is the empty string.
    public var text: [String: [Language: String]]

    public init(text: [String: [Language: String]] = [:]) { self.text = text }

    public func value(_ key: String, _ language: Language) -> String {
        text[key]?[language] ?? ""
    }

    /// The text in `language`, or in the other language when this one is empty, so a
    /// visitor sees something rather than nothing while a translation is missing.
    public func display(_ key: String, _ language: Language) -> String {
        let own = value(key, language)
        if !own.isEmpty { return own }
        for other in Language.allCases where other != language {
            let v = value(key, other)
            if !v.isEmpty { return v }
        }
        return ""
    }

    /// The settings key a section's text is stored under.
    public static func settingKey(_ key: String, _ language: Language) -> String {
        "profile.\(key).\(language.rawValue)"
    }

    /// Maximum length of one section's text.
    public static let maxLength = 20_000
}
