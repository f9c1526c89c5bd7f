import QalxanViews
import Testing

/// The plain-text rendering used for e-mail, Atom summaries and CSAF notes.
@Suite struct MarkdownPlainTextTests {
    @Test func markupIsRemovedAndBlocksAreSeparatedByBlankLines() {
        #expect(Markdown.plainText("# Başlıq\n\nBu **vacib** və *təcili*, `kod` &amp; \\*.\nİkinci sətir") ==
            "Başlıq\n\nBu vacib və təcili, kod & *.\nİkinci sətir")
    }

    @Test func linksShowTheirURL() {
        #expect(Markdown.plainText("See [NVD](https://nvd.nist.gov/x) and <https://cert.az/>.") ==
            "See NVD (https://nvd.nist.gov/x) and https://cert.az/.")
        #expect(Markdown.plainText("![diagram](/img/d.png)") == "diagram (/img/d.png)")
        #expect(Markdown.plainText("<cert@example.az>") == "cert@example.az")
    }

    @Test func refusedLinksShowTheirTextOnly() {
        #expect(Markdown.plainText("[click](javascript:alert(1))") == "click")
    }

    @Test func lists() {
        let source = """
        - one
        - two
          1. nested
          2. again

        3) three
        4) four
        """
        #expect(Markdown.plainText(source) == "- one\n- two\n  1. nested\n  2. again\n\n3. three\n4. four")
    }

    @Test func codeIsKept() {
        #expect(Markdown.plainText("```sh\napt-get install  apache2\n  # *not emphasis*\n```") ==
            "apt-get install  apache2\n  # *not emphasis*")
    }

    @Test func quotesAndTables() {
        #expect(Markdown.plainText("> quoted\n>\n> more") == "> quoted\n>\n> more")
        #expect(Markdown.plainText("| a | b |\n|---|---|\n| 1 | **2** |") == "a | b\n1 | 2")
    }

    @Test func rawHTMLStaysText() {
        #expect(Markdown.plainText("<b>bold</b> &lt;i&gt;") == "<b>bold</b> <i>")
    }
}
