import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The console's mail: lists, one message (raw download, replay, release), the
/// templates with their preview, and writing from an incident.
struct MailController {
    func register(_ console: any RoutesBuilder) {
        console.get("mail", use: list)
        console.get("mail", ":id", use: show)
        console.get("mail", ":id", "raw", use: raw)
        console.on(.POST, "mail", ":id", "replay", body: .collect(maxSize: "64kb"), use: replay)
        console.on(.POST, "mail", ":id", "release", body: .collect(maxSize: "64kb"), use: release)
        console.get("mail-templates", use: templates)
        console.get("mail-templates", ":kind", ":language", use: template)
        console.on(.POST, "mail-templates", ":kind", ":language", body: .collect(maxSize: "1mb"), use: saveTemplate)
        console.get("settings", "team-key", use: teamKey)
        console.on(.POST, "settings", "team-key", body: .collect(maxSize: "256kb"), use: saveTeamKey)
        console.get("incidents", ":number", "mail", use: composeForm)
        console.on(.POST, "incidents", ":number", "mail", body: .collect(maxSize: "1mb"), use: compose)
    }

    static func item(_ m: MailMessageModel, incidents: [UUID: String] = [:], reports: [UUID: String] = [:]) -> MailListItem {
        MailListItem(
            id: m.id!, direction: m.directionValue, state: m.stateValue, at: m.createdAt, from: m.fromAddress, to: m.toAddresses,
            subject: m.subject, reason: m.reason, signature: m.signatureValue, encrypted: m.encrypted,
            incidentNumber: m.incidentID.flatMap { incidents[$0] }, reportNumber: m.reportID.flatMap { reports[$0] })
    }

    func list(_ req: Request) async throws -> Response {
        let l = try req.language()
        let view = MailListModel.View(rawValue: req.queryPairs.first { $0.0 == "view" }?.1 ?? "") ?? .attention
        let (rows, owners) = try await MailQuery().list(view: view.rawValue, actor: req.actor, on: req.db)
        let model = MailListModel(view: view, items: rows.map { Self.item($0, incidents: owners.incidents, reports: owners.reports) })
        return Render.page(MailPages.list(model, req.pageContext(l)))
    }

    func message(_ req: Request) async throws -> (message: MailMessageModel, owners: MailQuery.Owners) {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return try await MailQuery().message(id, actor: req.actor, on: req.db)
    }

    func show(_ req: Request) async throws -> Response {
        let l = try req.language()
        let (m, owners) = try await message(req)
        let canSend = req.actor.can(.sendMail)
        let model = MailDetailModel(
            item: Self.item(m, incidents: owners.incidents, reports: owners.reports), kind: m.kind, mailbox: m.mailbox,
            messageID: m.messageID, inReplyTo: m.inReplyTo, body: m.bodyText, detail: m.detail, signer: m.signer,
            language: m.language, tlp: TLP(rawValue: m.tlp) ?? .amber, attempts: m.attempts, nextAttemptAt: m.nextAttemptAt,
            sentAt: m.sentAt, response: m.response, size: m.size,
            canReplay: canSend && m.directionValue == .inbound && m.stateValue.canReplay,
            canRelease: canSend && m.directionValue == .outbound && m.stateValue.canRelease)
        return Render.page(MailPages.message(model, req.pageContext(l)))
    }

    /// The message exactly as received or sent, as a download (never rendered).
    func raw(_ req: Request) async throws -> Response {
        let m = try await message(req).message
        guard let data = req.qalxan.blobs.get(m.rawSHA256) else { throw PageError(status: .notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/octet-stream")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(m.id!.uuidString.lowercased()).eml\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func replay(_ req: Request) async throws -> Response {
        try await act(req, flash: "mail_replayed") { id in _ = try await req.qalxan.mailIntake.replay(id, actor: req.actor, on: req.db) }
    }

    func release(_ req: Request) async throws -> Response {
        try await act(req, flash: "mail_released") { id in _ = try await req.qalxan.mailOutbox.release(id, actor: req.actor, on: req.db) }
    }

    /// A POST on one message the actor may see: CSRF checked, then back to the message.
    func act(_ req: Request, flash: String, _ action: (UUID) async throws -> Void) async throws -> Response {
        let l = try req.language()
        try req.verifyCSRF(try FormData.read(req))
        let id = try await message(req).message.id!
        try await action(id)
        return Render.redirect(Paths.mailMessage(l, id: id) + "?m=\(flash)")
    }

    func templates(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.readMail)
        var rows: [(kind: MailKind, language: Language, custom: Bool)] = []
        for kind in MailKind.allCases {
            for language in Language.allCases {
                rows.append((kind, language, try await req.qalxan.mailTemplates.template(kind, language, on: req.db).custom))
            }
        }
        return Render.page(MailPages.templates(rows, req.pageContext(l)))
    }

    func templateTarget(_ req: Request) throws -> (MailKind, Language) {
        guard let kind = req.parameters.get("kind").flatMap(MailKind.init(rawValue:)),
              let language = req.parameters.get("language").flatMap(Language.init(rawValue:)) else { throw ServiceError.notFound }
        return (kind, language)
    }

    func template(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.readMail)
        let (kind, language) = try templateTarget(req)
        let (template, custom) = try await req.qalxan.mailTemplates.template(kind, language, on: req.db)
        let settings = req.qalxan.settings
        let preview = template.render(MailTemplateService.sampleValues(kind, language, team: settings.teamName, teamAddress: settings.mailFrom))
        let model = MailTemplateFormModel(kind: kind, language: language, template: template, custom: custom,
                                          preview: Self.framed(preview), canEdit: req.actor.can(.manageMailTemplates))
        return Render.page(MailPages.template(model, req.pageContext(l)))
    }

    /// The preview as it is sent: tag and TLP in the subject, TLP on the first line.
    static func framed(_ t: MailTemplate) -> MailTemplate {
        MailTemplate(subject: MailFraming.subject(t.subject, number: "QX-2026-00042", tlp: .amber), body: MailFraming.body(t.body, tlp: .amber))
    }

    func saveTemplate(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        try req.actor.require(.manageMailTemplates)
        let (kind, language) = try templateTarget(req)
        let path = Paths.mailTemplate(l, kind: kind, language: language)
        let edited = MailTemplate(subject: form.value("subject"), body: form.value("body"))
        let custom = try await req.qalxan.mailTemplates.template(kind, language, on: req.db).custom
        let settings = req.qalxan.settings
        switch form.value("action") {
        case "reset":
            try await req.qalxan.mailTemplates.reset(kind, language, actor: req.actor, on: req.db)
            return Render.redirect(path + "?m=template_reset")
        case "save":
            do {
                try await req.qalxan.mailTemplates.save(kind, language, edited, actor: req.actor, on: req.db)
                return Render.redirect(path + "?m=template_saved")
            } catch ServiceError.invalid(let errors) {
                let problems = edited.validate(for: kind)
                let model = MailTemplateFormModel(kind: kind, language: language, template: edited, custom: custom, errors: errors,
                                                  unknown: problems.flatMap(\.names), canEdit: true)
                return Render.page(MailPages.template(model, req.pageContext(l)), status: .unprocessableEntity)
            }
        default:
            // Preview what was typed, without saving it.
            let problems = edited.validate(for: kind)
            var errors: [String: String] = [:]
            for p in problems where errors[p.field] == nil { errors[p.field] = p.key }
            let preview = edited.render(MailTemplateService.sampleValues(kind, language, team: settings.teamName, teamAddress: settings.mailFrom))
            let model = MailTemplateFormModel(kind: kind, language: language, template: edited, custom: custom, errors: errors,
                                              unknown: problems.flatMap(\.names), preview: Self.framed(preview), canEdit: true)
            return Render.page(MailPages.template(model, req.pageContext(l)), status: problems.isEmpty ? .ok : .unprocessableEntity)
        }
    }

    func composeModel(_ req: Request, selected: [String] = [], kind: MailKind = .notification, message: String = "",
                      errors: [String: String] = [:]) async throws -> MailComposeModel {
        try req.actor.require(.sendMail)
        let incident = try await IncidentQuery.find(req.parameters.get("number") ?? "", actor: req.actor, on: req.db)
        let candidates = try await MailCorrespondence(outbox: req.qalxan.mailOutbox).candidates(incident, on: req.db)
        return MailComposeModel(
            number: incident.number, title: incident.title, tlp: incident.tlpValue,
            recipients: candidates.map { MailComposeRecipient(value: $0.value, label: $0.label, address: $0.recipient.address, notes: $0.notes, usable: $0.usable) },
            kind: kind, selected: selected, message: message, errors: errors)
    }

    func composeForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        return Render.page(MailPages.compose(try await composeModel(req), req.pageContext(l)))
    }

    func compose(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let kind = MailKind(rawValue: form.value("kind")) ?? .notification
        let number = req.parameters.get("number") ?? ""
        do {
            let sent = try await MailCorrespondence(outbox: req.qalxan.mailOutbox).send(
                number, to: form.all("to"), kind: kind, message: form.value("message"), actor: req.actor, on: req.db)
            let canonical = TrackingNumber(parsing: number)?.description ?? number
            let held = sent.contains { $0.stateValue == .held }
            return Render.redirect(Paths.incident(l, number: canonical) + "?m=\(held ? "mail_held" : "mail_queued")")
        } catch ServiceError.invalid(let errors) {
            let model = try await composeModel(req, selected: form.all("to"), kind: kind, message: form.value("message"), errors: errors)
            return Render.page(MailPages.compose(model, req.pageContext(l)), status: .unprocessableEntity)
        } catch ServiceError.conflict(let key) {
            let model = try await composeModel(req, selected: form.all("to"), kind: kind, message: form.value("message"), errors: ["to": key])
            return Render.page(MailPages.compose(model, req.pageContext(l)), status: .conflict)
        }
    }

    func teamKeyPage(_ req: Request, errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editTeamProfile)
        let gpg = req.qalxan.gnupg
        let fpr = try? await gpg.fingerprint()
        let key = fpr == nil ? "" : ((try? await gpg.exportPublicKey()) ?? "")
        return Render.page(MailPages.teamKey(fingerprint: fpr, publicKey: key, errors: errors, req.pageContext(l)), status: status)
    }

    func teamKey(_ req: Request) async throws -> Response { try await teamKeyPage(req) }

    /// Creates the team key, or imports one (a secret key made elsewhere, or a partner's
    /// public key, which lets their signed mail verify).
    func saveTeamKey(_ req: Request) async throws -> Response {
        let l = try req.language()
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        try req.actor.require(.editTeamProfile)
        let gpg = req.qalxan.gnupg
        let actor = req.actor
        switch form.value("action") {
        case "create":
            let name = TextInput.field(form.value("name"))
            let email = TextInput.field(form.value("email")).lowercased()
            var errors: [String: String] = [:]
            if name.isEmpty || name.contains(where: { "<>".contains($0) }) { errors["name"] = "error.required" }
            if !TextInput.isEmail(email) { errors["email"] = "error.email" }
            if (try? await gpg.fingerprint()) != nil { errors["name"] = "team_key.exists" }
            guard errors.isEmpty else { return try await teamKeyPage(req, errors: errors, status: .unprocessableEntity) }
            do {
                let fpr = try await gpg.generateKey(userID: "\(name) <\(email)>")
                try await AuditLog.record(req.db, actor: actor, action: "team_key.create", entity: "team_key", entityID: fpr)
            } catch {
                return try await teamKeyPage(req, errors: ["name": (error as? GnuPG.Failure)?.key ?? "pgp.failed"], status: .unprocessableEntity)
            }
        case "import":
            let text = form.value("key")
            guard text.contains("-----BEGIN PGP") else { return try await teamKeyPage(req, errors: ["key": "team_key.not_armored"], status: .unprocessableEntity) }
            do {
                let fprs = try await gpg.importKey(text)
                try await AuditLog.record(req.db, actor: actor, action: "team_key.import", entity: "team_key", entityID: fprs.joined(separator: ","))
            } catch {
                return try await teamKeyPage(req, errors: ["key": (error as? GnuPG.Failure)?.key ?? "pgp.import_failed"], status: .unprocessableEntity)
            }
        default:
            throw ServiceError.invalid(["action": "error.required"])
        }
        return Render.redirect(Paths.teamKey(l) + "?m=team_key_saved")
    }
}
