import Foundation
import QalxanCore

/// A sector as forms offer it.
public struct SectorItem: Sendable, Equatable {
    public let slug: String
    public let nameEn: String
    public let nameAz: String

    public init(slug: String, nameEn: String, nameAz: String) {
        self.slug = slug
        self.nameEn = nameEn
        self.nameAz = nameAz
    }

    /// The name in `language`.
    public func name(_ language: Language) -> String { language == .az ? nameAz : nameEn }
}

/// Search and filters of the organisation list (GET `Paths.organisations`): `q` (name or
/// key), `kind`, `sector`, `flag` (`missing_contact`), `page`.
public struct OrganisationFilter: Sendable, Equatable {
    public var text: String
    public var kind: OrganisationKind?
    public var sector: String
    public var missingContact: Bool
    public var page: Int

    public init(text: String = "", kind: OrganisationKind? = nil, sector: String = "", missingContact: Bool = false, page: Int = 1) {
        self.text = text
        self.kind = kind
        self.sector = sector
        self.missingContact = missingContact
        self.page = page
    }

    /// Reads the filter from query parameters; unknown values are ignored.
    public init(query: [String: String]) {
        self.init(text: TextInput.field(query["q"]).prefix(200).description,
                  kind: query["kind"].flatMap(OrganisationKind.init(rawValue:)),
                  sector: Codes.slug(query["sector"] ?? ""),
                  missingContact: query["flag"] == "missing_contact",
                  page: max(1, min(100_000, Int(query["page"] ?? "") ?? 1)))
    }

    /// The filter as query parameters (without the page), for links.
    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if !text.isEmpty { q.append(("q", text)) }
        if let kind { q.append(("kind", kind.rawValue)) }
        if !sector.isEmpty { q.append(("sector", sector)) }
        if missingContact { q.append(("flag", "missing_contact")) }
        return q
    }
}

/// The organisation list.
public struct OrganisationListModel: Sendable {
    public let filter: OrganisationFilter
    public let page: ResultPage<OrganisationSummary>
    public let sectors: [SectorItem]
    public let canEdit: Bool

    public init(filter: OrganisationFilter, page: ResultPage<OrganisationSummary>, sectors: [SectorItem], canEdit: Bool) {
        self.filter = filter
        self.page = page
        self.sectors = sectors
        self.canEdit = canEdit
    }
}

/// The form that creates (POST `Paths.newOrganisation`) or edits (POST
/// `Paths.organisationAction(id, "update")`) an organisation. Fields: name_en, name_az,
/// kind, sector, country, parent (organisation id or empty), languages, notification,
/// encrypted_mail (`1` when checked), notes, countries, first_member (`1`),
/// trusted_introducer, max_tlp, _csrf.
public struct OrganisationFormModel: Sendable {
    /// Nil when creating.
    public let id: UUID?
    public let values: OrganisationInput
    public let sectors: [SectorItem]
    /// Organisations that may be chosen as the parent.
    public let parents: [OrganisationRef]
    public let errors: [String: String]

    public init(id: UUID?, values: OrganisationInput, sectors: [SectorItem], parents: [OrganisationRef], errors: [String: String] = [:]) {
        self.id = id
        self.values = values
        self.sectors = sectors
        self.parents = parents
        self.errors = errors
    }
}

/// One organisation, with its contacts and networks and their forms:
/// - edit: `OrganisationFormModel` on `Paths.organisationAction(id, "update")`;
/// - add contact: POST `Paths.organisationAction(id, "contacts")`: name, email, phone,
///   role, languages, pgp_key, primary (`1`), _csrf; edit one: POST
///   `Paths.contactAction(contactID, "update")` (same fields); remove one: POST
///   `Paths.contactAction(contactID, "delete")` (_csrf);
/// - add networks: POST `Paths.organisationAction(id, "networks")`: networks (several,
///   one per line or separated by spaces/commas), _csrf; remove one: POST
///   `Paths.deleteNetwork(networkID)` (_csrf);
/// - merge into another: POST `Paths.organisationAction(id, "merge")`: target
///   (organisation id), _csrf; delete: POST `Paths.organisationAction(id, "delete")`.
public struct OrganisationPageModel: Sendable {
    public let detail: OrganisationDetail
    public let sectorName: String
    public let canEdit: Bool
    /// The edit form (values from the organisation, or from a refused submission).
    public let form: OrganisationFormModel
    /// Values and errors of the add-contact form when it came back refused.
    public let newContact: ContactInput
    public let contactErrors: [String: String]
    /// Text of the add-networks form when some lines were refused, and why.
    public let networkText: String
    public let networkErrors: [(text: String, key: String)]
    /// Organisations this one could be merged into.
    public let mergeTargets: [OrganisationRef]
    /// How many incidents a handler linked to it by hand.
    public let incidentCount: Int

    public init(detail: OrganisationDetail, sectorName: String, canEdit: Bool, form: OrganisationFormModel,
                newContact: ContactInput = ContactInput(), contactErrors: [String: String] = [:], networkText: String = "",
                networkErrors: [(text: String, key: String)] = [], mergeTargets: [OrganisationRef], incidentCount: Int) {
        self.detail = detail
        self.sectorName = sectorName
        self.canEdit = canEdit
        self.form = form
        self.newContact = newContact
        self.contactErrors = contactErrors
        self.networkText = networkText
        self.networkErrors = networkErrors
        self.mergeTargets = mergeTargets
        self.incidentCount = incidentCount
    }
}

/// The lookup box (GET `Paths.lookup`, parameter `q`): who owns an address, a prefix,
/// an AS number, a domain, a URL or an e-mail address. Several may be typed at once,
/// one per line (at most 100).
public struct LookupModel: Sendable {
    public let query: String
    /// One result per recognised line; `unrecognised` holds the lines that were not.
    public let results: [LookupResult]
    public let unrecognised: [String]
    /// Registry size, shown under the box.
    public let organisationCount: Int
    public let networkCount: Int
    public let geoBlockCount: Int

    public init(query: String, results: [LookupResult], unrecognised: [String], organisationCount: Int, networkCount: Int,
                geoBlockCount: Int) {
        self.query = query
        self.results = results
        self.unrecognised = unrecognised
        self.organisationCount = organisationCount
        self.networkCount = networkCount
        self.geoBlockCount = geoBlockCount
    }
}

/// The import page (POST `Paths.constituencyImport`, multipart): format (`csv` |
/// `ripe`), file (one or more; gzip accepted), _csrf. After an import, `outcome` says
/// what it did.
public struct ImportPageModel: Sendable {
    public let outcome: ImportOutcome?
    public let error: String?

    public init(outcome: ImportOutcome? = nil, error: String? = nil) {
        self.outcome = outcome
        self.error = error
    }
}

/// The sector list (administrators add sectors: POST `Paths.sectors`: slug, name_en,
/// name_az, _csrf).
public struct SectorsModel: Sendable {
    public let sectors: [SectorItem]
    public let canEdit: Bool
    public let values: SectorItem
    public let errors: [String: String]

    public init(sectors: [SectorItem], canEdit: Bool, values: SectorItem = SectorItem(slug: "", nameEn: "", nameAz: ""),
                errors: [String: String] = [:]) {
        self.sectors = sectors
        self.canEdit = canEdit
        self.values = values
        self.errors = errors
    }
}

/// The affected-organisations section of an incident page:
/// - add: POST `Paths.incidentOrganisation(number, "add")`: organisation (id), _csrf;
/// - remove: POST `Paths.incidentOrganisation(number, "remove")`: organisation (id), _csrf.
public struct AffectedOrganisationsModel: Sendable {
    public let items: [AffectedOrganisation]
    /// Organisations found in the text but removed by a handler (they can be added back).
    public let removed: [OrganisationRef]
    /// Observables extracted from the incident and its reports (for display, capped).
    public let observables: [Observable]
    /// Observables no organisation and no partner team answers for.
    public let unresolved: [String]
    public let canEdit: Bool
    /// Choices for the add form.
    public let choices: [OrganisationRef]

    public init(items: [AffectedOrganisation], removed: [OrganisationRef], observables: [Observable], unresolved: [String],
                canEdit: Bool, choices: [OrganisationRef]) {
        self.items = items
        self.removed = removed
        self.observables = observables
        self.unresolved = unresolved
        self.canEdit = canEdit
        self.choices = choices
    }
}
