import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Read side of incidents: the list with its filters, the incident page, counts.
/// Pure queries, no side effects; what the actor may not see is left out.
public enum IncidentQuery {
    /// One page of the incident list.
    ///
    /// Written in SQL rather than through Fluent's query builder: it selects only the
    /// columns the list shows, decodes them straight into summaries, and on SQLite walks
    /// the index of the sort order (filters are checked row by row), which keeps the first
    /// pages fast whichever filter is set. See `qalxan-bench incidents`.
    public static func list(_ filter: IncidentFilter, actor: Actor, on db: any Database) async throws -> ResultPage<IncidentSummary> {
        try actor.require(.viewIncidents)
        guard let sql = db as? any SQLDatabase else { throw ServiceError.conflict("error.database") }
        var assigneeID = filter.assigneeID
        if assigneeID == nil, let email = filter.assigneeEmail {
            // An unknown e-mail matches nothing rather than everything.
            assigneeID = try await UserModel.query(on: db).filter(\.$email == email).first()?.id ?? UUID()
        }
        var conditions: [SQLQueryString] = []
        if !filter.statuses.isEmpty {
            conditions.append("status IN (\(binds: filter.statuses.map(\.rawValue)))")
        }
        if let c = filter.className { conditions.append("rsit_class = \(bind: c)") }
        if let t = filter.type { conditions.append("rsit_type = \(bind: t)") }
        if let s = filter.severity { conditions.append("severity_rank = \(bind: s.rank)") }
        if filter.unassignedOnly { conditions.append("assignee_id IS NULL") }
        else if let a = assigneeID { conditions.append("assignee_id = \(bind: a)") }
        if let tlp = filter.tlp { conditions.append("tlp = \(bind: tlp.rawValue)") }
        if !actor.can(.viewRestricted) { conditions.append("tlp <> \(bind: TLP.red.rawValue)") }
        for word in searchWords(filter.text) {
            if let range = numberRange(word) {
                // A tracking number (or its start) is found through the number's index.
                conditions.append("(number >= \(bind: range.lower) AND number < \(bind: range.upper))")
            } else {
                conditions.append("search_text LIKE \(bind: "%" + word + "%")")
            }
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")

        let countRow = try await sql.raw("SELECT COUNT(*) AS n FROM incidents" + whereClause).first()
        let total = try countRow?.decode(column: "n", as: Int.self) ?? 0

        let direction: SQLQueryString = filter.descending ? "DESC" : "ASC"
        let order: SQLQueryString
        var index: String?
        switch filter.sort {
        case .created: order = "created_at " + direction; index = "idx_incidents_created"
        case .updated: order = "updated_at " + direction; index = "idx_incidents_updated"
        case .severity: order = "severity_rank " + direction + ", created_at " + direction; index = "idx_incidents_severity_created"
        case .number: order = "number " + direction
        case .status: order = "status " + direction + ", created_at DESC"
        }
        // Many matches: walk the sort order's index and check the filters row by row; the
        // page fills after a few rows. Few matches: let the planner find them through the
        // filters' indexes and sort them (a few thousand rows at most).
        let isSQLite = sql.dialect.name == "sqlite"
        let walkSortIndex = isSQLite && index != nil && total > Self.sortInMemoryBelow
        let from: SQLQueryString = walkSortIndex ? "incidents INDEXED BY \(unsafeRaw: index!)" : "incidents"
        let start = (filter.page - 1) * filter.perPage
        let query: SQLQueryString = "SELECT id, number, title, status, rsit_class, rsit_type, severity, tlp, pap, assignee_id, created_at, updated_at FROM "
            + from + whereClause + " ORDER BY " + order + " LIMIT \(bind: filter.perPage) OFFSET \(bind: start)"
        let rows = try await sql.raw(query).all()
        var items: [(IncidentSummary, UUID?)] = []
        items.reserveCapacity(rows.count)
        for row in rows {
            let assignee = try row.decodeNil(column: "assignee_id") ? nil : try row.decode(column: "assignee_id", as: UUID.self)
            let cls = try row.decodeNil(column: "rsit_class") ? nil : try row.decode(column: "rsit_class", as: String.self)
            let type = try row.decodeNil(column: "rsit_type") ? nil : try row.decode(column: "rsit_type", as: String.self)
            let summary = IncidentSummary(
                id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                status: IncidentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
                classification: cls.flatMap { Classification(className: $0, type: type) },
                severity: Severity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .medium,
                tlp: TLP(rawValue: try row.decode(column: "tlp", as: String.self)) ?? .amber,
                pap: PAP(rawValue: try row.decode(column: "pap", as: String.self)) ?? .amber,
                assignee: nil,
                createdAt: try row.decode(column: "created_at", as: Date.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
            items.append((summary, assignee))
        }
        let users = try await userRefs(Set(items.compactMap(\.1)), on: db)
        return ResultPage(
            items: items.map { s, a in
                guard let a, let ref = users[a] else { return s }
                return IncidentSummary(id: s.id, number: s.number, title: s.title, status: s.status,
                                       classification: s.classification, severity: s.severity, tlp: s.tlp, pap: s.pap,
                                       assignee: ref, createdAt: s.createdAt, updatedAt: s.updatedAt)
            },
            page: filter.page, perPage: filter.perPage, total: total)
    }

    /// Below this many matches the list is sorted after filtering rather than read in
    /// sort order.
    static let sortInMemoryBelow = 2000

    /// For a word that looks like a tracking number or its start (`QX-2026-004`), the
    /// range of numbers that begin with it (upper-cased), else nil.
    static func numberRange(_ word: String) -> (lower: String, upper: String)? {
        let upper = word.uppercased()
        guard upper.wholeMatch(of: /[A-Z][A-Z0-9-]{0,15}-\d{4}(-\d{0,9})?/) != nil, let last = upper.unicodeScalars.last else { return nil }
        let next = String(upper.unicodeScalars.dropLast()) + String(Character(Unicode.Scalar(last.value + 1)!))
        return (upper, next)
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
        var reports = try await ReportModel.query(on: db).filter(\.$incidentID == id).sort(\.$receivedAt, .ascending).all()
        if !actor.can(.viewRestricted) { reports = reports.filter { $0.tlp != TLP.red.rawValue } }
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
        if let target = incident.mergedIntoID, let t = try await IncidentModel.find(target, on: db),
           t.tlpValue != .red || actor.can(.viewRestricted) {
            mergedInto = t.number
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
