import QalxanCore

/// The two page frames: the public site and the staff console. Each returns a complete
/// document; pages only make what goes inside `<main>`.
enum Layout {
    /// A page of the public site.
    static func publicPage(title: String, _ ctx: PageContext, bodyClass: String = "", _ content: HTML, head: HTML = .empty) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let items: [(String, String)] = [
            (Paths.home(lang), l.t("nav.home")),
            (Paths.advisories(lang), l.t("nav.advisories")),
            (Paths.articles(lang), l.t("nav.knowledge")),
            (Paths.about(lang), l.t("nav.about")),
            (Paths.contact(lang), l.t("nav.contact")),
            (Paths.report(lang), l.t("nav.report")),
            (Paths.statusForm(lang), l.t("nav.status")),
        ]
        let header: HTML = """
        <header class="site-header"><div class="wrap header-row">\
        <a class="brand" href="\(Paths.home(lang))"><span class="brand-team">\(ctx.teamName)</span> <span class="brand-app">\(l.t("app.name"))</span></a>\
        \(languageSwitcher(ctx))</div>\
        <nav class="main-nav" aria-label="\(l.t("nav.label"))"><div class="wrap"><ul>\(navItems(items, ctx))</ul></div></nav></header>
        """
        let footer: HTML = """
        <footer class="site-footer"><div class="wrap"><p>\(ctx.teamName) · \(l.t("footer.powered"))</p>\
        <p><a href="\(Paths.report(lang))">\(l.t("nav.report"))</a> · <a href="\(Paths.contact(lang))">\(l.t("nav.contact"))</a> · \
        <a href="\(Paths.login(lang))">\(l.t("footer.staff"))</a></p></div></footer>
        """
        return document(title: title, ctx, bodyClass: "public " + bodyClass, header: header, content: content, footer: footer, head: head)
    }

    /// A page for printing: the content with the team's name above, no navigation.
    static func printPage(title: String, _ ctx: PageContext, _ content: HTML) -> HTML {
        let header: HTML = "<header class=\"print-header\"><div class=\"wrap\"><p class=\"brand-team\">\(ctx.teamName)</p></div></header>"
        return document(title: title, ctx, bodyClass: "public print", header: header, content: content, footer: .empty)
    }

    /// A page of the staff console. Without a signed-in user (sign-in, setup) it has no
    /// navigation.
    static func consolePage(title: String, _ ctx: PageContext, _ content: HTML) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        var nav = HTML.empty
        var account = HTML.empty
        if let user = ctx.user {
            var items: [(String, String)] = []
            if user.role.allows(.viewIncidents) {
                items += [(Paths.console(lang), l.t("console.nav.dashboard")), (Paths.reports(lang), l.t("console.nav.reports")),
                          (Paths.incidents(lang), l.t("console.nav.incidents"))]
            }
            if user.role.allows(.viewConstituency) {
                items += [(Paths.organisations(lang), l.t("console.nav.organisations")), (Paths.lookup(lang), l.t("console.nav.lookup"))]
            }
            items += [(Paths.consoleAdvisories(lang), l.t("console.nav.advisories")), (Paths.consoleArticles(lang), l.t("console.nav.knowledge"))]
            if user.role.allows(.viewEvents) {
                items.append((Paths.events(lang), l.t("console.nav.events")))
                items.append((Paths.runs(lang), l.t("console.nav.runs")))
                items.append((Paths.feeds(lang), l.t("console.nav.feeds")))
            }
            if user.role.allows(.readMail) { items.append((Paths.mail(lang), l.t("console.nav.mail"))) }
            items.append((Paths.tokens(lang), l.t("console.nav.tokens")))
            if user.role.allows(.manageUsers) { items.append((Paths.users(lang), l.t("console.nav.users"))) }
            if user.role.allows(.editTeamProfile) {
                items.append((Paths.profileSettings(lang), l.t("console.nav.profile")))
                items.append((Paths.teamKey(lang), l.t("console.nav.team_key")))
            }
            if user.role.allows(.readAudit) { items.append((Paths.audit(lang), l.t("console.nav.audit"))) }
            nav = """
            <nav class="main-nav" aria-label="\(l.t("console.nav.label"))"><div class="wrap"><ul>\(navItems(items, ctx))</ul></div></nav>
            """
            account = """
            <div class="account"><a class="account-name" href="\(Paths.account(lang))" title="\(l.t("account.title"))">\(user.ref.display)</a> \
            <span class="badge role">\(l.t(user.role.labelKey))</span> \
            <form method="post" action="\(Paths.logout(lang))" class="inline">\(Components.csrf(ctx))\
            <button type="submit" class="link-button">\(l.t("console.logout"))</button></form></div>
            """
        }
        let home = ctx.user == nil ? Paths.home(lang) : Paths.console(lang)
        let header: HTML = """
        <header class="site-header console-header"><div class="wrap header-row">\
        <a class="brand" href="\(home)"><span class="brand-team">\(ctx.teamName)</span> <span class="brand-app">\(l.t("app.name"))</span> \
        <span class="brand-console">\(l.t("console.title"))</span></a>\
        \(account)\(languageSwitcher(ctx))</div>\(nav)</header>
        """
        let footer: HTML = """
        <footer class="site-footer"><div class="wrap"><p>\(l.t("app.name")) · \(l.t("footer.console"))</p></div></footer>
        """
        return document(title: title, ctx, bodyClass: "console", header: header, content: content, footer: footer)
    }

    private static func document(title: String, _ ctx: PageContext, bodyClass: String, header: HTML, content: HTML,
                                 footer: HTML, head: HTML = .empty) -> HTML {
        let l = ctx.l
        let alternates = Language.allCases.filter { $0 != ctx.language }.map { other -> HTML in
            "<link rel=\"alternate\" hreflang=\"\(other.rawValue)\" href=\"\(switchHref(ctx, other))\">"
        }.joined()
        let flash: HTML = ctx.flash.map { "<div class=\"flash\" role=\"status\">\($0)</div>" } ?? .empty
        return """
        <!doctype html>
        <html lang="\(ctx.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(title) · \(ctx.teamName)</title>
        <link rel="stylesheet" href="\(Paths.stylesheet)">
        \(alternates)\(head)
        </head>
        <body class="\(bodyClass)">
        <a class="skip-link" href="#main">\(l.t("nav.skip"))</a>
        \(header)
        <main id="main" class="wrap">
        \(flash)\(content)
        </main>
        \(footer)
        </body>
        </html>

        """
    }

    /// The same page and query in another language.
    static func switchHref(_ ctx: PageContext, _ other: Language) -> String {
        Paths.switchLanguage(ctx.path, to: other) + (ctx.query.isEmpty ? "" : "?" + ctx.query)
    }

    /// Links to this page in every other language, each named in its own language.
    static func languageSwitcher(_ ctx: PageContext) -> HTML {
        let links = Language.allCases.filter { $0 != ctx.language }.map { other -> HTML in
            """
            <li><a href="\(switchHref(ctx, other))" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(other.nativeName)</a></li>
            """
        }.joined()
        return "<nav class=\"lang-switch\" aria-label=\"\(ctx.l.t("nav.language"))\"><ul>\(links)</ul></nav>"
    }

    private static func navItems(_ items: [(String, String)], _ ctx: PageContext) -> HTML {
        // The deepest matching link is the current section (`/console` is a prefix of all).
        let current = items.map(\.0).filter { isCurrent($0, ctx.path) }.max { $0.count < $1.count }
        return items.map { (href, label) -> HTML in
            let aria: HTML = href == current ? " aria-current=\"page\"" : .empty
            return "<li><a href=\"\(href)\"\(aria)>\(label)</a></li>"
        }.joined()
    }

    private static func isCurrent(_ href: String, _ path: String) -> Bool {
        let h = href.hasSuffix("/") ? String(href.dropLast()) : href
        let p = path.hasSuffix("/") ? String(path.dropLast()) : path
        if p == h { return true }
        // Home (`/en/`) is current only on itself; other sections also on their sub-pages.
        return href.hasSuffix("/") ? false : p.hasPrefix(h + "/")
    }
}
