import FluentKit
import Foundation
import QalxanCore

/// A staff account.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    /// Stored lower-case; unique.
    @Field(key: "email") public var email: String
    @Field(key: "name") public var name: String
    @Field(key: "role") public var role: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "active") public var active: Bool
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_login_at") public var lastLoginAt: Date?

    public init() {}

    public init(id: UUID = UUID(), email: String, name: String, role: Role, passwordHash: String, active: Bool = true, createdAt: Date = Date()) {
        self.id = id
        self.email = email.lowercased()
        self.name = name
        self.role = role.rawValue
        self.passwordHash = passwordHash
        self.active = active
        self.createdAt = createdAt
    }

    public var roleValue: Role { Role(rawValue: role) ?? .viewer }
    public var ref: UserRef { UserRef(id: id!, email: email, name: name) }
}
