import Foundation

/// A staff member as other records refer to them.
public struct UserRef: Sendable, Hashable, Codable {
    public let id: UUID
    public let email: String
    public let name: String

    public init(id: UUID, email: String, name: String) {
        self.id = id
        self.email = email
        self.name = name
    }

    /// The name, or the e-mail address when no name was given.
    public var display: String { name.isEmpty ? email : name }
}

/// One row of the incident list.
public struct IncidentSummary: Sendable, Equatable {
    public let id: UUID
    public let number: String
    public let title: String
    public let status: IncidentStatus
    public let classification: Classification?
    public let severity: Severity
    public let tlp: TLP
    public let pap: PAP
    public let assignee: UserRef?
    public let createdAt: Date
    public let updatedAt: Date

    public init(id: UUID, number: String, title: String, status: IncidentStatus, classification: Classification?,
                severity: Severity, tlp: TLP, pap: PAP, assignee: UserRef?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.number = number
        self.title = title
        self.status = status
        self.classification = classification
        self.severity = severity
        self.tlp = tlp
        self.pap = pap
        self.assignee = assignee
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A report as listed on an incident or in the triage queue.
public struct ReportSummary: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case new, linked, rejected
    }
    public enum Channel: String, Sendable, Codable, CaseIterable {
        case web, api, email
    }

    public let id: UUID
    public let number: String
    public let receivedAt: Date
    public let channel: Channel
    public let state: State
    public let reporter: String
    public let category: String
    public let excerpt: String
    public let tlp: TLP

    public init(id: UUID, number: String, receivedAt: Date, channel: Channel, state: State, reporter: String,
                category: String, excerpt: String, tlp: TLP) {
        self.id = id
        self.number = number
        self.receivedAt = receivedAt
        self.channel = channel
        self.state = state
        self.reporter = reporter
        self.category = category
        self.excerpt = excerpt
        self.tlp = tlp
    }
}

/// One entry of an incident's timeline.
public struct TimelineItem: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case created, status, field, comment, note, report, evidence, merge, assignment, mail
    }

    public let id: UUID
    public let at: Date
    public let kind: Kind
    public let actor: UserRef?
    public let body: String
    public let data: [String: String]

    public init(id: UUID, at: Date, kind: Kind, actor: UserRef?, body: String, data: [String: String]) {
        self.id = id
        self.at = at
        self.kind = kind
        self.actor = actor
        self.body = body
        self.data = data
    }
}

/// An evidence file attached to a report or an incident.
public struct EvidenceItem: Sendable, Equatable {
    public let id: UUID
    public let fileName: String
    public let contentType: String
    public let size: Int
    public let sha256: String
    public let addedAt: Date

    public init(id: UUID, fileName: String, contentType: String, size: Int, sha256: String, addedAt: Date) {
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.addedAt = addedAt
    }
}

/// Everything the incident page shows.
public struct IncidentDetail: Sendable, Equatable {
    public let summary: IncidentSummary
    public let description: String
    public let affectedSystems: String
    public let clock: IncidentClock
    public let mergedInto: String?
    public let reports: [ReportSummary]
    public let evidence: [EvidenceItem]
    public let timeline: [TimelineItem]

    public init(summary: IncidentSummary, description: String, affectedSystems: String, clock: IncidentClock,
                mergedInto: String?, reports: [ReportSummary], evidence: [EvidenceItem], timeline: [TimelineItem]) {
        self.summary = summary
        self.description = description
        self.affectedSystems = affectedSystems
        self.clock = clock
        self.mergedInto = mergedInto
        self.reports = reports
        self.evidence = evidence
        self.timeline = timeline
    }
}

/// What the incident list is filtered and sorted by. Built from a query string by
/// `init(query:)`, which ignores values it does not understand.
public struct IncidentFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case created, updated, severity, number, status
    }

    public var statuses: [IncidentStatus] = []
    public var className: String?
    public var type: String?
    public var severity: Severity?
    /// A user's id, or nil; `unassignedOnly` asks for incidents with no assignee.
    public var assigneeID: UUID?
    public var assigneeEmail: String?
    public var unassignedOnly = false
    public var tlp: TLP?
    public var text: String = ""
    public var sort: Sort = .created
    public var descending = true
    public var page = 1
    public var perPage = 50

    public static let maxPerPage = 200

    public init() {}

    /// Reads the list's query parameters (`status`, `class`, `type`, `severity`,
    /// `assignee`, `tlp`, `q`, `sort`, `order`, `page`, `per_page`).
    public init(query: [(String, String)]) {
        for (key, value) in query {
            let v = value.trimmingCharacters(in: .whitespaces)
            guard !v.isEmpty else { continue }
            switch key {
            case "status":
                if let s = IncidentStatus(rawValue: v), !statuses.contains(s) { statuses.append(s) }
                if v == "active" {
                    // Adds to the statuses already chosen, whichever parameter comes first.
                    for s in IncidentStatus.allCases where s.isActive && !statuses.contains(s) { statuses.append(s) }
                }
            case "class":
                guard Taxonomy.isClass(v) else { break }
                // A type of another class would make a filter that matches nothing.
                if let t = type, !Taxonomy.isType(t, of: v) { type = nil }
                className = v
            case "type":
                if let c = Classification(path: v), let t = c.type { className = c.className; type = t }
            case "severity": if let s = Severity(rawValue: v) { severity = s }
            case "assignee":
                if v == "none" { unassignedOnly = true }
                else if let id = UUID(uuidString: v) { assigneeID = id }
                else if TextInput.isEmail(v) { assigneeEmail = v.lowercased() }
            case "tlp": if let t = TLP(parsing: v) { tlp = t }
            case "q": text = String(TextInput.field(v).prefix(200))
            case "sort": if let s = Sort(rawValue: v) { sort = s }
            case "order": descending = v != "asc"
            case "page": page = max(1, min(Int(v) ?? 1, 1_000_000))
            case "per_page": perPage = max(1, min(Int(v) ?? 50, IncidentFilter.maxPerPage))
            default: break
            }
        }
    }

    /// The filter as query parameters, for links that keep it (pagination, sorting).
    public func queryItems(page: Int? = nil, sort: Sort? = nil, descending: Bool? = nil) -> [(String, String)] {
        var items: [(String, String)] = statuses.map { ("status", $0.rawValue) }
        if let type, let className { items.append(("type", "\(className)/\(type)")) }
        else if let className { items.append(("class", className)) }
        if let severity { items.append(("severity", severity.rawValue)) }
        if unassignedOnly { items.append(("assignee", "none")) }
        else if let assigneeID { items.append(("assignee", assigneeID.uuidString)) }
        else if let assigneeEmail { items.append(("assignee", assigneeEmail)) }
        if let tlp { items.append(("tlp", tlp.slug)) }
        if !text.isEmpty { items.append(("q", text)) }
        let s = sort ?? self.sort
        if s != .created { items.append(("sort", s.rawValue)) }
        if !(descending ?? self.descending) { items.append(("order", "asc")) }
        let p = page ?? self.page
        if p != 1 { items.append(("page", String(p))) }
        if perPage != 50 { items.append(("per_page", String(perPage))) }
        return items
    }
}

/// One page of results.
public struct ResultPage<Item: Sendable>: Sendable {
    public let items: [Item]
    public let page: Int
    public let perPage: Int
    public let total: Int

    public init(items: [Item], page: Int, perPage: Int, total: Int) {
        self.items = items
        self.page = page
        self.perPage = perPage
        self.total = total
    }

    public var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
}
extension ResultPage: Equatable where Item: Equatable {}
