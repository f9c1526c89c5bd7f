import Foundation
import QalxanCore

/// One message in a list.
public struct MailListItem: Sendable, Equatable {
    public let id: UUID
    public let direction: MailDirection
    public let state: MailState
    public let at: Date
    public let from: String
    public let to: String
    public let subject: String
    /// Catalog key of why it is quarantined, held or failed; empty otherwise.
    public let reason: String
    public let signature: MailSignatureState
    public let encrypted: Bool
    public let incidentNumber: String?
    public let reportNumber: String?

    public init(id: UUID, direction: MailDirection, state: MailState, at: Date, from: String, to: String, subject: String,
                reason: String, signature: MailSignatureState, encrypted: Bool, incidentNumber: String? = nil, reportNumber: String? = nil) {
        self.id = id
        self.direction = direction
        self.state = state
        self.at = at
        self.from = from
        self.to = to
        self.subject = subject
        self.reason = reason
        self.signature = signature
        self.encrypted = encrypted
        self.incidentNumber = incidentNumber
        self.reportNumber = reportNumber
    }
}

/// The console's mail list: a view (quarantine, inbound, outbound) and its messages.
public struct MailListModel: Sendable {
    public enum View: String, Sendable, CaseIterable {
        case quarantine, inbound, outbound, attention
        public var labelKey: String { "mail.view.\(rawValue)" }
    }
    public let view: View
    public let items: [MailListItem]

    public init(view: View, items: [MailListItem]) {
        self.view = view
        self.items = items
    }
}

/// One message, in full.
public struct MailDetailModel: Sendable {
    public let item: MailListItem
    public let kind: String
    public let mailbox: String
    public let messageID: String
    public let inReplyTo: String
    public let body: String
    public let detail: String
    public let signer: String
    public let language: String
    public let tlp: TLP
    public let attempts: Int
    public let nextAttemptAt: Date?
    public let sentAt: Date?
    public let response: String
    public let size: Int64
    public let canReplay: Bool
    public let canRelease: Bool

    public init(item: MailListItem, kind: String, mailbox: String, messageID: String, inReplyTo: String, body: String, detail: String,
                signer: String, language: String, tlp: TLP, attempts: Int, nextAttemptAt: Date?, sentAt: Date?, response: String,
                size: Int64, canReplay: Bool, canRelease: Bool) {
        self.item = item
        self.kind = kind
        self.mailbox = mailbox
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.body = body
        self.detail = detail
        self.signer = signer
        self.language = language
        self.tlp = tlp
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.response = response
        self.size = size
        self.canReplay = canReplay
        self.canRelease = canRelease
    }
}

/// The template editor.
public struct MailTemplateFormModel: Sendable {
    public let kind: MailKind
    public let language: Language
    public let template: MailTemplate
    public let custom: Bool
    public let errors: [String: String]
    /// The unknown placeholder names, for the error message.
    public let unknown: [String]
    public let preview: MailTemplate?
    public let canEdit: Bool

    public init(kind: MailKind, language: Language, template: MailTemplate, custom: Bool, errors: [String: String] = [:],
                unknown: [String] = [], preview: MailTemplate? = nil, canEdit: Bool) {
        self.kind = kind
        self.language = language
        self.template = template
        self.custom = custom
        self.errors = errors
        self.unknown = unknown
        self.preview = preview
        self.canEdit = canEdit
    }
}

/// Someone a handler may write to from an incident.
public struct MailComposeRecipient: Sendable, Equatable {
    /// The form value: `contact:<uuid>`, `report:<uuid>`.
    public let value: String
    public let label: String
    public let address: String
    /// Catalog keys of what to know: encrypted, no key, requires encryption, bounces,
    /// TLP above what they may receive.
    public let notes: [String]
    /// Whether the message can go to them at all.
    public let usable: Bool

    public init(value: String, label: String, address: String, notes: [String], usable: Bool) {
        self.value = value
        self.label = label
        self.address = address
        self.notes = notes
        self.usable = usable
    }
}

/// The form that writes from an incident's page.
public struct MailComposeModel: Sendable {
    public let number: String
    public let title: String
    public let tlp: TLP
    public let recipients: [MailComposeRecipient]
    public let kind: MailKind
    public let selected: [String]
    public let message: String
    public let errors: [String: String]

    public init(number: String, title: String, tlp: TLP, recipients: [MailComposeRecipient], kind: MailKind = .notification,
                selected: [String] = [], message: String = "", errors: [String: String] = [:]) {
        self.number = number
        self.title = title
        self.tlp = tlp
        self.recipients = recipients
        self.kind = kind
        self.selected = selected
        self.message = message
        self.errors = errors
    }
}
