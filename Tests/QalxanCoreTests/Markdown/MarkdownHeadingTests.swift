import QalxanViews
import Testing

/// Heading ids and the table of contents.
@Suite struct MarkdownHeadingTests {
    @Test(arguments: [
        ("Təhlükəsizlik xəbərdarlığı", "tehlukesizlik-xeberdarligi"),
        ("ƏĞIİÖÜÇŞ əğıiöüçş", "egiioucs-egiioucs"),
        ("Çərşənbə günü: 3 yeniləmə!", "cersenbe-gunu-3-yenileme"),
        ("CVE-2024-3094 (xz/liblzma)", "cve-2024-3094-xz-liblzma"),
        ("  --Hello,   World--  ", "hello-world"),
        ("Café naïve", "cafe-naive"),
        ("Привет", "section"),
        ("***", "section"),
    ])
    func slugs(_ text: String, _ slug: String) {
        #expect(Markdown.headings("# " + text).first?.id == slug)
    }

    @Test func decomposedLettersGiveTheSameSlug() {
        // "ö" and "ş" written as base letter plus combining mark.
        #expect(Markdown.headings("# Go\u{308}rs\u{327}").first?.id == "gors")
    }

    @Test func duplicateIdsGetSuffixes() {
        // Arrange
        let source = "# Xülasə\n## Xülasə\n### Xulase\n# Xülasə-2\n# Xülasə"

        // Act
        let ids = Markdown.headings(source).map(\.id)

        // Assert
        #expect(ids == ["xulase", "xulase-2", "xulase-3", "xulase-2-2", "xulase-4"])
    }

    @Test func headingsGiveLevelTextAndTheIdUsedInTheHTML() {
        // Arrange
        let source = """
        # Ümumi *baxış*

        Text with [a link](https://example.az).

        ## Təsir: `httpd` & [NVD](https://nvd.nist.gov)

        > ### Quoted
        """

        // Act
        let headings = Markdown.headings(source)
        let html = Markdown.html(source)

        // Assert
        #expect(headings.map(\.level) == [1, 2, 3])
        #expect(headings.map(\.text) == ["Ümumi baxış", "Təsir: httpd & NVD", "Quoted"])
        #expect(headings.map(\.id) == ["umumi-baxis", "tesir-httpd-nvd", "quoted"])
        #expect(html.contains("<h2 id=\"umumi-baxis\">Ümumi <em>baxış</em></h2>"))
        #expect(html.contains("<h3 id=\"tesir-httpd-nvd\">Təsir: <code>httpd</code> &amp; <a href=\"https://nvd.nist.gov\" rel=\"noopener noreferrer nofollow\">NVD</a></h3>"))
        #expect(html.contains("<h4 id=\"quoted\">Quoted</h4>"))
    }

    @Test func entitiesAreDecodedInHeadingText() {
        #expect(Markdown.headings("# Tom &amp; Jerry &#35;1").first?.text == "Tom & Jerry #1")
        #expect(Markdown.headings("# Tom &amp; Jerry &#35;1").first?.id == "tom-jerry-1")
    }
}
