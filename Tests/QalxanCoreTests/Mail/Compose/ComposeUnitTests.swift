import Foundation
import Testing
@testable import QalxanCore

@Suite struct ComposeUnitTests {
    @Test func headerInjectionIsImpossible() throws {
        let evil = "x\r\nBcc: victim@example.org\r\n\r\nbody"
        let mail = OutgoingMail(
            from: MailboxAddress(name: "Eve\r\nBcc: a@b.c", address: "eve@example.org\r\nBcc: b@c.d"),
            to: [MailboxAddress(name: evil, address: "to@example.org\nBcc: c@d.e")],
            cc: [MailboxAddress(address: "cc@example.org\rBcc: d@e.f")],
            replyTo: MailboxAddress(name: evil, address: "r@example.org"),
            subject: "Hello\r\nBcc: victim@example.org",
            messageID: "id\r\nBcc: x@y.z",
            inReplyTo: "p\nBcc: x@y.z",
            references: ["r\r\nBcc: x@y.z"],
            extraHeaders: [("X-Test\r\nBcc", evil), ("X-Ok", "v\r\nBcc: x@y.z"), ("Bcc", "hidden@example.org")],
            body: .mixed([.text("body"), .attachment(fileName: "a\r\nBcc: x@y.z.txt", contentType: "text/plain\r\nBcc: x", data: [1, 2, 3])])
        )
        let raw = mail.render()
        #expect(!hasBareCROrLF(raw))
        for line in crlfLines(raw) {
            #expect(!String(decoding: line, as: UTF8.self).lowercased().hasPrefix("bcc"), "injected line: \(String(decoding: line, as: UTF8.self))")
        }
        let json = try python(#"""
        import sys, json, email
        from email import policy
        msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
        print(json.dumps({'bcc': [str(p['Bcc']) for p in msg.walk() if p['Bcc'] is not None], 'parts': len(msg.get_payload())}))
        """#, message: raw)
        #expect(json["bcc"] as? [String] == [])
        #expect(json["parts"] as? Int == 2)
    }

    @Test(arguments: [
        ("a@example.org", true), ("first.last+tag@sub.example.co", true), ("x@localhost", true),
        ("", false), ("no-at", false), ("two@@example.org", false), ("a@b@c", false), ("sp ace@example.org", false),
        ("<a@example.org>", false), ("a@example.org,b@example.org", false), ("a;b@example.org", false),
        ("a@exa mple.org", false), ("a@", false), ("@example.org", false), ("a@.example.org", false),
        ("a@example..org", false), (".a@example.org", false), ("a\r\n@example.org", false), ("ə@example.org", false),
        ("a\"b@example.org", false), ("a@-example.org", false),
    ])
    func addressValidation(address: String, valid: Bool) {
        #expect(MailboxAddress.isValid(address) == valid, "\(address)")
    }

    @Test func validateReportsTypedErrors() {
        var mail = OutgoingMail(from: MailboxAddress(address: "a@example.org"), to: [MailboxAddress(address: "bad address")], subject: "s", messageID: "m@x", body: .text("t"))
        #expect(throws: MailComposeError.invalidAddress(field: "To", address: "bad address")) { try mail.validate() }
        mail.to = []
        #expect(throws: MailComposeError.noRecipients) { try mail.validate() }
        mail.to = [MailboxAddress(address: "ok@example.org")]
        #expect(throws: Never.self) { try mail.validate() }
    }

    @Test func renderIsDeterministicAndBoundariesChosenAtCreation() {
        let content = MIMEEntity.mixed([.text("Hadisə"), .attachment(fileName: "a.bin", contentType: "application/octet-stream", data: Array(0...255))])
        let first = content.render()
        #expect(first == content.render())
        let signed = MIMEEntity.signed(content: content, armoredSignature: "sig", micalg: "pgp-sha256")
        #expect(signed.render() == signed.render())
        // The signed entity embeds exactly content.render().
        #expect(signed.render().contains(subsequence: [0x0D, 0x0A] + first + [0x0D, 0x0A, 0x2D, 0x2D]))
        // Two entities created from the same parts get different random boundaries.
        let other = MIMEEntity.mixed([.text("Hadisə")])
        let again = MIMEEntity.mixed([.text("Hadisə")])
        #expect(other.render() != again.render())
    }

    @Test func boundaryCollisionIsAvoidedDeterministically() {
        let part = MIMEEntity(headers: [("Content-Type", "text/plain")], body: .bytes(Array("--collide\r\n".utf8)))
        let entity = MIMEEntity(headers: [], body: .multipart(subtype: "mixed", parameters: [("boundary", "collide")], parts: [part]))
        let raw = entity.render()
        #expect(raw == entity.render())
        #expect(!String(decoding: raw, as: UTF8.self).contains("boundary=collide"))
        let noBoundary = MIMEEntity(headers: [], body: .multipart(subtype: "mixed", parameters: [], parts: [part]))
        #expect(noBoundary.render() == noBoundary.render())
    }

    @Test func textEncodingChoice() {
        func rendered(_ text: String) -> String { String(decoding: MIMEEntity.text(text).render(), as: UTF8.self) }
        #expect(rendered("simple\nascii").contains("Content-Transfer-Encoding: 7bit\r\n\r\nsimple\r\nascii\r\n"))
        #expect(rendered("ə").contains("quoted-printable\r\n\r\n=C9=99\r\n"))
        #expect(rendered("a\n.\nb").contains("\r\n=2E\r\n"))
        #expect(rendered("From me").contains("\r\n=46rom me\r\n"))
        #expect(rendered("trail  ").contains("\r\ntrail =20\r\n"))
        let long = rendered(String(repeating: "a", count: 200))
        #expect(long.contains("quoted-printable"))
        #expect(crlfLines(Array(long.utf8)).allSatisfy { $0.count <= 76 })
        // Soft break must not leave a leading "." on a physical line.
        let dots = rendered(String(repeating: "a", count: 75) + "." + String(repeating: "b", count: 10))
        #expect(!crlfLines(Array(dots.utf8)).contains { $0.first == UInt8(ascii: ".") })
    }

    @Test func headerFoldingKeepsLinesShortAndUnfoldsToOriginal() {
        let value = (0..<30).map { "word\($0)" }.joined(separator: " ")
        let folded = HeaderText.renderField(name: "X-Long", value: value)
        #expect(crlfLines(folded).allSatisfy { $0.count <= 78 })
        let unfolded = String(decoding: folded, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")
        #expect(unfolded == "X-Long: \(value)\r\n")
        let hard = HeaderText.renderField(name: "X-Token", value: String(repeating: "z", count: 3000))
        #expect(crlfLines(hard).allSatisfy { $0.count <= 998 })
    }

    @Test func rfc5322Date() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_709_543_107)) == "Mon, 04 Mar 2024 09:05:07 +0000")
    }

    @Test func messageIDsAreUniqueAndWellFormed() {
        let ids = Set((0..<100).map { _ in OutgoingMail.newMessageID(domain: "cert.example.az\r\n") })
        #expect(ids.count == 100)
        #expect(ids.allSatisfy { $0.hasSuffix("@cert.example.az") && !$0.contains("<") && !$0.contains("\r") })
    }

    @Test func mailboxHeaderValue() {
        #expect(MailboxAddress(name: "", address: "a@b.c").headerValue == "a@b.c")
        #expect(MailboxAddress(name: "John Doe", address: "a@b.c").headerValue == "\"John Doe\" <a@b.c>")
        #expect(MailboxAddress(name: "a \"q\" \\", address: "a@b.c").headerValue == "\"a \\\"q\\\" \\\\\" <a@b.c>")
        #expect(MailboxAddress(name: "Əli", address: "a@b.c").headerValue.hasPrefix("=?UTF-8?"))
        // An unvalidated address can never smuggle in a second mailbox.
        #expect(MailboxAddress(address: "a@b.c>, <evil@x.y").headerValue == "a@b.cevil@x.y")
    }
}
