import Foundation
import Testing
@testable import QalxanCore

@Suite("Mail templates, framing and rules")
struct MailTemplateTests {
    @Test("every built-in template uses only its kind's placeholders, in both languages")
    func builtInsAreValid() {
        for kind in MailKind.allCases {
            for language in Language.allCases {
                let t = MailTemplate.builtIn(kind, language)
                #expect(t.validate(for: kind).isEmpty, "\(kind) \(language): \(t.validate(for: kind))")
                #expect(t.body.contains("{{team}}"))
            }
        }
        #expect(MailTemplate.builtIn(.reportReceived, .az).subject.contains("ə"))
    }

    @Test("unknown placeholders, unclosed braces, empty parts and a subject over one line are refused")
    func validation() {
        let bad = MailTemplate(subject: "Hi {{numbr}}", body: "Text {{recipient")
        let problems = bad.validate(for: .notification)
        #expect(problems.contains { $0.field == "subject" && $0.key == "mail.template.error.unknown" && $0.names == ["numbr"] })
        #expect(problems.contains { $0.field == "body" && $0.key == "mail.template.error.braces" })
        #expect(MailTemplate(subject: " ", body: "x").validate(for: .digest).contains { $0.key == "mail.template.error.empty" })
        #expect(MailTemplate(subject: "a\nb", body: "x").validate(for: .digest).contains { $0.key == "mail.template.error.subject_line" })
        // `summary_table` belongs to digests only.
        #expect(!MailTemplate(subject: "s", body: "{{summary_table}}").validate(for: .notification).isEmpty)
        #expect(MailTemplate(subject: "s", body: "{{summary_table}}").validate(for: .digest).isEmpty)
    }

    @Test("values are filled in one pass: a value never becomes a placeholder, and never breaks the subject's line")
    func rendering() {
        let t = MailTemplate(subject: "About {{title}}", body: "{{message}}\n-- {{team}}")
        let r = t.render(["title": "two\r\nlines\nBcc: x@example.org", "message": "say {{team}}", "team": "CERT"])
        #expect(r.subject == "About two lines Bcc: x@example.org")
        #expect(!r.subject.contains { $0.isNewline })
        #expect(r.body == "say {{team}}\n-- CERT")
        #expect(MailTemplate(subject: "{{missing}}", body: "b").render([:]).subject == "")
    }

    @Test("the subject carries the tracking number once and the TLP label; the body starts with the label")
    func framing() {
        #expect(MailFraming.subject("Hello", number: "QX-2026-00042", tlp: .amber) == "[QX-2026-00042] [TLP:AMBER] Hello")
        #expect(MailFraming.subject("Re: [QX-2026-00042] x", number: "QX-2026-00042", tlp: .red) == "[TLP:RED] Re: [QX-2026-00042] x")
        #expect(MailFraming.subject("Hello", number: nil, tlp: .clear) == "[TLP:CLEAR] Hello")
        #expect(MailFraming.body("\n\nText\n", tlp: .green) == "TLP:GREEN\n\nText\n")
    }

    @Test("automatic mail is never answered (RFC 3834)")
    func automatic() {
        #expect(MailPolicy.isAutomatic(autoSubmitted: "auto-replied", precedence: nil, listID: nil, from: "a@example.org"))
        #expect(!MailPolicy.isAutomatic(autoSubmitted: "no", precedence: nil, listID: nil, from: "a@example.org"))
        #expect(MailPolicy.isAutomatic(autoSubmitted: nil, precedence: "bulk", listID: nil, from: "a@example.org"))
        #expect(MailPolicy.isAutomatic(autoSubmitted: nil, precedence: nil, listID: "<l.example.org>", from: "a@example.org"))
        #expect(MailPolicy.isAutomatic(autoSubmitted: nil, precedence: nil, listID: nil, from: "MAILER-DAEMON@mx.example.org"))
        #expect(MailPolicy.isAutomatic(autoSubmitted: nil, precedence: nil, listID: nil, from: ""))
        #expect(!MailPolicy.isAutomatic(autoSubmitted: nil, precedence: nil, listID: nil, from: "aygun@example.org"))
    }

    @Test("back-off grows and stops growing at four hours")
    func backoff() {
        let waits = (1...10).map { MailPolicy.backoff(afterAttempt: $0) / 60 }
        #expect(waits == [1, 5, 15, 30, 60, 120, 240, 240, 240, 240])
    }

    @Test("PGP/MIME: content rendered before goes between the boundaries unchanged, the boundary occurs nowhere else")
    func pgpMime() throws {
        let content = Array("Content-Type: text/plain\r\n\r\nBody --=_Qx_ here\r\n".utf8)
        let signed = MIMEEntity.signed(content: MIMEEntity(headers: [], body: .rendered(content)),
                                       armoredSignature: "-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n", micalg: "pgp-sha256")
        let text = String(decoding: signed.render(), as: UTF8.self)
        let headEnd = try #require(text.range(of: "\r\n\r\n"))
        let header = text[..<headEnd.lowerBound].replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        #expect(header.contains("multipart/signed") && header.contains("pgp-sha256") && header.contains("application/pgp-signature"))
        let boundary = try #require(header.components(separatedBy: "boundary=").last?.split(separator: ";").first)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let parts = text.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)  // headers and preamble, content, signature, epilogue
        #expect(Array(parts[1].utf8) == Array("\r\n".utf8) + content + Array("\r\n".utf8))
        #expect(parts[2].contains("-----BEGIN PGP SIGNATURE-----\r\nabc\r\n-----END PGP SIGNATURE-----"))
        let encrypted = String(decoding: MIMEEntity.encrypted(armored: "-----BEGIN PGP MESSAGE-----\nxyz\n-----END PGP MESSAGE-----").render(), as: UTF8.self)
        #expect(encrypted.contains("multipart/encrypted") && encrypted.contains("application/pgp-encrypted"))
        #expect(encrypted.contains("Version: 1"))
    }
}
