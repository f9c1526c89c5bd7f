import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Triage of new reports: open an incident from one, link it to an existing incident,
/// or reject it with a reason.
public struct TriageService: Sendable {
    public init() {}

    private func newReport(_ id: String, actor: Actor, on db: any Database) async throws -> ReportModel {
        try actor.require(.triageReports)
        let report = try await ReportQuery.find(id, actor: actor, on: db)
        guard report.stateValue == .new else { throw ServiceError.conflict("error.report_triaged") }
        return report
    }

    /// Opens a new incident from a report. The incident takes the report's number, so
    /// the reporter's number and the incident's are the same.
    @discardableResult
    public func openIncident(reportID: String, title: String, severity: Severity, actor: Actor, on db: any Database,
                             now: Date = Date()) async throws -> IncidentModel {
        let report = try await newReport(reportID, actor: actor, on: db)
        var title = TextInput.field(title)
        if title.isEmpty {
            let firstLine = report.description.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            title = String(firstLine.prefix(120))
        }
        if title.isEmpty { title = report.number }
        if title.count > IncidentService.maxTitle { throw ServiceError.invalid(["title": "error.too_long"]) }
        let classification = Classification(path: report.category)
        let incidentTitle = title
        return try await db.transaction { db in
            let incident = IncidentService.newIncident(
                number: report.number, title: incidentTitle, description: report.description, classification: classification,
                severity: severity, tlp: TLP(rawValue: report.tlp) ?? .amber, affected: report.affectedSystems,
                status: .open, actor: actor, now: now)
            // Opening from triage is the team's first response.
            incident.firstResponseAt = now
            try await incident.create(on: db)
            try await Self.attach(report, to: incident, actor: actor, on: db, now: now)
            try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .created, actorID: actor.userID,
                                         body: "", data: ["number": incident.number, "from_report": report.number]).create(on: db)
            try await AuditLog.record(db, actor: actor, action: "report.open_incident", entity: "report",
                                      entityID: report.number, detail: ["incident": incident.number], at: now)
            return incident
        }
    }

    /// Links a report to an existing incident.
    @discardableResult
    public func link(reportID: String, to number: String, actor: Actor, on db: any Database,
                     now: Date = Date()) async throws -> IncidentModel {
        let report = try await newReport(reportID, actor: actor, on: db)
        let incident: IncidentModel
        do { incident = try await IncidentQuery.find(number, actor: actor, on: db) } catch ServiceError.notFound {
            throw ServiceError.invalid(["number": "error.incident_not_found"])
        }
        guard incident.statusValue != .merged else { throw ServiceError.invalid(["number": "error.merge_target"]) }
        return try await db.transaction { db in
            try await Self.attach(report, to: incident, actor: actor, on: db, now: now)
            incident.updatedAt = now
            try await incident.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "report.link", entity: "report",
                                      entityID: report.number, detail: ["incident": incident.number], at: now)
            return incident
        }
    }

    /// Rejects a report (spam, not an incident, …) with a reason the team can read later.
    public func reject(reportID: String, reason: String, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        let report = try await newReport(reportID, actor: actor, on: db)
        let reason = TextInput.field(reason)
        if reason.isEmpty { throw ServiceError.invalid(["reason": "error.required"]) }
        if reason.count > 2000 { throw ServiceError.invalid(["reason": "error.too_long"]) }
        try await db.transaction { db in
            try await Self.claim(report, as: .rejected, on: db)
            report.state = ReportSummary.State.rejected.rawValue
            report.rejectReason = reason
            report.triagedByID = actor.userID
            report.triagedAt = now
            report.updatedAt = now
            try await report.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "report.reject", entity: "report",
                                      entityID: report.number, detail: ["reason": reason], at: now)
        }
    }

    /// Moves a report out of `new` only if it is still there: two handlers triaging the
    /// same report at once cannot both succeed.
    static func claim(_ report: ReportModel, as state: ReportSummary.State, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.raw("""
            UPDATE reports SET state = \(bind: state.rawValue)
            WHERE id = \(bind: report.id!) AND state = \(bind: ReportSummary.State.new.rawValue) RETURNING id
            """).all()
        guard rows.count == 1 else { throw ServiceError.conflict("error.report_triaged") }
    }

    static func attach(_ report: ReportModel, to incident: IncidentModel, actor: Actor, on db: any Database, now: Date) async throws {
        try await claim(report, as: .linked, on: db)
        // A report keeps its label: the incident becomes at least as restricted.
        if let label = TLP(rawValue: report.tlp), label > incident.tlpValue {
            try await IncidentService.raiseTLP(of: incident, to: label, actor: actor, on: db, now: now)
            try await incident.update(on: db)
        }
        report.state = ReportSummary.State.linked.rawValue
        report.incidentID = incident.id
        report.triagedByID = actor.userID
        report.triagedAt = now
        report.updatedAt = now
        try await report.update(on: db)
        try await EvidenceModel.query(on: db).filter(\.$reportID == report.id!).set(\.$incidentID, to: incident.id).update()
        try await TimelineEntryModel(incidentID: incident.id!, at: now, kind: .report, actorID: actor.userID, body: "",
                                     data: ["report": report.number, "channel": report.channel]).create(on: db)
    }
}
