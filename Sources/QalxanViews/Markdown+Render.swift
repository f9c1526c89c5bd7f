extension Markdown {
    /// Writes the block tree as HTML, in the layout of the CommonMark reference renderer
    /// (one block a line), with HTML5 void elements.
    struct HTMLRenderer {
        private(set) var out: [UInt8] = []

        private mutating func write(_ s: String) { out.append(contentsOf: s.utf8) }
        private mutating func escaped<S: Sequence>(_ s: S) where S.Element == UInt8 { Markdown.appendEscaped(s, to: &out) }
        private mutating func escaped(_ s: String) { Markdown.appendEscaped(s.utf8, to: &out) }

        /// A line break unless the output is empty or already ends in one.
        private mutating func cr() {
            if let last = out.last, last != 0x0A { out.append(0x0A) }
        }

        mutating func render(_ block: Block, tight: Bool = false) {
            switch block.kind {
            case .document:
                for child in block.children { render(child) }
            case .blockQuote:
                cr()
                write("<blockquote>\n")
                for child in block.children { render(child) }
                cr()
                write("</blockquote>\n")
            case .list:
                cr()
                if block.list.ordered {
                    write(block.list.start == 1 ? "<ol>\n" : "<ol start=\"\(block.list.start)\">\n")
                } else {
                    write("<ul>\n")
                }
                for item in block.children { render(item, tight: block.tight) }
                cr()
                write(block.list.ordered ? "</ol>\n" : "</ul>\n")
            case .item:
                write("<li>")
                for child in block.children { render(child, tight: tight) }
                write("</li>\n")
            case .paragraph:
                if tight {
                    inlines(block.parsedInlines())
                } else {
                    cr()
                    write("<p>")
                    inlines(block.parsedInlines())
                    write("</p>\n")
                }
            case .heading:
                let level = min(block.level + 1, 6)
                cr()
                write("<h\(level) id=\"")
                escaped(block.anchor)
                write("\">")
                inlines(block.parsedInlines())
                write("</h\(level)>\n")
            case .thematicBreak:
                cr()
                write("<hr>\n")
            case .codeBlock:
                cr()
                write("<pre><code")
                if let language = Markdown.language(block.info) {
                    write(" class=\"language-\(language)\"")
                }
                write(">")
                escaped(block.content)
                write("</code></pre>\n")
            case .table:
                table(block)
            }
        }

        private mutating func table(_ block: Block) {
            cr()
            write("<table>\n<thead>\n")
            for (r, row) in block.rows.enumerated() {
                if r == 1 { write("<tbody>\n") }
                write("<tr>\n")
                let cell = r == 0 ? "th" : "td"
                for (c, source) in row.enumerated() {
                    switch block.alignments[c] {
                    case .none: write("<\(cell)>")
                    case .left: write("<\(cell) class=\"align-left\">")
                    case .center: write("<\(cell) class=\"align-center\">")
                    case .right: write("<\(cell) class=\"align-right\">")
                    }
                    inlines(InlineParser.parse(source))
                    write("</\(cell)>\n")
                }
                write("</tr>\n")
                if r == 0 { write("</thead>\n") }
            }
            if block.rows.count > 1 { write("</tbody>\n") }
            write("</table>\n")
        }

        /// Inline content. Inside an image only text is written (it is the link's text,
        /// standing for the alt text); a link inside a link or image is its text only,
        /// since anchors cannot nest.
        private mutating func inlines(_ nodes: [Inline]) {
            var imageDepth = 0
            var linkDepth = 0
            var emphasisDepth = 0
            // For each open link or image: its closing tag, and where its text began.
            var anchors: [(close: String, textStart: Int, fallback: String?)] = []
            for node in nodes {
                for wrapper in node.closes {
                    switch wrapper {
                    case .emphasis, .strong:
                        emphasisDepth -= 1
                        if imageDepth == 0 && emphasisDepth < Markdown.maxNesting {
                            if case .emphasis = wrapper { write("</em>") } else { write("</strong>") }
                        }
                    case .link, .image:
                        let anchor = anchors.removeLast()
                        if case .image = wrapper { imageDepth -= 1 }
                        if !anchor.close.isEmpty {
                            linkDepth -= 1
                            if out.count == anchor.textStart, let fallback = anchor.fallback { escaped(fallback) }
                        }
                        write(anchor.close)
                    }
                }
                switch node.kind {
                case .text: escaped(node.bytes)
                case .entity: out.append(contentsOf: node.bytes)
                case .code:
                    if imageDepth == 0 { write("<code>") }
                    escaped(node.bytes)
                    if imageDepth == 0 { write("</code>") }
                case .softBreak: write("\n")
                case .hardBreak: write(imageDepth == 0 ? "<br>\n" : "\n")
                }
                for wrapper in node.opens.reversed() {
                    switch wrapper {
                    case .emphasis, .strong:
                        // `*a *b *c … c* b* a*` nests as deep as the source likes; past
                        // the limit the text is shown without more tags.
                        if imageDepth == 0 && emphasisDepth < Markdown.maxNesting {
                            if case .emphasis = wrapper { write("<em>") } else { write("<strong>") }
                        }
                        emphasisDepth += 1
                    case .link(let target), .image(let target):
                        var isImage = false
                        if case .image = wrapper { isImage = true }
                        if let target, imageDepth == 0, linkDepth == 0 {
                            write("<a")
                            if isImage { write(" class=\"image\"") }
                            write(" href=\"")
                            escaped(target.href)
                            write("\"")
                            if let title = target.title, !title.isEmpty {
                                write(" title=\"")
                                escaped(title)
                                write("\"")
                            }
                            if target.external { write(" rel=\"noopener noreferrer nofollow\"") }
                            write(">")
                            linkDepth += 1
                            anchors.append((close: "</a>", textStart: out.count, fallback: isImage ? target.href : nil))
                        } else {
                            anchors.append((close: "", textStart: out.count, fallback: nil))
                        }
                        if isImage { imageDepth += 1 }
                    }
                }
            }
        }
    }

    /// The language of a fenced code block: the info string's first word, when it is
    /// made of `[A-Za-z0-9_+-]` only.
    static func language(_ info: [UInt8]) -> String? {
        let word = unescaped(info).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        guard !word.isEmpty, word.utf8.allSatisfy({ isASCIILetter($0) || isASCIIDigit($0)
            || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) else { return nil }
        return word
    }

    /// Writes the block tree as plain text.
    enum PlainRenderer {
        static func text(of document: Block) -> String {
            blocks(document.children, tight: false)
        }

        private static func blocks(_ blocks: [Block], tight: Bool) -> String {
            blocks.map { block($0, tight: tight) }.joined(separator: tight ? "\n" : "\n\n")
        }

        private static func block(_ block: Block, tight: Bool) -> String {
            switch block.kind {
            case .document:
                return blocks(block.children, tight: false)
            case .blockQuote:
                return prefixed(blocks(block.children, tight: false), first: "> ", rest: "> ")
            case .list:
                var items: [String] = []
                for (i, item) in block.children.enumerated() {
                    let marker = block.list.ordered ? "\(block.list.start + i). " : "- "
                    let body = blocks(item.children, tight: block.tight)
                    items.append(prefixed(body, first: marker, rest: String(repeating: " ", count: marker.count)))
                }
                return items.joined(separator: block.tight ? "\n" : "\n\n")
            case .item:
                return blocks(block.children, tight: tight)
            case .paragraph:
                return inlineText(block.parsedInlines(), withURLs: true)
            case .heading:
                return inlineText(block.parsedInlines(), withURLs: true)
            case .thematicBreak:
                return "---"
            case .codeBlock:
                var code = String(decoding: block.content, as: UTF8.self)
                if code.hasSuffix("\n") { code.removeLast() }
                return code
            case .table:
                return block.rows.map { row in
                    row.map { inlineText(InlineParser.parse($0), withURLs: true) }.joined(separator: " | ")
                }.joined(separator: "\n")
            }
        }

        /// Every line of `text` behind a prefix (`> `, a list marker, its indentation);
        /// empty lines get the prefix without trailing spaces.
        private static func prefixed(_ text: String, first: String, rest: String) -> String {
            var lines: [String] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let prefix = i == 0 ? first : rest
                if line.isEmpty {
                    var bare = prefix
                    while bare.last == " " { bare.removeLast() }
                    lines.append(bare)
                } else {
                    lines.append(prefix + line)
                }
            }
            return lines.joined(separator: "\n")
        }

        /// Inline content as text: links as `text (url)` (the URL alone when it is the
        /// text) when `withURLs`, images as their alt text and URL the same way.
        static func inlineText(_ nodes: [Inline], withURLs: Bool) -> String {
            var out: [UInt8] = []
            var anchors: [(href: String?, textStart: Int)] = []
            for node in nodes {
                for wrapper in node.closes {
                    switch wrapper {
                    case .emphasis, .strong: break
                    case .link, .image:
                        let anchor = anchors.removeLast()
                        guard withURLs, let href = anchor.href else { continue }
                        let text = String(decoding: out[anchor.textStart...], as: UTF8.self)
                        if text.isEmpty {
                            out.append(contentsOf: href.utf8)
                        } else if text != href && "mailto:" + text != href {
                            out.append(contentsOf: " (\(href))".utf8)
                        }
                    }
                }
                switch node.kind {
                case .text, .code: out.append(contentsOf: node.bytes)
                case .entity: out.append(contentsOf: node.decoded.utf8)
                case .softBreak, .hardBreak: out.append(0x0A)
                }
                for wrapper in node.opens.reversed() {
                    switch wrapper {
                    case .emphasis, .strong: break
                    case .link(let target), .image(let target):
                        // Nested links show only the outermost URL.
                        let nested = anchors.contains { $0.href != nil }
                        anchors.append((href: nested ? nil : target?.href, textStart: out.count))
                    }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
