import FluentKit

/// Named sequences (`incident:QX:2026`) for tracking numbers.
public struct CreateCounter: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("counters")
            .field("name", .string, .identifier(auto: false))
            .field("value", .int64, .required)
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("counters").delete() }
}
