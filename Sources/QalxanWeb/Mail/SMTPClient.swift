import NIOCore
import NIOPosix
import NIOSSL

/// An async SMTP submission client (RFC 5321) with STARTTLS/implicit TLS and AUTH PLAIN/LOGIN.
public enum SMTPClient {
    /// Delivers `message` to `to` through the configured server.
    ///
    /// - Parameters:
    ///   - from: Envelope sender (`MAIL FROM`); empty for the null sender `<>`.
    ///   - to: Envelope recipients; individual rejections are reported in the result.
    ///   - message: The complete RFC 5322 message. Line endings are normalised and dots stuffed here.
    ///   - configuration: Server and credentials.
    ///   - eventLoopGroup: NIO event loop group to use.
    /// - Returns: Accepted and rejected recipients and the server's final reply.
    /// - Throws: ``SMTPError``; if every recipient is rejected, the error carries the first rejection's kind.
    public static func send(
        from: String, to: [String], message: [UInt8], configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(SMTPError) -> SMTPResult {
        try Envelope.validate(from: from, to: to)
        let credentials = try Credentials.resolve(configuration)
        let tlsContext = try TLSSetup.context(for: configuration)
        let timeout = TimeAmount.duration(configuration.timeout)
        let implicitTLS = configuration.security == .tls ? tlsContext.map { ($0, TLSSetup.serverHostname(configuration)) } : nil
        let connection = try await SMTPConnection.connect(
            host: configuration.bareHost, port: configuration.port, timeout: timeout,
            tls: implicitTLS.map { (context: $0.0, serverHostname: $0.1) }, group: eventLoopGroup
        )
        let session = SMTPSession(connection: connection, configuration: configuration, credentials: credentials, tlsContext: tlsContext)
        do {
            let result = try await session.run(from: from, to: to, message: message)
            await connection.quit()
            return result
        } catch {
            await connection.quit()
            throw error
        }
    }
}

/// Credential checks performed before connecting.
struct Credentials: Sendable {
    let username: String
    let password: String

    /// `nil` when no authentication is configured; throws when credentials would travel in clear text.
    static func resolve(_ configuration: SMTPConfiguration) throws(SMTPError) -> Credentials? {
        guard let username = configuration.username, let password = configuration.password else { return nil }
        if configuration.security == .none && !configuration.isLoopback {
            throw SMTPError(kind: .permanent, message: "refusing to send credentials without TLS to \(configuration.host); use starttls or tls",
                            keyHint: "mail.smtp.auth_requires_tls")
        }
        return Credentials(username: username, password: password)
    }
}

/// Envelope address checks (no CR/LF/brackets/spaces; command injection impossible).
enum Envelope {
    /// Throws `mail.smtp.invalid_address` for unusable envelope addresses or an empty recipient list.
    static func validate(from: String, to: [String]) throws(SMTPError) {
        guard !to.isEmpty else {
            throw SMTPError(kind: .permanent, message: "no recipients", keyHint: "mail.smtp.invalid_address")
        }
        for address in [from] + to where !isAcceptable(address, allowEmpty: address == from) {
            throw SMTPError(kind: .permanent, message: "invalid envelope address: \(String(address.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))",
                            keyHint: "mail.smtp.invalid_address")
        }
    }

    private static func isAcceptable(_ address: String, allowEmpty: Bool) -> Bool {
        if address.isEmpty { return allowEmpty }
        guard address.utf8.count <= 254 else { return false }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", " ", "\t", "\r", "\n", ",", ";", "(", ")", "\\", "\""]
        guard !address.unicodeScalars.contains(where: { forbidden.contains($0) || $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// Whether any address needs the SMTPUTF8 extension.
    static func needsSMTPUTF8(from: String, to: [String]) -> Bool {
        ([from] + to).contains { $0.unicodeScalars.contains { !$0.isASCII } }
    }
}

/// TLS context construction.
enum TLSSetup {
    /// A client context for `.startTLS`/`.tls`, `nil` for `.none`.
    static func context(for configuration: SMTPConfiguration) throws(SMTPError) -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        do {
            return try MailServerHost.tlsContext(caFile: configuration.caFile, verifyCertificate: configuration.verifyCertificate)
        } catch {
            throw SMTPError(kind: .permanent, message: "cannot set up TLS: \(error)", keyHint: "mail.smtp.tls_failed")
        }
    }

    /// The SNI/verification host name, `nil` for IP literals (those are verified against IP SANs).
    static func serverHostname(_ configuration: SMTPConfiguration) -> String? { MailServerHost.tlsServerName(configuration.host) }
}

extension TimeAmount {
    /// Converts a Swift `Duration` (clamped to ≥ 1 ms).
    static func duration(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let nanos = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanos.overflow ? Int64.max : nanos.partialValue &+ attoseconds / 1_000_000_000
        return .nanoseconds(max(total, 1_000_000))
    }
}
