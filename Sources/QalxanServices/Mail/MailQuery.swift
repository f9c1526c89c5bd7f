import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Reading the mail for the console.
public struct MailQuery: Sendable {
    public init() {}

    /// The messages of a view, newest first.
    public func list(view: String, actor: Actor, on db: any Database, limit: Int = 200) async throws -> [MailMessageModel] {
        try actor.require(.readMail)
        var q = MailMessageModel.query(on: db)
        switch view {
        case "quarantine": q = q.filter(\.$state == MailState.quarantined.rawValue)
        case "inbound": q = q.filter(\.$direction == MailDirection.inbound.rawValue)
        case "outbound": q = q.filter(\.$direction == MailDirection.outbound.rawValue)
        default:
            // What needs someone: quarantined, held, failed, bounced.
            q = q.filter(\.$state ~~ [MailState.quarantined, .held, .failed, .bounced].map(\.rawValue))
        }
        var rows = try await q.sort(\.$createdAt, .descending).limit(limit).all()
        if !actor.can(.viewRestricted) {
            let restricted = try await restrictedOwners(rows, on: db)
            rows = rows.filter { $0.tlp != TLP.red.rawValue && !restricted.contains($0.incidentID ?? UUID()) && !restricted.contains($0.reportID ?? UUID()) }
        }
        return rows
    }

    /// One message; TLP:RED ones only for those who may see restricted things.
    public func message(_ id: UUID, actor: Actor, on db: any Database) async throws -> MailMessageModel {
        try actor.require(.readMail)
        guard let m = try await MailMessageModel.find(id, on: db) else { throw ServiceError.notFound }
        if m.tlp == TLP.red.rawValue, !actor.can(.viewRestricted) { throw ServiceError.notFound }
        if !actor.can(.viewRestricted), !(try await restrictedOwners([m], on: db)).isEmpty { throw ServiceError.notFound }
        return m
    }

    /// The TLP:RED incidents and reports among those the messages belong to.
    func restrictedOwners(_ messages: [MailMessageModel], on db: any Database) async throws -> Set<UUID> {
        let incidentIDs = Array(Set(messages.compactMap(\.incidentID)))
        let reportIDs = Array(Set(messages.compactMap(\.reportID)))
        var out = Set<UUID>()
        if !incidentIDs.isEmpty {
            for i in try await IncidentModel.query(on: db).filter(\.$id ~~ incidentIDs).filter(\.$tlp == TLP.red.rawValue).all() { out.insert(i.id!) }
        }
        if !reportIDs.isEmpty {
            for r in try await ReportModel.query(on: db).filter(\.$id ~~ reportIDs).filter(\.$tlp == TLP.red.rawValue).all() { out.insert(r.id!) }
        }
        return out
    }

    /// Numbers of the incidents and reports the messages belong to.
    public func numbers(_ messages: [MailMessageModel], on db: any Database) async throws -> (incidents: [UUID: String], reports: [UUID: String]) {
        let incidentIDs = Array(Set(messages.compactMap(\.incidentID)))
        let reportIDs = Array(Set(messages.compactMap(\.reportID)))
        var incidents: [UUID: String] = [:], reports: [UUID: String] = [:]
        if !incidentIDs.isEmpty {
            for i in try await IncidentModel.query(on: db).filter(\.$id ~~ incidentIDs).all() { incidents[i.id!] = i.number }
        }
        if !reportIDs.isEmpty {
            for r in try await ReportModel.query(on: db).filter(\.$id ~~ reportIDs).all() { reports[r.id!] = r.number }
        }
        return (incidents, reports)
    }
}

/// Writing from an incident's page to its organisations' contacts and its reporters.
public struct MailCorrespondence: Sendable {
    public let outbox: MailOutbox

    public init(outbox: MailOutbox) { self.outbox = outbox }

    /// Someone the incident's page may write to.
    public struct Candidate: Sendable {
        public let value: String
        public let label: String
        /// The organisation's name in the recipient's language; empty for reporters.
        public let organisation: String
        public let recipient: MailRecipient
        public let notes: [String]
        public let usable: Bool
    }

    /// The contacts of the incident's organisations and the reporters of its reports.
    public func candidates(_ incident: IncidentModel, on db: any Database, now: Date = Date()) async throws -> [Candidate] {
        var out: [Candidate] = []
        let links = try await IncidentOrganisationModel.query(on: db).filter(\.$incidentID == incident.id!).all()
        let orgIDs = links.map(\.organisationID)
        let orgs = orgIDs.isEmpty ? [] : try await OrganisationModel.query(on: db).filter(\.$id ~~ orgIDs).all()
        let contacts = orgIDs.isEmpty ? [] : try await ContactModel.query(on: db).filter(\.$organisationID ~~ orgIDs).all()
        let tlp = incident.tlpValue
        for org in orgs.sorted(by: { $0.nameEn < $1.nameEn }) {
            for contact in contacts where contact.organisationID == org.id {
                let hasKey = contact.pgpState == "valid" && !contact.pgpKey.isEmpty
                    && (contact.pgpExpiresAt.map { $0 > now } ?? true)
                var notes: [String] = []
                var usable = true
                if hasKey { notes.append("mail.note.encrypted") } else if org.encryptedMail {
                    notes.append("mail.note.requires_encryption")
                    usable = false
                } else { notes.append("mail.note.clear") }
                if contact.isBouncing { notes.append("mail.note.bouncing") }
                if tlp.rank > org.maxTLPValue.rank {
                    notes.append("mail.note.tlp_too_high")
                    usable = false
                }
                let language = DigestService.language(contact: contact, org: org)
                let name = [contact.name, language == .az ? org.nameAz : org.nameEn].filter { !$0.isEmpty }.joined(separator: ", ")
                out.append(Candidate(
                    value: "contact:\(contact.id!.uuidString.lowercased())", label: name,
                    organisation: language == .az ? org.nameAz : org.nameEn,
                    recipient: MailRecipient(name: contact.name, address: contact.email, language: language,
                                             key: hasKey ? contact.pgpKey : "", requiresEncryption: org.encryptedMail,
                                             maxTLP: org.maxTLPValue, contactID: contact.id, organisationID: org.id),
                    notes: notes, usable: usable))
            }
        }
        let reports = try await ReportModel.query(on: db).filter(\.$incidentID == incident.id!).all()
        var seen = Set<String>()
        for report in reports where !report.reporterEmail.isEmpty && seen.insert(report.reporterEmail).inserted {
            // A reporter is an outsider: TLP:AMBER at most.
            let allowed = tlp.rank <= TLP.amber.rank
            out.append(Candidate(
                value: "report:\(report.id!.uuidString.lowercased())", label: report.reporterName.isEmpty ? report.number : "\(report.reporterName) (\(report.number))", organisation: report.reporterOrganisation,
                recipient: MailRecipient(name: report.reporterName, address: report.reporterEmail, language: Language(rawValue: report.language) ?? .fallback,
                                         maxTLP: .amber),
                notes: ["mail.note.reporter", "mail.note.clear"] + (allowed ? [] : ["mail.note.tlp_too_high"]), usable: allowed))
        }
        return out
    }

    /// Writes to the chosen candidates; returns the messages queued (or held).
    public func send(_ number: String, to values: [String], kind: MailKind, message: String, actor: Actor,
                     on db: any Database, now: Date = Date()) async throws -> [MailMessageModel] {
        try actor.require(.sendMail)
        let incident = try await IncidentQuery.find(number, actor: actor, on: db)
        let text = TextInput.clean(message)
        var errors: [String: String] = [:]
        if text.isEmpty { errors["message"] = "error.required" } else if text.count > 200_000 { errors["message"] = "error.too_long" }
        if !MailKind.handlerKinds.contains(kind) { errors["kind"] = "mail.error.kind" }
        let all = try await candidates(incident, on: db, now: now)
        let chosen = all.filter { values.contains($0.value) }
        if chosen.isEmpty { errors["to"] = "mail.error.no_recipient" }
        else if chosen.contains(where: { !$0.usable }) { errors["to"] = "mail.error.recipient_unusable" }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        // Threading: the latest message of this incident with the same person.
        var sent: [MailMessageModel] = []
        for candidate in chosen {
            let previous = try await MailMessageModel.query(on: db).filter(\.$incidentID == incident.id!)
                .group(.or) { $0.filter(\.$fromAddress == candidate.recipient.address).filter(\.$toAddresses == candidate.recipient.address) }
                .sort(\.$createdAt, .descending).first()
            let references = previous.map { p in p.references.split(separator: " ").map(String.init) + [p.messageID] } ?? []
            let classification = [incident.rsitClass, incident.rsitType].compactMap { $0 }.joined(separator: " / ")
            let request = MailRequest(
                kind: kind, recipient: candidate.recipient,
                values: ["title": incident.title, "classification": classification.isEmpty ? "—" : classification,
                         "status": incident.status, "message": text,
                         "organisation": candidate.organisation],
                tlp: incident.tlpValue, number: incident.number, incidentID: incident.id,
                inReplyTo: previous.map(\.messageID).flatMap { $0.isEmpty ? nil : $0 },
                references: references.filter { !$0.isEmpty }.suffix(20).map { $0 })
            sent.append(try await outbox.enqueue(request, actor: actor, on: db, now: now))
        }
        return sent
    }
}
