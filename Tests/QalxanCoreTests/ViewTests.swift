import Foundation
import QalxanCore
import QalxanViews
import Testing

/// A value a user or a feed might send, what must never reach a page as it is, and the
/// escaped form that must appear instead.
struct HostilePayload: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: String
    let forbidden: [String]
    let escaped: String
    var testDescription: String { name }
    var isHuge: Bool { raw.utf8.count > 100_000 }

    static let all: [HostilePayload] = [
        HostilePayload(name: "script", raw: "<script>alert(1)</script>", forbidden: ["<script>alert(1)"],
                       escaped: "&lt;script&gt;alert(1)&lt;/script&gt;"),
        HostilePayload(name: "attribute breakout", raw: "\"><img src=x onerror=alert(1)>",
                       forbidden: ["<img src=x", "\"><img"], escaped: "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        HostilePayload(name: "quote", raw: "' OR 1=1 --", forbidden: ["' OR 1=1"], escaped: "&#39; OR 1=1 --"),
        HostilePayload(name: "1 MB word", raw: String(repeating: "W", count: 1 << 20) + "<script>alert(1)</script>",
                       forbidden: ["<script>alert(1)"], escaped: "WWWW&lt;script&gt;alert(1)&lt;/script&gt;"),
        HostilePayload(name: "control characters",
                       raw: "a\u{0}b\u{1}\u{8}\u{B}\u{C}\u{1B}[31m\u{7F}\u{85}\u{9F}c<script>alert(1)</script>",
                       forbidden: ["<script>alert(1)", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}"],
                       escaped: "ab[31mc&lt;script&gt;alert(1)&lt;/script&gt;"),
    ]
}

@Suite struct ViewTests {
    // MARK: - Escaping

    @Test(arguments: HostilePayload.all)
    func hostileInputInEveryModelFieldIsEscaped(_ payload: HostilePayload) {
        // Escaping does not depend on the language: the megabyte is sent through one.
        for language in payload.isHuge ? [.en] : Language.allCases {
            // One page at a time: with the 1 MB payload a page weighs tens of megabytes.
            for (name, make) in ViewFixtures.pageMakers(payload.raw, language) {
                Self.expectEscaped(payload, make(), "\(name) (\(language))")
            }
        }
    }

    @Test(arguments: HostilePayload.all)
    func hostileInputInTheContextIsEscaped(_ payload: HostilePayload) {
        // Team name, flash, CSRF token, the user's name and e-mail, path and query.
        for language in payload.isHuge ? [.az] : Language.allCases {
            for (name, make) in ViewFixtures.pageMakers("plain", language, ctxText: payload.raw) {
                Self.expectEscaped(payload, make(), "\(name) (\(language))")
            }
            let ctx = ViewFixtures.context(language, path: "/\(language.rawValue)/" + payload.raw, query: payload.raw,
                                           text: payload.raw, signedIn: true)
            let error = PublicPages.error(
                ErrorModel(status: 404, titleKey: "errorpage.404.title", messageKey: "errorpage.404.message"), ctx)
            Self.expectEscaped(payload, error, "error with hostile path (\(language))")
        }
    }

    @Test func htmlEscapesEveryMetacharacter() {
        #expect(HTML.escape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.escape("Azərbaycan İnsident ✓") == "Azərbaycan İnsident ✓")
        #expect(HTML.escape("tab\tline\ncr\r") == "tab\tline\ncr\r")
        #expect(HTML.escape("nul\u{0}esc\u{1B}del\u{7F}c1\u{80}\u{9F}nbsp\u{A0}") == "nulescdelc1nbsp\u{A0}")
        let name = "<b>"
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(html.raw == "<p title=\"&lt;b&gt;\">&lt;b&gt;</p>")
    }

    /// Escaping and URL encoding agree with plain scalar-by-scalar references on random
    /// text, short (found by the scanner) and long (past the switch to the byte loop).
    @Test func escapingMatchesAReferenceOnRandomText() {
        func referenceEscape(_ text: String) -> String {
            var out = ""
            for s in text.unicodeScalars {
                switch s {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                case "\t", "\n", "\r": out.unicodeScalars.append(s)
                default: if !(s.value < 0x20 || (0x7F...0x9F).contains(s.value)) { out.unicodeScalars.append(s) }
                }
            }
            return out
        }
        func referenceEncode(_ text: String) -> String {
            text.utf8.map { b -> String in
                let c = Character(Unicode.Scalar(b))
                return b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c))
                    ? String(c) : "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }.joined()
        }
        let alphabet = ["a", "Z", "0", " ", "<", ">", "&", "\"", "'", "\u{0}", "\u{1}", "\t", "\n", "\r\n", "\u{1B}", "\u{7F}",
                        "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "·", "ə", "İ", "\u{301}", "😀", "👍🏽", "🇦🇿", "%", "/", "?", "#", "~",
                        "\u{600}", "\u{110BD}", "\u{200D}", "\u{FE0F}"]
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for round in 0..<3000 {
            let length = next(round.isMultiple(of: 50) ? 300 : 30)
            let text = (0..<length).map { _ in alphabet[next(alphabet.count)] }.joined()
            #expect(HTML.escape(text) == referenceEscape(text), "\(text.debugDescription)")
            #expect(URLText.encode(text) == referenceEncode(text), "\(text.debugDescription)")
        }
    }

    // MARK: - Every page

    @Test(arguments: Language.allCases)
    func everyPageIsACompleteAccessibleDocument(_ language: Language) throws {
        for (name, html) in ViewFixtures.allPages("Sample text", language) {
            let page = html.raw
            #expect(page.hasPrefix("<!doctype html>\n<html lang=\"\(language.rawValue)\">"), "\(name)")
            #expect(page.hasSuffix("</html>\n"), "\(name)")
            #expect(page.contains("<link rel=\"stylesheet\" href=\"\(Paths.stylesheet)\">"), "\(name)")
            #expect(occurrences("<h1", in: page) == 1, "\(name) must have exactly one h1")
            #expect(page.contains("class=\"lang-switch\""), "\(name) has no language switcher")
            // No scripts, no inline styles, nothing from elsewhere (CSP default-src 'self').
            #expect(!page.lowercased().contains("<script"), "\(name)")
            #expect(!page.contains(" style="), "\(name)")
            #expect(!page.contains(" src="), "\(name)")
            #expect(!page.contains("http://") && !page.contains("https://"), "\(name)")
            #expect(page.firstMatch(of: /\son[a-z]+=/) == nil, "\(name) has an event handler attribute")

            // Every POST form carries the CSRF token.
            let forms = page.components(separatedBy: "<form").dropFirst()
            for form in forms {
                let body = form.components(separatedBy: "</form>")[0]
                if body.hasPrefix(" method=\"post\"") {
                    #expect(body.contains("<input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"), "\(name): POST form without _csrf")
                } else {
                    #expect(body.hasPrefix(" method=\"get\""), "\(name): form without method")
                }
            }
            // Tables scroll inside their wrapper, never the page.
            #expect(occurrences("<table", in: page) == occurrences("<div class=\"table-wrap\"><table", in: page), "\(name)")

            // Element ids are unique, and labels and descriptions point at ids that exist.
            let ids = page.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
            let idSet = Set(ids)
            #expect(ids.count == idSet.count, "\(name): duplicate ids \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
            for match in page.matches(of: /<label for="([^"]+)"/) {
                #expect(idSet.contains(String(match.1)), "\(name): label for missing id \(match.1)")
            }
            for match in page.matches(of: /aria-(?:describedby|labelledby)="([^"]+)"/) {
                for id in match.1.split(separator: " ") {
                    #expect(idSet.contains(String(id)), "\(name): aria reference to missing id \(id)")
                }
            }
            // Every string came from the catalog: no key is shown as itself.
            for match in page.matches(of: />([a-z_]+\.[a-z0-9_.-]+)</) where match.1 != "security.txt" {
                Issue.record("\(name) (\(language)): untranslated key \(match.1)")
            }
        }
    }

    // MARK: - Language switcher

    @Test func languageSwitcherKeepsThePage() {
        let en = ViewFixtures.context(.en, path: "/en/report", signedIn: false)
        let page = PublicPages.statusForm(StatusFormModel(), en).raw
        #expect(page.contains("<a href=\"/az/report\" hreflang=\"az\" lang=\"az\">Azərbaycanca</a>"))
        #expect(!page.contains("hreflang=\"en\" lang=\"en\">English</a>"), "the current language is not offered")

        let az = ViewFixtures.context(.az, path: "/az/console/incidents", query: "status=open&q=a b", signedIn: true)
        let list = ConsolePages.incidents(IncidentListModel(
            filter: IncidentFilter(), page: ResultPage(items: [], page: 1, perPage: 50, total: 0), assignees: [],
            canCreate: false), az).raw
        #expect(list.contains("<a href=\"/en/console/incidents?status=open&amp;q=a b\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(list.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/en/console/incidents?status=open&amp;q=a b\">"))

        let home = PublicPages.home(ProfileModel(profile: TeamProfile()), ViewFixtures.context(.az, path: "/az/", signedIn: false)).raw
        #expect(home.contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"))
    }

    // MARK: - Report form

    @Test(arguments: Language.allCases)
    func reportFormKeepsValuesAndShowsErrorsBesideFields(_ language: Language) throws {
        let l = Localizer(language)
        let values = ReportSubmission(
            reporterName: "Aysel Məmmədova", reporterEmail: "not-an-email", reporterPhone: "+994 12 345 67 89",
            reporterOrganisation: "AzScienceNet", category: "fraud/phishing", occurredAt: "2026-11-23T14:05",
            description: "", affectedSystems: "192.0.2.10\nexample.az", tlp: "TLP:GREEN", language: language)
        let errors = values.validate()
        #expect(errors == ["email": "error.email", "description": "error.required"])
        let model = ReportFormModel(values: values, errors: errors, notices: ["Files must be chosen again."],
                                    maxUploadBytes: 25 * 1_048_576, maxFiles: 10)
        let ctx = ViewFixtures.context(language, path: "/\(language.rawValue)/report", text: "tok", signedIn: false)
        let page = PublicPages.reportForm(model, ctx).raw

        // The form.
        #expect(page.contains("<form method=\"post\" enctype=\"multipart/form-data\" action=\"\(Paths.report(language))\""))
        #expect(page.contains("<input type=\"hidden\" name=\"_csrf\" value=\"tok\">"))
        // Values come back.
        #expect(page.contains("name=\"name\" value=\"Aysel Məmmədova\""))
        #expect(page.contains("name=\"email\" value=\"not-an-email\""))
        #expect(page.contains("name=\"phone\" value=\"+994 12 345 67 89\""))
        #expect(page.contains("name=\"organisation\" value=\"AzScienceNet\""))
        #expect(page.contains("type=\"datetime-local\" id=\"f-occurred-at\" name=\"occurred_at\" value=\"2026-11-23T14:05\""))
        #expect(page.contains(">\n192.0.2.10\nexample.az</textarea>"))
        #expect(page.contains("<option value=\"fraud/phishing\" selected>\(HTML.escape(l.typeLabel("fraud", "phishing")))</option>"))
        #expect(occurrences(" selected>", in: page) == 2, "one category and one TLP selected")
        #expect(page.contains("<option value=\"TLP:GREEN\" selected>TLP:GREEN</option>"))
        // The category list: "I don't know" first, then one group per RSIT class.
        let select = try #require(page.components(separatedBy: "name=\"category\"").dropFirst().first)
            .components(separatedBy: "</select>")[0]
        #expect(select.contains(">" + "<option value=\"unknown\">\(HTML.escape(l.t("category.unknown")))</option><optgroup"))
        #expect(occurrences("<optgroup", in: select) == Taxonomy.classes.count)
        #expect(occurrences("<option", in: select) == 1 + Taxonomy.classes.reduce(0) { $0 + $1.types.count })
        #expect(select.contains("<optgroup label=\"\(HTML.escape(l.classLabel("fraud")))\">"))

        // Errors: beside their field, with aria wiring, and listed at the top.
        for (field, id) in [("email", "f-email"), ("description", "f-description")] {
            let message = HTML.escape(l.t(errors[field]!))
            let errorTag = "<p class=\"field-error\" id=\"\(id)-error\">"
            let errorAt = try #require(page.range(of: errorTag), "no error beside \(field)")
            let control = try #require(page.range(of: "id=\"\(id)\" name=\"\(field)\""))
            let between = page[errorAt.lowerBound..<control.lowerBound]
            #expect(between.count < 800 && !between.contains("<div class=\"field"), "the error of \(field) is not next to it")
            #expect(page[errorAt.upperBound...].hasPrefix("<span class=\"visually-hidden\">\(HTML.escape(l.t("form.error_prefix"))) </span>\(message)</p>"))
            let tagEnd = try #require(page[control.upperBound...].firstIndex(of: ">"))
            let attributes = page[control.upperBound..<tagEnd]
            #expect(attributes.contains("aria-invalid=\"true\""), "\(field)")
            #expect(attributes.contains("aria-describedby=\"\(id)-hint \(id)-error\""), "\(field)")
            #expect(page.contains("<li><a href=\"#\(id)\">"), "\(field) is not in the summary")
        }
        #expect(page.contains("<div class=\"error-summary\" role=\"alert\""))
        #expect(page.contains("<li>Files must be chosen again.</li>"))
        #expect(occurrences("aria-invalid=\"true\"", in: page) == 2)
        // The rest of the form.
        #expect(page.contains("<div class=\"hp\" aria-hidden=\"true\"><label>"))
        #expect(page.contains("<input name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></label></div>"))
        #expect(page.contains("type=\"file\" id=\"f-evidence\" name=\"evidence\" multiple"))
        #expect(page.contains(HTML.escape(l.t("report.evidence_hint", ["count": "10", "size": "25"]))))
        #expect(page.contains(HTML.escape(l.t("report.anonymous"))))
        #expect(occurrences("<span class=\"mark req\">", in: page) == 1, "only the description is required")
        #expect(occurrences("<span class=\"mark opt\">", in: page) == 9)
        for tlp in TLP.allCases {
            #expect(page.contains(HTML.escape(l.t("tlp.\(tlp.slug).help"))))
        }
    }

    @Test func reportFormDefaultsToAmberAndUnknown() {
        let page = PublicPages.reportForm(ReportFormModel(values: ReportSubmission(), maxUploadBytes: 10_485_760, maxFiles: 5),
                                          ViewFixtures.context(.en, signedIn: false)).raw
        #expect(page.contains("<option value=\"TLP:AMBER\" selected>"))
        #expect(page.contains("<option value=\"unknown\" selected>I don&#39;t know</option>"))
        #expect(!page.contains("error-summary"))
        #expect(!page.contains("aria-invalid"))
        #expect(page.contains("Up to 5 files, at most 10 MB together."))
    }

    // MARK: - Public pages

    @Test func aboutShowsEverySectionNumberedInOrder() {
        var profile = TeamProfile()
        profile.text["2.7"] = [.en: "cert@example.az\nsecond line"]
        profile.text["3.1"] = [.az: "Missiyamız"]
        let page = PublicPages.about(ProfileModel(profile: profile), ViewFixtures.context(.en, signedIn: false)).raw
        var last = page.startIndex
        for section in TeamProfile.sections {
            let heading = "<span class=\"secno\">\(section.key)</span> \(HTML.escape(Localizer(.en).t(section.labelKey)))"
            let found = page.range(of: heading, range: last..<page.endIndex)
            #expect(found != nil, "section \(section.key) missing or out of order")
            last = found?.upperBound ?? last
        }
        #expect(page.contains("<span class=\"secno\">2.7</span> Electronic mail address</h3>"))
        #expect(page.contains("<div class=\"text\">cert@example.az\nsecond line</div>"))
        // A missing translation shows the other language rather than nothing.
        #expect(page.contains("<div class=\"text\">Missiyamız</div>"))
        let notProvided = TeamProfile.sections.filter { !$0.isHeading }.count - 2
        #expect(occurrences("Not provided.", in: page) == notProvided)
    }

    @Test func homeLinksToReportAndStatusAndContacts() {
        var profile = TeamProfile()
        profile.text["2.1"] = [.en: "AzCERT", .az: "AzCERT"]
        profile.text["2.7"] = [.en: "cert@example.az"]
        profile.text["2.4"] = [.en: "+994 12 345 67 89"]
        profile.text["3.2"] = [.en: "Universities"]
        let page = PublicPages.home(ProfileModel(profile: profile), ViewFixtures.context(.en, signedIn: false)).raw
        #expect(page.contains("<h1>AzCERT</h1>"))
        #expect(page.contains("<a class=\"button primary big\" href=\"/en/report\">Report an incident</a>"))
        #expect(page.contains("href=\"/en/status\""))
        #expect(page.contains("<a href=\"mailto:cert@example.az\">cert@example.az</a>"))
        #expect(page.contains("<a href=\"tel:+994123456789\">+994 12 345 67 89</a>"))
        #expect(page.contains("Universities"))
        // A value that is not one address is shown, never linked.
        profile.text["2.7"] = [.en: "javascript:alert(1)//@x.y"]
        let odd = PublicPages.home(ProfileModel(profile: profile), ViewFixtures.context(.en, signedIn: false)).raw
        #expect(!odd.contains("href=\"mailto:javascript"))
    }

    @Test func contactShowsOnlyContactSections() {
        let page = PublicPages.contact(ProfileModel(profile: TeamProfile()), ViewFixtures.context(.az, signedIn: false)).raw
        for key in TeamProfile.contactKeys {
            #expect(page.contains("<span class=\"secno\">\(key)</span>"))
        }
        #expect(!page.contains("<span class=\"secno\">3.1</span>"))
    }

    @Test func statusFormSaysTheSameForAnyMismatch() {
        for language in Language.allCases {
            let l = Localizer(language)
            let ctx = ViewFixtures.context(language, signedIn: false)
            let missing = PublicPages.statusForm(StatusFormModel(number: "QX-2026-00001", notFound: true), ctx).raw
            #expect(missing.contains(HTML.escape(l.t("status_form.not_found"))))
            #expect(missing.contains("<form method=\"post\" action=\"\(Paths.statusForm(language))\""))
            #expect(missing.contains("name=\"number\" value=\"QX-2026-00001\""))
            #expect(missing.contains("type=\"password\" id=\"f-key\" name=\"key\" value=\"\""), "the key is never echoed")
            let fresh = PublicPages.statusForm(StatusFormModel(), ctx).raw
            #expect(!fresh.contains(HTML.escape(l.t("status_form.not_found"))))
        }
        #expect(Localizer(.en).t("status_form.not_found").hasPrefix("No report matches this number and key"))
    }

    @Test func receiptShowsNumberSecretLinkAndFiles() {
        let link = Paths.statusLink(.en, number: "QX-2026-00042", secret: "s3cr3t")
        let page = PublicPages.reportReceived(ReportReceiptModel(
            number: "QX-2026-00042", statusLink: link, acceptedFiles: ["log.txt"],
            refusedFiles: [(name: "big.iso", reason: "The files are too large.")]), ViewFixtures.context(.en, signedIn: false)).raw
        #expect(page.contains("<strong class=\"number big\">QX-2026-00042</strong>"))
        #expect(page.contains("<a href=\"/en/status/QX-2026-00042?key=s3cr3t\">"))
        #expect(page.contains("<code class=\"copy\" aria-labelledby=\"status-link-label\">/en/status/QX-2026-00042?key=s3cr3t</code>"))
        #expect(page.contains("it is shown only once"))
        #expect(page.contains("log.txt") && page.contains("big.iso") && page.contains("The files are too large."))
        // A link that is not a local path is never made clickable.
        let odd = PublicPages.reportReceived(ReportReceiptModel(number: "1", statusLink: "javascript:alert(1)",
                                                                acceptedFiles: [], refusedFiles: []),
                                             ViewFixtures.context(.en, signedIn: false)).raw
        #expect(!odd.contains("href=\"javascript:"))
    }

    @Test func statusPageExplainsTheState() {
        let page = PublicPages.status(ReportStatusModel(number: "QX-2026-00042", receivedAt: ViewFixtures.date,
                                                        state: .inProgress, updatedAt: ViewFixtures.date),
                                      ViewFixtures.context(.az, signedIn: false)).raw
        let l = Localizer(.az)
        #expect(page.contains("<li class=\"current\" aria-current=\"step\">\(HTML.escape(l.t("public_status.in_progress")))</li>"))
        #expect(page.contains(HTML.escape(l.t("public_status.in_progress.help"))))
        #expect(page.contains(l.dateTime(ViewFixtures.date)))
    }

    @Test func errorPageUsesTheLayoutOfWhoIsAsking() {
        let model = ErrorModel(status: 404, titleKey: "errorpage.404.title", messageKey: "errorpage.404.message")
        let pub = PublicPages.error(model, ViewFixtures.context(.en, signedIn: false)).raw
        let con = PublicPages.error(model, ViewFixtures.context(.en, signedIn: true)).raw
        #expect(pub.contains("<h1>Page not found</h1>") && con.contains("<h1>Page not found</h1>"))
        #expect(pub.contains("class=\"public ") && !pub.contains("console/logout"))
        #expect(con.contains("<body class=\"console\">") && con.contains("action=\"/en/console/logout\""))
    }

    // MARK: - Console

    @Test func consoleNavigationFollowsTheRole() {
        for role in Role.allCases {
            let ctx = ViewFixtures.context(.en, path: "/en/console/incidents", signedIn: true, role: role)
            let page = ConsolePages.dashboard(DashboardModel(newReports: [], newReportCount: 0, myIncidents: [], counts: [:]), ctx).raw
            #expect(page.contains("href=\"/en/console/users\"") == role.allows(.manageUsers), "\(role)")
            #expect(page.contains("href=\"/en/console/settings/profile\"") == role.allows(.editTeamProfile), "\(role)")
            #expect(page.contains("href=\"/en/console/audit\"") == role.allows(.readAudit), "\(role)")
            #expect(page.contains("<li><a href=\"/en/console/incidents\" aria-current=\"page\">") == role.allows(.viewIncidents), "\(role)")
            #expect(page.contains("href=\"/en/console/advisories\""))
            #expect(page.contains("<form method=\"post\" action=\"/en/console/logout\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"))
            #expect(page.contains(HTML.escape(Localizer(.en).t(role.labelKey))))
        }
        let login = ConsolePages.login(LoginModel(), ViewFixtures.context(.en, path: "/en/console/login", signedIn: false)).raw
        #expect(!login.contains("console/logout") && !login.contains("console/incidents"))
    }

    @Test func incidentPageShowsEverythingAndItsForms() throws {
        let l = Localizer(.en)
        let ctx = ViewFixtures.context(.en, signedIn: true, role: .coordinator)
        let detail = ViewFixtures.incidentDetail("Body", status: .open, tlp: .amberStrict)
        let users = [UserRef(id: ViewFixtures.userID, email: "me@x.az", name: "Me"),
                     UserRef(id: UUID(), email: "colleague@x.az", name: "Colleague")]
        let page = ConsolePages.incident(IncidentPageModel(
            detail: detail, assignees: users, canEdit: true, canAssignOthers: true,
            allowedStatuses: [.inProgress, .merged]), ctx).raw
        #expect(page.contains("<span class=\"tlp tlp-amber-strict\">TLP:AMBER+STRICT</span>"))
        #expect(page.contains("<span class=\"badge status status-open\">Open</span>"))
        #expect(page.contains("action=\"/en/console/incidents/Body/update\""))
        #expect(page.contains("action=\"/en/console/incidents/Body/status\""))
        #expect(page.contains("action=\"/en/console/incidents/Body/comments\""))
        // Only the allowed statuses, and the merge target field.
        let statusSelect = try #require(page.components(separatedBy: "name=\"status\"").dropFirst().first)
            .components(separatedBy: "</select>")[0]
        #expect(occurrences("<option", in: statusSelect) == 2)
        #expect(statusSelect.contains("value=\"in_progress\"") && statusSelect.contains("value=\"merged\""))
        #expect(page.contains("name=\"merged_into\""))
        #expect(page.contains("<input type=\"radio\" name=\"kind\" value=\"comment\" checked>"))
        #expect(page.contains("<input type=\"radio\" name=\"kind\" value=\"note\">"))
        #expect(page.contains("Colleague"))
        // Evidence with its size and hash, reports linked.
        #expect(page.contains("href=\"/en/console/evidence/\(detail.evidence[0].id.uuidString)\""))
        #expect(page.contains("1.2 MB") && page.contains("<code class=\"hash\">Body</code>"))
        #expect(page.contains("href=\"/en/console/reports/\(detail.reports[0].id.uuidString)\""))
        // Timeline newest first, each kind with its label.
        var last = page.startIndex
        for item in detail.timeline.sorted(by: { $0.at > $1.at }) {
            let label = "<strong class=\"tl-kind\">\(HTML.escape(l.t("timeline.\(item.kind.rawValue)")))</strong>"
            let found = page.range(of: label, range: last..<page.endIndex)
            #expect(found != nil, "\(item.kind) missing or out of order")
            last = found?.upperBound ?? last
        }
        #expect(page.contains("<span class=\"tl-actor\">System</span>"))

        // TLP colours per label.
        for tlp in TLP.allCases {
            let d = ViewFixtures.incidentDetail("x", tlp: tlp)
            let p = ConsolePages.incident(IncidentPageModel(detail: d, assignees: [], canEdit: false, canAssignOthers: false,
                                                            allowedStatuses: []), ctx).raw
            #expect(p.contains("<span class=\"tlp tlp-\(tlp.slug)\">\(HTML.escape(tlp.rawValue))</span>"))
        }
    }

    @Test func incidentFormsFollowPermissions() throws {
        let ctx = ViewFixtures.context(.en, signedIn: true, role: .handler)
        let me = UserRef(id: ViewFixtures.userID, email: "me@x.az", name: "Me")
        let current = UserRef(id: ViewFixtures.otherID, email: "boss@x.az", name: "Boss")
        let stranger = UserRef(id: UUID(), email: "other@x.az", name: "Stranger")
        let base = ViewFixtures.incidentDetail("x")
        let detail = IncidentDetail(
            summary: IncidentSummary(id: base.summary.id, number: "QX-2026-00007", title: "t", status: .open, classification: nil,
                                     severity: .low, tlp: .green, pap: .green, assignee: current, createdAt: ViewFixtures.date,
                                     updatedAt: ViewFixtures.date),
            description: "", affectedSystems: "", clock: IncidentClock(), mergedInto: nil, reports: [], evidence: [], timeline: [])
        let handler = ConsolePages.incident(IncidentPageModel(
            detail: detail, assignees: [me, current, stranger], canEdit: true, canAssignOthers: false,
            allowedStatuses: [.inProgress]), ctx).raw
        let assignee = try #require(handler.components(separatedBy: "name=\"assignee\"").dropFirst().first)
            .components(separatedBy: "</select>")[0]
        // The signed-in handler (named "CERT" by the fixture) and whoever has it now.
        #expect(assignee.contains("<option value=\"\(ViewFixtures.userID.uuidString)\">CERT</option>"))
        #expect(assignee.contains(">Boss</option>"))
        #expect(!assignee.contains("value=\"\""), "a handler cannot unassign someone else")
        #expect(!assignee.contains("Stranger"), "a handler cannot assign to others")
        #expect(assignee.contains("value=\"\(current.id.uuidString)\" selected"))
        #expect(!handler.contains("name=\"merged_into\""), "merge target only when merging is allowed")

        let viewer = ConsolePages.incident(IncidentPageModel(
            detail: detail, assignees: [me], canEdit: false, canAssignOthers: false, allowedStatuses: [.inProgress]),
            ViewFixtures.context(.en, signedIn: true, role: .viewer)).raw
        #expect(!viewer.contains("/update\"") && !viewer.contains("/status\"") && !viewer.contains("/comments\""))
        #expect(occurrences("<form method=\"post\"", in: viewer) == 1, "only the logout form")
    }

    @Test func incidentListSortsFiltersAndPages() throws {
        var filter = IncidentFilter(query: [("status", "open"), ("severity", "high"), ("assignee", "none"), ("q", "phish"),
                                            ("sort", "severity")])
        filter.page = 2
        let page = ConsolePages.incidents(IncidentListModel(
            filter: filter, page: ResultPage(items: [ViewFixtures.incidentSummary("QX-1")], page: 2, perPage: 50, total: 120),
            assignees: [UserRef(id: ViewFixtures.userID, email: "me@x.az", name: "Me")], canCreate: true),
            ViewFixtures.context(.en, path: "/en/console/incidents", signedIn: true)).raw
        #expect(page.contains("<form method=\"get\" action=\"/en/console/incidents\""))
        #expect(page.contains("<option value=\"open\" selected>Open</option>"))
        #expect(page.contains("<option value=\"high\" selected>High</option>"))
        #expect(page.contains("<option value=\"none\" selected>"))
        #expect(page.contains("name=\"q\" value=\"phish\""))
        #expect(page.contains("<input type=\"hidden\" name=\"sort\" value=\"severity\">"))
        #expect(page.contains("Incidents found: 120"))
        #expect(page.contains("href=\"/en/console/incidents/new\""))
        // The current sort column reverses; another column sorts descending; filters are kept.
        #expect(page.contains("<th scope=\"col\" aria-sort=\"descending\"><a href=\"/en/console/incidents?status=open&amp;severity=high&amp;assignee=none&amp;q=phish&amp;sort=severity&amp;order=asc\">"))
        #expect(page.contains("<a href=\"/en/console/incidents?status=open&amp;severity=high&amp;assignee=none&amp;q=phish&amp;sort=updated\">"))
        // Pages keep the filter and the sort.
        #expect(page.contains("<a rel=\"prev\" href=\"/en/console/incidents?status=open&amp;severity=high&amp;assignee=none&amp;q=phish&amp;sort=severity\">"))
        #expect(page.contains("<a rel=\"next\" href=\"/en/console/incidents?status=open&amp;severity=high&amp;assignee=none&amp;q=phish&amp;sort=severity&amp;page=3\">"))
        #expect(page.contains("aria-current=\"page\" href=\"/en/console/incidents?status=open&amp;severity=high&amp;assignee=none&amp;q=phish&amp;sort=severity&amp;page=2\">2</a>"))
    }

    @Test func reportQueueHasTabsPagesAndTriage() {
        let ctx = ViewFixtures.context(.en, signedIn: true)
        let list = ConsolePages.reports(ReportListModel(
            state: .rejected, page: ResultPage(items: [ViewFixtures.reportSummary("QX-9", state: .rejected)], page: 1,
                                               perPage: 20, total: 45)), ctx).raw
        #expect(list.contains("<li><a href=\"/en/console/reports?state=rejected\" aria-current=\"page\">"))
        #expect(list.contains("<li><a href=\"/en/console/reports?state=all\">All</a></li>"))
        #expect(list.contains("<a rel=\"next\" href=\"/en/console/reports?state=rejected&amp;page=2\">"))
        #expect(list.contains("href=\"/en/console/reports?state=rejected&amp;page=3\""))

        func detail(_ state: ReportSummary.State, canTriage: Bool) -> String {
            ConsolePages.report(ReportDetailModel(
                summary: ViewFixtures.reportSummary("QX-9", state: state), reporterName: "", reporterEmail: "",
                reporterPhone: "", reporterOrganisation: "", occurredAt: nil, description: "d", affectedSystems: "",
                rejectReason: "", incidentNumber: nil, evidence: [], canTriage: canTriage, error: "error.incident_not_found"), ctx).raw
        }
        let new = detail(.new, canTriage: true)
        for action in ["open", "link", "reject"] {
            #expect(new.contains("/\(action)\" class=\"form card\"><input type=\"hidden\" name=\"_csrf\" value=\"CERT\">"), "\(action)")
        }
        #expect(new.contains("name=\"title\"") && new.contains("name=\"severity\"") && new.contains("name=\"number\"")
                && new.contains("name=\"reason\""))
        #expect(new.contains("There is no incident with this number."))
        #expect(!detail(.linked, canTriage: true).contains("class=\"triage\""))
        #expect(!detail(.new, canTriage: false).contains("class=\"triage\""))
    }

    @Test func profileSettingsHasBothLanguagesPerSection() {
        var profile = TeamProfile()
        profile.text["2.7"] = [.az: "az@cert.az", .en: "en@cert.az"]
        let page = ConsolePages.profileSettings(ProfileSettingsModel(profile: profile),
                                                ViewFixtures.context(.en, signedIn: true)).raw
        for section in TeamProfile.sections {
            for language in Language.allCases {
                let field = "name=\"\(ProfileSettingsModel.fieldName(section.key, language))\""
                #expect(page.contains(field) == !section.isHeading, "\(section.key) \(language)")
            }
        }
        #expect(page.contains("name=\"s_2_7_az\" rows=\"4\" lang=\"az\" maxlength=\"20000\">\naz@cert.az</textarea>"))
        #expect(page.contains("name=\"s_2_7_en\" rows=\"4\" lang=\"en\" maxlength=\"20000\">\nen@cert.az</textarea>"))
        #expect(page.contains("<h2 class=\"settings-heading depth-1\"><span class=\"secno\">5</span> Services</h2>"))
    }

    @Test func auditShowsTheChainState() {
        let ctx = ViewFixtures.context(.en, signedIn: true)
        let row = AuditRow(seq: 5, at: ViewFixtures.date, actor: "a", address: "192.0.2.1", action: "login", entity: "user",
                           entityID: "1", detail: "")
        let intact = ConsolePages.audit(AuditModel(page: ResultPage(items: [row], page: 1, perPage: 50, total: 1),
                                                   chainIntact: true, brokenAt: nil), ctx).raw
        #expect(intact.contains("<div class=\"banner ok\" role=\"status\"><strong>The log is intact.</strong>"))
        let broken = ConsolePages.audit(AuditModel(page: ResultPage(items: [row], page: 2, perPage: 1, total: 3),
                                                   chainIntact: false, brokenAt: 5), ctx).raw
        #expect(broken.contains("The log has been altered at entry #5."))
        #expect(broken.contains("<tr class=\"broken\">"))
        #expect(broken.contains("href=\"/en/console/audit?page=3\"") && broken.contains("href=\"/en/console/audit\""))
    }

    @Test func tokensShowTheNewSecretOnceAndOnlyGrantableScopes() {
        let page = ConsolePages.tokens(TokensModel(tokens: [], newToken: "qx_secret", grantable: [.incidentsRead]),
                                       ViewFixtures.context(.en, signedIn: true, role: .viewer)).raw
        #expect(page.contains("<code class=\"copy\">qx_secret</code>"))
        #expect(page.contains("value=\"incidents:read\"") && !page.contains("value=\"incidents:write\""))
        #expect(page.contains("Read incidents"))
    }

    // MARK: - Stylesheet

    @Test func stylesheetHasTheRulesPagesRelyOn() {
        let css = Stylesheet.css
        #expect(css.contains(".hp{position:absolute;left:-10000px"))
        #expect(!css.contains(".hp{display:none"))
        #expect(css.contains(".table-wrap{overflow-x:auto"))
        #expect(css.contains("overflow-wrap:anywhere"))
        #expect(css.contains(".text{white-space:pre-line"))
        #expect(css.contains(":focus-visible"))
        #expect(css.contains("@media print"))
        #expect(!css.contains("http:") && !css.contains("https:") && !css.contains("@import") && !css.contains("url("))
        #expect(occurrences("{", in: css) == occurrences("}", in: css))
        for tlp in TLP.allCases { #expect(css.contains(".tlp-\(tlp.slug)")) }
        for status in IncidentStatus.allCases { #expect(css.contains(".status-\(status.rawValue){")) }
    }

    // MARK: - Helpers

    /// Checks a page against a payload. The results are computed first so that a failure
    /// does not print pages of many megabytes.
    static func expectEscaped(_ payload: HostilePayload, _ html: HTML, _ page: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for bad in payload.forbidden {
            let leaked = occurs(bad, in: html)
            #expect(!leaked, "\(page) contains \(bad.debugDescription)", sourceLocation: sourceLocation)
        }
        let escaped = occurs(payload.escaped, in: html)
        #expect(escaped, "\(page) does not show the escaped text", sourceLocation: sourceLocation)
        let controls = controlCharacters(in: html.raw)
        #expect(controls == 0, "\(page) holds control characters", sourceLocation: sourceLocation)
    }

    /// Control characters that have no place in a page (all C0 but tab, LF, CR; DEL; C1).
    static func controlCharacters(in page: String) -> Int {
        var sequences: [String] = (0x00..<0x20).filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            .map { String(UnicodeScalar(UInt8($0))) }
        sequences.append("\u{7F}")
        sequences += (0x80...0x9F).map { String(UnicodeScalar(UInt8($0))) }
        return sequences.reduce(0) { $0 + occurrences($1, in: page) }
    }
}
