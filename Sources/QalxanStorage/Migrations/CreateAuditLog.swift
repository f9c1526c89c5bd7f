import FluentKit
import SQLKit

/// The audit log and its chain head: one row that every writer locks (UPDATE) inside
/// its transaction, so entries get consecutive numbers and one unbroken hash chain on
/// SQLite and PostgreSQL alike.
public struct CreateAuditLog: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .id()
            .field("seq", .int64, .required)
            .field("at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("address", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("detail", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '')").run()
    }
    public func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_log").delete()
    }
}
