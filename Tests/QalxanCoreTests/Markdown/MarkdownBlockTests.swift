import QalxanViews
import Testing

/// Block constructs, each with the exact HTML it renders to.
@Suite struct MarkdownBlockTests {
    @Test func emptyDocumentIsEmpty() {
        #expect(Markdown.html("") == "")
        #expect(Markdown.html("\n\n  \n") == "")
    }

    @Test func paragraphsAreSeparatedByBlankLines() {
        #expect(Markdown.html("one\ntwo\n\nthree") == "<p>one\ntwo</p>\n<p>three</p>\n")
    }

    @Test(arguments: [
        ("# One", "<h2 id=\"one\">One</h2>\n"),
        ("## Two", "<h3 id=\"two\">Two</h3>\n"),
        ("### Three", "<h4 id=\"three\">Three</h4>\n"),
        ("#### Four", "<h5 id=\"four\">Four</h5>\n"),
        ("##### Five", "<h6 id=\"five\">Five</h6>\n"),
        ("###### Six", "<h6 id=\"six\">Six</h6>\n"),
        ("# Closed ##", "<h2 id=\"closed\">Closed</h2>\n"),
        ("#5 is not a heading", "<p>#5 is not a heading</p>\n"),
        ("####### Seven", "<p>####### Seven</p>\n"),
    ])
    func atxHeadingsRenderOneLevelLower(_ source: String, _ html: String) {
        #expect(Markdown.html(source) == html)
    }

    @Test func setextHeadingsAreHeadingsToo() {
        #expect(Markdown.html("Title\n=====\n\nPart\n---") == "<h2 id=\"title\">Title</h2>\n<h3 id=\"part\">Part</h3>\n")
    }

    @Test func hardLineBreaks() {
        // Two trailing spaces, or a backslash, before the line end.
        #expect(Markdown.html("a  \nb\\\nc") == "<p>a<br>\nb<br>\nc</p>\n")
        // One space is a soft break, and trailing spaces at the end of a paragraph are dropped.
        #expect(Markdown.html("a \nb  ") == "<p>a\nb</p>\n")
    }

    @Test func fencedCodeBlocks() {
        #expect(Markdown.html("```swift\nlet x = 1 < 2\n```") ==
            "<pre><code class=\"language-swift\">let x = 1 &lt; 2\n</code></pre>\n")
        #expect(Markdown.html("~~~\n~~~ inside\n~~~") == "<pre><code>~~~ inside\n</code></pre>\n")
        #expect(Markdown.html("````c++ extra words\n```\n````") == "<pre><code class=\"language-c++\">```\n</code></pre>\n")
        // An unclosed fence runs to the end of the document.
        #expect(Markdown.html("```\nopen") == "<pre><code>open\n</code></pre>\n")
    }

    @Test(arguments: ["\"onclick=\"x", "a\"b", "x'y", "<b>", "shell&lt;"])
    func infoStringsOutsideTheAllowedCharactersGiveNoClass(_ info: String) {
        #expect(Markdown.html("```\(info)\ncode\n```") == "<pre><code>code\n</code></pre>\n")
    }

    @Test func indentedCodeBlocks() {
        #expect(Markdown.html("    let a\n\n      b\n\n\ntext") == "<pre><code>let a\n\n  b\n</code></pre>\n<p>text</p>\n")
        // A tab indents to the next multiple of four.
        #expect(Markdown.html("\tx") == "<pre><code>x\n</code></pre>\n")
    }

    @Test func bulletLists() {
        #expect(Markdown.html("- a\n* b\n+ c") ==
            "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n<ul>\n<li>c</li>\n</ul>\n")
        #expect(Markdown.html("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
    }

    @Test func looseListsHaveParagraphs() {
        #expect(Markdown.html("- a\n\n- b") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
    }

    @Test func orderedLists() {
        #expect(Markdown.html("1. a\n2. b") == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n")
        #expect(Markdown.html("3) c\n4) d") == "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n")
        // Only a list starting at 1 may interrupt a paragraph.
        #expect(Markdown.html("In 2024\n7. was a year") == "<p>In 2024\n7. was a year</p>\n")
    }

    @Test func nestedListsByIndentation() {
        let source = """
        - a
          - b
            1. c
        - d
        """
        #expect(Markdown.html(source) == """
        <ul>
        <li>a
        <ul>
        <li>b
        <ol>
        <li>c</li>
        </ol>
        </li>
        </ul>
        </li>
        <li>d</li>
        </ul>

        """)
    }

    @Test func blockQuotesNest() {
        #expect(Markdown.html("> a\n> > b\n> c") ==
            "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b\nc</p>\n</blockquote>\n</blockquote>\n")
        // A lazy continuation line stays in the quote's paragraph.
        #expect(Markdown.html("> a\nb") == "<blockquote>\n<p>a\nb</p>\n</blockquote>\n")
    }

    @Test func thematicBreaks() {
        #expect(Markdown.html("***\n- - -\n___") == "<hr>\n<hr>\n<hr>\n")
    }

    @Test func pipeTables() {
        let source = """
        | Left | Centre | Right | None |
        |:-----|:------:|------:|------|
        | a | `b \\| c` | **d** |
        """
        #expect(Markdown.html(source) == """
        <table>
        <thead>
        <tr>
        <th class="align-left">Left</th>
        <th class="align-center">Centre</th>
        <th class="align-right">Right</th>
        <th>None</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td class="align-left">a</td>
        <td class="align-center"><code>b | c</code></td>
        <td class="align-right"><strong>d</strong></td>
        <td></td>
        </tr>
        </tbody>
        </table>

        """)
    }

    @Test func tablesEndAtABlankLineOrAnotherBlock() {
        #expect(Markdown.html("a | b\n--|--\n\ntext") ==
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>\n<p>text</p>\n")
        #expect(Markdown.html("a | b\n--|--\n1 | 2\n> q").hasSuffix("</table>\n<blockquote>\n<p>q</p>\n</blockquote>\n"))
    }

    @Test func aDelimiterRowWithTheWrongCellCountIsNoTable() {
        #expect(Markdown.html("a | b\n--|--|--") == "<p>a | b\n--|--|--</p>\n")
    }

    @Test func nestingStopsAt32Levels() {
        // Act
        let html = Markdown.html(String(repeating: ">", count: 100) + " deep")

        // Assert: 32 quotes, the rest is text.
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == 32)
        #expect(html.contains("<p>" + String(repeating: "&gt;", count: 68) + " deep</p>"))
    }

    @Test func listNestingStopsAt32Levels() {
        let source = (0..<60).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
        #expect(Markdown.html(source).components(separatedBy: "<ul>").count - 1 == 32)
    }

    @Test func lineEndingsAndControlCharacters() {
        #expect(Markdown.html("a\r\nb\rc") == "<p>a\nb\nc</p>\n")
        #expect(Markdown.html("a\u{0}b\u{1}c\u{1B}d\u{7F}e\u{85}f\tg") == "<p>abcdef\tg</p>\n")
    }
}
