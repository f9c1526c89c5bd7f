import FluentKit
import Foundation
import QalxanCore

/// The sector list, seeded with the defaults.
public struct CreateSector: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("sectors")
            .id()
            .field("slug", .string, .required)
            .field("name_en", .string, .required)
            .field("name_az", .string, .required)
            .unique(on: "slug")
            .create()
        for s in DefaultSectors.all {
            try await SectorModel(slug: s.slug, nameEn: s.en, nameAz: s.az).create(on: database)
        }
    }
    public func revert(on database: any Database) async throws { try await database.schema("sectors").delete() }
}
