import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Reading the mail for the console.
public struct MailQuery: Sendable {
    public init() {}

    /// The incidents and reports messages belong to: their numbers, and which are TLP:RED.
    public struct Owners: Sendable {
        public var incidents: [UUID: String] = [:]
        public var reports: [UUID: String] = [:]
        var restricted = Set<UUID>()

        /// Whether someone without `viewRestricted` must not see `m`.
        func hides(_ m: MailMessageModel) -> Bool {
            m.tlp == TLP.red.rawValue || m.incidentID.map(restricted.contains) == true || m.reportID.map(restricted.contains) == true
        }
    }

    /// The messages of a view, newest first, with their owners (read once).
    public func list(view: String, actor: Actor, on db: any Database, limit: Int = 200) async throws
        -> (messages: [MailMessageModel], owners: Owners) {
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
        let owners = try await owners(rows, on: db)
        if !actor.can(.viewRestricted) { rows = rows.filter { !owners.hides($0) } }
        return (rows, owners)
    }

    /// One message with its owners; a TLP:RED one (or one of a TLP:RED incident or
    /// report) only for those who may see restricted things.
    public func message(_ id: UUID, actor: Actor, on db: any Database) async throws -> (message: MailMessageModel, owners: Owners) {
        try actor.require(.readMail)
        guard let m = try await MailMessageModel.find(id, on: db) else { throw ServiceError.notFound }
        let owners = try await owners([m], on: db)
        if !actor.can(.viewRestricted), owners.hides(m) { throw ServiceError.notFound }
        return (m, owners)
    }

    func owners(_ messages: [MailMessageModel], on db: any Database) async throws -> Owners {
        let incidentIDs = Array(Set(messages.compactMap(\.incidentID)))
        let reportIDs = Array(Set(messages.compactMap(\.reportID)))
        var owners = Owners()
        if !incidentIDs.isEmpty {
            for i in try await IncidentModel.query(on: db).filter(\.$id ~~ incidentIDs).all() {
                owners.incidents[i.id!] = i.number
                if i.tlpValue == .red { owners.restricted.insert(i.id!) }
            }
        }
        if !reportIDs.isEmpty {
            for r in try await ReportModel.query(on: db).filter(\.$id ~~ reportIDs).all() {
                owners.reports[r.id!] = r.number
                if r.tlp == TLP.red.rawValue { owners.restricted.insert(r.id!) }
            }
        }
        return owners
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
                let key = contact.usableKey(now: now)
                let hasKey = !key.isEmpty
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
                                             key: key, requiresEncryption: org.encryptedMail,
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
            // Values in the recipient's language, as the page would show them.
            let l = Localizer(candidate.recipient.language)
            let category = [incident.rsitClass, incident.rsitType].compactMap { $0 }.joined(separator: "/")
            let request = MailRequest(
                kind: kind, recipient: candidate.recipient,
                values: ["title": incident.title,
                         "classification": category.isEmpty ? l.t("category.unclassified") : l.categoryLabel(category),
                         "status": l.t((IncidentStatus(rawValue: incident.status) ?? .new).labelKey), "message": text,
                         "organisation": candidate.organisation],
                tlp: incident.tlpValue, number: incident.number, incidentID: incident.id,
                inReplyTo: previous.map(\.messageID).flatMap { $0.isEmpty ? nil : $0 },
                references: references.filter { !$0.isEmpty }.suffix(20).map { $0 })
            sent.append(try await outbox.enqueue(request, actor: actor, on: db, now: now))
        }
        return sent
    }
}
