/// A failed SMTP delivery attempt, classified for retry decisions.
///
/// `message` contains server reply text or a short local explanation; it never contains credentials.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// Whether retrying later may succeed.
    public enum Kind: Sendable, Equatable {
        /// Retry later (4xx replies, network problems, timeouts, TLS handshake failures).
        case temporary
        /// Do not retry without changes (5xx replies, configuration errors).
        case permanent
    }

    /// Retry classification.
    public let kind: Kind
    /// SMTP reply code when the failure came from a server reply.
    public let code: Int?
    /// Human-readable detail (server text or local reason).
    public let message: String
    /// Localisation catalog key, e.g. `mail.smtp.connect_failed`, `mail.smtp.rejected`, `mail.smtp.timeout`,
    /// `mail.smtp.tls_failed`, `mail.smtp.auth_failed`, `mail.smtp.no_starttls`, `mail.smtp.auth_requires_tls`,
    /// `mail.smtp.auth_unsupported`, `mail.smtp.connection_lost`, `mail.smtp.protocol_error`,
    /// `mail.smtp.invalid_address`, `mail.smtp.smtputf8_unsupported`, `mail.sendmail.failed`.
    public let keyHint: String

    /// Creates an error.
    public init(kind: Kind, code: Int? = nil, message: String, keyHint: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.keyHint = keyHint
    }

    /// Classifies a server reply: 4xx temporary, anything else permanent.
    static func reply(_ reply: SMTPReply, keyHint: String = "mail.smtp.rejected", context: String) -> SMTPError {
        SMTPError(kind: (400..<500).contains(reply.code) ? .temporary : .permanent, code: reply.code,
                  message: "\(context): \(reply.code) \(reply.text)", keyHint: keyHint)
    }

    /// `keyHint (kind, code): message`.
    public var description: String {
        "\(keyHint) (\(kind == .temporary ? "temporary" : "permanent")\(code.map { ", \($0)" } ?? "")): \(message)"
    }
}

/// Outcome of a successful SMTP transaction (at least one recipient accepted).
public struct SMTPResult: Sendable {
    /// Recipients the server accepted.
    public let accepted: [String]
    /// Recipients the server refused, with the reply.
    public let rejected: [(recipient: String, code: Int, message: String)]
    /// The reply to the end of DATA (usually `250 … queued as …`).
    public let finalResponse: String

    /// Creates a result.
    public init(accepted: [String], rejected: [(recipient: String, code: Int, message: String)], finalResponse: String) {
        self.accepted = accepted
        self.rejected = rejected
        self.finalResponse = finalResponse
    }
}
