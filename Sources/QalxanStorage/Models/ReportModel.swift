import FluentKit
import Foundation
import QalxanCore

/// One incoming communication about an incident (web form, API, e-mail), kept with its
/// raw source (`rawSHA256` names the blob).
public final class ReportModel: Model, @unchecked Sendable {
    public static let schema = "reports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "channel") public var channel: String
    @Field(key: "state") public var state: String
    @Field(key: "reporter_name") public var reporterName: String
    @Field(key: "reporter_email") public var reporterEmail: String
    @Field(key: "reporter_phone") public var reporterPhone: String
    @Field(key: "reporter_organisation") public var reporterOrganisation: String
    @Field(key: "category") public var category: String
    @OptionalField(key: "occurred_at") public var occurredAt: Date?
    @Field(key: "description") public var description: String
    @Field(key: "affected_systems") public var affectedSystems: String
    @Field(key: "tlp") public var tlp: String
    @Field(key: "language") public var language: String
    @Field(key: "reject_reason") public var rejectReason: String
    @OptionalField(key: "incident_id") public var incidentID: UUID?
    @Field(key: "status_secret_hash") public var statusSecretHash: String
    @Field(key: "raw_sha256") public var rawSHA256: String
    @Field(key: "client_address") public var clientAddress: String
    @OptionalField(key: "triaged_by_id") public var triagedByID: UUID?
    @OptionalField(key: "triaged_at") public var triagedAt: Date?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var stateValue: ReportSummary.State { ReportSummary.State(rawValue: state) ?? .new }
    public var channelValue: ReportSummary.Channel { ReportSummary.Channel(rawValue: channel) ?? .web }

    public var summary: ReportSummary {
        let reporter = [reporterName, reporterOrganisation, reporterEmail].filter { !$0.isEmpty }.joined(separator: " · ")
        return ReportSummary(
            id: id!, number: number, receivedAt: receivedAt, channel: channelValue, state: stateValue,
            reporter: reporter, category: category, excerpt: String(description.prefix(240)),
            tlp: TLP(rawValue: tlp) ?? .amber)
    }
}
