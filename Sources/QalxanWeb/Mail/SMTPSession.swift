import Foundation
import NIOCore
import NIOSSL

/// The SMTP dialogue for one transaction over an established connection.
struct SMTPSession: Sendable {
    let connection: SMTPConnection
    let configuration: SMTPConfiguration
    let credentials: Credentials?
    let tlsContext: NIOSSLContext?

    /// Greeting → EHLO/HELO → STARTTLS → EHLO → AUTH → MAIL → RCPT… → DATA.
    func run(from: String, to: [String], message: [UInt8]) async throws(SMTPError) -> SMTPResult {
        let greeting = try await connection.readReply(during: "greeting")
        guard greeting.code == 220 else { throw SMTPError.reply(greeting, keyHint: "mail.smtp.connect_failed", context: "greeting") }

        var capabilities = try await hello()
        if configuration.security == .startTLS {
            guard capabilities.has("STARTTLS"), let tlsContext else {
                throw SMTPError(kind: .permanent, message: "server \(configuration.host) does not offer STARTTLS", keyHint: "mail.smtp.no_starttls")
            }
            let reply = try await connection.command("STARTTLS", step: "STARTTLS")
            guard reply.code == 220 else { throw SMTPError.reply(reply, keyHint: "mail.smtp.tls_failed", context: "STARTTLS") }
            try await connection.startTLS(context: tlsContext, serverHostname: TLSSetup.serverHostname(configuration))
            capabilities = try await hello()
        }
        if let credentials { try await authenticate(credentials, capabilities: capabilities) }

        var mailFrom = "MAIL FROM:<\(from)>"
        if SMTPDataEncoder.hasEightBitData(message) && capabilities.has("8BITMIME") { mailFrom += " BODY=8BITMIME" }
        if Envelope.needsSMTPUTF8(from: from, to: to) {
            guard capabilities.has("SMTPUTF8") else {
                throw SMTPError(kind: .permanent, message: "non-ASCII addresses but server lacks SMTPUTF8", keyHint: "mail.smtp.smtputf8_unsupported")
            }
            mailFrom += " SMTPUTF8"
        }
        let mailReply = try await connection.command(mailFrom, step: "MAIL FROM")
        guard mailReply.isPositive else { throw SMTPError.reply(mailReply, context: "MAIL FROM") }

        var accepted: [String] = []
        var rejected: [(recipient: String, code: Int, message: String)] = []
        var firstRejection: SMTPReply?
        for recipient in to {
            let reply = try await connection.command("RCPT TO:<\(recipient)>", step: "RCPT TO")
            if reply.isPositive {
                accepted.append(recipient)
            } else {
                rejected.append((recipient, reply.code, reply.text))
                firstRejection = firstRejection ?? reply
            }
        }
        if accepted.isEmpty, let firstRejection {
            throw SMTPError.reply(firstRejection, context: "all recipients rejected (first: \(to[0]))")
        }

        let dataReply = try await connection.command("DATA", step: "DATA")
        guard dataReply.code == 354 else { throw SMTPError.reply(dataReply, context: "DATA") }
        var buffer = connection.channel.allocator.buffer(capacity: message.count + message.count / 40 + 8)
        buffer.writeBytes(SMTPDataEncoder.encode(message))
        connection.write(buffer)
        let final = try await connection.readReply(during: "end of DATA")
        guard final.isPositive else { throw SMTPError.reply(final, context: "message") }
        return SMTPResult(accepted: accepted, rejected: rejected, finalResponse: "\(final.code) \(final.text)")
    }

    /// EHLO, falling back to HELO on 5xx (then without extensions).
    private func hello() async throws(SMTPError) -> Capabilities {
        let name = Self.heloName(configuration.heloName)
        let ehlo = try await connection.command("EHLO \(name)", step: "EHLO")
        if ehlo.isPositive { return Capabilities(ehlo) }
        guard (500..<600).contains(ehlo.code) else { throw SMTPError.reply(ehlo, context: "EHLO") }
        let helo = try await connection.command("HELO \(name)", step: "HELO")
        guard helo.isPositive else { throw SMTPError.reply(helo, context: "HELO") }
        return Capabilities(nil)
    }

    /// AUTH PLAIN (preferred) or AUTH LOGIN. Credentials never appear in errors.
    private func authenticate(_ credentials: Credentials, capabilities: Capabilities) async throws(SMTPError) {
        let mechanisms = capabilities.authMechanisms
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        func check(_ reply: SMTPReply) throws(SMTPError) {
            guard reply.code == 235 else { throw SMTPError.reply(reply, keyHint: "mail.smtp.auth_failed", context: "authentication failed") }
        }
        if mechanisms.contains("PLAIN") {
            let token = base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            var reply = try await connection.command("AUTH PLAIN \(token)", step: "AUTH PLAIN")
            if reply.code == 334 { reply = try await connection.command(token, step: "AUTH PLAIN") }
            try check(reply)
        } else if mechanisms.contains("LOGIN") {
            let start = try await connection.command("AUTH LOGIN", step: "AUTH LOGIN")
            guard start.code == 334 else { throw SMTPError.reply(start, keyHint: "mail.smtp.auth_failed", context: "AUTH LOGIN") }
            let user = try await connection.command(base64(credentials.username), step: "AUTH LOGIN")
            guard user.code == 334 else { throw SMTPError.reply(user, keyHint: "mail.smtp.auth_failed", context: "authentication failed") }
            try check(try await connection.command(base64(credentials.password), step: "AUTH LOGIN"))
        } else {
            throw SMTPError(kind: .permanent, message: "server offers no supported AUTH mechanism (offered: \(mechanisms.sorted().joined(separator: " ")))",
                            keyHint: "mail.smtp.auth_unsupported")
        }
    }

    /// A HELO name without spaces or control characters.
    static func heloName(_ name: String) -> String {
        let clean = String(name.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F }.map(Character.init))
        return clean.isEmpty ? "localhost" : clean
    }
}

/// EHLO keywords (upper-cased) and their parameters.
struct Capabilities: Sendable {
    private var keywords: [String: [String]] = [:]

    /// Parses an EHLO reply; the first line is the greeting and carries no capability.
    init(_ reply: SMTPReply?) {
        guard let reply else { return }
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            keywords[keyword, default: []].append(contentsOf: words.dropFirst().map { $0.uppercased() })
        }
    }

    /// Whether `keyword` was advertised.
    func has(_ keyword: String) -> Bool { keywords[keyword] != nil }

    /// Advertised SASL mechanisms (from `AUTH` and legacy `AUTH=`).
    var authMechanisms: Set<String> { Set(keywords["AUTH"] ?? []) }
}
