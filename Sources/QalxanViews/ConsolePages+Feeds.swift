import Foundation
import QalxanCore

extension ConsolePages {
    /// The configured feeds: where each comes from, how often, what TLP its events get,
    /// how its last fetch and run went; administrators add, edit and fetch them.
    public static func feeds(_ m: FeedListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let rows = m.feeds.map { f -> HTML in
            let id = f.id.uuidString
            let name: HTML = m.canManage
                ? "<a href=\"\(Paths.feed(lang, id: id))\">\(f.name)</a>"
                : "<a href=\"\(Paths.runs(lang, query: [("feed", f.name)]))\">\(f.name)</a>"
            let report: HTML = f.report.map { r -> HTML in " <span class=\"muted\">(\(r))</span>" } ?? .empty
            let state: HTML = f.enabled
                ? "<span class=\"badge active\">\(l.t("feeds.enabled"))</span>"
                : "<span class=\"badge disabled\">\(l.t("feeds.disabled"))</span>"
            let error: HTML = f.lastError.map { e -> HTML in
                "<div class=\"feed-error\"><strong>\(l.t("feeds.last_error"))</strong> \(e)</div>"
            } ?? .empty
            let fetch: HTML = m.canManage ? """
            <form method="post" action="\(Paths.feedAction(lang, id: id, "fetch"))" class="row-form">\(Components.csrf(ctx))\
            <button type="submit" class="button small">\(l.t("feeds.fetch_now"))</button></form>
            """ : .empty
            return """
            <tr><td>\(name)<span class="other-name">\(f.provider)</span></td>\
            <td><code>\(f.format)</code>\(report)</td><td class="wrap-anywhere">\(FeedHTML.source(f, l))</td>\
            <td>\(FeedHTML.schedule(f.scheduleMinutes, l))</td><td>\(Components.tlpBadge(f.tlp))</td><td>\(state)</td>\
            <td>\(Components.time(f.lastFetchAt, l))\(error)</td><td>\(FeedHTML.lastRun(f.lastRun, ctx))</td>\
            <td><a class="small-link" href="\(Paths.runs(lang, query: [("feed", f.name)]))">\(l.t("feeds.runs_link"))</a>\(fetch)</td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("feed.name"))", "\(l.t("feed.format"))", "\(l.t("feeds.col.source"))", "\(l.t("feed.schedule"))", "TLP",
            "\(l.t("feeds.col.state"))", "\(l.t("feeds.col.last_fetch"))", "\(l.t("feeds.col.last_run"))",
            "<span class=\"visually-hidden\">\(l.t("common.actions"))</span>",
        ]
        let newButton: HTML = m.canManage
            ? "<a class=\"button primary\" href=\"\(Paths.newFeed(lang))\">\(l.t("feeds.new"))</a>" : .empty
        let content: HTML = """
        <div class="title-row"><h1>\(l.t("feeds.title"))</h1>\(newButton)</div>\
        <p class="lead">\(l.t("feeds.lead"))</p>\
        \(Components.table(head: head, rows: rows, empty: l.t("feeds.empty")))
        """
        return Layout.consolePage(title: l.t("feeds.title"), ctx, content)
    }

    /// A new feed, or an existing one's settings with its state, a fetch button and
    /// deletion.
    public static func feedForm(_ m: FeedFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let v = m.values
        let f = FormFields(l, errors: m.errors, idPrefix: "feed")
        let sel = Components.selected
        let labels: [(name: String, label: String)] = [
            ("name", l.t("feed.name")), ("provider", l.t("feed.provider")), ("format", l.t("feed.format")),
            ("report", l.t("feed.report")), ("url", l.t("feed.url")), ("directory", l.t("feed.directory")),
            ("schedule_minutes", l.t("feed.schedule_minutes")), ("tlp", "TLP"), ("enabled", l.t("feed.enabled")),
            ("mapping", l.t("feed.mapping")),
        ]
        // A stored format the list no longer offers stays selectable, so that saving
        // other fields does not change it.
        var formatNames = m.formats
        if !v.format.isEmpty, !formatNames.contains(v.format) { formatNames.append(v.format) }
        let formats: HTML = """
        <option value=""\(sel(v.format.isEmpty))>\(l.t("feed.format_choose"))</option>\
        \(formatNames.map { name -> HTML in "<option value=\"\(name)\"\(sel(v.format == name))>\(name)</option>" }.joined())
        """
        let action = m.id.map { Paths.feedAction(lang, id: $0.uuidString, "update") } ?? Paths.newFeed(lang)
        let title = m.isNew ? l.t("feed.new_title") : (v.name.isEmpty ? l.t("feed.edit_title") : v.name)
        let form: HTML = """
        \(f.summary(fields: labels))\
        <form method="post" action="\(action)" class="form">\(Components.csrf(ctx))\
        <div class="side-by-side">\
        \(f.input("name", label: l.t("feed.name"), value: v.name, mark: .required, hint: l.t("feed.name_hint"),
                  extra: " maxlength=\"200\" autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.input("provider", label: l.t("feed.provider"), value: v.provider, hint: l.t("feed.provider_hint"),
                  extra: " maxlength=\"200\" autocomplete=\"off\""))</div>\
        \(f.select("format", label: l.t("feed.format"), options: formats, mark: .required))\
        \(f.input("report", label: l.t("feed.report"), value: v.report, mark: .optional, hint: l.t("feed.report_hint"),
                  extra: " maxlength=\"200\" autocomplete=\"off\" spellcheck=\"false\""))\
        <fieldset class="feed-source"><legend>\(l.t("feed.source"))</legend><p class="hint">\(l.t("feed.source_hint"))</p>\
        \(f.input("url", label: l.t("feed.url"), value: v.url, hint: l.t("feed.url_hint"),
                  extra: " maxlength=\"2000\" autocomplete=\"off\" spellcheck=\"false\" inputmode=\"url\""))\
        \(f.input("directory", label: l.t("feed.directory"), value: v.directory, hint: l.t("feed.directory_hint"),
                  extra: " maxlength=\"1000\" autocomplete=\"off\" spellcheck=\"false\""))</fieldset>\
        \(f.input("schedule_minutes", label: l.t("feed.schedule_minutes"), value: v.scheduleMinutes, type: "number",
                  hint: l.t("feed.schedule_hint"), extra: " min=\"0\" step=\"1\" inputmode=\"numeric\""))\
        \(f.select("tlp", label: "TLP", options: Components.tlpOptions(selected: TLP(parsing: v.tlp)), hint: l.t("feed.tlp_hint")))\
        \(ConstituencyHTML.checkbox("enabled", label: l.t("feed.enabled"), on: v.enabled, hint: l.t("feed.enabled_hint"), f))\
        \(f.textarea("mapping", label: l.t("feed.mapping"), value: v.mapping, rows: 8, mark: .optional, hint: l.t("feed.mapping_hint"),
                     extra: " spellcheck=\"false\" autocomplete=\"off\" class=\"mono\""))\
        <div class="actions"><button type="submit" class="button primary">\(m.isNew ? l.t("feed.create") : l.t("form.save"))</button> \
        <a href="\(Paths.feeds(lang))">\(l.t("form.cancel"))</a></div></form>
        """
        var state = HTML.empty
        var danger = HTML.empty
        if let id = m.id?.uuidString {
            if let s = m.status {
                state = feedState(s, ctx)
            }
            danger = """
            <section class="card danger-zone"><h2>\(l.t("feed.delete"))</h2><p class="warning">\(l.t("feed.delete_warning"))</p>\
            <form method="post" action="\(Paths.feedAction(lang, id: id, "delete"))" class="form">\(Components.csrf(ctx))\
            <div class="field"><label class="choice"><input type="checkbox" id="feed-delete-confirm" name="confirm" value="1" required> \
            \(l.t("feed.delete_confirm"))</label></div>\
            <div class="actions"><button type="submit" class="button danger">\(l.t("feed.delete_submit"))</button></div></form></section>
            """
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.feeds(lang))">\(l.t("feeds.title"))</a></p>\
        <h1>\(title)</h1>\(state)\(form)\(danger)
        """
        return Layout.consolePage(title: title, ctx, content)
    }

    /// How a feed is doing: last fetch, its error, its last run, and a fetch button.
    private static func feedState(_ s: FeedItem, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        let error: HTML = s.lastError.map { e -> HTML in
            "<div class=\"banner danger\" role=\"alert\"><strong>\(l.t("feeds.last_error"))</strong> \(e)</div>"
        } ?? .empty
        return """
        <section class="feed-state">\(error)<dl class="facts">\
        \(fact(l.t("feeds.col.last_fetch"), Components.time(s.lastFetchAt, l)))\
        \(fact(l.t("feeds.col.last_run"), FeedHTML.lastRun(s.lastRun, ctx)))\
        \(fact(l.t("feed.schedule"), "\(FeedHTML.schedule(s.scheduleMinutes, l))"))</dl>\
        <div class="actions"><form method="post" action="\(Paths.feedAction(lang, id: s.id.uuidString, "fetch"))" class="row-form">\
        \(Components.csrf(ctx))<button type="submit" class="button">\(l.t("feeds.fetch_now"))</button></form> \
        <a href="\(Paths.runs(lang, query: [("feed", s.name)]))">\(l.t("feed.all_runs"))</a></div></section>
        """
    }
}

/// Pieces of markup the feed, run and event pages share.
enum FeedHTML {
    /// A run's status as a badge. `failed` and `interrupted` look different from each
    /// other and from a finished run: one broke, the other stopped half-way.
    static func runStatus(_ status: String, _ l: Localizer) -> HTML {
        let label: String
        switch status {
        case "running": label = l.t("run.status.running")
        case "finished": label = l.t("run.status.finished")
        case "failed": label = l.t("run.status.failed")
        case "interrupted": label = l.t("run.status.interrupted")
        default: return "<span class=\"badge run-status\">\(status)</span>"
        }
        return "<span class=\"badge run-status run-\(status)\">\(label)</span>"
    }

    /// `every 15 min`, `every 2 h`, or `by hand only`.
    static func schedule(_ minutes: Int, _ l: Localizer) -> String {
        if minutes <= 0 { return l.t("feeds.schedule.manual") }
        if minutes % 60 == 0 { return l.t("feeds.schedule.hours", ["n": String(minutes / 60)]) }
        return l.t("feeds.schedule.minutes", ["n": String(minutes)])
    }

    /// Where a feed comes from: its URL or directory as text (never a link), or a dash.
    static func source(_ f: FeedItem, _ l: Localizer) -> HTML {
        var parts: [HTML] = []
        if let url = f.url, !url.isEmpty { parts.append("<span class=\"feed-url\"><code>\(url)</code></span>") }
        if let dir = f.directory, !dir.isEmpty {
            parts.append("<span class=\"feed-directory\"><span class=\"muted\">\(l.t("feed.directory")):</span> <code>\(dir)</code></span>")
        }
        return parts.isEmpty ? "<span class=\"muted\">—</span>" : parts.joined()
    }

    /// A feed's last run: status, counts and a link to it.
    static func lastRun(_ run: RunItem?, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        guard let run else { return "<span class=\"muted\">\(l.t("feeds.no_run"))</span>" }
        let counts = l.t("feeds.run_counts", ["events": String(run.events), "stored": String(run.stored),
                                              "quarantined": String(run.quarantined)])
        return """
        \(runStatus(run.status, l)) <a href="\(Paths.run(ctx.language, id: run.id.uuidString))">\(Components.time(run.startedAt, l))</a>\
        <span class="run-counts">\(counts)</span>
        """
    }

    /// Previous and next links for lists that are not counted, with the current page.
    static func pager(page: Int, hasNext: Bool, _ l: Localizer, url: (Int) -> String) -> HTML {
        guard page > 1 || hasNext else { return .empty }
        var items: [HTML] = []
        if page > 1 { items.append("<li><a rel=\"prev\" href=\"\(url(page - 1))\">\(l.t("pagination.previous"))</a></li>") }
        items.append("<li><a aria-current=\"page\" href=\"\(url(page))\">\(page)</a></li>")
        if hasNext { items.append("<li><a rel=\"next\" href=\"\(url(page + 1))\">\(l.t("pagination.next"))</a></li>") }
        return "<nav class=\"pagination\" aria-label=\"\(l.t("pagination.label"))\"><ul>\(items.joined())</ul></nav>"
    }

    /// `<option>`s of `names` with `value` selected; a value not among them is offered
    /// too, so that a filter or form never loses what was asked for.
    static func options(_ names: [String], selected value: String) -> HTML {
        var all = names
        if !value.isEmpty, !all.contains(value) { all.append(value) }
        return all.map { n -> HTML in "<option value=\"\(n)\"\(Components.selected(n == value))>\(n)</option>" }.joined()
    }

    /// An RSIT classification from an event's taxonomy and type: its label when it is
    /// RSIT, else the text as the feed gave it.
    static func classification(taxonomy: String?, type: String?, _ l: Localizer) -> String {
        let t = taxonomy ?? ""
        let y = type ?? ""
        if t.isEmpty && y.isEmpty { return "—" }
        if t.utf8.count <= 100, y.utf8.count <= 100, let c = Classification(className: t, type: y) { return l.label(c) }
        return y.isEmpty ? t : (t.isEmpty ? y : "\(t)/\(y)")
    }
}
