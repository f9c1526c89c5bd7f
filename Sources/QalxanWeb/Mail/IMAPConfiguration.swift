/// Connection settings for ``IMAPClient``.
///
/// `description`/`debugDescription` never include the password.
public struct IMAPConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Transport security.
    public enum Security: String, Sendable, CaseIterable {
        /// Implicit TLS from the first byte (RFC 8314, usually port 993).
        case tls
        /// Plain TCP upgraded with `STARTTLS` (RFC 3501 §6.2.1); the server must accept it.
        case startTLS = "starttls"
        /// Plain TCP; credentials are only sent when the host is a loopback address.
        case none
    }

    /// Server host name or IP literal (IPv6 with or without brackets).
    public var host: String
    /// Server port.
    public var port: Int
    /// Transport security mode.
    public var security: Security
    /// Login name.
    public var username: String
    /// Password (never logged, never included in errors or descriptions).
    public var password: String
    /// Mailbox to poll.
    public var mailbox: String = "INBOX"
    /// Time limit for connecting and inactivity limit while waiting for each server response.
    public var timeout: Duration = .seconds(30)
    /// Optional PEM file with additional trusted CA certificates (added to the system roots).
    public var caFile: String? = nil

    /// Creates a configuration; `port` defaults to 993 for `.tls` and 143 otherwise.
    public init(
        host: String, port: Int? = nil, security: Security = .tls, username: String, password: String,
        mailbox: String = "INBOX", timeout: Duration = .seconds(30), caFile: String? = nil
    ) {
        self.host = host
        self.security = security
        self.port = port ?? Self.defaultPort(for: security)
        self.username = username
        self.password = password
        self.mailbox = mailbox
        self.timeout = timeout
        self.caFile = caFile
    }

    /// The conventional port for a security mode.
    public static func defaultPort(for security: Security) -> Int {
        security == .tls ? 993 : 143
    }

    /// The host without IPv6 brackets.
    var bareHost: String { MailServerHost.bare(host) }

    /// Whether the host is a loopback name or address (`localhost`, `127.0.0.0/8`, `::1`).
    public var isLoopback: Bool { MailServerHost.isLoopback(host) }

    /// A redacted summary safe for logs.
    public var description: String {
        "IMAPConfiguration(host: \(host), port: \(port), security: \(security.rawValue), username: \(username), password: <redacted>, mailbox: \(mailbox), timeout: \(timeout), caFile: \(caFile ?? "-"))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
