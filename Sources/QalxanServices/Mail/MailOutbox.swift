import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Composes messages from templates, signs them with the team key (PGP/MIME), encrypts
/// them when the recipient has a key, and queues them for delivery. A message that a
/// rule forbids sending (an organisation that requires encryption and has no key, no
/// team key to sign with) is kept as `held`, with the reason, and never goes out in clear.
public struct MailOutbox: Sendable {
    public let config: MailConfig
    public let gnupg: GnuPG
    public let blobs: BlobStore
    public let templates = MailTemplateService()

    public init(config: MailConfig, gnupg: GnuPG, blobs: BlobStore) {
        self.config = config
        self.gnupg = gnupg
        self.blobs = blobs
    }

    /// Composes and queues `request`; returns the stored message (queued or held).
    /// Refused with `.conflict` when its TLP is beyond what the recipient may receive or
    /// the address is not one.
    @discardableResult
    public func enqueue(_ request: MailRequest, actor: Actor, on db: any Database, now: Date = Date()) async throws -> MailMessageModel {
        guard MailboxAddress.isValid(request.recipient.address) else { throw ServiceError.invalid(["to": "mail.error.bad_address"]) }
        if let max = request.recipient.maxTLP, request.tlp.rank > max.rank {
            throw ServiceError.conflict("mail.error.tlp_too_high")
        }
        // TLP:RED goes only to someone whose limit is known to allow it.
        if request.recipient.maxTLP == nil, request.tlp == .red { throw ServiceError.conflict("mail.error.tlp_too_high") }
        let language = request.recipient.language
        let (template, _) = try await templates.template(request.kind, language, on: db)
        var values = request.values
        values["team"] = config.teamName
        values["team_email"] = config.teamAddress
        values["number"] = request.number ?? ""
        values["tlp"] = request.tlp.rawValue
        values["recipient"] = request.recipient.name.isEmpty ? request.recipient.address : request.recipient.name
        let filled = template.render(values)
        let subject = MailFraming.subject(filled.subject, number: request.number, tlp: request.tlp)
        let text = MailFraming.body(filled.body, tlp: request.tlp)

        var content = MIMEEntity.text(text)
        if !request.attachments.isEmpty {
            content = .mixed([content] + request.attachments.map { MIMEEntity.attachment(fileName: $0.fileName, contentType: $0.contentType, data: $0.data) })
        }
        // Encrypted mail keeps its subject inside; outside only the number and the label.
        if !request.recipient.key.isEmpty { content.protectSubject(subject) }
        let plain = content.render()
        let message = MailMessageModel(direction: .outbound, state: .queued, at: now)
        message.kind = request.kind.rawValue
        message.messageID = OutgoingMail.newMessageID(domain: config.domain)
        message.inReplyTo = request.inReplyTo ?? ""
        message.references = (request.references + (request.inReplyTo.map { [$0] } ?? [])).uniqued().joined(separator: " ")
        message.subject = subject
        message.fromAddress = config.teamAddress
        message.toAddresses = request.recipient.address
        message.bodyText = text
        message.incidentID = request.incidentID
        message.reportID = request.reportID
        message.organisationID = request.recipient.organisationID
        message.contactID = request.recipient.contactID
        message.language = language.rawValue
        message.tlp = request.tlp.rawValue
        message.verp = (message.id ?? UUID()).uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        message.actorID = actor.userID
        message.decryptedSHA256 = try await blobs.put(Data(plain), on: db)
        message.mailbox = request.recipient.name
        try await seal(message, plain: plain, recipient: request.recipient, now: now, on: db)

        try await db.transaction { db in
            try await message.create(on: db)
            if let incidentID = request.incidentID {
                try await TimelineEntryModel(
                    incidentID: incidentID, at: now, kind: .mail, actorID: actor.userID, body: text,
                    data: ["direction": "out", "message": message.id!.uuidString, "to": request.recipient.address,
                           "subject": subject, "kind": request.kind.rawValue, "state": message.state]).create(on: db)
            }
            try await AuditLog.record(db, actor: actor, action: "mail.queue", entity: "mail", entityID: message.id!.uuidString,
                                      detail: ["to": request.recipient.address, "kind": request.kind.rawValue,
                                               "state": message.state, "encrypted": message.encrypted ? "yes" : "no"], at: now)
        }
        return message
    }

    /// Signs, encrypts and renders the whole message from its plain content; sets the
    /// message `queued` with its raw bytes, or `held` with the reason.
    func seal(_ message: MailMessageModel, plain: [UInt8], recipient: MailRecipient, now: Date, on db: any Database) async throws {
        message.updatedAt = now
        if recipient.key.isEmpty && recipient.requiresEncryption {
            return hold(message, "mail.error.encryption_required", "the organisation requires encrypted mail and the contact has no key")
        }
        let signature: String
        do { signature = try await gnupg.detachSignForMail(Data(plain)) } catch {
            return hold(message, "mail.error.no_team_key", error.detail)
        }
        // The content goes between the boundaries exactly as it was signed.
        let signed = MIMEEntity.signed(content: MIMEEntity(headers: [], body: .rendered(plain)),
                                       armoredSignature: signature, micalg: GnuPG.mailMicalg)
        var body = signed
        message.encrypted = false
        if !recipient.key.isEmpty {
            let armored: String
            do { armored = try await gnupg.encrypt(Data(signed.render()), recipientKeys: [recipient.key]) } catch {
                return hold(message, "mail.error.encrypt_failed", error.detail)
            }
            body = MIMEEntity.encrypted(armored: armored)
            message.encrypted = true
        }
        let outerSubject = message.encrypted
            ? MailFraming.subject("…", number: MailTag.find(in: message.subject, prefix: config.trackingPrefix), tlp: TLP(rawValue: message.tlp) ?? .amber)
            : message.subject
        var outgoing = OutgoingMail(
            from: MailboxAddress(name: config.teamName, address: config.teamAddress),
            to: [MailboxAddress(name: recipient.name, address: recipient.address)],
            subject: outerSubject, date: now, messageID: message.messageID, body: body)
        outgoing.inReplyTo = message.inReplyTo.isEmpty ? nil : message.inReplyTo
        outgoing.references = message.references.split(separator: " ").map(String.init)
        var extra: [(String, String)] = [("X-Qalxan-Kind", message.kind)]
        if let kind = MailKind(rawValue: message.kind), kind == .reportReceived || kind == .digest {
            extra.append(("Auto-Submitted", kind == .reportReceived ? "auto-replied" : "auto-generated"))
        }
        outgoing.extraHeaders = extra
        let raw = outgoing.render()
        message.rawSHA256 = try await blobs.put(Data(raw), on: db)
        message.size = Int64(raw.count)
        message.state = MailState.queued.rawValue
        message.reason = ""
        message.detail = ""
        message.nextAttemptAt = now
    }

    func hold(_ message: MailMessageModel, _ reason: String, _ detail: String) {
        message.state = MailState.held.rawValue
        message.reason = reason
        message.detail = String(detail.prefix(2000))
        message.nextAttemptAt = nil
    }

    /// Tries a held message again (after a key was added or the team key created).
    public func release(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws -> MailMessageModel {
        try actor.require(.sendMail)
        guard let message = try await MailMessageModel.find(id, on: db), message.directionValue == .outbound else { throw ServiceError.notFound }
        guard message.stateValue.canRelease else { throw ServiceError.conflict("mail.error.not_held") }
        guard let hash = message.decryptedSHA256, let plain = blobs.get(hash) else {
            throw ServiceError.conflict("mail.error.content_missing")
        }
        var recipient = MailRecipient(name: message.mailbox, address: message.toAddresses, language: Language(rawValue: message.language) ?? .en)
        // A message meant to be encrypted is never released in clear.
        recipient.requiresEncryption = message.encrypted || message.reason == "mail.error.encrypt_failed"
            || message.reason == "mail.error.encryption_required"
        if let contactID = message.contactID, let contact = try await ContactModel.find(contactID, on: db) {
            recipient.key = contact.usableKey(now: now)
        }
        if let orgID = message.organisationID, let org = try await OrganisationModel.find(orgID, on: db) {
            recipient.requiresEncryption = recipient.requiresEncryption || org.encryptedMail
            if let tlp = TLP(rawValue: message.tlp), tlp.rank > org.maxTLPValue.rank { throw ServiceError.conflict("mail.error.tlp_too_high") }
        }
        if message.stateValue == .failed, message.reason != "" {
            // A failed delivery is sent again as it was; only its attempts restart.
            message.state = MailState.queued.rawValue
            message.nextAttemptAt = now
            message.reason = ""
        } else {
            try await seal(message, plain: Array(plain), recipient: recipient, now: now, on: db)
        }
        message.attempts = 0
        message.updatedAt = now
        try await db.transaction { db in
            try await message.save(on: db)
            try await AuditLog.record(db, actor: actor, action: "mail.release", entity: "mail", entityID: id.uuidString,
                                      detail: ["state": message.state], at: now)
        }
        return message
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
