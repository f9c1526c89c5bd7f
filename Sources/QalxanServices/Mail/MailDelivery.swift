import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Why a transport could not hand a message over.
public struct MailTransportError: Error, Sendable {
    /// A permanent refusal (5xx): retrying will not help.
    public let permanent: Bool
    /// Catalog key of the reason.
    public let key: String
    /// The server's or program's own words, for staff.
    public let detail: String

    public init(permanent: Bool, key: String, detail: String) {
        self.permanent = permanent
        self.key = key
        self.detail = detail
    }
}

/// Hands a rendered message to the next mail server (SMTP) or program (sendmail).
public protocol MailTransport: Sendable {
    /// Sends `message` from the envelope sender `from` to `to`; returns the server's answer.
    func send(from: String, to: [String], message: [UInt8]) async throws(MailTransportError) -> String
}

/// Sends queued messages that are due, one attempt each, and records the outcome:
/// `sent`, back to `queued` with a later attempt (temporary failure, with back-off), or
/// `failed` (permanent refusal, or too many attempts).
public struct MailDelivery: Sendable {
    public let config: MailConfig
    public let blobs: BlobStore

    public init(config: MailConfig, blobs: BlobStore) {
        self.config = config
        self.blobs = blobs
    }

    /// A message left `sending` this long (the process died mid-send) is queued again.
    public static let stuckAfter: TimeInterval = 60 * 60

    /// Delivers up to `limit` due messages; returns how many were sent and failed.
    @discardableResult
    public func deliverDue(transport: any MailTransport, on db: any Database, now: Date = Date(), limit: Int = 50) async throws
        -> (sent: Int, retried: Int, failed: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0, 0) }
        // Messages whose sender died while sending.
        try await MailMessageModel.query(on: db)
            .filter(\.$direction == MailDirection.outbound.rawValue).filter(\.$state == MailState.sending.rawValue)
            .filter(\.$updatedAt < Date().addingTimeInterval(-Self.stuckAfter))
            .set(\.$state, to: MailState.queued.rawValue).update()
        let due = try await MailMessageModel.query(on: db)
            .filter(\.$direction == MailDirection.outbound.rawValue).filter(\.$state == MailState.queued.rawValue)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
        var sent = 0, retried = 0, failed = 0
        for message in due {
            guard let id = message.id else { continue }
            // Claim it: only one sender moves a message from queued to sending.
            let claimed = try await sql.raw("""
                UPDATE mail_messages SET state = \(bind: MailState.sending.rawValue), attempts = attempts + 1, updated_at = \(bind: Date())
                WHERE id = \(bind: id) AND state = \(bind: MailState.queued.rawValue) RETURNING attempts
                """).first()
            guard let attempts = try claimed?.decode(column: "attempts", as: Int.self) else { continue }
            let outcome: MailState
            var reason = "", detail = "", response = ""
            var next: Date? = nil
            if let raw = blobs.get(message.rawSHA256) {
                do {
                    response = try await transport.send(
                        from: VERP.encode(token: message.verp, bounceAddress: config.bounceAddress),
                        to: message.toAddresses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                        message: Array(raw))
                    outcome = .sent
                } catch {
                    reason = error.key
                    detail = error.detail
                    if error.permanent || attempts >= MailPolicy.maxAttempts {
                        outcome = .failed
                    } else {
                        outcome = .queued
                        next = now.addingTimeInterval(MailPolicy.backoff(afterAttempt: attempts))
                    }
                }
            } else {
                outcome = .failed
                reason = "mail.error.content_missing"
            }
            let finishedAt = Date()
            let (reasonKey, detailText, answer, nextAttempt) = (reason, detail, response, next)
            try await db.transaction { db in
                // Only the sender that claimed it records the outcome.
                guard let m = try await MailMessageModel.find(id, on: db), m.stateValue == .sending, m.attempts == attempts else { return }
                m.state = outcome.rawValue
                m.reason = reasonKey
                m.detail = String(detailText.prefix(2000))
                m.response = String(answer.prefix(500))
                m.nextAttemptAt = nextAttempt
                m.updatedAt = finishedAt
                if outcome == .sent { m.sentAt = finishedAt }
                try await m.save(on: db)
                if outcome != .queued, let incidentID = m.incidentID {
                    try await TimelineEntryModel(
                        incidentID: incidentID, at: finishedAt, kind: .mail, actorID: nil, body: "",
                        data: ["direction": "out", "message": id.uuidString, "to": m.toAddresses, "subject": m.subject,
                               "state": outcome.rawValue, "event": "delivery", "reason": reasonKey]).create(on: db)
                }
            }
            switch outcome {
            case .sent: sent += 1
            case .queued: retried += 1
            default: failed += 1
            }
        }
        return (sent, retried, failed)
    }
}
