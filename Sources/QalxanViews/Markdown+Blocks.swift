extension Markdown {
    /// A node of the block tree.
    final class Block {
        enum Kind { case document, blockQuote, list, item, paragraph, heading, thematicBreak, codeBlock, table }
        enum Alignment { case none, left, center, right }

        /// What a list marker said: the kind of list and where the item's content starts.
        struct ListData {
            var ordered = false
            var bulletChar: UInt8 = 0
            var delimiter: UInt8 = 0
            var start = 1
            var markerOffset = 0
            var padding = 0

            func continues(_ other: ListData) -> Bool {
                ordered == other.ordered && delimiter == other.delimiter && bulletChar == other.bulletChar
            }
        }

        let kind: Kind
        weak var parent: Block?
        var children: [Block] = []
        var isOpen = true
        var lastLineBlank = false
        var lastLineChecked = false
        let startLine: Int
        /// Text of paragraphs, headings and code blocks, lines ending in `\n`.
        var content: [UInt8] = []

        var level = 0
        var list = ListData()
        var tight = true
        var fenced = false
        var fenceChar: UInt8 = 0
        var fenceLength = 0
        var fenceOffset = 0
        var info: [UInt8] = []
        var alignments: [Alignment] = []
        /// Table rows, the header first; each a list of cell sources.
        var rows: [[[UInt8]]] = []

        var anchor = ""
        var plainHeading = ""
        private var inlineCache: [Inline]?

        init(_ kind: Kind, startLine: Int) {
            self.kind = kind
            self.startLine = startLine
        }

        var acceptsLines: Bool { kind == .paragraph || kind == .codeBlock || kind == .table }

        func canContain(_ child: Kind) -> Bool {
            switch kind {
            case .document, .blockQuote, .item: child != .item
            case .list: child == .item
            default: false
            }
        }

        /// The inline content of a paragraph or heading, parsed once.
        func parsedInlines() -> [Inline] {
            if let inlineCache { return inlineCache }
            let parsed = InlineParser.parse(content)
            inlineCache = parsed
            return parsed
        }

        /// How many block quotes and lists this block is inside, itself included.
        var nesting: Int {
            var n = 0
            var b: Block? = self
            while let current = b {
                if current.kind == .blockQuote || current.kind == .list { n += 1 }
                b = current.parent
            }
            return n
        }
    }

    /// The CommonMark block algorithm (after commonmark.js): each line first continues the
    /// open containers it can, then opens new blocks, then is added to the innermost one.
    struct BlockParser {
        private enum Continuation { case matched, failed, consumed }
        private enum Start { case none, container, leaf }

        private let document = Block(.document, startLine: 0)
        private var tip: Block
        private var oldTip: Block
        private var lastMatchedContainer: Block
        private var allClosed = true
        private var line: [UInt8] = []
        private var lineNumber = 0
        private var offset = 0
        private var column = 0
        private var nextNonspace = 0
        private var nextNonspaceColumn = 0
        private var indent = 0
        private var indented = false
        private var blank = false
        private var partiallyConsumedTab = false
        /// Table cells that may still be added to pad short rows; bounded by the input size
        /// so that a wide header and many one-character rows cannot blow up the output.
        private var paddingBudget = 0

        init() {
            tip = document
            oldTip = document
            lastMatchedContainer = document
        }

        mutating func parse(_ bytes: [UInt8]) -> Block {
            paddingBudget = max(10_000, bytes.count)
            var start = 0
            for i in bytes.indices where bytes[i] == 0x0A {
                incorporate(Array(bytes[start..<i]))
                start = i + 1
            }
            if start < bytes.count { incorporate(Array(bytes[start...])) }
            while tip !== document { finalize(tip) }
            finalize(document)
            return document
        }

        // MARK: Line state

        private func peek(_ i: Int) -> UInt8? { i < line.count ? line[i] : nil }

        private static func isSpaceOrTab(_ c: UInt8?) -> Bool { c == 0x20 || c == 0x09 }

        private mutating func findNextNonspace() {
            var i = offset
            var cols = column
            while i < line.count {
                if line[i] == 0x20 {
                    i += 1
                    cols += 1
                } else if line[i] == 0x09 {
                    i += 1
                    cols += 4 - cols % 4
                } else {
                    break
                }
            }
            blank = i >= line.count
            nextNonspace = i
            nextNonspaceColumn = cols
            indent = cols - column
            indented = indent >= 4
        }

        private mutating func advanceNextNonspace() {
            offset = nextNonspace
            column = nextNonspaceColumn
            partiallyConsumedTab = false
        }

        /// Moves `count` characters on, or `count` columns when a tab counts as the spaces
        /// up to the next tab stop (then a tab may be consumed only in part).
        private mutating func advanceOffset(_ count: Int, columns: Bool) {
            var count = count
            while count > 0 && offset < line.count {
                if line[offset] == 0x09 {
                    let toTab = 4 - column % 4
                    if columns {
                        partiallyConsumedTab = toTab > count
                        let advance = min(toTab, count)
                        column += advance
                        offset += partiallyConsumedTab ? 0 : 1
                        count -= advance
                    } else {
                        partiallyConsumedTab = false
                        column += toTab
                        offset += 1
                        count -= 1
                    }
                } else {
                    partiallyConsumedTab = false
                    offset += 1
                    column += 1
                    count -= 1
                }
            }
        }

        // MARK: Lines

        private mutating func incorporate(_ ln: [UInt8]) {
            line = ln
            offset = 0
            column = 0
            blank = false
            partiallyConsumedTab = false
            lineNumber += 1

            var container = document
            oldTip = tip
            continuing: while let last = container.children.last, last.isOpen {
                container = last
                findNextNonspace()
                switch continues(container) {
                case .matched: continue
                case .failed:
                    container = container.parent!
                    break continuing
                case .consumed:
                    return
                }
            }

            allClosed = container === oldTip
            lastMatchedContainer = container
            var matchedLeaf = container.kind != .paragraph && container.acceptsLines
            while !matchedLeaf {
                findNextNonspace()
                if !indented && !Self.maybeSpecial(peek(nextNonspace)) {
                    advanceNextNonspace()
                    break
                }
                let started = startBlock(container)
                if started == .none {
                    advanceNextNonspace()
                    break
                }
                container = tip
                if started == .leaf { matchedLeaf = true }
            }

            if !allClosed && !blank && tip.kind == .paragraph {
                // A lazy continuation line of a paragraph.
                addLine()
                return
            }
            closeUnmatchedBlocks()
            if blank, let last = container.children.last { last.lastLineBlank = true }
            let kind = container.kind
            let lastLineBlank = blank && !(kind == .blockQuote
                || (kind == .codeBlock && container.fenced)
                || (kind == .item && container.children.isEmpty && container.startLine == lineNumber))
            var b: Block? = container
            while let current = b {
                current.lastLineBlank = lastLineBlank
                b = current.parent
            }
            if container.acceptsLines {
                addLine()
            } else if offset < line.count && !blank {
                addChild(.paragraph)
                advanceNextNonspace()
                addLine()
            }
        }

        private static func maybeSpecial(_ c: UInt8?) -> Bool {
            guard let c else { return false }
            switch c {
            case UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "_"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: "="),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return false
            }
        }

        private mutating func addLine() {
            if tip.kind == .table {
                if offset < line.count { addRow(line[offset...]) }
                return
            }
            if partiallyConsumedTab {
                offset += 1
                tip.content.append(contentsOf: repeatElement(0x20, count: 4 - column % 4))
            }
            if offset < line.count { tip.content.append(contentsOf: line[offset...]) }
            tip.content.append(0x0A)
        }

        @discardableResult
        private mutating func addChild(_ kind: Block.Kind) -> Block {
            while !tip.canContain(kind) { finalize(tip) }
            let child = Block(kind, startLine: lineNumber)
            child.parent = tip
            tip.children.append(child)
            tip = child
            return child
        }

        private mutating func closeUnmatchedBlocks() {
            guard !allClosed else { return }
            while oldTip !== lastMatchedContainer {
                let parent = oldTip.parent!
                finalize(oldTip)
                oldTip = parent
            }
            allClosed = true
        }

        // MARK: Continuation

        private mutating func continues(_ container: Block) -> Continuation {
            switch container.kind {
            case .document, .list:
                return .matched
            case .blockQuote:
                guard !indented && peek(nextNonspace) == UInt8(ascii: ">") else { return .failed }
                advanceNextNonspace()
                advanceOffset(1, columns: false)
                if Self.isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
                return .matched
            case .item:
                if blank {
                    // An item can begin with at most one blank line.
                    if container.children.isEmpty { return .failed }
                    advanceNextNonspace()
                } else if indent >= container.list.markerOffset + container.list.padding {
                    advanceOffset(container.list.markerOffset + container.list.padding, columns: true)
                } else {
                    return .failed
                }
                return .matched
            case .heading, .thematicBreak:
                return .failed
            case .codeBlock:
                if container.fenced {
                    if indent <= 3, peek(nextNonspace) == container.fenceChar,
                       let length = closingFenceLength(container.fenceChar), length >= container.fenceLength {
                        finalize(container)
                        return .consumed
                    }
                    var i = container.fenceOffset
                    while i > 0 && Self.isSpaceOrTab(peek(offset)) {
                        advanceOffset(1, columns: true)
                        i -= 1
                    }
                } else if indent >= 4 {
                    advanceOffset(4, columns: true)
                } else if blank {
                    advanceNextNonspace()
                } else {
                    return .failed
                }
                return .matched
            case .paragraph:
                return blank ? .failed : .matched
            case .table:
                if blank { return .failed }
                // Another block ends the table (GFM); anything else is a row.
                if !indented && (peek(nextNonspace) == UInt8(ascii: ">") || atxLength() != nil
                    || fenceOpening() != nil || isThematicBreak() || listMarker(interruptsParagraph: true) != nil) {
                    return .failed
                }
                return .matched
            }
        }

        // MARK: Block starts

        private mutating func startBlock(_ container: Block) -> Start {
            let c = peek(nextNonspace)

            if !indented && container.kind == .paragraph {
                if startTable(container) { return .leaf }
                if let level = setextLevel() {
                    // The paragraph so far becomes the heading's text.
                    closeUnmatchedBlocks()
                    let parent = container.parent!
                    let heading = Block(.heading, startLine: container.startLine)
                    heading.level = level
                    var text = container.content
                    while let last = text.last, last == 0x0A || Self.isSpaceOrTab(last) { text.removeLast() }
                    heading.content = text
                    heading.parent = parent
                    parent.children[parent.children.count - 1] = heading
                    tip = heading
                    advanceOffset(line.count - offset, columns: false)
                    return .leaf
                }
            }

            if !indented && c == UInt8(ascii: ">") && container.nesting < Markdown.maxNesting {
                advanceNextNonspace()
                advanceOffset(1, columns: false)
                if Self.isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
                closeUnmatchedBlocks()
                addChild(.blockQuote)
                return .container
            }

            if !indented, let level = atxLength() {
                advanceNextNonspace()
                advanceOffset(level, columns: false)
                closeUnmatchedBlocks()
                let heading = addChild(.heading)
                heading.level = level
                heading.content = Self.headingText(line[offset...])
                advanceOffset(line.count - offset, columns: false)
                return .leaf
            }

            if !indented, let (char, length) = fenceOpening() {
                closeUnmatchedBlocks()
                let code = addChild(.codeBlock)
                code.fenced = true
                code.fenceChar = char
                code.fenceLength = length
                code.fenceOffset = indent
                advanceNextNonspace()
                advanceOffset(length, columns: false)
                return .leaf
            }

            if !indented && isThematicBreak() {
                closeUnmatchedBlocks()
                addChild(.thematicBreak)
                advanceOffset(line.count - offset, columns: false)
                return .leaf
            }

            if !indented || container.kind == .list,
               let (data, markerLength) = listMarker(interruptsParagraph: container.kind == .paragraph) {
                let needsList = !(container.kind == .list && container.list.continues(data))
                if !(needsList && container.nesting >= Markdown.maxNesting) {
                    var data = data
                    consumeListMarker(markerLength, into: &data)
                    closeUnmatchedBlocks()
                    if tip.kind != .list || !container.list.continues(data) {
                        addChild(.list).list = data
                    }
                    addChild(.item).list = data
                    return .container
                }
            }

            if indented && tip.kind != .paragraph && !blank {
                advanceOffset(4, columns: true)
                closeUnmatchedBlocks()
                addChild(.codeBlock)
                return .leaf
            }

            return .none
        }

        /// 1 for a line of `=`, 2 for a line of `-` (a setext underline).
        private func setextLevel() -> Int? {
            guard let c = peek(nextNonspace), c == UInt8(ascii: "=") || c == UInt8(ascii: "-") else { return nil }
            var i = nextNonspace
            while i < line.count && line[i] == c { i += 1 }
            guard line[i...].allSatisfy({ Self.isSpaceOrTab($0) }) else { return nil }
            return c == UInt8(ascii: "=") ? 1 : 2
        }

        /// The number of `#` when the line is an ATX heading.
        private func atxLength() -> Int? {
            var i = nextNonspace
            while i < line.count && line[i] == UInt8(ascii: "#") { i += 1 }
            let n = i - nextNonspace
            guard (1...6).contains(n), i == line.count || Self.isSpaceOrTab(line[i]) else { return nil }
            return n
        }

        /// A heading's text without its optional closing sequence of `#`.
        private static func headingText(_ text: ArraySlice<UInt8>) -> [UInt8] {
            var end = text.endIndex
            while end > text.startIndex && isSpaceOrTab(text[end - 1]) { end -= 1 }
            var hashes = end
            while hashes > text.startIndex && text[hashes - 1] == UInt8(ascii: "#") { hashes -= 1 }
            if hashes < end {
                var before = hashes
                while before > text.startIndex && isSpaceOrTab(text[before - 1]) { before -= 1 }
                if before == text.startIndex {
                    end = before
                } else if before < hashes {
                    end = before
                }
            }
            var start = text.startIndex
            while start < end && isSpaceOrTab(text[start]) { start += 1 }
            return Array(text[start..<end])
        }

        /// A code fence's character and length (at least three; a backtick fence's info
        /// string may not contain a backtick).
        private func fenceOpening() -> (UInt8, Int)? {
            guard let c = peek(nextNonspace), c == UInt8(ascii: "`") || c == UInt8(ascii: "~") else { return nil }
            var i = nextNonspace
            while i < line.count && line[i] == c { i += 1 }
            let n = i - nextNonspace
            guard n >= 3 else { return nil }
            if c == UInt8(ascii: "`") && line[i...].contains(UInt8(ascii: "`")) { return nil }
            return (c, n)
        }

        /// The length of a closing fence of `char`, which only spaces may follow.
        private func closingFenceLength(_ char: UInt8) -> Int? {
            var i = nextNonspace
            while i < line.count && line[i] == char { i += 1 }
            let n = i - nextNonspace
            guard n >= 3, line[i...].allSatisfy({ Self.isSpaceOrTab($0) }) else { return nil }
            return n
        }

        private func isThematicBreak() -> Bool {
            guard let c = peek(nextNonspace),
                  c == UInt8(ascii: "*") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") else { return false }
            var count = 0
            for b in line[nextNonspace...] {
                if b == c {
                    count += 1
                } else if !Self.isSpaceOrTab(b) {
                    return false
                }
            }
            return count >= 3
        }

        /// A list marker at the next non-space: what it says and how many bytes it is.
        private func listMarker(interruptsParagraph: Bool) -> (Block.ListData, Int)? {
            guard indent < 4, let c = peek(nextNonspace) else { return nil }
            var data = Block.ListData()
            data.markerOffset = indent
            var length: Int
            if c == UInt8(ascii: "*") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                data.bulletChar = c
                length = 1
            } else {
                var i = nextNonspace
                var value = 0
                while i < line.count, i - nextNonspace < 9, let d = Self.digit(line[i]) {
                    value = value * 10 + d
                    i += 1
                }
                let digits = i - nextNonspace
                guard digits > 0, let d = peek(i), d == UInt8(ascii: ".") || d == UInt8(ascii: ")") else { return nil }
                // Only a list that starts at 1 may interrupt a paragraph.
                if interruptsParagraph && value != 1 { return nil }
                data.ordered = true
                data.start = value
                data.delimiter = d
                length = digits + 1
            }
            let after = peek(nextNonspace + length)
            guard after == nil || Self.isSpaceOrTab(after) else { return nil }
            if interruptsParagraph && line[(nextNonspace + length)...].allSatisfy({ Self.isSpaceOrTab($0) }) {
                // An empty item cannot interrupt a paragraph.
                return nil
            }
            return (data, length)
        }

        private mutating func consumeListMarker(_ length: Int, into data: inout Block.ListData) {
            advanceNextNonspace()
            advanceOffset(length, columns: true)
            let spacesStartColumn = column
            let spacesStartOffset = offset
            repeat {
                advanceOffset(1, columns: true)
            } while column - spacesStartColumn < 5 && Self.isSpaceOrTab(peek(offset))
            let blankItem = peek(offset) == nil
            let spacesAfterMarker = column - spacesStartColumn
            if spacesAfterMarker >= 5 || spacesAfterMarker < 1 || blankItem {
                // Content indented five or more is indented code: the item starts one
                // space after the marker.
                data.padding = length + 1
                column = spacesStartColumn
                offset = spacesStartOffset
                partiallyConsumedTab = false
                if Self.isSpaceOrTab(peek(offset)) { advanceOffset(1, columns: true) }
            } else {
                data.padding = length + spacesAfterMarker
            }
        }

        private static func digit(_ c: UInt8) -> Int? {
            c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") ? Int(c - UInt8(ascii: "0")) : nil
        }

        // MARK: Tables

        /// A GFM table starts when a paragraph's last line is a header row and this line
        /// is a delimiter row with as many cells.
        private mutating func startTable(_ paragraph: Block) -> Bool {
            let rest = line[nextNonspace...]
            guard rest.contains(UInt8(ascii: "|")), let alignments = Self.delimiterRow(rest) else { return false }
            var content = paragraph.content
            if content.last == 0x0A { content.removeLast() }
            let headerStart = (content.lastIndex(of: 0x0A)).map { $0 + 1 } ?? 0
            // Both rows need a pipe: `text` over `- |` is a paragraph and a list item.
            guard content[headerStart...].contains(UInt8(ascii: "|")) else { return false }
            // A one-column `- |` under a paragraph in a list is a nested item, not a table.
            if alignments.count == 1, rest.first == UInt8(ascii: "-"), Self.isSpaceOrTab(rest.dropFirst().first) { return false }
            let header = Self.cells(content[headerStart...])
            guard header.count == alignments.count else { return false }

            let parent = paragraph.parent!
            if headerStart == 0 {
                parent.children.removeLast()
                tip = parent
            } else {
                paragraph.content = Array(content[..<headerStart])
                finalize(paragraph)
            }
            let table = addChild(.table)
            table.alignments = alignments
            table.rows = [header]
            advanceOffset(line.count - offset, columns: false)
            return true
        }

        private mutating func addRow(_ text: ArraySlice<UInt8>) {
            var cells = Self.cells(text)
            let width = tip.alignments.count
            if cells.count > width { cells.removeLast(cells.count - width) }
            if cells.count < width && paddingBudget > 0 {
                let missing = min(width - cells.count, paddingBudget)
                paddingBudget -= missing
                cells.append(contentsOf: repeatElement([], count: missing))
            }
            tip.rows.append(cells)
        }

        private static func delimiterRow(_ text: ArraySlice<UInt8>) -> [Block.Alignment]? {
            var alignments: [Block.Alignment] = []
            for cell in cells(text) {
                guard !cell.isEmpty else { return nil }
                let left = cell.first == UInt8(ascii: ":")
                let right = cell.count > 1 && cell.last == UInt8(ascii: ":")
                let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
                guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
                alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
            }
            return alignments.isEmpty ? nil : alignments
        }

        /// A table row's cells, trimmed, split at unescaped pipes (`\|` is a pipe in the
        /// cell's text, also inside code spans), without the optional outer pipes.
        static func cells(_ text: ArraySlice<UInt8>) -> [[UInt8]] {
            var start = text.startIndex
            var end = text.endIndex
            while start < end && isSpaceOrTab(text[start]) { start += 1 }
            while end > start && isSpaceOrTab(text[end - 1]) { end -= 1 }
            if start < end && text[start] == UInt8(ascii: "|") { start += 1 }
            var cells: [[UInt8]] = []
            var cell: [UInt8] = []
            var endedWithPipe = false
            var i = start
            while i < end {
                let c = text[i]
                endedWithPipe = false
                if c == UInt8(ascii: "\\") && i + 1 < end {
                    if text[i + 1] == UInt8(ascii: "|") {
                        cell.append(UInt8(ascii: "|"))
                    } else {
                        cell.append(c)
                        cell.append(text[i + 1])
                    }
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "|") {
                    cells.append(trimmed(cell))
                    cell.removeAll(keepingCapacity: true)
                    endedWithPipe = true
                } else {
                    cell.append(c)
                }
                i += 1
            }
            if !endedWithPipe || cells.isEmpty && !cell.isEmpty { cells.append(trimmed(cell)) }
            return cells
        }

        private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
            var start = 0
            var end = bytes.count
            while start < end && isSpaceOrTab(bytes[start]) { start += 1 }
            while end > start && isSpaceOrTab(bytes[end - 1]) { end -= 1 }
            return Array(bytes[start..<end])
        }

        // MARK: Finalising

        private mutating func finalize(_ block: Block) {
            guard block.isOpen else { return }
            block.isOpen = false
            switch block.kind {
            case .codeBlock:
                if block.fenced {
                    let newline = block.content.firstIndex(of: 0x0A) ?? block.content.endIndex
                    block.info = Array(block.content[..<newline])
                    block.content = newline < block.content.endIndex ? Array(block.content[(newline + 1)...]) : []
                } else {
                    // Trailing blank lines are not part of an indented code block.
                    var end = block.content.count
                    while end > 0 && (block.content[end - 1] == 0x0A || block.content[end - 1] == 0x20) { end -= 1 }
                    if let newline = block.content[end...].firstIndex(of: 0x0A) {
                        block.content.removeSubrange((newline + 1)...)
                    }
                }
            case .list:
                block.tight = Self.isTight(block)
            default:
                break
            }
            if block !== document { tip = block.parent ?? document }
        }

        private static func isTight(_ list: Block) -> Bool {
            for (i, item) in list.children.enumerated() {
                let hasNext = i + 1 < list.children.count
                if endsWithBlankLine(item) && hasNext { return false }
                for (j, sub) in item.children.enumerated() {
                    if endsWithBlankLine(sub) && (hasNext || j + 1 < item.children.count) { return false }
                }
            }
            return true
        }

        private static func endsWithBlankLine(_ block: Block) -> Bool {
            var b: Block? = block
            while let current = b {
                if current.lastLineBlank { return true }
                if !current.lastLineChecked && (current.kind == .list || current.kind == .item) {
                    current.lastLineChecked = true
                    b = current.children.last
                } else {
                    current.lastLineChecked = true
                    return false
                }
            }
            return false
        }
    }
}
