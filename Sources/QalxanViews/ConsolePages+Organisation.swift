import Foundation
import QalxanCore

extension ConsolePages {
    /// One organisation: what it is, whom to write to, which networks are its own, and the
    /// forms to change all of it.
    public static func organisation(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let d = m.detail
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }

        var facts: [HTML] = [
            fact(l.t("organisation.kind"), "\(l.t(d.ref.kind.labelKey))"),
            fact(l.t("organisation.sector"), "\(m.sectorName.isEmpty ? "—" : m.sectorName)"),
            fact(l.t("organisation.country"), "\(d.ref.country.isEmpty ? "—" : d.ref.country)"),
            fact(l.t("organisation.children"), ConstituencyHTML.list(d.children, ctx)),
            fact(l.t("organisation.languages"), "\(ConstituencyHTML.codes(d.languages))"),
            fact(l.t("organisation.notification"), "\(l.t(d.notification.labelKey))"),
            fact(l.t("organisation.encrypted_mail"), "\(ConstituencyHTML.yesNo(d.encryptedMail, l))"),
        ]
        if let key = d.externalKey, !key.isEmpty {
            facts.append(fact(l.t("organisation.external_key"), "<code>\(key)</code>"))
        }
        facts += [
            fact(l.t("organisation.incidents"), "\(m.incidentCount)"),
            fact(l.t("organisation.created"), Components.time(d.createdAt, l)),
            fact(l.t("organisation.updated"), Components.time(d.updatedAt, l)),
        ]
        var partner = HTML.empty
        if d.ref.kind == .partnerCERT {
            partner = """
            <section><h2>\(l.t("partner.legend"))</h2><dl class="facts">\
            \(fact(l.t("partner.countries"), "\(ConstituencyHTML.codes(d.countries))"))\
            \(fact(l.t("partner.first_member"), "\(ConstituencyHTML.yesNo(d.firstMember, l))"))\
            \(fact(l.t("partner.trusted_introducer"), "\(l.t(d.trustedIntroducer.labelKey))"))\
            \(fact(l.t("partner.max_tlp"), Components.tlpBadge(d.maxTLP)))</dl></section>
            """
        }
        let parents: HTML = d.parents.isEmpty ? .empty
            : "<p class=\"org-parents\">\(l.t("organisation.part_of")) \(ConstituencyHTML.chain(d.parents, ctx))</p>"
        let other = ConstituencyHTML.otherName(d.ref, lang)
        let header: HTML = """
        <header class="org-header"><p class="badges"><span class="badge">\(l.t(d.ref.kind.labelKey))</span></p>\
        <h1>\(ConstituencyHTML.name(d.ref, lang))</h1>\(other == .empty ? HTML.empty : "<p>\(other)</p>")\(parents)</header>
        """

        // Feed events attributed to it, for everyone who may read events.
        let events: HTML = ctx.user?.role.allows(.viewEvents) == true ? """
        <p class="related-links"><a href="\(Paths.events(lang, query: [("organisation", d.ref.id.uuidString)]))">\(l.t("organisation.events"))</a></p>
        """ : .empty

        var editing = HTML.empty
        if m.canEdit {
            editing = "\(editOrganisationForm(m, ctx))\(mergeAndDelete(m, ctx))"
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.organisations(lang))">\(l.t("organisations.title"))</a></p>\
        \(header)\(missingContactWarning(d, l))\
        <dl class="facts">\(facts.joined())</dl>\(events)\(partner)\
        <section><h2>\(l.t("organisation.notes"))</h2>\(Components.text(d.notes, empty: l.t("organisation.no_notes")))</section>\
        <section id="contacts"><h2>\(l.t("contacts.title"))</h2>\(contactTable(m, ctx))\
        \(m.canEdit ? addContactForm(m, ctx) : .empty)</section>\
        <section id="networks"><h2>\(l.t("networks.title"))</h2>\(networkTable(m, ctx))\
        \(m.canEdit ? addNetworksForm(m, ctx) : .empty)</section>\
        \(editing)
        """
        return Layout.consolePage(title: ConstituencyHTML.name(d.ref, lang), ctx, content)
    }

    // MARK: - Organisation parts

    /// The warning shown when incidents cannot be sent to the organisation, saying what is
    /// missing.
    private static func missingContactWarning(_ d: OrganisationDetail, _ l: Localizer) -> HTML {
        guard d.missingContact else { return .empty }
        let why: String
        switch (d.ref.kind, d.encryptedMail) {
        case (.partnerCERT, false): why = l.t("organisation.missing.any")
        case (.partnerCERT, true): why = l.t("organisation.missing.any_pgp")
        case (_, true): why = l.t("organisation.missing.abuse_pgp")
        case (_, false): why = l.t("organisation.missing.abuse")
        }
        return """
        <div class="banner danger missing-contact" role="alert"><strong>\(l.t("organisation.missing.title"))</strong> \(why)</div>
        """
    }

    private static func contactTable(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        var head: [HTML] = [
            "\(l.t("contact.name"))", "\(l.t("contact.email"))", "\(l.t("contact.phone"))", "\(l.t("contact.role"))",
            "\(l.t("contact.languages"))", "OpenPGP",
        ]
        if m.canEdit { head.append("<span class=\"visually-hidden\">\(l.t("common.actions"))</span>") }
        let rows = m.detail.contacts.enumerated().map { (index, c) -> HTML in
            let cid = c.id.uuidString
            let primary: HTML = c.primary ? " <span class=\"badge primary-mark\">\(l.t("contact.primary"))</span>" : .empty
            var email: HTML = c.email.utf8.count <= 254 && TextInput.isEmail(c.email)
                ? "<a href=\"mailto:\(c.email)\">\(c.email)</a>" : "\(c.email)"
            if c.isBouncing {
                email += " <span class=\"badge bouncing\" title=\"\(l.t("contact.bouncing_hint", ["count": String(c.bounces)]))\">\(l.t("contact.bouncing"))</span>"
            }
            var phone: HTML = "\(c.phone.isEmpty ? "—" : c.phone)"
            if c.phone.utf8.count <= 40, TextInput.isPhone(c.phone) {
                let digits = c.phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
                phone = "<a href=\"tel:\(digits)\">\(c.phone)</a>"
            }
            var pgp: HTML = ConstituencyHTML.pgpBadge(c.pgpStatus, l)
            if !c.pgpFingerprint.isEmpty {
                let expiry: HTML = c.pgpExpiresAt.map { "<span class=\"pgp-expiry\">\(l.t("pgp.expires")) \(ConstituencyHTML.day($0))</span>" }
                    ?? "<span class=\"pgp-expiry muted\">\(l.t("pgp.no_expiry"))</span>"
                pgp = "<code class=\"fingerprint\">\(c.groupedFingerprint)</code> \(expiry) \(pgp)"
            }
            var actions = HTML.empty
            var editRow = HTML.empty
            if m.canEdit {
                actions = """
                <td><form method="post" action="\(Paths.contactAction(lang, id: cid, "delete"))" class="row-form">\
                \(Components.csrf(ctx))<button type="submit" class="button small danger">\(l.t("common.remove"))</button></form></td>
                """
                let values = ContactInput(name: c.name, email: c.email, phone: c.phone, role: c.role.rawValue,
                                          languages: c.languages.joined(separator: ", "), pgpKey: "", primary: c.primary)
                let who = c.name.isEmpty ? c.email : c.name
                editRow = """
                <tr class="edit-row"><td colspan="7"><details><summary>\(l.t("contact.edit", ["name": who]))</summary>\
                <form method="post" action="\(Paths.contactAction(lang, id: cid, "update"))" class="form">\(Components.csrf(ctx))\
                \(contactFields(values, errors: [:], idPrefix: "contact-\(index + 1)", hasKey: !c.pgpFingerprint.isEmpty, ctx))\
                <div class="actions"><button type="submit" class="button primary">\(l.t("form.save"))</button></div></form>\
                </details></td></tr>
                """
            }
            return """
            <tr><td>\(c.name.isEmpty ? "—" : c.name)\(primary)</td><td class="wrap-anywhere">\(email)</td>\
            <td class="nowrap">\(phone)</td><td>\(l.t(c.role.labelKey))</td><td>\(ConstituencyHTML.codes(c.languages))</td>\
            <td class="pgp">\(pgp)</td>\(actions)</tr>\(editRow)
            """
        }
        return Components.table(head: head, rows: rows, empty: l.t("contacts.empty"))
    }

    /// The fields of a contact (without the `<form>`): the add form and each edit form.
    private static func contactFields(_ v: ContactInput, errors: [String: String], idPrefix: String, hasKey: Bool,
                                      _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: errors, idPrefix: idPrefix)
        let roles = ContactRole.allCases.map { r -> HTML in
            "<option value=\"\(r.rawValue)\"\(Components.selected(v.role == r.rawValue))>\(l.t(r.labelKey))</option>"
        }.joined()
        let keyHint = hasKey ? l.t("contact.pgp_key_hint") + " " + l.t("contact.pgp_key_keep") : l.t("contact.pgp_key_hint")
        return """
        <div class="side-by-side">\
        \(f.input("name", label: l.t("contact.name"), value: v.name, extra: " maxlength=\"200\" autocomplete=\"off\""))\
        \(f.input("email", label: l.t("contact.email"), value: v.email, type: "email", mark: .required,
                  extra: " autocomplete=\"off\" spellcheck=\"false\""))\
        \(f.input("phone", label: l.t("contact.phone"), value: v.phone, type: "tel", extra: " autocomplete=\"off\""))\
        \(f.select("role", label: l.t("contact.role"), options: roles))\
        \(f.input("languages", label: l.t("contact.languages"), value: v.languages, hint: l.t("organisation.languages_hint"),
                  extra: " autocomplete=\"off\" spellcheck=\"false\""))</div>\
        \(f.textarea("pgp_key", label: l.t("contact.pgp_key"), value: v.pgpKey, rows: 4, hint: keyHint,
                     extra: " spellcheck=\"false\" autocomplete=\"off\" class=\"mono\""))\
        \(ConstituencyHTML.checkbox("primary", label: l.t("contact.primary_label"), on: v.primary, hint: nil, f))
        """
    }

    private static func addContactForm(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.contactErrors, idPrefix: "contact-new")
        let labels: [(name: String, label: String)] = [
            ("name", l.t("contact.name")), ("email", l.t("contact.email")), ("phone", l.t("contact.phone")),
            ("role", l.t("contact.role")), ("languages", l.t("contact.languages")), ("pgp_key", l.t("contact.pgp_key")),
        ]
        return """
        <div class="card"><h3>\(l.t("contact.add"))</h3>\(f.summary(fields: labels))\
        <form method="post" action="\(Paths.organisationAction(ctx.language, id: m.detail.ref.id.uuidString, "contacts"))" class="form">\
        \(Components.csrf(ctx))\(contactFields(m.newContact, errors: m.contactErrors, idPrefix: "contact-new", hasKey: false, ctx))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("contact.add_submit"))</button></div></form></div>
        """
    }

    private static func networkTable(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        var head: [HTML] = ["\(l.t("network.kind"))", "\(l.t("network.value"))"]
        if m.canEdit { head.append("<span class=\"visually-hidden\">\(l.t("common.actions"))</span>") }
        let rows = m.detail.networks.map { n -> HTML in
            // An IDN is shown in Unicode, with the form that is stored and matched beside it.
            let raw: HTML = n.value == n.display ? .empty : " <span class=\"muted\">(<code>\(n.value)</code>)</span>"
            let overlaps: HTML = n.overlaps.isEmpty ? .empty : """
            <div class="overlaps"><span class="muted">\(l.t("network.also_covered"))</span><ul>\
            \(n.overlaps.map { o -> HTML in "<li><code>\(o.network)</code> — \(ConstituencyHTML.link(o.owner, ctx))</li>" }.joined())</ul></div>
            """
            let lookup: HTML = " <a class=\"small-link\" href=\"\(Paths.lookup(lang, query: n.value))\">\(l.t("network.look_up"))</a>"
            let remove: HTML = m.canEdit ? """
            <td><form method="post" action="\(Paths.deleteNetwork(lang, id: n.id.uuidString))" class="row-form">\
            \(Components.csrf(ctx))<button type="submit" class="button small danger">\(l.t("common.remove"))</button></form></td>
            """ : .empty
            return """
            <tr><td class="nowrap">\(ConstituencyHTML.networkKind(n.kind, l))</td>\
            <td><code>\(n.display)</code>\(raw)\(lookup)\(overlaps)</td>\(remove)</tr>
            """
        }
        return Components.table(head: head, rows: rows, empty: l.t("networks.empty"))
    }

    private static func addNetworksForm(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let refused = !m.networkErrors.isEmpty
        // The refused lines come first, each with its reason; the box keeps them to be corrected.
        let f = FormFields(l, errors: refused ? ["networks": "networks.refused_fix"] : [:], idPrefix: "networks")
        let list: HTML = refused ? """
        <div class="error-summary" role="alert" aria-labelledby="networks-refused"><h4 id="networks-refused">\(l.t("networks.refused"))</h4>\
        <ul>\(m.networkErrors.map { e -> HTML in "<li><code>\(e.text)</code> — \(l.t(e.key))</li>" }.joined())</ul></div>
        """ : .empty
        return """
        <div class="card"><h3>\(l.t("networks.add"))</h3>\(list)\
        <form method="post" action="\(Paths.organisationAction(ctx.language, id: m.detail.ref.id.uuidString, "networks"))" class="form">\
        \(Components.csrf(ctx))\
        \(f.textarea("networks", label: l.t("networks.add_label"), value: m.networkText, rows: 4, mark: .required,
                     hint: l.t("networks.add_hint"), extra: " spellcheck=\"false\" autocomplete=\"off\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("networks.add_submit"))</button></div></form></div>
        """
    }

    private static func editOrganisationForm(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.form.errors, idPrefix: "org")
        // Opened when a submission came back refused, so that the errors are seen.
        let open: HTML = m.form.errors.isEmpty ? .empty : " open"
        return """
        <details class="card edit-organisation" id="edit"\(open)><summary>\(l.t("organisation.edit"))</summary>\
        \(f.summary(fields: organisationFieldLabels(l)))\
        <form method="post" action="\(Paths.organisationAction(ctx.language, id: m.detail.ref.id.uuidString, "update"))" class="form">\
        \(Components.csrf(ctx))\(organisationFields(m.form, ctx, idPrefix: "org"))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("form.save"))</button></div></form></details>
        """
    }

    private static func mergeAndDelete(_ m: OrganisationPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let id = m.detail.ref.id.uuidString
        var merge = HTML.empty
        if !m.mergeTargets.isEmpty {
            let f = FormFields(l, idPrefix: "merge")
            let options = m.mergeTargets.filter { $0.id != m.detail.ref.id }.map { t -> HTML in
                "<option value=\"\(t.id.uuidString)\">\(ConstituencyHTML.name(t, lang))</option>"
            }.joined()
            merge = """
            <h3>\(l.t("organisation.merge"))</h3><p class="warning">\(l.t("organisation.merge_warning"))</p>\
            <form method="post" action="\(Paths.organisationAction(lang, id: id, "merge"))" class="form">\(Components.csrf(ctx))\
            \(f.select("target", label: l.t("organisation.merge_target"), options: options, mark: .required))\
            <div class="actions"><button type="submit" class="button danger">\(l.t("organisation.merge_submit"))</button></div></form>
            """
        }
        return """
        <section class="card danger-zone"><h2>\(l.t("organisation.merge_delete"))</h2>\(merge)\
        <h3>\(l.t("organisation.delete"))</h3><p class="warning">\(l.t("organisation.delete_warning"))</p>\
        <form method="post" action="\(Paths.organisationAction(lang, id: id, "delete"))" class="form">\(Components.csrf(ctx))\
        <div class="actions"><button type="submit" class="button danger">\(l.t("organisation.delete_submit"))</button></div></form></section>
        """
    }
}
