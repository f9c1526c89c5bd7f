import Foundation
import QalxanCore

extension ConsolePages {
    /// The events explorer: filters, counts per type and per organisation that narrow
    /// the filter, and the events, which staff can choose and promote into an incident.
    public static func events(_ m: EventListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let filter = m.filter

        let counted: HTML = m.total.map { "<p class=\"count-line\">\(l.t("events.total", ["count": String($0)]))</p>" }
            ?? "<p class=\"count-line\">\(l.t("events.total_unknown"))</p>"
        let counts: HTML = m.byType.isEmpty && m.byOrganisation.isEmpty ? .empty : """
        <div class="event-counts">\
        \(countTable(m.byType, caption: l.t("events.by_type"), head: l.t("event.type"), ctx) { c in
            // The RSIT label when the key is RSIT, else the text the service gave.
            if c.key.utf8.count <= 200, let rsit = Classification(path: c.key) { return l.label(rsit) }
            return c.label.isEmpty ? c.key : c.label
        })\
        \(countTable(m.byOrganisation, caption: l.t("events.by_organisation"), head: l.t("event.organisation"), ctx) { c in
            c.key.isEmpty ? l.t("events.no_organisation") : (c.label.isEmpty ? c.key : c.label)
        })</div>
        """
        let rows = m.events.map { e -> HTML in
            let select: HTML = m.canPromote ? """
            <td class="select-cell"><label><input type="checkbox" name="event" value="\(e.id)">\
            <span class="visually-hidden">\(l.t("events.select", ["id": String(e.id)]))</span></label></td>
            """ : .empty
            return """
            <tr>\(select)<td class="nowrap"><a href="\(Paths.event(lang, id: e.id))">\(e.id)</a></td>\
            <td class="nowrap">\(Components.time(e.timeSource, l))</td><td class="wrap-anywhere">\(e.feedName)</td>\
            <td>\(FeedHTML.classification(taxonomy: e.taxonomy, type: e.type, l))\
            \(e.identifier.map { i -> HTML in "<span class=\"identifier\"><code>\(i)</code></span>" } ?? .empty)</td>\
            <td class="source-cell">\(FeedHTML.source(e, l))</td>\
            <td class="nowrap">\(e.sourceASN.map { a -> HTML in "AS\(a)" } ?? "—")</td>\
            <td>\(FeedHTML.organisation(e, ctx))</td><td>\(Components.tlpBadge(e.tlp))</td></tr>
            """
        }
        var head: [HTML] = []
        if m.canPromote { head.append("<span class=\"visually-hidden\">\(l.t("events.col.select"))</span>") }
        head += [
            "\(l.t("events.col.id"))", "\(l.t("event.time_source"))", "\(l.t("event.feed"))", "\(l.t("event.type"))",
            "\(l.t("events.col.source"))", "\(l.t("event.asn"))", "\(l.t("event.organisation"))", "TLP",
        ]
        let table = Components.table(head: head, rows: rows, empty: l.t("events.empty"))
        var list = table
        if m.canPromote, !m.events.isEmpty {
            let f = FormFields(l, idPrefix: "promote")
            list = """
            <form method="post" action="\(Paths.promoteEvents(lang))" class="form wide promote-form">\(Components.csrf(ctx))\
            \(table)<fieldset class="promote"><legend>\(l.t("events.promote"))</legend>\
            <p class="hint">\(l.t("events.promote_hint"))</p>\
            \(f.input("title", label: l.t("incident.title"), value: "", mark: .required, extra: " maxlength=\"300\""))\
            <div class="actions"><button type="submit" class="button primary">\(l.t("events.promote_submit"))</button></div>\
            </fieldset></form>
            """
        }
        let content: HTML = """
        <h1>\(l.t("events.title"))</h1><p class="lead">\(l.t("events.lead"))</p>\
        \(eventFilterForm(m, ctx))\(counted)\(counts)\(list)\
        \(FeedHTML.pager(page: m.page, hasNext: m.hasNext, l) { Paths.events(lang, query: filter.queryItems(page: $0)) })
        """
        return Layout.consolePage(title: l.t("events.title"), ctx, content)
    }

    /// The filter form (GET); changing it starts at page 1.
    private static func eventFilterForm(_ m: EventListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let filter = m.filter
        let f = FormFields(l, errors: m.errors, idPrefix: "filter")
        let sel = Components.selected
        let feeds: HTML = """
        <option value=""\(sel(filter.feed.isEmpty))>\(l.t("filter.any"))</option>\(FeedHTML.options(m.feeds, selected: filter.feed))
        """
        // Classes and class/type pairs; a type typed in a link (a bare type, or one the
        // taxonomy does not know) stays selected as it is.
        let known = Taxonomy.classes.contains { c in c.key == filter.type || c.types.contains { "\(c.key)/\($0)" == filter.type } }
        let extra: HTML = filter.type.isEmpty || known ? .empty : "<option value=\"\(filter.type)\" selected>\(filter.type)</option>"
        let types: HTML = """
        <option value=""\(sel(filter.type.isEmpty))>\(l.t("filter.any"))</option>\(extra)\
        \(Components.categoryOptions(selected: filter.type, classOptions: true, l))
        """
        var organisation = HTML.empty
        if !filter.organisation.isEmpty {
            let name = filter.organisationName.isEmpty ? filter.organisation : filter.organisationName
            let without = Paths.events(lang, query: filter.queryItems(setting: "organisation", to: ""))
            organisation = """
            <div class="field"><span class="field-label">\(l.t("event.organisation"))</span>\
            <input type="hidden" name="organisation" value="\(filter.organisation)">\
            <p class="chosen">\(name) <a class="small-link" href="\(without)">\(l.t("events.filter_remove_organisation"))</a></p></div>
            """
        }
        return """
        <form method="get" action="\(Paths.events(lang))" class="filters" role="search" aria-label="\(l.t("events.filter_label"))">\
        \(f.input("from", label: l.t("events.from"), value: filter.from, hint: l.t("events.date_hint"),
                  extra: " maxlength=\"40\" autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.input("to", label: l.t("events.to"), value: filter.to, hint: l.t("events.date_hint"),
                  extra: " maxlength=\"40\" autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.select("feed", label: l.t("event.feed"), options: feeds))\
        \(f.select("type", label: l.t("event.type"), options: types))\
        \(organisation)\
        \(f.input("ip", label: l.t("events.ip"), value: filter.ip, hint: l.t("events.ip_hint"),
                  extra: " maxlength=\"100\" autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.input("asn", label: l.t("event.asn"), value: filter.asn, hint: l.t("events.asn_hint"),
                  extra: " maxlength=\"20\" autocomplete=\"off\" spellcheck=\"false\""))\
        <div class="actions"><button type="submit" class="button">\(l.t("filter.apply"))</button> \
        <a href="\(Paths.events(lang))">\(l.t("filter.reset"))</a></div></form>
        """
    }

    /// A small table of counts whose rows link to the filtered list.
    private static func countTable(_ counts: [EventCount], caption: String, head: String, _ ctx: PageContext,
                                   label: (EventCount) -> String) -> HTML {
        guard !counts.isEmpty else { return .empty }
        let rows = counts.map { c -> HTML in
            "<tr><td><a href=\"\(Paths.events(ctx.language, query: c.query))\">\(label(c))</a></td><td class=\"num\">\(c.count)</td></tr>"
        }
        return """
        <div class="table-wrap"><table class="counts"><caption>\(caption)</caption><thead><tr><th scope="col">\(head)</th>\
        <th scope="col">\(ctx.l.t("events.col.count"))</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>
        """
    }

    /// One event: every field it has, where it came from, whom it concerns.
    public static func event(_ m: EventPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let e = m.event
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        func code(_ s: String?) -> HTML { s.map { v -> HTML in v.isEmpty ? "—" : "<code>\(v)</code>" } ?? "—" }

        let run = Paths.run(lang, id: m.runID.uuidString)
        var ip: HTML = code(e.sourceIP)
        if let address = e.sourceIP, !address.isEmpty {
            ip += " <a class=\"small-link\" href=\"\(Paths.events(lang, query: [("ip", address)]))\">\(l.t("event.same_ip"))</a>"
        }
        var organisation = FeedHTML.organisation(e, ctx)
        if let id = e.organisationID, !id.isEmpty {
            organisation += """
             <a class="small-link" href="\(Paths.events(lang, query: [("organisation", id)]))">\(l.t("organisation.events"))</a>
            """
        }
        let facts: [HTML] = [
            fact(l.t("event.time_source"), Components.time(e.timeSource, l)),
            fact(l.t("event.feed"), "<a href=\"\(Paths.events(lang, query: [("feed", e.feedName)]))\">\(e.feedName)</a>"),
            fact(l.t("event.type"), "\(FeedHTML.classification(taxonomy: e.taxonomy, type: e.type, l))"),
            fact(l.t("event.identifier"), code(e.identifier)),
            fact(l.t("event.source_ip"), ip),
            fact(l.t("event.source_port"), "\(e.sourcePort.map(String.init) ?? "—")"),
            fact(l.t("event.asn"), "\(e.sourceASN.map { "AS\($0)" } ?? "—")"),
            fact(l.t("event.fqdn"), code(e.sourceFQDN)),
            fact(l.t("event.url"), code(e.sourceURL)),
            fact(l.t("event.organisation"), organisation),
            fact(l.t("event.origin"), "<a href=\"\(run)\">\(l.t("event.origin_link", ["line": String(m.line)]))</a>"),
        ]
        let rows = m.fields.map { field -> HTML in
            "<tr><th scope=\"row\"><code>\(field.name)</code></th><td class=\"field-value\">\(field.value)</td></tr>"
        }
        let fields = Components.table(head: ["\(l.t("event.field"))", "\(l.t("event.value"))"], rows: rows,
                                      empty: l.t("event.no_fields"))
        var promote = HTML.empty
        if m.canPromote {
            let f = FormFields(l, idPrefix: "promote")
            promote = """
            <section class="card"><h2>\(l.t("events.promote"))</h2><p class="hint">\(l.t("event.promote_hint"))</p>\
            <form method="post" action="\(Paths.promoteEvents(lang))" class="form">\(Components.csrf(ctx))\
            <input type="hidden" name="event" value="\(e.id)">\
            \(f.input("title", label: l.t("incident.title"), value: "", mark: .required, extra: " maxlength=\"300\""))\
            <div class="actions"><button type="submit" class="button primary">\(l.t("events.promote_submit"))</button></div></form></section>
            """
        }
        let title = l.t("event.title", ["id": String(e.id)])
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.events(lang))">\(l.t("events.title"))</a></p>\
        <header class="event-header"><p class="badges">\(Components.tlpBadge(e.tlp))</p><h1>\(title)</h1></header>\
        <dl class="facts">\(facts.joined())</dl>\
        <section><h2>\(l.t("event.fields"))</h2>\(fields)</section>\(promote)
        """
        return Layout.consolePage(title: title, ctx, content)
    }
}

extension FeedHTML {
    /// Where an event comes from: address and port, host name, URL, each as text (a URL
    /// from a feed is never made a link: it is often the malicious address itself).
    static func source(_ e: EventItem, _ l: Localizer) -> HTML {
        var parts: [HTML] = []
        if let ip = e.sourceIP, !ip.isEmpty {
            let port: HTML = e.sourcePort.map { p -> HTML in " <span class=\"muted\">\(l.t("events.port", ["port": String(p)]))</span>" }
                ?? .empty
            parts.append("<span class=\"source-ip\"><code>\(ip)</code>\(port)</span>")
        }
        if let fqdn = e.sourceFQDN, !fqdn.isEmpty { parts.append("<span class=\"source-fqdn\"><code>\(fqdn)</code></span>") }
        if let url = e.sourceURL, !url.isEmpty { parts.append("<span class=\"source-url\"><code>\(url)</code></span>") }
        return parts.isEmpty ? "—" : parts.joined()
    }

    /// The organisation an event was attributed to, as a link, or a note that it was not.
    static func organisation(_ e: EventItem, _ ctx: PageContext) -> HTML {
        guard let id = e.organisationID, !id.isEmpty else {
            return "<span class=\"muted\">\(ctx.l.t("events.no_organisation"))</span>"
        }
        let name = e.organisationName.flatMap { $0.isEmpty ? nil : $0 } ?? id
        return "<a href=\"\(Paths.organisation(ctx.language, id: id))\">\(name)</a>"
    }
}
