import Testing
@testable import QalxanCore

@Suite("HTML to text")
struct MailHTMLTests {
    @Test func blocksListsAndLinks() {
        let html = """
        <html><head><title>x</title><style>b{}</style></head><body>
        <h2>Title</h2><div>Line&nbsp;one<br/>Line   two</div>
        <ol><li>first<li>second</ol>
        <p>Go to <a href="https://cert.example/a?x=1&amp;y=2">our portal</a>
        or <a href='https://same.example'>https://same.example</a>
        or <a href="mailto:cert@cert.example">cert@cert.example</a>.</p>
        <table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>
        <script type="text/javascript">var x = "<p>";</script>
        <!-- a comment <p> -->
        <p>&lt;tag&gt; &quot;q&quot; &apos;a&apos; &#233;&#xE7; &Ccedil;&ouml;&szlig; &unknown; &#0; &#xFFFFFFFF;</p>
        </body></html>
        """
        #expect(MailHTML.text(html) == """
        Title

        Line one
        Line two

        - first
        - second

        Go to our portal <https://cert.example/a?x=1&y=2> or https://same.example or cert@cert.example.

        a b
        c

        <tag> "q" 'a' éç Çöß &unknown; \u{FFFD} \u{FFFD}
        """)
    }

    @Test func brokenHTMLNeverCrashes() {
        let inputs = ["", "<", "<<<>>>", "<a href=\"x", "<script>never closed", "<!-- open", "&", "&#", "&#x;", "</a></a>",
                      "<a href=x>1<a href=y>2</a>", "<p", "< p>text", "a<b", "<!DOCTYPE html><x y='>'>ok", "<STYLE>p</style>ok",
                      "&amp", "<li>", "<br><br><br><br>text"]
        for input in inputs { _ = MailHTML.text(input) }
        #expect(MailHTML.text("a < b <3") == "a < b <3")
        #expect(MailHTML.text("<STYLE>p</style>ok") == "ok")
        #expect(MailHTML.text("<br><br><br><br>text<br><br><br>end") == "text\n\nend")
        #expect(MailHTML.text("<a href=x>1<a href=y>2</a>") == "12 <y>")
    }
}
