import Foundation
import QalxanCore

extension ConsolePages {
    /// The lookup box: who answers for an address, a prefix, an AS number, a domain, a URL
    /// or an e-mail address, and, outside the constituency, which partner team does.
    public static func lookup(_ m: LookupModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, idPrefix: "lookup")
        let registry: HTML
        let counts = l.t("lookup.registry", ["organisations": String(m.organisationCount), "networks": String(m.networkCount),
                                            "blocks": String(m.geoBlockCount)])
        if m.geoBlockCount == 0 {
            registry = "<p class=\"hint\">\(counts)</p><p class=\"notice\">\(l.t("lookup.no_geo")) <code>qalxan geo import FILE</code></p>"
        } else {
            registry = "<p class=\"hint\">\(counts)</p>"
        }
        let form: HTML = """
        <form method="get" action="\(Paths.lookup(lang))" class="form lookup-form" role="search">\
        \(f.textarea("q", label: l.t("lookup.query"), value: m.query, rows: 4, hint: l.t("lookup.hint"),
                     extra: " spellcheck=\"false\" autocomplete=\"off\" autocapitalize=\"off\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("lookup.submit"))</button></div></form>\(registry)
        """
        var results = HTML.empty
        if !m.results.isEmpty {
            let head: [HTML] = [
                "\(l.t("lookup.col.query"))", "\(l.t("lookup.col.kind"))", "\(l.t("lookup.col.network"))",
                "\(l.t("lookup.col.responsible"))",
            ]
            let rows = m.results.map { r -> HTML in
                """
                <tr><td class="wrap-anywhere"><code>\(r.query)</code></td><td>\(ConstituencyHTML.observableKind(r.kind, l))</td>\
                <td>\(r.network.map { n -> HTML in "<code>\(n)</code>" } ?? "—")</td><td>\(responsible(r, ctx))</td></tr>
                """
            }
            results = """
            <section class="lookup-results"><h2>\(l.t("lookup.results"))</h2>\
            \(Components.table(head: head, rows: rows, empty: l.t("lookup.nothing")))</section>
            """
        }
        var unrecognised = HTML.empty
        if !m.unrecognised.isEmpty {
            unrecognised = """
            <section><h2>\(l.t("lookup.unrecognised"))</h2><p class="hint">\(l.t("lookup.unrecognised_hint"))</p>\
            <ul class="code-list">\(m.unrecognised.map { u -> HTML in "<li><code>\(u)</code></li>" }.joined())</ul></section>
            """
        }
        let nothing: HTML = !m.query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && m.results.isEmpty
            && m.unrecognised.isEmpty ? "<p class=\"muted empty\">\(l.t("lookup.nothing"))</p>" : .empty
        let content: HTML = """
        <h1>\(l.t("lookup.title"))</h1><p class="lead">\(l.t("lookup.lead"))</p>\(form)\(results)\(unrecognised)\(nothing)
        """
        return Layout.consolePage(title: l.t("lookup.title"), ctx, content)
    }

    /// Who answers for one lookup result: the owner and its parents, else the country and
    /// its partner teams, else nobody known.
    private static func responsible(_ r: LookupResult, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        if !r.owners.isEmpty {
            return ConstituencyHTML.chain(r.owners, ctx)
        }
        guard let country = r.country else {
            return "<span class=\"badge\">\(l.t("lookup.unknown"))</span> <span class=\"muted\">\(l.t("lookup.unknown_help"))</span>"
        }
        let partners: HTML = r.partners.isEmpty
            ? "<span class=\"muted\">\(l.t("lookup.no_partner", ["country": country]))</span>"
            : "\(l.t("lookup.partners")) \(ConstituencyHTML.list(r.partners, ctx))"
        return """
        <span class="badge outside">\(l.t("lookup.outside"))</span> <span class="country">\(country)</span><div>\(partners)</div>
        """
    }

    /// The organisations an incident affects, for the incident page: why each one, the
    /// ones a handler removed, a form to add one, and the observables behind them.
    public static func affectedOrganisations(_ m: AffectedOrganisationsModel, number: String, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        func button(_ action: String, _ id: UUID, _ label: String, danger: Bool) -> HTML {
            """
            <form method="post" action="\(Paths.incidentOrganisation(lang, number: number, action))" class="row-form">\
            \(Components.csrf(ctx))<input type="hidden" name="organisation" value="\(id.uuidString)">\
            <button type="submit" class="button small\(danger ? " danger" : "")">\(label)</button></form>
            """
        }
        let items: HTML = m.items.isEmpty ? "<p class=\"muted\">\(l.t("affected.none"))</p>" : """
        <ul class="affected-list">\(m.items.map { a -> HTML in
            let parents: HTML = a.parents.isEmpty ? .empty
                : " <span class=\"org-parents\">\(l.t("organisation.part_of")) \(ConstituencyHTML.chain(a.parents, ctx))</span>"
            let observables: HTML = a.observables.isEmpty ? .empty
                : "<p class=\"observables-line\">\(l.t("affected.because"))\(a.observables.map { o -> HTML in " <code>\(o)</code>" }.joined())</p>"
            let remove: HTML = m.canEdit ? button("remove", a.organisation.id, l.t("affected.remove"), danger: true) : .empty
            return """
            <li><div class="affected-head">\(ConstituencyHTML.link(a.organisation, ctx)) \
            \(ConstituencyHTML.sourceBadge(a.source, country: a.country, l))\(parents)</div>\(observables)\(remove)</li>
            """
        }.joined())</ul>
        """
        var removed = HTML.empty
        if !m.removed.isEmpty {
            removed = """
            <h3>\(l.t("affected.removed"))</h3><ul class="affected-list removed">\(m.removed.map { r -> HTML in
                let add: HTML = m.canEdit ? button("add", r.id, l.t("affected.add_back"), danger: false) : .empty
                return "<li><div class=\"affected-head\">\(ConstituencyHTML.link(r, ctx))</div>\(add)</li>"
            }.joined())</ul>
            """
        }
        var add = HTML.empty
        if m.canEdit, !m.choices.isEmpty {
            let f = FormFields(l, idPrefix: "affected")
            let options = m.choices.map { c -> HTML in
                "<option value=\"\(c.id.uuidString)\">\(ConstituencyHTML.name(c, lang))</option>"
            }.joined()
            add = """
            <form method="post" action="\(Paths.incidentOrganisation(lang, number: number, "add"))" class="form add-affected">\
            \(Components.csrf(ctx))\(f.select("organisation", label: l.t("affected.add"), options: options))\
            <div class="actions"><button type="submit" class="button">\(l.t("affected.add_submit"))</button></div></form>
            """
        }
        var found = HTML.empty
        if !m.observables.isEmpty {
            // Grouped by kind in a fixed order; each group shows at most `cap`.
            let order = ["ip", "prefix", "asn", "domain", "url", "email"]
            let kinds = order.filter { k in m.observables.contains { $0.kind == k } }
                + Set(m.observables.map(\.kind)).subtracting(order).sorted()
            let groups = kinds.map { kind -> HTML in
                let texts = m.observables.filter { $0.kind == kind }.map(\.text)
                return """
                <div class="observable-group"><h3>\(ConstituencyHTML.observableKind(kind, l)) (\(texts.count))</h3>\
                \(codeList(texts, cap: 50, l))</div>
                """
            }.joined()
            found = """
            <details class="observables-found"><summary>\(l.t("affected.observables", ["count": String(m.observables.count)]))</summary>\
            \(groups)</details>
            """
        }
        var unresolved = HTML.empty
        if !m.unresolved.isEmpty {
            unresolved = """
            <h3>\(l.t("affected.unresolved", ["count": String(m.unresolved.count)]))</h3>\
            <p class="hint">\(l.t("affected.unresolved_hint"))</p>\(codeList(m.unresolved, cap: 50, l))
            """
        }
        return """
        <section class="affected-organisations" id="organisations"><h2>\(l.t("affected.title"))</h2>\
        \(items)\(removed)\(add)\(found)\(unresolved)</section>
        """
    }

    /// Values in `<code>`, at most `cap` of them, then how many more there are.
    private static func codeList(_ values: [String], cap: Int, _ l: Localizer) -> HTML {
        let shown = values.prefix(cap).map { v -> HTML in "<li><code>\(v)</code></li>" }.joined()
        let more: HTML = values.count > cap ? "<li class=\"muted\">\(l.t("affected.more", ["count": String(values.count - cap)]))</li>" : .empty
        return "<ul class=\"code-list\">\(shown)\(more)</ul>"
    }
}
