import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Read side of incidents: the list with its filters, the incident page, counts.
/// Pure queries, no side effects; what the actor may not see is left out.
public enum IncidentQuery {
    /// One page of the incident list.
    public static func list(_ filter: IncidentFilter, actor: Actor, on db: any Database) async throws -> ResultPage<IncidentSummary> {
        try actor.require(.viewIncidents)
        var query = IncidentModel.query(on: db)
        var assigneeID = filter.assigneeID
        if assigneeID == nil, let email = filter.assigneeEmail {
            // An unknown e-mail matches nothing rather than everything.
            assigneeID = try await UserModel.query(on: db).filter(\.$email == email).first()?.id ?? UUID()
        }
        if !filter.statuses.isEmpty {
            let values = filter.statuses.map(\.rawValue)
            query = values.count == 1 ? query.filter(\.$status == values[0]) : query.filter(\.$status ~~ values)
        }
        if let c = filter.className { query = query.filter(\.$rsitClass == c) }
        if let t = filter.type { query = query.filter(\.$rsitType == t) }
        if let s = filter.severity { query = query.filter(\.$severityRank == s.rank) }
        if filter.unassignedOnly { query = query.filter(\.$assigneeID == nil) }
        else if let a = assigneeID { query = query.filter(\.$assigneeID == a) }
        if let tlp = filter.tlp { query = query.filter(\.$tlp == tlp.rawValue) }
        if !actor.can(.viewRestricted) { query = query.filter(\.$tlp != TLP.red.rawValue) }
        for word in searchWords(filter.text) {
            query = query.filter(\.$searchText ~~ word)
        }
        let total = try await query.copy().count()
        let direction: DatabaseQuery.Sort.Direction = filter.descending ? .descending : .ascending
        switch filter.sort {
        case .created: query = query.sort(\.$createdAt, direction)
        case .updated: query = query.sort(\.$updatedAt, direction)
        case .severity: query = query.sort(\.$severityRank, direction).sort(\.$createdAt, .descending)
        case .number: query = query.sort(\.$number, direction)
        case .status: query = query.sort(\.$status, direction).sort(\.$createdAt, .descending)
        }
        let start = (filter.page - 1) * filter.perPage
        let rows = try await query.range(start..<(start + filter.perPage)).all()
        let users = try await userRefs(Set(rows.compactMap(\.assigneeID)), on: db)
        return ResultPage(
            items: rows.map { $0.summary(assignee: $0.assigneeID.flatMap { users[$0] }) },
            page: filter.page, perPage: filter.perPage, total: total)
    }

    /// Words of a free-text search, lower-cased, without LIKE's wildcard characters.
    static func searchWords(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: \.isWhitespace).prefix(8).map {
            String($0.filter { $0 != "%" && $0 != "_" && $0 != "\\" })
        }.filter { !$0.isEmpty }
    }

    /// Staff members by id.
    public static func userRefs(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: UserRef] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserModel.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.ref) })
    }

    /// The incident with `number`, if the actor may see it.
    public static func find(_ number: String, actor: Actor, on db: any Database) async throws -> IncidentModel {
        try actor.require(.viewIncidents)
        guard let parsed = TrackingNumber(parsing: number),
              let incident = try await IncidentModel.query(on: db).filter(\.$number == parsed.description).first()
        else { throw ServiceError.notFound }
        if incident.tlpValue == .red, !actor.can(.viewRestricted) { throw ServiceError.notFound }
        return incident
    }

    /// Everything the incident page shows.
    public static func detail(_ number: String, actor: Actor, on db: any Database) async throws -> IncidentDetail {
        let incident = try await find(number, actor: actor, on: db)
        let id = incident.id!
        let reports = try await ReportModel.query(on: db).filter(\.$incidentID == id).sort(\.$receivedAt, .ascending).all()
        let reportIDs = reports.compactMap(\.id)
        var evidenceQuery = EvidenceModel.query(on: db)
        if reportIDs.isEmpty {
            evidenceQuery = evidenceQuery.filter(\.$incidentID == id)
        } else {
            evidenceQuery = evidenceQuery.group(.or) { $0.filter(\.$incidentID == id).filter(\.$reportID ~~ reportIDs) }
        }
        let evidence = try await evidenceQuery.sort(\.$addedAt, .ascending).all()
        let entries = try await TimelineEntryModel.query(on: db).filter(\.$incidentID == id)
            .sort(\.$at, .descending).all()
        var userIDs = Set(entries.compactMap(\.actorID))
        if let a = incident.assigneeID { userIDs.insert(a) }
        let users = try await userRefs(userIDs, on: db)
        var mergedInto: String?
        if let target = incident.mergedIntoID {
            mergedInto = try await IncidentModel.find(target, on: db)?.number
        }
        var seen = Set<String>()
        let uniqueEvidence = evidence.filter { seen.insert($0.sha256 + $0.fileName).inserted }
        return IncidentDetail(
            summary: incident.summary(assignee: incident.assigneeID.flatMap { users[$0] }),
            description: incident.description,
            affectedSystems: incident.affectedSystems,
            clock: incident.clock,
            mergedInto: mergedInto,
            reports: reports.map(\.summary),
            evidence: uniqueEvidence.map(\.item),
            timeline: entries.map {
                TimelineItem(id: $0.id!, at: $0.at, kind: TimelineItem.Kind(rawValue: $0.kind) ?? .field,
                             actor: $0.actorID.flatMap { users[$0] }, body: $0.body, data: $0.dataValue)
            })
    }

    /// Number of incidents per status.
    public static func countsByStatus(actor: Actor, on db: any Database) async throws -> [IncidentStatus: Int] {
        try actor.require(.viewIncidents)
        guard let sql = db as? any SQLDatabase else { return [:] }
        var select = sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("incidents")
        if !actor.can(.viewRestricted) { select = select.where("tlp", .notEqual, TLP.red.rawValue) }
        let rows = try await select.groupBy("status").all()
        var counts: [IncidentStatus: Int] = [:]
        for row in rows {
            if let s = IncidentStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[s] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Active staff members who can be assigned incidents.
    public static func assignableUsers(on db: any Database) async throws -> [UserRef] {
        try await UserModel.query(on: db).filter(\.$active == true).filter(\.$role != Role.viewer.rawValue)
            .sort(\.$name).all().map(\.ref)
    }
}
