import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// What became of one inbound message.
public struct MailIntakeOutcome: Sendable {
    public let messageID: UUID
    public let state: MailState
    /// The catalog key of why it was quarantined.
    public let reason: String
    public let incidentNumber: String?
    public let reportNumber: String?
}

/// Takes mail in: stores the raw message first, always, then reads it. A message that
/// carries an incident's tag or answers a message Qalxan sent joins that incident's
/// correspondence; a bounce marks the delivery that failed; X-ARF and ARF reports and
/// anything else become reports in the triage queue. A message that cannot be read or
/// trusted is quarantined with the reason, to be replayed after a fix.
public struct MailIntakeService: Sendable {
    public let config: MailConfig
    public let blobs: BlobStore
    public let gnupg: GnuPG
    public let intake: IntakeService
    /// Sends the reporter's acknowledgement; nil sends none.
    public let outbox: MailOutbox?

    public init(config: MailConfig, blobs: BlobStore, gnupg: GnuPG, intake: IntakeService, outbox: MailOutbox?) {
        self.config = config
        self.blobs = blobs
        self.gnupg = gnupg
        self.intake = intake
        self.outbox = outbox
    }

    /// The gateway's actor in the audit log.
    public static let actor = Actor(userID: nil, label: "mailgate", role: .handler, address: "mail")

    /// Stores `raw` and reads it. Throws only when the raw message could not be stored
    /// (the MTA should then retry); anything wrong with the message itself ends in
    /// quarantine. The same bytes received again (an MTA retrying after a crash) are
    /// not stored twice: the first copy is read again if it was never read.
    public func receive(_ raw: Data, mailbox: String, recipient: String? = nil, on db: any Database, now: Date = Date()) async throws
        -> MailIntakeOutcome {
        let hash = try await blobs.put(raw, on: db)
        if let existing = try await MailMessageModel.query(on: db).filter(\.$direction == MailDirection.inbound.rawValue)
            .filter(\.$rawSHA256 == hash).first() {
            if existing.stateValue == .received { return try await safely(existing, raw: raw, recipient: recipient, on: db, now: now) }
            return outcome(existing, on: db)
        }
        let message = MailMessageModel(direction: .inbound, state: .received, at: now)
        message.mailbox = String(mailbox.prefix(100))
        message.rawSHA256 = hash
        message.size = Int64(raw.count)
        message.verp = String((recipient ?? "").prefix(254))
        try await message.create(on: db)
        return try await safely(message, raw: raw, recipient: recipient, on: db, now: now)
    }

    /// Reads a stored message; an unexpected failure quarantines it (so that the MTA
    /// does not retry a message that is already safe), unless even that fails.
    /// `raw` is the message when the caller holds it; otherwise it is read from the blob.
    func safely(_ m: MailMessageModel, raw: Data? = nil, recipient: String?, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        do {
            return try await process(m, raw: raw, recipient: recipient, on: db, now: now)
        } catch {
            return try await quarantine(m, "mail.error.internal", String(describing: error), on: db, now: now)
        }
    }

    /// Reads a stored message again (staff replay it from the quarantine after a fix).
    public func replay(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws -> MailIntakeOutcome {
        try actor.require(.sendMail)
        guard let message = try await MailMessageModel.find(id, on: db), message.directionValue == .inbound else { throw ServiceError.notFound }
        guard message.stateValue.canReplay else { throw ServiceError.conflict("mail.error.not_quarantined") }
        try await AuditLog.record(db, actor: actor, action: "mail.replay", entity: "mail", entityID: id.uuidString,
                                  detail: ["reason": message.reason], at: now)
        return try await safely(message, recipient: message.verp.isEmpty ? nil : message.verp, on: db, now: now)
    }

    func outcome(_ m: MailMessageModel, incident: String? = nil, report: String? = nil, on db: any Database) -> MailIntakeOutcome {
        MailIntakeOutcome(messageID: m.id!, state: m.stateValue, reason: m.reason, incidentNumber: incident, reportNumber: report)
    }

    func quarantine(_ m: MailMessageModel, _ key: String, _ detail: String, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        m.state = MailState.quarantined.rawValue
        m.reason = key
        m.detail = String(detail.prefix(2000))
        m.updatedAt = now
        try await db.transaction { db in
            try await m.save(on: db)
            try await AuditLog.record(db, actor: Self.actor, action: "mail.quarantine", entity: "mail", entityID: m.id!.uuidString,
                                      detail: ["reason": key, "mailbox": m.mailbox], at: now)
        }
        return outcome(m, on: db)
    }

    /// Reads the message and files it.
    func process(_ m: MailMessageModel, raw given: Data?, recipient: String?, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        guard let raw = given ?? blobs.get(m.rawSHA256) else {
            return try await quarantine(m, "mail.error.raw_missing", "blob \(m.rawSHA256) is missing", on: db, now: now)
        }
        if raw.count > config.maxMessageBytes {
            return try await quarantine(m, "mail.error.too_large", "\(raw.count) bytes, limit \(config.maxMessageBytes)", on: db, now: now)
        }
        let outer: MailMessage
        do { outer = try MailParser.parse(Array(raw)) } catch {
            return try await quarantine(m, error.key, error.detail, on: db, now: now)
        }
        m.messageID = String((outer.messageID ?? "").prefix(500))
        m.inReplyTo = String((outer.inReplyTo.first ?? "").prefix(500))
        m.references = String(outer.references.joined(separator: " ").prefix(4000))
        m.subject = String(outer.subject.prefix(1000))
        m.fromAddress = String((outer.from.first?.address ?? "").prefix(254))
        m.toAddresses = String((outer.to + outer.cc).map(\.address).joined(separator: ", ").prefix(2000))

        // OpenPGP: decrypt, then check the signature (inside or around).
        var content = outer
        var signature = SignatureCheck(state: .none, signer: "")
        do {
            if let decrypted = try await decrypt(outer, m: m, on: db) {
                content = decrypted.message
                signature = decrypted.signature
                m.encrypted = true
            }
            let check = try await verify(content)
            if check.state != .none { signature = check }
            // Only what the signature covers is read: parts beside it are ignored.
            if content.root.contentType.mimeType == "multipart/signed", let signed = content.root.children.first {
                content = try MailParser.parse(signed.rawBytes.isEmpty ? Array("\r\n".utf8) : signed.rawBytes)
            }
        } catch let failure as GnuPG.Failure {
            return try await quarantine(m, failure.key == "pgp.undecryptable" ? "mail.error.undecryptable" : "mail.error.pgp", failure.detail, on: db, now: now)
        } catch let error as MailParseError {
            return try await quarantine(m, error.key, error.detail, on: db, now: now)
        }
        m.signature = signature.state.rawValue
        m.signer = signature.signer
        if signature.state == .bad {
            return try await quarantine(m, "mail.error.bad_signature", "signature by \(signature.signer) does not verify", on: db, now: now)
        }
        let text: String
        do { text = try content.textBody() } catch {
            return try await quarantine(m, error.key, error.detail, on: db, now: now)
        }
        m.bodyText = String(Self.stripInlineArmor(text).prefix(1_000_000))

        // A bounce of something we sent.
        if let dsn = DeliveryStatusReport.parse(outer) {
            return try await bounce(m, dsn, outer: outer, recipient: recipient, on: db, now: now)
        }
        // An answer to an incident, or to a report's acknowledgement.
        if let thread = try await findThread(outer, on: db) {
            return try await thread_(m, content: content, to: thread, on: db, now: now)
        }
        // A new report.
        return try await newReport(m, outer: outer, content: content, raw: raw, on: db, now: now)
    }

    // MARK: - OpenPGP

    /// PGP/MIME (`multipart/encrypted`) or an inline `BEGIN PGP MESSAGE` body, decrypted
    /// with the team key; the decrypted content is kept beside the encrypted original.
    func decrypt(_ outer: MailMessage, m: MailMessageModel, on db: any Database) async throws -> (message: MailMessage, signature: SignatureCheck)? {
        let root = outer.root
        var armored: [UInt8]? = nil
        var inline = false
        if root.contentType.mimeType == "multipart/encrypted" {
            guard root.children.count >= 2 else { throw MailParseError(key: "mail.error.bad_pgp_mime", detail: "multipart/encrypted without two parts") }
            armored = root.children[1].body
        } else if root.children.isEmpty, root.contentType.type == "text",
                  let text = try? root.text(), text.contains("-----BEGIN PGP MESSAGE-----") {
            armored = Array(text.utf8)
            inline = true
        }
        guard let armored else { return nil }
        let result = try await gnupg.decrypt(Data(armored), maxOutput: config.maxMessageBytes)
        if result.plaintext.count >= config.maxMessageBytes {
            throw MailParseError(key: "mail.error.too_large", detail: "decrypted content over \(config.maxMessageBytes) bytes")
        }
        m.decryptedSHA256 = try await blobs.put(result.plaintext, on: db)
        if inline {
            // The decrypted text replaces the body; the headers stay the outer ones.
            let headers = outer.headers.fields.filter { !["content-type", "content-transfer-encoding"].contains($0.name.lowercased()) }
            var rebuilt = headers.map { "\($0.name): \($0.value)" }.joined(separator: "\r\n")
            rebuilt += "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            return (try MailParser.parse(Array(rebuilt.utf8) + Array(result.plaintext)), result.signature)
        }
        // PGP/MIME: the plaintext is a MIME entity (headers and body).
        return (try MailParser.parse(Array(result.plaintext)), result.signature)
    }

    /// A PGP/MIME `multipart/signed` root, or an inline cleartext signature.
    func verify(_ message: MailMessage) async throws -> SignatureCheck {
        let root = message.root
        if root.contentType.mimeType == "multipart/signed" {
            guard root.children.count == 2 else { throw MailParseError(key: "mail.error.bad_pgp_mime", detail: "multipart/signed without exactly two parts") }
            let signed = Self.crlf(root.children[0].rawBytes)
            let signature = String(decoding: root.children[1].body, as: UTF8.self)
            return try await gnupg.check(Data(signed), signature: signature)
        }
        if root.children.isEmpty, root.contentType.type == "text", let text = try? root.text(),
           text.contains("-----BEGIN PGP SIGNED MESSAGE-----") {
            return try await gnupg.check(Data(text.utf8), signature: nil)
        }
        return SignatureCheck(state: .none, signer: "")
    }

    /// Bytes with every line ending made CRLF (RFC 3156 §5: signatures are over the
    /// canonical form).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 40)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 10 && previous != 13 { out.append(13) }
            out.append(b)
            previous = b
        }
        return out
    }

    /// The readable text of a cleartext-signed body, without the armour lines.
    static func stripInlineArmor(_ text: String) -> String {
        guard text.contains("-----BEGIN PGP SIGNED MESSAGE-----") else { return text }
        // Only the signed block: text around it is not covered by the signature.
        var out: [Substring] = []
        var inHeader = false, inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l == "-----BEGIN PGP SIGNED MESSAGE-----" { inHeader = true; continue }
            if inHeader { if l.isEmpty { inHeader = false; inBlock = true }; continue }
            if l == "-----BEGIN PGP SIGNATURE-----" { if inBlock { break }; continue }
            if inBlock { out.append(line.hasPrefix("- ") ? line.dropFirst(2) : line) }
        }
        return out.joined(separator: "\n")
    }

    // MARK: - Bounces

    func bounce(_ m: MailMessageModel, _ dsn: DeliveryStatusReport, outer: MailMessage, recipient: String?, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        m.kind = "bounce"
        // VERP first: the address the bounce was sent to names our message.
        var candidates: [String] = []
        if let recipient { candidates.append(recipient) }
        // Headers the receiving MTA writes; `To` is the sender's to choose and is not trusted.
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] { candidates += outer.headers.all(name) }
        var original: MailMessageModel? = nil
        for candidate in candidates {
            for address in [candidate] + MailAddress.parseList(candidate).map(\.address) {
                if let token = VERP.decode(address, bounceAddress: config.bounceAddress),
                   let found = try await MailMessageModel.query(on: db).filter(\.$verp == token)
                    .filter(\.$direction == MailDirection.outbound.rawValue).first() {
                    original = found
                    break
                }
            }
            if original != nil { break }
        }
        if original == nil, let returned = dsn.originalMessageID, !returned.isEmpty {
            original = try await MailMessageModel.query(on: db).filter(\.$messageID == returned)
                .filter(\.$direction == MailDirection.outbound.rawValue).first()
        }
        m.state = MailState.bounce.rawValue
        m.updatedAt = now
        // Only a message that left can bounce; one still queued or held is not touched.
        if let o = original, ![.sent, .sending, .bounced].contains(o.stateValue) { original = nil }
        guard let original, dsn.isFailure else {
            m.reason = original == nil ? "mail.bounce.unmatched" : "mail.bounce.not_failure"
            try await m.save(on: db)
            return outcome(m, on: db)
        }
        let failedRecipient = dsn.recipients.first { $0.action.lowercased() == "failed" }
        let detail = [failedRecipient?.status ?? "", failedRecipient?.diagnosticCode ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        m.incidentID = original.incidentID
        m.reportID = original.reportID
        m.inReplyTo = original.messageID
        try await db.transaction { db in
            try await m.save(on: db)
            original.state = MailState.bounced.rawValue
            original.reason = "mail.error.bounced"
            original.detail = String(detail.prefix(2000))
            original.updatedAt = now
            try await original.save(on: db)
            if let contactID = original.contactID, let contact = try await ContactModel.find(contactID, on: db) {
                contact.bounceCount = (contact.bounceCount ?? 0) + 1
                contact.lastBounceAt = now
                try await contact.save(on: db)
            }
            if let incidentID = original.incidentID {
                try await TimelineEntryModel(
                    incidentID: incidentID, at: now, kind: .mail, actorID: nil, body: detail,
                    data: ["direction": "out", "message": original.id!.uuidString, "to": original.toAddresses,
                           "subject": original.subject, "state": MailState.bounced.rawValue, "event": "bounce"]).create(on: db)
            }
            try await AuditLog.record(db, actor: Self.actor, action: "mail.bounce", entity: "mail", entityID: original.id!.uuidString,
                                      detail: ["to": original.toAddresses, "status": failedRecipient?.status ?? ""], at: now)
        }
        return outcome(m, on: db)
    }

    // MARK: - Threading

    enum Thread {
        case incident(IncidentModel)
        case report(ReportModel)
    }

    /// The incident (or report) a message belongs to: by the tag in its subject, or by
    /// the messages it answers.
    func findThread(_ message: MailMessage, on db: any Database) async throws -> Thread? {
        if let tag = MailTag.find(in: message.subject, prefix: config.trackingPrefix) {
            if let incident = try await IncidentModel.query(on: db).filter(\.$number == tag).first() {
                return .incident(try await Self.surviving(incident, on: db))
            }
            if let report = try await ReportModel.query(on: db).filter(\.$number == tag).first() {
                if let id = report.incidentID, let incident = try await IncidentModel.find(id, on: db) {
                    return .incident(try await Self.surviving(incident, on: db))
                }
                return .report(report)
            }
        }
        let ids = (message.inReplyTo + message.references.reversed()).filter { !$0.isEmpty }
        for id in ids.prefix(50) {
            // Only messages Qalxan sent: a received one's id is the sender's to choose.
            guard let sent = try await MailMessageModel.query(on: db).filter(\.$messageID == id)
                .filter(\.$direction == MailDirection.outbound.rawValue).first() else { continue }
            if let incidentID = sent.incidentID, let incident = try await IncidentModel.find(incidentID, on: db) {
                return .incident(try await Self.surviving(incident, on: db))
            }
            if let reportID = sent.reportID, let report = try await ReportModel.find(reportID, on: db) {
                if let id = report.incidentID, let incident = try await IncidentModel.find(id, on: db) {
                    return .incident(try await Self.surviving(incident, on: db))
                }
                return .report(report)
            }
        }
        return nil
    }

    /// A merged incident's correspondence goes to the incident it was merged into.
    static func surviving(_ incident: IncidentModel, on db: any Database) async throws -> IncidentModel {
        var current = incident
        var hops = 0
        while let next = current.mergedIntoID, hops < 10, let target = try await IncidentModel.find(next, on: db) {
            current = target
            hops += 1
        }
        return current
    }

    func thread_(_ m: MailMessageModel, content: MailMessage, to thread: Thread, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        m.kind = "reply"
        m.state = MailState.threaded.rawValue
        m.reason = ""
        m.detail = ""
        m.updatedAt = now
        var stored: [(MailPart, String)] = []
        for part in content.attachments.prefix(intake.limits.maxFiles) {
            stored.append((part, try await blobs.put(Data(part.body), on: db)))
        }
        let files = stored
        var incidentNumber: String? = nil, reportNumber: String? = nil
        switch thread {
        case .incident(let incident):
            m.incidentID = incident.id
            incidentNumber = incident.number
        case .report(let report):
            m.reportID = report.id
            reportNumber = report.number
        }
        let from = m.fromAddress
        let (incidentTag, reportTag) = (incidentNumber, reportNumber)
        try await db.transaction { db in
            try await m.save(on: db)
            for (part, hash) in files {
                try await EvidenceModel(
                    reportID: m.reportID, incidentID: m.incidentID, fileName: TextInput.fileName(part.fileName ?? "attachment"),
                    contentType: IntakeService.contentType(part.contentType.mimeType), size: part.body.count, sha256: hash,
                    addedAt: now, addedByID: nil).create(on: db)
            }
            if let incidentID = m.incidentID {
                try await TimelineEntryModel(
                    incidentID: incidentID, at: now, kind: .mail, actorID: nil, body: m.bodyText,
                    data: ["direction": "in", "message": m.id!.uuidString, "from": from, "subject": m.subject,
                           "signature": m.signature, "encrypted": m.encrypted ? "yes" : "no",
                           "files": String(files.count)]).create(on: db)
            }
            // A mailbox that answers works: its run of bounces ends.
            if !from.isEmpty {
                let contacts = try await ContactModel.query(on: db).filter(\.$email == from).all()
                for contact in contacts where (contact.bounceCount ?? 0) > 0 {
                    contact.bounceCount = 0
                    try await contact.save(on: db)
                }
            }
            try await AuditLog.record(db, actor: Self.actor, action: "mail.thread", entity: "mail", entityID: m.id!.uuidString,
                                      detail: ["incident": incidentTag ?? "", "report": reportTag ?? "", "from": from], at: now)
        }
        return outcome(m, incident: incidentNumber, report: reportNumber, on: db)
    }

    // MARK: - New reports

    func newReport(_ m: MailMessageModel, outer: MailMessage, content: MailMessage, raw: Data, on db: any Database, now: Date) async throws -> MailIntakeOutcome {
        let sender = outer.replyTo.first ?? outer.from.first
        var submission = ReportSubmission()
        submission.reporterName = String((sender?.name ?? "").prefix(ReportSubmission.Limit.name))
        let email = sender?.address ?? ""
        submission.reporterEmail = TextInput.isEmail(email) ? email : ""
        submission.language = Self.language(of: content, text: m.bodyText)
        var affected: [String] = []
        var description = m.bodyText
        m.kind = "message"
        if let xarf = XARFReport.parse(content) {
            m.kind = "xarf"
            let rsit = xarf.rsit
            submission.category = "\(rsit.classification)/\(rsit.type)"
            affected = [xarf.sourceIP].compactMap { $0 }
            description = "X-ARF: \(xarf.reportClass) / \(xarf.reportType)\n"
                + xarf.raw.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
                + "\n\n" + m.bodyText
        } else if let arf = ARFReport.parse(content) {
            m.kind = "arf"
            submission.category = "abusive-content/spam"
            affected = [arf.sourceIP].compactMap { $0 } + arf.reportedDomains + arf.reportedURIs
            description = "ARF: \(arf.feedbackType)\n"
                + arf.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n\n" + arf.humanText
        }
        if Classification(path: submission.category)?.type == nil { submission.category = "unknown" }
        let subject = m.subject.isEmpty ? "" : "\(m.subject)\n\n"
        submission.description = String((subject + description).trimmingCharacters(in: .whitespacesAndNewlines).prefix(ReportSubmission.Limit.description))
        // A message with neither text nor subject still becomes a report: the raw is what counts.
        if submission.description.isEmpty { submission.description = "—" }
        submission.affectedSystems = affected.prefix(ReportSubmission.Limit.affectedItems).joined(separator: "\n")
        let uploads = content.attachments.map { Upload(fileName: $0.fileName ?? "attachment", contentType: $0.contentType.mimeType, data: Data($0.body)) }
        let receipt: IntakeReceipt
        do {
            receipt = try await intake.submit(submission, uploads: uploads, channel: .email, actor: Self.actor, raw: raw, on: db, now: now)
        } catch ServiceError.invalid(let fields) {
            let detail = fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            return try await quarantine(m, "mail.error.not_a_report", detail, on: db, now: now)
        }
        m.state = MailState.report.rawValue
        m.reportID = receipt.reportID
        m.reason = ""
        m.detail = ""
        m.updatedAt = now
        try await m.save(on: db)
        let automatic = MailPolicy.isAutomatic(
            autoSubmitted: outer.headers["Auto-Submitted"], precedence: outer.headers["Precedence"],
            listID: outer.headers["List-Id"], from: email)
        if let outbox, !submission.reporterEmail.isEmpty, !automatic, email != config.teamAddress {
            // The report is stored: a failure to queue its acknowledgement must not make
            // the MTA deliver the message again.
            try? await acknowledge(outbox: outbox, receipt: receipt, to: submission.reporterEmail, name: submission.reporterName,
                                   language: submission.language, category: submission.category, replyTo: m.messageID, on: db, now: now)
        }
        return outcome(m, report: receipt.number, on: db)
    }

    /// Sends the reporter their tracking number and status link.
    public func acknowledge(outbox: MailOutbox, receipt: IntakeReceipt, to address: String, name: String, language: Language,
                            category: String, replyTo: String? = nil, on db: any Database, now: Date = Date()) async throws {
        let path = "/\(language.rawValue)/status/\(receipt.number)?key=\(receipt.statusSecret)"
        let request = MailRequest(
            kind: .reportReceived,
            recipient: MailRecipient(name: name, address: address, language: language),
            values: ["received_at": Localizer(language).dateTime(now), "status_url": config.publicURL + path,
                     "category": Localizer(language).categoryLabel(category)],
            tlp: .green, number: receipt.number, reportID: receipt.reportID,
            inReplyTo: replyTo.flatMap { $0.isEmpty ? nil : $0 })
        try await outbox.enqueue(request, actor: Self.actor, on: db, now: now)
    }

    /// The language of a message: its Content-Language, else Azerbaijani when the text
    /// has letters only Azerbaijani uses, else English.
    static func language(of message: MailMessage, text: String) -> Language {
        if let declared = message.headers["Content-Language"]?.lowercased() {
            if declared.hasPrefix("az") { return .az }
            if declared.hasPrefix("en") { return .en }
        }
        return text.contains(where: { "əƏ".contains($0) }) ? .az : .en
    }
}
