import Foundation
import Testing
@testable import QalxanWeb

private func crlfNormalized(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == 0x0D { out += [0x0D, 0x0A]; if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 } }
        else if b == 0x0A { out += [0x0D, 0x0A] }
        else { out.append(b) }
        i += 1
    }
    return out
}

private func trimmingFinalCRLF(_ bytes: [UInt8]) -> [UInt8] {
    bytes.suffix(2) == [0x0D, 0x0A] ? Array(bytes.dropLast(2)) : bytes
}

private func sampleMessage(subject: String = "Test", body: String) -> [UInt8] {
    Array("From: cert@example.az\r\nTo: soc@example.org\r\nSubject: \(subject)\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(body)".utf8)
}

private func expectSMTPError(_ body: () async throws(SMTPError) -> SMTPResult) async -> SMTPError? {
    do {
        let result = try await body()
        Issue.record("expected an SMTPError, got success: \(result.finalResponse)")
        return nil
    } catch {
        return error
    }
}

@Suite(.timeLimit(.minutes(2))) struct SMTPDeliveryTests {
    @Test func plainDeliveryWithDotStuffing() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let message = sampleMessage(subject: "dots", body: "first\r\n.\r\n..\r\n.foo\nbare LF line\nHadisə barədə bildiriş — ə ğ ı ö ü ç ş İ\r\n.")
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        let result = try await SMTPClient.send(from: "bounce@example.az", to: ["soc@example.org"], message: message, configuration: config)
        #expect(result.accepted == ["soc@example.org"])
        #expect(result.rejected.isEmpty)
        #expect(result.finalResponse.hasPrefix("250") && result.finalResponse.contains("queued as Q001"))
        let received = try server.messages()
        try #require(received.count == 1)
        #expect(received[0].mailFrom == "bounce@example.az")
        #expect(received[0].rcptTos == ["soc@example.org"])
        #expect(received[0].mailOptions == ["BODY=8BITMIME"])
        #expect(trimmingFinalCRLF(received[0].content) == trimmingFinalCRLF(crlfNormalized(message)))
    }

    @Test func nullSenderAndSevenBitMessageHasNoBodyParameter() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        _ = try await SMTPClient.send(from: "", to: ["soc@example.org"], message: sampleMessage(body: "ascii\r\n"), configuration: config)
        let received = try server.messages()
        #expect(received.first?.mailFrom == "<>" || received.first?.mailFrom == "")
        #expect(received.first?.mailOptions == [])
    }

    @Test func oneOfTwoRecipientsRejected() async throws {
        let server = try TestSMTPServer(["--reject-rcpt", "nobody@example.org"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        let result = try await SMTPClient.send(from: "cert@example.az", to: ["nobody@example.org", "soc@example.org"],
                                               message: sampleMessage(body: "hi\r\n"), configuration: config)
        #expect(result.accepted == ["soc@example.org"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.recipient == "nobody@example.org")
        #expect(result.rejected.first?.code == 550)
        #expect(result.rejected.first?.message.contains("rejected") == true)
        #expect(try server.messages().map(\.rcptTos) == [["soc@example.org"]])
    }

    @Test func allRecipientsRejectedIsPermanent() async throws {
        let server = try TestSMTPServer(["--reject-rcpt", "a@example.org", "--reject-rcpt", "b@example.org"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["a@example.org", "b@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.kind == .permanent)
        #expect(error?.code == 550)
        #expect(error?.keyHint == "mail.smtp.rejected")
        #expect(try server.messages().isEmpty)
    }

    @Test func tempfailIsTemporary() async throws {
        let server = try TestSMTPServer(["--tempfail"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.kind == .temporary)
        #expect(error?.code == 451)
        #expect(error?.keyHint == "mail.smtp.rejected")
    }

    @Test func startTLSWithTrustedSelfSignedCertificate() async throws {
        let cert = try TestCertificate()
        defer { cert.remove() }
        let server = try TestSMTPServer(["--starttls", cert.cert, cert.key])
        defer { server.stop() }
        for host in ["127.0.0.1", "localhost"] {
            let config = SMTPConfiguration(host: host, port: server.port, security: .startTLS, caFile: cert.cert)
            let result = try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "tls\r\n"), configuration: config)
            #expect(result.accepted == ["soc@example.org"])
        }
        let received = try server.messages()
        #expect(received.count == 2)
        #expect(received.allSatisfy { $0.tls })
    }

    @Test func startTLSWithUntrustedCertificateFails() async throws {
        let cert = try TestCertificate()
        defer { cert.remove() }
        let server = try TestSMTPServer(["--starttls", cert.cert, cert.key])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .startTLS)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.keyHint == "mail.smtp.tls_failed", "\(String(describing: error))")
        #expect(try server.messages().isEmpty)
    }

    @Test func startTLSRequiredButNotOffered() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .startTLS)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.keyHint == "mail.smtp.no_starttls")
        #expect(error?.kind == .permanent)
    }

    @Test func implicitTLS() async throws {
        let cert = try TestCertificate()
        defer { cert.remove() }
        let server = try TestSMTPServer(["--tls", cert.cert, cert.key])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .tls, caFile: cert.cert)
        let result = try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "implicit\r\n"), configuration: config)
        #expect(result.accepted == ["soc@example.org"])
        #expect(try server.messages().map(\.tls) == [true])

        let untrusted = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .tls)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: untrusted)
        }
        #expect(error?.keyHint == "mail.smtp.tls_failed")
    }

    @Test(arguments: [[String](), ["--auth-exclude", "PLAIN"]])
    func authSuccess(extra: [String]) async throws {
        let server = try TestSMTPServer(["--auth", "incident:s3cr3t pass"] + extra)
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none, username: "incident", password: "s3cr3t pass")
        let result = try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "auth\r\n"), configuration: config)
        #expect(result.accepted == ["soc@example.org"])
        #expect(try server.messages().map(\.authenticated) == [true])
    }

    @Test func authWithTLSAndStartTLS() async throws {
        let cert = try TestCertificate()
        defer { cert.remove() }
        let server = try TestSMTPServer(["--starttls", cert.cert, cert.key, "--auth", "u:p"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "localhost", port: server.port, security: .startTLS, username: "u", password: "p", caFile: cert.cert)
        _ = try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        #expect(try server.messages().map { $0.tls && $0.authenticated } == [true])
    }

    @Test func wrongPasswordIsPermanentAuthError() async throws {
        let server = try TestSMTPServer(["--auth", "incident:right"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none, username: "incident", password: "wrong-secret")
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.keyHint == "mail.smtp.auth_failed")
        #expect(error?.kind == .permanent)
        #expect(error?.code == 535)
        #expect(error.map { !"\($0)".contains("wrong-secret") } == true)
        #expect(try server.messages().isEmpty)
    }

    @Test func credentialsRefusedWithoutTLSToRemoteHost() async {
        let config = SMTPConfiguration(host: "mail.example.org", port: 25, security: .none, username: "u", password: "p")
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: [], configuration: config)
        }
        #expect(error?.keyHint == "mail.smtp.auth_requires_tls")
        #expect(error?.kind == .permanent)
    }

    @Test func connectionRefusedIsTemporary() async throws {
        let config = SMTPConfiguration(host: "127.0.0.1", port: try closedPort(), security: .none)
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.kind == .temporary)
        #expect(error?.keyHint == "mail.smtp.connect_failed")
    }

    @Test func silentServerTimesOut() async throws {
        let server = try TestSMTPServer(["--silent"])
        defer { server.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none, timeout: .milliseconds(700))
        let started = ContinuousClock.now
        let error = await expectSMTPError { () async throws(SMTPError) in
            try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: sampleMessage(body: "x\r\n"), configuration: config)
        }
        #expect(error?.kind == .temporary)
        #expect(error?.keyHint == "mail.smtp.timeout")
        _ = started
    }

    @Test func twoMegabyteMessage() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        var body = ""
        var index = 0
        while body.utf8.count < 2 * 1024 * 1024 {
            body += index % 97 == 0 ? ".line \(index) starts with a dot\r\n" : "line \(index): Hadisə barədə bildiriş — ə ğ ı ö ü ç ş İ 0123456789\r\n"
            index += 1
        }
        let message = sampleMessage(subject: "big", body: body)
        let config = SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .none)
        let result = try await SMTPClient.send(from: "cert@example.az", to: ["soc@example.org"], message: message, configuration: config)
        #expect(result.accepted == ["soc@example.org"])
        let received = try server.messages()
        try #require(received.count == 1)
        #expect(received[0].content.count >= 2 * 1024 * 1024)
        #expect(trimmingFinalCRLF(received[0].content) == trimmingFinalCRLF(message))
    }

    @Test func invalidEnvelopeAddressRejectedBeforeConnecting() async {
        let config = SMTPConfiguration(host: "127.0.0.1", port: 1, security: .none)
        for bad in ["a@b.c>\r\nRCPT TO:<evil@x.y", "no-at", "sp ace@x.y"] {
            let error = await expectSMTPError { () async throws(SMTPError) in
                try await SMTPClient.send(from: "cert@example.az", to: [bad], message: [], configuration: config)
            }
            #expect(error?.keyHint == "mail.smtp.invalid_address")
        }
    }
}
