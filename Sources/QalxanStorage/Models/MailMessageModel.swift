import FluentKit
import Foundation
import QalxanCore

/// One message received or sent. The raw bytes are a blob (`rawSHA256`): what came in,
/// exactly, or what went out, signed and encrypted.
public final class MailMessageModel: Model, @unchecked Sendable {
    public static let schema = "mail_messages"

    @ID(key: .id) public var id: UUID?
    /// `in` or `out`.
    @Field(key: "direction") public var direction: String
    @Field(key: "state") public var state: String
    /// Inbound: the gateway's mailbox name (`reports`, a partner's address, …).
    @Field(key: "mailbox") public var mailbox: String
    /// Outbound: the template kind; inbound: what the message turned out to be.
    @Field(key: "kind") public var kind: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "raw_sha256") public var rawSHA256: String
    @Field(key: "size") public var size: Int64
    /// The decrypted content of an encrypted inbound message.
    @OptionalField(key: "decrypted_sha256") public var decryptedSHA256: String?
    /// Without angle brackets.
    @Field(key: "message_id") public var messageID: String
    @Field(key: "in_reply_to") public var inReplyTo: String
    /// Message ids, space-separated.
    @Field(key: "references") public var references: String
    @Field(key: "subject") public var subject: String
    @Field(key: "from_address") public var fromAddress: String
    /// Comma-separated.
    @Field(key: "to_addresses") public var toAddresses: String
    /// The text a person reads: inbound, the body reduced to text; outbound, what was
    /// written before signing and encryption.
    @Field(key: "body_text") public var bodyText: String
    @OptionalField(key: "incident_id") public var incidentID: UUID?
    @OptionalField(key: "report_id") public var reportID: UUID?
    @OptionalField(key: "organisation_id") public var organisationID: UUID?
    @OptionalField(key: "contact_id") public var contactID: UUID?
    @Field(key: "language") public var language: String
    @Field(key: "tlp") public var tlp: String
    /// Catalog key of why it is quarantined, held or failed; empty otherwise.
    @Field(key: "reason") public var reason: String
    /// The technical detail for staff (never shown to the public).
    @Field(key: "detail") public var detail: String
    /// `none`, `valid`, `bad`, `unknown_key` or `error`.
    @Field(key: "signature") public var signature: String
    /// The signer's fingerprint.
    @Field(key: "signer") public var signer: String
    @Field(key: "encrypted") public var encrypted: Bool
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    /// The server's last answer (outbound).
    @Field(key: "response") public var response: String
    /// The token of the VERP return address (outbound).
    @Field(key: "verp") public var verp: String
    @OptionalField(key: "actor_id") public var actorID: UUID?

    public init() {}

    /// A row with every required field set to its empty value.
    public init(direction: MailDirection, state: MailState, at: Date) {
        id = UUID()
        self.direction = direction.rawValue
        self.state = state.rawValue
        mailbox = ""
        kind = ""
        createdAt = at
        updatedAt = at
        rawSHA256 = ""
        size = 0
        messageID = ""
        inReplyTo = ""
        references = ""
        subject = ""
        fromAddress = ""
        toAddresses = ""
        bodyText = ""
        language = "en"
        tlp = TLP.amber.rawValue
        reason = ""
        detail = ""
        signature = MailSignatureState.none.rawValue
        signer = ""
        encrypted = false
        attempts = 0
        response = ""
        verp = ""
    }

    public var directionValue: MailDirection { MailDirection(rawValue: direction) ?? .inbound }
    public var stateValue: MailState { MailState(rawValue: state) ?? .received }
    public var signatureValue: MailSignatureState { MailSignatureState(rawValue: signature) ?? .none }
}

/// What mail needs to know of a contact (kept here beside the mail code).
extension ContactModel {
    /// Whether this contact bounced often enough to be flagged on its organisation.
    public var isBouncing: Bool { (bounceCount ?? 0) >= MailPolicy.bounceFlagThreshold }

    /// The armoured key to encrypt to when it is usable at `now` (the same judgement the
    /// organisation page shows: valid and not expired); empty otherwise.
    public func usableKey(now: Date) -> String {
        ContactItem.pgpStatus(fingerprint: pgpFingerprint, state: pgpState, expiresAt: pgpExpiresAt, now: now) == "valid" ? pgpKey : ""
    }
}
