import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import QalxanWeb

@Suite struct SMTPUnitTests {
    @Test(arguments: [
        ("a\r\nb", "a\r\nb\r\n.\r\n"),
        ("a\nb\n", "a\r\nb\r\n.\r\n"),
        ("a\rb", "a\r\nb\r\n.\r\n"),
        (".\r\n..\r\n.foo\r\nx.y", "..\r\n...\r\n..foo\r\nx.y\r\n.\r\n"),
        (".", "..\r\n.\r\n"),
        ("", ".\r\n"),
        ("\n.\n", "\r\n..\r\n.\r\n"),
    ])
    func dataEncoding(input: String, expected: String) {
        #expect(SMTPDataEncoder.encode(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test func replyDecoderHandlesMultiLineAndSplitReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        for chunk in ["220 mx.example ESMTP\r\n250-mx.example\r\n250-PIPE", "LINING\r\n250-AUTH PLAIN LOGIN\n250 8BITMIME\r\n", "354 go\r\n"] {
            try channel.writeInbound(channel.allocator.buffer(string: chunk))
        }
        #expect(try channel.readInbound(as: SMTPReply.self) == SMTPReply(code: 220, lines: ["mx.example ESMTP"]))
        let ehlo = try #require(try channel.readInbound(as: SMTPReply.self))
        #expect(ehlo.code == 250)
        #expect(ehlo.lines == ["mx.example", "PIPELINING", "AUTH PLAIN LOGIN", "8BITMIME"])
        let caps = Capabilities(ehlo)
        #expect(caps.has("PIPELINING") && caps.has("8BITMIME") && !caps.has("STARTTLS"))
        #expect(caps.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(try channel.readInbound(as: SMTPReply.self)?.code == 354)
        _ = try channel.finish()
    }

    @Test func replyDecoderRejectsGarbage() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        #expect(throws: SMTPWireError.self) { try channel.writeInbound(channel.allocator.buffer(string: "hello world\r\n")) }
        _ = try? channel.finish()
        let mixed = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        #expect(throws: SMTPWireError.self) { try mixed.writeInbound(mixed.allocator.buffer(string: "250-a\r\n550 b\r\n")) }
        _ = try? mixed.finish()
    }

    @Test func configurationNeverRevealsPassword() {
        let config = SMTPConfiguration(host: "smtp.example.org", username: "u", password: "hunter2")
        #expect(!config.description.contains("hunter2"))
        #expect(!String(reflecting: config).contains("hunter2"))
        #expect(config.port == 587)
        #expect(SMTPConfiguration(host: "x", security: .tls).port == 465)
        #expect(SMTPConfiguration(host: "x", security: .none).port == 25)
    }

    @Test(arguments: [("localhost", true), ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("[::1]", true),
                      ("10.0.0.1", false), ("mail.example.org", false), ("127.0.0.1.example.org", false)])
    func loopbackDetection(host: String, loopback: Bool) {
        #expect(SMTPConfiguration(host: host).isLoopback == loopback)
    }

    @Test func durationConversion() {
        #expect(TimeAmount.duration(.seconds(30)) == .seconds(30))
        #expect(TimeAmount.duration(.milliseconds(1500)) == .milliseconds(1500))
    }
}

@Suite struct SendmailTransportTests {
    private func script(_ body: String) throws -> (URL, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-fake-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("sendmail")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return (dir, url)
    }

    @Test func successPassesArgumentsAndStdin() async throws {
        let (dir, url) = try script("printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"; cat > \"$(dirname \"$0\")/stdin\"")
        defer { try? FileManager.default.removeItem(at: dir) }
        let message = Array(String(repeating: "Hadisə line\r\n", count: 100_000).utf8)  // > pipe buffer
        try await SendmailTransport.send(from: "cert@example.az", to: ["a@example.org", "b@example.org"], message: message, executable: url.path)
        let args = try String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8)
        #expect(args == "-i\n-f\ncert@example.az\n--\na@example.org\nb@example.org\n")
        #expect(Array(try Data(contentsOf: dir.appendingPathComponent("stdin"))) == message)
    }

    @Test func tempfailIsTemporary() async throws {
        let (dir, url) = try script("cat >/dev/null; echo 'queue full' >&2; exit 75")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try await SendmailTransport.send(from: "a@example.org", to: ["b@example.org"], message: [65], executable: url.path)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .temporary)
            #expect(error.code == 75)
        }
    }

    @Test func otherFailureIsPermanentWithStderr() async throws {
        let (dir, url) = try script("cat >/dev/null; echo 'unknown user' >&2; exit 67")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try await SendmailTransport.send(from: "a@example.org", to: ["b@example.org"], message: [65], executable: url.path)
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .permanent)
            #expect(error.message.contains("unknown user"))
            #expect(error.keyHint == "mail.sendmail.failed")
        }
    }

    @Test func missingExecutableIsTemporary() async {
        do {
            try await SendmailTransport.send(from: "a@example.org", to: ["b@example.org"], message: [65], executable: "/nonexistent/sendmail")
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .temporary)
        }
    }

    @Test func optionLikeRecipientRefused() async {
        do {
            try await SendmailTransport.send(from: "a@example.org", to: ["-oQ/tmp@x"], message: [65], executable: "/bin/true")
            Issue.record("expected failure")
        } catch {
            #expect(error.keyHint == "mail.smtp.invalid_address")
        }
    }
}
