import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Settings kept in the database and edited in the console: the team profile (RFC 2350
/// sections in every language) and the one-time setup link.
public struct SettingsService: Sendable {
    public init() {}

    public func get(_ key: String, on db: any Database) async throws -> String? {
        try await SettingModel.query(on: db).filter(\.$key == key).first()?.value
    }

    func set(_ key: String, _ value: String, on db: any Database, now: Date) async throws {
        if let existing = try await SettingModel.query(on: db).filter(\.$key == key).first() {
            existing.value = value
            existing.updatedAt = now
            try await existing.update(on: db)
        } else {
            try await SettingModel(key: key, value: value, updatedAt: now).create(on: db)
        }
    }

    func remove(_ key: String, on db: any Database) async throws {
        try await SettingModel.query(on: db).filter(\.$key == key).delete()
    }

    /// The team profile as stored.
    public func profile(on db: any Database) async throws -> TeamProfile {
        let rows = try await SettingModel.query(on: db).filter(\.$key, .custom("LIKE"), "profile.%").all()
        var profile = TeamProfile()
        for row in rows {
            // profile.<section>.<lang>
            let parts = row.key.split(separator: ".")
            guard parts.count >= 3, let lang = Language(rawValue: String(parts.last!)) else { continue }
            let section = parts.dropFirst().dropLast().joined(separator: ".")
            profile.text[section, default: [:]][lang] = row.value
        }
        return profile
    }

    /// When the profile last changed, or nil when it was never saved.
    public func profileUpdatedAt(on db: any Database) async throws -> Date? {
        try await SettingModel.query(on: db).filter(\.$key, .custom("LIKE"), "profile.%")
            .sort(\.$updatedAt, .descending).first()?.updatedAt
    }

    /// Saves every section of the profile; records which sections changed.
    public func saveProfile(_ profile: TeamProfile, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editTeamProfile)
        var errors: [String: String] = [:]
        for section in TeamProfile.sections where !section.isHeading {
            for lang in Language.allCases where profile.value(section.key, lang).count > TeamProfile.maxLength {
                errors["\(section.key).\(lang.rawValue)"] = "error.too_long"
            }
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        let current = try await self.profile(on: db)
        try await db.transaction { db in
            var changed: [String] = []
            for section in TeamProfile.sections where !section.isHeading {
                for lang in Language.allCases {
                    let value = TextInput.clean(profile.value(section.key, lang)).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard value != current.value(section.key, lang) else { continue }
                    try await set(TeamProfile.settingKey(section.key, lang), value, on: db, now: now)
                    changed.append("\(section.key).\(lang.rawValue)")
                }
            }
            if !changed.isEmpty {
                try await AuditLog.record(db, actor: actor, action: "settings.profile", entity: "settings", entityID: "profile",
                                          detail: ["sections": changed.joined(separator: " ")], at: now)
            }
        }
    }

    /// The first profile a new installation shows, so that the site is not empty.
    public func seedProfileIfEmpty(teamName: String, on db: any Database, now: Date = Date()) async throws {
        guard try await SettingModel.query(on: db).filter(\.$key, .custom("LIKE"), "profile.%").count() == 0 else { return }
        let seed: [String: [Language: String]] = [
            "2.1": [.az: teamName, .en: teamName],
            "2.3": [.az: "Asia/Baku (UTC+04:00)", .en: "Asia/Baku (UTC+04:00)"],
        ]
        for (key, values) in seed {
            for (lang, value) in values {
                try await set(TeamProfile.settingKey(key, lang), value, on: db, now: now)
            }
        }
    }
}

/// The one-time link that sets the first administrator's password on a new
/// installation. Only its digest is stored; it works once, and only while no
/// administrator exists.
public struct SetupService: Sendable {
    public let users: UserService
    let settings = SettingsService()
    static let key = "setup.token_digest"
    static let expiresKey = "setup.token_expires"

    public init(users: UserService) { self.users = users }

    /// Whether the installation still has no active administrator.
    public func needsSetup(on db: any Database) async throws -> Bool {
        try await UserModel.query(on: db).filter(\.$role == Role.administrator.rawValue).filter(\.$active == true).count() == 0
    }

    /// Issues a new setup token (replacing any earlier one) valid for `lifetime`.
    public func issueToken(lifetime: TimeInterval = 24 * 3600, on db: any Database, now: Date = Date()) async throws -> String {
        let token = Secrets.token()
        try await db.transaction { db in
            try await settings.set(Self.key, Secrets.digest(token), on: db, now: now)
            try await settings.set(Self.expiresKey, String(Int(now.addingTimeInterval(lifetime).timeIntervalSince1970)), on: db, now: now)
        }
        return token
    }

    /// Whether `token` is the live setup token.
    public func isValid(_ token: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        guard try await needsSetup(on: db),
              let digest = try await settings.get(Self.key, on: db),
              let expires = try await settings.get(Self.expiresKey, on: db).flatMap({ Double($0) }),
              now.timeIntervalSince1970 < expires
        else { return false }
        return Secrets.constantTimeEquals(digest, Secrets.digest(token))
    }

    /// Creates the first administrator and spends the token, in one transaction: the
    /// token is removed first, so two submissions of the link cannot both succeed.
    public func complete(token: String, email: String, name: String, password: String, address: String,
                         on db: any Database, now: Date = Date()) async throws -> UserModel {
        guard try await isValid(token, on: db, now: now) else { throw ServiceError.notFound }
        let actor = Actor(userID: nil, label: "setup", role: .administrator, address: address)
        if let problem = UserService.passwordProblem(password) { throw ServiceError.invalid(["password": problem]) }
        let users = self.users
        let digest = Secrets.digest(token)
        return try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw ServiceError.notFound }
            let spent = try await sql.raw("DELETE FROM settings WHERE key = \(bind: Self.key) AND value = \(bind: digest) RETURNING id").all()
            guard spent.count == 1 else { throw ServiceError.notFound }
            try await SettingModel.query(on: db).filter(\.$key == Self.expiresKey).delete()
            return try await users.create(email: email, name: name, role: .administrator, password: password, actor: actor, on: db, now: now)
        }
    }
}
