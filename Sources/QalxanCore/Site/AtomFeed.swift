import Foundation

/// An Atom 1.0 feed (RFC 4287) of the team's publications, one per language, for feed
/// readers and for other teams' tooling. Every value is escaped and stripped of the
/// characters XML 1.0 does not allow, so no advisory text can break the document.
public enum AtomFeed {
    /// One publication in the feed.
    public struct Entry: Sendable, Equatable {
        /// Permanent and unique: a `tag:` URI (RFC 4151, see `tagURI`) or an `https:` URL.
        public var id: String
        /// Plain text.
        public var title: String
        /// The page of the publication on the public site.
        public var url: String
        /// When the entry last changed in a way the team wants readers to notice.
        public var updated: Date
        /// When it was first published; nil leaves `<published>` out.
        public var published: Date?
        /// Plain text; empty leaves `<summary>` out.
        public var summary: String
        /// Terms (`advisory`, `critical`, `TLP:CLEAR`, `CVE-2026-12345`).
        public var categories: [String]
        /// Empty means the feed's author.
        public var authorName: String

        /// An entry with the given values; see the properties.
        public init(id: String, title: String, url: String, updated: Date, published: Date? = nil,
                    summary: String = "", categories: [String] = [], authorName: String = "") {
            self.id = id
            self.title = title
            self.url = url
            self.updated = updated
            self.published = published
            self.summary = summary
            self.categories = categories
            self.authorName = authorName
        }

        /// The entry of a published advisory in `language` (the other language's text
        /// while a translation is missing), with its kind, severity, TLP label and CVEs as
        /// categories; nil for a draft. Which advisories a feed may show (TLP) is the
        /// caller's decision.
        public init?(advisory: Advisory, language: Language, id: String, url: String, authorName: String = "") {
            guard let published = advisory.initialRelease, let updated = advisory.currentRelease else { return nil }
            self.init(id: id, title: Advisory.text(advisory.title, language), url: url, updated: updated,
                      published: published, summary: Advisory.text(advisory.summary, language),
                      categories: [advisory.kind.rawValue, advisory.severity.rawValue, advisory.tlp.rawValue] + advisory.cves,
                      authorName: authorName)
        }
    }

    /// The feed document, UTF-8 XML with `xml:lang`, a `self` link to `selfURL` and an
    /// `alternate` link to the page the feed mirrors.
    ///
    /// - Parameter author: the feed's author (the team); RFC 4287 §4.1.1 requires one on
    ///   the feed unless every entry has its own, so entries without one get it, or the
    ///   feed's title when it is nil too.
    public static func xml(id: String, title: String, selfURL: String, alternateURL: String, language: Language,
                           updated: Date, entries: [Entry], author: String? = nil) -> String {
        let feedAuthor = author.map(PlainText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(attribute(language.rawValue))\">\n"
        x += "  <id>\(text(id))</id>\n"
        x += "  <title type=\"text\">\(text(title))</title>\n"
        x += "  <updated>\(DateText.iso(updated))</updated>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(attribute(selfURL))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(attribute(alternateURL))\"/>\n"
        if let feedAuthor { x += "  <author><name>\(text(feedAuthor))</name></author>\n" }
        for entry in entries {
            x += "  <entry>\n"
            x += "    <id>\(text(entry.id))</id>\n"
            x += "    <title type=\"text\">\(text(entry.title))</title>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(attribute(entry.url))\"/>\n"
            if let published = entry.published { x += "    <published>\(DateText.iso(published))</published>\n" }
            x += "    <updated>\(DateText.iso(entry.updated))</updated>\n"
            let name = PlainText.singleLine(entry.authorName)
            if !name.isEmpty {
                x += "    <author><name>\(text(name))</name></author>\n"
            } else if feedAuthor == nil {
                x += "    <author><name>\(text(title))</name></author>\n"
            }
            for term in entry.categories.map(PlainText.singleLine) where !term.isEmpty {
                x += "    <category term=\"\(attribute(term))\"/>\n"
            }
            if !xmlSafe(entry.summary).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                x += "    <summary type=\"text\">\(text(entry.summary))</summary>\n"
            }
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return x
    }

    /// A `tag:` URI (RFC 4151) for an entry id that survives a change of the site's
    /// address: `tag:cert.example.org,2026-11-23:advisories/QX-SA-2026-0007`.
    public static func tagURI(authority: String, date: Date, specific: String) -> String {
        // RFC 4151 §2.1: the specific part is URI pchars, `/`, `?`; the rest is %-encoded.
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~!$&'()*+,;=:@/?")
        let encoded = specific.addingPercentEncoding(withAllowedCharacters: allowed) ?? specific
        return "tag:\(authority.lowercased()),\(DateText.day(date)):\(encoded)"
    }

    /// `value` in NFC with `\n` for every line end (CRLF, CR, NEL: parsers would turn a
    /// literal CR into LF anyway, and feedparser reads NEL as Windows-1252 "…"), and
    /// without the characters XML 1.0 forbids (C0 controls other than tab and newline;
    /// U+FFFE, U+FFFF) or discourages (C1 controls).
    static func xmlSafe(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in value.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A: if !previousWasCR { scalars.append(scalar) }
            case 0x0D, 0x85: scalars.append("\n")
            case 0x09: scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Character data: `&`, `<` and `>` escaped (`>` too, for `]]>`).
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in xmlSafe(value).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An attribute value in double quotes: as `text`, plus `"` and the white space that
    /// attribute normalisation would turn into spaces.
    static func attribute(_ value: String) -> String {
        var out = ""
        for scalar in text(value).unicodeScalars {
            switch scalar {
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
