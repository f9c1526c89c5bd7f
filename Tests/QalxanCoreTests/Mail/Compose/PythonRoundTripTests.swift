import Foundation
import Testing
@testable import QalxanCore

private let azerbaijani = "Hadisə barədə bildiriş — ə ğ ı ö ü ç ş İ"

private let parseScript = #"""
import sys, json, email, base64
from email import policy
raw = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(raw, policy=policy.default)
out = {}
out['subject'] = str(msg['Subject'])
frm = msg['From'].addresses[0]
out['from'] = [frm.display_name, frm.addr_spec]
out['to'] = [[a.display_name, a.addr_spec] for a in msg['To'].addresses] if msg['To'] else []
out['cc'] = [[a.display_name, a.addr_spec] for a in msg['Cc'].addresses] if msg['Cc'] else []
out['reply_to'] = msg['Reply-To'].addresses[0].addr_spec if msg['Reply-To'] else None
out['message_id'] = str(msg['Message-ID'])
out['in_reply_to'] = str(msg['In-Reply-To']) if msg['In-Reply-To'] else None
out['references'] = str(msg['References']).split() if msg['References'] else []
out['date'] = str(msg['Date'])
out['bcc'] = msg['Bcc']
out['content_type'] = msg.get_content_type()
out['header_names'] = [k for k in msg.keys()]
out['extra'] = {k: str(v) for k, v in msg.items() if k.lower().startswith('x-') or k.lower() == 'auto-submitted'}
defects = [repr(d) for p in msg.walk() for d in p.defects]
for p in msg.walk():
    for k, v in p.items():
        defects += [k + ': ' + repr(d) for d in getattr(v, 'defects', [])]
out['defects'] = defects
body = msg.get_body(preferencelist=('plain', 'html'))
out['text'] = body.get_content().replace('\r\n', '\n') if body is not None else None
out['attachments'] = [{'filename': p.get_filename(), 'type': p.get_content_type(),
                       'data': base64.b64encode(p.get_payload(decode=True)).decode()} for p in msg.iter_attachments()]
if msg.is_multipart():
    out['parts'] = [p.get_content_type() for p in msg.get_payload()]
    out['params'] = dict((k, v) for k, v in msg['Content-Type'].params.items())
print(json.dumps(out))
"""#

private func sampleMail(subject: String, body: MIMEEntity) -> OutgoingMail {
    OutgoingMail(
        from: MailboxAddress(name: "Qalxan CERT — Növbətçi", address: "cert@example.az"),
        to: [MailboxAddress(name: "İlkin Əliyev", address: "ilkin@example.az"), MailboxAddress(address: "soc@example.org")],
        cc: [MailboxAddress(name: "Team \"Blue\", Ops", address: "blue@example.org")],
        replyTo: MailboxAddress(name: "", address: "reply@example.az"),
        subject: subject,
        date: Date(timeIntervalSince1970: 1_700_000_000),
        messageID: OutgoingMail.newMessageID(domain: "cert.example.az"),
        inReplyTo: "parent.123@example.az",
        references: (0..<8).map { "ref-\($0).aaaaaaaaaaaaaaaaaaaa@example.az" },
        extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Qalxan-Incident", "QX-2024-0001 \(azerbaijani)")],
        body: body
    )
}

private func assertWellFormed(_ raw: [UInt8]) {
    #expect(!hasBareCROrLF(raw), "bare CR or LF found")
    let lines = crlfLines(raw)
    let longest = lines.map(\.count).max() ?? 0
    #expect(longest <= 78, "longest line is \(longest)")
    #expect(raw.suffix(2) == [0x0D, 0x0A])
    for line in headerLines(raw) { #expect(line.allSatisfy { $0 < 0x80 }, "non-ASCII header line") }
}

@Suite struct PythonRoundTripTests {
    @Test func fullMessageDecodesWithPython() throws {
        let text = "Salam,\n\n\(azerbaijani)\r\n.\n..\n.foo\nFrom the SOC\ntrailing spaces   \n"
            + String(repeating: "uzun sətir ", count: 30) + "\nend"
        var data: [UInt8] = Array(0...255)
        var generator = SystemRandomNumberGenerator()
        data += (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let fileName = "Hadisə hesabatı — İyun 2024 (ə ğ ı ö ü ç ş) çox uzun fayl adı üçün test.pdf"
        let body = MIMEEntity.mixed([
            .text(text),
            .attachment(fileName: fileName, contentType: "application/pdf", data: data),
        ])
        let subject = azerbaijani + " — " + String(repeating: "ə", count: 60) + " QX-1"
        let mail = sampleMail(subject: subject, body: body)
        let raw = mail.render()
        assertWellFormed(raw)
        let json = try python(parseScript, message: raw)
        #expect(json["subject"] as? String == subject)
        #expect(json["from"] as? [String] == ["Qalxan CERT — Növbətçi", "cert@example.az"])
        #expect(json["to"] as? [[String]] == [["İlkin Əliyev", "ilkin@example.az"], ["", "soc@example.org"]])
        #expect(json["cc"] as? [[String]] == [["Team \"Blue\", Ops", "blue@example.org"]])
        #expect(json["reply_to"] as? String == "reply@example.az")
        #expect(json["message_id"] as? String == "<\(mail.messageID)>")
        #expect(json["in_reply_to"] as? String == "<parent.123@example.az>")
        #expect((json["references"] as? [String])?.count == 8)
        #expect(json["date"] as? String == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect((json["extra"] as? [String: String])?["X-Qalxan-Incident"] == "QX-2024-0001 \(azerbaijani)")
        #expect((json["extra"] as? [String: String])?["Auto-Submitted"] == "auto-generated")
        #expect(json["content_type"] as? String == "multipart/mixed")
        // The only defect Python reports is the intentional ASCII `filename=` fallback next to `filename*`
        // (Python then correctly prefers the RFC 2231 value, checked below).
        let defects = (json["defects"] as? [String]) ?? ["unparsable"]
        #expect(defects.allSatisfy { $0.contains("duplicate parameter") }, "defects: \(defects)")
        let expectedText = text.replacingOccurrences(of: "\r\n", with: "\n") + "\n"
        #expect(json["text"] as? String == expectedText)
        let attachments = try #require(json["attachments"] as? [[String: String]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["filename"] == fileName)
        #expect(attachments.first?["type"] == "application/pdf")
        #expect(attachments.first?["data"].flatMap { Data(base64Encoded: $0) }.map(Array.init) == data)
        // ASCII fallback is present for legacy clients.
        let rawText = String(decoding: raw, as: UTF8.self)
        #expect(rawText.contains("filename=\"Hadise hesabati"))
        #expect(rawText.contains("filename*0*=UTF-8''"))
    }

    @Test(arguments: [
        "Plain ASCII subject",
        azerbaijani,
        "Mostly ASCII with one ü",
        "Кириллица и emoji 🛡️🔥 — \(azerbaijani)",
        String(repeating: "Long ascii words subject ", count: 20),
        String(repeating: "şğə", count: 100),
        "Looks like =?UTF-8?B?ZW5jb2RlZA==?= but is not",
        "  leading and trailing  ",
    ])
    func subjectsRoundTrip(subject: String) throws {
        let mail = sampleMail(subject: subject, body: .text("hi"))
        let raw = mail.render()
        assertWellFormed(raw)
        let json = try python(parseScript, message: raw)
        let expected = subject.trimmingCharacters(in: .whitespaces)
        let decoded = (json["subject"] as? String)?.trimmingCharacters(in: .whitespaces)
        #expect(decoded == expected || json["subject"] as? String == subject)
        #expect((json["defects"] as? [String]) == [])
    }

    @Test func qEncodingChosenForMostlyASCIIAndBForMostlyNonASCII() {
        #expect(EncodedWord.encode("Mostly ASCII with one ü").hasPrefix("=?UTF-8?Q?"))
        #expect(EncodedWord.encode("Кириллица полностью").hasPrefix("=?UTF-8?B?"))
        for word in EncodedWord.encode(String(repeating: "ə🛡", count: 50)).split(separator: " ") {
            #expect(word.count <= EncodedWord.maximumWordLength)
        }
    }

    @Test func signedStructureSeenByPython() throws {
        let content = MIMEEntity.text(azerbaijani)
        let signed = MIMEEntity.signed(content: content, armoredSignature: "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n", micalg: "pgp-sha256")
        let raw = sampleMail(subject: "signed", body: signed).render()
        assertWellFormed(raw)
        let json = try python(parseScript, message: raw)
        #expect(json["content_type"] as? String == "multipart/signed")
        #expect(json["parts"] as? [String] == ["text/plain", "application/pgp-signature"])
        let params = try #require(json["params"] as? [String: String])
        #expect(params["protocol"] == "application/pgp-signature")
        #expect(params["micalg"] == "pgp-sha256")
    }

    @Test func encryptedStructureSeenByPython() throws {
        let raw = sampleMail(subject: "enc", body: .encrypted(armored: "-----BEGIN PGP MESSAGE-----\n\nxyz\n-----END PGP MESSAGE-----\n")).render()
        let json = try python(parseScript, message: raw)
        #expect(json["content_type"] as? String == "multipart/encrypted")
        #expect(json["parts"] as? [String] == ["application/pgp-encrypted", "application/octet-stream"])
        #expect((json["params"] as? [String: String])?["protocol"] == "application/pgp-encrypted")
        #expect(String(decoding: raw, as: UTF8.self).contains("Version: 1\r\n"))
    }
}
