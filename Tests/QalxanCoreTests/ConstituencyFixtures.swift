import Foundation
import QalxanCore
import QalxanViews

/// The text of every string field of the constituency models, by field name: one value
/// for all of them, or a payload for one field and a recognisable sample for the rest.
/// Building a model records the names it asked for, so that a test can go through every
/// field without a list that could fall behind the models.
final class FieldText {
    private let fixed: String?
    private let target: String?
    private let payload: String
    /// Every field asked for, in order.
    private(set) var names: [String] = []
    /// Fields a page never shows as text (compared with option values or only put into
    /// URLs, percent-encoded): they must not leak, but need not appear.
    private(set) var hidden: Set<String> = []
    /// Fields shown in groups of four (OpenPGP fingerprints).
    private(set) var grouped: Set<String> = []

    /// Records the field names; every field gets a sample text.
    init() {
        fixed = nil
        target = nil
        payload = ""
    }

    /// `text` in every field.
    init(all text: String) {
        fixed = text
        target = nil
        payload = ""
    }

    /// `payload` in the field `target`, a sample text in the others.
    init(target: String, payload: String) {
        fixed = nil
        self.target = target
        self.payload = payload
    }

    func callAsFunction(_ name: String, hidden: Bool = false, grouped: Bool = false) -> String {
        names.append(name)
        if hidden { self.hidden.insert(name) }
        if grouped { self.grouped.insert(name) }
        if let fixed { return fixed }
        return name == target ? payload : "Sample \(name)"
    }
}

/// Models of the constituency pages with every string taken from a `FieldText`.
enum ConstituencyFixtures {
    static let date = ViewFixtures.date
    static let orgID = UUID(uuidString: "33333333-3333-3333-3333-333333333333")!

    /// Every constituency page (the incident page with its affected organisations too).
    static let pages = [
        "organisations", "newOrganisation", "organisation", "lookup", "lookupWithGeo", "constituencyImport", "sectors",
        "incidentOrganisations",
    ]

    /// The pages for `ViewFixtures.pageMakers`, with `s` in every field. A megabyte-sized
    /// text goes through the richest pages only: escaping it costs a third of a second per
    /// occurrence in a debug build, and the other pages add no code path of their own.
    static func pageMakers(_ s: String, _ language: Language, ctxText: String) -> [(name: String, make: () -> HTML)] {
        let ctx = ViewFixtures.context(language, text: ctxText, signedIn: true)
        let huge = s.utf8.count > 100_000 || ctxText.utf8.count > 100_000
        let chosen = huge ? ["organisation", "lookup", "constituencyImport", "sectors"] : pages
        return chosen.map { page in (page, { render(page, FieldText(all: s), ctx) }) }
    }

    static func render(_ page: String, _ v: FieldText, _ ctx: PageContext, canEdit: Bool = true) -> HTML {
        switch page {
        case "organisations": ConsolePages.organisations(list(v, canEdit: canEdit), ctx)
        case "newOrganisation": ConsolePages.newOrganisation(form(v, id: nil), ctx)
        case "organisation": ConsolePages.organisation(organisationPage(v, canEdit: canEdit), ctx)
        case "lookup": ConsolePages.lookup(lookup(v, geoBlocks: 0), ctx)
        case "lookupWithGeo": ConsolePages.lookup(lookup(v, geoBlocks: 250_000), ctx)
        case "constituencyImport": ConsolePages.constituencyImport(importPage(v), ctx)
        case "sectors": ConsolePages.sectors(sectors(v, canEdit: canEdit), ctx)
        case "incidentOrganisations": ConsolePages.incident(IncidentPageModel(
            detail: ViewFixtures.incidentDetail(v("incident")), assignees: [], canEdit: canEdit, canAssignOthers: canEdit,
            allowedStatuses: canEdit ? [.inProgress] : [], organisations: affected(v, canEdit: canEdit)), ctx)
        default: fatalError("no page \(page)")
        }
    }

    // MARK: - Parts

    static func ref(_ v: FieldText, _ p: String, kind: OrganisationKind = .constituent, id: UUID = UUID(),
                    showsCountry: Bool = false) -> OrganisationRef {
        OrganisationRef(id: id, nameEn: v("\(p).nameEn"), nameAz: v("\(p).nameAz"), kind: kind,
                        country: v("\(p).country", hidden: !showsCountry))
    }

    static func sector(_ v: FieldText, _ p: String) -> SectorItem {
        SectorItem(slug: v("\(p).slug", hidden: true), nameEn: v("\(p).nameEn"), nameAz: v("\(p).nameAz"))
    }

    static func list(_ v: FieldText, canEdit: Bool) -> OrganisationListModel {
        let filter = OrganisationFilter(text: v("filter.text"), kind: .constituent, sector: v("filter.sector", hidden: true),
                                        missingContact: true, page: 2)
        let rows = [
            OrganisationSummary(ref: ref(v, "row1", showsCountry: true), sector: v("row1.sector"), parent: ref(v, "row1.parent"),
                                networkCount: 3, contactCount: 0, missingContact: true),
            OrganisationSummary(ref: ref(v, "row2", kind: .partnerCERT, showsCountry: true), sector: v("row2.sector"),
                                parent: nil, networkCount: 0, contactCount: 2, missingContact: false),
        ]
        return OrganisationListModel(filter: filter, page: ResultPage(items: rows, page: 2, perPage: 50, total: 120),
                                     sectors: [sector(v, "listSector")], canEdit: canEdit)
    }

    static func form(_ v: FieldText, id: UUID?) -> OrganisationFormModel {
        let values = OrganisationInput(
            nameEn: v("form.nameEn"), nameAz: v("form.nameAz"), kind: v("form.kind", hidden: true),
            sector: v("form.sector", hidden: true), country: v("form.country"), parent: v("form.parent", hidden: true),
            languages: v("form.languages"), notification: v("form.notification", hidden: true), encryptedMail: true,
            notes: v("form.notes"), countries: v("form.countries"), firstMember: true,
            trustedIntroducer: v("form.trustedIntroducer", hidden: true), maxTLP: v("form.maxTLP", hidden: true))
        return OrganisationFormModel(id: id, values: values, sectors: [sector(v, "formSector")], parents: [ref(v, "formParent")],
                                     errors: ["name_en": v("form.error"), "country": "error.country"])
    }

    static func contact(_ v: FieldText, _ p: String, role: ContactRole = .abuse, primary: Bool = true) -> ContactItem {
        ContactItem(id: UUID(), name: v("\(p).name"), email: v("\(p).email"), phone: v("\(p).phone"), role: role,
                    languages: [v("\(p).language")], primary: primary, pgpFingerprint: v("\(p).fingerprint", grouped: true),
                    pgpExpiresAt: date, pgpStatus: v("\(p).pgpStatus"))
    }

    static func network(_ v: FieldText, _ p: String) -> NetworkItem {
        NetworkItem(id: UUID(), kind: v("\(p).kind"), value: v("\(p).value"), display: v("\(p).display"),
                    overlaps: [.init(network: v("\(p).overlap"), owner: ref(v, "\(p).overlapOwner"))])
    }

    static func detail(_ v: FieldText, kind: OrganisationKind = .partnerCERT) -> OrganisationDetail {
        OrganisationDetail(
            ref: ref(v, "org", kind: kind, id: orgID, showsCountry: true), externalKey: v("org.externalKey"),
            sector: v("org.sector", hidden: true), parents: [ref(v, "org.parent1"), ref(v, "org.parent2")],
            children: [ref(v, "org.child")], languages: [v("org.language")], notification: .daily, encryptedMail: true,
            notes: v("org.notes"), countries: [v("org.country2")], firstMember: true, trustedIntroducer: .accredited,
            maxTLP: .amber, contacts: [contact(v, "c1"), contact(v, "c2", role: .security, primary: false)],
            networks: [network(v, "n1"), network(v, "n2")], createdAt: date, updatedAt: date)
    }

    static func organisationPage(_ v: FieldText, canEdit: Bool) -> OrganisationPageModel {
        OrganisationPageModel(
            detail: detail(v), sectorName: v("page.sectorName"), canEdit: canEdit, form: form(v, id: orgID),
            newContact: ContactInput(name: v("new.name"), email: v("new.email"), phone: v("new.phone"),
                                     role: v("new.role", hidden: true), languages: v("new.languages"),
                                     pgpKey: v("new.pgpKey"), primary: true),
            contactErrors: ["email": v("new.error"), "pgp_key": "error.too_long"], networkText: v("networks.text"),
            networkErrors: [(text: v("networks.errorText"), key: v("networks.errorKey"))],
            mergeTargets: [ref(v, "mergeTarget")], incidentCount: 4)
    }

    static func lookup(_ v: FieldText, geoBlocks: Int) -> LookupModel {
        let results = [
            LookupResult(query: v("r1.query"), kind: v("r1.kind"), network: v("r1.network"),
                         owners: [ref(v, "r1.owner"), ref(v, "r1.ownerParent")], country: v("r1.country", hidden: true),
                         partners: []),
            LookupResult(query: v("r2.query"), kind: "ip", network: nil, owners: [], country: v("r2.country"),
                         partners: [ref(v, "r2.partner", kind: .partnerCERT)]),
            LookupResult(query: v("r3.query"), kind: "domain", network: nil, owners: [], country: v("r3.country"), partners: []),
            LookupResult(query: v("r4.query"), kind: "asn", network: nil, owners: [], country: nil, partners: []),
        ]
        return LookupModel(query: v("lookup.query"), results: results, unrecognised: [v("lookup.unrecognised")],
                           organisationCount: 12, networkCount: 34, geoBlockCount: geoBlocks)
    }

    static func importPage(_ v: FieldText) -> ImportPageModel {
        ImportPageModel(
            outcome: ImportOutcome(organisationsCreated: 5, organisationsUpdated: 6, contactsAdded: 7, networksAdded: 8, problems: [
                .init(file: v("import.file"), line: 12, key: v("import.key"), detail: v("import.detail")),
                .init(file: v("import.file2"), line: 0, key: "error.too_long", detail: v("import.detail2")),
            ]),
            error: v("import.error"))
    }

    static func sectors(_ v: FieldText, canEdit: Bool) -> SectorsModel {
        SectorsModel(sectors: [SectorItem(slug: v("sectors.slug"), nameEn: v("sectors.nameEn"), nameAz: v("sectors.nameAz"))],
                     canEdit: canEdit,
                     values: SectorItem(slug: v("sectors.new.slug"), nameEn: v("sectors.new.nameEn"), nameAz: v("sectors.new.nameAz")),
                     errors: ["slug": v("sectors.error")])
    }

    static func affected(_ v: FieldText, canEdit: Bool) -> AffectedOrganisationsModel {
        AffectedOrganisationsModel(
            items: [
                AffectedOrganisation(organisation: ref(v, "a1"), parents: [ref(v, "a1.parent")], observables: [v("a1.observable")],
                                     source: "observed", country: nil),
                AffectedOrganisation(organisation: ref(v, "a2", kind: .partnerCERT), parents: [],
                                     observables: [v("a2.observable")], source: "partner", country: v("a2.partnerCountry")),
                AffectedOrganisation(organisation: ref(v, "a3"), parents: [], observables: [], source: v("a3.source"), country: nil),
            ],
            removed: [ref(v, "removed")],
            observables: [.ip(IPAddress("192.0.2.7")!), .domain(v("obs.domain")), .url(v("obs.url")), .email(v("obs.email")),
                          .asn(64496)],
            unresolved: [v("unresolved")], canEdit: canEdit, choices: [ref(v, "choice")])
    }
}
