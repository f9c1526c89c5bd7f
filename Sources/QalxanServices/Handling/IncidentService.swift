import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// A change to an incident's fields; nil leaves a field as it is.
public struct IncidentChanges: Sendable {
    public var title: String?
    public var description: String?
    /// `.some(nil)` clears the classification.
    public var classification: Classification??
    public var severity: Severity?
    public var tlp: TLP?
    public var pap: PAP?
    /// `.some(nil)` unassigns.
    public var assigneeID: UUID??
    public var affectedSystems: String?

    public init() {}
}

/// The write side of incident handling: creating, editing, moving through the
/// workflow, commenting. Every change lands on the timeline and in the audit log in
/// the same transaction.
public struct IncidentService: Sendable {
    public let prefix: String

    public init(prefix: String) { self.prefix = prefix }

    public static let maxTitle = 300
    public static let maxText = 2_000_000

    /// Opens a new incident typed in by staff.
    public func create(
        title: String, description: String, classification: Classification?, severity: Severity, tlp: TLP,
        affectedSystems: String, actor: Actor, on db: any Database, now: Date = Date()
    ) async throws -> IncidentModel {
        try actor.require(.editIncidents)
        let title = TextInput.field(title)
        let description = TextInput.clean(description)
        var errors: [String: String] = [:]
        if title.isEmpty { errors["title"] = "error.required" } else if title.count > Self.maxTitle { errors["title"] = "error.too_long" }
        if description.count > Self.maxText { errors["description"] = "error.too_long" }
        if affectedSystems.count > Self.maxText { errors["affected"] = "error.too_long" }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        let prefix = self.prefix
        return try await db.transaction { db in
            let number = try await Numbering.next(prefix: prefix, at: now, on: db)
            let incident = Self.newIncident(
                number: number.description, title: title, description: description, classification: classification,
                severity: severity, tlp: tlp, affected: TextInput.clean(affectedSystems), status: .new, actor: actor, now: now)
            try await incident.create(on: db)
            try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .created, actorID: actor.userID,
                                         body: "", data: ["number": incident.number]).create(on: db)
            try await AuditLog.record(db, actor: actor, action: "incident.create", entity: "incident",
                                      entityID: incident.number, detail: ["title": title], at: now)
            return incident
        }
    }

    static func newIncident(number: String, title: String, description: String, classification: Classification?,
                            severity: Severity, tlp: TLP, affected: String, status: IncidentStatus, actor: Actor,
                            now: Date) -> IncidentModel {
        let incident = IncidentModel()
        incident.id = UUID()
        incident.number = number
        incident.title = title
        incident.description = description
        incident.status = status.rawValue
        incident.rsitClass = classification?.className
        incident.rsitType = classification?.type
        incident.severity = severity.rawValue
        incident.severityRank = severity.rank
        incident.tlp = tlp.rawValue
        incident.pap = PAP.amber.rawValue
        incident.affectedSystems = affected
        incident.createdAt = now
        incident.updatedAt = now
        incident.createdByID = actor.userID
        incident.refreshSearchText()
        return incident
    }

    /// Applies field changes. Each changed field gets a timeline entry.
    @discardableResult
    public func update(_ number: String, _ changes: IncidentChanges, actor: Actor, on db: any Database,
                       now: Date = Date()) async throws -> IncidentModel {
        try actor.require(.editIncidents)
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        var errors: [String: String] = [:]
        var title = changes.title.map { TextInput.field($0) }
        if let t = title {
            if t.isEmpty { errors["title"] = "error.required" } else if t.count > Self.maxTitle { errors["title"] = "error.too_long" }
        }
        let description = changes.description.map { TextInput.clean($0) }
        if let d = description, d.count > Self.maxText { errors["description"] = "error.too_long" }
        let affected = changes.affectedSystems.map { TextInput.clean($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        if let a = affected, a.count > Self.maxText { errors["affected"] = "error.too_long" }
        var newAssignee: UUID?? = nil
        if case .some(let assignee) = changes.assigneeID, assignee != incident.assigneeID {
            if let assignee {
                guard let user = try await UserModel.find(assignee, on: db), user.active, user.roleValue != .viewer else {
                    throw ServiceError.invalid(["assignee": "error.assignee"])
                }
                // A handler may take an incident; giving it to someone else is a coordinator's call.
                if assignee != actor.userID, !actor.can(.assignOthers) { throw ServiceError.forbidden }
            } else if incident.assigneeID != actor.userID, !actor.can(.assignOthers) {
                throw ServiceError.forbidden
            }
            newAssignee = .some(assignee)
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        if title == incident.title { title = nil }
        let newTitle = title
        let assigneeChange = newAssignee

        return try await db.transaction { db in
            var changed: [(String, String, String)] = []
            if let t = newTitle { changed.append(("title", incident.title, t)); incident.title = t }
            if let d = description, d != incident.description {
                changed.append(("description", "", "")); incident.description = d
            }
            if case .some(let c) = changes.classification, c != incident.classification {
                changed.append(("classification", incident.classification?.path ?? "", c?.path ?? ""))
                incident.rsitClass = c?.className
                incident.rsitType = c?.type
            }
            if let s = changes.severity, s != incident.severityValue {
                changed.append(("severity", incident.severity, s.rawValue))
                incident.severity = s.rawValue
                incident.severityRank = s.rank
            }
            if let t = changes.tlp, t != incident.tlpValue {
                changed.append(("tlp", incident.tlp, t.rawValue)); incident.tlp = t.rawValue
            }
            if let p = changes.pap, p != incident.papValue {
                changed.append(("pap", incident.pap, p.rawValue)); incident.pap = p.rawValue
            }
            if let a = affected, a != incident.affectedSystems {
                changed.append(("affected_systems", "", "")); incident.affectedSystems = a
            }
            var assignmentNote: [String: String]?
            if case .some(let a) = assigneeChange {
                let users = try await IncidentQuery.userRefs(Set([incident.assigneeID, a].compactMap { $0 }), on: db)
                assignmentNote = ["from": incident.assigneeID.flatMap { users[$0]?.email } ?? "",
                                  "to": a.flatMap { users[$0]?.email } ?? ""]
                incident.assigneeID = a
            }
            guard !changed.isEmpty || assignmentNote != nil else { return incident }
            incident.updatedAt = now
            incident.refreshSearchText()
            try await incident.update(on: db)
            for (field, from, to) in changed {
                try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .field, actorID: actor.userID,
                                             body: "", data: ["field": field, "from": from, "to": to]).create(on: db)
            }
            if let note = assignmentNote {
                try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .assignment, actorID: actor.userID,
                                             body: "", data: note).create(on: db)
            }
            var detail = Dictionary(changed.map { ($0.0, $0.2) }, uniquingKeysWith: { $1 })
            if let note = assignmentNote { detail["assignee"] = note["to"] ?? "" }
            try await AuditLog.record(db, actor: actor, action: "incident.update", entity: "incident",
                                      entityID: incident.number, detail: detail, at: now)
            return incident
        }
    }

    /// Moves the incident through the workflow. Merging needs the number of the incident
    /// it is merged into; its reports follow it there.
    @discardableResult
    public func changeStatus(_ number: String, to target: IncidentStatus, mergedInto: String? = nil, actor: Actor,
                             on db: any Database, now: Date = Date()) async throws -> IncidentModel {
        let (incident, mergeInto) = try await validateStatusChange(number, to: target, mergedInto: mergedInto, actor: actor, on: db)
        let current = incident.statusValue
        let clock: IncidentClock
        do {
            clock = try Workflow.transition(from: current, to: target, clock: incident.clock, at: now)
        } catch {
            throw ServiceError.conflict("error.transition")
        }
        return try await db.transaction { db in
            // Only if nobody moved it meanwhile: the transition was checked against `current`.
            if let sql = db as? any SQLDatabase {
                let moved = try await sql.raw("""
                    UPDATE incidents SET status = \(bind: target.rawValue)
                    WHERE id = \(bind: incident.id!) AND status = \(bind: current.rawValue) RETURNING id
                    """).all()
                guard moved.count == 1 else { throw ServiceError.conflict("error.transition") }
            }
            incident.status = target.rawValue
            incident.clock = clock
            incident.updatedAt = now
            incident.mergedIntoID = mergeInto?.id
            try await incident.update(on: db)
            var data = ["from": current.rawValue, "to": target.rawValue]
            if let m = mergeInto { data["merged_into"] = m.number }
            try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .status, actorID: actor.userID,
                                         body: "", data: data).create(on: db)
            if let m = mergeInto {
                // The reports (and so their reporters' status links) follow the incident.
                let reports = try await ReportModel.query(on: db).filter(\.$incidentID == incident.id!).all()
                for r in reports {
                    r.incidentID = m.id
                    r.updatedAt = now
                    try await r.update(on: db)
                }
                try await EvidenceModel.query(on: db).filter(\.$incidentID == incident.id!)
                    .set(\.$incidentID, to: m.id).update()
                // What moves keeps its label: the target becomes at least as restricted.
                try await Self.raiseTLP(of: m, to: incident.tlpValue, actor: actor, on: db, now: now)
                m.updatedAt = now
                try await m.update(on: db)
                try await TimelineEntryModel(incidentID: m.id!, at: now, kind: .merge, actorID: actor.userID, body: "",
                                             data: ["merged_from": incident.number, "reports": String(reports.count)]).create(on: db)
            }
            try await AuditLog.record(db, actor: actor, action: "incident.status", entity: "incident",
                                      entityID: incident.number, detail: data, at: now)
            return incident
        }
    }

    /// Checks, without changing anything, that `number` may move to `target` now
    /// (and that a merge target is valid), so that a caller can refuse a whole request
    /// before applying any part of it.
    public func checkStatusChange(_ number: String, to target: IncidentStatus, mergedInto: String?, actor: Actor,
                                  on db: any Database) async throws {
        _ = try await validateStatusChange(number, to: target, mergedInto: mergedInto, actor: actor, on: db)
    }

    /// The incident and, for a merge, its target, if the move is allowed; throws otherwise.
    private func validateStatusChange(_ number: String, to target: IncidentStatus, mergedInto: String?, actor: Actor,
                                      on db: any Database) async throws -> (IncidentModel, IncidentModel?) {
        try actor.require(.editIncidents)
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        let current = incident.statusValue
        if current == .closed, target == .open, !actor.can(.reopenClosed) { throw ServiceError.forbidden }
        guard current.canMove(to: target) else { throw ServiceError.conflict("error.transition") }
        guard target == .merged else { return (incident, nil) }
        guard let other = mergedInto.flatMap({ TrackingNumber(parsing: $0) }),
              let found = try await IncidentModel.query(on: db).filter(\.$number == other.description).first(),
              found.id != incident.id, found.statusValue != .merged,
              found.tlpValue != .red || actor.can(.viewRestricted)
        else { throw ServiceError.invalid(["merged_into": "error.merge_target"]) }
        return (incident, found)
    }

    /// Raises `incident`'s TLP to `label` when that is stricter, with a timeline entry: data
    /// that joins an incident keeps its label. Saving is the caller's.
    static func raiseTLP(of incident: IncidentModel, to label: TLP, actor: Actor, on db: any Database, now: Date) async throws {
        guard label > incident.tlpValue else { return }
        try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .field, actorID: actor.userID, body: "",
                                     data: ["field": "tlp", "from": incident.tlp, "to": label.rawValue]).create(on: db)
        incident.tlp = label.rawValue
    }

    /// Adds an internal comment or a note to the timeline.
    @discardableResult
    public func addComment(_ number: String, body: String, kind: TimelineItem.Kind, actor: Actor, on db: any Database,
                           now: Date = Date()) async throws -> TimelineItem {
        try actor.require(.comment)
        guard kind == .comment || kind == .note else { throw ServiceError.invalid(["kind": "error.required"]) }
        let text = TextInput.clean(body).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw ServiceError.invalid(["body": "error.required"]) }
        if text.count > Self.maxText { throw ServiceError.invalid(["body": "error.too_long"]) }
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        return try await db.transaction { db in
            let entry = TimelineEntryModel(incidentID: incident.id!, at: now, kind: kind, actorID: actor.userID,
                                           body: text, data: [:])
            try await entry.create(on: db)
            incident.updatedAt = now
            try await incident.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "incident.\(kind.rawValue)", entity: "incident",
                                      entityID: incident.number, detail: ["length": String(text.count)], at: now)
            let users = try await IncidentQuery.userRefs(Set([actor.userID].compactMap { $0 }), on: db)
            return TimelineItem(id: entry.id!, at: now, kind: kind, actor: actor.userID.flatMap { users[$0] },
                                body: text, data: [:])
        }
    }
}
