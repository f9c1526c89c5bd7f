import Foundation
import QalxanCore

extension ConsolePages {
    /// The ingest runs, newest first, with the form that ingests a file by hand.
    public static func runs(_ m: RunListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        var filterNote = HTML.empty
        if let feed = m.feedFilter, !feed.isEmpty {
            filterNote = """
            <p class="filter-note">\(l.t("runs.of_feed")) <strong>\(feed)</strong> · <a href="\(Paths.runs(lang))">\(l.t("runs.all"))</a></p>
            """
        }
        let rows = m.runs.map { r -> HTML in
            let report: HTML = r.report.map { rep -> HTML in " <span class=\"muted\">(\(rep))</span>" } ?? .empty
            let replay: HTML = r.replayOf.map { of -> HTML in
                "<span class=\"replay-of\"><a href=\"\(Paths.run(lang, id: of.uuidString))\">\(l.t("run.replay_of_short"))</a></span>"
            } ?? .empty
            return """
            <tr class="run-row run-row-\(FeedHTML.statusClass(r.status))">\
            <td class="nowrap"><a href="\(Paths.run(lang, id: r.id.uuidString))">\(Components.time(r.startedAt, l))</a></td>\
            <td><a href="\(Paths.runs(lang, query: [("feed", r.feedName)]))">\(r.feedName)</a></td>\
            <td class="filename">\(r.fileName)\(replay)</td><td><code>\(r.format)</code>\(report)</td>\
            <td>\(FeedHTML.runStatus(r.status, l))\(r.error.map { e -> HTML in "<span class=\"run-error small\">\(e)</span>" } ?? .empty)</td>\
            <td class="num">\(r.rows)</td><td class="num">\(r.events)</td><td class="num">\(r.stored)</td>\
            <td class="num">\(r.duplicates)</td><td class="num">\(FeedHTML.quarantined(r.quarantined))</td>\
            <td class="wrap-anywhere">\(r.actor)</td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("run.started"))", "\(l.t("run.feed"))", "\(l.t("run.file"))", "\(l.t("run.format"))", "\(l.t("run.status"))",
            "\(l.t("run.rows"))", "\(l.t("run.events"))", "\(l.t("run.stored"))", "\(l.t("run.duplicates"))",
            "\(l.t("run.quarantined"))", "\(l.t("run.actor"))",
        ]
        let query: [(String, String)] = m.feedFilter.flatMap { $0.isEmpty ? nil : [("feed", $0)] } ?? []
        let content: HTML = """
        <h1>\(l.t("runs.title"))</h1><p class="lead">\(l.t("runs.lead"))</p>\
        \(m.canIngest ? uploadForm(m, ctx) : .empty)\
        \(filterNote)\
        \(Components.table(head: head, rows: rows, empty: l.t("runs.empty")))\
        \(FeedHTML.pager(page: m.page, hasNext: m.hasNext, l) {
            Paths.runs(lang, query: query + ($0 > 1 ? [("page", String($0))] : []))
        })
        """
        return Layout.consolePage(title: l.t("runs.title"), ctx, content)
    }

    /// The form that ingests an uploaded file.
    private static func uploadForm(_ m: RunListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let v = m.upload
        let f = FormFields(l, errors: m.errors, idPrefix: "upload")
        let labels: [(name: String, label: String)] = [
            ("file", l.t("upload.file")), ("feed", l.t("upload.feed")), ("format", l.t("upload.format")),
            ("report", l.t("feed.report")), ("tlp", "TLP"),
        ]
        let formats: HTML = """
        <option value=""\(Components.selected(v.format.isEmpty))>\(l.t("upload.detect"))</option>\
        \(FeedHTML.options(m.formats, selected: v.format))
        """
        // Known feeds are suggested; a new name starts a feed of uploads.
        let suggestions = m.feeds.map { name -> HTML in "<option value=\"\(name)\"></option>" }.joined()
        return """
        <section class="card upload"><h2>\(l.t("upload.title"))</h2><p class="hint">\(l.t("upload.lead"))</p>\
        \(f.summary(fields: labels))\
        <form method="post" enctype="multipart/form-data" action="\(Paths.ingestUpload(ctx.language))" class="form">\
        \(Components.csrf(ctx))\
        \(f.input("file", label: l.t("upload.file"), value: "", type: "file", mark: .required, hint: l.t("upload.file_hint")))\
        \(f.input("feed", label: l.t("upload.feed"), value: v.feed, mark: .required, hint: l.t("upload.feed_hint"),
                  extra: " list=\"upload-feeds\" maxlength=\"200\" autocomplete=\"off\" spellcheck=\"false\""))\
        <datalist id="upload-feeds">\(suggestions)</datalist>\
        <div class="side-by-side">\
        \(f.select("format", label: l.t("upload.format"), options: formats))\
        \(f.input("report", label: l.t("feed.report"), value: v.report, mark: .optional, hint: l.t("feed.report_hint"),
                  extra: " maxlength=\"200\" autocomplete=\"off\" spellcheck=\"false\""))</div>\
        \(f.select("tlp", label: "TLP", options: Components.tlpOptions(selected: TLP(parsing: v.tlp)), hint: l.t("upload.tlp_hint")))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("upload.submit"))</button></div></form></section>
        """
    }

    /// One run: what it read, how it ended, its file, the records it quarantined, and
    /// a replay.
    public static func run(_ m: RunPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let r = m.run
        let id = r.id.uuidString
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }

        var banner = HTML.empty
        switch r.status {
        case "failed":
            banner = """
            <div class="banner danger run-failed-banner" role="alert"><strong>\(l.t("run.failed_title"))</strong> \
            \(r.error.map { e -> HTML in "<span class=\"run-error\">\(e)</span>" } ?? "\(l.t("run.failed_no_reason"))")</div>
            """
        case "interrupted":
            banner = """
            <div class="banner warn run-interrupted-banner" role="alert"><strong>\(l.t("run.interrupted_title"))</strong> \
            \(l.t("run.interrupted_help"))\(r.error.map { e -> HTML in " <span class=\"run-error\">\(e)</span>" } ?? .empty)</div>
            """
        case "running":
            banner = "<div class=\"notice\" role=\"status\">\(l.t("run.running_help"))</div>"
        default:
            if let e = r.error, !e.isEmpty {
                banner = "<div class=\"banner danger\" role=\"alert\"><span class=\"run-error\">\(e)</span></div>"
            }
        }
        var facts: [HTML] = [
            fact(l.t("run.feed"), "<a href=\"\(Paths.runs(lang, query: [("feed", r.feedName)]))\">\(r.feedName)</a>"),
            fact(l.t("run.format"), "<code>\(r.format)</code>"),
        ]
        if let report = r.report, !report.isEmpty { facts.append(fact(l.t("feed.report"), "<code>\(report)</code>")) }
        if let tlp = r.tlp { facts.append(fact("TLP", Components.tlpBadge(tlp))) }
        facts += [
            fact(l.t("run.started"), Components.time(r.startedAt, l)),
            fact(l.t("run.finished"), Components.time(r.finishedAt, l)),
            fact(l.t("run.actor"), "\(r.actor)"),
        ]
        if let of = r.replayOf {
            facts.append(fact(l.t("run.replay_of"), "<a href=\"\(Paths.run(lang, id: of.uuidString))\">\(l.t("run.replay_of_link"))</a>"))
        }
        if let size = r.size { facts.append(fact(l.t("run.size"), "\(Components.size(Int(clamping: size), l))")) }
        let counts: HTML = """
        <dl class="facts run-counts-facts">\
        \(fact(l.t("run.rows"), "\(r.rows)"))\(fact(l.t("run.events"), "\(r.events)"))\
        \(fact(l.t("run.stored"), "\(r.stored)"))\(fact(l.t("run.duplicates"), "\(r.duplicates)"))\
        \(fact(l.t("run.quarantined"), FeedHTML.quarantined(r.quarantined)))</dl>
        """
        let file: HTML = m.fileKept ? """
            <p class="run-file"><a class="button" href="\(Paths.runFile(lang, id: id))" download>\(l.t("run.download"))</a> \
            <span class="filename">\(r.fileName)</span></p>
            """ : "<p class=\"run-file muted\"><span class=\"filename\">\(r.fileName)</span> — \(l.t("run.file_gone"))</p>"
        var replay = HTML.empty
        if m.canIngest {
            replay = m.fileKept ? """
            <section class="card replay"><h2>\(l.t("run.replay"))</h2><p class="hint">\(l.t("run.replay_help"))</p>\
            <form method="post" action="\(Paths.runAction(lang, id: id, "replay"))" class="form">\(Components.csrf(ctx))\
            <div class="actions"><button type="submit" class="button">\(l.t("run.replay_submit"))</button></div></form></section>
            """ : "<section class=\"card replay\"><h2>\(l.t("run.replay"))</h2><p class=\"muted\">\(l.t("run.replay_impossible"))</p></section>"
        }
        let qRows = m.quarantine.map { q -> HTML in
            """
            <tr><td class="num">\(q.line)</td><td>\(l.t(q.reasonKey))</td><td class="detail">\(q.detail)</td>\
            <td class="raw-cell"><pre class="raw">\(q.raw)</pre></td></tr>
            """
        }
        let qHead: [HTML] = [
            "\(l.t("quarantine.line"))", "\(l.t("quarantine.reason"))", "\(l.t("quarantine.detail"))", "\(l.t("quarantine.raw"))",
        ]
        let quarantine: HTML = """
        <section id="quarantine"><h2>\(l.t("quarantine.title"))</h2><p class="hint">\(l.t("quarantine.lead"))</p>\
        \(Components.table(head: qHead, rows: qRows, empty: l.t("quarantine.empty")))\
        \(FeedHTML.pager(page: m.quarantinePage, hasNext: m.hasNextQuarantine, l) { Paths.run(lang, id: id, page: $0) + "#quarantine" })</section>
        """
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.runs(lang))">\(l.t("runs.title"))</a></p>\
        <header class="run-header"><p class="badges">\(FeedHTML.runStatus(r.status, l))</p>\
        <h1 class="filename">\(r.fileName)</h1></header>\
        \(banner)<dl class="facts">\(facts.joined())</dl>\(counts)\(file)\(replay)\(quarantine)
        """
        return Layout.consolePage(title: l.t("run.title", ["file": r.fileName]), ctx, content)
    }
}

extension FeedHTML {
    /// The part of a CSS class name a status gives (`other` for values the views do not know).
    static func statusClass(_ status: String) -> String {
        ["running", "finished", "failed", "interrupted"].contains(status) ? status : "other"
    }

    /// A quarantine count, marked when there is something in it.
    static func quarantined(_ n: Int) -> HTML {
        n > 0 ? "<span class=\"quarantine-count\">\(n)</span>" : "\(n)"
    }
}
