import Foundation

/// Markdown for advisories and articles, rendered to HTML that cannot carry markup of its
/// own: every character of the source is escaped, raw HTML shows as text, and links go
/// only to `http`, `https`, `mailto` or paths on this site.
///
/// The subset: ATX headings (one level below what is written, so an article's `#` sits
/// under the page's `<h1>`), paragraphs, hard breaks, `*em*`, `**strong**`, `` `code` ``,
/// fenced and indented code, bullet and numbered lists (nested by indentation), block
/// quotes, thematic breaks, pipe tables, `[links](url "title")`, `<https://autolinks>`;
/// images become links (no remote content loads on our pages). Work is linear in the
/// input: a delimiter that has no closer is remembered as such, never searched again.
public enum Markdown {
    /// Deepest nesting of lists and quotes; deeper text is shown as paragraphs.
    static let maxDepth = 16

    /// The HTML of `source`.
    public static func html(_ source: String) -> String {
        var clean = ""
        clean.unicodeScalars.reserveCapacity(source.unicodeScalars.count)
        for s in source.unicodeScalars {
            let v = s.value
            if v == 0x0D { continue }
            if (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v) { continue }
            clean.unicodeScalars.append(s)
        }
        var slugs: [String: Int] = [:]
        let lines = clean.split(separator: "\n", omittingEmptySubsequences: false).map { expandTabs(String($0)) }
        return blocks(lines[...], depth: 0, slugs: &slugs)
    }

    static func expandTabs(_ line: String) -> String {
        line.contains("\t") ? line.replacingOccurrences(of: "\t", with: "    ") : line
    }

    // MARK: Blocks

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " } }

    static func fence(_ line: String) -> (marker: String, info: String)? {
        let t = line.drop { $0 == " " }
        guard indent(line) < 4, let c = t.first, c == "`" || c == "~" else { return nil }
        let run = t.prefix { $0 == c }
        guard run.count >= 3 else { return nil }
        let info = t.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
        if c == "`" && info.contains("`") { return nil }
        return (String(run), info)
    }

    static func heading(_ line: String) -> (Int, String)? {
        guard indent(line) < 4 else { return nil }
        let t = line.drop { $0 == " " }
        let hashes = t.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = t.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing run of `#` is not part of the text.
        if let r = text.range(of: " #+$", options: .regularExpression) { text.removeSubrange(r) } else if text.allSatisfy({ $0 == "#" }) { text = "" }
        return (hashes, text)
    }

    static func isRule(_ line: String) -> Bool {
        guard indent(line) < 4 else { return false }
        let chars = line.filter { $0 != " " }
        guard chars.count >= 3, let c = chars.first, c == "-" || c == "*" || c == "_" else { return false }
        return chars.allSatisfy { $0 == c }
    }

    /// A list item's marker: whether ordered, its number, and where the text starts.
    static func listMarker(_ line: String) -> (ordered: Bool, start: Int, contentIndent: Int)? {
        let lead = indent(line)
        guard lead < 4 else { return nil }
        let t = Array(line.dropFirst(lead))
        guard let c = t.first else { return nil }
        if c == "-" || c == "*" || c == "+" {
            guard t.count == 1 || t[1] == " " else { return nil }
            return (false, 1, lead + 2)
        }
        var digits = 0
        while digits < t.count && digits < 9 && t[digits].isASCII && t[digits].isNumber { digits += 1 }
        guard digits > 0, digits < t.count, t[digits] == "." || t[digits] == ")" else { return nil }
        guard digits + 1 == t.count || t[digits + 1] == " " else { return nil }
        return (true, Int(String(t[0..<digits])) ?? 1, lead + digits + 2)
    }

    static func tableCells(_ line: String) -> [String] {
        var t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("|") { t.removeFirst() }
        if t.hasSuffix("|") && !t.hasSuffix("\\|") { t.removeLast() }
        var cells: [String] = [], current = "", escaped = false
        for c in t {
            if escaped { if c != "|" { current.append("\\") }; current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "|" { cells.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(c)
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    static func alignments(_ line: String) -> [String]? {
        guard line.contains("-"), line.allSatisfy({ "|:- ".contains($0) }) else { return nil }
        let cells = tableCells(line)
        var out: [String] = []
        for cell in cells {
            guard cell.count >= 1, cell.contains("-"), cell.allSatisfy({ $0 == "-" || $0 == ":" }) else { return nil }
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            out.append(left && right ? "center" : right ? "right" : left ? "left" : "")
        }
        return out
    }

    static func startsBlock(_ line: String) -> Bool {
        heading(line) != nil || fence(line) != nil || isRule(line) || listMarker(line) != nil
            || line.drop(while: { $0 == " " }).first == ">"
    }

    static func blocks(_ lines: ArraySlice<String>, depth: Int, slugs: inout [String: Int]) -> String {
        var out = ""
        var i = lines.startIndex
        while i < lines.endIndex {
            let line = lines[i]
            if isBlank(line) { i += 1; continue }
            if let f = fence(line) {
                var code: [String] = []
                let lead = indent(line)
                i += 1
                while i < lines.endIndex {
                    let l = lines[i]
                    let t = l.drop { $0 == " " }
                    if indent(l) < 4, t.hasPrefix(f.marker), t.allSatisfy({ $0 == f.marker.first! || $0 == " " }) { i += 1; break }
                    code.append(String(l.dropFirst(min(lead, indent(l)))))
                    i += 1
                }
                let language = f.info.split(separator: " ").first.map(String.init) ?? ""
                let safe = !language.isEmpty && language.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
                let cls = safe ? " class=\"language-\(language)\"" : ""
                out += "<pre><code\(cls)>" + escape(code.joined(separator: "\n")) + (code.isEmpty ? "" : "\n") + "</code></pre>\n"
                continue
            }
            if indent(line) >= 4 {
                var code: [String] = []
                while i < lines.endIndex && (indent(lines[i]) >= 4 || isBlank(lines[i])) {
                    code.append(String(lines[i].dropFirst(min(4, indent(lines[i])))))
                    i += 1
                }
                while code.last.map(isBlank) == true { code.removeLast() }
                out += "<pre><code>" + escape(code.joined(separator: "\n")) + "\n</code></pre>\n"
                continue
            }
            if let (level, text) = heading(line) {
                let n = min(level + 1, 6)
                out += "<h\(n) id=\"\(slug(text, &slugs))\">" + inline(text) + "</h\(n)>\n"
                i += 1
                continue
            }
            if isRule(line) { out += "<hr>\n"; i += 1; continue }
            if line.drop(while: { $0 == " " }).first == ">" {
                var inner: [String] = []
                while i < lines.endIndex, !isBlank(lines[i]) {
                    var l = Substring(lines[i].drop { $0 == " " })
                    if l.first == ">" { l = l.dropFirst(); if l.first == " " { l = l.dropFirst() } } else if startsBlock(lines[i]) { break }
                    inner.append(String(l))
                    i += 1
                }
                out += depth < maxDepth
                    ? "<blockquote>\n" + blocks(inner[...], depth: depth + 1, slugs: &slugs) + "</blockquote>\n"
                    : "<p>" + inline(inner.joined(separator: "\n")) + "</p>\n"
                continue
            }
            if let first = listMarker(line), depth < maxDepth {
                var items: [[String]] = []
                var current: [String] = []
                var contentIndent = first.contentIndent
                var sawBlank = false, loose = false
                while i < lines.endIndex {
                    let l = lines[i]
                    if isBlank(l) { sawBlank = true; current.append(""); i += 1; continue }
                    if let m = listMarker(l), m.ordered == first.ordered, indent(l) < contentIndent {
                        if !current.isEmpty { items.append(current); if sawBlank { loose = true } }
                        current = [String(l.dropFirst(min(m.contentIndent, l.count)))]
                        contentIndent = m.contentIndent
                        sawBlank = false
                        i += 1
                        continue
                    }
                    if indent(l) >= contentIndent {
                        current.append(String(l.dropFirst(contentIndent)))
                        i += 1
                        continue
                    }
                    // A lazy continuation of the item's paragraph.
                    if !sawBlank, !startsBlock(l) { current.append(l.trimmingCharacters(in: .whitespaces)); i += 1; continue }
                    break
                }
                if !current.isEmpty { items.append(current) }
                let tag = first.ordered ? "ol" : "ul"
                let start = first.ordered && first.start != 1 ? " start=\"\(first.start)\"" : ""
                out += "<\(tag)\(start)>\n"
                for item in items {
                    var body = item
                    while body.last.map(isBlank) == true { body.removeLast() }
                    let hasBlocks = body.contains(where: isBlank) || body.dropFirst().contains(where: startsBlock)
                    if !loose && !hasBlocks {
                        out += "<li>" + inline(body.joined(separator: "\n")) + "</li>\n"
                    } else {
                        out += "<li>\n" + blocks(body[...], depth: depth + 1, slugs: &slugs) + "</li>\n"
                    }
                }
                out += "</\(tag)>\n"
                continue
            }
            if line.contains("|"), i + 1 < lines.endIndex, let aligns = alignments(lines[i + 1]), tableCells(line).count == aligns.count {
                let head = tableCells(line)
                func cell(_ tag: String, _ text: String, _ k: Int) -> String {
                    let a = k < aligns.count && !aligns[k].isEmpty ? " class=\"align-\(aligns[k])\"" : ""
                    return "<\(tag)\(a)>" + inline(text) + "</\(tag)>"
                }
                out += "<table>\n<thead><tr>" + head.enumerated().map { cell("th", $1, $0) }.joined() + "</tr></thead>\n"
                i += 2
                var rows: [String] = []
                while i < lines.endIndex, !isBlank(lines[i]), lines[i].contains("|"), !startsBlock(lines[i]) {
                    var cells = tableCells(lines[i])
                    cells = Array(cells.prefix(head.count)) + Array(repeating: "", count: max(0, head.count - cells.count))
                    rows.append("<tr>" + cells.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>")
                    i += 1
                }
                if !rows.isEmpty { out += "<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody>\n" }
                out += "</table>\n"
                continue
            }
            var paragraph: [String] = []
            while i < lines.endIndex, !isBlank(lines[i]) {
                if !paragraph.isEmpty && startsBlock(lines[i]) && listMarker(lines[i]).map({ !$0.ordered || $0.start == 1 }) != false { break }
                paragraph.append(String(lines[i].drop { $0 == " " }))
                i += 1
            }
            out += "<p>" + inline(paragraph.joined(separator: "\n")) + "</p>\n"
        }
        return out
    }

    // MARK: Inline

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    static func inline(_ text: String) -> String {
        var out = ""
        var p = InlineParser(Array(text))
        p.render(into: &out, until: nil, depth: 0)
        return out
    }

    struct InlineParser {
        let c: [Character]
        var i = 0
        /// Delimiters known to have no closer from here on.
        var exhausted: Set<String> = []

        init(_ c: [Character]) { self.c = c }

        func starts(_ s: String, at k: Int) -> Bool {
            var k = k
            for ch in s { guard k < c.count, c[k] == ch else { return false }; k += 1 }
            return true
        }

        /// The next position of `s` at or after `from`, skipping backslash escapes and code spans.
        func find(_ s: String, from: Int) -> Int? {
            var k = from
            while k < c.count {
                if c[k] == "\\" { k += 2; continue }
                if c[k] == "`" && s != "`" {
                    let run = runLength(k, "`")
                    if let close = closingRun(after: k + run, run) { k = close + run; continue }
                    k += run
                    continue
                }
                if starts(s, at: k) { return k }
                k += 1
            }
            return nil
        }

        func runLength(_ k: Int, _ ch: Character) -> Int {
            var n = 0
            while k + n < c.count && c[k + n] == ch { n += 1 }
            return n
        }

        func closingRun(after k: Int, _ n: Int) -> Int? {
            var j = k
            while j < c.count {
                if c[j] == "`" {
                    let r = runLength(j, "`")
                    if r == n { return j }
                    j += r
                } else { j += 1 }
            }
            return nil
        }

        mutating func render(into out: inout String, until end: Int?, depth: Int) {
            let stop = end ?? c.count
            while i < stop {
                let ch = c[i]
                if ch == "\\" && i + 1 < stop {
                    if c[i + 1] == "\n" { out += "<br>\n"; i += 2; continue }
                    if Markdown.punctuation.contains(c[i + 1]) { out += Markdown.escape(String(c[i + 1])); i += 2; continue }
                }
                if ch == "\n" {
                    // Two spaces before a line end: a hard break.
                    if out.hasSuffix("  ") {
                        while out.hasSuffix(" ") { out.removeLast() }
                        out += "<br>\n"
                    } else {
                        while out.hasSuffix(" ") { out.removeLast() }
                        out += "\n"
                    }
                    i += 1
                    continue
                }
                if ch == "`" {
                    let n = runLength(i, "`")
                    if !exhausted.contains("`\(n)"), let close = closingRun(after: i + n, n), close < stop {
                        var code = String(c[(i + n)..<close]).replacingOccurrences(of: "\n", with: " ")
                        if code.count > 2, code.first == " ", code.last == " " { code = String(code.dropFirst().dropLast()) }
                        out += "<code>" + Markdown.escape(code) + "</code>"
                        i = close + n
                        continue
                    }
                    exhausted.insert("`\(n)")
                    out += String(repeating: "`", count: n)
                    i += n
                    continue
                }
                if (ch == "*" || ch == "_") && depth < Markdown.maxDepth {
                    let n = min(runLength(i, ch), 2)
                    let marker = String(repeating: String(ch), count: n)
                    let next = i + n < c.count ? c[i + n] : " "
                    // `_` inside a word (snake_case) is not emphasis.
                    let intraword = ch == "_" && i > 0 && (c[i - 1].isLetter || c[i - 1].isNumber)
                    if !next.isWhitespace, !intraword, !exhausted.contains(marker),
                       let close = closer(marker, from: i + n, stop: stop) {
                        let tag = n == 2 ? "strong" : "em"
                        out += "<\(tag)>"
                        i += n
                        render(into: &out, until: close, depth: depth + 1)
                        out += "</\(tag)>"
                        i = close + n
                        continue
                    }
                    out += marker
                    i += n
                    continue
                }
                if ch == "!" && i + 1 < stop && c[i + 1] == "[", let link = link(at: i + 1, stop: stop) {
                    // An image is shown as a link to it: nothing loads from elsewhere.
                    let label = String(c[(i + 2)..<link.labelEnd])
                    out += Markdown.anchor(url: link.url, title: link.title, label: Markdown.escape(label.isEmpty ? link.url : label))
                    i = link.end
                    continue
                }
                if ch == "[" && depth < Markdown.maxDepth, let link = link(at: i, stop: stop) {
                    var label = ""
                    let saved = i
                    i += 1
                    render(into: &label, until: link.labelEnd, depth: depth + 1)
                    i = saved
                    out += Markdown.anchor(url: link.url, title: link.title, label: label)
                    i = link.end
                    continue
                }
                if ch == "<", let close = c[i..<stop].firstIndex(of: ">") {
                    let inner = String(c[(i + 1)..<close])
                    let lower = inner.lowercased()
                    if !inner.contains(" "), lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") {
                        out += Markdown.anchor(url: inner, title: nil, label: Markdown.escape(lower.hasPrefix("mailto:") ? String(inner.dropFirst(7)) : inner))
                        i = close + 1
                        continue
                    }
                }
                out += Markdown.escape(String(ch))
                i += 1
            }
        }

        /// The closing `marker` before `stop`, not preceded by a space.
        mutating func closer(_ marker: String, from: Int, stop: Int) -> Int? {
            var k = from
            while let found = find(marker, from: k), found < stop {
                let before = found > 0 ? c[found - 1] : " "
                let after = found + marker.count < c.count ? c[found + marker.count] : " "
                let intraword = marker.first == "_" && (after.isLetter || after.isNumber)
                if !before.isWhitespace, found > from, !intraword { return found }
                k = found + marker.count
            }
            if stop == c.count { exhausted.insert(marker) }
            return nil
        }

        /// `[label](url "title")` starting at the `[` at `k`.
        mutating func link(at k: Int, stop: Int) -> (labelEnd: Int, url: String, title: String?, end: Int)? {
            guard !exhausted.contains("]") else { return nil }
            guard let close = find("]", from: k + 1), close < stop else {
                if stop == c.count { exhausted.insert("]") }
                return nil
            }
            guard close + 1 < stop, c[close + 1] == "(" else { return nil }
            var j = close + 2
            while j < stop && c[j] == " " { j += 1 }
            var url = ""
            if j < stop && c[j] == "<" {
                j += 1
                while j < stop && c[j] != ">" && c[j] != "\n" { url.append(c[j]); j += 1 }
                guard j < stop, c[j] == ">" else { return nil }
                j += 1
            } else {
                var parens = 0
                while j < stop, !c[j].isWhitespace {
                    if c[j] == "(" { parens += 1 }
                    if c[j] == ")" { if parens == 0 { break }; parens -= 1 }
                    if c[j] == "\\" && j + 1 < stop && Markdown.punctuation.contains(c[j + 1]) { j += 1 }
                    url.append(c[j])
                    j += 1
                }
            }
            while j < stop && c[j] == " " { j += 1 }
            var title: String?
            if j < stop, c[j] == "\"" || c[j] == "'" {
                let q = c[j]
                var t = ""
                j += 1
                while j < stop && c[j] != q { t.append(c[j]); j += 1 }
                guard j < stop else { return nil }
                title = t
                j += 1
                while j < stop && c[j] == " " { j += 1 }
            }
            guard j < stop, c[j] == ")" else { return nil }
            return (close, url, title, j + 1)
        }
    }

    // MARK: Links and text

    /// An `<a>` to `url` when it is safe, else the label alone.
    static func anchor(url: String, title: String?, label: String) -> String {
        guard let href = safeURL(url) else { return label }
        let external = href.lowercased().hasPrefix("http")
        let rel = external ? " rel=\"noopener noreferrer nofollow\"" : ""
        let t = title.map { " title=\"\(escape($0))\"" } ?? ""
        return "<a href=\"\(escape(href))\"\(t)\(rel)>\(label)</a>"
    }

    /// `url` percent-encoded where needed, if its scheme is `http`, `https` or `mailto`
    /// or it is a path on this site; nil for anything else (`javascript:`, `data:` …,
    /// however disguised: the scheme is read with whitespace, controls and escapes removed).
    static func safeURL(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        // What a browser would read as the scheme: everything up to the first `:` with
        // whitespace and control characters removed, and character references decoded.
        let visible = trimmed.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
        let compact = String(String.UnicodeScalarView(visible))
        if compact.contains("&") || compact.contains("\\") {
            // Character references or backslashes in a URL are where disguises hide.
            let lower = compact.lowercased()
            if lower.contains("&#") || lower.contains("&colon") || lower.contains("&tab") || lower.contains("&newline") { return nil }
        }
        if let colon = compact.firstIndex(of: ":") {
            let head = compact[..<colon]
            let isScheme = !head.contains("/") && !head.contains("?") && !head.contains("#")
            if isScheme {
                let scheme = head.lowercased()
                guard scheme == "http" || scheme == "https" || scheme == "mailto" else { return nil }
            }
        } else if trimmed.hasPrefix("//") {
            return nil
        }
        if trimmed.hasPrefix("//") || trimmed.hasPrefix("\\") { return nil }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.insert(charactersIn: "#%")
        return compact.addingPercentEncoding(withAllowedCharacters: allowed)
    }

    /// Text escaped for element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A heading's `id`: ASCII letters and digits, Azerbaijani letters transliterated,
    /// other runs as `-`, made unique on the page with `-2`, `-3` ….
    static func slug(_ text: String, _ seen: inout [String: Int]) -> String {
        let map: [Character: String] = ["ə": "e", "Ə": "e", "ğ": "g", "Ğ": "g", "ı": "i", "İ": "i", "ö": "o", "Ö": "o",
                                        "ü": "u", "Ü": "u", "ç": "c", "Ç": "c", "ş": "s", "Ş": "s"]
        var s = ""
        var dash = false
        for ch in text {
            if let t = map[ch] { s += t; dash = false; continue }
            if ch.isASCII && (ch.isLetter || ch.isNumber) { s += ch.lowercased(); dash = false; continue }
            if !dash && !s.isEmpty { s += "-"; dash = true }
        }
        while s.hasSuffix("-") { s.removeLast() }
        if s.isEmpty { s = "section" }
        let n = (seen[s] ?? 0) + 1
        seen[s] = n
        return n == 1 ? s : "\(s)-\(n)"
    }
}
