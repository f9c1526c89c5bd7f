import Foundation
import QalxanCore

extension ConsolePages {
    /// The triage queue and the report archive, one tab per state.
    public static func reports(_ m: ReportListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        // "All" is asked for explicitly (`state=all`): the queue may open on "new".
        func url(_ state: String, page: Int = 1) -> String {
            Paths.reports(lang) + URLText.query([("state", state)] + (page > 1 ? [("page", String(page))] : []))
        }
        let current = m.state?.rawValue ?? "all"
        let tabs: [(String, String)] = [
            ("new", l.t("reports.tab.new")), ("linked", l.t("reports.tab.linked")),
            ("rejected", l.t("reports.tab.rejected")), ("all", l.t("reports.tab.all")),
        ]
        let tabHTML = tabs.map { (key, label) -> HTML in
            let aria: HTML = key == current ? " aria-current=\"page\"" : .empty
            return "<li><a href=\"\(url(key))\"\(aria)>\(label)</a></li>"
        }.joined()
        let content: HTML = """
        <h1>\(l.t("reports.title"))</h1>\
        <nav class="tabs" aria-label="\(l.t("reports.tabs"))"><ul>\(tabHTML)</ul></nav>\
        <p class="count-line">\(l.t("reports.total", ["count": String(m.page.total)]))</p>\
        \(reportTable(m.page.items, ctx, empty: l.t("reports.empty")))\
        \(Components.pagination(page: m.page.page, pageCount: m.page.pageCount, l) { url(current, page: $0) })
        """
        return Layout.consolePage(title: l.t("reports.title"), ctx, content)
    }

    /// One report with what the reporter wrote and, while it is new, the three ways to
    /// triage it: open a new incident, link it to one, reject it.
    public static func report(_ m: ReportDetailModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let s = m.summary
        let id = s.id.uuidString
        let none = l.t("report.not_given")
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        func given(_ v: String) -> HTML { v.isEmpty ? "<span class=\"muted\">\(none)</span>" : "\(v)" }
        var facts: [HTML] = [
            fact(l.t("reports.col.received"), Components.time(s.receivedAt, l)),
            fact(l.t("reports.col.channel"), "\(l.t(Keys.channel(s.channel)))"),
            fact(l.t("reports.col.state"), Components.reportStateBadge(s.state, l)),
            fact(l.t("reports.col.category"), "\(Components.categoryLabel(s.category, l))"),
            fact("TLP", Components.tlpBadge(s.tlp)),
            fact(l.t("report.occurred_at"), m.occurredAt.map { Components.time($0, l) } ?? given("")),
        ]
        if let number = m.incidentNumber {
            facts.append(fact(l.t("report_detail.incident"), "<a href=\"\(Paths.incident(lang, number: number))\">\(number)</a>"))
        }
        if s.state == .rejected {
            facts.append(fact(l.t("report_detail.reject_reason"), m.rejectReason.isEmpty ? given("") : "<span class=\"text\">\(m.rejectReason)</span>"))
        }
        let reporter: HTML = """
        <dl class="facts">\
        \(fact(l.t("report.name"), given(m.reporterName)))\
        \(fact(l.t("report.email"), given(m.reporterEmail)))\
        \(fact(l.t("report.phone"), given(m.reporterPhone)))\
        \(fact(l.t("report.organisation"), given(m.reporterOrganisation)))</dl>
        """
        let error: HTML = m.error.map { "<div class=\"error-summary\" role=\"alert\"><p>\(l.t($0))</p></div>" } ?? .empty
        var triage = HTML.empty
        if m.canTriage && s.state == .new {
            let open = FormFields(l, idPrefix: "open")
            let link = FormFields(l, idPrefix: "link")
            let reject = FormFields(l, idPrefix: "reject")
            triage = """
            <section class="triage"><h2>\(l.t("triage.title"))</h2><div class="triage-forms">\
            <form method="post" action="\(Paths.reportAction(lang, id: id, "open"))" class="form card">\(Components.csrf(ctx))\
            <h3>\(l.t("triage.open"))</h3><p class="hint">\(l.t("triage.open_hint"))</p>\
            \(open.input("title", label: l.t("incident.title"), value: "", mark: .required, extra: " maxlength=\"300\""))\
            \(open.select("severity", label: l.t("incident.severity"), options: Components.severityOptions(selected: .medium, l)))\
            <div class="actions"><button type="submit" class="button primary">\(l.t("triage.open_submit"))</button></div></form>\
            <form method="post" action="\(Paths.reportAction(lang, id: id, "link"))" class="form card">\(Components.csrf(ctx))\
            <h3>\(l.t("triage.link"))</h3><p class="hint">\(l.t("triage.link_hint"))</p>\
            \(link.input("number", label: l.t("triage.number"), value: "", mark: .required,
                         extra: " spellcheck=\"false\" autocomplete=\"off\" maxlength=\"64\""))\
            <div class="actions"><button type="submit" class="button">\(l.t("triage.link_submit"))</button></div></form>\
            <form method="post" action="\(Paths.reportAction(lang, id: id, "reject"))" class="form card">\(Components.csrf(ctx))\
            <h3>\(l.t("triage.reject"))</h3><p class="hint">\(l.t("triage.reject_hint"))</p>\
            \(reject.textarea("reason", label: l.t("triage.reason"), value: "", rows: 3, mark: .required))\
            <div class="actions"><button type="submit" class="button danger">\(l.t("triage.reject_submit"))</button></div></form>\
            </div></section>
            """
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.reports(lang))">\(l.t("reports.title"))</a></p>\
        <h1>\(l.t("report_detail.title", ["number": s.number]))</h1>\(error)\
        <dl class="facts">\(facts.joined())</dl>\
        <section><h2>\(l.t("report_detail.reporter"))</h2>\(reporter)</section>\
        <section><h2>\(l.t("report.description"))</h2>\(Components.text(m.description, empty: none))</section>\
        <section><h2>\(l.t("report.affected"))</h2>\(Components.text(m.affectedSystems, empty: none))</section>\
        <section><h2>\(l.t("evidence.title"))</h2>\(evidenceTable(m.evidence, ctx))</section>\
        \(triage)
        """
        return Layout.consolePage(title: l.t("report_detail.title", ["number": s.number]), ctx, content)
    }

    /// Evidence files with size, type, SHA-256 and a download link.
    static func evidenceTable(_ items: [EvidenceItem], _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let head: [HTML] = [
            "\(l.t("evidence.file"))", "\(l.t("evidence.size"))", "\(l.t("evidence.type"))",
            "SHA-256", "\(l.t("evidence.added"))",
        ]
        let rows = items.map { e -> HTML in
            """
            <tr><td><a href="\(Paths.evidence(ctx.language, id: e.id.uuidString))" download>\(e.fileName)</a></td>\
            <td class="nowrap">\(Components.size(e.size, l))</td><td>\(e.contentType)</td>\
            <td><code class="hash">\(e.sha256)</code></td><td class="nowrap">\(Components.time(e.addedAt, l))</td></tr>
            """
        }
        return Components.table(head: head, rows: rows, empty: l.t("evidence.none"))
    }
}
