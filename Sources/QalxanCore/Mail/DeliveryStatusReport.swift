import Foundation

/// An RFC 3464 delivery status notification (bounce).
public struct DeliveryStatusReport: Sendable {
    /// One per-recipient block of a delivery status notification.
    public struct Recipient: Sendable, Equatable {
        /// Final-Recipient address (the part after `rfc822;`).
        public let finalRecipient: String
        /// Original-Recipient address, if given.
        public let originalRecipient: String?
        /// Action, lower-cased: failed, delayed, delivered, relayed or expanded.
        public let action: String
        /// Status code such as `5.1.1`.
        public let status: String
        /// Diagnostic-Code text (after `smtp;`).
        public let diagnosticCode: String?
        /// Remote-MTA name (after `dns;`).
        public let remoteMTA: String?
        /// Last-Attempt-Date, if given.
        public let lastAttemptDate: Date?
        /// Every field of the block, in order.
        public let fields: [MailHeaderField]

        /// True when the status class is 5 (permanent failure).
        public var isPermanent: Bool { status.hasPrefix("5") }
    }

    /// Reporting-MTA (after `dns;`).
    public let reportingMTA: String?
    /// Original-Envelope-Id.
    public let originalEnvelopeID: String?
    /// Arrival-Date of the original message.
    public let arrivalDate: Date?
    /// The per-recipient blocks.
    public let recipients: [Recipient]
    /// Message-ID of the returned message, without angle brackets.
    public let originalMessageID: String?
    /// Subject of the returned message (RFC 2047 decoded).
    public let originalSubject: String?
    /// Text of the human-readable first part.
    public let humanText: String
    /// Every per-message field, in order.
    public let fields: [MailHeaderField]

    /// True when any recipient's Action is `failed`.
    public var isFailure: Bool { recipients.contains { $0.action == "failed" } }
    /// True when any recipient has a 5.x.x status.
    public var permanent: Bool { recipients.contains { $0.isPermanent } }

    /// Reads an RFC 3464 report; nil unless the message holds a
    /// `multipart/report; report-type=delivery-status` with a
    /// `message/delivery-status` part. Non-standard bounces are not recognised.
    public static func parse(_ m: MailMessage) -> DeliveryStatusReport? {
        guard let report = MailReportSupport.reportPart(in: m, reportType: "delivery-status"),
              let machine = report.children.first(where: {
                  $0.contentType.mimeType == "message/delivery-status" || $0.contentType.mimeType == "message/global-delivery-status"
              })
        else { return nil }
        var blocks = MailHeaders.parseBlocks(machine.body)
        var perMessage = MailHeaders(fields: [])
        if let first = blocks.first, first["Final-Recipient"] == nil, first["Action"] == nil {
            perMessage = first
            blocks.removeFirst()
        }
        let recipients: [Recipient] = blocks.compactMap { b in
            guard let final = b["Final-Recipient"] ?? b["Original-Recipient"] else { return nil }
            let status = (b["Status"] ?? "").mailTrimmed.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
            return Recipient(
                finalRecipient: MailReportSupport.stripAngles(MailReportSupport.afterType(final)),
                originalRecipient: b["Original-Recipient"].map { MailReportSupport.stripAngles(MailReportSupport.afterType($0)) },
                action: (b["Action"] ?? "").mailTrimmed.lowercased(),
                status: status,
                diagnosticCode: b["Diagnostic-Code"].map(MailReportSupport.afterType),
                remoteMTA: b["Remote-MTA"].map(MailReportSupport.afterType),
                lastAttemptDate: b["Last-Attempt-Date"].flatMap(MailDate.parse),
                fields: b.fields
            )
        }
        let returned = MailReportSupport.returnedHeaders(in: report)
        let returnedMessage = returned.map { MailMessage(headers: $0, root: MailPart(headers: $0, contentType: .defaultValue, rawBytes: [], body: [], children: [])) }
        let human = report.children.first.flatMap { $0.contentType.type == "text" ? (try? $0.text()) : nil } ?? ""
        return DeliveryStatusReport(
            reportingMTA: perMessage["Reporting-MTA"].map(MailReportSupport.afterType),
            originalEnvelopeID: perMessage["Original-Envelope-Id"],
            arrivalDate: perMessage["Arrival-Date"].flatMap(MailDate.parse),
            recipients: recipients,
            originalMessageID: returnedMessage?.messageID,
            originalSubject: returnedMessage.flatMap { $0.headers["Subject"] == nil ? nil : $0.subject },
            humanText: human.mailTrimmed,
            fields: perMessage.fields
        )
    }
}
