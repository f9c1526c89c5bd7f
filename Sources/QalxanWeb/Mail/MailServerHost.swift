import NIOCore
import NIOSSL

/// What the SMTP and IMAP clients share about the server they reach: its host as
/// written, whether it is loopback (the only place a password may go without TLS), the
/// name TLS checks, and the TLS context.
enum MailServerHost {
    /// The host without IPv6 brackets.
    static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Whether the host is a loopback name or address (`localhost`, `127.0.0.0/8`, `::1`).
    static func isLoopback(_ host: String) -> Bool {
        let h = bare(host).lowercased()
        if h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The SNI and verification name; nil for IP literals (checked against IP SANs).
    static func tlsServerName(_ host: String) -> String? {
        let h = bare(host)
        return (try? SocketAddress(ipAddress: h, port: 0)) == nil ? h : nil
    }

    /// A client TLS context: TLS 1.2 at least, `caFile` trusted besides the system roots.
    static func tlsContext(caFile: String?, verifyCertificate: Bool = true) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile { tls.additionalTrustRoots = [.file(caFile)] }
        if !verifyCertificate { tls.certificateVerification = .none }
        return try NIOSSLContext(configuration: tls)
    }
}
