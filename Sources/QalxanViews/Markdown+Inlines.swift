extension Markdown {
    /// Where a link goes, once it has passed `Markdown.safeURL`.
    struct LinkTarget {
        /// Percent-encoded, not yet attribute-escaped.
        var href: String
        var title: String?
        /// `http`/`https` (or protocol-relative): the link gets `rel="noopener noreferrer nofollow"`.
        var external: Bool
    }

    /// An element that wraps inline content; a link or image whose URL was refused has no
    /// target and shows its text only.
    enum Wrapper {
        case emphasis, strong
        case link(LinkTarget?)
        case image(LinkTarget?)
    }

    /// One piece of inline content. The inline tree is kept flat: emphasis, links and
    /// images are opening and closing marks on the pieces around them, so that neither
    /// the parser nor the renderers recurse however deeply the source nests.
    struct Inline {
        enum Kind {
            /// Literal text.
            case text
            /// A valid character reference: `bytes` as written, `decoded` its text.
            case entity
            case code
            case softBreak, hardBreak
        }

        var kind: Kind
        var bytes: [UInt8]
        var decoded = ""
        /// Elements closed before this piece, in order.
        var closes: [Wrapper] = []
        /// Elements opened after this piece, innermost first (render in reverse).
        var opens: [Wrapper] = []

        init(_ kind: Kind, _ bytes: [UInt8] = []) {
            self.kind = kind
            self.bytes = bytes
        }
    }

    /// The CommonMark inline algorithm (after commonmark.js), with the known quadratic
    /// paths closed: code-span closers come from an index, bracket deactivation is a
    /// watermark, link destinations nest at most 32 parentheses.
    struct InlineParser {
        private struct Delimiter {
            let char: UInt8
            var count: Int
            let originalCount: Int
            let node: Int
            var previous: Int?
            var next: Int?
            let canOpen: Bool
            let canClose: Bool
        }

        private struct Bracket {
            let node: Int
            let image: Bool
            let previousDelimiter: Int?
        }

        private let s: [UInt8]
        private var pos = 0
        private var nodes: [Inline] = []
        private var delimiters: [Delimiter] = []
        private var top: Int?
        private var brackets: [Bracket] = []
        /// Link brackets below this index in `brackets` can no longer open a link (links
        /// do not nest); image brackets stay active.
        private var inactiveBelow = 0
        private var backtickRuns: [Int: [Int]]?

        /// Parses a paragraph's, heading's or table cell's text.
        static func parse(_ text: [UInt8]) -> [Inline] {
            var start = 0
            var end = text.count
            while start < end && isWhitespaceByte(text[start]) { start += 1 }
            while end > start && isWhitespaceByte(text[end - 1]) { end -= 1 }
            var parser = InlineParser(s: Array(text[start..<end]))
            while parser.pos < parser.s.count { parser.parseOne() }
            parser.processEmphasis(bottom: nil)
            return parser.nodes
        }

        private init(s: [UInt8]) { self.s = s }

        private static func isWhitespaceByte(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A }

        private static func isASCIIPunctuation(_ c: UInt8) -> Bool {
            (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
        }

        private func peek(_ i: Int) -> UInt8? { i < s.count ? s[i] : nil }

        private mutating func addText<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            nodes.append(Inline(.text, Array(bytes)))
        }

        private mutating func addText(_ literal: StaticString) {
            nodes.append(Inline(.text, Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))))
        }

        // MARK: Dispatch

        private mutating func parseOne() {
            let c = s[pos]
            switch c {
            case 0x0A: parseNewline()
            case UInt8(ascii: "\\"): parseBackslash()
            case UInt8(ascii: "`"): parseBackticks()
            case UInt8(ascii: "*"), UInt8(ascii: "_"): parseDelimiterRun(c)
            case UInt8(ascii: "["):
                pos += 1
                addText("[")
                brackets.append(Bracket(node: nodes.count - 1, image: false, previousDelimiter: top))
            case UInt8(ascii: "!"):
                pos += 1
                if peek(pos) == UInt8(ascii: "[") {
                    pos += 1
                    addText("![")
                    brackets.append(Bracket(node: nodes.count - 1, image: true, previousDelimiter: top))
                } else {
                    addText("!")
                }
            case UInt8(ascii: "]"): parseCloseBracket()
            case UInt8(ascii: "<"):
                if !parseAutolink() {
                    // Raw HTML is not recognised: the `<` is text, escaped on output.
                    pos += 1
                    addText("<")
                }
            case UInt8(ascii: "&"):
                if !parseEntity() {
                    pos += 1
                    addText("&")
                }
            default:
                parseString()
            }
        }

        private mutating func parseString() {
            let start = pos
            pos += 1
            loop: while pos < s.count {
                switch s[pos] {
                case 0x0A, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"),
                     UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: "&"):
                    break loop
                default:
                    pos += 1
                }
            }
            addText(s[start..<pos])
        }

        private mutating func parseNewline() {
            pos += 1
            var hard = false
            if let last = nodes.indices.last, nodes[last].kind == .text, nodes[last].opens.isEmpty,
               nodes[last].bytes.last == 0x20 {
                var spaces = 0
                while nodes[last].bytes.last == 0x20 {
                    nodes[last].bytes.removeLast()
                    spaces += 1
                }
                hard = spaces >= 2
            }
            nodes.append(Inline(hard ? .hardBreak : .softBreak))
            while peek(pos) == 0x20 || peek(pos) == 0x09 { pos += 1 }
        }

        private mutating func parseBackslash() {
            pos += 1
            if peek(pos) == 0x0A {
                pos += 1
                nodes.append(Inline(.hardBreak))
                while peek(pos) == 0x20 || peek(pos) == 0x09 { pos += 1 }
            } else if let c = peek(pos), Self.isASCIIPunctuation(c) {
                addText([c])
                pos += 1
            } else {
                addText("\\")
            }
        }

        // MARK: Code spans

        private mutating func parseBackticks() {
            let start = pos
            while peek(pos) == UInt8(ascii: "`") { pos += 1 }
            let length = pos - start
            guard let closer = closingBackticks(length: length, after: pos) else {
                addText(s[start..<pos])
                return
            }
            var content = Array(s[pos..<closer])
            for i in content.indices where content[i] == 0x0A { content[i] = 0x20 }
            if content.count >= 2, content.first == 0x20, content.last == 0x20, content.contains(where: { $0 != 0x20 }) {
                content = Array(content[1..<(content.count - 1)])
            }
            nodes.append(Inline(.code, content))
            pos = closer + length
        }

        /// The start of the first run of exactly `length` backticks at or after `position`,
        /// from an index of all runs built once, so that unmatched openers cost no rescans.
        private mutating func closingBackticks(length: Int, after position: Int) -> Int? {
            if backtickRuns == nil {
                var runs: [Int: [Int]] = [:]
                var i = 0
                while i < s.count {
                    if s[i] == UInt8(ascii: "`") {
                        let start = i
                        while i < s.count && s[i] == UInt8(ascii: "`") { i += 1 }
                        runs[i - start, default: []].append(start)
                    } else {
                        i += 1
                    }
                }
                backtickRuns = runs
            }
            guard let starts = backtickRuns?[length] else { return nil }
            var low = 0
            var high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] < position { low = mid + 1 } else { high = mid }
            }
            return low < starts.count ? starts[low] : nil
        }

        // MARK: Emphasis

        private mutating func parseDelimiterRun(_ c: UInt8) {
            let start = pos
            while peek(pos) == c { pos += 1 }
            let count = pos - start
            let before = start > 0 ? Markdown.scalar(before: start, in: s) : "\n"
            let after = pos < s.count ? Markdown.scalar(at: pos, in: s) : "\n"
            let beforeSpace = Markdown.isWhitespace(before)
            let afterSpace = Markdown.isWhitespace(after)
            let beforePunct = Markdown.isPunctuation(before)
            let afterPunct = Markdown.isPunctuation(after)
            let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
            let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
            let canOpen: Bool
            let canClose: Bool
            if c == UInt8(ascii: "_") {
                canOpen = leftFlanking && (!rightFlanking || beforePunct)
                canClose = rightFlanking && (!leftFlanking || afterPunct)
            } else {
                canOpen = leftFlanking
                canClose = rightFlanking
            }
            addText(s[start..<pos])
            guard canOpen || canClose else { return }
            let index = delimiters.count
            delimiters.append(Delimiter(
                char: c, count: count, originalCount: count, node: nodes.count - 1,
                previous: top, next: nil, canOpen: canOpen, canClose: canClose))
            if let top { delimiters[top].next = index }
            top = index
        }

        private mutating func removeDelimiter(_ i: Int) {
            let previous = delimiters[i].previous
            let next = delimiters[i].next
            if let previous { delimiters[previous].next = next }
            if let next {
                delimiters[next].previous = previous
            } else {
                top = previous
            }
        }

        /// Matches the emphasis delimiters above `bottom` (CommonMark's "process emphasis",
        /// with the openers-bottom table that keeps it linear).
        private mutating func processEmphasis(bottom: Int?) {
            guard top != bottom else { return }
            var openersBottom = [Int?](repeating: bottom, count: 12)
            var closer = top
            while let c = closer, delimiters[c].previous != bottom { closer = delimiters[c].previous }

            while let c = closer {
                let d = delimiters[c]
                guard d.canClose else {
                    closer = d.next
                    continue
                }
                let bucket = (d.char == UInt8(ascii: "_") ? 0 : 6) + (d.canOpen ? 3 : 0) + d.originalCount % 3
                var opener = d.previous
                var found = false
                while let o = opener, o != bottom, o != openersBottom[bucket] {
                    let od = delimiters[o]
                    let oddMatch = (d.canOpen || od.canClose) && d.originalCount % 3 != 0
                        && (od.originalCount + d.originalCount) % 3 == 0
                    if od.char == d.char && od.canOpen && !oddMatch {
                        found = true
                        break
                    }
                    opener = od.previous
                }
                if found, let o = opener {
                    let use = delimiters[c].count >= 2 && delimiters[o].count >= 2 ? 2 : 1
                    delimiters[o].count -= use
                    delimiters[c].count -= use
                    nodes[delimiters[o].node].bytes.removeLast(use)
                    nodes[delimiters[c].node].bytes.removeLast(use)
                    let wrapper: Wrapper = use == 1 ? .emphasis : .strong
                    nodes[delimiters[o].node].opens.append(wrapper)
                    nodes[delimiters[c].node].closes.append(wrapper)
                    while let p = delimiters[c].previous, p != o { removeDelimiter(p) }
                    if delimiters[o].count == 0 { removeDelimiter(o) }
                    if delimiters[c].count == 0 {
                        let next = delimiters[c].next
                        removeDelimiter(c)
                        closer = next
                    }
                } else {
                    closer = d.next
                    openersBottom[bucket] = d.previous
                    if !d.canOpen { removeDelimiter(c) }
                }
            }
            while let t = top, t != bottom { removeDelimiter(t) }
        }

        // MARK: Links and images

        private mutating func popBracket() {
            brackets.removeLast()
            inactiveBelow = min(inactiveBelow, brackets.count)
        }

        private mutating func parseCloseBracket() {
            pos += 1
            guard let opener = brackets.last else {
                addText("]")
                return
            }
            if !opener.image && brackets.count - 1 < inactiveBelow {
                popBracket()
                addText("]")
                return
            }
            guard let (destination, title, end) = inlineLinkTail(at: pos) else {
                popBracket()
                addText("]")
                return
            }
            pos = end
            let target = Markdown.safeURL(Markdown.unescaped(destination)).map {
                LinkTarget(href: $0.href, title: title.map { Markdown.unescaped($0) }, external: $0.external)
            }
            let wrapper: Wrapper = opener.image ? .image(target) : .link(target)
            nodes[opener.node].bytes = []
            nodes[opener.node].opens.append(wrapper)
            processEmphasis(bottom: opener.previousDelimiter)
            popBracket()
            var close = Inline(.text)
            close.closes.append(wrapper)
            nodes.append(close)
            if !opener.image { inactiveBelow = brackets.count }
        }

        /// `(destination "title")` after the `]`: the raw destination and title and the
        /// position after the `)`.
        private func inlineLinkTail(at start: Int) -> ([UInt8], [UInt8]?, Int)? {
            guard peek(start) == UInt8(ascii: "(") else { return nil }
            var p = skipSpaceAndNewline(start + 1)
            guard let (destination, afterDestination) = linkDestination(at: p) else { return nil }
            p = skipSpaceAndNewline(afterDestination)
            var title: [UInt8]?
            if p > afterDestination, let (t, afterTitle) = linkTitle(at: p) {
                title = t
                p = skipSpaceAndNewline(afterTitle)
            }
            guard peek(p) == UInt8(ascii: ")") else { return nil }
            return (destination, title, p + 1)
        }

        private func skipSpaceAndNewline(_ start: Int) -> Int {
            var p = start
            while peek(p) == 0x20 || peek(p) == 0x09 { p += 1 }
            if peek(p) == 0x0A { p += 1 }
            while peek(p) == 0x20 || peek(p) == 0x09 { p += 1 }
            return p
        }

        private func linkDestination(at start: Int) -> ([UInt8], Int)? {
            if peek(start) == UInt8(ascii: "<") {
                var q = start + 1
                while q < s.count {
                    let c = s[q]
                    if c == UInt8(ascii: ">") { return (Array(s[(start + 1)..<q]), q + 1) }
                    if c == UInt8(ascii: "<") || c == 0x0A { return nil }
                    q += c == UInt8(ascii: "\\") && q + 1 < s.count && Self.isASCIIPunctuation(s[q + 1]) ? 2 : 1
                }
                return nil
            }
            var q = start
            var depth = 0
            while q < s.count {
                let c = s[q]
                if c == UInt8(ascii: "\\") && q + 1 < s.count && Self.isASCIIPunctuation(s[q + 1]) {
                    q += 2
                    continue
                }
                if c == UInt8(ascii: "(") {
                    depth += 1
                    if depth > 32 { return nil }
                } else if c == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                } else if c <= 0x20 {
                    break
                }
                q += 1
            }
            if q == start && peek(q) != UInt8(ascii: ")") { return nil }
            if depth != 0 { return nil }
            return (Array(s[start..<q]), q)
        }

        private func linkTitle(at start: Int) -> ([UInt8], Int)? {
            guard let open = peek(start) else { return nil }
            let close: UInt8
            switch open {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): close = open
            case UInt8(ascii: "("): close = UInt8(ascii: ")")
            default: return nil
            }
            var q = start + 1
            while q < s.count {
                let c = s[q]
                if c == UInt8(ascii: "\\") && q + 1 < s.count && Self.isASCIIPunctuation(s[q + 1]) {
                    q += 2
                    continue
                }
                if c == close { return (Array(s[(start + 1)..<q]), q + 1) }
                if open == UInt8(ascii: "(") && c == open { return nil }
                q += 1
            }
            return nil
        }

        /// `<scheme:…>` or `<user@host>`.
        private mutating func parseAutolink() -> Bool {
            let start = pos + 1
            if let end = uriAutolinkEnd(start) {
                let uri = Array(s[start..<end])
                link(text: uri, url: String(decoding: uri, as: UTF8.self), end: end + 1)
                return true
            }
            if let end = emailAutolinkEnd(start) {
                let address = Array(s[start..<end])
                link(text: address, url: "mailto:" + String(decoding: address, as: UTF8.self), end: end + 1)
                return true
            }
            return false
        }

        private mutating func link(text: [UInt8], url: String, end: Int) {
            let target = Markdown.safeURL(url).map { LinkTarget(href: $0.href, title: nil, external: $0.external) }
            var open = Inline(.text, [])
            open.opens.append(.link(target))
            nodes.append(open)
            nodes.append(Inline(.text, text))
            var close = Inline(.text, [])
            close.closes.append(.link(target))
            nodes.append(close)
            pos = end
        }

        private func uriAutolinkEnd(_ start: Int) -> Int? {
            var q = start
            guard let first = peek(q), Markdown.isASCIILetter(first) else { return nil }
            q += 1
            while let c = peek(q), Markdown.isASCIILetter(c) || Markdown.isASCIIDigit(c)
                || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
                q += 1
                if q - start > 32 { return nil }
            }
            guard q - start >= 2, peek(q) == UInt8(ascii: ":") else { return nil }
            q += 1
            while let c = peek(q) {
                if c == UInt8(ascii: ">") { return q }
                if c <= 0x20 || c == UInt8(ascii: "<") { return nil }
                q += 1
            }
            return nil
        }

        private func emailAutolinkEnd(_ start: Int) -> Int? {
            var q = start
            let localSpecials = Array(".!#$%&'*+/=?^_`{|}~-".utf8)
            while let c = peek(q), Markdown.isASCIILetter(c) || Markdown.isASCIIDigit(c) || localSpecials.contains(c) {
                q += 1
            }
            guard q > start, peek(q) == UInt8(ascii: "@") else { return nil }
            q += 1
            // One or more labels of letters, digits and inner hyphens (at most 63), dot-separated.
            while true {
                let labelStart = q
                while let c = peek(q), Markdown.isASCIILetter(c) || Markdown.isASCIIDigit(c) || c == UInt8(ascii: "-") {
                    q += 1
                }
                let label = s[labelStart..<q]
                guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"),
                      label.last != UInt8(ascii: "-") else { return nil }
                if peek(q) == UInt8(ascii: ".") {
                    q += 1
                    continue
                }
                return peek(q) == UInt8(ascii: ">") ? q : nil
            }
        }

        // MARK: Entities

        private mutating func parseEntity() -> Bool {
            guard let (scalars, end) = Markdown.characterReference(in: s, at: pos) else { return false }
            let written = Array(s[pos..<end])
            pos = end
            guard let scalars else { return true }  // a control character: dropped
            if scalars == "\u{FFFD}" && written[1] == UInt8(ascii: "#") {
                // An invalid code point: shown as the replacement character.
                addText(Array("\u{FFFD}".utf8))
                return true
            }
            var node = Inline(.entity, written)
            node.decoded = scalars
            nodes.append(node)
            return true
        }
    }
}
