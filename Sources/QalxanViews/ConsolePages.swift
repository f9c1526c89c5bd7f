import Foundation
import QalxanCore

/// The pages of the staff console.
public enum ConsolePages {
    /// Staff sign-in.
    public static func login(_ m: LoginModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l)
        // One message for a wrong address and a wrong password; both fields point at it.
        let error: HTML = m.error.map { "<div class=\"error-summary\" role=\"alert\" id=\"login-error\"><p>\(l.t($0))</p></div>" } ?? .empty
        let invalid: HTML = m.error != nil ? " aria-invalid=\"true\" aria-describedby=\"login-error\"" : .empty
        let content: HTML = """
        <div class="narrow"><h1>\(l.t("login.title"))</h1>\(error)\
        <form method="post" action="\(Paths.login(ctx.language))" class="form">\(Components.csrf(ctx))\
        <input type="hidden" name="next" value="\(m.next)">\
        \(f.input("email", label: l.t("login.email"), value: m.email, type: "email", mark: .required,
                  extra: " autocomplete=\"username\" autofocus" + invalid))\
        \(f.input("password", label: l.t("login.password"), value: "", type: "password", mark: .required,
                  extra: " autocomplete=\"current-password\"" + invalid))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("login.submit"))</button></div></form></div>
        """
        return Layout.consolePage(title: l.t("login.title"), ctx, content)
    }

    /// The first administrator's account, through the one-time setup link.
    public static func setup(_ m: SetupModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.errors)
        let labels: [(name: String, label: String)] = [
            ("email", l.t("setup.email")), ("name", l.t("setup.name")),
            ("password", l.t("setup.password")), ("password_confirm", l.t("setup.password_confirm")),
        ]
        let content: HTML = """
        <div class="narrow"><h1>\(l.t("setup.title"))</h1><p class="lead">\(l.t("setup.lead"))</p>\
        \(f.summary(fields: labels))\
        <form method="post" action="\(Paths.setup(ctx.language, token: m.token))" class="form">\(Components.csrf(ctx))\
        \(f.input("email", label: l.t("setup.email"), value: m.email, type: "email", mark: .required,
                  extra: " autocomplete=\"username\""))\
        \(f.input("name", label: l.t("setup.name"), value: m.name, mark: .required, extra: " autocomplete=\"name\""))\
        \(f.input("password", label: l.t("setup.password"), value: "", type: "password", mark: .required,
                  hint: l.t("setup.password_hint"), extra: " autocomplete=\"new-password\""))\
        \(f.input("password_confirm", label: l.t("setup.password_confirm"), value: "", type: "password", mark: .required,
                  extra: " autocomplete=\"new-password\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("setup.submit"))</button></div></form></div>
        """
        return Layout.consolePage(title: l.t("setup.title"), ctx, content)
    }

    /// The signed-in staff member's account: a new password.
    public static func account(_ m: AccountModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.errors)
        let labels: [(name: String, label: String)] = [
            ("current_password", l.t("account.current")), ("password", l.t("account.new")),
            ("password_confirm", l.t("account.confirm")),
        ]
        let who: String = ctx.user.map { "\($0.ref.email) · \(l.t($0.role.labelKey))" } ?? ""
        let content: HTML = """
        <div class="narrow"><h1>\(l.t("account.title"))</h1><p class="lead">\(who)</p>\
        \(f.summary(fields: labels))\
        <form method="post" action="\(Paths.account(ctx.language))" class="form">\(Components.csrf(ctx))\
        \(f.input("current_password", label: l.t("account.current"), value: "", type: "password", mark: .required,
                  extra: " autocomplete=\"current-password\""))\
        \(f.input("password", label: l.t("account.new"), value: "", type: "password", mark: .required,
                  hint: l.t("setup.password_hint"), extra: " autocomplete=\"new-password\""))\
        \(f.input("password_confirm", label: l.t("account.confirm"), value: "", type: "password", mark: .required,
                  extra: " autocomplete=\"new-password\""))\
        <p class="hint">\(l.t("account.sessions_hint"))</p>\
        <div class="actions"><button type="submit" class="button primary">\(l.t("account.submit"))</button></div></form></div>
        """
        return Layout.consolePage(title: l.t("account.title"), ctx, content)
    }

    /// The console's start page: counts per status, new reports, my incidents.
    public static func dashboard(_ m: DashboardModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let cards = IncidentStatus.allCases.map { s -> HTML in
            """
            <li><a class="count-card status-\(s.rawValue)" href="\(Paths.incidents(lang, query: [("status", s.rawValue)]))">\
            <span class="count">\(m.counts[s] ?? 0)</span> <span class="label">\(l.t(s.labelKey))</span></a></li>
            """
        }.joined()
        let content: HTML = """
        <h1>\(l.t("dashboard.title"))</h1>\
        <section><h2>\(l.t("dashboard.counts"))</h2><ul class="cards">\(cards)</ul></section>\
        <section><h2>\(l.t("dashboard.new_reports", ["count": String(m.newReportCount)]))</h2>\
        \(reportTable(m.newReports, ctx, empty: l.t("dashboard.no_new_reports")))\
        <p><a href="\(Paths.reports(lang) + "?state=new")">\(l.t("dashboard.all_new_reports"))</a></p></section>\
        <section><h2>\(l.t("dashboard.my_incidents"))</h2>\
        \(incidentTable(m.myIncidents, ctx, empty: l.t("dashboard.no_incidents")))\
        <p><a href="\(Paths.incidents(lang, query: [("status", "active")]))">\(l.t("dashboard.all_incidents"))</a></p></section>
        """
        return Layout.consolePage(title: l.t("dashboard.title"), ctx, content)
    }

    // MARK: - Shared tables

    /// Reports as rows: number, received, channel, state, reporter, category, TLP, excerpt.
    static func reportTable(_ reports: [ReportSummary], _ ctx: PageContext, empty: String) -> HTML {
        let l = ctx.l
        let rows = reports.map { r -> HTML in
            """
            <tr><td class="nowrap"><a href="\(Paths.report(ctx.language, id: r.id.uuidString))">\(r.number)</a></td>\
            <td class="nowrap">\(Components.time(r.receivedAt, l))</td><td>\(l.t(Keys.channel(r.channel)))</td>\
            <td>\(Components.reportStateBadge(r.state, l))</td>\
            <td>\(r.reporter.isEmpty ? l.t("report.anonymous_reporter") : r.reporter)</td>\
            <td>\(Components.categoryLabel(r.category, l))</td><td>\(Components.tlpBadge(r.tlp))</td>\
            <td class="excerpt">\(r.excerpt)</td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("reports.col.number"))", "\(l.t("reports.col.received"))", "\(l.t("reports.col.channel"))",
            "\(l.t("reports.col.state"))", "\(l.t("reports.col.reporter"))", "\(l.t("reports.col.category"))",
            "TLP", "\(l.t("reports.col.excerpt"))",
        ]
        return Components.table(head: head, rows: rows, empty: empty)
    }

    /// Incidents as rows, without sorting links (the incident list has its own).
    static func incidentTable(_ incidents: [IncidentSummary], _ ctx: PageContext, empty: String) -> HTML {
        let l = ctx.l
        let head: [HTML] = [
            "\(l.t("incidents.col.number"))", "\(l.t("incidents.col.title"))", "\(l.t("incidents.col.status"))",
            "\(l.t("incidents.col.severity"))", "TLP", "\(l.t("incidents.col.updated"))",
        ]
        let rows = incidents.map { i -> HTML in
            """
            <tr><td class="nowrap"><a href="\(Paths.incident(ctx.language, number: i.number))">\(i.number)</a></td>\
            <td class="title-cell">\(i.title)</td><td>\(Components.statusBadge(i.status, l))</td>\
            <td>\(Components.severityBadge(i.severity, l))</td><td>\(Components.tlpBadge(i.tlp))</td>\
            <td class="nowrap">\(Components.time(i.updatedAt, l))</td></tr>
            """
        }
        return Components.table(head: head, rows: rows, empty: empty)
    }
}
