import Foundation
import QalxanCore

extension ConsolePages {
    /// Staff accounts: the list with a role and active switch per account, and a form
    /// to create one.
    public static func users(_ m: UsersModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let rows = m.users.map { u -> HTML in
            let id = u.ref.id.uuidString
            let me = ctx.user?.ref.id == u.ref.id
            return """
            <tr><td>\(u.ref.name.isEmpty ? "—" : u.ref.name)\(me ? " <span class=\"badge\">\(l.t("users.you"))</span>" : HTML.empty)</td>\
            <td class="wrap-anywhere">\(u.ref.email)</td>\
            <td>\(l.t(u.role.labelKey))</td>\
            <td>\(u.active ? l.t("users.active") : l.t("users.inactive"))</td>\
            <td class="nowrap">\(Components.time(u.lastLoginAt, l))</td>\
            <td><form method="post" action="\(Paths.user(lang, id: id))" class="row-form">\(Components.csrf(ctx))\
            <label class="visually-hidden" for="role-\(id)">\(l.t("users.role"))</label>\
            <select id="role-\(id)" name="role">\(Components.roleOptions(selected: u.role, l))</select> \
            <label><input type="checkbox" name="active" value="1"\(Components.checked(u.active))> \(l.t("users.active"))</label> \
            <button type="submit" class="button small">\(l.t("form.save"))</button></form></td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("users.name"))", "\(l.t("users.email"))", "\(l.t("users.role"))", "\(l.t("users.state"))",
            "\(l.t("users.last_login"))", "\(l.t("users.change"))",
        ]
        let f = FormFields(l, errors: m.errors, idPrefix: "new-user")
        let labels: [(name: String, label: String)] = [
            ("email", l.t("users.email")), ("name", l.t("users.name")), ("role", l.t("users.role")),
            ("password", l.t("users.password")),
        ]
        let roles = Role.allCases.map { r -> HTML in "<li>\(l.t(r.labelKey)): \(l.t(r.labelKey + ".help"))</li>" }.joined()
        let content: HTML = """
        <h1>\(l.t("users.title"))</h1>\
        \(Components.table(head: head, rows: rows, empty: l.t("users.empty")))\
        <section class="card"><h2>\(l.t("users.create"))</h2>\(f.summary(fields: labels))\
        <form method="post" action="\(Paths.users(lang))" class="form">\(Components.csrf(ctx))\
        \(f.input("email", label: l.t("users.email"), value: m.email, type: "email", mark: .required, extra: " autocomplete=\"off\""))\
        \(f.input("name", label: l.t("users.name"), value: m.name, mark: .required, extra: " autocomplete=\"off\""))\
        \(f.select("role", label: l.t("users.role"), options: Components.roleOptions(selected: m.role, l)))\
        <ul class="hint">\(roles)</ul>\
        \(f.input("password", label: l.t("users.password"), value: "", type: "password", mark: .required,
                  hint: l.t("setup.password_hint"), extra: " autocomplete=\"new-password\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("users.create_submit"))</button></div></form></section>
        """
        return Layout.consolePage(title: l.t("users.title"), ctx, content)
    }

    /// The signed-in user's API tokens; a new token's secret is shown once.
    public static func tokens(_ m: TokensModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let fresh: HTML = m.newToken.map { secret in
            """
            <div class="secret-box" role="status"><h2>\(l.t("tokens.new_title"))</h2>\
            <p class="warning"><strong>\(l.t("tokens.new_warning"))</strong></p>\
            <p><code class="copy">\(secret)</code></p></div>
            """
        } ?? .empty
        let rows = m.tokens.map { t -> HTML in
            let scopes = t.scopes.map { s -> HTML in "<li><code>\(s.rawValue)</code></li>" }.joined()
            let state: HTML = t.revoked ? "<span class=\"badge revoked\">\(l.t("tokens.revoked"))</span>"
                : "<span class=\"badge active\">\(l.t("tokens.active"))</span>"
            let revoke: HTML = t.revoked ? .empty : """
            <form method="post" action="\(Paths.revokeToken(lang, id: t.id.uuidString))" class="row-form">\(Components.csrf(ctx))\
            <button type="submit" class="button small danger">\(l.t("tokens.revoke"))</button></form>
            """
            return """
            <tr><td>\(t.name)</td><td><code>\(t.prefix)…</code></td><td><ul class="plain">\(scopes)</ul></td>\
            <td class="nowrap">\(Components.time(t.createdAt, l))</td><td class="nowrap">\(Components.time(t.lastUsedAt, l))</td>\
            <td class="nowrap">\(t.expiresAt.map { Components.time($0, l) } ?? "\(l.t("tokens.never"))")</td>\
            <td>\(state)</td><td>\(revoke)</td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("tokens.name"))", "\(l.t("tokens.prefix"))", "\(l.t("tokens.scopes"))", "\(l.t("tokens.created"))",
            "\(l.t("tokens.last_used"))", "\(l.t("tokens.expires"))", "\(l.t("tokens.state"))", "",
        ]
        let f = FormFields(l, errors: m.errors, idPrefix: "token")
        let labels: [(name: String, label: String)] = [
            ("name", l.t("tokens.name")), ("scopes", l.t("tokens.scopes")), ("expires_days", l.t("tokens.expires_days")),
        ]
        let scopeError = f.describe("scopes", hint: nil)
        let scopeBoxes = m.grantable.map { s -> HTML in
            """
            <label class="choice"><input type="checkbox" name="scopes" value="\(s.rawValue)"> <code>\(s.rawValue)</code> — \(l.t(Keys.scope(s)))</label>
            """
        }.joined()
        let content: HTML = """
        <h1>\(l.t("tokens.title"))</h1><p class="lead">\(l.t("tokens.lead"))</p>\(fresh)\
        \(Components.table(head: head, rows: rows, empty: l.t("tokens.empty")))\
        <section class="card"><h2>\(l.t("tokens.create"))</h2>\(f.summary(fields: labels))\
        <form method="post" action="\(Paths.tokens(lang))" class="form">\(Components.csrf(ctx))\
        \(f.input("name", label: l.t("tokens.name"), value: "", mark: .required, hint: l.t("tokens.name_hint"), extra: " maxlength=\"100\""))\
        <fieldset class="choices\(m.errors["scopes"] != nil ? " has-error" : "")" id="\(f.id("scopes"))"\(scopeError.attributes)>\
        <legend>\(l.t("tokens.scopes"))</legend>\(scopeError.error)\(scopeBoxes)</fieldset>\
        \(f.input("expires_days", label: l.t("tokens.expires_days"), value: "90", type: "number", hint: l.t("tokens.expires_hint"),
                  extra: " min=\"0\" max=\"3650\" inputmode=\"numeric\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("tokens.create_submit"))</button></div></form></section>
        """
        return Layout.consolePage(title: l.t("tokens.title"), ctx, content)
    }

    /// The team profile editor: per section, one text box per language side by side.
    public static func profileSettings(_ m: ProfileSettingsModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.errors, idPrefix: "p")
        let sections = TeamProfile.sections.map { section -> HTML in
            let depth = section.key.split(separator: ".").count
            let title: HTML = "<span class=\"secno\">\(section.key)</span> \(l.t(section.labelKey))"
            if section.isHeading {
                return "<h2 class=\"settings-heading depth-\(depth)\">\(title)</h2>"
            }
            let boxes = Language.allCases.map { lang -> HTML in
                let name = ProfileSettingsModel.fieldName(section.key, lang)
                return f.textarea(name, label: lang.nativeName, value: m.profile.value(section.key, lang), rows: 4,
                                  extra: " lang=\"\(lang.rawValue)\" maxlength=\"\(TeamProfile.maxLength)\"")
            }.joined()
            return """
            <fieldset class="profile-fields depth-\(depth)"><legend>\(title)</legend><div class="side-by-side">\(boxes)</div></fieldset>
            """
        }.joined()
        let labels: [(name: String, label: String)] = TeamProfile.sections.filter { !$0.isHeading }.flatMap { s in
            Language.allCases.map { lang in
                (ProfileSettingsModel.fieldName(s.key, lang), "\(s.key) \(l.t(s.labelKey)) (\(lang.nativeName))")
            }
        }
        let content: HTML = """
        <h1>\(l.t("profile_settings.title"))</h1><p class="lead">\(l.t("profile_settings.lead"))</p>\
        \(f.summary(fields: labels))\
        <form method="post" action="\(Paths.profileSettings(ctx.language))" class="form wide">\(Components.csrf(ctx))\
        \(sections)\
        <div class="actions sticky-actions"><button type="submit" class="button primary">\(l.t("form.save"))</button> \
        <a href="\(Paths.about(ctx.language))">\(l.t("profile_settings.view"))</a></div></form>
        """
        return Layout.consolePage(title: l.t("profile_settings.title"), ctx, content)
    }

    /// The audit log with the state of its hash chain.
    public static func audit(_ m: AuditModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let banner: HTML
        if m.chainIntact {
            banner = "<div class=\"banner ok\" role=\"status\"><strong>\(l.t("audit.intact"))</strong> \(l.t("audit.intact_help"))</div>"
        } else {
            let at = m.brokenAt.map { l.t("audit.broken_at", ["seq": String($0)]) } ?? l.t("audit.broken")
            banner = "<div class=\"banner danger\" role=\"alert\"><strong>\(at)</strong> \(l.t("audit.broken_help"))</div>"
        }
        let rows = m.page.items.map { r -> HTML in
            let broken = m.brokenAt == r.seq
            return """
            <tr\(broken ? " class=\"broken\"" : HTML.empty)><td class="num">\(r.seq)</td><td class="nowrap">\(Components.time(r.at, l))</td>\
            <td>\(r.actor)</td><td class="nowrap">\(r.address)</td><td><code>\(r.action)</code></td>\
            <td>\(r.entity)<span class="muted wrap-anywhere"> \(r.entityID)</span></td><td class="detail">\(r.detail)</td></tr>
            """
        }
        let head: [HTML] = [
            "#", "\(l.t("audit.at"))", "\(l.t("audit.actor"))", "\(l.t("audit.address"))", "\(l.t("audit.action"))",
            "\(l.t("audit.entity"))", "\(l.t("audit.detail"))",
        ]
        let content: HTML = """
        <h1>\(l.t("audit.title"))</h1>\(banner)\
        <p class="count-line">\(l.t("audit.total", ["count": String(m.page.total)]))</p>\
        \(Components.table(head: head, rows: rows, empty: l.t("audit.empty")))\
        \(Components.pagination(page: m.page.page, pageCount: m.page.pageCount, l) { Paths.audit(ctx.language, page: $0) })
        """
        return Layout.consolePage(title: l.t("audit.title"), ctx, content)
    }
}
