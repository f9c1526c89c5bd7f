import Foundation
import Testing
@testable import QalxanCore

/// The Atom feed: well-formed whatever the text, the elements RFC 4287 requires, and read
/// back by feedparser as we meant it.
@Suite struct AtomFeedTests {
    /// Text with everything that breaks XML built by hand: markup, entities, quotes, a
    /// CDATA end, characters XML 1.0 forbids, line ends and a decomposed letter.
    static let hostile = "<script>alert(\"x\")</script> & 'q' ]]> &amp; \u{0}\u{1}\u{B}\u{C}\u{1B}\u{7F}\u{85}\u{FFFE}\u{FFFF} ko\u{308}mək\r\nend"
    /// `hostile` as a parser gives it back: forbidden characters gone, NFC, line ends LF.
    static let hostileRead = "<script>alert(\"x\")</script> & 'q' ]]> &amp; \n kömək\nend"

    static let updated = Fixtures.date

    static func entries() -> [AtomFeed.Entry] {
        [
            AtomFeed.Entry(
                id: AtomFeed.tagURI(authority: "cert.example.org", date: Fixtures.date, specific: "advisories/QX-SA-2026-0007"),
                title: "Apache HTTP Server: kritik zəiflik", url: "https://cert.example.org/az/advisories/QX-SA-2026-0007",
                updated: updated, published: updated.addingTimeInterval(-86_400),
                summary: "Yeniləyin: 2.4.58 versiyası zəifliyi aradan qaldırır.",
                categories: ["advisory", "critical", "TLP:CLEAR", "CVE-2026-12345"], authorName: "Qalxan CERT"),
            AtomFeed.Entry(
                id: "https://cert.example.org/az/news/2026-11-01?a=1&b=2", title: hostile,
                url: "https://cert.example.org/az/news?a=1&b=\"2\"<x>", updated: updated.addingTimeInterval(-3_600),
                summary: hostile, categories: [hostile]),
        ]
    }

    static func feed(author: String? = "Qalxan CERT", entries: [AtomFeed.Entry] = entries()) -> String {
        AtomFeed.xml(id: "tag:cert.example.org,2026:feeds/advisories/az", title: "Qalxan CERT: tövsiyələr",
                     selfURL: "https://cert.example.org/az/advisories.atom?x=1&y=2",
                     alternateURL: "https://cert.example.org/az/advisories", language: .az,
                     updated: updated, entries: entries, author: author)
    }

    @Test func theDocumentLooksAsExpected() {
        let xml = Self.feed()
        #expect(xml.hasPrefix("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="az">
              <id>tag:cert.example.org,2026:feeds/advisories/az</id>
              <title type="text">Qalxan CERT: tövsiyələr</title>
              <updated>2026-11-23T14:05:09Z</updated>
              <link rel="self" type="application/atom+xml" href="https://cert.example.org/az/advisories.atom?x=1&amp;y=2"/>
              <link rel="alternate" type="text/html" href="https://cert.example.org/az/advisories"/>
              <author><name>Qalxan CERT</name></author>
              <entry>
                <id>tag:cert.example.org,2026-11-23:advisories/QX-SA-2026-0007</id>
            """))
        #expect(xml.contains("<published>2026-11-22T14:05:09Z</published>"))
        #expect(xml.contains("<category term=\"TLP:CLEAR\"/>"))
        #expect(xml.hasSuffix("  </entry>\n</feed>\n"))
    }

    @Test func hostileTextIsEscapedAndStripped() {
        let xml = Self.feed()
        #expect(!xml.contains("<script>"))
        #expect(xml.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' ]]&gt; &amp;amp;"))
        #expect(xml.contains("href=\"https://cert.example.org/az/news?a=1&amp;b=&quot;2&quot;&lt;x&gt;\""))
        #expect(xml.contains("term=\"&lt;script&gt;alert(&quot;x&quot;)"))
        #expect(xml.contains("&amp;amp; \n kömək\nend</title>"))
        let forbidden: [Unicode.Scalar] = ["\u{0}", "\u{1}", "\u{B}", "\u{C}", "\u{1B}", "\u{7F}", "\u{FFFE}", "\u{FFFF}"]
        #expect(!xml.unicodeScalars.contains { forbidden.contains($0) })
    }

    @Test func tagURIsFollowRFC4151() {
        #expect(AtomFeed.tagURI(authority: "CERT.example.org", date: Fixtures.date, specific: "advisories/QX SA#1 ə")
                == "tag:cert.example.org,2026-11-23:advisories/QX%20SA%231%20%C9%99")
    }

    @Test func anAdvisoryBecomesAnEntry() throws {
        var advisory = Advisory(trackingID: "QX-SA-2026-0007", severity: .critical,
                                title: [.en: "Critical flaw in Apache HTTP Server"], summary: [.en: "Update to 2.4.58."],
                                cves: ["CVE-2026-12345"])
        #expect(AtomFeed.Entry(advisory: advisory, language: .az, id: "x", url: "y") == nil, "a draft is not in a feed")
        advisory.revisions = [
            Advisory.Revision(number: 1, date: Fixtures.date, note: [.en: "Initial release"]),
            Advisory.Revision(number: 2, date: Fixtures.date.addingTimeInterval(3_600), note: [.en: "Fixed version added"]),
        ]
        let entry = try #require(AtomFeed.Entry(advisory: advisory, language: .az, id: "tag:x,2026:1",
                                                url: "https://cert.example.org/az/advisories/QX-SA-2026-0007"))
        #expect(entry.title == "Critical flaw in Apache HTTP Server")
        #expect(entry.summary == "Update to 2.4.58.")
        #expect(entry.published == Fixtures.date)
        #expect(entry.updated == Fixtures.date.addingTimeInterval(3_600))
        #expect(entry.categories == ["advisory", "critical", "TLP:CLEAR", "CVE-2026-12345"])
    }

    // MARK: - xmllint and feedparser

    @Test(arguments: [true, false])
    func xmllintFindsItWellFormed(withFeedAuthor: Bool) throws {
        let xmllint = try ExternalTools.executable("xmllint", package: "libxml2-utils")
        let file = try ExternalTools.write(Self.feed(author: withFeedAuthor ? "Qalxan CERT" : nil), named: "feed.atom")
        defer { try? FileManager.default.removeItem(atPath: file.dir) }
        let result = try ExternalTools.run(xmllint, ["--noout", file.path])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.all.isEmpty)
    }

    /// What feedparser and the RFC 4287 checks below read from a feed.
    struct Reading: Decodable {
        struct Link: Decodable { let rel: String; let type: String; let href: String }
        struct Entry: Decodable {
            let id: String
            let title: String
            let link: String
            let updated: String
            let published: String?
            let summary: String?
            let tags: [String]
            let author: String?
        }
        let bozo: Int
        let bozoException: String
        let title: String
        let language: String?
        let updated: String
        let links: [Link]
        let entries: [Entry]
        /// Breaches of RFC 4287's required elements, from the script's own checks.
        let problems: [String]
    }

    /// Reads `xml` with feedparser and checks RFC 4287 §4.1's "MUST" elements with
    /// ElementTree (no RELAX NG schema of Atom is packaged for Debian or PyPI; see CI.md).
    static func read(_ xml: String) throws -> Reading {
        let file = try ExternalTools.write(xml, named: "feed.atom")
        defer { try? FileManager.default.removeItem(atPath: file.dir) }
        let result = try ExternalTools.python(#"""
            import json, sys, time, xml.etree.ElementTree as ET
            import feedparser
            path = sys.argv[1]
            d = feedparser.parse(path)
            iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", t) if t else None
            A = "{http://www.w3.org/2005/Atom}"
            problems = []
            root = ET.parse(path).getroot()
            if root.tag != A + "feed": problems.append("root is " + root.tag)
            def once(el, name, where):
                n = len(el.findall(A + name))
                if n != 1: problems.append(f"{where}: {n} atom:{name}")
            for name in ("id", "title", "updated"): once(root, name, "feed")
            feed_author = root.find(A + "author") is not None
            if not any(l.get("rel") == "self" for l in root.findall(A + "link")): problems.append("feed: no self link")
            for i, e in enumerate(root.findall(A + "entry")):
                for name in ("id", "title", "updated"): once(e, name, f"entry {i}")
                if not feed_author and e.find(A + "author") is None: problems.append(f"entry {i}: no author")
                for a in e.findall(A + "author"):
                    if a.find(A + "name") is None: problems.append(f"entry {i}: author without name")
                alternates = [l for l in e.findall(A + "link") if l.get("rel", "alternate") == "alternate"]
                if len(alternates) != 1: problems.append(f"entry {i}: {len(alternates)} alternate links")
                if e.find(A + "content") is None and e.find(A + "summary") is None and not alternates:
                    problems.append(f"entry {i}: neither content nor summary nor alternate link")
                for c in e.findall(A + "category"):
                    if not c.get("term"): problems.append(f"entry {i}: category without term")
            print(json.dumps({
                "bozo": int(d.bozo), "bozoException": str(d.get("bozo_exception", "")),
                "title": d.feed.get("title", ""), "language": d.feed.get("language"),
                "updated": iso(d.feed.get("updated_parsed")),
                "links": [{"rel": l.get("rel", ""), "type": l.get("type", ""), "href": l.get("href", "")} for l in d.feed.get("links", [])],
                "entries": [{
                    "id": e.get("id", ""), "title": e.get("title", ""), "link": e.get("link", ""),
                    "updated": iso(e.get("updated_parsed")), "published": iso(e.get("published_parsed")),
                    "summary": e.get("summary"), "tags": [t["term"] for t in e.get("tags", [])],
                    "author": e.get("author")} for e in d.entries],
                "problems": problems}))
            """#, [file.path])
        guard result.status == 0 else { throw ExternalTools.Failure(description: "feedparser: \(result.all)") }
        return try JSONDecoder().decode(Reading.self, from: Data(result.stdout.utf8))
    }

    @Test
    func feedparserReadsItBack() throws {
        let reading = try Self.read(Self.feed())

        #expect(reading.bozo == 0, "\(reading.bozoException)")
        #expect(reading.problems == [])
        #expect(reading.title == "Qalxan CERT: tövsiyələr")
        #expect(reading.language == "az")
        #expect(reading.updated == "2026-11-23T14:05:09Z")
        #expect(reading.links.map(\.rel) == ["self", "alternate"])
        #expect(reading.links.first?.type == "application/atom+xml")
        #expect(reading.links.first?.href == "https://cert.example.org/az/advisories.atom?x=1&y=2")

        try #require(reading.entries.count == 2)
        let first = reading.entries[0]
        #expect(first.id == "tag:cert.example.org,2026-11-23:advisories/QX-SA-2026-0007")
        #expect(first.title == "Apache HTTP Server: kritik zəiflik")
        #expect(first.link == "https://cert.example.org/az/advisories/QX-SA-2026-0007")
        #expect(first.updated == "2026-11-23T14:05:09Z")
        #expect(first.published == "2026-11-22T14:05:09Z")
        #expect(first.summary == "Yeniləyin: 2.4.58 versiyası zəifliyi aradan qaldırır.")
        #expect(first.tags == ["advisory", "critical", "TLP:CLEAR", "CVE-2026-12345"])
        #expect(first.author == "Qalxan CERT")

        // Hostile text comes back as text, less what XML cannot carry.
        let second = reading.entries[1]
        #expect(second.id == "https://cert.example.org/az/news/2026-11-01?a=1&b=2")
        #expect(second.title == Self.hostileRead)
        #expect(second.summary == Self.hostileRead)
        #expect(second.link == "https://cert.example.org/az/news?a=1&b=\"2\"<x>")
        // A term is put on one line, NEL being a line end.
        #expect(second.tags == ["<script>alert(\"x\")</script> & 'q' ]]> &amp; kömək end"])
        #expect(second.published == nil)
    }

    @Test
    func withoutAFeedAuthorEveryEntryHasOne() throws {
        let reading = try Self.read(Self.feed(author: nil))
        #expect(reading.bozo == 0, "\(reading.bozoException)")
        #expect(reading.problems == [])
        #expect(reading.entries.map(\.author) == ["Qalxan CERT", "Qalxan CERT: tövsiyələr"])
    }
}
