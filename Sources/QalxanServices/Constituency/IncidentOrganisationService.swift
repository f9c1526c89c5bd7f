import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// The organisations an incident affects: worked out from the observables in its text
/// and its reports' text every time (so a registry change is reflected at once), plus
/// the corrections handlers made.
public struct IncidentOrganisationService: Sendable {
    public let directory: ConstituencyDirectory

    public init(directory: ConstituencyDirectory) {
        self.directory = directory
    }

    /// The affected organisations of one incident, as its page shows them.
    public struct Affected: Sendable {
        public let items: [AffectedOrganisation]
        public let removed: [OrganisationRef]
        public let observables: [Observable]
        public let unresolved: [String]
    }

    /// Observables of the incident's own text and of the reports linked to it.
    public static func observables(of incident: IncidentModel, on db: any Database, actor: Actor) async throws -> [Observable] {
        var reports = try await ReportModel.query(on: db).filter(\.$incidentID == incident.id!).sort(\.$receivedAt).all()
        if !actor.can(.viewRestricted) { reports = reports.filter { $0.tlp != TLP.red.rawValue } }
        var texts = [incident.affectedSystems, incident.title, incident.description]
        for r in reports { texts += [r.affectedSystems, r.description] }
        var seen = Set<Observable>()
        var out: [Observable] = []
        for t in texts where !t.isEmpty {
            for o in ObservableExtractor.extract(from: t, limit: 2000) where seen.insert(o).inserted {
                out.append(o)
                if out.count >= 5000 { return out }
            }
        }
        return out
    }

    /// What the incident page shows about affected organisations.
    public func affected(_ number: String, actor: Actor, on db: any Database) async throws -> Affected {
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        let observables = try await Self.observables(of: incident, on: db, actor: actor)
        let table = directory.table
        var items = table.affected(by: observables)
        let corrections = try await IncidentOrganisationModel.query(on: db).filter(\.$incidentID == incident.id!).sort(\.$createdAt).all()
        let removedIDs = Set(corrections.filter { $0.state == "removed" }.map(\.organisationID))
        let removed = items.filter { removedIDs.contains($0.organisation.id) }.map(\.organisation)
        items.removeAll { removedIDs.contains($0.organisation.id) }
        for c in corrections where c.state == "added" && !items.contains(where: { $0.organisation.id == c.organisationID }) {
            var ref = table.organisation(c.organisationID)
            if ref == nil, let o = try await OrganisationModel.find(c.organisationID, on: db) { ref = OrganisationQuery.ref(o) }
            guard let ref else { continue }
            items.append(AffectedOrganisation(organisation: ref, parents: Array(table.chain(c.organisationID).dropFirst()),
                                              observables: [], source: "added", country: nil))
        }
        var unresolved: [String] = []
        for o in observables where unresolved.count < 200 {
            let r = table.resolve(o)
            if r.owners.isEmpty && r.partners.isEmpty { unresolved.append(o.text) }
        }
        return Affected(items: items, removed: removed, observables: observables, unresolved: unresolved)
    }

    /// Adds an organisation to the incident by hand (or takes back a removal).
    public func add(_ number: String, organisation: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try await correct(number, organisation: organisation, state: "added", actor: actor, on: db, now: now)
    }

    /// Removes an organisation from the incident: found in its text, it stays out.
    public func remove(_ number: String, organisation: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try await correct(number, organisation: organisation, state: "removed", actor: actor, on: db, now: now)
    }

    private func correct(_ number: String, organisation: UUID, state: String, actor: Actor, on db: any Database, now: Date) async throws {
        try actor.require(.editIncidents)
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        guard let org = try await OrganisationModel.find(organisation, on: db) else {
            throw ServiceError.invalid(["organisation": "error.org.unknown"])
        }
        try await db.transaction { db in
            let existing = try await IncidentOrganisationModel.query(on: db).filter(\.$incidentID == incident.id!)
                .filter(\.$organisationID == organisation).first()
            if let existing {
                guard existing.state != state else { return }
                existing.state = state
                existing.createdByID = actor.userID
                existing.createdAt = now
                try await existing.update(on: db)
            } else {
                try await IncidentOrganisationModel(incidentID: incident.id!, organisationID: organisation, state: state,
                                                    createdByID: actor.userID, createdAt: now).create(on: db)
            }
            let name = org.nameEn.isEmpty ? org.nameAz : org.nameEn
            try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .field, actorID: actor.userID, body: "",
                                         data: ["field": "organisations", "from": state == "removed" ? name : "",
                                                "to": state == "added" ? name : ""]).create(on: db)
            incident.updatedAt = now
            try await incident.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "incident.organisation.\(state == "added" ? "add" : "remove")",
                                      entity: "incident", entityID: incident.number, detail: ["organisation": organisation.uuidString], at: now)
        }
    }
}
