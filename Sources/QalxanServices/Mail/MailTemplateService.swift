import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// The templates in use: staff's own where saved, the built-in text otherwise.
public struct MailTemplateService: Sendable {
    public init() {}

    /// The template of `kind` in `language`, and whether it is staff's own.
    public func template(_ kind: MailKind, _ language: Language, on db: any Database) async throws -> (template: MailTemplate, custom: Bool) {
        if let row = try await MailTemplateModel.query(on: db).filter(\.$kind == kind.rawValue)
            .filter(\.$language == language.rawValue).first() {
            return (MailTemplate(subject: row.subject, body: row.body), true)
        }
        return (MailTemplate.builtIn(kind, language), false)
    }

    /// Saves staff's own text; refused with the editor's problems when it is wrong.
    public func save(_ kind: MailKind, _ language: Language, _ template: MailTemplate, actor: Actor,
                     on db: any Database, now: Date = Date()) async throws {
        try actor.require(.manageMailTemplates)
        let cleaned = MailTemplate(subject: TextInput.field(template.subject), body: TextInput.clean(template.body))
        let problems = cleaned.validate(for: kind)
        if let first = problems.first { throw ServiceError.invalid([first.field: first.key]) }
        try await db.transaction { db in
            let row = try await MailTemplateModel.query(on: db).filter(\.$kind == kind.rawValue)
                .filter(\.$language == language.rawValue).first() ?? MailTemplateModel(kind: kind, language: language)
            row.subject = cleaned.subject
            row.body = cleaned.body
            row.updatedAt = now
            row.updatedByID = actor.userID
            try await row.save(on: db)
            try await AuditLog.record(db, actor: actor, action: "mail_template.save", entity: "mail_template",
                                      entityID: "\(kind.rawValue)/\(language.rawValue)", at: now)
        }
    }

    /// Goes back to the built-in text.
    public func reset(_ kind: MailKind, _ language: Language, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.manageMailTemplates)
        try await db.transaction { db in
            try await MailTemplateModel.query(on: db).filter(\.$kind == kind.rawValue)
                .filter(\.$language == language.rawValue).delete()
            try await AuditLog.record(db, actor: actor, action: "mail_template.reset", entity: "mail_template",
                                      entityID: "\(kind.rawValue)/\(language.rawValue)", at: now)
        }
    }

    /// Sample values for the editor's preview.
    public static func sampleValues(_ kind: MailKind, _ language: Language, team: String, teamAddress: String) -> [String: String] {
        let az = language == .az
        var v: [String: String] = [
            "team": team, "team_email": teamAddress, "number": "QX-2026-00042", "tlp": TLP.amber.rawValue,
            "recipient": az ? "Aygün Məmmədova" : "Jane Doe",
            "received_at": "2026-11-23 10:15 UTC", "status_url": "https://cert.example/\(language.rawValue)/status/QX-2026-00042?key=…",
            "category": "phishing", "title": az ? "Bankın saxta səhifəsi" : "Fake bank login page",
            "classification": "fraud / phishing", "status": az ? "araşdırılır" : "in progress",
            "message": az ? "Şəbəkənizdəki 192.0.2.10 ünvanı saxta giriş səhifəsi yayır." : "The address 192.0.2.10 in your network hosts a fake login page.",
            "organisation": az ? "Nümunə Bank ASC" : "Example Bank",
            "period": "2026-11-16 – 2026-11-23", "event_count": "3",
        ]
        v["summary_table"] = "scanner    2   2\ninfected   1   1"
        return v
    }
}
