import QalxanViews
import Testing

/// Inline constructs, each with the exact HTML it renders to.
@Suite struct MarkdownInlineTests {
    @Test(arguments: [
        ("*em* and _em_", "<p><em>em</em> and <em>em</em></p>\n"),
        ("**strong** and __strong__", "<p><strong>strong</strong> and <strong>strong</strong></p>\n"),
        ("***both***", "<p><em><strong>both</strong></em></p>\n"),
        ("*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>\n"),
        ("snake_case_name", "<p>snake_case_name</p>\n"),
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>\n"),
        ("**unclosed", "<p>**unclosed</p>\n"),
    ])
    func emphasis(_ source: String, _ html: String) {
        #expect(Markdown.html(source) == html)
    }

    @Test func emphasisNestingStopsAt32Levels() {
        // Act
        let html = Markdown.html(String(repeating: "*a ", count: 100) + String(repeating: "a* ", count: 100))

        // Assert: the tags balance and stop at the limit; all the text is there.
        #expect(html.components(separatedBy: "<em>").count - 1 == 32)
        #expect(html.components(separatedBy: "</em>").count - 1 == 32)
        #expect(html.components(separatedBy: "a").count - 1 == 200)
    }

    @Test func codeSpans() {
        #expect(Markdown.html("`a < b`") == "<p><code>a &lt; b</code></p>\n")
        #expect(Markdown.html("`` a ` b ``") == "<p><code>a ` b</code></p>\n")
        #expect(Markdown.html("`*not em*` and `\\*`") == "<p><code>*not em*</code> and <code>\\*</code></p>\n")
        #expect(Markdown.html("`unclosed") == "<p>`unclosed</p>\n")
    }

    @Test func links() {
        #expect(Markdown.html("[site](https://cert.az/ \"CERT\")") ==
            "<p><a href=\"https://cert.az/\" title=\"CERT\" rel=\"noopener noreferrer nofollow\">site</a></p>\n")
        #expect(Markdown.html("[rel](/az/advisories?page=2#top)") == "<p><a href=\"/az/advisories?page=2#top\">rel</a></p>\n")
        #expect(Markdown.html("[frag](#section)") == "<p><a href=\"#section\">frag</a></p>\n")
        #expect(Markdown.html("[mail](mailto:cert@example.az)") == "<p><a href=\"mailto:cert@example.az\">mail</a></p>\n")
        #expect(Markdown.html("[*em* link](<a b.html>)") == "<p><a href=\"a%20b.html\"><em>em</em> link</a></p>\n")
    }

    @Test func urlsArePercentEncoded() {
        #expect(Markdown.html("[x](/ə?q=a&b=ç)") == "<p><a href=\"/%C9%99?q=a&amp;b=%C3%A7\">x</a></p>\n")
        #expect(Markdown.html("[x](/a%20b)") == "<p><a href=\"/a%20b\">x</a></p>\n")
        #expect(Markdown.html("[x](/a\\)b)") == "<p><a href=\"/a)b\">x</a></p>\n")
    }

    @Test func autolinks() {
        #expect(Markdown.html("<https://cert.az/a?b=1&c=2>") ==
            "<p><a href=\"https://cert.az/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\">https://cert.az/a?b=1&amp;c=2</a></p>\n")
        #expect(Markdown.html("<cert@example.az>") == "<p><a href=\"mailto:cert@example.az\">cert@example.az</a></p>\n")
    }

    @Test func imagesAreLinksToTheImage() {
        #expect(Markdown.html("![Şəbəkə *sxemi*](/img/net.png \"Sxem\")") ==
            "<p><a class=\"image\" href=\"/img/net.png\" title=\"Sxem\">Şəbəkə sxemi</a></p>\n")
        #expect(Markdown.html("![](https://cdn.example/x.png)") ==
            "<p><a class=\"image\" href=\"https://cdn.example/x.png\" rel=\"noopener noreferrer nofollow\">https://cdn.example/x.png</a></p>\n")
        // Inside a link, an image is its alt text: anchors do not nest.
        #expect(Markdown.html("[![badge](/b.svg)](/ci)") == "<p><a href=\"/ci\">badge</a></p>\n")
    }

    @Test func backslashEscapes() {
        #expect(Markdown.html("\\*not em\\* \\[not link\\](x) \\\\ \\a") == "<p>*not em* [not link](x) \\ \\a</p>\n")
    }

    @Test(arguments: [
        ("&amp; &copy; &#39; &#x27; &#X27;", "<p>&amp; &copy; &#39; &#x27; &#X27;</p>\n"),
        ("&bogus; & &#xZZ; &#12345678;", "<p>&amp;bogus; &amp; &amp;#xZZ; &amp;#12345678;</p>\n"),
        ("&#0; &#xD800;", "<p>\u{FFFD} \u{FFFD}</p>\n"),
        ("a&#1;b", "<p>ab</p>\n"),
    ])
    func entityReferences(_ source: String, _ html: String) {
        #expect(Markdown.html(source) == html)
    }

    @Test func textIsEscaped() {
        #expect(Markdown.html("a < b > c & \"d\" 'e'") == "<p>a &lt; b &gt; c &amp; &quot;d&quot; &#39;e&#39;</p>\n")
    }
}
