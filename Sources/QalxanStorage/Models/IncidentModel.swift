import FluentKit
import Foundation
import QalxanCore

/// The unit of handling.
public final class IncidentModel: Model, @unchecked Sendable {
    public static let schema = "incidents"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "rsit_class") public var rsitClass: String?
    @OptionalField(key: "rsit_type") public var rsitType: String?
    @Field(key: "severity") public var severity: String
    /// 1–4, so that lists sort by severity.
    @Field(key: "severity_rank") public var severityRank: Int
    @Field(key: "tlp") public var tlp: String
    @Field(key: "pap") public var pap: String
    @OptionalField(key: "assignee_id") public var assigneeID: UUID?
    @Field(key: "affected_systems") public var affectedSystems: String
    /// Lower-cased number, title and affected systems: what free-text search matches.
    @Field(key: "search_text") public var searchText: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "first_response_at") public var firstResponseAt: Date?
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "merged_into_id") public var mergedIntoID: UUID?
    @OptionalField(key: "created_by_id") public var createdByID: UUID?

    public init() {}

    public var statusValue: IncidentStatus { IncidentStatus(rawValue: status) ?? .new }
    public var severityValue: Severity { Severity(rawValue: severity) ?? .medium }
    public var tlpValue: TLP { TLP(rawValue: tlp) ?? .amber }
    public var papValue: PAP { PAP(rawValue: pap) ?? .amber }
    public var classification: Classification? {
        rsitClass.flatMap { Classification(className: $0, type: rsitType) }
    }
    public var clock: IncidentClock {
        get { IncidentClock(firstResponseAt: firstResponseAt, resolvedAt: resolvedAt, closedAt: closedAt) }
        set {
            firstResponseAt = newValue.firstResponseAt
            resolvedAt = newValue.resolvedAt
            closedAt = newValue.closedAt
        }
    }

    /// Recomputes `searchText` from the fields search looks at.
    public func refreshSearchText() {
        searchText = [number, title, affectedSystems].joined(separator: "\n").lowercased()
    }

    public func summary(assignee: UserRef?) -> IncidentSummary {
        IncidentSummary(
            id: id!, number: number, title: title, status: statusValue, classification: classification,
            severity: severityValue, tlp: tlpValue, pap: papValue, assignee: assignee,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
