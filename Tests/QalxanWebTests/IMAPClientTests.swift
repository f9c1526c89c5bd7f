import Foundation
import NIOCore
import Testing
@testable import QalxanWeb

actor Collected {
    var messages: [[UInt8]] = []
    func add(_ message: [UInt8]) { messages.append(message) }
}

func message(_ subject: String, body: String) -> [UInt8] {
    Array("From: sender@example.org\r\nTo: alice@example.org\r\nSubject: \(subject)\r\nMessage-ID: <\(subject)@example.org>\r\n\r\n\(body)\r\n".utf8)
}

@Suite(.serialized) struct DovecotTests {
    @Test func imapsPollFetchesMarksSeenAndSecondPollIsEmpty() async throws {
        let messages = [message("one", body: "first"), message("two", body: "second\r\n.\r\nline with dot"), message("three", body: "{5}\r\nnot a literal")]
        try await Dovecot.with(messages: messages) { server in
            let collected = Collected()
            let count = try await IMAPClient.poll(server.configuration(security: .tls)) { raw in
                await collected.add(raw)
                return true
            }
            #expect(count == 3)
            let received = await collected.messages
            #expect(received.count == 3)
            #expect(Set(received) == Set(messages))
            let again = try await IMAPClient.poll(server.configuration(security: .tls)) { _ in
                Issue.record("no message expected")
                return true
            }
            #expect(again == 0)
        }
    }

    @Test func rejectedMessageIsFetchedAgain() async throws {
        let keep = message("keep", body: "handler says no the first time")
        let take = message("take", body: "handler accepts")
        try await Dovecot.with(messages: [keep, take]) { server in
            let config = server.configuration(security: .tls)
            let first = Collected()
            let count = try await IMAPClient.poll(config) { raw in
                await first.add(raw)
                return raw != keep
            }
            #expect(count == 1)
            let firstMessages = await first.messages
            #expect(Set(firstMessages) == Set([keep, take]))

            let second = Collected()
            let count2 = try await IMAPClient.poll(config) { raw in
                await second.add(raw)
                return true
            }
            #expect(count2 == 1)
            let secondMessages = await second.messages
            #expect(secondMessages == [keep])
            let count3 = try await IMAPClient.poll(config) { _ in true }
            #expect(count3 == 0)
        }
    }

    @Test func limitTakesOldestFirst() async throws {
        let messages = (1...4).map { message("m\($0)", body: "n\($0)") }
        try await Dovecot.with(messages: messages) { server in
            let config = server.configuration(security: .tls)
            let a = try await IMAPClient.poll(config, limit: 3) { _ in true }
            let b = try await IMAPClient.poll(config, limit: 3) { _ in true }
            #expect(a == 3)
            #expect(b == 1)
        }
    }

    @Test func startTLSOnPlainPort() async throws {
        let messages = [message("starttls", body: "via STARTTLS")]
        try await Dovecot.with(messages: messages) { server in
            let collected = Collected()
            let count = try await IMAPClient.poll(server.configuration(security: .startTLS)) { raw in
                await collected.add(raw)
                return true
            }
            #expect(count == 1)
            let received = await collected.messages
            #expect(received == messages)
        }
    }

    @Test func plainLoopbackWithoutTLS() async throws {
        let messages = [message("plain", body: "loopback only")]
        try await Dovecot.with(messages: messages) { server in
            let count = try await IMAPClient.poll(server.configuration(security: .none)) { $0 == messages[0] }
            #expect(count == 1)
        }
    }

    @Test func wrongPasswordIsPermanentLoginFailure() async throws {
        try await Dovecot.with(messages: [message("x", body: "y")]) { server in
            do {
                _ = try await IMAPClient.poll(server.configuration(security: .tls, password: "wrong")) { _ in true }
                Issue.record("expected failure")
            } catch let error as IMAPError {
                #expect(error.kind == .permanent)
                #expect(error.key == "mail.imap.login_failed")
                #expect(!error.message.contains("wrong"))
            }
        }
    }

    @Test func untrustedCertificateIsTLSFailure() async throws {
        try await Dovecot.with(messages: []) { server in
            var config = server.configuration(security: .tls)
            config.caFile = nil
            do {
                _ = try await IMAPClient.poll(config) { _ in true }
                Issue.record("expected failure")
            } catch let error as IMAPError {
                #expect(error.key == "mail.imap.tls_failed")
            }
        }
    }

    @Test func largeMessageRoundTripsExactly() async throws {
        var generator = SystemRandomNumberGenerator()
        var payload = [UInt8](repeating: 0, count: 2_300_000)
        for index in payload.indices { payload[index] = UInt8.random(in: 0...255, using: &generator) }
        let encoded = Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        var big = Array("From: a@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
        big += Array(encoded.utf8) + [0x0D, 0x0A]
        #expect(big.count > 3_000_000)
        try await Dovecot.with(messages: [big]) { server in
            let collected = Collected()
            let count = try await IMAPClient.poll(server.configuration(security: .tls)) { raw in
                await collected.add(raw)
                return true
            }
            #expect(count == 1)
            let received = await collected.messages
            #expect(received.count == 1)
            #expect(received.first?.count == big.count)
            #expect(received.first == big)
        }
    }
}

@Suite struct OfflineTests {
    @Test func connectionRefusedIsTemporary() async throws {
        let port = try await Dovecot.freePort()
        let config = IMAPConfiguration(host: "127.0.0.1", port: port, security: .tls, username: "u", password: "p", timeout: .seconds(5))
        do {
            _ = try await IMAPClient.poll(config) { _ in true }
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .temporary)
            #expect(error.key == "mail.imap.connect_failed")
        }
    }

    @Test func refusesCleartextToRemoteHostAndBadCredentials() async throws {
        let remote = IMAPConfiguration(host: "imap.example.org", security: .none, username: "u", password: "p")
        #expect(remote.port == 143)
        await #expect(throws: IMAPError.self) { _ = try await IMAPClient.poll(remote) { _ in true } }
        let crlf = IMAPConfiguration(host: "127.0.0.1", username: "u", password: "p\r\nA2 LOGOUT")
        #expect(crlf.port == 993)
        do {
            _ = try await IMAPClient.poll(crlf) { _ in true }
            Issue.record("expected failure")
        } catch {
            #expect(error.key == "mail.imap.login_failed")
            #expect(error.kind == .permanent)
        }
    }

    @Test func descriptionRedactsPassword() {
        let config = IMAPConfiguration(host: "h", username: "u", password: "hunter2")
        #expect(!config.description.contains("hunter2"))
        #expect(!String(reflecting: config).contains("hunter2"))
    }

    @Test func parserHandlesLiteralsSplitAcrossChunks() throws {
        let wire = Array("* 1 FETCH (UID 7 BODY[] {13}\r\nab\r\ncd\r\n{3}\r\n)\r\nA1 OK done\r\n".utf8)
        var parser = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        for byte in wire {
            parser.append([byte])
            while let response = try parser.next() { responses.append(response) }
        }
        #expect(responses.count == 2)
        #expect(responses[0].segments == [.text(Array("* 1 FETCH (UID 7 BODY[] {13}".utf8)), .literal(Array("ab\r\ncd\r\n{3}\r\n".utf8)), .text(Array(")".utf8))])
        #expect(IMAPFetchParser.body(forUID: 7, in: [responses[0]]) == Array("ab\r\ncd\r\n{3}\r\n".utf8))
        #expect(responses[1].kind == .tagged("A1"))
        #expect(responses[1].status == "OK")
    }

    @Test func encoding() {
        #expect(IMAPEncoding.astring(#"a"b\c"#) == .inline(Array(#""a\"b\\c""#.utf8)))
        #expect(IMAPEncoding.astring("pässword") == .literal(Array("pässword".utf8)))
        #expect(IMAPEncoding.pieces("A1 LOGIN", [.inline(Array("u".utf8)), .literal(Array("pä".utf8))])
                == [Array("A1 LOGIN u {3}\r\n".utf8), Array("pä\r\n".utf8)])
        #expect(IMAPEncoding.mailboxName("INBOX") == "INBOX")
        #expect(IMAPEncoding.mailboxName("Entwürfe") == "Entw&APw-rfe")
        #expect(IMAPEncoding.mailboxName("A&B") == "A&-B")
        #expect(IMAPEncoding.base64(Array("\0u\0p".utf8)) == "AHUAcA==")
    }
}
