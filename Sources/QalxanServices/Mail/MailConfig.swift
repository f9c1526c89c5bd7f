import Foundation
import QalxanCore

/// How the team's mail is addressed and limited.
public struct MailConfig: Sendable {
    /// The team's name as it signs its messages.
    public var teamName: String
    /// The address messages come from and replies go to.
    public var teamAddress: String
    /// The return address of outgoing mail; each message gets its own
    /// `local+token@domain` form of it (VERP), so a bounce names the message.
    public var bounceAddress: String
    /// Prefix of tracking numbers, found in subjects (`[QX-2026-00042]`).
    public var trackingPrefix: String
    /// The base of links put in messages (the reporter's status link).
    public var publicURL: String
    /// Largest message the gateway reads; a larger one is kept raw and quarantined.
    public var maxMessageBytes: Int

    public init(teamName: String, teamAddress: String, bounceAddress: String? = nil, trackingPrefix: String,
                publicURL: String, maxMessageBytes: Int = 50 * 1024 * 1024) {
        self.teamName = teamName
        self.teamAddress = teamAddress.lowercased()
        self.bounceAddress = (bounceAddress ?? teamAddress).lowercased()
        self.trackingPrefix = trackingPrefix
        self.publicURL = publicURL
        self.maxMessageBytes = maxMessageBytes
    }

    /// The domain of the team address, for Message-IDs.
    public var domain: String {
        teamAddress.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}

/// One person a message goes to, with what decides how it is sent.
public struct MailRecipient: Sendable, Equatable {
    public var name: String
    public var address: String
    public var language: Language
    /// ASCII-armoured OpenPGP public key; empty when none.
    public var key: String
    /// The organisation asked never to be written to in clear.
    public var requiresEncryption: Bool
    /// The most restricted TLP label the recipient may receive; nil when no limit is known.
    public var maxTLP: TLP?
    public var contactID: UUID?
    public var organisationID: UUID?

    public init(name: String, address: String, language: Language, key: String = "", requiresEncryption: Bool = false,
                maxTLP: TLP? = nil, contactID: UUID? = nil, organisationID: UUID? = nil) {
        self.name = name
        self.address = address.lowercased()
        self.language = language
        self.key = key
        self.requiresEncryption = requiresEncryption
        self.maxTLP = maxTLP
        self.contactID = contactID
        self.organisationID = organisationID
    }
}

/// A file sent with a message.
public struct MailAttachment: Sendable {
    public let fileName: String
    public let contentType: String
    public let data: [UInt8]

    public init(fileName: String, contentType: String, data: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }
}

/// A message to compose from a template and queue.
public struct MailRequest: Sendable {
    public var kind: MailKind
    public var recipient: MailRecipient
    /// Placeholder values; `team`, `team_email`, `number`, `tlp` and `recipient` are
    /// filled in by the outbox.
    public var values: [String: String]
    public var tlp: TLP
    /// The tracking number put in the subject.
    public var number: String?
    public var incidentID: UUID?
    public var reportID: UUID?
    public var attachments: [MailAttachment]
    /// Message-ids this one answers (threading).
    public var inReplyTo: String?
    public var references: [String]

    public init(kind: MailKind, recipient: MailRecipient, values: [String: String] = [:], tlp: TLP, number: String? = nil,
                incidentID: UUID? = nil, reportID: UUID? = nil, attachments: [MailAttachment] = [],
                inReplyTo: String? = nil, references: [String] = []) {
        self.kind = kind
        self.recipient = recipient
        self.values = values
        self.tlp = tlp
        self.number = number
        self.incidentID = incidentID
        self.reportID = reportID
        self.attachments = attachments
        self.inReplyTo = inReplyTo
        self.references = references
    }
}
