import Foundation
import QalxanCore

/// The public advisory pages: the list with its filters, one advisory, and its print view.
extension PublicPages {
    /// Published TLP:CLEAR advisories, alerts and news, newest first.
    public static func advisories(_ m: AdvisoryListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let sel = Components.selected
        let f = m.filter
        let kinds: HTML = "<option value=\"\"\(sel(f.kind == nil))>\(l.t("advisory.filter.any_kind"))</option>" + Advisory.Kind.allCases.map { k -> HTML in
            "<option value=\"\(k.rawValue)\"\(sel(f.kind == k))>\(l.t(k.labelKey))</option>"
        }.joined()
        let severities: HTML = "<option value=\"\"\(sel(f.severity == nil))>\(l.t("advisory.filter.any_severity"))</option>" + Severity.allCases.reversed().map { s -> HTML in
            "<option value=\"\(s.rawValue)\"\(sel(f.severity == s))>\(l.t(Keys.severity(s)))</option>"
        }.joined()
        let years: HTML = "<option value=\"\"\(sel(f.year == nil))>\(l.t("advisory.filter.any_year"))</option>" + m.years.map { y -> HTML in
            "<option value=\"\(y)\"\(sel(f.year == y))>\(y)</option>"
        }.joined()
        let filters: HTML = """
        <form method="get" action="\(Paths.advisories(lang))" class="filters" role="search">\
        <div class="field"><label for="a-kind">\(l.t("advisory.kind"))</label><select id="a-kind" name="kind">\(kinds)</select></div>\
        <div class="field"><label for="a-severity">\(l.t("advisory.severity"))</label><select id="a-severity" name="severity">\(severities)</select></div>\
        <div class="field"><label for="a-year">\(l.t("advisory.year"))</label><select id="a-year" name="year">\(years)</select></div>\
        <div class="actions"><button type="submit" class="button">\(l.t("advisory.filter.apply"))</button></div></form>
        """
        let items: [HTML] = m.items.map { v in
            let a = v.advisory
            let date: HTML = v.publishedAt.map { Components.time($0, l) } ?? .empty
            return """
            <li class="advisory-item"><article><h2><a href="\(Paths.advisory(lang, id: a.trackingID))">\(Advisory.text(a.title, lang))</a></h2>\
            <p class="meta"><span class="tracking-id">\(a.trackingID)</span> \(AdvisoryHTML.kindBadge(a.kind, l)) \
            \(Components.severityBadge(a.severity, l)) \(date)</p>\
            <p>\(Advisory.text(a.summary, lang))</p></article></li>
            """
        }
        let list: HTML = items.isEmpty
            ? "<p class=\"muted empty\">\(l.t("advisory.none"))</p>"
            : "<ol class=\"advisory-list\">\(items.joined())</ol>"
        let feeds: HTML = """
        <p class="feeds">\(l.t("advisory.feeds")): <a href="\(Paths.advisoryFeed(lang))" type="application/atom+xml">\(l.t("advisory.feed.all"))</a>\
        \(Advisory.Kind.allCases.map { k -> HTML in " · <a href=\"\(Paths.advisoryFeed(lang, kind: k))\" type=\"application/atom+xml\">\(l.t(k.pluralKey))</a>" }.joined())\
         · <a href="\(Paths.csafProviderMetadata)">CSAF</a></p>
        """
        let content: HTML = """
        <h1>\(l.t("advisory.list_title"))</h1><p class="lead">\(l.t("advisory.list_lead"))</p>\(filters)\(list)\(feeds)
        """
        return Layout.publicPage(title: l.t("advisory.list_title"), ctx, bodyClass: "advisories", content,
                                 head: AdvisoryHTML.feedLinks(lang, l))
    }

    /// One published advisory in the page's language.
    public static func advisory(_ v: AdvisoryView, _ ctx: PageContext, print: Bool = false) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let a = v.advisory
        let title = Advisory.text(a.title, lang)
        let actions: HTML = print ? .empty : """
        <p class="advisory-actions"><a href="\(Paths.advisoryPrint(lang, id: a.trackingID))">\(l.t("advisory.print"))</a>\
        \(v.csafURL.map { url -> HTML in " · <a href=\"\(url)\">\(l.t("advisory.csaf"))</a>" } ?? .empty)\
         · <a href="\(Paths.advisories(lang))">\(l.t("advisory.back"))</a></p>
        """
        let content: HTML = """
        <article class="advisory\(print ? " print" : "")"><header><p class="meta"><span class="tracking-id">\(a.trackingID)</span> \
        \(AdvisoryHTML.kindBadge(a.kind, l)) \(Components.severityBadge(a.severity, l)) \(Components.tlpBadge(a.tlp))</p>\
        <h1>\(title)</h1><p class="lead">\(Advisory.text(a.summary, lang))</p></header>\
        \(AdvisoryHTML.facts(v, ctx))\(AdvisoryHTML.sections(a, ctx))\(AdvisoryHTML.related(v.related, ctx, console: false))\(actions)</article>
        """
        if print {
            return Layout.printPage(title: title, ctx, content)
        }
        return Layout.publicPage(title: title, ctx, bodyClass: "advisory-page", content, head: AdvisoryHTML.feedLinks(lang, l))
    }
}

/// Pieces of the advisory pages that the public site and the console share.
enum AdvisoryHTML {

    static func kindBadge(_ k: Advisory.Kind, _ l: Localizer) -> HTML {
        "<span class=\"badge kind kind-\(k.rawValue)\">\(l.t(k.labelKey))</span>"
    }

    /// `<link rel="alternate">` to the Atom feeds, for feed readers.
    static func feedLinks(_ lang: Language, _ l: Localizer) -> HTML {
        ([nil] + Advisory.Kind.allCases.map { Optional($0) }).map { k -> HTML in
            let title = k.map { l.t($0.pluralKey) } ?? l.t("advisory.feed.all")
            return "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(title)\" href=\"\(Paths.advisoryFeed(lang, kind: k))\">"
        }.joined()
    }

    /// Identifiers, dates, CVE ids and the CVSS score, as a definition list.
    static func facts(_ v: AdvisoryView, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let a = v.advisory
        var rows: [(String, HTML)] = []
        if !a.trackingID.isEmpty { rows.append((l.t("advisory.tracking_id"), "\(a.trackingID)")) }
        if let first = a.initialRelease { rows.append((l.t("advisory.initial_release"), Components.time(first, l))) }
        if let current = a.currentRelease, a.revisions.count > 1 {
            rows.append((l.t("advisory.current_release"), "\(Components.time(current, l)) (\(l.t("advisory.revision_n", ["n": String(a.revisions.count)])))"))
        }
        if !a.cves.isEmpty {
            rows.append(("CVE", a.cves.enumerated().map { k, c -> HTML in "\(k > 0 ? ", " : "")<span class=\"mono\">\(c)</span>" }.joined()))
        }
        if let vector = a.cvssVector {
            let score: HTML = v.cvssScore.map { s -> HTML in "<strong>\(String(format: "%.1f", s))</strong> " } ?? .empty
            rows.append(("CVSS v3.1", "\(score)<span class=\"mono vector\">\(vector)</span>"))
        }
        guard !rows.isEmpty else { return .empty }
        return "<dl class=\"facts\">\(rows.map { r -> HTML in "<div><dt>\(r.0)</dt><dd>\(r.1)</dd></div>" }.joined())</dl>"
    }

    /// The knowledge-base articles to read with the advisory.
    static func related(_ items: [ArticleLink], _ ctx: PageContext, console: Bool) -> HTML {
        guard !items.isEmpty else { return .empty }
        let lang = ctx.language
        let links = items.map { a -> HTML in
            let title = Advisory.text(a.title, lang)
            let href = console ? Paths.consoleArticle(lang, slug: a.slug) : Paths.article(lang, slug: a.slug)
            return "<li><a href=\"\(href)\">\(title.isEmpty ? a.slug : title)</a></li>"
        }
        return "<section><h2>\(ctx.l.t("advisory.articles"))</h2><ul class=\"references\">\(links.joined())</ul></section>"
    }

    /// Body, affected products, recommendations, references and revision history.
    static func sections(_ a: Advisory, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        var out: [HTML] = []
        let body = Advisory.text(a.body, lang)
        if !body.isEmpty {
            out.append("<section class=\"markdown\">\(HTML(raw: Markdown.html(body)))</section>")
        }
        if !a.products.isEmpty {
            let rows = a.products.map { p -> HTML in
                "<tr><td>\(p.vendor)</td><td>\(p.name)</td><td>\(p.affected.joined(separator: ", "))</td><td>\(p.fixed.isEmpty ? "—" : p.fixed.joined(separator: ", "))</td></tr>"
            }
            out.append("<section><h2>\(l.t("advisory.products"))</h2>" + Components.table(
                head: ["\(l.t("advisory.vendor"))", "\(l.t("advisory.product"))", "\(l.t("advisory.affected"))", "\(l.t("advisory.fixed"))"],
                rows: rows, empty: "") + "</section>")
        }
        let recommendations = Advisory.text(a.recommendations, lang)
        if !recommendations.isEmpty {
            out.append("<section class=\"markdown\"><h2>\(l.t("advisory.recommendations"))</h2>\(HTML(raw: Markdown.html(recommendations)))</section>")
        }
        if !a.references.isEmpty {
            let items = a.references.map { r -> HTML in
                // Only web links reach the page as links (the editor refuses others).
                let link: HTML = Advisory.isWebURL(r.url)
                    ? "<a href=\"\(r.url)\" rel=\"noopener noreferrer nofollow\">\(r.summary.isEmpty ? r.url : r.summary)</a>" : "\(r.url)"
                return "<li>\(link)</li>"
            }
            out.append("<section><h2>\(l.t("advisory.references"))</h2><ul class=\"references\">\(items.joined())</ul></section>")
        }
        if !a.revisions.isEmpty {
            let rows = a.revisions.reversed().map { r -> HTML in
                "<tr><td>\(r.number)</td><td>\(Components.time(r.date, l))</td><td>\(Advisory.text(r.note, lang))</td></tr>"
            }
            out.append("<section><h2>\(l.t("advisory.history"))</h2>" + Components.table(
                head: ["\(l.t("advisory.revision"))", "\(l.t("advisory.date"))", "\(l.t("advisory.note"))"], rows: rows, empty: "") + "</section>")
        }
        return out.joined()
    }
}
