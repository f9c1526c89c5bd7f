import Foundation

/// Typed validation errors for composed mail.
public enum MailComposeError: Error, Sendable, Equatable {
    /// An address is not a valid simple addr-spec; `field` is the header it belongs to (`From`, `To`, …).
    case invalidAddress(field: String, address: String)
    /// The message has no recipient in `To` or `Cc`.
    case noRecipients
}

/// A complete RFC 5322 message ready to be rendered and handed to an SMTP transport.
public struct OutgoingMail: Sendable {
    /// Author (`From`).
    public var from: MailboxAddress
    /// Primary recipients (`To`).
    public var to: [MailboxAddress]
    /// Carbon-copy recipients (`Cc`); omitted when empty.
    public var cc: [MailboxAddress]
    /// Optional `Reply-To`.
    public var replyTo: MailboxAddress?
    /// Subject (any Unicode; RFC 2047 encoded when rendered).
    public var subject: String
    /// Origination date, rendered in UTC (`+0000`).
    public var date: Date
    /// Message identifier without angle brackets, e.g. from ``newMessageID(domain:)``.
    public var messageID: String
    /// Identifier (without brackets) of the message this replies to.
    public var inReplyTo: String?
    /// Thread identifiers (without brackets).
    public var references: [String]
    /// Additional header fields (e.g. `Auto-Submitted`). Non-ASCII values are RFC 2047 encoded. Fields that
    /// this type generates itself (Date, From, To, Cc, Bcc, Reply-To, Subject, Message-ID, In-Reply-To,
    /// References, MIME-Version, Content-*) are ignored here.
    public var extraHeaders: [(String, String)]
    /// The top-level MIME entity (its headers follow the message headers).
    public var body: MIMEEntity

    /// Creates a message.
    public init(
        from: MailboxAddress, to: [MailboxAddress], cc: [MailboxAddress] = [], replyTo: MailboxAddress? = nil,
        subject: String, date: Date = Date(), messageID: String, inReplyTo: String? = nil,
        references: [String] = [], extraHeaders: [(String, String)] = [], body: MIMEEntity
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.body = body
    }

    /// Checks every address and that there is at least one recipient.
    public func validate() throws(MailComposeError) {
        let all = [("From", from)] + to.map { ("To", $0) } + cc.map { ("Cc", $0) } + (replyTo.map { [("Reply-To", $0)] } ?? [])
        for (field, mailbox) in all where !mailbox.isValid {
            throw .invalidAddress(field: field, address: HeaderText.sanitized(mailbox.address))
        }
        if to.isEmpty && cc.isEmpty { throw .noRecipients }
    }

    /// The bare addresses of all recipients (To + Cc), for the SMTP envelope.
    public var envelopeRecipients: [String] {
        (to + cc).map { HeaderText.sanitized($0.address) }
    }

    private static let reservedHeaders: Set<String> = [
        "date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "in-reply-to", "references",
        "mime-version",
    ]

    /// Renders the full message with CRLF line endings: Date, From, To, Cc, Reply-To, Subject, Message-ID,
    /// In-Reply-To, References, MIME-Version, extra headers, then the body entity (headers + body).
    public func render() -> [UInt8] {
        var out: [UInt8] = []
        out += HeaderText.renderField(name: "Date", value: RFC5322Date.format(date))
        out += HeaderText.renderField(name: "From", value: from.headerValue)
        if !to.isEmpty { out += HeaderText.renderField(name: "To", value: to.map(\.headerValue).joined(separator: ", ")) }
        if !cc.isEmpty { out += HeaderText.renderField(name: "Cc", value: cc.map(\.headerValue).joined(separator: ", ")) }
        if let replyTo { out += HeaderText.renderField(name: "Reply-To", value: replyTo.headerValue) }
        out += HeaderText.renderField(name: "Subject", value: Self.unstructured(subject, field: "Subject"), structured: false)
        out += HeaderText.renderField(name: "Message-ID", value: Self.bracketed(messageID))
        if let inReplyTo { out += HeaderText.renderField(name: "In-Reply-To", value: Self.bracketed(inReplyTo)) }
        if !references.isEmpty {
            out += HeaderText.renderField(name: "References", value: references.map(Self.bracketed).joined(separator: " "))
        }
        out += HeaderText.renderField(name: "MIME-Version", value: "1.0")
        for (name, value) in extraHeaders {
            let cleanName = HeaderText.sanitizedFieldName(name)
            let lower = cleanName.lowercased()
            guard !cleanName.isEmpty, !Self.reservedHeaders.contains(lower), !lower.hasPrefix("content-") else { continue }
            out += HeaderText.renderField(name: cleanName, value: Self.unstructured(value, field: cleanName), structured: false)
        }
        out += body.render()
        return out
    }

    /// A new unique message identifier (without brackets): `<time>.<random>@domain`.
    public static func newMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: ".")
        let millis = String(UInt64(max(0, Date().timeIntervalSince1970 * 1000)), radix: 36)
        let cleanDomain = Self.idSafe(domain)
        return "\(millis).\(random)@\(cleanDomain.isEmpty ? "localhost" : cleanDomain)"
    }

    // MARK: - Helpers

    /// Subject and other unstructured text: encoded words when needed, whitespace collapsed otherwise.
    /// The first encoded word is sized so that `field: ` plus the word fits in 78 columns.
    static func unstructured(_ text: String, field: String) -> String {
        let clean = HeaderText.sanitized(text)
        let firstLimit = HeaderText.preferredLineLength - field.utf8.count - 2
        if EncodedWord.needsEncoding(clean) { return EncodedWord.encode(clean, firstWordLimit: firstLimit) }
        // Any word longer than the hard limit would prevent folding; encode instead.
        if clean.split(separator: " ").contains(where: { $0.utf8.count > 900 }) {
            return EncodedWord.encode(clean, firstWordLimit: firstLimit)
        }
        return clean
    }

    /// `<id>` with anything that could break the msg-id syntax removed.
    static func bracketed(_ id: String) -> String {
        "<" + idSafe(id) + ">"
    }

    private static func idSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(HeaderText.sanitized(value).unicodeScalars.filter {
            $0.value > 0x20 && $0.value < 0x7F && !"<>()[]\\,;:\"".unicodeScalars.contains($0)
        }))
    }
}

/// RFC 5322 §3.3 date-time formatting in UTC.
enum RFC5322Date {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// E.g. `Tue, 04 Mar 2025 09:05:07 +0000`.
    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let weekday = days[((c.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((c.month ?? 1) - 1 + 12) % 12]
        return "\(weekday), \(two(c.day)) \(month) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
