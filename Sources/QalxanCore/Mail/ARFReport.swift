import Foundation

/// An RFC 5965 Abuse Reporting Format (ARF) feedback report.
public struct ARFReport: Sendable {
    /// Feedback-Type, lower-cased (`abuse`, `fraud`, `virus`, `other`, `not-spam`, ...).
    public let feedbackType: String
    /// User-Agent of the reporting software.
    public let userAgent: String?
    /// The report format Version field.
    public let version: String?
    /// Source-IP of the reported message.
    public let sourceIP: String?
    /// Arrival-Date (or Received-Date) of the reported message.
    public let arrivalDate: Date?
    /// All Reported-Domain values.
    public let reportedDomains: [String]
    /// All Reported-URI values.
    public let reportedURIs: [String]
    /// Original-Mail-From without angle brackets.
    public let originalMailFrom: String?
    /// All Original-Rcpt-To values without angle brackets.
    public let originalRcptTo: [String]
    /// Incidents count, when given and numeric.
    public let incidents: Int?
    /// All Authentication-Results values.
    public let authenticationResults: [String]
    /// Subject of the reported message (RFC 2047 decoded).
    public let originalSubject: String?
    /// From addresses of the reported message.
    public let originalFrom: [MailAddress]
    /// Message-ID of the reported message, without angle brackets.
    public let originalMessageID: String?
    /// Text of the human-readable first part.
    public let humanText: String
    /// Every field of the machine-readable part, in order.
    public let fields: [MailHeaderField]

    /// Reads an ARF report from a message; nil when the message has no
    /// `multipart/report; report-type=feedback-report` with a
    /// `message/feedback-report` part.
    public static func parse(_ m: MailMessage) -> ARFReport? {
        guard let report = MailReportSupport.reportPart(in: m, reportType: "feedback-report"),
              let machine = report.children.first(where: { $0.contentType.mimeType == "message/feedback-report" })
        else { return nil }
        let f = MailHeaders.parse(machine.body)
        let human = report.children.first.flatMap { $0.contentType.type == "text" ? (try? $0.text()) : nil } ?? ""
        let original = MailReportSupport.returnedHeaders(in: report)
        let originalMessage = original.map { MailMessage(headers: $0, root: MailPart(headers: $0, contentType: .defaultValue, rawBytes: [], body: [], children: [])) }
        return ARFReport(
            feedbackType: (f["Feedback-Type"] ?? "").mailTrimmed.lowercased(),
            userAgent: f["User-Agent"],
            version: f["Version"],
            sourceIP: f["Source-IP"],
            arrivalDate: (f["Arrival-Date"] ?? f["Received-Date"]).flatMap(MailDate.parse),
            reportedDomains: f.all("Reported-Domain"),
            reportedURIs: f.all("Reported-URI"),
            originalMailFrom: f["Original-Mail-From"].map(MailReportSupport.stripAngles),
            originalRcptTo: f.all("Original-Rcpt-To").map(MailReportSupport.stripAngles),
            incidents: f["Incidents"].flatMap { Int($0.mailTrimmed) },
            authenticationResults: f.all("Authentication-Results"),
            originalSubject: originalMessage.flatMap { $0.headers["Subject"] == nil ? nil : $0.subject },
            originalFrom: originalMessage?.from ?? [],
            originalMessageID: originalMessage?.messageID,
            humanText: human.mailTrimmed,
            fields: f.fields
        )
    }
}
