import FluentKit
import Foundation

/// A sector organisations belong to (government, energy, …): an editable list.
public final class SectorModel: Model, @unchecked Sendable {
    public static let schema = "sectors"

    @ID(key: .id) public var id: UUID?
    @Field(key: "slug") public var slug: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "name_az") public var nameAz: String

    public init() {}

    public init(id: UUID = UUID(), slug: String, nameEn: String, nameAz: String) {
        self.id = id
        self.slug = slug
        self.nameEn = nameEn
        self.nameAz = nameAz
    }
}
