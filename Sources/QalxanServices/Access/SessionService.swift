import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Browser sessions of staff. The cookie holds a random token; the database keeps its
/// digest, the user, the CSRF token of the session and when it expires.
public struct SessionService: Sendable {
    public let lifetime: TimeInterval

    public init(lifetime: TimeInterval = 12 * 3600) { self.lifetime = lifetime }

    /// Starts a session; returns the cookie token and the session.
    public func start(user: UserModel, address: String, userAgent: String, on db: any Database,
                      now: Date = Date()) async throws -> (token: String, session: SessionModel) {
        let token = Secrets.token()
        let session = SessionModel(
            tokenHash: Secrets.digest(token), userID: user.id!, csrfToken: Secrets.token(),
            createdAt: now, expiresAt: now.addingTimeInterval(lifetime), address: address,
            userAgent: String(TextInput.clean(userAgent).prefix(300)))
        try await db.transaction { db in
            try await session.create(on: db)
            user.lastLoginAt = now
            try await user.update(on: db)
            try await AuditLog.record(db, actor: Actor(userID: user.id, label: user.email, role: user.roleValue, address: address),
                                      action: "session.start", entity: "user", entityID: user.email, at: now)
        }
        return (token, session)
    }

    /// The live session and its active user for a cookie token, or nil.
    public func resolve(token: String, on db: any Database, now: Date = Date()) async throws -> (SessionModel, UserModel)? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        guard let session = try await SessionModel.query(on: db).filter(\.$tokenHash == Secrets.digest(token)).first(),
              session.expiresAt > now,
              let user = try await UserModel.find(session.userID, on: db), user.active
        else { return nil }
        return (session, user)
    }

    /// Ends a session.
    public func end(token: String, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try await db.transaction { db in
            try await SessionModel.query(on: db).filter(\.$tokenHash == Secrets.digest(token)).delete()
            try await AuditLog.record(db, actor: actor, action: "session.end", entity: "user", entityID: actor.label, at: now)
        }
    }

    /// Ends every session of a user but the one with `token` (after a password change).
    public func endOthers(userID: UUID, keeping token: String, on db: any Database) async throws {
        try await SessionModel.query(on: db).filter(\.$userID == userID)
            .filter(\.$tokenHash != Secrets.digest(token)).delete()
    }

    /// Removes expired sessions.
    public func purge(on db: any Database, now: Date = Date()) async throws {
        try await SessionModel.query(on: db).filter(\.$expiresAt < now).delete()
    }
}
