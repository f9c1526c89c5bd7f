/// A failed IMAP poll, classified for retry decisions.
///
/// `message` holds server response text or a short local explanation; it never contains credentials.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    /// Whether retrying later may succeed.
    public enum Kind: Sendable, Equatable {
        /// Retry later (network problems, timeouts, server unavailable, TLS handshake failures).
        case temporary
        /// Do not retry without a configuration change (bad credentials, missing mailbox, refused settings).
        case permanent
    }

    /// Retry classification.
    public let kind: Kind
    /// Localisation catalog key: `mail.imap.connect_failed`, `mail.imap.login_failed`, `mail.imap.tls_failed`,
    /// `mail.imap.timeout` or `mail.imap.protocol`.
    public let key: String
    /// Human-readable detail.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, key: String, message: String) {
        self.kind = kind
        self.key = key
        self.message = message
    }

    public var description: String { "IMAPError(\(kind), \(key)): \(message)" }

    static func connectFailed(_ message: String, _ kind: Kind = .temporary) -> IMAPError {
        IMAPError(kind: kind, key: "mail.imap.connect_failed", message: message)
    }
    static func loginFailed(_ message: String, _ kind: Kind = .permanent) -> IMAPError {
        IMAPError(kind: kind, key: "mail.imap.login_failed", message: message)
    }
    static func tlsFailed(_ message: String, _ kind: Kind = .temporary) -> IMAPError {
        IMAPError(kind: kind, key: "mail.imap.tls_failed", message: message)
    }
    static func timeout(_ message: String) -> IMAPError {
        IMAPError(kind: .temporary, key: "mail.imap.timeout", message: message)
    }
    static func protocolError(_ message: String, _ kind: Kind = .temporary) -> IMAPError {
        IMAPError(kind: kind, key: "mail.imap.protocol", message: message)
    }
}
