import Foundation
import QalxanCore

extension PublicPages {
    /// The incident-report form. Everything typed comes back filled in; each error is
    /// shown beside its field and listed at the top.
    public static func reportForm(_ m: ReportFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let v = m.values
        let f = FormFields(l, errors: m.errors)
        let labels: [(name: String, label: String)] = [
            ("name", l.t("report.name")), ("email", l.t("report.email")), ("phone", l.t("report.phone")),
            ("organisation", l.t("report.organisation")), ("category", l.t("report.category")),
            ("occurred_at", l.t("report.occurred_at")), ("description", l.t("report.description")),
            ("affected", l.t("report.affected")), ("tlp", l.t("report.tlp")), ("evidence", l.t("report.evidence")),
        ]
        let categoryOptions: HTML = """
        <option value="unknown"\(Components.selected(v.category == "unknown" || v.category.isEmpty))>\(l.t("category.unknown"))</option>\
        \(Components.categoryOptions(selected: v.category, classOptions: false, l))
        """
        let chosenTLP = TLP(parsing: v.tlp) ?? TLP.defaultForReports
        let tlpHelp = TLP.allCases.reversed().map { t -> HTML in
            "<div><dt>\(Components.tlpBadge(t))</dt><dd>\(l.t(Keys.tlpHelp(t)))</dd></div>"
        }.joined()
        let mb = Components.decimal(Double(m.maxUploadBytes) / 1_048_576, l)
        let evidence = f.describe("evidence", hint: l.t("report.evidence_hint", ["count": String(m.maxFiles), "size": mb]))
        let content: HTML = """
        <h1>\(l.t("report.title"))</h1>\
        <p class="lead">\(l.t("report.lead"))</p>\
        <p class="notice">\(l.t("report.anonymous"))</p>\
        <p class="hint">\(l.t("report.urgent"))</p>\
        \(f.summary(fields: labels, notices: m.notices))\
        <form method="post" enctype="multipart/form-data" action="\(Paths.report(ctx.language))" class="form report-form" novalidate>\
        \(Components.csrf(ctx))\
        <fieldset><legend>\(l.t("report.about_you"))</legend><p class="hint">\(l.t("report.about_you_hint"))</p>\
        \(f.input("name", label: l.t("report.name"), value: v.reporterName, mark: .optional,
                  extra: " autocomplete=\"name\" maxlength=\"\(ReportSubmission.Limit.name)\""))\
        \(f.input("email", label: l.t("report.email"), value: v.reporterEmail, type: "email", mark: .optional,
                  hint: l.t("report.email_hint"), extra: " autocomplete=\"email\" maxlength=\"\(ReportSubmission.Limit.email)\""))\
        \(f.input("phone", label: l.t("report.phone"), value: v.reporterPhone, type: "tel", mark: .optional,
                  extra: " autocomplete=\"tel\" maxlength=\"\(ReportSubmission.Limit.phone)\""))\
        \(f.input("organisation", label: l.t("report.organisation"), value: v.reporterOrganisation, mark: .optional,
                  extra: " autocomplete=\"organization\" maxlength=\"\(ReportSubmission.Limit.organisation)\""))\
        </fieldset>\
        <fieldset><legend>\(l.t("report.about_incident"))</legend>\
        \(f.select("category", label: l.t("report.category"), options: categoryOptions, mark: .optional,
                   hint: l.t("report.category_hint")))\
        \(f.input("occurred_at", label: l.t("report.occurred_at"), value: v.occurredAt, type: "datetime-local",
                  mark: .optional, hint: l.t("report.occurred_at_hint")))\
        \(f.textarea("description", label: l.t("report.description"), value: v.description, rows: 10, mark: .required,
                     hint: l.t("report.description_hint")))\
        \(f.textarea("affected", label: l.t("report.affected"), value: v.affectedSystems, rows: 5, mark: .optional,
                     hint: l.t("report.affected_hint"), extra: " spellcheck=\"false\""))\
        </fieldset>\
        <fieldset><legend>\(l.t("report.sharing"))</legend>\
        \(f.select("tlp", label: l.t("report.tlp"), options: Components.tlpOptions(selected: chosenTLP), mark: .optional,
                   hint: l.t("report.tlp_hint")))\
        <dl class="tlp-help">\(tlpHelp)</dl>\
        <div class="field\(m.errors["evidence"] != nil ? " has-error" : "")"><label for="\(f.id("evidence"))">\(l.t("report.evidence"))\
        \(f.markHTML(.optional))</label>\(evidence.hint)\(evidence.error)\
        <input type="file" id="\(f.id("evidence"))" name="evidence" multiple\(evidence.attributes)></div>\
        </fieldset>\
        <div class="hp" aria-hidden="true"><label>\(l.t("report.honeypot")) <input name="website" tabindex="-1" autocomplete="off"></label></div>\
        <p class="hint">\(l.t("report.privacy"))</p>\
        <div class="actions"><button type="submit" class="button primary big">\(l.t("report.submit"))</button></div>\
        </form>
        """
        return Layout.publicPage(title: l.t("report.title"), ctx, bodyClass: "report", content)
    }

    /// The receipt after a report: its number, the secret status link (shown only now)
    /// and what happened to each file.
    public static func reportReceived(_ m: ReportReceiptModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        var files: [HTML] = []
        if !m.acceptedFiles.isEmpty {
            let items = m.acceptedFiles.map { name -> HTML in "<li><span class=\"filename\">\(name)</span></li>" }.joined()
            files.append("<section><h2>\(l.t("receipt.accepted_files"))</h2><ul class=\"files\">\(items)</ul></section>")
        }
        if !m.refusedFiles.isEmpty {
            let items = m.refusedFiles.map { file -> HTML in
                "<li><span class=\"filename\">\(file.name)</span> — <span class=\"reason\">\(file.reason)</span></li>"
            }.joined()
            files.append("""
            <section class="refused"><h2>\(l.t("receipt.refused_files"))</h2><p>\(l.t("receipt.refused_hint"))</p>\
            <ul class="files">\(items)</ul></section>
            """)
        }
        let content: HTML = """
        <div class="receipt"><h1>\(l.t("receipt.title"))</h1><p class="lead">\(l.t("receipt.lead"))</p>\
        <p class="tracking"><span class="muted">\(l.t("receipt.number"))</span> <strong class="number big">\(m.number)</strong></p>\
        <section class="secret-link"><h2>\(l.t("receipt.link_title"))</h2>\
        <p class="warning"><strong>\(l.t("receipt.link_warning"))</strong></p>\
        <p>\(Components.localLink(m.statusLink, label: l.t("receipt.link_open")))</p>\
        <p id="status-link-label">\(l.t("receipt.link_copy"))</p>\
        <p><code class="copy" aria-labelledby="status-link-label">\(m.linkToCopy)</code></p>\
        <p class="hint">\(l.t("receipt.link_hint"))</p></section>\
        \(files.joined())\
        <p class="hint">\(l.t("receipt.next"))</p></div>
        """
        return Layout.publicPage(title: l.t("receipt.title"), ctx, bodyClass: "receipt", content)
    }
}
