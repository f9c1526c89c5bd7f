import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Staff accounts: creation, roles, sign-in.
public struct UserService: Sendable {
    public let hasher: any PasswordHashing

    public init(hasher: any PasswordHashing) {
        self.hasher = hasher
    }

    /// Shortest password accepted.
    public static let minPasswordLength = 12

    /// Checks a new password; catalog key of the problem, or nil.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < minPasswordLength { return "error.password_short" }
        if password.count > 1000 { return "error.too_long" }
        return nil
    }

    /// Creates an account. Administrators (and the command line) only.
    @discardableResult
    public func create(email: String, name: String, role: Role, password: String, actor: Actor, on db: any Database,
                       now: Date = Date()) async throws -> UserModel {
        try actor.require(.manageUsers)
        let email = TextInput.field(email).lowercased()
        let name = TextInput.field(name)
        var errors: [String: String] = [:]
        if !TextInput.isEmail(email) { errors["email"] = "error.email" }
        if name.count > 200 { errors["name"] = "error.too_long" }
        if let p = Self.passwordProblem(password) { errors["password"] = p }
        if errors.isEmpty, try await UserModel.query(on: db).filter(\.$email == email).first() != nil {
            errors["email"] = "error.email_taken"
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        let user = UserModel(email: email, name: name, role: role, passwordHash: try await hasher.hash(password), createdAt: now)
        try await db.transaction { db in
            try await user.create(on: db)
            try await AuditLog.record(db, actor: actor, action: "user.create", entity: "user", entityID: email,
                                      detail: ["role": role.rawValue], at: now)
        }
        return user
    }

    /// All accounts, by e-mail.
    public func list(on db: any Database) async throws -> [UserModel] {
        try await UserModel.query(on: db).sort(\.$email).all()
    }

    /// Changes a user's role and whether the account may sign in. An administrator
    /// cannot demote or disable themselves (so there is always one left).
    public func update(_ id: UUID, role: Role, active: Bool, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.manageUsers)
        guard let user = try await UserModel.find(id, on: db) else { throw ServiceError.notFound }
        if user.id == actor.userID, role != .administrator || !active { throw ServiceError.conflict("error.self_demote") }
        guard user.role != role.rawValue || user.active != active else { return }
        try await db.transaction { db in
            let before = "\(user.role)/\(user.active)"
            user.role = role.rawValue
            user.active = active
            try await user.update(on: db)
            if !active { try await SessionModel.query(on: db).filter(\.$userID == id).delete() }
            try await AuditLog.record(db, actor: actor, action: "user.update", entity: "user", entityID: user.email,
                                      detail: ["before": before, "after": "\(role.rawValue)/\(active)"], at: now)
        }
    }

    /// The active user with these credentials, or nil. Takes the same time whether or
    /// not the e-mail exists, so sign-in does not reveal accounts.
    public func authenticate(email: String, password: String, on db: any Database) async throws -> UserModel? {
        let email = TextInput.field(email).lowercased()
        let user = try await UserModel.query(on: db).filter(\.$email == email).first()
        guard let user else {
            // Same work for an unknown account as for a wrong password: hashing the attempt
            // at the same cost takes as long as checking it.
            _ = try? await hasher.hash(password)
            return nil
        }
        guard try await hasher.verify(password, against: user.passwordHash), user.active else { return nil }
        return user
    }

    /// Sets a new password (the user themselves, or an administrator).
    public func setPassword(_ id: UUID, password: String, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        guard actor.userID == id || actor.can(.manageUsers) else { throw ServiceError.forbidden }
        if let p = Self.passwordProblem(password) { throw ServiceError.invalid(["password": p]) }
        guard let user = try await UserModel.find(id, on: db) else { throw ServiceError.notFound }
        user.passwordHash = try await hasher.hash(password)
        try await db.transaction { db in
            try await user.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "user.password", entity: "user", entityID: user.email, at: now)
        }
    }
}
