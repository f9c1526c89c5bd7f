import Foundation
import QalxanCore
import QalxanViews
import Testing

/// Models of the feed ingestion pages (feeds, ingest runs, events) with every string
/// taken from a `FieldText`, so that a test can go through every field.
enum FeedFixtures {
    static let date = ViewFixtures.date
    static let feedID = UUID(uuidString: "44444444-4444-4444-4444-444444444444")!
    static let runID = UUID(uuidString: "55555555-5555-5555-5555-555555555555")!
    static let earlierRunID = UUID(uuidString: "66666666-6666-6666-6666-666666666666")!

    static let pages = ["feeds", "newFeed", "feedForm", "runs", "run", "runInterrupted", "events", "event"]

    /// The pages for `ViewFixtures.pageMakers`; a megabyte-sized text goes through two
    /// rich pages only (see `ConstituencyFixtures.pageMakers`).
    static func pageMakers(_ s: String, _ language: Language, ctxText: String) -> [(name: String, make: () -> HTML)] {
        let ctx = ViewFixtures.context(language, text: ctxText, signedIn: true)
        let huge = s.utf8.count > 100_000 || ctxText.utf8.count > 100_000
        let chosen = huge ? ["run", "events"] : pages
        return chosen.map { page in (page, { render(page, FieldText(all: s), ctx) }) }
    }

    /// `can` is every permission flag of the page's model.
    static func render(_ page: String, _ v: FieldText, _ ctx: PageContext, can: Bool = true) -> HTML {
        switch page {
        case "feeds": ConsolePages.feeds(feedList(v, canManage: can), ctx)
        case "newFeed": ConsolePages.feedForm(feedForm(v, id: nil), ctx)
        case "feedForm": ConsolePages.feedForm(feedForm(v, id: feedID), ctx)
        case "runs": ConsolePages.runs(runList(v, canIngest: can), ctx)
        case "run": ConsolePages.run(runPage(v, status: nil, canIngest: can), ctx)
        case "runInterrupted": ConsolePages.run(runPage(v, status: "interrupted", canIngest: can), ctx)
        case "events": ConsolePages.events(eventList(v, canPromote: can), ctx)
        case "event": ConsolePages.event(eventPage(v, canPromote: can), ctx)
        default: fatalError("no page \(page)")
        }
    }

    // MARK: - Parts

    /// A run with every text from `v`. `shown`: the page shows its texts (a feed's last
    /// run shows only its status, time and counts).
    static func run(_ v: FieldText, _ p: String, status: String? = nil, shown: Bool = true, id: UUID = runID) -> RunItem {
        RunItem(id: id, feedName: v("\(p).feedName", hidden: !shown), fileName: v("\(p).fileName", hidden: !shown),
                format: v("\(p).format", hidden: !shown), report: v("\(p).report", hidden: !shown),
                status: status ?? v("\(p).status"), rows: 1200, events: 1150, stored: 1000, duplicates: 150, quarantined: 50,
                startedAt: date, finishedAt: date.addingTimeInterval(95), error: v("\(p).error", hidden: !shown),
                actor: v("\(p).actor", hidden: !shown), replayOf: earlierRunID, size: 3_400_000, tlp: .amber)
    }

    static func feed(_ v: FieldText, _ p: String, shown: Bool = true, minutes: Int = 1440) -> FeedItem {
        FeedItem(id: feedID, name: v("\(p).name", hidden: !shown), provider: v("\(p).provider", hidden: !shown),
                 format: v("\(p).format", hidden: !shown), report: v("\(p).report", hidden: !shown),
                 url: v("\(p).url", hidden: !shown), directory: v("\(p).directory", hidden: !shown), scheduleMinutes: minutes,
                 tlp: .amber, enabled: true, lastFetchAt: date, lastError: v("\(p).lastError"),
                 lastRun: run(v, "\(p).lastRun", status: "failed", shown: false))
    }

    static func feedList(_ v: FieldText, canManage: Bool) -> FeedListModel {
        FeedListModel(feeds: [feed(v, "feed1"), feed(v, "feed2", minutes: 0)], canManage: canManage)
    }

    static func feedForm(_ v: FieldText, id: UUID?) -> FeedFormModel {
        let values = FeedInput(name: v("form.name"), provider: v("form.provider"), format: v("form.format"),
                               report: v("form.report"), url: v("form.url"), directory: v("form.directory"),
                               scheduleMinutes: v("form.schedule"), tlp: v("form.tlp", hidden: true), enabled: true,
                               mapping: v("form.mapping"))
        return FeedFormModel(id: id, values: values, formats: [v("form.formats1"), v("form.formats2")],
                             errors: ["name": v("form.error"), "schedule_minutes": "error.feed.schedule"],
                             status: id == nil ? nil : feed(v, "status", shown: false, minutes: 90))
    }

    static func runList(_ v: FieldText, canIngest: Bool) -> RunListModel {
        RunListModel(runs: [run(v, "run1"), run(v, "run2", status: "interrupted", id: UUID())], page: 2, hasNext: true,
                     feedFilter: v("runs.feedFilter"), feeds: [v("runs.feed1"), v("runs.feed2")],
                     formats: [v("runs.format1")], canIngest: canIngest,
                     upload: RunUploadInput(feed: v("upload.feed"), format: v("upload.format"), report: v("upload.report"),
                                            tlp: v("upload.tlp", hidden: true)),
                     errors: ["file": v("upload.error"), "format": "error.feed.format"])
    }

    static func runPage(_ v: FieldText, status: String?, canIngest: Bool) -> RunPageModel {
        RunPageModel(run: run(v, "run", status: status),
                     quarantine: [
                        QuarantineItem(line: 17, reasonKey: v("q1.reasonKey"), detail: v("q1.detail"), raw: v("q1.raw")),
                        QuarantineItem(line: 18, reasonKey: "ingest.invalid_port", detail: v("q2.detail"), raw: v("q2.raw")),
                     ],
                     quarantinePage: 2, hasNextQuarantine: true, canIngest: canIngest, fileKept: true)
    }

    static func event(_ v: FieldText, _ p: String, id: Int64) -> EventItem {
        EventItem(id: id, timeSource: date, feedName: v("\(p).feedName"), taxonomy: v("\(p).taxonomy"), type: v("\(p).type"),
                  identifier: v("\(p).identifier"), sourceIP: v("\(p).ip"), sourcePort: 3389, sourceASN: 64496,
                  sourceFQDN: v("\(p).fqdn"), sourceURL: v("\(p).url"), organisationID: v("\(p).organisationID", hidden: true),
                  organisationName: v("\(p).organisationName"), tlp: .amber)
    }

    static func filter(_ v: FieldText) -> EventFilter {
        EventFilter(from: v("filter.from"), to: v("filter.to"), feed: v("filter.feed"), type: v("filter.type"),
                    organisation: v("filter.organisation"), organisationName: v("filter.organisationName"),
                    ip: v("filter.ip"), asn: v("filter.asn"), page: 2)
    }

    static func eventList(_ v: FieldText, canPromote: Bool) -> EventListModel {
        let f = filter(v)
        let byType = [
            EventCount(key: "vulnerable/vulnerable-system", label: "vulnerable/vulnerable-system", count: 40,
                       query: f.queryItems(setting: "type", to: "vulnerable/vulnerable-system")),
            EventCount(key: v("countType.key", hidden: true), label: v("countType.label"), count: 2,
                       query: [("type", v("countType.query", hidden: true))]),
        ]
        let byOrganisation = [
            EventCount(key: v("countOrg.key", hidden: true), label: v("countOrg.label"), count: 30,
                       query: [("organisation", v("countOrg.query", hidden: true))]),
            EventCount(key: "", label: "", count: 12, query: f.queryItems(setting: "organisation", to: "")),
        ]
        return EventListModel(filter: f, events: [event(v, "e1", id: 901), event(v, "e2", id: 902)], total: 4321,
                              byType: byType, byOrganisation: byOrganisation, feeds: [v("events.feed1")], page: 2,
                              hasNext: true, canPromote: canPromote, errors: ["from": v("events.error")])
    }

    static func eventPage(_ v: FieldText, canPromote: Bool) -> EventPageModel {
        EventPageModel(event: event(v, "event", id: 77),
                       fields: [(name: v("field1.name"), value: v("field1.value")), (name: v("field2.name"), value: v("field2.value"))],
                       runID: runID, line: 42, canPromote: canPromote)
    }
}

@Suite struct FeedViewTests {
    static let payloads = ConstituencyViewTests.payloads

    static func ctx(_ language: Language = .en, role: Role = .administrator, text: String = "CERT",
                    path: String = "/en/console/events") -> PageContext {
        ViewFixtures.context(language, path: path.replacingOccurrences(of: "/en/", with: "/\(language.rawValue)/"), text: text,
                             signedIn: true, role: role)
    }

    // MARK: - Realistic models

    static let shadowRun = RunItem(
        id: FeedFixtures.runID, feedName: "shadowserver-scan-rdp", fileName: "2026-11-23-scan_rdp-azerbaijan-geo.csv",
        format: "shadowserver", report: "scan_rdp", status: "finished", rows: 1200, events: 1150, stored: 1000,
        duplicates: 150, quarantined: 50, startedAt: ViewFixtures.date, finishedAt: ViewFixtures.date.addingTimeInterval(95),
        error: nil, actor: "feed:shadowserver-scan-rdp", replayOf: nil, size: 3_400_000, tlp: .amber)

    static func run(status: String, error: String? = nil) -> RunItem {
        RunItem(id: FeedFixtures.runID, feedName: "abuse-mail", fileName: "report.csv", format: "generic_csv", report: nil,
                status: status, rows: 500, events: 200, stored: 200, duplicates: 0, quarantined: 3, startedAt: ViewFixtures.date,
                finishedAt: nil, error: error, actor: "aysel@cert.az", replayOf: nil)
    }

    static let feeds = FeedListModel(feeds: [
        FeedItem(id: FeedFixtures.feedID, name: "shadowserver-scan-rdp", provider: "Shadowserver", format: "shadowserver",
                 report: nil, url: nil, directory: "/var/lib/qalxan/incoming/shadowserver", scheduleMinutes: 15, tlp: .amber,
                 enabled: true, lastFetchAt: ViewFixtures.date, lastError: nil, lastRun: shadowRun),
        FeedItem(id: UUID(), name: "urlhaus", provider: "abuse.ch", format: "urlhaus", report: nil,
                 url: "https://urlhaus.abuse.ch/downloads/csv_recent/", directory: nil, scheduleMinutes: 120, tlp: .clear,
                 enabled: false, lastFetchAt: nil, lastError: "HTTP 503 Service Unavailable", lastRun: nil),
        FeedItem(id: UUID(), name: "bank-csv", provider: "Partner bank", format: "generic_csv", report: nil, url: nil,
                 directory: nil, scheduleMinutes: 0, tlp: .red, enabled: true, lastFetchAt: nil, lastError: nil, lastRun: nil),
    ], canManage: true)

    static let rdpEvent = EventItem(
        id: 901, timeSource: ViewFixtures.date, feedName: "shadowserver-scan-rdp", taxonomy: "vulnerable",
        type: "potentially-unwanted-accessible", identifier: "open-rdp", sourceIP: "192.0.2.10", sourcePort: 3389,
        sourceASN: 64496, sourceFQDN: "rdp.example.az", sourceURL: nil, organisationID: ConstituencyFixtures.orgID.uuidString,
        organisationName: "State Agency", tlp: .amber)

    static let phishEvent = EventItem(
        id: 902, timeSource: nil, feedName: "urlhaus", taxonomy: "malicious-code", type: "malware-distribution",
        identifier: nil, sourceIP: "2001:db8::7", sourcePort: nil, sourceASN: nil, sourceFQDN: nil,
        sourceURL: "javascript:alert(1)//http-evil", organisationID: nil, organisationName: nil, tlp: .green)

    static func eventList(canPromote: Bool = true, filter: EventFilter? = nil, total: Int? = 4321) -> EventListModel {
        let f = filter ?? EventFilter(from: "2026-11-01", to: "2026-11-23 14:05", feed: "shadowserver-scan-rdp",
                                      type: "vulnerable", ip: "192.0.2.0/24", asn: "AS64496", page: 2)
        return EventListModel(
            filter: f, events: [rdpEvent, phishEvent], total: total,
            byType: [EventCount(key: "vulnerable/potentially-unwanted-accessible", label: "vulnerable/potentially-unwanted-accessible",
                                count: 40, query: f.queryItems(setting: "type", to: "vulnerable/potentially-unwanted-accessible")),
                     EventCount(key: "scanner", label: "scanner", count: 2, query: f.queryItems(setting: "type", to: "scanner"))],
            byOrganisation: [EventCount(key: ConstituencyFixtures.orgID.uuidString, label: "State Agency", count: 30,
                                        query: f.queryItems(setting: "organisation", to: ConstituencyFixtures.orgID.uuidString)),
                             EventCount(key: "", label: "", count: 12, query: f.queryItems(setting: "organisation", to: ""))],
            feeds: ["shadowserver-scan-rdp", "urlhaus"], page: f.page, hasNext: true, canPromote: canPromote)
    }

    // MARK: - Every page

    @Test(arguments: Language.allCases)
    func everyPageRendersWithItsTitleAndNavigation(_ language: Language) {
        let l = Localizer(language)
        let titles = [
            "feeds": l.t("feeds.title"), "newFeed": l.t("feed.new_title"), "feedForm": "Sample form.name",
            "runs": l.t("runs.title"), "run": "Sample run.fileName", "runInterrupted": "Sample run.fileName",
            "events": l.t("events.title"), "event": l.t("event.title", ["id": "77"]),
        ]
        let lang = language.rawValue
        for page in FeedFixtures.pages {
            let html = FeedFixtures.render(page, FieldText(), Self.ctx(language)).raw
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"\(lang)\">"), "\(page)")
            #expect(html.contains(">\(HTML.escape(titles[page] ?? "?"))</h1>"), "\(page) (\(language))")
            for section in ["events", "runs", "feeds"] {
                #expect(html.contains("<a href=\"/\(lang)/console/\(section)\""), "\(page): nav link to \(section)")
            }
            for match in html.matches(of: />([a-z_]+\.[a-z0-9_.-]+)</) {
                Issue.record("\(page) (\(language)): untranslated key \(match.1)")
            }
        }
    }

    @Test func navigationOffersFeedSectionsToEveryStaffRole() {
        let l = Localizer(.en)
        for role in Role.allCases where role != .partner {
            let page = ConsolePages.runs(RunListModel(runs: [], page: 1, hasNext: false, feeds: [], formats: [], canIngest: false),
                                         Self.ctx(role: role, path: "/en/console/runs/\(FeedFixtures.runID)")).raw
            #expect(page.contains("<li><a href=\"/en/console/events\">\(l.t("console.nav.events"))</a></li>") == role.allows(.viewEvents))
            #expect(page.contains("<li><a href=\"/en/console/runs\" aria-current=\"page\">\(l.t("console.nav.runs"))</a></li>"))
            #expect(page.contains("<li><a href=\"/en/console/feeds\">\(l.t("console.nav.feeds"))</a></li>"))
            // Beside the lookup, before the tokens.
            let lookup = page.range(of: "console/lookup\"")!.lowerBound
            let events = page.range(of: "console/events\"")!.lowerBound
            let tokens = page.range(of: "console/tokens\"")!.lowerBound
            #expect(lookup < events && events < tokens)
        }
    }

    // MARK: - Escaping, field by field

    @Test(arguments: payloads)
    func hostileInputInEachFieldIsEscaped(_ payload: HostilePayload) {
        var checked = 0
        for page in FeedFixtures.pages {
            let probe = FieldText()
            _ = FeedFixtures.render(page, probe, Self.ctx())
            #expect(Set(probe.names).count == probe.names.count, "\(page): a field name is used twice")
            for name in probe.names {
                var shown = false
                for language in Language.allCases {
                    let html = FeedFixtures.render(page, FieldText(target: name, payload: payload.raw), Self.ctx(language))
                    for bad in payload.forbidden {
                        #expect(!occurs(bad, in: html), "\(page).\(name) (\(language)) contains \(bad.debugDescription)")
                    }
                    #expect(ViewTests.controlCharacters(in: html.raw) == 0, "\(page).\(name) (\(language))")
                    shown = shown || occurs(payload.escaped, in: html)
                }
                if !probe.hidden.contains(name) {
                    #expect(shown, "\(page).\(name) is not shown escaped")
                }
                checked += 1
            }
        }
        #expect(checked > 150, "only \(checked) fields: is the probe broken?")
    }

    @Test(arguments: payloads)
    func hostileInputInTheContextIsEscaped(_ payload: HostilePayload) {
        for page in FeedFixtures.pages {
            let html = FeedFixtures.render(page, FieldText(), Self.ctx(.az, text: payload.raw))
            ViewTests.expectEscaped(payload, html, page)
        }
    }

    @Test func hostileValuesAppearEscapedWhereTheyAreShown() {
        let bad = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>' & co"
        let escaped = HTML.escape(bad)
        #expect(escaped == "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39; &amp; co")
        let run = RunItem(id: FeedFixtures.runID, feedName: bad, fileName: bad, format: bad, report: bad, status: "failed",
                          rows: 1, events: 0, stored: 0, duplicates: 0, quarantined: 1, startedAt: ViewFixtures.date,
                          finishedAt: nil, error: bad, actor: bad, replayOf: nil)
        let page = ConsolePages.run(RunPageModel(run: run, quarantine: [QuarantineItem(line: 2, reasonKey: bad, detail: bad, raw: bad)],
                                                 canIngest: true), Self.ctx()).raw
        #expect(page.contains("<h1 class=\"filename\">\(escaped)</h1>"))
        #expect(page.contains("<td class=\"detail\">\(escaped)</td>"))
        #expect(page.contains("<pre class=\"raw\">\(escaped)</pre>"))
        #expect(page.contains("<span class=\"run-error\">\(escaped)</span>"))
        let event = EventItem(id: 5, timeSource: nil, feedName: bad, taxonomy: bad, type: nil, identifier: bad, sourceIP: bad,
                              sourcePort: nil, sourceASN: nil, sourceFQDN: bad, sourceURL: bad, organisationID: bad,
                              organisationName: bad, tlp: .red)
        let eventPage = ConsolePages.event(EventPageModel(event: event, fields: [(name: bad, value: bad)], runID: FeedFixtures.runID,
                                                          line: 3), Self.ctx()).raw
        #expect(eventPage.contains("<tr><th scope=\"row\"><code>\(escaped)</code></th><td class=\"field-value\">\(escaped)</td></tr>"))
        // The organisation id goes into the URL percent-encoded.
        #expect(eventPage.contains("<a href=\"/en/console/organisations/\(URLText.encode(bad))\">\(escaped)</a>"))
        for html in [page, eventPage] {
            #expect(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("' & co"))
        }
    }

    // MARK: - Forms and permissions

    @Test func everyPostFormCarriesTheToken() {
        for page in FeedFixtures.pages {
            let html = FeedFixtures.render(page, FieldText(), Self.ctx(text: "tok-42")).raw
            let forms = html.components(separatedBy: "<form").dropFirst()
            for form in forms where form.hasPrefix(" method=\"post\"") {
                let body = form.components(separatedBy: "</form>")[0]
                #expect(body.contains("<input type=\"hidden\" name=\"_csrf\" value=\"tok-42\">"), "\(page): \(body.prefix(120))")
            }
        }
        // Logout + one fetch per feed.
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("feeds", FieldText(), Self.ctx()).raw) == 1 + 2)
        // Logout, fetch, save, delete.
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("feedForm", FieldText(), Self.ctx()).raw) == 4)
        // Logout, upload; logout, replay; logout, promote.
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("runs", FieldText(), Self.ctx()).raw) == 2)
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("run", FieldText(), Self.ctx()).raw) == 2)
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("events", FieldText(), Self.ctx()).raw) == 2)
        #expect(occurrences("<form method=\"post\"", in: FeedFixtures.render("event", FieldText(), Self.ctx()).raw) == 2)
    }

    @Test func controlsAreAbsentWithoutTheRight() {
        let ctx = Self.ctx(role: .viewer)
        for page in ["feeds", "runs", "run", "runInterrupted", "events", "event"] {
            let html = FeedFixtures.render(page, FieldText(), ctx, can: false).raw
            #expect(occurrences("<form method=\"post\"", in: html) == 1, "\(page): only the logout form")
            for path in ["/feeds/new\"", "/fetch\"", "/replay\"", "/console/ingest\"", "/events/promote\"", "name=\"event\""] {
                #expect(!html.contains(path), "\(page) has \(path)")
            }
        }
        // Without the right, a feed's name leads to its runs, not to its settings.
        let list = FeedFixtures.render("feeds", FieldText(), ctx, can: false).raw
        #expect(!list.contains("href=\"/en/console/feeds/\(FeedFixtures.feedID.uuidString)\""))
        #expect(list.contains("<a href=\"/en/console/runs?feed=Sample%20feed1.name\">Sample feed1.name</a>"))
        // With it, every control is there.
        let all = FeedFixtures.render("feeds", FieldText(), Self.ctx()).raw
        #expect(all.contains("<a class=\"button primary\" href=\"/en/console/feeds/new\">"))
        #expect(all.contains("<form method=\"post\" action=\"/en/console/feeds/\(FeedFixtures.feedID.uuidString)/fetch\" class=\"row-form\">"))
        #expect(all.contains("<a href=\"/en/console/feeds/\(FeedFixtures.feedID.uuidString)\">Sample feed1.name</a>"))
        let runs = FeedFixtures.render("runs", FieldText(), Self.ctx()).raw
        #expect(runs.contains("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/en/console/ingest\" class=\"form\">"))
        let run = FeedFixtures.render("run", FieldText(), Self.ctx()).raw
        #expect(run.contains("<form method=\"post\" action=\"/en/console/runs/\(FeedFixtures.runID.uuidString)/replay\" class=\"form\">"))
        let events = FeedFixtures.render("events", FieldText(), Self.ctx()).raw
        #expect(events.contains("<form method=\"post\" action=\"/en/console/events/promote\" class=\"form wide promote-form\">"))
        #expect(occurrences("<input type=\"checkbox\" name=\"event\"", in: events) == 2)
    }

    // MARK: - Feeds

    @Test(arguments: Language.allCases)
    func feedListShowsScheduleStateErrorsAndLastRun(_ language: Language) {
        let l = Localizer(language)
        let html = ConsolePages.feeds(Self.feeds, Self.ctx(language, path: "/en/console/feeds")).raw
        #expect(html.contains(HTML.escape(l.t("feeds.schedule.minutes", ["n": "15"]))))
        #expect(html.contains(HTML.escape(l.t("feeds.schedule.hours", ["n": "2"]))))
        #expect(html.contains(HTML.escape(l.t("feeds.schedule.manual"))))
        #expect(html.contains("<span class=\"tlp tlp-amber\">TLP:AMBER</span>") && html.contains("<span class=\"tlp tlp-red\">TLP:RED</span>"))
        #expect(html.contains("<span class=\"badge active\">\(HTML.escape(l.t("feeds.enabled")))</span>"))
        #expect(html.contains("<span class=\"badge disabled\">\(HTML.escape(l.t("feeds.disabled")))</span>"))
        // The last error as an error; a feed's URL as text, never a link.
        #expect(html.contains("<div class=\"feed-error\"><strong>\(HTML.escape(l.t("feeds.last_error")))</strong> HTTP 503 Service Unavailable</div>"))
        #expect(html.contains("<code>https://urlhaus.abuse.ch/downloads/csv_recent/</code>"))
        #expect(!html.contains("href=\"https://"))
        #expect(html.contains("<code>/var/lib/qalxan/incoming/shadowserver</code>"))
        // The last run: status, a link to it and its counts.
        #expect(html.contains("<span class=\"badge run-status run-finished\">\(HTML.escape(l.t("run.status.finished")))</span> <a href=\"/\(language.rawValue)/console/runs/\(FeedFixtures.runID.uuidString)\">"))
        #expect(html.contains(HTML.escape(l.t("feeds.run_counts", ["events": "1150", "stored": "1000", "quarantined": "50"]))))
        #expect(occurrences(HTML.escape(l.t("feeds.no_run")), in: html) == 2)
        #expect(html.contains("href=\"/\(language.rawValue)/console/runs?feed=shadowserver-scan-rdp\""))
    }

    @Test func feedFormHasEveryFieldHintsAndErrors() {
        let l = Localizer(.en)
        let values = FeedInput(name: "bank-csv", provider: "Partner bank", format: "generic_csv", report: "",
                               url: "", directory: "/srv/drop", scheduleMinutes: "abc", tlp: "TLP:RED", enabled: false,
                               mapping: "source.ip = ip\ntime.source = ts")
        let errors = ["schedule_minutes": "error.feed.schedule", "name": "Ein Feed mit diesem Namen existiert"]
        let new = ConsolePages.feedForm(FeedFormModel(id: nil, values: values, formats: ["shadowserver", "generic_csv"],
                                                      errors: errors), Self.ctx(path: "/en/console/feeds/new")).raw
        #expect(new.contains("<form method=\"post\" action=\"/en/console/feeds/new\" class=\"form\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"))
        for name in ["name", "provider", "format", "report", "url", "directory", "schedule_minutes", "tlp", "enabled", "mapping"] {
            #expect(new.contains("name=\"\(name)\""), "\(name)")
        }
        #expect(new.contains("<option value=\"generic_csv\" selected>generic_csv</option>"))
        #expect(new.contains("<option value=\"TLP:RED\" selected>TLP:RED</option>"))
        #expect(new.contains("name=\"schedule_minutes\" value=\"abc\""))
        #expect(new.contains("type=\"number\" id=\"feed-schedule-minutes\""))
        #expect(new.contains("name=\"enabled\" value=\"1\" aria-describedby") && !new.contains("name=\"enabled\" value=\"1\" checked"))
        #expect(new.contains(">\nsource.ip = ip\ntime.source = ts</textarea>"))
        for hint in ["feed.schedule_hint", "feed.report_hint", "feed.mapping_hint", "feed.source_hint", "feed.url_hint",
                     "feed.directory_hint"] {
            #expect(new.contains(HTML.escape(l.t(hint))), "\(hint)")
        }
        // Errors beside their fields (a catalog key, or a message already in words) and in the summary.
        #expect(new.contains("<p class=\"field-error\" id=\"feed-schedule-minutes-error\"><span class=\"visually-hidden\">Error: </span>\(HTML.escape(l.t("error.feed.schedule")))</p>"))
        #expect(new.contains("<p class=\"field-error\" id=\"feed-name-error\"><span class=\"visually-hidden\">Error: </span>Ein Feed mit diesem Namen existiert</p>"))
        #expect(new.contains("<li><a href=\"#feed-schedule-minutes\">"))
        #expect(!new.contains("/delete\"") && !new.contains("/fetch\""), "nothing to delete or fetch yet")
        #expect(new.contains("<h1>\(HTML.escape(l.t("feed.new_title")))</h1>"))

        let id = FeedFixtures.feedID
        let edit = ConsolePages.feedForm(FeedFormModel(id: id, values: values, formats: ["shadowserver"],
                                                       status: Self.feeds.feeds[1]), Self.ctx(path: "/en/console/feeds/x")).raw
        #expect(edit.contains("<form method=\"post\" action=\"/en/console/feeds/\(id.uuidString)/update\" class=\"form\">"))
        #expect(edit.contains("<h1>bank-csv</h1>"))
        // A stored format the list no longer offers stays chosen.
        #expect(edit.contains("<option value=\"generic_csv\" selected>generic_csv</option>"))
        // Delete asks for a confirmation (no script: a required box).
        #expect(edit.contains("<form method=\"post\" action=\"/en/console/feeds/\(id.uuidString)/delete\" class=\"form\">"))
        #expect(edit.contains("<input type=\"checkbox\" id=\"feed-delete-confirm\" name=\"confirm\" value=\"1\" required>"))
        #expect(edit.contains(HTML.escape(l.t("feed.delete_warning"))))
        // Its state: the last error stands out, fetch now, its runs.
        #expect(edit.contains("<div class=\"banner danger\" role=\"alert\"><strong>\(HTML.escape(l.t("feeds.last_error")))</strong> HTTP 503 Service Unavailable</div>"))
        #expect(edit.contains("action=\"/en/console/feeds/\(Self.feeds.feeds[1].id.uuidString)/fetch\""))
        #expect(edit.contains("<a href=\"/en/console/runs?feed=urlhaus\">"))
    }

    // MARK: - Runs

    @Test(arguments: Language.allCases)
    func runListHasUploadFormFilterAndPages(_ language: Language) {
        let l = Localizer(language)
        let lang = language.rawValue
        let m = RunListModel(runs: [Self.shadowRun, Self.run(status: "interrupted"), Self.run(status: "failed", error: "gzip: unexpected end")],
                             page: 2, hasNext: true, feedFilter: "shadowserver-scan-rdp", feeds: ["shadowserver-scan-rdp", "urlhaus"],
                             formats: ["shadowserver", "urlhaus", "generic_csv"], canIngest: true,
                             upload: RunUploadInput(feed: "urlhaus", format: "", report: "", tlp: "TLP:GREEN"))
        let html = ConsolePages.runs(m, Self.ctx(language, path: "/en/console/runs")).raw
        // The upload form: multipart, token, file, feed with suggestions, format with "detect", report, TLP.
        #expect(html.contains("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/\(lang)/console/ingest\" class=\"form\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"))
        #expect(html.contains("<input type=\"file\" id=\"upload-file\" name=\"file\" value=\"\" required"))
        #expect(html.contains("name=\"feed\" value=\"urlhaus\" required") && html.contains(" list=\"upload-feeds\""))
        #expect(html.contains("<datalist id=\"upload-feeds\"><option value=\"shadowserver-scan-rdp\"></option><option value=\"urlhaus\"></option></datalist>"))
        #expect(html.contains("<option value=\"\" selected>\(HTML.escape(l.t("upload.detect")))</option><option value=\"shadowserver\">shadowserver</option>"))
        #expect(html.contains("id=\"upload-report\" name=\"report\" value=\"\""))
        #expect(html.contains("<option value=\"TLP:GREEN\" selected>TLP:GREEN</option>"))
        // The feed filter and the way back to all runs.
        #expect(html.contains("<strong>shadowserver-scan-rdp</strong> · <a href=\"/\(lang)/console/runs\">"))
        // Rows: the run, its feed, the file, the counts.
        #expect(html.contains("<a href=\"/\(lang)/console/runs/\(FeedFixtures.runID.uuidString)\"><time"))
        #expect(html.contains("<td class=\"filename\">2026-11-23-scan_rdp-azerbaijan-geo.csv</td>"))
        #expect(html.contains("<td class=\"num\">1150</td><td class=\"num\">1000</td><td class=\"num\">150</td><td class=\"num\"><span class=\"quarantine-count\">50</span></td>"))
        #expect(html.contains("<span class=\"run-error small\">gzip: unexpected end</span>"))
        // Interrupted and failed look different, in the badge and on the row.
        #expect(html.contains("<tr class=\"run-row run-row-interrupted\">") && html.contains("<tr class=\"run-row run-row-failed\">"))
        #expect(html.contains("<span class=\"badge run-status run-interrupted\">\(HTML.escape(l.t("run.status.interrupted")))</span>"))
        #expect(html.contains("<span class=\"badge run-status run-failed\">\(HTML.escape(l.t("run.status.failed")))</span>"))
        // Pages keep the feed filter.
        #expect(html.contains("<a rel=\"prev\" href=\"/\(lang)/console/runs?feed=shadowserver-scan-rdp\">"))
        #expect(html.contains("<a rel=\"next\" href=\"/\(lang)/console/runs?feed=shadowserver-scan-rdp&amp;page=3\">"))
        #expect(html.contains("<a aria-current=\"page\" href=\"/\(lang)/console/runs?feed=shadowserver-scan-rdp&amp;page=2\">2</a>"))
        // A first page without a next one has no pages.
        let one = ConsolePages.runs(RunListModel(runs: [Self.shadowRun], page: 1, hasNext: false, feeds: [], formats: [],
                                                 canIngest: false), Self.ctx(language)).raw
        #expect(!one.contains("class=\"pagination\"") && !one.contains("enctype=\"multipart/form-data\""))
    }

    @Test(arguments: Language.allCases)
    func runPageShowsCountsFileQuarantineAndReplay(_ language: Language) {
        let l = Localizer(language)
        let lang = language.rawValue
        let id = FeedFixtures.runID.uuidString
        let quarantine = [
            QuarantineItem(line: 17, reasonKey: "ingest.invalid_port", detail: "port: \"99999\"",
                           raw: "\"2026-11-23 01:02:03\",\"192.0.2.1\",\"99999\",\"AS64496\"," + String(repeating: "x", count: 300)),
            QuarantineItem(line: 18, reasonKey: "ingest.column_count", detail: "3 fields, 14 expected", raw: "a,b,c"),
        ]
        let html = ConsolePages.run(RunPageModel(run: Self.shadowRun, quarantine: quarantine, quarantinePage: 2,
                                                 hasNextQuarantine: true, canIngest: true, fileKept: true),
                                    Self.ctx(language, path: "/en/console/runs/x")).raw
        #expect(html.contains("<h1 class=\"filename\">2026-11-23-scan_rdp-azerbaijan-geo.csv</h1>"))
        #expect(html.contains("<span class=\"badge run-status run-finished\">"))
        for (key, n) in [("run.rows", "1200"), ("run.events", "1150"), ("run.stored", "1000"), ("run.duplicates", "150")] {
            #expect(html.contains("<div><dt>\(HTML.escape(l.t(key)))</dt><dd>\(n)</dd></div>"), "\(key)")
        }
        #expect(html.contains("<div><dt>\(HTML.escape(l.t("run.quarantined")))</dt><dd><span class=\"quarantine-count\">50</span></dd></div>"))
        #expect(html.contains("<code>scan_rdp</code>") && html.contains("feed:shadowserver-scan-rdp"))
        // 3 400 000 bytes, as `Components.size` writes them.
        let size = l.t("size.value", ["n": "3" + l.t("number.decimal_separator") + "2", "unit": "MB"])
        #expect(html.contains("<dd>\(HTML.escape(size))</dd>"))
        // The raw file, and a replay that says what it does.
        #expect(html.contains("<a class=\"button\" href=\"/\(lang)/console/runs/\(id)/file\" download>"))
        #expect(html.contains(HTML.escape(l.t("run.replay_help"))))
        #expect(html.contains("<form method=\"post\" action=\"/\(lang)/console/runs/\(id)/replay\" class=\"form\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"))
        // Quarantined rows: line, reason in words, detail, raw text in a wrapping <pre>.
        #expect(html.contains("<tr><td class=\"num\">17</td><td>\(HTML.escape(l.t("ingest.invalid_port")))</td><td class=\"detail\">port: &quot;99999&quot;</td>"))
        #expect(html.contains("<td class=\"raw-cell\"><pre class=\"raw\">&quot;2026-11-23 01:02:03&quot;,&quot;192.0.2.1&quot;"))
        #expect(html.contains(HTML.escape(l.t("ingest.column_count"))))
        #expect(Stylesheet.css.contains("pre.raw{margin:0;white-space:pre-wrap;overflow-wrap:anywhere"))
        // Quarantine pages stay on the run.
        #expect(html.contains("<a rel=\"prev\" href=\"/\(lang)/console/runs/\(id)#quarantine\">"))
        #expect(html.contains("<a rel=\"next\" href=\"/\(lang)/console/runs/\(id)?page=3#quarantine\">"))

        // A file no longer kept: no download, no replay, and a word why.
        let gone = ConsolePages.run(RunPageModel(run: Self.shadowRun, quarantine: [], canIngest: true, fileKept: false),
                                    Self.ctx(language)).raw
        #expect(!gone.contains("/file\"") && !gone.contains("/replay\""))
        #expect(gone.contains(HTML.escape(l.t("run.replay_impossible"))) && gone.contains(HTML.escape(l.t("quarantine.empty"))))
    }

    @Test(arguments: Language.allCases)
    func interruptedAndFailedRunsAreShownDistinctly(_ language: Language) {
        let l = Localizer(language)
        let interrupted = ConsolePages.run(RunPageModel(run: Self.run(status: "interrupted"), quarantine: [], canIngest: true),
                                           Self.ctx(language)).raw
        let failed = ConsolePages.run(RunPageModel(run: Self.run(status: "failed", error: "disk full"), quarantine: [],
                                                   canIngest: true), Self.ctx(language)).raw
        let finished = ConsolePages.run(RunPageModel(run: Self.run(status: "finished"), quarantine: [], canIngest: true),
                                        Self.ctx(language)).raw
        let running = ConsolePages.run(RunPageModel(run: Self.run(status: "running"), quarantine: [], canIngest: true),
                                       Self.ctx(language)).raw
        #expect(interrupted.contains("<span class=\"badge run-status run-interrupted\">\(HTML.escape(l.t("run.status.interrupted")))</span>"))
        #expect(interrupted.contains("<div class=\"banner warn run-interrupted-banner\" role=\"alert\"><strong>\(HTML.escape(l.t("run.interrupted_title")))</strong>"))
        #expect(interrupted.contains(HTML.escape(l.t("run.interrupted_help"))))
        #expect(!interrupted.contains("run-failed"))
        #expect(failed.contains("<span class=\"badge run-status run-failed\">\(HTML.escape(l.t("run.status.failed")))</span>"))
        #expect(failed.contains("<div class=\"banner danger run-failed-banner\" role=\"alert\"><strong>\(HTML.escape(l.t("run.failed_title")))</strong> <span class=\"run-error\">disk full</span></div>"))
        #expect(!failed.contains("run-interrupted"))
        #expect(!finished.contains("role=\"alert\"") && finished.contains("run-finished"))
        #expect(running.contains(HTML.escape(l.t("run.running_help"))))
        // Four different words, and two different looks in the stylesheet.
        let labels = ["running", "finished", "failed", "interrupted"].map { l.t("run.status.\($0)") }
        #expect(Set(labels).count == 4)
        #expect(Stylesheet.css.contains(".run-failed{background:var(--danger)"))
        #expect(Stylesheet.css.contains(".run-interrupted{background:var(--warn-bg);border:2px dashed"))
        // A status the views do not know is shown as it is, in a plain badge.
        let odd = ConsolePages.run(RunPageModel(run: Self.run(status: "paused"), quarantine: [], canIngest: false), Self.ctx()).raw
        #expect(odd.contains("<span class=\"badge run-status\">paused</span>"))
    }

    // MARK: - Events

    @Test(arguments: Language.allCases)
    func explorerHasFiltersCountsPromotionAndPages(_ language: Language) {
        let l = Localizer(language)
        let lang = language.rawValue
        let html = ConsolePages.events(Self.eventList(), Self.ctx(language)).raw
        // The filter form (GET) keeps what was asked.
        #expect(html.contains("<form method=\"get\" action=\"/\(lang)/console/events\" class=\"filters\" role=\"search\""))
        #expect(html.contains("name=\"from\" value=\"2026-11-01\"") && html.contains("name=\"to\" value=\"2026-11-23 14:05\""))
        #expect(html.contains("<option value=\"shadowserver-scan-rdp\" selected>shadowserver-scan-rdp</option>"))
        #expect(html.contains("<option value=\"vulnerable\" selected>"))
        #expect(html.contains("name=\"ip\" value=\"192.0.2.0/24\"") && html.contains("name=\"asn\" value=\"AS64496\""))
        #expect(html.contains(HTML.escape(l.t("events.total", ["count": "4321"]))))
        // Counts: RSIT labels, organisation names, "not attributed", each a link narrowing the filter.
        let base = "from=2026-11-01&amp;to=2026-11-23%2014%3A05&amp;feed=shadowserver-scan-rdp"
        let rsit = HTML.escape(l.typeLabel("vulnerable", "potentially-unwanted-accessible"))
        #expect(html.contains("<tr><td><a href=\"/\(lang)/console/events?\(base)&amp;ip=192.0.2.0%2F24&amp;asn=AS64496&amp;type=vulnerable%2Fpotentially-unwanted-accessible\">\(HTML.escape(l.classLabel("vulnerable"))) — \(rsit)</a></td><td class=\"num\">40</td></tr>"))
        #expect(html.contains(">scanner</a></td><td class=\"num\">2</td>"))
        #expect(html.contains("&amp;organisation=\(ConstituencyFixtures.orgID.uuidString)\">State Agency</a></td><td class=\"num\">30</td>"))
        #expect(html.contains(">\(HTML.escape(l.t("events.no_organisation")))</a></td><td class=\"num\">12</td>"))
        // The events, in one POST form with a box each, a title and the button.
        #expect(html.contains("<form method=\"post\" action=\"/\(lang)/console/events/promote\" class=\"form wide promote-form\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"))
        #expect(html.contains("<input type=\"checkbox\" name=\"event\" value=\"901\">") && html.contains("<input type=\"checkbox\" name=\"event\" value=\"902\">"))
        #expect(html.contains("id=\"promote-title\" name=\"title\" value=\"\" required"))
        #expect(html.contains(HTML.escape(l.t("events.promote_submit"))))
        #expect(html.contains("<a href=\"/\(lang)/console/events/901\">901</a>"))
        #expect(html.contains("<code>192.0.2.10</code> <span class=\"muted\">\(HTML.escape(l.t("events.port", ["port": "3389"])))</span>"))
        #expect(html.contains("<code>rdp.example.az</code>") && html.contains("<code>open-rdp</code>") && html.contains(">AS64496<"))
        #expect(html.contains("<a href=\"/\(lang)/console/organisations/\(ConstituencyFixtures.orgID.uuidString)\">State Agency</a>"))
        // A URL from a feed is text, never a link.
        #expect(html.contains("<code>javascript:alert(1)//http-evil</code>") && !html.contains("href=\"javascript:"))
        // Pages keep the filter.
        let query = "\(base)&amp;type=vulnerable&amp;ip=192.0.2.0%2F24&amp;asn=AS64496"
        #expect(html.contains("<a rel=\"prev\" href=\"/\(lang)/console/events?\(query)\">"))
        #expect(html.contains("<a rel=\"next\" href=\"/\(lang)/console/events?\(query)&amp;page=3\">"))
    }

    @Test func explorerWithoutCountOrPromotion() {
        let l = Localizer(.en)
        let filter = EventFilter(organisation: ConstituencyFixtures.orgID.uuidString, organisationName: "State Agency")
        let html = ConsolePages.events(Self.eventList(canPromote: false, filter: filter, total: nil), Self.ctx()).raw
        #expect(html.contains(HTML.escape(l.t("events.total_unknown"))))
        #expect(!html.contains("promote") && !html.contains("type=\"checkbox\" name=\"event\""))
        // The organisation filter shows the name, keeps the id and can be removed.
        #expect(html.contains("<input type=\"hidden\" name=\"organisation\" value=\"\(ConstituencyFixtures.orgID.uuidString)\">"))
        #expect(html.contains("<p class=\"chosen\">State Agency <a class=\"small-link\" href=\"/en/console/events\">"))
        #expect(html.contains("<a rel=\"next\" href=\"/en/console/events?organisation=\(ConstituencyFixtures.orgID.uuidString)&amp;page=2\">"))
        // A date the service could not read comes back beside its field.
        let refused = ConsolePages.events(EventListModel(
            filter: EventFilter(from: "23.11.2026"), events: [], total: 0, byType: [], byOrganisation: [], feeds: [], page: 1,
            hasNext: false, canPromote: true, errors: ["from": "error.date"]), Self.ctx()).raw
        #expect(refused.contains("<p class=\"field-error\" id=\"filter-from-error\">"))
        #expect(refused.contains(HTML.escape(l.t("error.date"))) && refused.contains(HTML.escape(l.t("events.empty"))))
        #expect(!refused.contains("promote-form"), "nothing to promote")
        #expect(!refused.contains("class=\"event-counts\"") && !refused.contains("class=\"pagination\""))
    }

    @Test(arguments: Language.allCases)
    func eventPageShowsEveryFieldAndItsOrigin(_ language: Language) {
        let l = Localizer(language)
        let lang = language.rawValue
        let fields = [(name: "classification.identifier", value: "open-rdp"), (name: "extra.note", value: "line 1\nline <2>"),
                      (name: "source.ip", value: "192.0.2.10")]
        let html = ConsolePages.event(EventPageModel(event: Self.rdpEvent, fields: fields, runID: FeedFixtures.runID, line: 42,
                                                     canPromote: true), Self.ctx(language)).raw
        #expect(html.contains("<h1>\(HTML.escape(l.t("event.title", ["id": "901"])))</h1>"))
        #expect(html.contains("<span class=\"tlp tlp-amber\">TLP:AMBER</span>"))
        #expect(html.contains("<tr><th scope=\"row\"><code>extra.note</code></th><td class=\"field-value\">line 1\nline &lt;2&gt;</td></tr>"))
        #expect(occurrences("<th scope=\"row\">", in: html) == 3)
        #expect(html.contains("<a href=\"/\(lang)/console/runs/\(FeedFixtures.runID.uuidString)\">\(HTML.escape(l.t("event.origin_link", ["line": "42"])))</a>"))
        let org = ConstituencyFixtures.orgID.uuidString
        #expect(html.contains("<a href=\"/\(lang)/console/organisations/\(org)\">State Agency</a>"))
        #expect(html.contains("<a class=\"small-link\" href=\"/\(lang)/console/events?organisation=\(org)\">\(HTML.escape(l.t("organisation.events")))</a>"))
        #expect(html.contains("href=\"/\(lang)/console/events?ip=192.0.2.10\""))
        #expect(html.contains(HTML.escape(l.label(Classification(path: "vulnerable/potentially-unwanted-accessible")!))))
        #expect(html.contains("<input type=\"hidden\" name=\"event\" value=\"901\">"))
        // Without an organisation: said so, no link.
        let loose = ConsolePages.event(EventPageModel(event: Self.phishEvent, fields: [], runID: FeedFixtures.runID, line: 1),
                                       Self.ctx(language)).raw
        #expect(loose.contains(HTML.escape(l.t("events.no_organisation"))) && !loose.contains("console/organisations/"))
        #expect(loose.contains("<code>javascript:alert(1)//http-evil</code>") && !loose.contains("href=\"javascript:"))
        #expect(loose.contains(HTML.escape(l.t("event.no_fields"))) && !loose.contains("promote"))
    }

    @Test func organisationPageLinksToItsEvents() {
        let l = Localizer(.en)
        let html = ConstituencyFixtures.render("organisation", FieldText(), ConstituencyViewTests.ctx()).raw
        let id = ConstituencyFixtures.orgID.uuidString
        #expect(html.contains("<p class=\"related-links\"><a href=\"/en/console/events?organisation=\(id)\">\(HTML.escape(l.t("organisation.events")))</a></p>"))
        let az = ConstituencyFixtures.render("organisation", FieldText(), ConstituencyViewTests.ctx(.az)).raw
        #expect(az.contains(HTML.escape(Localizer(.az).t("organisation.events"))))
    }

    // MARK: - Filter and paths

    @Test func eventFilterReadsAndWritesItsQuery() {
        let f = EventFilter(query: ["from": " 2026-11-01 ", "to": "", "feed": "urlhaus", "type": "fraud/phishing",
                                    "organisation": "abc", "ip": "192.0.2.0/24", "asn": "64496", "page": "3",
                                    "other": "x"])
        #expect(f == EventFilter(from: "2026-11-01", feed: "urlhaus", type: "fraud/phishing", organisation: "abc",
                                 ip: "192.0.2.0/24", asn: "64496", page: 3))
        #expect(f.queryItems.map { "\($0.0)=\($0.1)" } == ["from=2026-11-01", "feed=urlhaus", "type=fraud/phishing",
                                                           "organisation=abc", "ip=192.0.2.0/24", "asn=64496"])
        #expect(f.queryItems(page: 1).count == 6 && f.queryItems(page: 2).last! == ("page", "2"))
        #expect(f.queryItems(setting: "type", to: "scanner").last! == ("type", "scanner"))
        #expect(!f.queryItems(setting: "organisation", to: "").contains { $0.0 == "organisation" })
        #expect(EventFilter(query: ["page": "-4"]).page == 1 && EventFilter(query: ["page": "x"]).page == 1)
        #expect(EventFilter(query: ["ip": String(repeating: "1", count: 500)]).ip.count == 200)
    }

    @Test func pathsOfTheFeedPages() {
        let id = FeedFixtures.runID.uuidString
        #expect(Paths.feeds(.en) == "/en/console/feeds")
        #expect(Paths.newFeed(.az) == "/az/console/feeds/new")
        #expect(Paths.feed(.en, id: "a b") == "/en/console/feeds/a%20b")
        #expect(Paths.feedAction(.en, id: id, "fetch") == "/en/console/feeds/\(id)/fetch")
        #expect(Paths.runs(.en) == "/en/console/runs")
        #expect(Paths.runs(.en, query: [("feed", "a&b"), ("page", "2")]) == "/en/console/runs?feed=a%26b&page=2")
        #expect(Paths.run(.az, id: id) == "/az/console/runs/\(id)" && Paths.run(.en, id: id, page: 2) == "/en/console/runs/\(id)?page=2")
        #expect(Paths.runAction(.en, id: id, "replay") == "/en/console/runs/\(id)/replay")
        #expect(Paths.runFile(.en, id: id) == "/en/console/runs/\(id)/file")
        #expect(Paths.ingestUpload(.en) == "/en/console/ingest")
        #expect(Paths.events(.en, query: [("organisation", "x")]) == "/en/console/events?organisation=x")
        #expect(Paths.event(.en, id: 9_000_000_001) == "/en/console/events/9000000001")
        #expect(Paths.promoteEvents(.az) == "/az/console/events/promote")
    }
}
