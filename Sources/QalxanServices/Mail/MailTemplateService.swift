import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
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

    /// Sample values for the editor's preview, in the template's language; the table is
    /// made by the digest's own renderer.
    public static func sampleValues(_ kind: MailKind, _ language: Language, team: String, teamAddress: String) -> [String: String] {
        let l = Localizer(language)
        let number = "QX-2026-00042"
        let start = Date(timeIntervalSince1970: 1_795_400_000)
        let events = [
            DigestEvent(id: 1, time: 1_795_400_000, feed: "shadowserver", type: "scanner", ip: "192.0.2.10"),
            DigestEvent(id: 2, time: 1_795_403_600, feed: "shadowserver", type: "scanner", ip: "192.0.2.11"),
            DigestEvent(id: 3, time: 1_795_407_200, feed: "shadowserver", type: "infected-system", ip: "192.0.2.10"),
        ]
        let header = ["digest.type", "digest.events", "digest.addresses", "digest.first", "digest.last"].map { l.t($0) }
        return [
            "team": team, "team_email": teamAddress, "number": number, "tlp": TLP.amber.rawValue,
            "recipient": l.t("mail.sample.recipient"), "received_at": l.dateTime(start),
            "status_url": "https://cert.example/\(language.rawValue)/status/\(number)?key=…",
            "category": l.categoryLabel("fraud/phishing"), "title": l.t("mail.sample.title"),
            "classification": l.categoryLabel("fraud/phishing"), "status": l.t(IncidentStatus.inProgress.labelKey),
            "message": l.t("mail.sample.message"), "organisation": l.t("mail.sample.organisation"),
            "period": "\(DateText.day(start)) – \(DateText.day(start.addingTimeInterval(7 * 86_400)))",
            "event_count": String(events.count), "summary_table": EventDigest(events: events).table(header: header),
        ]
    }
}
