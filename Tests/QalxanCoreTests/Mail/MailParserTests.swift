import Foundation
import Testing
@testable import QalxanCore

@Suite("Mail parser: fixtures")
struct MailParserFixtureTests {
    @Test func plainASCII() throws {
        let m = try TestSupport.message("plain-ascii.eml")
        #expect(m.subject == "Plain ASCII test")
        #expect(m.from == [MailAddress(name: "CERT Test", address: "test@cert.example")])
        #expect(m.messageID == "plain@cert.example")
        #expect(m.root.contentType.mimeType == "text/plain")
        let text = try m.textBody()
        #expect(text.hasPrefix("Hello,\n\nthis is a plain message."))
        #expect(!text.contains("\r"))
        #expect(m.attachments.isEmpty)
    }

    @Test func utf8EightBitAzerbaijani() throws {
        let m = try TestSupport.message("utf8-8bit-az.eml")
        #expect(m.subject == "Hesabat: ə ğ ı ö ü ç ş")
        #expect(try m.textBody().contains("ə ğ ı ö ü ç ş — Ə Ğ I Ö Ü Ç Ş"))
    }

    @Test func quotedPrintableUTF8() throws {
        let text = try TestSupport.message("qp-utf8.eml").textBody()
        #expect(text.contains("Bu sınaq məktubudur: ə ğ ı ö ü ç ş."))
        #expect(text.contains("Second line with softbreak and = sign."))
    }

    @Test func base64Body() throws {
        let text = try TestSupport.message("base64-body.eml").textBody()
        #expect(text.hasPrefix("Base64 mətn: Salam! Azərbaycan dili"))
    }

    @Test func encodedWordHeaders() throws {
        let m = try TestSupport.message("subject-2047.eml")
        #expect(m.subject == "Təhlükəsizlik hadisəsi")
        #expect(m.headers.decoded("X-Latin1") == "Café crème")
        #expect(m.headers.decoded("X-Koi8r") == "Привет мир")
        let second = MailAddress.parseList(m.headers.all("From")[1])
        #expect(second == [MailAddress(name: "Jürgen Müller", address: "Sender@example.org")])
        #expect(m.headers["x-latin1"]?.hasPrefix("=?iso-8859-1?Q?") == true)
    }

    @Test(arguments: [
        ("iso-8859-2.eml", "Zażółć gęślą jaźń. Příliš žluťoučký kůň."),
        ("iso-8859-9.eml", "Şişli'de ığdır: ğ ı İ ş ç ö ü."),
        ("windows-1251.eml", "Привет, мир! Съешь же ещё этих булок."),
        ("windows-1252.eml", "Café – “quoted” 5 € naïve."),
        ("koi8-r.eml", "Съешь же ещё этих мягких французских булок."),
    ])
    func charsetBodies(file: String, expected: String) throws {
        #expect(try TestSupport.message(file).textBody().mailTrimmed == expected)
    }

    @Test func mixedWithAttachments() throws {
        let m = try TestSupport.message("mixed-attachments.eml")
        #expect(m.root.children.count == 3)
        #expect(try m.textBody() == "See the attached files.")
        let attachments = m.attachments
        #expect(attachments.count == 2)
        let pdf = try #require(attachments.first)
        #expect(pdf.fileName == "report.pdf")
        #expect(pdf.contentType.mimeType == "application/pdf")
        #expect(pdf.body.starts(with: Array("%PDF-1.4".utf8)))
        #expect(pdf.body.count == 314)
        #expect(attachments[1].fileName == "hesabat əğı.txt")
        #expect(try attachments[1].text() == "Qoşma mətni")
        #expect(m.parts(mimeType: "TEXT/PLAIN").count == 2)
    }

    @Test func alternativePrefersPlain() throws {
        let m = try TestSupport.message("alternative.eml")
        #expect(try m.textBody() == "Plain version.")
        #expect(m.parts(mimeType: "text/html").count == 1)
    }

    @Test func htmlOnly() throws {
        let text = try TestSupport.message("html-only.eml").textBody()
        #expect(text == "Incident\n\nDear team,\nplease see the ticket <https://cert.example/i/42>.\n\n- one\n- two & three\n\nCafé €5")
    }

    @Test func nestedMultipart() throws {
        let m = try TestSupport.message("nested.eml")
        #expect(m.root.children.count == 2)
        #expect(m.root.children[0].contentType.mimeType == "multipart/alternative")
        #expect(m.root.children[0].children.count == 2)
        #expect(try m.textBody() == "Nested plain.")
        let png = try #require(m.attachments.first)
        #expect(png.fileName == "pixel.png")
        #expect(png.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func forwardedMessage() throws {
        let m = try TestSupport.message("forward-rfc822.eml")
        let fwd = try #require(m.parts(mimeType: "message/rfc822").first)
        let inner = try #require(fwd.children.first)
        let embedded = MailMessage(headers: inner.headers, root: inner)
        #expect(embedded.subject == "Verify your account")
        #expect(embedded.from == [MailAddress(name: "Bank Support", address: "support@bank-secure.example")])
        #expect(embedded.messageID == "phish-1@bank-secure.example")
        #expect(try embedded.textBody() == "Click here: http://bank-secure.example/login")
        #expect(try m.textBody() == "Forwarding a suspicious message.")
    }

    @Test func replyThreading() throws {
        let m = try TestSupport.message("reply.eml")
        #expect(m.inReplyTo == ["d8f2a9c0e1@cert.example"])
        #expect(m.references == ["root-0@cert.example", "d8f2a9c0e1@cert.example"])
        #expect(m.from == [MailAddress(name: "Doe, John", address: "John.Doe@partner.example")])
        #expect(m.to.map(\.address) == ["incident@cert.example", "team@cert.example"])
        #expect(m.to.last?.name == "Team (CERT)")
        #expect(m.cc.isEmpty)
        #expect(m.replyTo == [MailAddress(name: "NOC desk", address: "noc@partner.example")])
        #expect(MailTag.find(in: m.subject, prefix: "qx") == "QX-2026-00042")
        #expect(m.date == Date(timeIntervalSince1970: 1_770_105_600))
    }

    @Test func pgpSignedStructure() throws {
        let bytes = try TestSupport.fixture("pgp-signed.eml")
        let m = try MailParser.parse(bytes)
        #expect(m.root.contentType.mimeType == "multipart/signed")
        #expect(m.root.contentType.parameters["protocol"] == "application/pgp-signature")
        #expect(m.root.contentType.parameters["micalg"] == "pgp-sha256")
        #expect(m.root.children.count == 2)
        let signed = m.root.children[0]
        let expected = TestSupport.crlf("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nSigned text line one.\nLine two=20")
        #expect(signed.rawBytes == expected)
        #expect(try signed.text() == "Signed text line one.\nLine two ")
        let signature = m.root.children[1]
        #expect(signature.contentType.mimeType == "application/pgp-signature")
        #expect(String(decoding: signature.body, as: UTF8.self).hasPrefix("-----BEGIN PGP SIGNATURE-----"))
        #expect(m.root.rawBytes == bytes)
    }

    @Test func unterminatedMultipartIsTolerated() throws {
        let m = try TestSupport.message("unterminated.eml")
        #expect(m.root.children.count == 2)
        #expect(try m.root.children[1].text() == "second, no close delimiter\n")
    }

    @Test func headersOnly() throws {
        let m = try TestSupport.message("headers-only.eml")
        #expect(m.subject == "Headers only")
        #expect(m.root.body.isEmpty)
        #expect(try m.textBody() == "")
    }
}

@Suite("Mail parser: errors")
struct MailParserErrorTests {
    private func expectError(_ key: String, _ bytes: [UInt8], maxDepth: Int = 20) {
        #expect(throws: MailParseError.self) { try MailParser.parse(bytes, maxDepth: maxDepth) }
        do {
            _ = try MailParser.parse(bytes, maxDepth: maxDepth)
        } catch {
            #expect(error.key == key)
        }
    }

    @Test func emptyInput() {
        expectError("mail.error.empty", [])
        expectError("mail.error.empty", Array(" \r\n\t\n".utf8))
    }

    @Test func noHeaders() throws {
        expectError("mail.error.no_headers", Array("just some text\nSubject: x\n\nbody".utf8))
        expectError("mail.error.no_headers", try TestSupport.fixture("garbage.bin"))
    }

    @Test func missingBoundary() throws {
        expectError("mail.error.missing_boundary", try TestSupport.fixture("no-boundary.eml"))
        expectError("mail.error.missing_boundary", try TestSupport.fixture("boundary-missing.eml"))
    }

    @Test func tooDeep() throws {
        let bytes = try TestSupport.fixture("deep-nesting.eml")
        expectError("mail.error.too_deep", bytes)
        let m = try MailParser.parse(bytes, maxDepth: 250)
        #expect(try m.textBody().mailTrimmed == "innermost")
    }

    @Test func brokenBase64() throws {
        expectError("mail.error.bad_encoding", try TestSupport.fixture("broken-base64.eml"))
    }

    @Test func unknownCharset() throws {
        let m = try TestSupport.message("unknown-charset.eml")
        #expect(throws: MailParseError(key: "mail.error.unknown_charset", detail: "Unsupported charset \"x-klingon-42\".")) {
            try m.textBody()
        }
    }

    @Test func mboxFromLineAndLeadingBlankLines() throws {
        let m = try MailParser.parse(Array("\r\nFrom someone@example.org Mon Jan  1 00:00:00 2026\nSubject: hi\n\nbody".utf8))
        #expect(m.subject == "hi")
        #expect(try m.textBody() == "body")
    }

    @Test func bareCRLineEndings() throws {
        let m = try MailParser.parse(Array("Subject: cr\rContent-Type: multipart/mixed; boundary=b\r\r--b\rContent-Type: text/plain\r\rone\r--b--\r".utf8))
        #expect(m.subject == "cr")
        #expect(try m.textBody() == "one")
    }
}
