import Foundation
import QalxanCore

/// The knowledge base: the public list and article pages, the console's list, article
/// view and editor, and the procedures box of the incident page.
public enum KnowledgePages {
    static func searchForm(_ action: String, _ m: ArticleListModel, _ ctx: PageContext, classes: Bool) -> HTML {
        let l = ctx.l
        let sel = Components.selected
        let classFilter: HTML = classes ? """
        <div class="field"><label for="kb-class">\(l.t("article.class"))</label><select id="kb-class" name="class">\
        <option value=""\(sel(m.rsitClass == nil))>\(l.t("article.any_class"))</option>\
        \(Taxonomy.classes.map { c -> HTML in "<option value=\"\(c.key)\"\(sel(m.rsitClass == c.key))>\(l.classLabel(c.key))</option>" }.joined())\
        </select></div>
        """ : .empty
        return """
        <form method="get" action="\(action)" class="filters" role="search">\
        <div class="field"><label for="kb-q">\(l.t("article.search"))</label><input type="search" id="kb-q" name="q" value="\(m.query)" maxlength="200"></div>\
        \(classFilter)<div class="actions"><button type="submit" class="button">\(l.t("article.search_submit"))</button></div></form>
        """
    }

    static func items(_ m: ArticleListModel, _ ctx: PageContext, link: (ArticleLink) -> String) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        guard !m.items.isEmpty else {
            return "<p class=\"muted empty\">\(m.query.isEmpty ? l.t("article.none") : l.t("article.no_match"))</p>"
        }
        return "<ul class=\"advisory-list\">" + m.items.map { a -> HTML in
            let title = Advisory.text(a.title, lang)
            let draft: HTML = a.published ? .empty : " <span class=\"badge draft\">\(l.t("advisory.state.draft"))</span>"
            let audience: HTML = ctx.user == nil ? .empty : " <span class=\"badge kind\">\(l.t(a.audience.labelKey))</span>"
            return """
            <li class="advisory-item"><h2><a href="\(link(a))">\(title.isEmpty ? a.slug : title)</a>\(audience)\(draft)</h2>\
            <p>\(Advisory.text(a.summary, lang))</p></li>
            """
        }.joined() + "</ul>"
    }

    /// The public knowledge base.
    public static func publicList(_ m: ArticleListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let content: HTML = """
        <h1>\(l.t("article.list_title"))</h1><p class="lead">\(l.t("article.list_lead"))</p>\
        \(searchForm(Paths.articles(lang), m, ctx, classes: false))\(items(m, ctx) { Paths.article(lang, slug: $0.slug) })
        """
        return Layout.publicPage(title: l.t("article.list_title"), ctx, bodyClass: "knowledge", content)
    }

    /// One article, on the public site or in the console.
    public static func article(_ a: Article, _ ctx: PageContext, console: Bool, editPath: String? = nil) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let title = Advisory.text(a.title, lang)
        let back = console ? Paths.consoleArticles(lang) : Paths.articles(lang)
        let classes: HTML = a.classes.isEmpty ? .empty
            : "<p class=\"meta\">\(a.classes.map { c -> HTML in "<span class=\"badge kind\">\(l.classLabel(c))</span>" }.joined())</p>"
        let edit: HTML = editPath.map { p -> HTML in " · <a href=\"\(p)\">\(l.t("advisory.edit"))</a>" } ?? .empty
        let content: HTML = """
        <article class="advisory"><header><h1>\(title.isEmpty ? a.slug : title)</h1>\
        <p class="lead">\(Advisory.text(a.summary, lang))</p>\(classes)</header>\
        <section class="markdown">\(HTML(raw: Markdown.html(Advisory.text(a.body, lang))))</section>\
        <p class="advisory-actions"><a href="\(back)">\(l.t("article.back"))</a>\(edit)</p></article>
        """
        return console ? Layout.consolePage(title: title, ctx, content)
            : Layout.publicPage(title: title, ctx, bodyClass: "article-page", content)
    }

    /// The console's knowledge base.
    public static func consoleList(_ m: ArticleListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let new: HTML = m.canEdit ? "<p><a class=\"button primary\" href=\"\(Paths.newArticle(lang))\">\(l.t("article.new"))</a></p>" : .empty
        let content: HTML = """
        <h1>\(l.t("article.console_title"))</h1><p class="lead">\(l.t("article.console_lead"))</p>\(new)\
        \(searchForm(Paths.consoleArticles(lang), m, ctx, classes: true))\(items(m, ctx) { Paths.consoleArticle(lang, slug: $0.slug) })
        """
        return Layout.consolePage(title: l.t("article.console_title"), ctx, content)
    }

    /// The editor: both languages side by side.
    public static func form(_ m: ArticleFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, errors: m.errors, idPrefix: "art")
        var labels: [(name: String, label: String)] = [("slug", l.t("article.slug")), ("audience", l.t("article.audience")),
                                                       ("classes", l.t("article.classes"))]
        for language in Language.allCases {
            labels += [("title_\(language.rawValue)", "\(l.t("advisory.title")) (\(language.nativeName))"),
                       ("body_\(language.rawValue)", "\(l.t("advisory.body")) (\(language.nativeName))")]
        }
        let audiences: HTML = Article.Audience.allCases.map { a -> HTML in
            "<option value=\"\(a.rawValue)\"\(Components.selected(m.audience == a.rawValue))>\(l.t(a.labelKey))</option>"
        }.joined()
        let classes: HTML = Taxonomy.classes.map { c -> HTML in
            "<label class=\"choice\"><input type=\"checkbox\" name=\"classes\" value=\"\(c.key)\"\(Components.checked(m.classes.contains(c.key)))> \(l.classLabel(c.key))</label>"
        }.joined()
        func column(_ language: Language) -> HTML {
            let c = language.rawValue
            return """
            <fieldset class="language-column" lang="\(c)"><legend>\(language.nativeName)</legend>\
            \(f.input("title_\(c)", label: l.t("advisory.title"), value: m.title[language] ?? "", extra: " maxlength=\"\(Article.maxTitle)\""))\
            \(f.textarea("summary_\(c)", label: l.t("advisory.summary"), value: m.summary[language] ?? "", rows: 3, mark: .optional))\
            \(f.textarea("body_\(c)", label: l.t("advisory.body"), value: m.body[language] ?? "", rows: 18, hint: l.t("advisory.markdown_hint")))</fieldset>
            """
        }
        let action = m.id.map { Paths.editArticle(lang, id: $0.uuidString) } ?? Paths.newArticle(lang)
        let title = m.id == nil ? l.t("article.new") : l.t("article.edit")
        let content: HTML = """
        <h1>\(title)</h1>\(f.summary(fields: labels))\
        <form method="post" action="\(action)" class="form advisory-form">\(Components.csrf(ctx))\
        <div class="side-by-side">\
        \(f.input("slug", label: l.t("article.slug"), value: m.slug, mark: .required, hint: l.t("article.slug_hint"),
                  extra: " maxlength=\"\(Article.maxSlug)\" spellcheck=\"false\" autocomplete=\"off\""))\
        \(f.select("audience", label: l.t("article.audience"), options: audiences, hint: l.t("article.audience_hint")))</div>\
        <fieldset class="field"><legend>\(l.t("article.classes"))</legend><p class="hint">\(l.t("article.classes_hint"))</p>\
        <div class="choices">\(classes)</div></fieldset>\
        <div class="language-columns">\(Language.allCases.map(column).joined())</div>\
        <div class="field"><label class="choice"><input type="checkbox" name="published" value="1"\(Components.checked(m.published))> \
        \(l.t("article.published"))</label></div>\
        <div class="actions"><button type="submit" class="button primary">\(l.t("form.save"))</button> \
        <a href="\(Paths.consoleArticles(lang))">\(l.t("form.cancel"))</a></div></form>
        """
        return Layout.consolePage(title: title, ctx, content)
    }
}

enum KnowledgeHTML {
    /// The incident page's box of procedures for its class.
    static func procedures(_ items: [ArticleLink], _ ctx: PageContext) -> HTML {
        guard !items.isEmpty else { return .empty }
        let l = ctx.l
        let lang = ctx.language
        let links = items.map { a -> HTML in
            let title = Advisory.text(a.title, lang)
            return "<li><a href=\"\(Paths.consoleArticle(lang, slug: a.slug))\">\(title.isEmpty ? a.slug : title)</a></li>"
        }
        return "<section class=\"card procedures\"><h2>\(l.t("article.procedures"))</h2><ul>\(links.joined())</ul></section>"
    }
}
