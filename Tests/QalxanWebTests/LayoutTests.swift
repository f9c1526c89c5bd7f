import Foundation
import QalxanCore
import QalxanViews
@testable import QalxanWeb
import Testing
import VaporTesting

/// The public pages in headless Chromium (Debian's `chromium`), in both languages: a
/// screenshot of each page kind at phone and desktop width goes to
/// `test-artifacts/screenshots/`, and no page may scroll sideways at 375 px or 1280 px.
@Suite("Public pages in a real browser")
struct LayoutTests {
    static let widths = [375, 1280]
    static let artifacts = Tools.root.appendingPathComponent("test-artifacts/screenshots")

    @Test("no horizontal overflow at 375 and 1280 px; a screenshot of every page kind")
    func pagesFit() async throws {
        let chromium = try Tools.find("chromium")
        try await withQalxan(.sqlite, environment: ["QALXAN_PUBLIC_URL": "https://cert.example.az"]) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let coord = Browser(app)
            try await coord.signIn("coord@cert.example.az")
            let csrf = try await coord.csrf(from: "/en/console/advisories/new")
            var fields = AdvisoryTests.draft(csrf)
            // Long words, a long vector and a wide table are what make phones scroll sideways.
            fields[fields.firstIndex { $0.0 == "body_en" }!].1 += "\n\nhttps://example.org/" + String(repeating: "very-long-path-segment/", count: 12)
                + "\n\n| a | b | c | d | e |\n|---|---|---|---|---|\n| " + Array(repeating: "wide cell content here", count: 5).joined(separator: " | ") + " |"
                + "\n\n```\n" + String(repeating: "x", count: 300) + "\n```"
            let created = try await coord.post("/en/console/advisories/new", fields)
            let path = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await coord.post(path + "/publish", [("_csrf", csrf)]).status == .seeOther)
            let id = "QX-SA-\(DateText.year(Date()))-0001"

            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let visitor = Browser(app)
            var failures: [String] = []
            for lang in Language.allCases {
                let l = lang.rawValue
                let pages: [(String, String)] = [
                    ("home", "/\(l)/"), ("about", "/\(l)/about"), ("contact", "/\(l)/contact"), ("report", "/\(l)/report"),
                    ("status", "/\(l)/status"), ("advisories", "/\(l)/advisories"), ("advisory", "/\(l)/advisories/\(id)"),
                    ("advisory-print", "/\(l)/advisories/\(id)/print"),
                ]
                for (kind, url) in pages {
                    let res = try await visitor.get(url)
                    #expect(res.status == .ok, "\(url)")
                    let html = res.body.string.replacingOccurrences(
                        of: "<link rel=\"stylesheet\" href=\"\(Paths.stylesheet)\">", with: "<style>\(Stylesheet.css)</style>")
                    let measured = try Self.measure(html, chromium: chromium, name: "\(kind)-\(l)")
                    for (width, overflow) in measured where overflow > 0 {
                        failures.append("\(url) at \(width) px is \(overflow) px too wide")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    /// Loads `html` in iframes of each width and returns how far the page is wider than
    /// its frame (0 when it fits); saves a screenshot at each width.
    static func measure(_ html: String, chromium: String, name: String) throws -> [(Int, Int)] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qx-layout-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("page.html")
        try Data(html.utf8).write(to: page)
        let frames = widths.map { w in
            "<iframe id=\"w\(w)\" src=\"page.html\" style=\"width:\(w)px;height:900px;border:0;display:block\"></iframe>"
        }.joined()
        let wrapper = """
        <!doctype html><html><body style="margin:0">\(frames)<script>
        document.querySelectorAll('iframe').forEach(function (f) {
          f.addEventListener('load', function () {
            var d = f.contentDocument.documentElement;
            document.body.setAttribute('data-' + f.id, String(d.scrollWidth - d.clientWidth));
          });
        });
        </script></body></html>
        """
        let wrapperURL = dir.appendingPathComponent("wrapper.html")
        try Data(wrapper.utf8).write(to: wrapperURL)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files",
                      "--user-data-dir=\(dir.appendingPathComponent("profile").path)"]
        let dom = try Tools.run(chromium, common + ["--virtual-time-budget=5000", "--dump-dom", wrapperURL.absoluteString])
        var out: [(Int, Int)] = []
        for w in widths {
            let value = dom.output.between("data-w\(w)=\"", "\"").flatMap { Int($0) }
            guard let value else {
                Issue.record("no measurement at \(w) px for \(name): \(dom.output.suffix(400))")
                continue
            }
            out.append((w, value))
            let shot = artifacts.appendingPathComponent("\(name)-\(w).png").path
            try Tools.run(chromium, common + ["--window-size=\(w),1400", "--screenshot=\(shot)", page.absoluteString])
        }
        return out
    }
}
