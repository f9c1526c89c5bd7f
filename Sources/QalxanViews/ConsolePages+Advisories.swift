import Foundation
import QalxanCore

/// The console's advisory pages: the list, the editor (both languages side by side) and
/// one advisory with its revisions and the publish form.
extension ConsolePages {
    public static func advisories(_ m: AdvisoryConsoleListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let rows = m.items.map { item -> HTML in
            let a = item.view.advisory
            let id: HTML = a.trackingID.isEmpty ? "<span class=\"muted\">\(l.t("advisory.draft"))</span>" : "<span class=\"mono\">\(a.trackingID)</span>"
            let state: HTML = item.view.revision == 0
                ? "<span class=\"badge draft\">\(l.t("advisory.state.draft"))</span>"
                : item.unpublishedChanges
                    ? "<span class=\"badge changed\">\(l.t("advisory.state.changed"))</span>"
                    : "<span class=\"badge published\">\(l.t("advisory.state.published"))</span>"
            let title = Advisory.text(a.title, lang)
            return """
            <tr><td>\(id)</td><td><a href="\(Paths.consoleAdvisory(lang, id: item.id.uuidString))">\(title.isEmpty ? l.t("advisory.untitled") : title)</a></td>\
            <td>\(AdvisoryHTML.kindBadge(a.kind, l))</td><td>\(Components.severityBadge(a.severity, l))</td>\
            <td>\(Components.tlpBadge(a.tlp))</td><td>\(item.view.revision)</td><td>\(state)</td><td>\(Components.time(item.updatedAt, l))</td></tr>
            """
        }
        let new: HTML = m.canEdit ? "<p><a class=\"button primary\" href=\"\(Paths.newAdvisory(lang))\">\(l.t("advisory.new"))</a></p>" : .empty
        let content: HTML = """
        <h1>\(l.t("advisory.console_title"))</h1><p class="lead">\(l.t("advisory.console_lead"))</p>\(new)\
        \(Components.table(head: ["\(l.t("advisory.tracking_id"))", "\(l.t("advisory.title"))", "\(l.t("advisory.kind"))",
                                  "\(l.t("advisory.severity"))", "TLP", "\(l.t("advisory.revision"))", "\(l.t("advisory.state"))",
                                  "\(l.t("advisory.updated"))"], rows: rows, empty: l.t("advisory.none")))
        """
        return Layout.consolePage(title: l.t("advisory.console_title"), ctx, content)
    }

    /// The editor. Per-language fields sit side by side, Azerbaijani first.
    public static func advisoryForm(_ m: AdvisoryFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let v = m.values
        let f = FormFields(l, errors: m.errors, idPrefix: "adv")
        let sel = Components.selected
        var labels: [(name: String, label: String)] = []
        for language in Language.allCases {
            let suffix = " (\(language.nativeName))"
            labels += [("title_\(language.rawValue)", l.t("advisory.title") + suffix), ("summary_\(language.rawValue)", l.t("advisory.summary") + suffix),
                       ("body_\(language.rawValue)", l.t("advisory.body") + suffix),
                       ("recommendations_\(language.rawValue)", l.t("advisory.recommendations") + suffix)]
        }
        labels += [("version", l.t("advisory.version")), ("kind", l.t("advisory.kind")), ("severity", l.t("advisory.severity")), ("tlp", "TLP"), ("cves", "CVE"),
                   ("cvss", l.t("advisory.cvss")), ("products", l.t("advisory.products")), ("references", l.t("advisory.references")),
                   ("articles", l.t("advisory.articles"))]
        func column(_ language: Language) -> HTML {
            let c = language.rawValue
            return """
            <fieldset class="language-column" lang="\(c)"><legend>\(language.nativeName)</legend>\
            \(f.input("title_\(c)", label: l.t("advisory.title"), value: v.title[language] ?? "", mark: .required,
                      extra: " maxlength=\"\(Advisory.maxTitle)\""))\
            \(f.textarea("summary_\(c)", label: l.t("advisory.summary"), value: v.summary[language] ?? "", rows: 3, mark: .required,
                         hint: l.t("advisory.summary_hint"), extra: " maxlength=\"\(Advisory.maxSummary)\""))\
            \(f.textarea("body_\(c)", label: l.t("advisory.body"), value: v.body[language] ?? "", rows: 14, mark: .optional,
                         hint: l.t("advisory.markdown_hint")))\
            \(f.textarea("recommendations_\(c)", label: l.t("advisory.recommendations"), value: v.recommendations[language] ?? "",
                         rows: 6, mark: .optional, hint: l.t("advisory.markdown_hint")))</fieldset>
            """
        }
        let kinds: HTML = Advisory.Kind.allCases.map { k -> HTML in
            "<option value=\"\(k.rawValue)\"\(sel(v.kind == k.rawValue))>\(l.t(k.labelKey))</option>"
        }.joined()
        let severities: HTML = Severity.allCases.map { s -> HTML in
            "<option value=\"\(s.rawValue)\"\(sel(v.severity == s.rawValue))>\(l.t(Keys.severity(s)))</option>"
        }.joined()
        let action = m.id.map { Paths.advisoryAction(lang, id: $0.uuidString, "edit") } ?? Paths.newAdvisory(lang)
        let title = m.id == nil ? l.t("advisory.new") : (m.trackingID.isEmpty ? l.t("advisory.edit") : "\(l.t("advisory.edit")) \(m.trackingID)")
        let cancel = m.id.map { Paths.consoleAdvisory(lang, id: $0.uuidString) } ?? Paths.consoleAdvisories(lang)
        let content: HTML = """
        <h1>\(title)</h1>\(f.summary(fields: labels))\
        <form method="post" action="\(action)" class="form advisory-form">\(Components.csrf(ctx))\
        <input type="hidden" name="version" value="\(m.version)">\
        <div class="side-by-side">\
        \(f.select("kind", label: l.t("advisory.kind"), options: kinds))\
        \(f.select("severity", label: l.t("advisory.severity"), options: severities, hint: l.t("advisory.severity_hint")))\
        \(f.select("tlp", label: "TLP", options: Components.tlpOptions(selected: TLP(parsing: v.tlp)), hint: l.t("advisory.tlp_hint")))</div>\
        <div class="language-columns">\(Language.allCases.map(column).joined())</div>\
        <div class="side-by-side">\
        \(f.textarea("cves", label: "CVE", value: v.cves, rows: 3, mark: .optional, hint: l.t("advisory.cves_hint"),
                     extra: " spellcheck=\"false\" class=\"mono\""))\
        \(f.input("cvss", label: l.t("advisory.cvss"), value: v.cvss, mark: .optional, hint: l.t("advisory.cvss_hint"),
                  extra: " spellcheck=\"false\" autocomplete=\"off\" class=\"mono\" maxlength=\"200\""))</div>\
        \(f.textarea("products", label: l.t("advisory.products"), value: v.products, rows: 5, mark: .optional,
                     hint: l.t("advisory.products_hint"), extra: " spellcheck=\"false\" class=\"mono\""))\
        \(f.textarea("references", label: l.t("advisory.references"), value: v.references, rows: 4, mark: .optional,
                     hint: l.t("advisory.references_hint"), extra: " spellcheck=\"false\" class=\"mono\""))\
        \(f.textarea("articles", label: l.t("advisory.articles"), value: v.articles, rows: 2, mark: .optional,
                     hint: l.t("advisory.articles_hint"), extra: " spellcheck=\"false\" class=\"mono\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("form.save"))</button> \
        <a href="\(cancel)">\(l.t("form.cancel"))</a></div></form>
        """
        return Layout.consolePage(title: title, ctx, content)
    }

    /// One advisory as it would be published, its revisions, and the publish form.
    public static func advisory(_ m: AdvisoryConsoleModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let a = m.view.advisory
        let id = m.id.uuidString
        let f = FormFields(l, errors: m.errors, idPrefix: "pub")
        var tools: [HTML] = []
        if m.canEdit { tools.append(" <a class=\"button\" href=\"\(Paths.advisoryAction(lang, id: id, "edit"))\">\(l.t("advisory.edit"))</a>") }
        if let path = m.publicPath { tools.append(" <a href=\"\(path)\">\(l.t("advisory.public_page"))</a>") }
        if let csaf = m.view.csafURL { tools.append(" <a href=\"\(csaf)\">\(l.t("advisory.csaf"))</a>") }
        var publish = HTML.empty
        if m.canPublish && m.unpublishedChanges {
            let notes: HTML = m.view.revision == 0 ? "<p class=\"hint\">\(l.t("advisory.publish_first_hint"))</p>" : Language.allCases.map { language -> HTML in
                f.input("note_\(language.rawValue)", label: "\(l.t("advisory.note")) (\(language.nativeName))", value: m.note[language] ?? "",
                        mark: .required, extra: " maxlength=\"500\"")
            }.joined()
            let signing: HTML = m.signing ? .empty : "<p class=\"warning\">\(l.t("advisory.unsigned_warning"))</p>"
            let downgrade: HTML = m.tlpDowngrade ? "<p class=\"warning\">\(l.t("advisory.downgrade_warning"))</p>" : .empty
            let labels = Language.allCases.map { ("note_\($0.rawValue)", "\(l.t("advisory.note")) (\($0.nativeName))") }
            publish = """
            <section class="card"><h2>\(l.t("advisory.publish"))</h2>\(f.summary(fields: labels))\
            <p>\(a.tlp == .clear ? l.t("advisory.publish_public") : l.t("advisory.publish_restricted"))</p>\(downgrade)\(signing)\
            <form method="post" action="\(Paths.advisoryAction(lang, id: id, "publish"))" class="form">\(Components.csrf(ctx))\
            <input type="hidden" name="version" value="\(m.version)">\(notes)\
            <div class="actions"><button type="submit" class="button primary">\(l.t("advisory.publish_submit"))</button></div></form></section>
            """
        }
        if m.canEdit && m.view.revision == 0 && a.trackingID.isEmpty {
            publish += """
            <section class="card danger-zone"><h2>\(l.t("advisory.delete"))</h2>\
            <form method="post" action="\(Paths.advisoryAction(lang, id: id, "delete"))" class="form">\(Components.csrf(ctx))\
            <div class="actions"><button type="submit" class="button danger">\(l.t("advisory.delete_submit"))</button></div></form></section>
            """
        }
        let state: HTML = m.view.revision == 0 ? "<span class=\"badge draft\">\(l.t("advisory.state.draft"))</span>"
            : m.unpublishedChanges ? "<span class=\"badge changed\">\(l.t("advisory.state.changed"))</span>"
            : "<span class=\"badge published\">\(l.t("advisory.state.published"))</span>"
        let title = Advisory.text(a.title, lang)
        let content: HTML = """
        <p><a href="\(Paths.consoleAdvisories(lang))">\(l.t("advisory.console_title"))</a></p>\
        <article class="advisory"><header><p class="meta">\(a.trackingID.isEmpty ? l.t("advisory.draft") : a.trackingID) \
        \(AdvisoryHTML.kindBadge(a.kind, l)) \(Components.severityBadge(a.severity, l)) \(Components.tlpBadge(a.tlp)) \(state)</p>\
        <h1>\(title.isEmpty ? l.t("advisory.untitled") : title)</h1><p class="lead">\(Advisory.text(a.summary, lang))</p></header>\
        <p class="tools">\(tools.joined())</p>\(publish)\
        \(AdvisoryHTML.facts(m.view, ctx))\(AdvisoryHTML.sections(a, ctx))\(AdvisoryHTML.related(m.view.related, ctx, console: true))</article>
        """
        return Layout.consolePage(title: title.isEmpty ? l.t("advisory.untitled") : title, ctx, content)
    }
}
