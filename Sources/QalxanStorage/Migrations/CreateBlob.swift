import FluentKit

public struct CreateBlob: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("blobs")
            .field("sha256", .string, .identifier(auto: false))
            .field("size", .int64, .required)
            .field("created_at", .datetime, .required)
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("blobs").delete() }
}
