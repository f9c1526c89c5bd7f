import Foundation

/// Connection and authentication settings for ``SMTPClient``.
///
/// `description`/`debugDescription` never include the password.
public struct SMTPConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Transport security.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain TCP (only sensible for loopback/local relays).
        case none
        /// Plain TCP upgraded with `STARTTLS` (RFC 3207); the server must offer it.
        case startTLS = "starttls"
        /// Implicit TLS from the first byte (RFC 8314, usually port 465).
        case tls
    }

    /// Server host name or IP literal (IPv6 may be given with or without brackets).
    public var host: String
    /// Server port.
    public var port: Int
    /// Transport security mode.
    public var security: Security
    /// User name for `AUTH`; authentication is attempted only when both username and password are set.
    public var username: String?
    /// Password for `AUTH` (never logged, never included in errors or descriptions).
    public var password: String?
    /// Name sent with `EHLO`/`HELO`.
    public var heloName: String
    /// Time limit for connecting and for each command's reply.
    public var timeout: Duration
    /// Optional PEM file with additional trusted CA certificates (added to the system roots).
    public var caFile: String?
    /// Whether the server certificate (chain and host name) is verified. Keep `true` outside tests.
    public var verifyCertificate: Bool

    /// Creates a configuration; `port` defaults to 25 (`none`), 587 (`startTLS`) or 465 (`tls`).
    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, username: String? = nil, password: String? = nil,
        heloName: String = "localhost", timeout: Duration = .seconds(30), caFile: String? = nil, verifyCertificate: Bool = true
    ) {
        self.host = host
        self.security = security
        self.port = port ?? Self.defaultPort(for: security)
        self.username = username
        self.password = password
        self.heloName = heloName
        self.timeout = timeout
        self.caFile = caFile
        self.verifyCertificate = verifyCertificate
    }

    /// The conventional port for a security mode.
    public static func defaultPort(for security: Security) -> Int {
        switch security {
        case .none: return 25
        case .startTLS: return 587
        case .tls: return 465
        }
    }

    /// The host without IPv6 brackets.
    var bareHost: String { MailServerHost.bare(host) }

    /// Whether the host is a loopback name or address (`localhost`, `127.0.0.0/8`, `::1`).
    public var isLoopback: Bool { MailServerHost.isLoopback(host) }

    /// A redacted summary safe for logs.
    public var description: String {
        "SMTPConfiguration(host: \(host), port: \(port), security: \(security.rawValue), username: \(username ?? "-"), password: \(password == nil ? "-" : "<redacted>"), heloName: \(heloName), timeout: \(timeout), caFile: \(caFile ?? "-"), verifyCertificate: \(verifyCertificate))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }
}
