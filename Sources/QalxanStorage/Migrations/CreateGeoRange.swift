import FluentKit

public struct CreateGeoRange: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("geo_ranges")
            .id()
            .field("registry", .string, .required)
            .field("country", .string, .required)
            .field("kind", .string, .required)
            .field("start", .string, .required)
            .field("size", .int64, .required)
            .create()
        try await Index.create("idx_geo_ranges_registry", on: "geo_ranges", ["registry"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("geo_ranges").delete() }
}
