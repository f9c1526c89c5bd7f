import Foundation

/// Markdown for what the team publishes (advisories, knowledge-base articles): a practical
/// CommonMark subset with GFM tables, rendered so that nothing in the source can reach a
/// page as markup. Raw HTML is shown as text, links only go to `http`, `https`, `mailto`
/// or relative URLs, images become links (no remote content loads on our pages), and the
/// parser runs in linear time on hostile input.
///
/// Follows the CommonMark 0.31 block and inline algorithms (as commonmark.js does them).
/// Left out on purpose: raw HTML (shown as text), link reference definitions and
/// reference links, and the GFM extensions other than tables (strikethrough, task lists,
/// footnotes, bare-URL autolinking).
public enum Markdown {
    /// How deeply block quotes and lists may nest; a deeper `>` or list marker is text.
    static let maxNesting = 32

    /// The document as an HTML fragment. Headings are one level lower than written (`#`
    /// becomes `<h2>`, capped at `<h6>`) so that they sit under the page's own `<h1>`, and
    /// each carries an `id` made from its text (see `headings(_:)`).
    public static func html(_ source: String) -> String {
        let document = Document(source)
        var renderer = HTMLRenderer()
        renderer.render(document.root)
        return String(decoding: renderer.out, as: UTF8.self)
    }

    /// The document as plain text, for e-mail, Atom summaries and CSAF notes: markup
    /// removed, links as `text (url)`, list items as `- ` / `1. `, code kept, blocks
    /// separated by blank lines.
    public static func plainText(_ source: String) -> String {
        let document = Document(source)
        return PlainRenderer.text(of: document.root)
    }

    /// The headings in document order, for a table of contents: the level as written
    /// (1 for `#`; the page shows it one level lower), the text without markup, and the
    /// `id` the heading has in `html(_:)`.
    public static func headings(_ source: String) -> [(level: Int, text: String, id: String)] {
        Document(source).headings.map { (level: $0.level, text: $0.plainHeading, id: $0.anchor) }
    }
}

extension Markdown {
    /// A parsed document: the block tree, with the headings' ids assigned in order.
    struct Document {
        let root: Block
        let headings: [Block]

        init(_ source: String) {
            var parser = BlockParser()
            root = parser.parse(Markdown.normalized(source))
            var found: [Block] = []
            Self.collectHeadings(root, into: &found)
            var slugs = SlugSet()
            for heading in found {
                let inlines = heading.parsedInlines()
                heading.plainHeading = PlainRenderer.inlineText(inlines, withURLs: false)
                heading.anchor = slugs.unique(Markdown.slug(heading.plainHeading))
            }
            headings = found
        }

        private static func collectHeadings(_ block: Block, into found: inout [Block]) {
            if block.kind == .heading { found.append(block) }
            for child in block.children { collectHeadings(child, into: &found) }
        }
    }

    /// The source as UTF-8 with line endings made `\n` and control characters dropped:
    /// C0 but tab and line feed, DEL and C1, which HTML does not allow in text.
    static func normalized(_ source: String) -> [UInt8] {
        let utf8 = source.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var previousWasCR = false
        var previousWasC2 = false
        for byte in utf8 {
            if previousWasC2 {
                previousWasC2 = false
                // U+0080...U+009F is C2 80...C2 9F.
                if byte >= 0x80 && byte <= 0x9F { continue }
                out.append(0xC2)
            }
            if byte == 0x0D {
                out.append(0x0A)
                previousWasCR = true
                continue
            }
            defer { previousWasCR = false }
            if byte == 0x0A {
                if !previousWasCR { out.append(0x0A) }
            } else if byte == 0xC2 {
                previousWasC2 = true
            } else if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                continue
            } else {
                out.append(byte)
            }
        }
        if previousWasC2 { out.append(0xC2) }
        return out
    }

    /// The `id` for a heading: ASCII letters (lower-cased) and digits kept, letters with
    /// diacritics reduced to their base letter (so the Azerbaijani ç ğ ö ş ü become c g o
    /// s u), ə → e, ı and İ → i, every other run of characters → `-`. Empty → `section`.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        // Decomposed, so that precomposed and combining forms give the same slug.
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            let mapped: Character?
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: mapped = Character(scalar)
            case 0x41...0x5A: mapped = Character(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x259, 0x18F: mapped = "e"   // ə Ə
            case 0x131: mapped = "i"           // ı (dotless)
            default:
                // A combining mark after a kept letter is its diacritic: drop it.
                if scalar.properties.generalCategory == .nonspacingMark && !pendingDash && !out.isEmpty { continue }
                mapped = nil
            }
            if let mapped {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(mapped)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// Hands out slugs once each: the second `intro` becomes `intro-2`, then `intro-3`.
    struct SlugSet {
        private var used: Set<String> = []
        private var nextSuffix: [String: Int] = [:]

        mutating func unique(_ base: String) -> String {
            if used.insert(base).inserted { return base }
            var n = nextSuffix[base] ?? 2
            while used.contains("\(base)-\(n)") { n += 1 }
            nextSuffix[base] = n + 1
            let slug = "\(base)-\(n)"
            used.insert(slug)
            return slug
        }
    }
}
