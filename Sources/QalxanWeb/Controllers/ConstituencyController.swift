import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// Organisations, contacts, networks, sectors, the lookup box, imports and exports, and
/// the affected organisations of an incident.
struct ConstituencyController {
    func register(_ console: any RoutesBuilder, importLimit: ByteCount) {
        console.get("organisations", use: list)
        console.get("organisations", "new", use: newForm)
        console.post("organisations", "new", use: create)
        console.get("organisations", "import", use: importForm)
        console.grouped(PermissionMiddleware(permission: .editConstituency))
            .on(.POST, "organisations", "import", body: .collect(maxSize: importLimit), use: importFiles)
        console.get("organisations", "export.csv", use: export)
        console.get("organisations", ":id", use: show)
        console.on(.POST, "organisations", ":id", ":action", body: .collect(maxSize: "2mb"), use: act)
        console.on(.POST, "contacts", ":id", ":action", body: .collect(maxSize: "2mb"), use: contactAction)
        console.post("networks", ":id", "delete", use: deleteNetwork)
        console.get("lookup", use: lookup)
        console.get("sectors", use: sectors)
        console.post("sectors", use: addSector)
        console.post("incidents", ":number", "organisations", ":action", use: incidentOrganisation)
    }

    // MARK: Organisations

    func list(_ req: Request) async throws -> Response {
        let l = try req.language()
        let filter = OrganisationFilter(query: Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a }))
        let page = try await req.qalxan.organisationQuery.list(
            text: filter.text, kind: filter.kind, sector: filter.sector, missingContact: filter.missingContact,
            page: filter.page, actor: req.actor, on: req.db)
        let model = OrganisationListModel(filter: filter, page: page, sectors: try await sectorItems(req),
                                          canEdit: req.actor.can(.editConstituency))
        return Render.page(ConsolePages.organisations(model, req.pageContext(l)))
    }

    func sectorItems(_ req: Request) async throws -> [SectorItem] {
        try await req.qalxan.organisations.sectors(on: req.db).map { SectorItem(slug: $0.slug, nameEn: $0.nameEn, nameAz: $0.nameAz) }
    }

    func formModel(_ req: Request, id: UUID?, values: OrganisationInput, errors: [String: String] = [:]) async throws -> OrganisationFormModel {
        var parents = try await req.qalxan.organisationQuery.all(actor: req.actor, on: req.db)
        if let id { parents.removeAll { $0.id == id } }
        return OrganisationFormModel(id: id, values: values, sectors: try await sectorItems(req), parents: parents, errors: errors)
    }

    func newForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editConstituency)
        var values = OrganisationInput()
        values.languages = l.rawValue
        return Render.page(ConsolePages.newOrganisation(try await formModel(req, id: nil, values: values), req.pageContext(l)))
    }

    /// The organisation form's fields.
    static func input(_ form: FormData) -> OrganisationInput {
        OrganisationInput(
            nameEn: form.value("name_en"), nameAz: form.value("name_az"), kind: form.value("kind"), sector: form.value("sector"),
            country: form.value("country"), parent: form.value("parent"), languages: form.value("languages"),
            notification: form.value("notification"), encryptedMail: form.value("encrypted_mail") == "1", notes: form.value("notes"),
            countries: form.value("countries"), firstMember: form.value("first_member") == "1",
            trustedIntroducer: form.first("trusted_introducer") ?? TrustedIntroducerStatus.none.rawValue,
            maxTLP: form.first("max_tlp") ?? TLP.amber.rawValue)
    }

    static func contactInput(_ form: FormData) -> ContactInput {
        ContactInput(name: form.value("name"), email: form.value("email"), phone: form.value("phone"), role: form.value("role"),
                     languages: form.value("languages"), pgpKey: form.value("pgp_key"), primary: form.value("primary") == "1")
    }

    func create(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editConstituency)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let values = Self.input(form)
        do {
            let org = try await req.qalxan.organisations.create(values, actor: req.actor, on: req.db)
            return Render.redirect(Paths.organisation(l, id: org.id!.uuidString) + "?m=organisation_created")
        } catch ServiceError.invalid(let errors) {
            let model = try await formModel(req, id: nil, values: values.cleaned(), errors: errors)
            return Render.page(ConsolePages.newOrganisation(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    static func values(of d: OrganisationDetail) -> OrganisationInput {
        OrganisationInput(
            nameEn: d.ref.nameEn, nameAz: d.ref.nameAz, kind: d.ref.kind.rawValue, sector: d.sector, country: d.ref.country,
            parent: d.parents.first?.id.uuidString ?? "", languages: d.languages.joined(separator: ", "),
            notification: d.notification.rawValue, encryptedMail: d.encryptedMail, notes: d.notes,
            countries: d.countries.joined(separator: ", "), firstMember: d.firstMember,
            trustedIntroducer: d.trustedIntroducer.rawValue, maxTLP: d.maxTLP.rawValue)
    }

    /// The organisation page, with the values and errors of a refused form when there is one.
    func pageModel(_ req: Request, id: UUID, form: OrganisationInput? = nil, formErrors: [String: String] = [:],
                   contact: ContactInput = ContactInput(), contactErrors: [String: String] = [:], networkText: String = "",
                   networkErrors: [(text: String, key: String)] = []) async throws -> OrganisationPageModel {
        let query = req.qalxan.organisationQuery
        let detail = try await query.detail(id, actor: req.actor, on: req.db)
        let sectors = try await sectorItems(req)
        let l = try req.language()
        let sectorName = sectors.first { $0.slug == detail.sector }?.name(l) ?? detail.sector
        let all = try await query.all(actor: req.actor, on: req.db).filter { $0.id != id }
        return OrganisationPageModel(
            detail: detail, sectorName: sectorName, canEdit: req.actor.can(.editConstituency),
            form: OrganisationFormModel(id: id, values: form ?? Self.values(of: detail), sectors: sectors, parents: all, errors: formErrors),
            newContact: contact, contactErrors: contactErrors, networkText: networkText, networkErrors: networkErrors,
            mergeTargets: all, incidentCount: try await query.incidentCount(id, on: req.db))
    }

    func show(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw PageError(status: .notFound) }
        return Render.page(ConsolePages.organisation(try await pageModel(req, id: id), req.pageContext(l)))
    }

    func act(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw PageError(status: .notFound) }
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let service = req.qalxan.organisations
        let actor = req.actor
        switch req.parameters.get("action") {
        case "update":
            let values = Self.input(form)
            do {
                try await service.update(id, values, actor: actor, on: req.db)
            } catch ServiceError.invalid(let errors) {
                let model = try await pageModel(req, id: id, form: values.cleaned(), formErrors: errors)
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
            return Render.redirect(Paths.organisation(l, id: id.uuidString) + "?m=saved")
        case "delete":
            try await service.delete(id, actor: actor, on: req.db)
            return Render.redirect(Paths.organisations(l) + "?m=organisation_deleted")
        case "merge":
            guard let target = UUID(uuidString: form.value("target")) else { throw PageError(status: .badRequest) }
            do {
                try await service.merge(id, into: target, actor: actor, on: req.db)
            } catch ServiceError.invalid(let errors) {
                let model = try await pageModel(req, id: id, formErrors: errors)
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
            return Render.redirect(Paths.organisation(l, id: target.uuidString) + "?m=organisation_merged")
        case "contacts":
            let values = Self.contactInput(form)
            do {
                try await service.addContact(to: id, values, actor: actor, on: req.db)
            } catch ServiceError.invalid(let errors) {
                let model = try await pageModel(req, id: id, contact: values.cleaned(), contactErrors: errors)
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
            return Render.redirect(Paths.organisation(l, id: id.uuidString) + "?m=contact_added")
        case "networks":
            let text = form.value("networks")
            let result: (added: [String], refused: [(text: String, key: String)])
            do {
                result = try await service.addNetworks(to: id, text: text, actor: actor, on: req.db)
            } catch ServiceError.invalid(let errors) {
                let model = try await pageModel(req, id: id, networkText: text, networkErrors: errors.map { ("", $0.value) })
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
            guard result.refused.isEmpty else {
                // Keep what was refused in the box, so it can be corrected and sent again.
                let model = try await pageModel(req, id: id, networkText: result.refused.map(\.text).joined(separator: "\n"),
                                                networkErrors: result.refused)
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
            return Render.redirect(Paths.organisation(l, id: id.uuidString) + "?m=networks_added")
        default:
            throw PageError(status: .notFound)
        }
    }

    func contactAction(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw PageError(status: .notFound) }
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let service = req.qalxan.organisations
        switch req.parameters.get("action") {
        case "update":
            let values = Self.contactInput(form)
            do {
                let org = try await service.updateContact(id, values, actor: req.actor, on: req.db)
                return Render.redirect(Paths.organisation(l, id: org.uuidString) + "?m=saved")
            } catch ServiceError.invalid(let errors) {
                guard let contact = try await ContactModel.find(id, on: req.db) else { throw PageError(status: .notFound) }
                let model = try await pageModel(req, id: contact.organisationID, contact: values.cleaned(), contactErrors: errors)
                return Render.page(ConsolePages.organisation(model, req.pageContext(l)), status: .unprocessableEntity)
            }
        case "delete":
            let org = try await service.deleteContact(id, actor: req.actor, on: req.db)
            return Render.redirect(Paths.organisation(l, id: org.uuidString) + "?m=contact_removed")
        default:
            throw PageError(status: .notFound)
        }
    }

    func deleteNetwork(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw PageError(status: .notFound) }
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let org = try await req.qalxan.organisations.deleteNetwork(id, actor: req.actor, on: req.db)
        return Render.redirect(Paths.organisation(l, id: org.uuidString) + "?m=network_removed")
    }

    // MARK: Lookup, sectors

    func lookup(_ req: Request) async throws -> Response {
        let l = try req.language()
        let q = String((req.queryPairs.first { $0.0 == "q" }?.1 ?? "").prefix(20_000))
        let (results, unrecognised) = try req.qalxan.organisationQuery.lookup(q, actor: req.actor)
        let table = req.qalxan.directory.table
        let model = LookupModel(query: q, results: results, unrecognised: unrecognised, organisationCount: table.organisations.count,
                                networkCount: table.networkCount, geoBlockCount: table.geo.blockCount)
        return Render.page(ConsolePages.lookup(model, req.pageContext(l)))
    }

    func sectors(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.viewConstituency)
        let model = SectorsModel(sectors: try await sectorItems(req), canEdit: req.actor.can(.editConstituency))
        return Render.page(ConsolePages.sectors(model, req.pageContext(l)))
    }

    func addSector(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        do {
            try await req.qalxan.organisations.addSector(slug: form.value("slug"), nameEn: form.value("name_en"),
                                                        nameAz: form.value("name_az"), actor: req.actor, on: req.db)
            return Render.redirect(Paths.sectors(l) + "?m=saved")
        } catch ServiceError.invalid(let errors) {
            let model = SectorsModel(sectors: try await sectorItems(req), canEdit: true,
                                     values: SectorItem(slug: form.value("slug"), nameEn: form.value("name_en"), nameAz: form.value("name_az")),
                                     errors: errors)
            return Render.page(ConsolePages.sectors(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    // MARK: Import and export

    func importForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editConstituency)
        return Render.page(ConsolePages.constituencyImport(ImportPageModel(), req.pageContext(l)))
    }

    func importFiles(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editConstituency)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        guard let format = ConstituencyImportService.Format(rawValue: form.value("format")) else {
            return Render.page(ConsolePages.constituencyImport(ImportPageModel(error: "error.import.format"), req.pageContext(l)),
                               status: .unprocessableEntity)
        }
        let files = form.files("file").filter { !$0.data.isEmpty }
        guard !files.isEmpty else {
            return Render.page(ConsolePages.constituencyImport(ImportPageModel(error: "error.import.no_file"), req.pageContext(l)),
                               status: .unprocessableEntity)
        }
        let total = try await req.qalxan.constituencyImport.importFiles(
            files.map { (TextInput.fileName($0.fileName), [UInt8]($0.data)) }, format: format, actor: req.actor, on: req.db)
        return Render.page(ConsolePages.constituencyImport(ImportPageModel(outcome: total), req.pageContext(l)))
    }

    func export(_ req: Request) async throws -> Response {
        try req.actor.require(.viewConstituency)
        let csv = try await req.qalxan.constituencyExport.csv(actor: req.actor, on: req.db)
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"constituency.csv\"")
        return response
    }

    // MARK: Incidents

    func incidentOrganisation(_ req: Request) async throws -> Response {
        let l = try req.language()
        let number = req.parameters.get("number") ?? ""
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        guard let org = UUID(uuidString: form.value("organisation")) else { throw PageError(status: .badRequest) }
        let service = req.qalxan.incidentOrganisations
        switch req.parameters.get("action") {
        case "add": try await service.add(number, organisation: org, actor: req.actor, on: req.db)
        case "remove": try await service.remove(number, organisation: org, actor: req.actor, on: req.db)
        default: throw PageError(status: .notFound)
        }
        let canonical = TrackingNumber(parsing: number)?.description ?? number
        return Render.redirect(Paths.incident(l, number: canonical) + "?m=saved")
    }
}
