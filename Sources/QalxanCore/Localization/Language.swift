/// A language the site and the console speak. Adding one means adding a catalog file
/// (`Resources/Locales/<code>.json`) and a case here.
public enum Language: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    case az
    case en

    /// The language used when nothing else decides.
    public static let fallback: Language = .az

    /// The language's own name, shown in the switcher.
    public var nativeName: String {
        switch self {
        case .az: "Azərbaycanca"
        case .en: "English"
        }
    }

    /// Picks the best language from an `Accept-Language` header (RFC 9110 §12.5.4),
    /// honouring q-values; falls back to `fallback`.
    public static func negotiate(acceptLanguage header: String?, fallback: Language = .fallback) -> Language {
        guard let header, !header.isEmpty else { return fallback }
        var best: (Language, Double)? = nil
        for (index, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") {
                q = Double(p.dropFirst(2)) ?? 0
            }
            guard q > 0 else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let lang = Language(rawValue: primary) else { continue }
            // Earlier items win ties, as browsers list them in preference order.
            let score = q - Double(index) * 1e-6
            if best == nil || score > best!.1 { best = (lang, score) }
        }
        return best?.0 ?? fallback
    }
}

import Foundation
