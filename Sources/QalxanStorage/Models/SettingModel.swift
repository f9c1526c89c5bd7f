import FluentKit
import Foundation

/// One setting an administrator edits in the console (team profile texts, …).
public final class SettingModel: Model, @unchecked Sendable {
    public static let schema = "settings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "value") public var value: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(key: String, value: String, updatedAt: Date = Date()) {
        self.id = UUID()
        self.key = key
        self.value = value
        self.updatedAt = updatedAt
    }
}
