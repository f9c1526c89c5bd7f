import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The incident list, the incident page and its forms.
struct IncidentController {
    func register(_ console: any RoutesBuilder, bodyLimit: ByteCount) {
        console.get("incidents", use: list)
        console.get("incidents", "new", use: newForm)
        console.on(.POST, "incidents", "new", body: .collect(maxSize: bodyLimit), use: create)
        console.get("incidents", ":number", use: show)
        console.on(.POST, "incidents", ":number", ":action", body: .collect(maxSize: bodyLimit), use: act)
    }

    func list(_ req: Request) async throws -> Response {
        let l = try req.language()
        let filter = IncidentFilter(query: req.queryPairs)
        let page = try await IncidentQuery.list(filter, actor: req.actor, on: req.db)
        let assignees = try await IncidentQuery.assignableUsers(on: req.db)
        let model = IncidentListModel(filter: filter, page: page, assignees: assignees, canCreate: req.actor.can(.editIncidents))
        return Render.page(ConsolePages.incidents(model, req.pageContext(l)))
    }

    func newForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editIncidents)
        return Render.page(ConsolePages.newIncident(NewIncidentModel(), req.pageContext(l)))
    }

    func create(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        var model = NewIncidentModel(
            title: form.value("title"), description: form.value("description"), category: form.value("category"),
            severity: Severity(rawValue: form.value("severity")) ?? .medium, tlp: TLP(parsing: form.value("tlp")) ?? .amber,
            affected: form.value("affected"))
        let category = form.value("category")
        let classification = category.isEmpty ? nil : Classification(path: category)
        if !category.isEmpty, classification == nil {
            model.errors = ["category": "error.category"]
            return Render.page(ConsolePages.newIncident(model, req.pageContext(l)), status: .unprocessableEntity)
        }
        do {
            let incident = try await req.qalxan.incidents.create(
                title: model.title, description: model.description, classification: classification, severity: model.severity,
                tlp: model.tlp, affectedSystems: model.affected, actor: req.actor, on: req.db)
            return Render.redirect(Paths.incident(l, number: incident.number) + "?m=incident_created")
        } catch ServiceError.invalid(let errors) {
            model.errors = errors
            return Render.page(ConsolePages.newIncident(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }

    func pageModel(_ req: Request, number: String, errors: [String: String] = [:]) async throws -> IncidentPageModel {
        let actor = req.actor
        let detail = try await IncidentQuery.detail(number, actor: actor, on: req.db)
        let affected = try await req.qalxan.incidentOrganisations.affected(number, actor: actor, on: req.db)
        let organisations = AffectedOrganisationsModel(
            items: affected.items, removed: affected.removed, observables: affected.observables, unresolved: affected.unresolved,
            canEdit: actor.can(.editIncidents),
            choices: actor.can(.editIncidents) ? try await req.qalxan.organisationQuery.all(actor: actor, on: req.db) : [])
        return IncidentPageModel(
            detail: detail, assignees: try await IncidentQuery.assignableUsers(on: req.db),
            canEdit: actor.can(.editIncidents), canAssignOthers: actor.can(.assignOthers),
            allowedStatuses: detail.summary.status.allowedTargets.filter {
                !(detail.summary.status == .closed && $0 == .open && !actor.can(.reopenClosed))
            },
            errors: errors, organisations: organisations,
            procedures: try await procedures(req, detail.summary.classification))
    }

    /// The knowledge-base articles written for the incident's class.
    func procedures(_ req: Request, _ classification: Classification?) async throws -> [ArticleLink] {
        guard let c = classification else { return [] }
        return try await req.qalxan.articles.list(actor: req.actor, rsitClass: c.className, on: req.db)
            .filter(\.published).map { ArticleLink($0.article) }
    }

    func show(_ req: Request) async throws -> Response {
        let l = try req.language()
        let model = try await pageModel(req, number: req.parameters.get("number") ?? "")
        return Render.page(ConsolePages.incident(model, req.pageContext(l)))
    }

    /// Reads the edit form into changes; fields left out of the form stay as they are.
    static func changes(_ form: FormData) -> (IncidentChanges, [String: String]) {
        var c = IncidentChanges()
        var errors: [String: String] = [:]
        c.title = form.first("title")
        c.description = form.first("description")
        c.affectedSystems = form.first("affected")
        if let category = form.first("category") {
            if category.isEmpty { c.classification = .some(nil) }
            else if let parsed = Classification(path: category) { c.classification = .some(parsed) }
            else { errors["category"] = "error.category" }
        }
        if let s = form.first("severity") {
            if let v = Severity(rawValue: s) { c.severity = v } else { errors["severity"] = "error.severity" }
        }
        if let t = form.first("tlp") {
            if let v = TLP(parsing: t) { c.tlp = v } else { errors["tlp"] = "error.tlp" }
        }
        if let p = form.first("pap") {
            if let v = PAP(parsing: p) { c.pap = v } else { errors["pap"] = "error.pap" }
        }
        if let a = form.first("assignee") {
            if a.isEmpty { c.assigneeID = .some(nil) }
            else if let id = UUID(uuidString: a) { c.assigneeID = .some(id) }
            else { errors["assignee"] = "error.assignee" }
        }
        return (c, errors)
    }

    func act(_ req: Request) async throws -> Response {
        let l = try req.language()
        let number = req.parameters.get("number") ?? ""
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let actor = req.actor
        let service = req.qalxan.incidents
        do {
            let flash: String
            // The number as written in the URL may differ in case or padding: redirect to the canonical one.
            var canonical = TrackingNumber(parsing: number)?.description ?? number
            switch req.parameters.get("action") {
            case "update":
                let (changes, errors) = Self.changes(form)
                guard errors.isEmpty else { throw ServiceError.invalid(errors) }
                canonical = try await service.update(number, changes, actor: actor, on: req.db).number
                flash = "saved"
            case "status":
                guard let target = IncidentStatus(rawValue: form.value("status")) else {
                    throw ServiceError.invalid(["status": "error.status"])
                }
                canonical = try await service.changeStatus(number, to: target, mergedInto: form.first("merged_into"),
                                                           actor: actor, on: req.db).number
                flash = "status_changed"
            case "comments":
                let kind: TimelineItem.Kind = form.value("kind") == "note" ? .note : .comment
                try await service.addComment(number, body: form.value("body"), kind: kind, actor: actor, on: req.db)
                flash = "comment_added"
            default:
                throw PageError(status: .notFound)
            }
            return Render.redirect(Paths.incident(l, number: canonical) + "?m=\(flash)")
        } catch ServiceError.invalid(let errors) {
            let model = try await pageModel(req, number: number, errors: errors)
            return Render.page(ConsolePages.incident(model, req.pageContext(l)), status: .unprocessableEntity)
        } catch ServiceError.conflict(let key) {
            let model = try await pageModel(req, number: number, errors: ["status": key])
            return Render.page(ConsolePages.incident(model, req.pageContext(l)), status: .conflict)
        }
    }
}
