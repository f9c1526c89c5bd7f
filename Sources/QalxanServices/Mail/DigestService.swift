import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage
import SQLKit

/// Per-organisation digests of feed events: one message per organisation and contact
/// with a summary table and a CSV file of its events since the last digest, sent
/// immediately, daily or weekly as the organisation prefers. TLP:RED events never go
/// out in a digest, nor events above what the organisation may receive.
public struct DigestService: Sendable {
    public let outbox: MailOutbox

    public init(outbox: MailOutbox) {
        self.outbox = outbox
    }

    /// Most events one digest carries; the rest wait for the next one.
    public static let maxEvents = 100_000

    /// What one run did.
    public struct Run: Sendable {
        public var organisations = 0
        public var messages = 0
        public var events = 0
        public var held = 0
    }

    /// Whether `org` is due at `now`.
    static func isDue(_ org: OrganisationModel, now: Date) -> Bool {
        let last = org.digestSentAt ?? .distantPast
        switch org.notificationValue {
        case .never: return false
        case .immediate: return true
        // Five minutes of slack, so that a run at the same hour every day is not skipped.
        case .daily: return now.timeIntervalSince(last) >= 86_400 - 300
        case .weekly: return now.timeIntervalSince(last) >= 7 * 86_400 - 300
        }
    }

    /// The setting that remembers how far the scan of new events got.
    static let scannedKey = "mail.digest.scanned_event_id"
    /// How far back each scan looks again: on PostgreSQL an event may become visible
    /// after one with a higher id (transactions commit out of order).
    static let rescanOverlap: Int64 = 100_000

    /// Sends the digests that are due. Each run reads only the events stored since the
    /// last one (a range of the primary key) and marks their organisations as having
    /// something to send; the organisations table then says who is due.
    public func run(actor: Actor, on db: any Database, now: Date = Date()) async throws -> Run {
        guard let sql = db as? any SQLDatabase else { return Run() }
        let top = try await sql.raw("SELECT MAX(id) AS top FROM events").first()?.decode(column: "top", as: Int64?.self) ?? 0
        let setting = try await SettingModel.query(on: db).filter(\.$key == Self.scannedKey).first()
        let scanned = setting.flatMap { Int64($0.value) } ?? 0
        let rows = try await sql.raw("""
            SELECT organisation_id AS id, MAX(id) AS newest FROM events
            WHERE id > \(bind: max(0, scanned - Self.rescanOverlap)) AND id <= \(bind: top) AND organisation_id IS NOT NULL
            GROUP BY organisation_id
            """).all()
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self), newest = try row.decode(column: "newest", as: Int64.self)
            try await sql.raw("""
                UPDATE organisations SET digest_pending_id = \(bind: newest)
                WHERE id = \(bind: id) AND COALESCE(digest_pending_id, 0) < \(bind: newest)
                """).run()
        }
        let mark = setting ?? SettingModel(key: Self.scannedKey, value: "0")
        mark.value = String(top)
        mark.updatedAt = now
        try await mark.save(on: db)

        let pending = try await sql.raw("""
            SELECT id FROM organisations
            WHERE COALESCE(digest_pending_id, 0) > COALESCE(digest_event_id, 0) AND notification <> 'never'
            """).all()
        var run = Run()
        for row in pending {
            guard let id = try? row.decode(column: "id", as: UUID.self),
                  let org = try await OrganisationModel.find(id, on: db), Self.isDue(org, now: now) else { continue }
            // One organisation's failure does not stop the others.
            guard let made = try? await send(org, actor: actor, on: db, now: now) else { continue }
            if made.messages > 0 || made.events > 0 { run.organisations += 1 }
            run.messages += made.messages
            run.events += made.events
            run.held += made.held
        }
        return run
    }

    /// The events of `org` a digest may carry, after its watermark.
    public static func events(for org: OrganisationModel, upTo newest: Int64, on db: any Database, limit: Int = maxEvents) async throws -> [DigestEvent] {
        let allowed = TLP.allCases.filter { $0 != .red && $0.rank <= org.maxTLPValue.rank }.map(\.rawValue)
        let models = try await EventModel.query(on: db).filter(\.$organisationID == org.id)
            .filter(\.$id > (org.digestEventID ?? 0)).filter(\.$id <= newest).filter(\.$tlp ~~ allowed)
            .sort(\.$id).limit(limit).all()
        return models.map(Self.digestEvent)
    }

    static func digestEvent(_ e: EventModel) -> DigestEvent {
        DigestEvent(
            id: e.id ?? 0, time: e.timeSource ?? e.timeObservation, feed: e.feedName,
            type: e.classificationType ?? "unknown", identifier: e.classificationIdentifier ?? "", ip: e.sourceIP ?? "",
            port: e.sourcePort, asn: e.sourceASN, fqdn: e.sourceFQDN ?? "", url: e.sourceURL ?? "",
            malware: e.malwareName ?? "", tlp: TLP(rawValue: e.tlp) ?? .amber)
    }

    /// The contacts a digest goes to: abuse contacts, else the primary one, else any.
    static func recipients(_ contacts: [ContactModel]) -> [ContactModel] {
        let abuse = contacts.filter { $0.roleValue == .abuse }
        if !abuse.isEmpty { return abuse }
        let primary = contacts.filter(\.isPrimary)
        return primary.isEmpty ? Array(contacts.prefix(1)) : primary
    }

    /// Sends `org` its digest now; moves its watermark past the events sent.
    public func send(_ org: OrganisationModel, actor: Actor, on db: any Database, now: Date = Date()) async throws -> Run {
        var run = Run()
        // Up to the newest event the scan saw (RED ones are skipped for good); events
        // stored since wait for the next digest.
        let newest = max(org.digestPendingID ?? 0, org.digestEventID ?? 0)
        let events = try await Self.events(for: org, upTo: newest, on: db)
        let watermark = events.count >= Self.maxEvents ? (events.last?.id ?? newest) : newest
        let contacts = Self.recipients(try await ContactModel.query(on: db).filter(\.$organisationID == org.id!).all())
        // Without a contact the events wait: the organisation list shows it has none.
        if contacts.isEmpty { return run }
        if !events.isEmpty {
            let digest = EventDigest(events: events)
            let since = org.digestSentAt ?? Date(timeIntervalSince1970: Double(events.map(\.time).min() ?? 0))
            let csv = Array(digest.csv().utf8)
            for contact in contacts {
                let language = Self.language(contact: contact, org: org)
                let l = Localizer(language)
                let header = ["digest.type", "digest.events", "digest.addresses", "digest.first", "digest.last"].map { l.t($0) }
                let request = MailRequest(
                    kind: .digest,
                    recipient: MailRecipient(
                        name: contact.name, address: contact.email, language: language,
                        key: contact.usableKey(now: now), requiresEncryption: org.encryptedMail,
                        maxTLP: org.maxTLPValue, contactID: contact.id, organisationID: org.id),
                    values: [
                        "organisation": language == .az ? org.nameAz : org.nameEn,
                        "period": "\(DateText.day(since)) – \(DateText.day(now))",
                        "event_count": String(events.count),
                        "summary_table": digest.table(header: header),
                    ],
                    tlp: digest.tlp,
                    attachments: [MailAttachment(fileName: "events-\(DateText.day(now)).csv", contentType: "text/csv", data: csv)])
                // A contact that cannot be written to (a bad address) does not stop the others.
                guard let message = try? await outbox.enqueue(request, actor: actor, on: db, now: now) else { continue }
                run.messages += 1
                if message.stateValue == .held { run.held += 1 }
            }
            run.events = events.count
        }
        org.digestEventID = watermark
        org.digestSentAt = now
        try await org.save(on: db)
        return run
    }

    static func language(contact: ContactModel, org: OrganisationModel) -> Language {
        for code in contact.languageList + org.languageList {
            if let l = Language(rawValue: code) { return l }
        }
        return .fallback
    }
}
