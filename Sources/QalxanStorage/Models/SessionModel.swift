import FluentKit
import Foundation

/// A signed-in browser. The cookie carries a random token; only its SHA-256 is stored.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "address") public var address: String
    @Field(key: "user_agent") public var userAgent: String

    public init() {}

    public init(tokenHash: String, userID: UUID, csrfToken: String, createdAt: Date, expiresAt: Date, address: String, userAgent: String) {
        self.id = UUID()
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent
    }
}
