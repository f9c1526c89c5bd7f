import Foundation
import QalxanViews
import Testing

/// Hostile Markdown: nothing in the source may reach a page as markup, no link may go
/// anywhere but http(s), mailto or a relative URL, and no input may take long.
@Suite struct MarkdownSafetyTests {
    /// One attack and, where it is worth pinning, the exact HTML it must become.
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let html: String?
        var testDescription: String { name }

        init(_ name: String, _ source: String, _ html: String? = nil) {
            self.name = name
            self.source = source
            self.html = html
        }
    }

    static let vectors: [Vector] = [
        Vector("script tag", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        Vector("script block", "<script>\nalert(1)\n</script>", "<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n"),
        Vector("img onerror", "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
        Vector("svg onload", "<svg/onload=alert(1)>"),
        Vector("iframe", "<iframe src=\"https://evil.example\"></iframe>"),
        Vector("style", "<style>body{display:none}</style>"),
        Vector("comment", "<!-- hidden --> visible", "<p>&lt;!-- hidden --&gt; visible</p>\n"),
        Vector("raw anchor", "<a href=\"javascript:alert(1)\">x</a>", "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>\n"),
        Vector("raw anchor with handler", "<a href=\"https://ok\" onclick=\"alert(1)\">x</a>"),
        Vector("javascript link", "[x](javascript:alert(1))", "<p>x</p>\n"),
        Vector("mixed case", "[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"),
        Vector("upper case", "[x](JAVASCRIPT:alert(1))", "<p>x</p>\n"),
        Vector("hex entity in scheme", "[x](jav&#x61;script:alert(1))", "<p>x</p>\n"),
        Vector("decimal entity in scheme", "[x](&#106;avascript:alert(1))", "<p>x</p>\n"),
        Vector("named colon entity", "[x](javascript&colon;alert(1))", "<p>x</p>\n"),
        Vector("tab entity in scheme", "[x](java&#9;script:alert(1))", "<p>x</p>\n"),
        Vector("newline entity in scheme", "[x](java&NewLine;script:alert(1))", "<p>x</p>\n"),
        Vector("tab in pointy destination", "[x](<java\tscript:alert(1)>)", "<p>x</p>\n"),
        Vector("tab in destination", "[x](java\tscript:alert(1))"),
        Vector("leading space", "[x](< javascript:alert(1)>)", "<p>x</p>\n"),
        Vector("control character", "[x](\u{1}javascript:alert(1))", "<p>x</p>\n"),
        Vector("NUL in scheme", "[x](java\u{0}script:alert(1))", "<p>x</p>\n"),
        Vector("zero-width space", "[x](java\u{200B}script:alert(1))", "<p>x</p>\n"),
        Vector("percent-encoded scheme", "[x](javas%63ript:alert(1))", "<p>x</p>\n"),
        Vector("backslash-escaped colon", "[x](javascript\\:alert(1))", "<p>x</p>\n"),
        Vector("data link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<p>x</p>\n"),
        Vector("vbscript link", "[x](vbscript:msgbox(1))", "<p>x</p>\n"),
        Vector("file link", "[x](file:///etc/passwd)", "<p>x</p>\n"),
        Vector("javascript autolink", "<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"),
        Vector("data autolink", "<data:text/html,alert(1)>", "<p>data:text/html,alert(1)</p>\n"),
        Vector("javascript image", "![x](javascript:alert(1))", "<p>x</p>\n"),
        Vector("data image", "![x](data:image/svg+xml;base64,PHN2Zz4=)", "<p>x</p>\n"),
        Vector("quote in URL", "[x](https://ok.example/\"onmouseover=\"alert(1))",
               "<p><a href=\"https://ok.example/%22onmouseover=%22alert(1)\" rel=\"noopener noreferrer nofollow\">x</a></p>\n"),
        Vector("quote in autolink", "<https://ok.example/\"onmouseover=\"alert(1)>"),
        Vector("quote in title", "[x](/u \"a\\\" onmouseover=\\\"alert(1)\")",
               "<p><a href=\"/u\" title=\"a&quot; onmouseover=&quot;alert(1)\">x</a></p>\n"),
        Vector("markup in title", "[x](/u 'a\"><script>alert(1)</script>')",
               "<p><a href=\"/u\" title=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</a></p>\n"),
        Vector("entity quote in title", "[x](/u \"a&quot; onmouseover=&#34;alert(1)\")",
               "<p><a href=\"/u\" title=\"a&quot; onmouseover=&quot;alert(1)\">x</a></p>\n"),
        Vector("markup in URL", "[x](/a<script>)"),
        Vector("markup in link text", "[<img src=x onerror=alert(1)>](https://ok.example)"),
        Vector("code span", "`<script>alert(1)</script>`", "<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>\n"),
        Vector("fenced code", "```html\n<script>alert(1)</script>\n```",
               "<pre><code class=\"language-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"),
        Vector("info string breakout", "```\"><script>alert(1)</script>\nx\n```", "<pre><code>x\n</code></pre>\n"),
        Vector("heading", "# <script>alert(1)</script>", "<h2 id=\"script-alert-1-script\">&lt;script&gt;alert(1)&lt;/script&gt;</h2>\n"),
        Vector("table cells", "| <script> | x |\n|---|---|\n| <img src=x onerror=alert(1)> | [y](javascript:alert(1)) |"),
        Vector("emphasis around tags", "*<script>*alert(1)**</script>**"),
        Vector("nested link abuse", "[[x](javascript:alert(1))](https://ok.example)"),
        Vector("link in image in link", "[![a [b](javascript:x)](javascript:y)](javascript:z)",
               // The inner link makes the outer bracket text (links do not nest); the image is refused.
               "<p>[a b](javascript:z)</p>\n"),
        Vector("entity-encoded tags", "&lt;script&gt; &#60;script&#62; &#x3C;img&#x3E;", "<p>&lt;script&gt; &#60;script&#62; &#x3C;img&#x3E;</p>\n"),
        Vector("unterminated entity", "&#x3C;script&#x3E", "<p>&#x3C;script&amp;#x3E</p>\n"),
        Vector("blockquoted script", "> <script>alert(1)</script>\n> [x](javascript:alert(1))"),
        Vector("list item handler", "- <b onmouseover=alert(1)>x</b>"),
        Vector("mailto with markup", "[m](mailto:a@b.example?subject=<script>)",
               "<p><a href=\"mailto:a@b.example?subject=%3Cscript%3E\">m</a></p>\n"),
        Vector("protocol-relative", "[x](//evil.example/)", "<p><a href=\"//evil.example/\" rel=\"noopener noreferrer nofollow\">x</a></p>\n"),
        Vector("C1 and DEL controls", "a\u{85}\u{9B}\u{7F}<b>", "<p>a&lt;b&gt;</p>\n"),
    ]

    @Test(arguments: vectors)
    func hostileSourceNeverBecomesMarkup(_ vector: Vector) {
        // Act
        let html = Markdown.html(vector.source)

        // Assert
        #expect(MarkdownAudit.violations(in: html) == [], "\(html)")
        if let expected = vector.html { #expect(html == expected) }
    }

    @Test func theVectorsAreMany() {
        #expect(Self.vectors.count >= 25)
    }

    @Test func everyExternalLinkGetsRel() {
        let html = Markdown.html("[a](https://a.example) [b](HTTP://b.example) <http://c.example> ![d](https://d.example/x.png) [e](/local)")
        #expect(html.components(separatedBy: "<a ").count - 1 == 5)
        #expect(html.components(separatedBy: "rel=\"noopener noreferrer nofollow\"").count - 1 == 4)
    }

    // MARK: Pathological input

    static let pathological: [(String, String)] = [
        ("stars", String(repeating: "*", count: 100_000)),
        ("star words", String(repeating: "*a ", count: 33_333)),
        ("nested emphasis", String(repeating: "*a ", count: 16_666) + String(repeating: "a* ", count: 16_666)),
        ("strong", String(repeating: "**", count: 25_000) + "a" + String(repeating: "**", count: 25_000)),
        ("alternating", String(repeating: "*_", count: 50_000)),
        ("open brackets", String(repeating: "[", count: 100_000)),
        ("bracket pairs", String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)),
        ("unclosed links", String(repeating: "[a](", count: 25_000)),
        ("unbalanced parentheses", String(repeating: "[](", count: 33_333)),
        ("pointy destinations", String(repeating: "[](<", count: 25_000)),
        ("unclosed titles", String(repeating: "[a](b \"", count: 14_285)),
        ("images and links", String(repeating: "![", count: 25_000) + String(repeating: "[a](b)", count: 8_333)),
        ("backtick runs", (0..<5_000).map { String(repeating: "`", count: $0 % 40 + 1) + "a" }.joined()),
        ("entities", String(repeating: "&#", count: 50_000)),
        ("autolinks", String(repeating: "<a", count: 50_000)),
        ("quotes", String(repeating: ">", count: 100_000)),
        ("nested lists", (0..<300).map { String(repeating: " ", count: $0 * 2) + "- a" }.joined(separator: "\n")),
        ("wide table", "|" + String(repeating: "a|", count: 5_000) + "\n|" + String(repeating: "-|", count: 5_000) + "\n"
            + String(repeating: "x\n", count: 20_000)),
        ("hard breaks", String(repeating: "a  \n", count: 25_000)),
    ]

    @Test(arguments: pathological.map(\.0))
    func pathologicalInputIsFast(_ name: String) {
        // Arrange
        let source = Self.pathological.first { $0.0 == name }!.1
        let clock = ContinuousClock()

        // Act
        var html = ""
        var text = ""
        let elapsed = clock.measure {
            html = Markdown.html(source)
            text = Markdown.plainText(source)
        }

        // Assert: well under the time a quadratic path takes on 100 KB (minutes), even
        // in a debug build on a busy machine; and the output stays proportionate.
        #expect(elapsed < .seconds(10), "\(name): \(elapsed)")
        #expect(html.utf8.count < 40 * source.utf8.count + 1_000)
        #expect(!text.isEmpty || source.allSatisfy { $0 == "*" })
        #expect(MarkdownAudit.violations(in: html) == [])
    }
}

/// Checks rendered HTML against what the renderer may produce: known tags with known
/// attributes, quoted values, and links only to allowed places.
enum MarkdownAudit {
    static let tags: Set<String> = [
        "p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr", "br",
        "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    ]
    static let attributes: Set<String> = ["href", "title", "rel", "class", "id", "start"]

    static func violations(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else {
                found.append("unclosed tag")
                break
            }
            let tag = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            found.append(contentsOf: check(tag))
        }
        if html.contains("\u{0}") || html.contains("\u{1B}") { found.append("control character") }
        return found
    }

    private static func check(_ tag: String) -> [String] {
        var s = tag[...]
        if s.hasPrefix("/") { s = s.dropFirst() }
        let name = String(s.prefix { $0.isLetter || $0.isNumber })
        guard tags.contains(name) else { return ["tag <\(tag)>"] }
        s = s.dropFirst(name.count)
        var problems: [String] = []
        while !s.isEmpty {
            guard s.hasPrefix(" ") else { return ["malformed <\(tag)>"] }
            s = s.dropFirst()
            let attribute = String(s.prefix { $0 != "=" })
            guard attributes.contains(attribute), s.dropFirst(attribute.count).hasPrefix("=\"") else {
                return ["attribute \(attribute) in <\(tag)>"]
            }
            s = s.dropFirst(attribute.count + 2)
            guard let end = s.firstIndex(of: "\"") else { return ["unquoted value in <\(tag)>"] }
            let value = String(s[..<end])
            s = s[s.index(after: end)...]
            if value.contains("<") || value.contains(">") { problems.append("markup in value of <\(tag)>") }
            if attribute == "href" && !allowed(href: value) { problems.append("href \(value)") }
        }
        return problems
    }

    /// What a browser would make of the value: references resolved, whitespace and
    /// controls (which it strips from schemes) removed; then the scheme must be allowed.
    private static func allowed(href: String) -> Bool {
        let decoded = href.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        if decoded.contains("&#") { return false }
        let probe = String(decoded.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init))
        guard let colon = probe.firstIndex(of: ":") else { return true }
        if let slash = probe.firstIndex(where: { "/?#".contains($0) }), slash < colon { return true }
        return ["http", "https", "mailto"].contains(probe[..<colon].lowercased())
    }
}
