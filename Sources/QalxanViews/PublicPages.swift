import Foundation
import QalxanCore

/// The pages of the public site: the team's profile, the report form and the status
/// lookup for reporters, and the error page.
public enum PublicPages {
    /// The start page: who the team is, whom it serves, and the two things a visitor
    /// comes for (report an incident, check a report's status).
    public static func home(_ m: ProfileModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let p = m.profile
        let name = p.display("2.1", lang).isEmpty ? ctx.teamName : p.display("2.1", lang)
        let mission = p.display("3.1", lang)
        let constituency = p.display("3.2", lang)
        var blocks: [HTML] = []
        if !mission.isEmpty {
            blocks.append("<section><h2>\(l.t("profile.3.1"))</h2><div class=\"text\">\(mission)</div></section>")
        }
        if !constituency.isEmpty {
            blocks.append("<section><h2>\(l.t("profile.3.2"))</h2><div class=\"text\">\(constituency)</div></section>")
        }
        let content: HTML = """
        <section class="hero"><h1>\(name)</h1><p class="lead">\(l.t("home.lead"))</p>\
        <div class="cta"><a class="button primary big" href="\(Paths.report(lang))">\(l.t("home.report"))</a>\
        <a class="button big" href="\(Paths.statusForm(lang))">\(l.t("home.status"))</a></div>\
        <p class="hint">\(l.t("home.report_hint"))</p></section>\
        <div class="columns">\(blocks.joined())</div>\
        \(reachUs(p, ctx))
        """
        return Layout.publicPage(title: l.t("home.title"), ctx, bodyClass: "home", content)
    }

    /// Every section of the RFC 2350 profile, in order and numbered.
    public static func about(_ m: ProfileModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let sections = TeamProfile.sections.map { section(m.profile, $0, ctx) }.joined()
        let content: HTML = """
        <h1>\(l.t("about.title"))</h1><p class="lead">\(l.t("about.lead"))</p>\
        <div class="profile">\(sections)</div>
        """
        return Layout.publicPage(title: l.t("about.title"), ctx, bodyClass: "about", content)
    }

    /// The contact sections of the profile.
    public static func contact(_ m: ProfileModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let sections = TeamProfile.sections.filter { TeamProfile.contactKeys.contains($0.key) }
            .map { section(m.profile, $0, ctx, level: 2) }.joined()
        let content: HTML = """
        <h1>\(l.t("contact.title"))</h1><p class="lead">\(l.t("contact.lead"))</p>\
        <p><a class="button primary" href="\(Paths.report(ctx.language))">\(l.t("home.report"))</a></p>\
        <div class="profile">\(sections)</div>
        """
        return Layout.publicPage(title: l.t("contact.title"), ctx, bodyClass: "contact", content)
    }

    /// The form to look up a report by its number and key.
    public static func statusForm(_ m: StatusFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l)
        // One message for an unknown number and a wrong key: the page must not tell
        // which reports exist.
        let notFound: HTML = m.notFound
            ? "<div class=\"error-summary\" role=\"alert\"><p>\(l.t("status_form.not_found"))</p></div>" : .empty
        let content: HTML = """
        <h1>\(l.t("status_form.title"))</h1><p class="lead">\(l.t("status_form.lead"))</p>\(notFound)\
        <form method="post" action="\(Paths.statusForm(ctx.language))" class="form narrow">\(Components.csrf(ctx))\
        \(f.input("number", label: l.t("status_form.number"), value: m.number, mark: .required,
                  hint: l.t("status_form.number_hint"), extra: " autocomplete=\"off\" spellcheck=\"false\" maxlength=\"64\""))\
        \(f.input("key", label: l.t("status_form.key"), value: "", type: "password", mark: .required,
                  hint: l.t("status_form.key_hint"), extra: " autocomplete=\"off\" spellcheck=\"false\" maxlength=\"200\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("status_form.submit"))</button></div></form>
        """
        return Layout.publicPage(title: l.t("status_form.title"), ctx, bodyClass: "status-form", content)
    }

    /// What a reporter may know about their report: where it stands and since when.
    public static func status(_ m: ReportStatusModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let steps: [ReportStatusModel.PublicState] = m.state == .rejected
            ? [.received, .rejected] : [.received, .inProgress, .waiting, .resolved, .closed]
        let currentIndex = steps.firstIndex(of: m.state) ?? 0
        let items = steps.enumerated().map { (i, s) -> HTML in
            let cls = i < currentIndex ? "done" : (i == currentIndex ? "current" : "todo")
            let aria: HTML = i == currentIndex ? " aria-current=\"step\"" : .empty
            return "<li class=\"\(cls)\"\(aria)>\(l.t(s.labelKey))</li>"
        }.joined()
        let content: HTML = """
        <h1>\(l.t("status_page.title"))</h1>\
        <p class="tracking"><span class="muted">\(l.t("status_page.number"))</span> <strong class="number">\(m.number)</strong></p>\
        <div class="status-now state-\(m.state.rawValue)"><h2>\(l.t(m.state.labelKey))</h2>\
        <p>\(l.t(m.state.labelKey + ".help"))</p></div>\
        <ol class="steps" aria-label="\(l.t("status_page.steps"))">\(items)</ol>\
        <dl class="facts"><div><dt>\(l.t("status_page.received"))</dt><dd>\(Components.time(m.receivedAt, l))</dd></div>\
        <div><dt>\(l.t("status_page.updated"))</dt><dd>\(Components.time(m.updatedAt, l))</dd></div></dl>\
        <p class="hint">\(l.t("status_page.contact_hint"))</p>\
        <p><a href="\(Paths.contact(ctx.language))">\(l.t("nav.contact"))</a></p>
        """
        return Layout.publicPage(title: l.t("status_page.title"), ctx, bodyClass: "status", content)
    }

    /// An error page; in the console frame for a signed-in user.
    public static func error(_ m: ErrorModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let back = ctx.user == nil ? Paths.home(ctx.language) : Paths.console(ctx.language)
        let content: HTML = """
        <div class="error-page"><p class="error-code">\(m.status)</p><h1>\(l.t(m.titleKey))</h1>\
        <p class="lead">\(l.t(m.messageKey))</p>\
        <p><a class="button" href="\(back)">\(ctx.user == nil ? l.t("errorpage.back_home") : l.t("errorpage.back_console"))</a></p></div>
        """
        let title = l.t(m.titleKey)
        return ctx.user == nil ? Layout.publicPage(title: title, ctx, bodyClass: "error", content)
            : Layout.consolePage(title: title, ctx, content)
    }

    // MARK: - Parts

    /// One profile section: its numbered heading and its text, or "not provided".
    static func section(_ p: TeamProfile, _ s: TeamProfile.Section, _ ctx: PageContext, level: Int? = nil) -> HTML {
        let l = ctx.l
        let depth = s.key.split(separator: ".").count
        let h = level ?? min(depth + 1, 4)
        let heading: HTML = "<h\(h) id=\"s-\(s.key.replacingOccurrences(of: ".", with: "-"))\"><span class=\"secno\">\(s.key)</span> \(l.t(s.labelKey))</h\(h)>"
        if s.isHeading { return "<section class=\"profile-heading depth-\(depth)\">\(heading)</section>" }
        let text = p.display(s.key, ctx.language)
        let body: HTML = text.isEmpty ? "<p class=\"muted not-provided\">\(l.t("profile.not_provided"))</p>"
            : "<div class=\"text\">\(text)</div>"
        return "<section class=\"profile-section depth-\(depth)\">\(heading)\(body)</section>"
    }

    /// E-mail (2.7) and telephone (2.4), linked when each is a single address or number.
    private static func reachUs(_ p: TeamProfile, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let email = p.display("2.7", ctx.language).trimmingCharacters(in: .whitespacesAndNewlines)
        let phone = p.display("2.4", ctx.language).trimmingCharacters(in: .whitespacesAndNewlines)
        var rows: [HTML] = []
        if !email.isEmpty {
            // Length first: a profile field may hold pages of text.
            let single = email.utf8.count <= 254 && TextInput.isEmail(email)
            let value: HTML = single ? "<a href=\"mailto:\(email)\">\(email)</a>" : "<span class=\"text\">\(email)</span>"
            rows.append("<div><dt>\(l.t("profile.2.7"))</dt><dd>\(value)</dd></div>")
        }
        if !phone.isEmpty {
            let value: HTML
            if phone.utf8.count <= 40 && TextInput.isPhone(phone) {
                let digits = phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
                value = "<a href=\"tel:\(digits)\">\(phone)</a>"
            } else {
                value = "<span class=\"text\">\(phone)</span>"
            }
            rows.append("<div><dt>\(l.t("profile.2.4"))</dt><dd>\(value)</dd></div>")
        }
        let list: HTML = rows.isEmpty ? "<p class=\"muted\">\(l.t("profile.not_provided"))</p>" : "<dl class=\"facts\">\(rows.joined())</dl>"
        return """
        <section class="reach"><h2>\(l.t("home.reach"))</h2>\(list)\
        <p><a href="\(Paths.contact(ctx.language))">\(l.t("home.all_contacts"))</a></p></section>
        """
    }
}
