import FluentKit

public struct CreateSetting: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("settings")
            .id()
            .field("key", .string, .required)
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "key")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("settings").delete() }
}
