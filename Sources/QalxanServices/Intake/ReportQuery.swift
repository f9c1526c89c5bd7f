import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Read side of reports: the triage queue, one report, and the reporter's status view.
public enum ReportQuery {
    public static func list(state: ReportSummary.State?, page: Int, perPage: Int = 50, actor: Actor,
                            on db: any Database) async throws -> ResultPage<ReportSummary> {
        try actor.require(.viewIncidents)
        var query = ReportModel.query(on: db)
        if let state { query = query.filter(\.$state == state.rawValue) }
        if !actor.can(.viewRestricted) {
            query = query.filter(\.$tlp != TLP.red.rawValue)
            // Nor the reports of a TLP:RED incident.
            let red = try await IncidentModel.query(on: db).filter(\.$tlp == TLP.red.rawValue).all(\.$id)
            if !red.isEmpty {
                query = query.group(.or) { $0.filter(\.$incidentID == nil).filter(\.$incidentID !~ red) }
            }
        }
        let total = try await query.copy().count()
        let start = (max(page, 1) - 1) * perPage
        // The queue is worked oldest first; the archive is read newest first.
        let rows = try await query.sort(\.$receivedAt, state == .new ? .ascending : .descending)
            .range(start..<(start + perPage)).all()
        return ResultPage(items: rows.map(\.summary), page: max(page, 1), perPage: perPage, total: total)
    }

    /// The report with `id` (a UUID or its number), if the actor may see it.
    public static func find(_ id: String, actor: Actor, on db: any Database) async throws -> ReportModel {
        try actor.require(.viewIncidents)
        var report: ReportModel?
        if let uuid = UUID(uuidString: id) {
            report = try await ReportModel.find(uuid, on: db)
        } else if let number = TrackingNumber(parsing: id) {
            report = try await ReportModel.query(on: db).filter(\.$number == number.description).first()
        }
        guard let report else { throw ServiceError.notFound }
        if !actor.can(.viewRestricted) {
            if report.tlp == TLP.red.rawValue { throw ServiceError.notFound }
            if let i = report.incidentID, let incident = try await IncidentModel.find(i, on: db), incident.tlpValue == .red {
                throw ServiceError.notFound
            }
        }
        return report
    }

    public static func evidence(reportID: UUID, on db: any Database) async throws -> [EvidenceItem] {
        try await EvidenceModel.query(on: db).filter(\.$reportID == reportID).sort(\.$addedAt, .ascending).all().map(\.item)
    }

    /// What a reporter may see about their report: found only when both the number and
    /// the secret match. Nil otherwise, whichever was wrong.
    public static func publicStatus(number: String, secret: String, on db: any Database)
        async throws -> (report: ReportModel, incident: IncidentModel?)? {
        let digest = Secrets.digest(secret)
        guard let parsed = TrackingNumber(parsing: number),
              let report = try await ReportModel.query(on: db).filter(\.$number == parsed.description).first(),
              Secrets.constantTimeEquals(report.statusSecretHash, digest)
        else { return nil }
        var incident: IncidentModel?
        if let id = report.incidentID { incident = try await IncidentModel.find(id, on: db) }
        // A merged incident lives on in its target.
        var hops = 0
        while let i = incident, i.statusValue == .merged, let next = i.mergedIntoID, hops < 10 {
            incident = try await IncidentModel.find(next, on: db)
            hops += 1
        }
        return (report, incident)
    }

    /// An evidence file and the report or incident it belongs to, if the actor may see it.
    public static func evidenceFile(_ id: UUID, actor: Actor, on db: any Database) async throws -> EvidenceModel {
        try actor.require(.viewIncidents)
        guard let e = try await EvidenceModel.find(id, on: db) else { throw ServiceError.notFound }
        if !actor.can(.viewRestricted) {
            if let r = e.reportID, let report = try await ReportModel.find(r, on: db), report.tlp == TLP.red.rawValue {
                throw ServiceError.notFound
            }
            if let i = e.incidentID, let incident = try await IncidentModel.find(i, on: db), incident.tlpValue == .red {
                throw ServiceError.notFound
            }
        }
        return e
    }
}
