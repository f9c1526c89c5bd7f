import Foundation

/// The strings of one language, loaded from `Resources/Locales/<code>.json`.
///
/// Values may hold `{name}` placeholders that `Localizer.t(_:_:)` fills in.
public struct Catalog: Sendable {
    public let language: Language
    public let strings: [String: String]

    public init(language: Language, strings: [String: String]) {
        self.language = language
        self.strings = strings
    }

    /// Loads the catalog shipped with Qalxan for `language`.
    public static func bundled(_ language: Language) -> Catalog {
        guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Locales"),
              let data = try? Data(contentsOf: url),
              let strings = try? JSONDecoder().decode([String: String].self, from: data)
        else {
            fatalError("Catalog for \(language.rawValue) is missing or malformed in the QalxanCore bundle")
        }
        return Catalog(language: language, strings: strings)
    }

    /// The catalogs of every language, loaded once.
    public static let all: [Language: Catalog] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { ($0, bundled($0)) })
}

/// Translates keys into one language's strings.
public struct Localizer: Sendable {
    public let language: Language
    private let catalog: Catalog

    public init(_ language: Language) {
        self.language = language
        self.catalog = Catalog.all[language] ?? Catalog(language: language, strings: [:])
    }

    /// The string for `key`; the key itself when missing (a test keeps catalogs complete).
    public func t(_ key: String) -> String {
        catalog.strings[key] ?? key
    }

    /// The string for `key` with `{name}` placeholders replaced from `values`.
    public func t(_ key: String, _ values: [String: String]) -> String {
        var s = t(key)
        for (name, value) in values {
            s = s.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return s
    }

    /// Whether the catalog has `key`.
    public func has(_ key: String) -> Bool { catalog.strings[key] != nil }

    /// Label of an RSIT class.
    public func classLabel(_ key: String) -> String { t(Taxonomy.labelKey(class: key)) }

    /// Label of an RSIT type.
    public func typeLabel(_ className: String, _ type: String) -> String {
        t(Taxonomy.labelKey(class: className, type: type))
    }

    /// The label of a report or incident category (`class/type`, `class` or `unknown`).
    public func categoryLabel(_ category: String) -> String {
        if category.isEmpty || category == "unknown" { return t("category.unknown") }
        if category.utf8.count <= 200, let c = Classification(path: category) { return label(c) }
        return category
    }

    /// Label of a classification (`Class — Type`).
    public func label(_ c: Classification) -> String {
        guard let type = c.type else { return classLabel(c.className) }
        return "\(classLabel(c.className)) — \(typeLabel(c.className, type))"
    }

    /// A date and time as staff read it: `2026-11-23 14:05 UTC`, the same in both
    /// languages, always in UTC so that a team spread over time zones sees one clock.
    public func dateTime(_ date: Date) -> String {
        DateText.minute(date) + " UTC"
    }
}
