import Foundation
import QalxanCore

extension ConsolePages {
    /// The organisation list: search and filters, a table with a flag for organisations
    /// that cannot be told about an incident, and pages.
    public static func organisations(_ m: OrganisationListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let filter = m.filter
        let sel = Components.selected

        let kindOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\
        \(OrganisationKind.allCases.map { k -> HTML in
            "<option value=\"\(k.rawValue)\"\(sel(filter.kind == k))>\(l.t(k.labelKey))</option>"
        }.joined())
        """
        let sectorOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\
        \(m.sectors.map { s -> HTML in
            "<option value=\"\(s.slug)\"\(sel(filter.sector == s.slug))>\(s.name(lang))</option>"
        }.joined())
        """
        let f = FormFields(l, idPrefix: "filter")
        let filterForm: HTML = """
        <form method="get" action="\(Paths.organisations(lang))" class="filters" role="search" aria-label="\(l.t("organisations.filter_label"))">\
        \(f.input("q", label: l.t("filter.text"), value: filter.text, type: "search", hint: l.t("organisations.search_hint"),
                  extra: " maxlength=\"200\""))\
        \(f.select("kind", label: l.t("organisation.kind"), options: kindOptions))\
        \(f.select("sector", label: l.t("organisation.sector"), options: sectorOptions))\
        <div class="field"><label class="choice"><input type="checkbox" name="flag" value="missing_contact"\
        \(Components.checked(filter.missingContact))> \(l.t("organisations.only_missing"))</label></div>\
        <div class="actions"><button type="submit" class="button">\(l.t("filter.apply"))</button> \
        <a href="\(Paths.organisations(lang))">\(l.t("filter.reset"))</a></div></form>
        """

        let sectorNames = Dictionary(m.sectors.map { ($0.slug, $0.name(lang)) }, uniquingKeysWith: { first, _ in first })
        let rows = m.page.items.map { o -> HTML in
            let flag: HTML = o.missingContact
                ? "<span class=\"badge flag\" title=\"\(l.t("organisations.missing_contact_help"))\">\(l.t("organisations.missing_contact"))</span>"
                : .empty
            return """
            <tr><td>\(ConstituencyHTML.link(o.ref, ctx))\(ConstituencyHTML.otherName(o.ref, lang))</td>\
            <td>\(l.t(o.ref.kind.labelKey))</td>\
            <td>\(o.sector.isEmpty ? "—" : sectorNames[o.sector] ?? o.sector)</td>\
            <td class="nowrap">\(o.ref.country.isEmpty ? "—" : o.ref.country)</td>\
            <td>\(o.parent.map { ConstituencyHTML.link($0, ctx) } ?? "—")</td>\
            <td class="num">\(o.networkCount)</td><td class="num">\(o.contactCount)</td><td>\(flag)</td></tr>
            """
        }
        let head: [HTML] = [
            "\(l.t("organisation.name"))", "\(l.t("organisation.kind"))", "\(l.t("organisation.sector"))",
            "\(l.t("organisation.country"))", "\(l.t("organisation.parent"))", "\(l.t("organisations.col.networks"))",
            "\(l.t("organisations.col.contacts"))", "\(l.t("organisations.col.flags"))",
        ]
        var links: [HTML] = []
        if m.canEdit {
            links.append("<a class=\"button primary\" href=\"\(Paths.newOrganisation(lang))\">\(l.t("organisations.new"))</a>")
            links.append("<a class=\"button\" href=\"\(Paths.constituencyImport(lang))\">\(l.t("organisations.import"))</a>")
            links.append("<a class=\"button\" href=\"\(Paths.constituencyExport(lang))\" download>\(l.t("organisations.export"))</a>")
        }
        links.append("<a href=\"\(Paths.sectors(lang))\">\(l.t("sectors.title"))</a>")
        let content: HTML = """
        <div class="title-row"><h1>\(l.t("organisations.title"))</h1><p class="actions">\(links.joined())</p></div>\
        \(filterForm)\
        <p class="count-line">\(l.t("organisations.total", ["count": String(m.page.total)]))</p>\
        \(Components.table(head: head, rows: rows, empty: l.t("organisations.empty")))\
        \(Components.pagination(page: m.page.page, pageCount: m.page.pageCount, l) {
            Paths.organisations(lang, query: filter.queryItems + ($0 > 1 ? [("page", String($0))] : []))
        })
        """
        return Layout.consolePage(title: l.t("organisations.title"), ctx, content)
    }

    /// A new organisation.
    public static func newOrganisation(_ m: OrganisationFormModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let f = FormFields(l, errors: m.errors, idPrefix: "org")
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.organisations(lang))">\(l.t("organisations.title"))</a></p>\
        <h1>\(l.t("organisation.new_title"))</h1>\
        \(f.summary(fields: organisationFieldLabels(l)))\
        <form method="post" action="\(Paths.newOrganisation(lang))" class="form">\(Components.csrf(ctx))\
        \(organisationFields(m, ctx, idPrefix: "org"))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("organisation.create"))</button> \
        <a href="\(Paths.organisations(lang))">\(l.t("form.cancel"))</a></div></form>
        """
        return Layout.consolePage(title: l.t("organisation.new_title"), ctx, content)
    }

    /// The import: CSV files in Qalxan's layout or a RIPE database dump, and what the last
    /// import did, with the lines it refused.
    public static func constituencyImport(_ m: ImportPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        // The web layer may pass a catalog key or a message it already localised.
        let error: HTML = m.error.map { e in
            "<div class=\"error-summary\" role=\"alert\"><p>\(l.has(e) ? l.t(e) : e)</p></div>"
        } ?? .empty
        let f = FormFields(l, idPrefix: "import")
        let formats: HTML = """
        <option value="csv">\(l.t("import_page.format.csv"))</option><option value="ripe">\(l.t("import_page.format.ripe"))</option>
        """
        var outcome = HTML.empty
        if let o = m.outcome {
            func fact(_ label: String, _ n: Int) -> HTML { "<div><dt>\(label)</dt><dd>\(n)</dd></div>" }
            let rows = o.problems.map { p -> HTML in
                """
                <tr><td class="wrap-anywhere">\(p.file)</td>\
                <td class="num">\(p.line > 0 ? String(p.line) : l.t("import_page.whole_file"))</td>\
                <td>\(l.t(p.key))</td><td class="detail">\(p.detail.isEmpty ? HTML(raw: "—") : "<code>\(p.detail)</code>")</td></tr>
                """
            }
            let head: [HTML] = [
                "\(l.t("import_page.col.file"))", "\(l.t("import_page.col.line"))", "\(l.t("import_page.col.problem"))",
                "\(l.t("import_page.col.detail"))",
            ]
            outcome = """
            <section class="import-outcome" role="status"><h2>\(l.t("import_page.outcome"))</h2><dl class="facts">\
            \(fact(l.t("import_page.organisations_created"), o.organisationsCreated))\
            \(fact(l.t("import_page.organisations_updated"), o.organisationsUpdated))\
            \(fact(l.t("import_page.contacts_added"), o.contactsAdded))\
            \(fact(l.t("import_page.networks_added"), o.networksAdded))\
            \(fact(l.t("import_page.refused"), o.problems.count))</dl>\
            \(o.problems.isEmpty ? HTML.empty : "<h3>\(l.t("import_page.refused_lines"))</h3>")\
            \(Components.table(head: head, rows: rows, empty: l.t("import_page.nothing_refused")))</section>
            """
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.organisations(lang))">\(l.t("organisations.title"))</a></p>\
        <h1>\(l.t("import_page.title"))</h1><p class="lead">\(l.t("import_page.lead"))</p>\(error)\(outcome)\
        <form method="post" enctype="multipart/form-data" action="\(Paths.constituencyImport(lang))" class="form card">\
        \(Components.csrf(ctx))\
        \(f.select("format", label: l.t("import_page.format"), options: formats))\
        <p class="hint">\(l.t("import_page.csv_hint"))</p><p class="hint">\(l.t("import_page.ripe_hint"))</p>\
        \(f.input("file", label: l.t("import_page.files"), value: "", type: "file", mark: .required, hint: l.t("import_page.files_hint"),
                  extra: " multiple accept=\".csv,.txt,.gz,.db\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("import_page.submit"))</button> \
        <a href="\(Paths.organisations(lang))">\(l.t("form.cancel"))</a></div></form>
        """
        return Layout.consolePage(title: l.t("import_page.title"), ctx, content)
    }

    /// The sectors organisations belong to, and for administrators a form to add one.
    public static func sectors(_ m: SectorsModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let rows = m.sectors.map { s -> HTML in
            "<tr><td><code>\(s.slug)</code></td><td lang=\"en\">\(s.nameEn)</td><td lang=\"az\">\(s.nameAz)</td></tr>"
        }
        let head: [HTML] = ["\(l.t("sectors.slug"))", "\(l.t("sectors.name_en"))", "\(l.t("sectors.name_az"))"]
        var form = HTML.empty
        if m.canEdit {
            let f = FormFields(l, errors: m.errors, idPrefix: "sector")
            let labels: [(name: String, label: String)] = [
                ("slug", l.t("sectors.slug")), ("name_en", l.t("sectors.name_en")), ("name_az", l.t("sectors.name_az")),
            ]
            form = """
            <section class="card"><h2>\(l.t("sectors.add"))</h2>\(f.summary(fields: labels))\
            <form method="post" action="\(Paths.sectors(lang))" class="form">\(Components.csrf(ctx))\
            \(f.input("slug", label: l.t("sectors.slug"), value: m.values.slug, mark: .required, hint: l.t("sectors.slug_hint"),
                      extra: " maxlength=\"40\" autocomplete=\"off\" spellcheck=\"false\""))\
            \(f.input("name_en", label: l.t("sectors.name_en"), value: m.values.nameEn, mark: .required, extra: " lang=\"en\""))\
            \(f.input("name_az", label: l.t("sectors.name_az"), value: m.values.nameAz, mark: .required, extra: " lang=\"az\""))\
            <div class="actions"><button type="submit" class="button primary">\(l.t("sectors.add_submit"))</button></div></form></section>
            """
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.organisations(lang))">\(l.t("organisations.title"))</a></p>\
        <h1>\(l.t("sectors.title"))</h1>\
        \(Components.table(head: head, rows: rows, empty: l.t("sectors.empty")))\(form)
        """
        return Layout.consolePage(title: l.t("sectors.title"), ctx, content)
    }

    /// Field names and labels of the organisation form, in the order of the form, for the
    /// error summary.
    static func organisationFieldLabels(_ l: Localizer) -> [(name: String, label: String)] {
        [
            ("name_en", l.t("organisation.name_en")), ("name_az", l.t("organisation.name_az")),
            ("kind", l.t("organisation.kind")), ("sector", l.t("organisation.sector")),
            ("country", l.t("organisation.country")), ("parent", l.t("organisation.parent")),
            ("languages", l.t("organisation.languages")), ("notification", l.t("organisation.notification")),
            ("notes", l.t("organisation.notes")), ("countries", l.t("partner.countries")),
            ("trusted_introducer", l.t("partner.trusted_introducer")), ("max_tlp", l.t("partner.max_tlp")),
        ]
    }

    /// The fields of the organisation form (without the `<form>`), shared by the new page
    /// and the edit form on the organisation page. `idPrefix` keeps element ids apart.
    static func organisationFields(_ m: OrganisationFormModel, _ ctx: PageContext, idPrefix: String) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let v = m.values
        let f = FormFields(l, errors: m.errors, idPrefix: idPrefix)
        let sel = Components.selected

        let kinds = OrganisationKind.allCases.map { k -> HTML in
            "<option value=\"\(k.rawValue)\"\(sel(v.kind == k.rawValue))>\(l.t(k.labelKey))</option>"
        }.joined()
        let sectors: HTML = """
        <option value=""\(sel(v.sector.isEmpty))>\(l.t("organisation.no_sector"))</option>\
        \(m.sectors.map { s -> HTML in "<option value=\"\(s.slug)\"\(sel(v.sector == s.slug))>\(s.name(lang))</option>" }.joined())
        """
        // An organisation cannot be its own parent.
        let parents: HTML = """
        <option value=""\(sel(v.parent.isEmpty))>\(l.t("organisation.no_parent"))</option>\
        \(m.parents.filter { $0.id != m.id }.map { p -> HTML in
            let id = p.id.uuidString
            return "<option value=\"\(id)\"\(sel(v.parent.uppercased() == id))>\(ConstituencyHTML.name(p, lang))</option>"
        }.joined())
        """
        let notifications = NotificationPreference.allCases.map { n -> HTML in
            "<option value=\"\(n.rawValue)\"\(sel(v.notification == n.rawValue))>\(l.t(n.labelKey))</option>"
        }.joined()
        let ti = TrustedIntroducerStatus.allCases.map { t -> HTML in
            "<option value=\"\(t.rawValue)\"\(sel(v.trustedIntroducer == t.rawValue))>\(l.t(t.labelKey))</option>"
        }.joined()
        return """
        <div class="side-by-side">\
        \(f.input("name_en", label: l.t("organisation.name_en"), value: v.nameEn, hint: l.t("organisation.name_hint"),
                  extra: " lang=\"en\" maxlength=\"\(OrganisationInput.Limit.name)\""))\
        \(f.input("name_az", label: l.t("organisation.name_az"), value: v.nameAz,
                  extra: " lang=\"az\" maxlength=\"\(OrganisationInput.Limit.name)\""))</div>\
        \(f.select("kind", label: l.t("organisation.kind"), options: kinds))\
        \(f.select("sector", label: l.t("organisation.sector"), options: sectors))\
        \(f.input("country", label: l.t("organisation.country"), value: v.country, hint: l.t("organisation.country_hint"),
                  extra: " maxlength=\"2\" autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.select("parent", label: l.t("organisation.parent"), options: parents, hint: l.t("organisation.parent_hint")))\
        \(f.input("languages", label: l.t("organisation.languages"), value: v.languages, hint: l.t("organisation.languages_hint"),
                  extra: " autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.select("notification", label: l.t("organisation.notification"), options: notifications))\
        \(ConstituencyHTML.checkbox("encrypted_mail", label: l.t("organisation.encrypted_mail"), on: v.encryptedMail,
                                    hint: l.t("organisation.encrypted_mail_hint"), f))\
        \(f.textarea("notes", label: l.t("organisation.notes"), value: v.notes, rows: 4,
                     extra: " maxlength=\"\(OrganisationInput.Limit.notes)\""))\
        <fieldset class="partner-fields"><legend>\(l.t("partner.legend"))</legend><p class="hint">\(l.t("partner.hint"))</p>\
        \(f.input("countries", label: l.t("partner.countries"), value: v.countries, hint: l.t("partner.countries_hint"),
                  extra: " autocomplete=\"off\" spellcheck=\"false\""))\
        \(ConstituencyHTML.checkbox("first_member", label: l.t("partner.first_member"), on: v.firstMember, hint: nil, f))\
        \(f.select("trusted_introducer", label: l.t("partner.trusted_introducer"), options: ti))\
        \(f.select("max_tlp", label: l.t("partner.max_tlp"), options: Components.tlpOptions(selected: TLP(parsing: v.maxTLP)),
                   hint: l.t("partner.max_tlp_hint")))</fieldset>
        """
    }
}

/// Pieces of markup the constituency pages share: links to organisations, their
/// chains, labels of the string-typed kinds and the OpenPGP badge.
enum ConstituencyHTML {
    /// The name in `language`, or a dash when the organisation has none.
    static func name(_ ref: OrganisationRef, _ language: Language) -> String {
        let n = ref.name(language)
        return n.isEmpty ? "—" : n
    }

    /// A link to the organisation's page, named in the page's language.
    static func link(_ ref: OrganisationRef, _ ctx: PageContext) -> HTML {
        "<a href=\"\(Paths.organisation(ctx.language, id: ref.id.uuidString))\">\(name(ref, ctx.language))</a>"
    }

    /// The name in the other language, small, when it differs from the one shown.
    static func otherName(_ ref: OrganisationRef, _ language: Language) -> HTML {
        let shown = ref.name(language)
        let (other, code) = language == .az ? (ref.nameEn, "en") : (ref.nameAz, "az")
        guard !other.isEmpty, other != shown else { return .empty }
        return "<span class=\"other-name\" lang=\"\(code)\">\(other)</span>"
    }

    /// Organisations as links joined by `›`, in the order given (nearest first).
    static func chain(_ refs: [OrganisationRef], _ ctx: PageContext) -> HTML {
        let links = refs.map { link($0, ctx) }
        guard var out = links.first else { return .empty }
        for l in links.dropFirst() { out += " <span aria-hidden=\"true\">›</span> " + l }
        return "<span class=\"org-chain\">\(out)</span>"
    }

    /// Links separated by commas, or a dash.
    static func list(_ refs: [OrganisationRef], _ ctx: PageContext) -> HTML {
        guard !refs.isEmpty else { return "—" }
        return "<ul class=\"inline-list\">\(refs.map { r -> HTML in "<li>\(link(r, ctx))</li>" }.joined())</ul>"
    }

    /// A checkbox field (value `1`) with its label around it and an optional hint.
    static func checkbox(_ name: String, label: String, on: Bool, hint: String?, _ f: FormFields) -> HTML {
        let d = f.describe(name, hint: hint)
        return """
        <div class="field"><label class="choice"><input type="checkbox" id="\(f.id(name))" name="\(name)" value="1"\
        \(Components.checked(on))\(d.attributes)> \(label)</label>\(d.hint)\(d.error)</div>
        """
    }

    /// The label of a network kind (`ipv4`, `ipv6`, `asn`, `domain`); other values as they are.
    static func networkKind(_ kind: String, _ l: Localizer) -> String {
        switch kind {
        case "ipv4": l.t("network.kind.ipv4")
        case "ipv6": l.t("network.kind.ipv6")
        case "asn": l.t("network.kind.asn")
        case "domain": l.t("network.kind.domain")
        default: kind
        }
    }

    /// The label of an observable or lookup kind; other values as they are.
    static func observableKind(_ kind: String, _ l: Localizer) -> String {
        switch kind {
        case "ip": l.t("observable.kind.ip")
        case "prefix": l.t("observable.kind.prefix")
        case "asn": l.t("observable.kind.asn")
        case "domain": l.t("observable.kind.domain")
        case "url": l.t("observable.kind.url")
        case "email": l.t("observable.kind.email")
        default: kind
        }
    }

    /// The state of a contact's OpenPGP key as a badge; an expired or revoked key stands
    /// out, and a key that cannot be used says what to do about it.
    static func pgpBadge(_ status: String, _ l: Localizer) -> HTML {
        let label: String
        var help: String?
        switch status {
        case "valid": label = l.t("pgp.badge.valid")
        case "expired": (label, help) = (l.t("pgp.badge.expired"), l.t("pgp.status.expired"))
        case "revoked": (label, help) = (l.t("pgp.badge.revoked"), l.t("pgp.status.revoked"))
        case "no_encryption_key": (label, help) = (l.t("pgp.badge.no_encryption_key"), l.t("pgp.status.no_encryption_key"))
        case "none": label = l.t("pgp.badge.none")
        default: return "<span class=\"badge\">\(status)</span>"
        }
        let explanation: HTML = help.map { "<span class=\"pgp-help\">\($0)</span>" } ?? .empty
        return "<span class=\"badge pgp-\(status)\">\(label)</span>\(explanation)"
    }

    /// Why an incident reached an organisation: found in the text, added by a handler, or
    /// a partner team for a country.
    static func sourceBadge(_ source: String, country: String?, _ l: Localizer) -> HTML {
        switch source {
        case "observed": return "<span class=\"badge source-observed\">\(l.t("affected.source.observed"))</span>"
        case "added": return "<span class=\"badge source-added\">\(l.t("affected.source.added"))</span>"
        case "partner":
            let text = country.map { l.t("affected.source.partner_for", ["country": $0]) } ?? l.t("affected.source.partner")
            return "<span class=\"badge source-partner\">\(text)</span>"
        default: return "<span class=\"badge\">\(source)</span>"
        }
    }

    static func yesNo(_ on: Bool, _ l: Localizer) -> String { on ? l.t("common.yes") : l.t("common.no") }

    /// A day (`2026-11-23`) in a `<time>` element.
    static func day(_ date: Date) -> HTML {
        "<time datetime=\"\(DateText.iso(date))\">\(DateText.day(date))</time>"
    }

    /// Codes joined by commas, or a dash.
    static func codes(_ codes: [String]) -> String { codes.isEmpty ? "—" : codes.joined(separator: ", ") }
}
