import FluentKit
import Foundation

/// A handler's correction to the organisations an incident affects: one added by hand,
/// or one found in its observables and removed. The rest is worked out from the
/// incident's text and the registry every time, so it follows registry changes.
public final class IncidentOrganisationModel: Model, @unchecked Sendable {
    public static let schema = "incident_organisations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "incident_id") public var incidentID: UUID
    @Field(key: "organisation_id") public var organisationID: UUID
    /// `added` or `removed`.
    @Field(key: "state") public var state: String
    @OptionalField(key: "created_by_id") public var createdByID: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID = UUID(), incidentID: UUID, organisationID: UUID, state: String, createdByID: UUID?, createdAt: Date = Date()) {
        self.id = id
        self.incidentID = incidentID
        self.organisationID = organisationID
        self.state = state
        self.createdByID = createdByID
        self.createdAt = createdAt
    }
}
