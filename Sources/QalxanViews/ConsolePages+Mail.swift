import Foundation
import QalxanCore

/// The console's mail pages: the lists (quarantine, inbound, outbound), one message,
/// the template editor with its preview, and the form that writes from an incident.
public enum MailPages {
    /// Text as markup, escaped.
    static func txt(_ s: String) -> HTML { "\(s)" }

    static func stateBadge(_ s: MailState, _ l: Localizer) -> HTML {
        "<span class=\"badge mail-state mail-\(s.rawValue)\">\(l.t(s.labelKey))</span>"
    }

    static func reason(_ key: String, _ l: Localizer) -> String {
        key.isEmpty ? "" : (l.has(key) ? l.t(key) : key)
    }

    /// The views and the templates; `current` is nil on the templates' page.
    static func tabs(_ current: MailListModel.View?, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let links = MailListModel.View.allCases.map { v -> HTML in
            let cur: HTML = v == current ? " aria-current=\"page\"" : .empty
            return "<li><a href=\"\(Paths.mail(ctx.language, view: v.rawValue))\"\(cur)>\(l.t(v.labelKey))</a></li>"
        }.joined()
        let onTemplates: HTML = current == nil ? " aria-current=\"page\"" : .empty
        let templates: HTML = "<li><a href=\"\(Paths.mailTemplates(ctx.language))\"\(onTemplates)>\(l.t("mail.templates.title"))</a></li>"
        return "<nav class=\"tabs\" aria-label=\"\(l.t("mail.title"))\"><ul>\(links)\(templates)</ul></nav>"
    }

    /// The list of messages of one view.
    public static func list(_ m: MailListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let rows = m.items.map { i -> HTML in
            let who = i.direction == .inbound ? i.from : i.to
            let link: HTML = i.incidentNumber.map { n -> HTML in "<a href=\"\(Paths.incident(lang, number: n))\">\(n)</a>" } ?? .empty
            return """
            <tr><td>\(Components.time(i.at, l))</td><td>\(l.t(i.direction.labelKey))</td><td>\(stateBadge(i.state, l))</td>\
            <td>\(who)</td><td><a href="\(Paths.mailMessage(lang, id: i.id))">\(i.subject.isEmpty ? l.t("mail.no_subject") : i.subject)</a></td>\
            <td>\(reason(i.reason, l))</td><td>\(link)</td></tr>
            """
        }
        let table = Components.table(
            head: [txt(l.t("mail.col.time")), txt(l.t("mail.col.direction")), txt(l.t("mail.col.state")), txt(l.t("mail.col.who")),
                   txt(l.t("mail.col.subject")), txt(l.t("mail.col.reason")), txt(l.t("mail.col.incident"))],
            rows: rows, empty: l.t("mail.none"))
        let content: HTML = """
        <h1>\(l.t("mail.title"))</h1>\(tabs(m.view, ctx))<p class="lead">\(l.t("mail.view.\(m.view.rawValue).lead"))</p>\(table)
        """
        return Layout.consolePage(title: l.t("mail.title"), ctx, content)
    }

    /// One message with its state, its text and what can be done with it.
    public static func message(_ m: MailDetailModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let i = m.item
        func row(_ key: String, _ value: HTML) -> HTML { "<div><dt>\(l.t(key))</dt><dd>\(value)</dd></div>" }
        var facts: [HTML] = [
            row("mail.col.state", stateBadge(i.state, l)),
            row("mail.col.direction", txt(l.t(i.direction.labelKey))),
            row("mail.col.time", Components.time(i.at, l)),
            row("mail.from", txt(i.from)), row("mail.to", txt(i.to)),
            row("mail.message_id", txt(m.messageID)),
        ]
        if !m.inReplyTo.isEmpty { facts.append(row("mail.in_reply_to", txt(m.inReplyTo))) }
        if !i.reason.isEmpty { facts.append(row("mail.col.reason", txt(reason(i.reason, l)))) }
        if !m.detail.isEmpty { facts.append(row("mail.detail", "<code>\(m.detail)</code>")) }
        if i.direction == .inbound {
            facts.append(row("mail.mailbox", txt(m.mailbox)))
            facts.append(row("mail.signature", txt(l.t(i.signature.labelKey) + (m.signer.isEmpty ? "" : " · \(m.signer)"))))
        } else {
            facts.append(row("mail.kind", txt(MailKind(rawValue: m.kind).map { l.t($0.labelKey) } ?? m.kind)))
            facts.append(row("mail.attempts", txt(String(m.attempts))))
            facts.append(row("mail.next_attempt", Components.time(m.nextAttemptAt, l)))
            facts.append(row("mail.sent_at", Components.time(m.sentAt, l)))
            if !m.response.isEmpty { facts.append(row("mail.response", "<code>\(m.response)</code>")) }
            facts.append(row("mail.tlp", Components.tlpBadge(m.tlp)))
        }
        facts.append(row("mail.encrypted", txt(l.t(i.encrypted ? "mail.yes" : "mail.no"))))
        facts.append(row("mail.size", txt(Components.size(Int(m.size), l))))
        if let n = i.incidentNumber { facts.append(row("mail.col.incident", "<a href=\"\(Paths.incident(lang, number: n))\">\(n)</a>")) }
        if let n = i.reportNumber { facts.append(row("mail.report", txt(n))) }
        var actions: [HTML] = ["<a class=\"button\" href=\"\(Paths.mailRaw(lang, id: i.id))\">\(l.t("mail.download_raw"))</a>"]
        if m.canReplay {
            actions.append("""
            <form method="post" action="\(Paths.mailReplay(lang, id: i.id))" class="inline">\(Components.csrf(ctx))\
            <button type="submit" class="button primary">\(l.t("mail.replay"))</button></form>
            """)
        }
        if m.canRelease {
            actions.append("""
            <form method="post" action="\(Paths.mailRelease(lang, id: i.id))" class="inline">\(Components.csrf(ctx))\
            <button type="submit" class="button primary">\(l.t("mail.release"))</button></form>
            """)
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.mail(lang))">\(l.t("mail.title"))</a></p>\
        <h1>\(i.subject.isEmpty ? l.t("mail.no_subject") : i.subject)</h1>\
        <dl class="facts">\(facts.joined())</dl><div class="actions">\(actions.joined())</div>\
        <section><h2>\(l.t("mail.body"))</h2><pre class="mail-body">\(m.body)</pre></section>
        """
        return Layout.consolePage(title: i.subject.isEmpty ? l.t("mail.no_subject") : i.subject, ctx, content)
    }

    /// The templates: every kind in both languages.
    public static func templates(_ rows: [(kind: MailKind, language: Language, custom: Bool)], _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let body = rows.map { r -> HTML in
            """
            <tr><td><a href="\(Paths.mailTemplate(lang, kind: r.kind, language: r.language))">\(l.t(r.kind.labelKey))</a></td>\
            <td>\(l.t("mail.language.\(r.language.rawValue)"))</td><td>\(l.t(r.custom ? "mail.template.custom" : "mail.template.builtin"))</td></tr>
            """
        }
        let table = Components.table(head: [txt(l.t("mail.kind")), txt(l.t("mail.template.language")), txt(l.t("mail.template.source"))],
                                     rows: body, empty: "")
        let content: HTML = """
        <h1>\(l.t("mail.templates.title"))</h1>\(tabs(nil, ctx))<p class="lead">\(l.t("mail.templates.lead"))</p>\(table)
        """
        return Layout.consolePage(title: l.t("mail.templates.title"), ctx, content)
    }

    /// One template: the editor, the placeholders it may use, and the preview.
    public static func template(_ m: MailTemplateFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, errors: m.errors, idPrefix: "tpl")
        let unknown: HTML = m.unknown.isEmpty ? .empty
            : "<p class=\"field-error\">\(l.t("mail.template.unknown_names", ["names": m.unknown.map { "{{\($0)}}" }.joined(separator: ", ")]))</p>"
        let placeholders = m.kind.placeholders.map { p -> HTML in "<li><code>{{\(p)}}</code> — \(l.t("mail.placeholder.\(p)"))</li>" }.joined()
        let preview: HTML = m.preview.map { p -> HTML in
            """
            <section class="preview"><h2>\(l.t("mail.template.preview"))</h2><p><strong>\(l.t("mail.subject")):</strong> \(p.subject)</p>\
            <pre class="mail-body">\(p.body)</pre></section>
            """
        } ?? .empty
        let form: HTML = m.canEdit ? """
        <form method="post" action="\(Paths.mailTemplate(lang, kind: m.kind, language: m.language))">\(Components.csrf(ctx))\
        \(unknown)\(f.input("subject", label: l.t("mail.subject"), value: m.template.subject, mark: .required, extra: " maxlength=\"200\""))\
        \(f.textarea("body", label: l.t("mail.body"), value: m.template.body, rows: 18, mark: .required))\
        <div class="actions"><button type="submit" name="action" value="preview" class="button">\(l.t("mail.template.preview_submit"))</button> \
        <button type="submit" name="action" value="save" class="button primary">\(l.t("form.save"))</button> \
        \(m.custom ? "<button type=\"submit\" name=\"action\" value=\"reset\" class=\"button danger\">\(l.t("mail.template.reset"))</button>" as HTML : .empty)</div></form>
        """ : "<p><strong>\(l.t("mail.subject")):</strong> \(m.template.subject)</p><pre class=\"mail-body\">\(m.template.body)</pre>"
        let title = "\(l.t(m.kind.labelKey)) · \(l.t("mail.language.\(m.language.rawValue)"))"
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.mailTemplates(lang))">\(l.t("mail.templates.title"))</a></p><h1>\(title)</h1>\
        <p class="lead">\(l.t("mail.template.framing"))</p>\(form)\
        <section><h2>\(l.t("mail.template.placeholders"))</h2><ul>\(placeholders)</ul></section>\(preview)
        """
        return Layout.consolePage(title: title, ctx, content)
    }

    /// The form that writes to an incident's organisations, reporters or partners.
    public static func compose(_ m: MailComposeModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, errors: m.errors, idPrefix: "mail")
        let recipients: HTML = m.recipients.isEmpty ? "<p class=\"muted\">\(l.t("mail.compose.no_recipients"))</p>" : m.recipients.map { r -> HTML in
            let notes = r.notes.map { n -> HTML in " <span class=\"badge\">\(l.t(n))</span>" }.joined()
            let disabled: HTML = r.usable ? .empty : " disabled"
            return """
            <label class="recipient"><input type="checkbox" name="to" value="\(r.value)"\(Components.checked(m.selected.contains(r.value)))\(disabled)> \
            \(r.label) &lt;\(r.address)&gt; \(notes)</label>
            """
        }.joined()
        let toError: HTML = m.errors["to"].map { k -> HTML in "<p class=\"field-error\">\(l.t(k))</p>" } ?? .empty
        let kinds = MailKind.handlerKinds.map { k -> HTML in
            "<option value=\"\(k.rawValue)\"\(Components.selected(k == m.kind))>\(l.t(k.labelKey))</option>"
        }.joined()
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.incident(lang, number: m.number))">\(m.number)</a></p>\
        <h1>\(l.t("mail.compose.title"))</h1><p class="lead">\(m.title) · \(Components.tlpBadge(m.tlp))</p>\
        <form method="post" action="\(Paths.incidentMail(lang, number: m.number))">\(Components.csrf(ctx))\
        <fieldset class="choices"><legend>\(l.t("mail.compose.to"))</legend>\(toError)\(recipients)\
        <p class="hint">\(l.t("mail.compose.to_hint"))</p></fieldset>\
        \(f.select("kind", label: l.t("mail.kind"), options: kinds))\
        \(f.textarea("message", label: l.t("mail.compose.message"), value: m.message, rows: 10, mark: .required, hint: l.t("mail.compose.message_hint")))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("mail.compose.send"))</button></div></form>
        """
        return Layout.consolePage(title: l.t("mail.compose.title"), ctx, content)
    }

    /// The team's OpenPGP key: its fingerprint and public key, and the forms that create
    /// or import it.
    public static func teamKey(fingerprint: String?, publicKey: String, errors: [String: String], _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, errors: errors, idPrefix: "key")
        let current: HTML = fingerprint.map { fpr -> HTML in
            """
            <section class="card"><h2>\(l.t("team_key.current"))</h2><p><code class="fingerprint">\(fpr)</code></p>\
            <pre class="mail-body">\(publicKey)</pre></section>
            """
        } ?? "<p class=\"notice\">\(l.t("team_key.none"))</p>"
        let create: HTML = fingerprint == nil ? """
        <section class="card"><h2>\(l.t("team_key.create"))</h2><p class="hint">\(l.t("team_key.create_hint"))</p>\
        <form method="post" action="\(Paths.teamKey(lang))">\(Components.csrf(ctx))<input type="hidden" name="action" value="create">\
        \(f.input("name", label: l.t("team_key.name"), value: ctx.teamName, mark: .required, extra: " maxlength=\"80\""))\
        \(f.input("email", label: l.t("team_key.email"), value: "", type: "email", mark: .required, extra: " maxlength=\"254\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("team_key.create_submit"))</button></div></form></section>
        """ : .empty
        let importForm: HTML = """
        <section class="card"><h2>\(l.t("team_key.import"))</h2><p class="hint">\(l.t("team_key.import_hint"))</p>\
        <form method="post" action="\(Paths.teamKey(lang))">\(Components.csrf(ctx))<input type="hidden" name="action" value="import">\
        \(f.textarea("key", label: l.t("team_key.armored"), value: "", rows: 8, mark: .required, extra: " spellcheck=\"false\""))\
        <div class="actions"><button type="submit" class="button">\(l.t("team_key.import_submit"))</button></div></form></section>
        """
        let content: HTML = "<h1>\(l.t("team_key.title"))</h1><p class=\"lead\">\(l.t("team_key.lead"))</p>\(current)\(create)\(importForm)"
        return Layout.consolePage(title: l.t("team_key.title"), ctx, content)
    }
}
