import Foundation
import QalxanCore
import QalxanViews
import Testing

/// The constituency pages: organisations, lookup, import, sectors and the affected
/// organisations of an incident. (They are also part of `ViewFixtures.pageMakers`, so the
/// document, accessibility and escaping checks of `ViewTests` run on them as well.)
@Suite struct ConstituencyViewTests {
    static let extraPayloads: [HostilePayload] = [
        HostilePayload(name: "single-quote handler", raw: "' onmouseover='alert(1)", forbidden: ["' onmouseover='"],
                       escaped: "&#39; onmouseover=&#39;alert(1)"),
        HostilePayload(name: "javascript URL", raw: "javascript:alert(document.cookie)",
                       forbidden: ["href=\"javascript:", "href='javascript:", "href=javascript:"],
                       escaped: "javascript:alert(document.cookie)"),
    ]

    /// Payloads small enough to be sent through every field one at a time.
    static let payloads = HostilePayload.all.filter { !$0.isHuge } + extraPayloads

    static func ctx(_ language: Language = .en, role: Role = .coordinator, text: String = "CERT") -> PageContext {
        ViewFixtures.context(language, path: "/\(language.rawValue)/console/organisations", text: text, signedIn: true, role: role)
    }

    static func keys(_ language: Language) -> [String: String] { Catalog.bundled(language).strings }

    // MARK: - Every page

    @Test(arguments: Language.allCases)
    func everyPageRendersWithItsTitle(_ language: Language) {
        let l = Localizer(language)
        let titles = [
            "organisations": l.t("organisations.title"), "newOrganisation": l.t("organisation.new_title"),
            "organisation": "Sample org.name\(language == .az ? "Az" : "En")", "lookup": l.t("lookup.title"),
            "lookupWithGeo": l.t("lookup.title"), "constituencyImport": l.t("import_page.title"), "sectors": l.t("sectors.title"),
            "incidentOrganisations": "Sample incident",
        ]
        for page in ConstituencyFixtures.pages {
            let html = ConstituencyFixtures.render(page, FieldText(), Self.ctx(language)).raw
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"\(language.rawValue)\">"), "\(page)")
            #expect(html.contains("<h1>\(HTML.escape(titles[page] ?? "?"))</h1>"), "\(page) (\(language))")
            // Console navigation, for every signed-in role, with the two new sections.
            #expect(html.contains("<a href=\"/\(language.rawValue)/console/organisations\""), "\(page)")
            #expect(html.contains("<a href=\"/\(language.rawValue)/console/lookup\""), "\(page)")
            for match in html.matches(of: />([a-z_]+\.[a-z0-9_.-]+)</) {
                Issue.record("\(page) (\(language)): untranslated key \(match.1)")
            }
        }
    }

    @Test func navigationOffersOrganisationsAndLookupToEveryStaffRole() {
        for role in Role.allCases where role != .partner {
            let page = ConsolePages.dashboard(DashboardModel(newReports: [], newReportCount: 0, myIncidents: [], counts: [:]),
                                              Self.ctx(role: role)).raw
            #expect(page.contains("<li><a href=\"/en/console/organisations\" aria-current=\"page\">Organisations</a></li>"), "\(role)")
            #expect(page.contains("<li><a href=\"/en/console/lookup\">Lookup</a></li>"), "\(role)")
        }
    }

    // MARK: - Escaping, field by field

    /// Each string field alone carries the payload: it never reaches the page as it is,
    /// and (unless the page only compares it or puts it in a URL) its escaped form does.
    @Test(arguments: payloads)
    func hostileInputInEachFieldIsEscaped(_ payload: HostilePayload) {
        var checked = 0
        for page in ConstituencyFixtures.pages {
            let probe = FieldText()
            _ = ConstituencyFixtures.render(page, probe, Self.ctx())
            #expect(Set(probe.names).count == probe.names.count, "\(page): a field name is used twice")
            for name in probe.names {
                var shown = false
                for language in Language.allCases {
                    let html = ConstituencyFixtures.render(page, FieldText(target: name, payload: payload.raw), Self.ctx(language))
                    for bad in payload.forbidden {
                        #expect(!occurs(bad, in: html), "\(page).\(name) (\(language)) contains \(bad.debugDescription)")
                    }
                    #expect(ViewTests.controlCharacters(in: html.raw) == 0, "\(page).\(name) (\(language))")
                    let expected = probe.grouped.contains(name)
                        ? HTML.escape(Self.grouped(payload.raw)) : payload.escaped
                    shown = shown || occurs(expected, in: html)
                }
                if !probe.hidden.contains(name) {
                    #expect(shown, "\(page).\(name) is not shown escaped")
                }
                checked += 1
            }
        }
        #expect(checked > 120, "only \(checked) fields: is the probe broken?")
    }

    @Test(arguments: payloads)
    func hostileInputInTheContextIsEscaped(_ payload: HostilePayload) {
        for page in ConstituencyFixtures.pages {
            let html = ConstituencyFixtures.render(page, FieldText(), Self.ctx(.az, text: payload.raw))
            ViewTests.expectEscaped(payload, html, page)
        }
    }

    @Test func valuesNeverBecomeScriptLinks() {
        var v: [String: String] = [:]
        for name in ["c1.email", "c2.email", "c1.phone", "n1.value", "n1.display", "r1.query", "obs.url", "unresolved"] {
            v[name] = "javascript:alert(1)//@x.y"
        }
        for page in ConstituencyFixtures.pages {
            for (name, value) in v {
                let html = ConstituencyFixtures.render(page, FieldText(target: name, payload: value), Self.ctx()).raw
                #expect(!html.contains("href=\"javascript:") && !html.contains("href=\"mailto:javascript"), "\(page).\(name)")
                #expect(!html.contains("href=\"tel:javascript"))
            }
        }
    }

    // MARK: - Forms and permissions

    @Test func everyPostFormCarriesTheToken() {
        for page in ConstituencyFixtures.pages {
            let html = ConstituencyFixtures.render(page, FieldText(), Self.ctx(text: "tok-42")).raw
            let forms = html.components(separatedBy: "<form").dropFirst()
            #expect(!forms.isEmpty)
            for form in forms where form.hasPrefix(" method=\"post\"") {
                let body = form.components(separatedBy: "</form>")[0]
                #expect(body.contains("<input type=\"hidden\" name=\"_csrf\" value=\"tok-42\">"), "\(page): \(body.prefix(120))")
            }
        }
        let org = ConstituencyFixtures.render("organisation", FieldText(), Self.ctx()).raw
        // Logout; per contact delete and edit; add contact; per network delete; add networks; edit; merge; delete.
        #expect(occurrences("<form method=\"post\"", in: org) == 1 + 2 + 2 + 1 + 2 + 1 + 1 + 1 + 1)
        #expect(occurrences("<input type=\"hidden\" name=\"_csrf\"", in: org) == 12)
    }

    @Test func editControlsAreAbsentWithoutTheRight() {
        let ctx = Self.ctx(role: .viewer)
        for page in ["organisations", "organisation", "sectors", "incidentOrganisations"] {
            let html = ConstituencyFixtures.render(page, FieldText(), ctx, canEdit: false).raw
            #expect(occurrences("<form method=\"post\"", in: html) == 1, "\(page): only the logout form")
            for path in ["/update\"", "/delete\"", "/merge\"", "/contacts\"", "/networks\"", "/organisations/add\"",
                         "/organisations/remove\"", "/organisations/new\"", "/organisations/import\"", "export.csv"] {
                #expect(!html.contains(path), "\(page) has \(path)")
            }
            #expect(!html.contains("<details class=\"card edit-organisation\""), "\(page)")
            #expect(!html.contains("name=\"_csrf\" value=\"CERT\"><button type=\"submit\" class=\"button small danger\""))
        }
        // With the right, every control is there.
        let edit = ConstituencyFixtures.render("organisations", FieldText(), Self.ctx(), canEdit: true).raw
        #expect(edit.contains("href=\"/en/console/organisations/new\"") && edit.contains("href=\"/en/console/organisations/import\"")
                && edit.contains("href=\"/en/console/organisations/export.csv\""))
        let sectors = ConstituencyFixtures.render("sectors", FieldText(), Self.ctx(), canEdit: true).raw
        #expect(sectors.contains("<form method=\"post\" action=\"/en/console/sectors\" class=\"form\">"))
        // The lookup is read-only: a GET form and nothing else.
        let lookup = ConstituencyFixtures.render("lookup", FieldText(), Self.ctx(role: .viewer)).raw
        #expect(lookup.contains("<form method=\"get\" action=\"/en/console/lookup\""))
        #expect(occurrences("<form method=\"post\"", in: lookup) == 1)
    }

    // MARK: - Organisation list

    @Test func listFiltersFlagsAndPages() throws {
        let l = Localizer(.en)
        let v = FieldText()
        let page = ConsolePages.organisations(ConstituencyFixtures.list(v, canEdit: true), Self.ctx()).raw
        #expect(page.contains("<form method=\"get\" action=\"/en/console/organisations\" class=\"filters\""))
        #expect(page.contains("name=\"q\" value=\"Sample filter.text\""))
        #expect(page.contains("<option value=\"constituent\" selected>Constituent</option>"))
        #expect(page.contains("<input type=\"checkbox\" name=\"flag\" value=\"missing_contact\" checked>"))
        #expect(page.contains("Organisations found: 120"))
        // One flag: only the first row misses a contact.
        #expect(occurrences("<span class=\"badge flag\"", in: page) == 1)
        #expect(page.contains(HTML.escape(l.t("organisations.missing_contact"))))
        // The other language's name, small, under the name.
        #expect(page.contains(">Sample row1.nameEn</a><span class=\"other-name\" lang=\"az\">Sample row1.nameAz</span>"))
        #expect(page.contains("href=\"/en/console/organisations/"))
        // Pages keep the filter.
        #expect(page.contains("<a rel=\"prev\" href=\"/en/console/organisations?q=Sample%20filter.text&amp;kind=constituent&amp;sector=Sample%20filter.sector&amp;flag=missing_contact\">"))
        #expect(page.contains("<a rel=\"next\" href=\"/en/console/organisations?q=Sample%20filter.text&amp;kind=constituent&amp;sector=Sample%20filter.sector&amp;flag=missing_contact&amp;page=3\">"))

        // The same name in both languages is shown once.
        let same = OrganisationRef(id: UUID(), nameEn: "AzScienceNet", nameAz: "AzScienceNet", kind: .constituent, country: "AZ")
        let one = ConsolePages.organisations(OrganisationListModel(
            filter: OrganisationFilter(), page: ResultPage(items: [OrganisationSummary(
                ref: same, sector: "education_research", parent: nil, networkCount: 1, contactCount: 1, missingContact: false)],
                                                           page: 1, perPage: 50, total: 1),
            sectors: [SectorItem(slug: "education_research", nameEn: "Education & research", nameAz: "Təhsil və elm")],
            canEdit: false), Self.ctx(.az)).raw
        #expect(!one.contains("other-name"))
        #expect(one.contains("<td>Təhsil və elm</td>"), "the sector by its name")
        #expect(!one.contains("class=\"pagination\""))
    }

    // MARK: - Organisation form

    @Test func newOrganisationFormHasEveryFieldAndKeepsErrors() throws {
        let l = Localizer(.en)
        let parentID = UUID()
        let parent = OrganisationRef(id: parentID, nameEn: "Ministry", nameAz: "Nazirlik", kind: .constituent, country: "AZ")
        let values = OrganisationInput(nameEn: "", nameAz: "", kind: "partner_cert", sector: "energy", country: "A1",
                                       parent: parentID.uuidString.lowercased(), languages: "az, en", notification: "weekly",
                                       encryptedMail: true, notes: "line 1\nline 2", countries: "GE", firstMember: true,
                                       trustedIntroducer: "listed", maxTLP: "TLP:GREEN")
        let errors = values.validate()
        #expect(errors == ["name_en": "error.org.name_required", "country": "error.country"])
        let page = ConsolePages.newOrganisation(OrganisationFormModel(
            id: nil, values: values, sectors: [SectorItem(slug: "energy", nameEn: "Energy", nameAz: "Enerji")],
            parents: [parent], errors: errors), Self.ctx()).raw
        #expect(page.contains("<form method=\"post\" action=\"/en/console/organisations/new\" class=\"form\">"))
        for name in ["name_en", "name_az", "kind", "sector", "country", "parent", "languages", "notification", "encrypted_mail",
                     "notes", "countries", "first_member", "trusted_introducer", "max_tlp"] {
            #expect(page.contains("name=\"\(name)\""), "\(name)")
        }
        #expect(page.contains("<option value=\"partner_cert\" selected>"))
        #expect(page.contains("<option value=\"energy\" selected>Energy</option>"))
        #expect(page.contains("<option value=\"\(parentID.uuidString)\" selected>Ministry</option>"))
        #expect(page.contains("<option value=\"\">None</option>"), "no parent can be chosen")
        #expect(page.contains("<option value=\"weekly\" selected>"))
        #expect(page.contains("<option value=\"listed\" selected>"))
        #expect(page.contains("<option value=\"TLP:GREEN\" selected>TLP:GREEN</option>"))
        #expect(page.contains("name=\"encrypted_mail\" value=\"1\" checked") && page.contains("name=\"first_member\" value=\"1\" checked>"))
        #expect(page.contains("value=\"A1\""))
        #expect(page.contains(">\nline 1\nline 2</textarea>"))
        // Partner fields in their own fieldset with a hint.
        #expect(page.contains("<fieldset class=\"partner-fields\"><legend>\(HTML.escape(l.t("partner.legend")))</legend><p class=\"hint\">"))
        // Errors beside their fields and in the summary.
        #expect(page.contains("<p class=\"field-error\" id=\"org-country-error\">"))
        #expect(page.contains(HTML.escape(l.t("error.country"))) && page.contains(HTML.escape(l.t("error.org.name_required"))))
        #expect(page.contains("<li><a href=\"#org-country\">"))
    }

    // MARK: - Organisation page

    static func contact(_ role: ContactRole, status: String, email: String = "abuse@example.az", phone: String = "",
                        fingerprint: String = "", primary: Bool = false) -> ContactItem {
        ContactItem(id: UUID(), name: "Aysel", email: email, phone: phone, role: role, languages: ["az", "en"], primary: primary,
                    pgpFingerprint: fingerprint, pgpExpiresAt: fingerprint.isEmpty ? nil : ViewFixtures.date, pgpStatus: status)
    }

    static func page(kind: OrganisationKind = .constituent, encrypted: Bool = false, contacts: [ContactItem] = [],
                     networks: [NetworkItem] = [], parents: [OrganisationRef] = [], canEdit: Bool = true,
                     contactErrors: [String: String] = [:], newContact: ContactInput = ContactInput(),
                     networkErrors: [(text: String, key: String)] = [], networkText: String = "",
                     formErrors: [String: String] = [:]) -> OrganisationPageModel {
        let ref = OrganisationRef(id: ConstituencyFixtures.orgID, nameEn: "State Agency", nameAz: "Dövlət Agentliyi", kind: kind,
                                  country: "AZ")
        let detail = OrganisationDetail(
            ref: ref, externalKey: nil, sector: "government", parents: parents, children: [], languages: ["az"],
            notification: .immediate, encryptedMail: encrypted, notes: "First line\nsecond <line>", countries: ["GE", "TR"],
            firstMember: true, trustedIntroducer: .certified, maxTLP: .green, contacts: contacts, networks: networks,
            createdAt: ViewFixtures.date, updatedAt: ViewFixtures.date)
        let form = OrganisationFormModel(id: ref.id, values: OrganisationInput(nameEn: ref.nameEn, nameAz: ref.nameAz),
                                         sectors: [], parents: [], errors: formErrors)
        return OrganisationPageModel(detail: detail, sectorName: "Government", canEdit: canEdit, form: form,
                                     newContact: newContact, contactErrors: contactErrors, networkText: networkText,
                                     networkErrors: networkErrors, mergeTargets: [], incidentCount: 0)
    }

    @Test func missingContactWarningAppearsOnlyWhenItShould() {
        let l = Localizer(.en)
        let warning = "<div class=\"banner danger missing-contact\" role=\"alert\">"
        func render(_ m: OrganisationPageModel) -> String { ConsolePages.organisation(m, Self.ctx()).raw }
        let abuse = Self.contact(.abuse, status: "none")
        let abuseWithKey = Self.contact(.abuse, status: "valid", fingerprint: "ABCD1234")
        let abuseExpired = Self.contact(.abuse, status: "expired", fingerprint: "ABCD1234")
        let security = Self.contact(.security, status: "valid", fingerprint: "ABCD1234")

        // The model, and the sentence that says what is missing (nil: no warning).
        let cases: [(OrganisationPageModel, String?)] = [
            (Self.page(contacts: [abuse]), nil),
            (Self.page(contacts: [security]), "organisation.missing.abuse"),
            (Self.page(contacts: []), "organisation.missing.abuse"),
            (Self.page(encrypted: true, contacts: [abuseWithKey]), nil),
            (Self.page(encrypted: true, contacts: [abuse, abuseExpired, security]), "organisation.missing.abuse_pgp"),
            (Self.page(kind: .partnerCERT, contacts: [security]), nil),
            (Self.page(kind: .partnerCERT, contacts: []), "organisation.missing.any"),
            (Self.page(kind: .partnerCERT, encrypted: true, contacts: [abuseExpired]), "organisation.missing.any_pgp"),
            (Self.page(kind: .vendor, contacts: []), nil),
            (Self.page(kind: .other, encrypted: true, contacts: []), nil),
        ]
        for (i, (model, key)) in cases.enumerated() {
            let html = render(model)
            #expect(html.contains(warning) == (key != nil), "case \(i)")
            #expect(model.detail.missingContact == (key != nil), "case \(i): the view follows the model's rule")
            if let key {
                #expect(html.contains(HTML.escape(l.t(key))), "case \(i): \(key)")
                #expect(html.contains(HTML.escape(l.t("organisation.missing.title"))))
            }
        }
    }

    @Test func contactsShowKeysAndStatesAndHaveEditForms() throws {
        let valid = Self.contact(.abuse, status: "valid", phone: "+994 12 345 67 89",
                                 fingerprint: "0123456789ABCDEF0123456789ABCDEF01234567", primary: true)
        let expired = Self.contact(.security, status: "expired", email: "sec@example.az", fingerprint: "FFFF0000")
        let revoked = Self.contact(.technical, status: "revoked", email: "javascript:alert(1)//@x.y", fingerprint: "EEEE1111")
        let html = ConsolePages.organisation(Self.page(contacts: [valid, expired, revoked]), Self.ctx()).raw
        #expect(html.contains("<code class=\"fingerprint\">0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567</code>"))
        #expect(html.contains("<time datetime=\"\(DateText.iso(ViewFixtures.date))\">\(DateText.day(ViewFixtures.date))</time>"))
        #expect(html.contains("<span class=\"badge pgp-valid\">Valid</span>"))
        #expect(html.contains("<span class=\"badge pgp-expired\">Expired</span>"))
        #expect(html.contains("<span class=\"badge pgp-revoked\">Revoked</span>"))
        // A key that cannot be used says what to do about it.
        #expect(html.contains("<span class=\"badge pgp-expired\">Expired</span><span class=\"pgp-help\">\(HTML.escape(Localizer(.en).t("pgp.status.expired")))</span>"))
        // Expired and revoked keys stand out (white on red), unlike a valid one.
        #expect(Stylesheet.css.contains(".pgp-expired,.pgp-revoked{background:var(--danger)"))
        #expect(html.contains("Aysel <span class=\"badge primary-mark\">Primary</span>"))
        #expect(html.contains("<a href=\"mailto:abuse@example.az\">abuse@example.az</a>"))
        #expect(html.contains("<a href=\"tel:+994123456789\">+994 12 345 67 89</a>"))
        #expect(!html.contains("mailto:javascript"), "an address that is not one is shown, never linked")
        // Per contact: an edit form with the same fields, and a remove button.
        for c in [valid, expired, revoked] {
            let id = c.id.uuidString
            #expect(html.contains("<form method=\"post\" action=\"/en/console/contacts/\(id)/update\" class=\"form\">"))
            #expect(html.contains("<form method=\"post\" action=\"/en/console/contacts/\(id)/delete\" class=\"row-form\">"))
        }
        #expect(occurrences("<details><summary>Edit Aysel</summary>", in: html) == 3)
        #expect(html.contains("id=\"contact-1-email\" name=\"email\" value=\"abuse@example.az\""))
        #expect(html.contains("<option value=\"technical\" selected>Technical</option>"))
        #expect(html.contains("id=\"contact-1-languages\" name=\"languages\" value=\"az, en\""))
        #expect(html.contains(HTML.escape(Localizer(.en).t("contact.pgp_key_keep"))))
    }

    @Test func addContactFormKeepsValuesAndShowsErrors() {
        let l = Localizer(.en)
        let input = ContactInput(name: "Rəşad", email: "not-an-address", phone: "12", role: "management", languages: "az",
                                 pgpKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\nxyz", primary: true)
        let errors = input.validate()
        #expect(errors == ["email": "error.email", "phone": "error.phone"])
        let html = ConsolePages.organisation(Self.page(contactErrors: errors, newContact: input), Self.ctx()).raw
        #expect(html.contains("<form method=\"post\" action=\"/en/console/organisations/\(ConstituencyFixtures.orgID.uuidString)/contacts\" class=\"form\">"))
        #expect(html.contains("id=\"contact-new-name\" name=\"name\" value=\"Rəşad\""))
        #expect(html.contains("id=\"contact-new-email\" name=\"email\" value=\"not-an-address\""))
        #expect(html.contains(">\n-----BEGIN PGP PUBLIC KEY BLOCK-----\nxyz</textarea>"))
        #expect(html.contains("<option value=\"management\" selected>"))
        #expect(html.contains("id=\"contact-new-primary\" name=\"primary\" value=\"1\" checked"))
        #expect(html.contains("<p class=\"field-error\" id=\"contact-new-email-error\">"))
        #expect(html.contains("<p class=\"field-error\" id=\"contact-new-phone-error\">"))
        #expect(html.contains(HTML.escape(l.t("error.email"))))
        #expect(html.contains("gpg --armor --export ADDRESS"))
    }

    @Test func networksShowIDNOverlapsAndRefusedLines() {
        let other = OrganisationRef(id: UUID(), nameEn: "Big ISP", nameAz: "Böyük İSP", kind: .constituent, country: "AZ")
        let networks = [
            NetworkItem(id: UUID(), kind: "ipv4", value: "10.1.0.0/16", display: "10.1.0.0/16",
                        overlaps: [.init(network: "10.0.0.0/8", owner: other)]),
            NetworkItem(id: UUID(), kind: "domain", value: "xn--mnstrlik-s6a.az", display: "mənstrlik.az", overlaps: []),
        ]
        let html = ConsolePages.organisation(Self.page(networks: networks,
                                                       networkErrors: [(text: "300.1.1.1/8", key: "error.required")],
                                                       networkText: "300.1.1.1/8"), Self.ctx()).raw
        #expect(html.contains("<code>mənstrlik.az</code> <span class=\"muted\">(<code>xn--mnstrlik-s6a.az</code>)</span>"))
        #expect(html.contains("<code>10.1.0.0/16</code> <a class=\"small-link\""), "no raw form when it is the same")
        #expect(html.contains("<li><code>10.0.0.0/8</code> — <a href=\"/en/console/organisations/\(other.id.uuidString)\">Big ISP</a></li>"))
        #expect(html.contains(HTML.escape(Localizer(.en).t("network.also_covered"))))
        #expect(html.contains("href=\"/en/console/lookup?q=10.1.0.0%2F16\""))
        for n in networks {
            #expect(html.contains("<form method=\"post\" action=\"/en/console/networks/\(n.id.uuidString)/delete\" class=\"row-form\">"))
        }
        #expect(html.contains("<td class=\"nowrap\">IPv4 network</td>") && html.contains("<td class=\"nowrap\">Domain</td>"))
        // Refused lines: "text — message", the text kept in the box.
        #expect(html.contains("<li><code>300.1.1.1/8</code> — \(HTML.escape(Localizer(.en).t("error.required")))</li>"))
        #expect(html.contains("<p class=\"field-error\" id=\"networks-networks-error\">"))
        #expect(html.contains("name=\"networks\" rows=\"4\" required aria-invalid=\"true\""))
        #expect(html.contains(">\n300.1.1.1/8</textarea>"))
        #expect(html.contains("192.0.2.0/24, 2001:db8::/32") && html.contains("AS64496") && html.contains("example.az"))
    }

    @Test func headerPartnerFieldsNotesAndForms() {
        let ministry = OrganisationRef(id: UUID(), nameEn: "Ministry", nameAz: "Nazirlik", kind: .constituent, country: "AZ")
        let cabinet = OrganisationRef(id: UUID(), nameEn: "Cabinet", nameAz: "Nazirlər Kabineti", kind: .constituent, country: "AZ")
        let constituent = ConsolePages.organisation(Self.page(parents: [ministry, cabinet]), Self.ctx()).raw
        #expect(constituent.contains("<h1>State Agency</h1><p><span class=\"other-name\" lang=\"az\">Dövlət Agentliyi</span></p>"))
        #expect(constituent.contains("<a href=\"/en/console/organisations/\(ministry.id.uuidString)\">Ministry</a> <span aria-hidden=\"true\">›</span> <a href=\"/en/console/organisations/\(cabinet.id.uuidString)\">Cabinet</a>"))
        #expect(constituent.contains("<div class=\"text\">First line\nsecond &lt;line&gt;</div>"))
        #expect(!constituent.contains("TLP:GREEN</span>"), "partner fields only for partner teams")
        let partner = ConsolePages.organisation(Self.page(kind: .partnerCERT), Self.ctx()).raw
        #expect(partner.contains("<span class=\"tlp tlp-green\">TLP:GREEN</span>"))
        #expect(partner.contains("GE, TR") && partner.contains("Certified"))
        // Edit, merge and delete forms, the edit form open after a refused submission.
        #expect(constituent.contains("<details class=\"card edit-organisation\" id=\"edit\"><summary>"))
        let refused = ConsolePages.organisation(Self.page(formErrors: ["name_en": "error.org.name_required"]), Self.ctx()).raw
        #expect(refused.contains("<details class=\"card edit-organisation\" id=\"edit\" open><summary>"))
        let id = ConstituencyFixtures.orgID.uuidString
        #expect(constituent.contains("action=\"/en/console/organisations/\(id)/update\""))
        #expect(constituent.contains("action=\"/en/console/organisations/\(id)/delete\""))
        #expect(!constituent.contains("action=\"/en/console/organisations/\(id)/merge\""), "no merge form without targets")
        let full = ConstituencyFixtures.render("organisation", FieldText(), Self.ctx()).raw
        #expect(full.contains("action=\"/en/console/organisations/\(id)/merge\""))
        #expect(full.contains("name=\"target\""))
        #expect(full.contains(HTML.escape(Localizer(.en).t("organisation.merge_warning"))))
    }

    // MARK: - Lookup

    @Test func lookupShowsOwnersPartnersAndUnknowns() {
        let l = Localizer(.en)
        let html = ConstituencyFixtures.render("lookup", FieldText(), Self.ctx()).raw
        #expect(html.contains("<form method=\"get\" action=\"/en/console/lookup\" class=\"form lookup-form\" role=\"search\">"))
        #expect(html.contains("name=\"q\" rows=\"4\""))
        #expect(html.contains(">\nSample lookup.query</textarea>"))
        // Owner first, then its parents, as links.
        #expect(html.contains(">Sample r1.owner.nameEn</a> <span aria-hidden=\"true\">›</span> <a href="))
        #expect(html.contains("<code>Sample r1.network</code>"))
        // Outside: the country and its partner teams; a country without one; nothing known.
        #expect(html.contains("<span class=\"badge outside\">\(HTML.escape(l.t("lookup.outside")))</span> <span class=\"country\">Sample r2.country</span>"))
        #expect(html.contains(">Sample r2.partner.nameEn</a>"))
        #expect(html.contains(HTML.escape(l.t("lookup.no_partner", ["country": "Sample r3.country"]))))
        #expect(html.contains(HTML.escape(l.t("lookup.unknown_help"))))
        #expect(html.contains("<li><code>Sample lookup.unrecognised</code></li>"))
        #expect(html.contains("<td>IP address</td>") && html.contains("<td>Domain</td>") && html.contains("<td>AS number</td>"))
        // Registry size, and what to do without RIR data.
        #expect(html.contains(HTML.escape(l.t("lookup.registry", ["organisations": "12", "networks": "34", "blocks": "0"]))))
        #expect(html.contains("<code>qalxan geo import FILE</code>"))
        let geo = ConstituencyFixtures.render("lookupWithGeo", FieldText(), Self.ctx()).raw
        #expect(!geo.contains("qalxan geo import") && geo.contains("250000"))
        // An empty box shows no results.
        let empty = ConsolePages.lookup(LookupModel(query: "", results: [], unrecognised: [], organisationCount: 0,
                                                    networkCount: 0, geoBlockCount: 0), Self.ctx()).raw
        #expect(!empty.contains("lookup-results") && !empty.contains(HTML.escape(l.t("lookup.nothing"))))
    }

    // MARK: - Import and sectors

    @Test func importUploadsFilesAndListsRefusedLines() {
        let l = Localizer(.az)
        let html = ConstituencyFixtures.render("constituencyImport", FieldText(), Self.ctx(.az)).raw
        #expect(html.contains("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/az/console/organisations/import\""))
        #expect(html.contains("type=\"file\" id=\"import-file\" name=\"file\" value=\"\" required"))
        #expect(html.contains(" multiple accept=\".csv,.txt,.gz,.db\">"))
        #expect(html.contains("<option value=\"csv\">") && html.contains("<option value=\"ripe\">"))
        for n in 5...8 { #expect(html.contains("<dd>\(n)</dd>")) }
        #expect(html.contains("<dd>2</dd>"), "two refused lines")
        #expect(html.contains("<td class=\"num\">12</td><td>Sample import.key</td>"))
        #expect(html.contains("<td class=\"num\">\(HTML.escape(l.t("import_page.whole_file")))</td><td>\(HTML.escape(l.t("error.too_long")))</td>"))
        #expect(html.contains("<code>Sample import.detail</code>"))
        // An error given as a catalog key is translated.
        let keyed = ConsolePages.constituencyImport(ImportPageModel(error: "error.upload_empty"), Self.ctx(.az)).raw
        #expect(keyed.contains(HTML.escape(l.t("error.upload_empty"))) && !keyed.contains("import-outcome"))
    }

    @Test func sectorsListAndAddForm() {
        let html = ConstituencyFixtures.render("sectors", FieldText(), Self.ctx()).raw
        #expect(html.contains("<tr><td><code>Sample sectors.slug</code></td><td lang=\"en\">Sample sectors.nameEn</td><td lang=\"az\">Sample sectors.nameAz</td></tr>"))
        #expect(html.contains("name=\"slug\" value=\"Sample sectors.new.slug\""))
        #expect(html.contains("name=\"name_en\" value=\"Sample sectors.new.nameEn\"") && html.contains("name=\"name_az\""))
        #expect(html.contains("<p class=\"field-error\" id=\"sector-slug-error\">"))
    }

    // MARK: - Affected organisations

    @Test func incidentPageShowsAffectedOrganisationsAfterAffectedSystems() throws {
        let l = Localizer(.en)
        let html = ConstituencyFixtures.render("incidentOrganisations", FieldText(), Self.ctx()).raw
        let systems = try #require(html.range(of: "<h2>\(HTML.escape(l.t("incident.affected")))</h2>"))
        let section = try #require(html.range(of: "<section class=\"affected-organisations\" id=\"organisations\">"))
        let reports = try #require(html.range(of: "<h2>\(HTML.escape(l.t("incident.reports")))</h2>"))
        #expect(systems.upperBound < section.lowerBound && section.upperBound < reports.lowerBound)

        #expect(html.contains("<span class=\"badge source-observed\">"))
        #expect(html.contains("<span class=\"badge source-partner\">\(HTML.escape(l.t("affected.source.partner_for", ["country": "Sample a2.partnerCountry"])))</span>"))
        #expect(html.contains("<span class=\"badge\">Sample a3.source</span>"))
        #expect(html.contains("<code>Sample a1.observable</code>"))
        #expect(html.contains(">Sample a1.parent.nameEn</a>"))
        // Remove per organisation, add back the removed one, and the add form.
        let remove = "<form method=\"post\" action=\"/en/console/incidents/Sample%20incident/organisations/remove\" class=\"row-form\">"
        #expect(occurrences(remove, in: html) == 3)
        #expect(occurrences("/organisations/add\" class=\"row-form\">", in: html) == 1)
        #expect(html.contains("<form method=\"post\" action=\"/en/console/incidents/Sample%20incident/organisations/add\" class=\"form add-affected\">"))
        #expect(html.contains("<select id=\"affected-organisation\" name=\"organisation\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"organisation\" value=\""))
        // Observables by kind, and the unresolved ones.
        #expect(html.contains("<h3>IP address (1)</h3><ul class=\"code-list\"><li><code>192.0.2.7</code></li></ul>"))
        #expect(html.contains("<h3>AS number (1)</h3>"))
        #expect(html.contains("<li><code>Sample unresolved</code></li>"))

        // Nothing about organisations when they were not worked out.
        let plain = ConsolePages.incident(IncidentPageModel(detail: ViewFixtures.incidentDetail("x"), assignees: [],
                                                            canEdit: true, canAssignOthers: true, allowedStatuses: []), Self.ctx()).raw
        #expect(!plain.contains("affected-organisations"))
    }

    @Test func longObservableListsAreCapped() {
        let many = (0..<130).map { Observable.domain("host\($0).example.az") }
        let m = AffectedOrganisationsModel(items: [], removed: [], observables: many, unresolved: (0..<60).map { "u\($0)" },
                                           canEdit: false, choices: [])
        let html = ConsolePages.affectedOrganisations(m, number: "QX-1", Self.ctx()).raw
        #expect(occurrences("<li><code>host", in: html) == 50)
        #expect(html.contains(HTML.escape(Localizer(.en).t("affected.more", ["count": "80"]))))
        #expect(html.contains(HTML.escape(Localizer(.en).t("affected.more", ["count": "10"]))))
        #expect(html.contains(HTML.escape(Localizer(.en).t("affected.none"))))
        #expect(!html.contains("<form"), "no forms without the right")
    }

    // MARK: - Catalogs

    /// Keys made from enum values and the model layer's error keys, which the source scan
    /// of `CatalogTests` cannot see.
    @Test func keyFamiliesOfTheConstituencyExist() {
        var required: [String] = []
        required += OrganisationKind.allCases.map(\.labelKey)
        required += NotificationPreference.allCases.map(\.labelKey)
        required += ContactRole.allCases.map(\.labelKey)
        required += TrustedIntroducerStatus.allCases.map(\.labelKey)
        required += ["valid", "expired", "revoked", "no_encryption_key", "none"].flatMap { ["pgp.status.\($0)", "pgp.badge.\($0)"] }
        required += ["ipv4", "ipv6", "asn", "domain"].map { "network.kind.\($0)" }
        required += ["ip", "prefix", "asn", "domain", "url", "email"].map { "observable.kind.\($0)" }
        required += APIScope.allCases.map { "scope." + $0.rawValue.replacingOccurrences(of: ":", with: "_") }
        // Every key the validations of the model layer can answer with.
        let badOrg = OrganisationInput(nameEn: "", nameAz: String(repeating: "x", count: 301), kind: "?", country: "AZE",
                                       languages: "english", notification: "?", notes: String(repeating: "n", count: 20_001),
                                       countries: "X", trustedIntroducer: "?", maxTLP: "?")
        let badContact = ContactInput(name: String(repeating: "x", count: 201), email: "x", phone: "1", role: "?", languages: "1")
        required += Array(badOrg.validate().values) + Array(badContact.validate().values) + Array(ContactInput().validate().values)
            + Array(OrganisationInput().validate().values)
        #expect(Set(badOrg.validate().values) == ["error.too_long", "error.choice", "error.country", "error.languages"])
        #expect(OrganisationInput().validate() == ["name_en": "error.org.name_required"])
        for key in Set(required) {
            #expect(Self.keys(.en)[key] != nil, "\(key) is missing in en.json")
            #expect(Self.keys(.az)[key] != nil, "\(key) is missing in az.json")
        }
        #expect(Self.keys(.en)["error.country"] == "Expected a two-letter country code such as AZ.")
        #expect(Self.keys(.en)["error.languages"] == "Expected language codes such as az, en.")
        #expect(Self.keys(.az)["console.nav.organisations"] == "Təşkilatlar")
        #expect(Self.keys(.az)["console.nav.lookup"] == "Axtarış")
    }

    /// The additions file lists exactly what the catalogs gained, with the same values.
    @Test func catalogAdditionsMatchTheCatalogs() throws {
        let root = try CatalogTests.packageRoot()
        let url = root.appendingPathComponent("catalog-additions.json")
        guard let data = try? Data(contentsOf: url) else { return }  // only in the scratch package
        let additions = try JSONDecoder().decode([String: [String: String]].self, from: data)
        #expect(Set(additions.keys) == ["en", "az"])
        let en = additions["en"] ?? [:]
        let az = additions["az"] ?? [:]
        #expect(Set(en.keys) == Set(az.keys) && !en.isEmpty)
        for language in Language.allCases {
            for (key, value) in additions[language.rawValue] ?? [:] {
                #expect(Self.keys(language)[key] == value, "\(language.rawValue): \(key)")
            }
        }
    }

    // MARK: - Helpers

    static func grouped(_ fingerprint: String) -> String {
        ContactItem(id: UUID(), name: "", email: "", phone: "", role: .abuse, languages: [], primary: false,
                    pgpFingerprint: fingerprint, pgpExpiresAt: nil, pgpStatus: "valid").groupedFingerprint
    }
}
