/// Reduces HTML mail bodies to readable plain text.
public enum MailHTML {
    /// Converts HTML to text: drops scripts, styles, the head and comments;
    /// turns block elements into line breaks and list items into "- " lines;
    /// renders links as `label <url>` when they differ; decodes entities;
    /// collapses spaces and keeps at most one blank line in a row.
    /// Never fails, whatever the input.
    public static func text(_ html: String) -> String {
        var reducer = MailHTMLReducer(Array(html.unicodeScalars))
        return reducer.run()
    }

    /// Decodes HTML character references (named and numeric) in `text`.
    public static func decodeEntities(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if s[i] == "&", let (decoded, next) = entity(s, at: i) {
                out.append(contentsOf: decoded.unicodeScalars)
                i = next
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Parses the character reference starting at `start` (which holds `&`).
    static func entity(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var i = start + 1
        var name = ""
        while i < s.count, i - start <= 32, s[i] != ";" {
            let u = s[i]
            guard u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "#" else { return nil }
            name.unicodeScalars.append(u)
            i += 1
        }
        guard i < s.count, s[i] == ";", !name.isEmpty else { return nil }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = digits.count <= 9 ? UInt32(digits.dropFirst(), radix: 16) : nil
            } else {
                value = digits.count <= 10 ? UInt32(digits) : nil
            }
            guard let value else { return nil }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
            return (String(scalar), i + 1)
        }
        guard let decoded = namedEntities[name] else { return nil }
        return (decoded, i + 1)
    }

    /// Named entities: the XML five, common typography, and all of Latin-1.
    static let namedEntities: [String: String] = {
        var table: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
            "hellip": "\u{2026}", "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}",
            "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bull": "\u{2022}",
            "euro": "\u{20AC}", "trade": "\u{2122}", "laquo": "\u{AB}", "raquo": "\u{BB}",
            "zwnj": "", "zwj": "", "shy": "", "ensp": " ", "emsp": " ", "thinsp": " ",
        ]
        let latin1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr "
            + "deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest "
            + "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml "
            + "ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig "
            + "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml "
            + "eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
            .split(separator: " ")
        for (k, name) in latin1.enumerated() where table[String(name)] == nil {
            if let scalar = Unicode.Scalar(UInt32(0xA0 + k)) { table[String(name)] = String(scalar) }
        }
        table["nbsp"] = " "
        table["shy"] = ""
        return table
    }()
}

/// The state machine behind `MailHTML.text`.
struct MailHTMLReducer {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var out = String.UnicodeScalarView()
    private var links: [(href: String, labelStart: String.UnicodeScalarView.Index)] = []

    private static let skipContent: Set<String> = ["script", "style", "head", "title", "noscript", "template"]
    private static let lineBreakTags: Set<String> = ["div", "tr", "table", "ul", "ol", "blockquote", "pre", "hr",
                                                      "section", "article", "header", "footer", "dl", "dt", "dd"]
    private static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6"]

    init(_ scalars: [Unicode.Scalar]) {
        s = scalars
    }

    mutating func run() -> String {
        while i < s.count {
            let u = s[i]
            if u == "<" {
                handleMarkup()
            } else if u == "&", let (decoded, next) = MailHTML.entity(s, at: i) {
                appendText(decoded)
                i = next
            } else {
                appendText(String(u))
                i += 1
            }
        }
        return Self.tidy(String(out))
    }

    private mutating func appendText(_ text: String) {
        for u in text.unicodeScalars {
            out.append(u.properties.isWhitespace && u != "\u{A0}" ? " " : u)
        }
    }

    private mutating func handleMarkup() {
        if hasPrefix("<!--", at: i) {
            i = find("-->", from: i + 4).map { $0 + 3 } ?? s.count
            return
        }
        guard i + 1 < s.count else { out.append("<"); i += 1; return }
        let next = s[i + 1]
        guard next.properties.isAlphabetic || next == "/" || next == "!" || next == "?" else {
            out.append("<")
            i += 1
            return
        }
        let tagStart = i + 1
        var j = tagStart
        var quote: Unicode.Scalar?
        while j < s.count {
            let c = s[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                break
            }
            j += 1
        }
        let inner = Array(s[tagStart..<min(j, s.count)])
        i = min(j + 1, s.count)
        handleTag(inner)
    }

    private mutating func handleTag(_ inner: [Unicode.Scalar]) {
        var k = 0
        let closing = inner.first == "/"
        if closing { k = 1 }
        var name = ""
        while k < inner.count, inner[k].properties.isAlphabetic || ("0"..."9").contains(inner[k]) {
            name.unicodeScalars.append(inner[k])
            k += 1
        }
        name = name.lowercased()
        if !closing && Self.skipContent.contains(name) {
            skipUntilClosing(name)
            return
        }
        if name == "li" && !closing {
            out.append(contentsOf: "\n- ".unicodeScalars)
        } else if name == "a" {
            if closing {
                closeLink()
            } else {
                let href = Self.attribute("href", in: inner).map { MailHTML.decodeEntities($0).mailTrimmed } ?? ""
                links.append((href, out.endIndex))
            }
        } else if Self.paragraphTags.contains(name) {
            out.append(contentsOf: (closing ? "\n\n" : "\n").unicodeScalars)
        } else if name == "br" {
            out.append("\n")
        } else if Self.lineBreakTags.contains(name) {
            softBreak()
        } else if name == "td" || name == "th" {
            if closing { out.append(" ") }
        } else if name == "img", !closing, let alt = Self.attribute("alt", in: inner), !alt.mailTrimmed.isEmpty {
            appendText(MailHTML.decodeEntities(alt))
        }
    }

    /// Starts a new line unless the output already ends one (spaces ignored).
    private mutating func softBreak() {
        var index = out.endIndex
        while index > out.startIndex {
            let previous = out.index(before: index)
            if out[previous] == " " { index = previous; continue }
            if out[previous] == "\n" { return }
            break
        }
        out.append("\n")
    }

    private mutating func closeLink() {
        guard let link = links.popLast() else { return }
        guard !link.href.isEmpty, !link.href.hasPrefix("#") else { return }
        let start = min(link.labelStart, out.endIndex)
        let label = String(out[start...]).mailCollapsedWhitespace
        let bare = link.href.hasPrefix("mailto:") ? String(link.href.dropFirst(7)) : link.href
        if label != link.href && label != bare {
            out.append(contentsOf: (label.isEmpty ? "<\(link.href)>" : " <\(link.href)>").unicodeScalars)
        }
    }

    private mutating func skipUntilClosing(_ name: String) {
        let needle = Array("</\(name)".unicodeScalars)
        var j = i
        while j < s.count {
            if s[j] == "<", hasPrefix(needle, at: j, caseInsensitive: true) {
                i = find(">", from: j).map { $0 + 1 } ?? s.count
                return
            }
            j += 1
        }
        i = s.count
    }

    private func hasPrefix(_ text: String, at index: Int) -> Bool {
        hasPrefix(Array(text.unicodeScalars), at: index, caseInsensitive: false)
    }

    private func hasPrefix(_ needle: [Unicode.Scalar], at index: Int, caseInsensitive: Bool) -> Bool {
        guard index + needle.count <= s.count else { return false }
        for (k, n) in needle.enumerated() {
            let c = s[index + k]
            if caseInsensitive {
                if String(c).lowercased() != String(n).lowercased() { return false }
            } else if c != n {
                return false
            }
        }
        return true
    }

    private func find(_ text: String, from index: Int) -> Int? {
        let needle = Array(text.unicodeScalars)
        var j = index
        while j + needle.count <= s.count {
            if hasPrefix(needle, at: j, caseInsensitive: false) { return j }
            j += 1
        }
        return nil
    }

    /// The value of an attribute inside a tag's text, or nil.
    static func attribute(_ wanted: String, in inner: [Unicode.Scalar]) -> String? {
        var k = 0
        while k < inner.count, !inner[k].properties.isWhitespace { k += 1 }  // skip tag name
        while k < inner.count {
            while k < inner.count, inner[k].properties.isWhitespace || inner[k] == "/" { k += 1 }
            var name = ""
            while k < inner.count, !inner[k].properties.isWhitespace, inner[k] != "=", inner[k] != "/" {
                name.unicodeScalars.append(inner[k])
                k += 1
            }
            while k < inner.count, inner[k].properties.isWhitespace { k += 1 }
            var value: String?
            if k < inner.count, inner[k] == "=" {
                k += 1
                while k < inner.count, inner[k].properties.isWhitespace { k += 1 }
                var v = String.UnicodeScalarView()
                if k < inner.count, inner[k] == "\"" || inner[k] == "'" {
                    let q = inner[k]
                    k += 1
                    while k < inner.count, inner[k] != q { v.append(inner[k]); k += 1 }
                    k += 1
                } else {
                    while k < inner.count, !inner[k].properties.isWhitespace { v.append(inner[k]); k += 1 }
                }
                value = String(v)
            }
            if name.lowercased() == wanted { return value ?? "" }
            if name.isEmpty && value == nil { k += 1 }
        }
        return nil
    }

    /// Collapses spaces, trims lines, keeps at most one blank line in a row.
    static func tidy(_ text: String) -> String {
        var lines: [String] = []
        var blank = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).mailCollapsedWhitespace
            if line.isEmpty {
                blank += 1
                if blank == 1, !lines.isEmpty { lines.append("") }
            } else {
                blank = 0
                lines.append(line)
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
