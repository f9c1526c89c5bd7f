import FluentKit

public struct CreateIncidentOrganisation: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("incident_organisations")
            .id()
            .field("incident_id", .uuid, .required, .references("incidents", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "incident_id", "organisation_id")
            .create()
        try await Index.create("idx_incident_organisations_org", on: "incident_organisations", ["organisation_id"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("incident_organisations").delete() }
}
