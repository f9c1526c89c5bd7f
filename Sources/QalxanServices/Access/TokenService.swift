import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// API bearer tokens. The secret (`qx_…`) is shown once; only its digest is kept.
/// A token carries scopes and never grants more than its owner's role.
public struct TokenService: Sendable {
    public init() {}

    /// Creates a token for `user`; returns the secret and the stored token.
    public func create(for user: UserModel, name: String, scopes: [APIScope], expiresInDays: Int?, actor: Actor,
                       on db: any Database, now: Date = Date()) async throws -> (secret: String, token: APITokenModel) {
        try actor.require(.manageOwnTokens)
        guard actor.userID == user.id || actor.can(.manageUsers) else { throw ServiceError.forbidden }
        var errors: [String: String] = [:]
        let name = TextInput.field(name)
        if name.isEmpty { errors["name"] = "error.required" } else if name.count > 100 { errors["name"] = "error.too_long" }
        let allowed = Set(user.roleValue.grantableScopes)
        if scopes.isEmpty || !Set(scopes).isSubset(of: allowed) { errors["scopes"] = "error.scopes" }
        if let d = expiresInDays, !(1...3650).contains(d) { errors["expires_days"] = "error.too_long" }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        let secret = "qx_" + Secrets.token()
        let token = APITokenModel(
            userID: user.id!, name: name, tokenHash: Secrets.digest(secret), prefix: String(secret.prefix(10)),
            scopes: scopes.map(\.rawValue).sorted().joined(separator: " "), createdAt: now,
            expiresAt: expiresInDays.map { now.addingTimeInterval(Double($0) * 86_400) })
        try await db.transaction { db in
            try await token.create(on: db)
            try await AuditLog.record(db, actor: actor, action: "token.create", entity: "api_token", entityID: token.prefix,
                                      detail: ["owner": user.email, "scopes": token.scopes, "name": name], at: now)
        }
        return (secret, token)
    }

    /// The owner and scopes of a valid token, or nil (unknown, revoked, expired, or its
    /// owner disabled). Scopes are cut to what the owner's role allows today.
    public func authenticate(_ secret: String, on db: any Database, now: Date = Date()) async throws -> (UserModel, Set<APIScope>)? {
        guard secret.hasPrefix("qx_"), secret.count < 200 else { return nil }
        guard let token = try await APITokenModel.query(on: db).filter(\.$tokenHash == Secrets.digest(secret)).first(),
              token.revokedAt == nil, token.expiresAt.map({ $0 > now }) ?? true,
              let user = try await UserModel.find(token.userID, on: db), user.active
        else { return nil }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.update(on: db)
        }
        let scopes = Set(token.scopes.split(separator: " ").compactMap { APIScope(rawValue: String($0)) })
            .intersection(user.roleValue.grantableScopes)
        return (user, scopes)
    }

    /// The tokens of a user, newest first.
    public func list(userID: UUID, on db: any Database) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: db).filter(\.$userID == userID).sort(\.$createdAt, .descending).all()
    }

    /// Revokes a token of the actor's own (administrators: anyone's).
    public func revoke(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        guard let token = try await APITokenModel.find(id, on: db),
              token.userID == actor.userID || actor.can(.manageUsers)
        else { throw ServiceError.notFound }
        guard token.revokedAt == nil else { return }
        try await db.transaction { db in
            token.revokedAt = now
            try await token.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "token.revoke", entity: "api_token", entityID: token.prefix, at: now)
        }
    }
}
