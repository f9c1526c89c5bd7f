import Foundation
import QalxanCore
import QalxanViews
import Testing

@Test func tmpTiming() {
    let s = String(repeating: "W", count: 1 << 20) + "<script>alert(1)</script>"
    let clock = ContinuousClock()
    var t = clock.now
    for _ in 0..<10 { _ = HTML.escape(s) }
    print("escape x10", clock.now - t); t = clock.now
    let pages = ViewFixtures.allPages(s, .en)
    print("allPages", clock.now - t, pages.reduce(0) { $0 + $1.html.raw.utf8.count }); t = clock.now
    for p in pages { _ = occurs("<script>alert(1)", in: p.html) }
    print("occurs", clock.now - t); t = clock.now
    for p in pages { _ = ViewTests.controlCharacters(in: p.html.raw) }
    print("controls", clock.now - t); t = clock.now
}
