import FluentKit

/// Triage views ask for "new and unassigned" (and "active and mine"): one index serves
/// status and assignee together, in creation order.
public struct AddStatusAssigneeIndexToIncident: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await Index.create("idx_incidents_status_assignee_created", on: "incidents", ["status", "assignee_id", "created_at"], database)
    }
    public func revert(on database: any Database) async throws {}
}
