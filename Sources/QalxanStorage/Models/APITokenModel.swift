import FluentKit
import Foundation

/// A bearer token for the API. Only the SHA-256 of the secret is stored.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters of the secret, so that its owner can tell tokens apart.
    @Field(key: "prefix") public var prefix: String
    /// Space-separated scopes.
    @Field(key: "scopes") public var scopes: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String, scopes: String, createdAt: Date, expiresAt: Date?) {
        self.id = UUID()
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
