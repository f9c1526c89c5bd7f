import Fluent
import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
@testable import QalxanWeb
import Testing
import VaporTesting

/// A message as a mail client writes it, CRLF line endings.
func mail(_ headers: [(String, String)], _ body: String) -> Data {
    var text = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n") + "\r\n\r\n"
    text += body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    return Data(text.utf8)
}

/// The settings that send mail through the test SMTP server.
func mailEnvironment(home: String, sink: SMTPSink) -> [String: String] {
    ["QALXAN_GNUPG_HOME": home, "QALXAN_MAIL_FROM": "cert@cert.example.az", "QALXAN_MAIL_TRANSPORT": "smtp",
     "QALXAN_SMTP_HOST": "127.0.0.1", "QALXAN_SMTP_PORT": String(sink.port), "QALXAN_SMTP_SECURITY": "none",
     "QALXAN_MAIL_INTERVAL": "0", "QALXAN_PUBLIC_URL": "https://cert.example.az", "QALXAN_TRACKING_PREFIX": "QX"]
}

/// Sends what is queued through the configured transport.
@discardableResult
func deliver(_ app: Application) async throws -> (sent: Int, retried: Int, failed: Int) {
    let transport = try #require(MailTransports.make(app.qalxan.settings))
    return try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, now: Date().addingTimeInterval(1))
}

/// The signed part of a PGP/MIME message and its signature, and whether gpg verifies
/// them with the team's public key.
func verifySigned(_ part: MailPart, home: String) throws -> Bool {
    #expect(part.contentType.mimeType == "multipart/signed")
    #expect(part.contentType.parameters["protocol"] == "application/pgp-signature")
    #expect(part.contentType.parameters["micalg"] == "pgp-sha256")
    guard part.children.count == 2 else { return false }
    let data = try Tools.write(Data(part.children[0].rawBytes), named: "signed.bin")
    let sig = try Tools.write(Data(part.children[1].body), named: "signature.asc")
    let r = try Tools.run("/usr/bin/env", ["gpg", "--homedir", home, "--batch", "--status-fd", "1", "--verify", sig, data])
    return r.status == 0 && r.output.contains("[GNUPG:] VALIDSIG")
}

@Suite("Mail: gateway, threading, acknowledgements, PGP/MIME, SMTP delivery, bounces, quarantine, templates, digests")
struct MailTests {
    @Test("a mailed report is acknowledged, signed and delivered over SMTP; the reporter's reply threads back", arguments: TestDatabase.available)
    func reportAcknowledgedAndThreaded(database: TestDatabase) async throws {
        try await withTeamKey { home, fpr in
            try await SMTPSink.run { sink in
                try await withQalxan(database, environment: mailEnvironment(home: home, sink: sink)) { app in
                    let raw = mail([
                        ("From", "=?UTF-8?B?\(Data("Aygün Məmmədova".utf8).base64EncodedString())?= <aygun@example.org>"),
                        ("To", "cert@cert.example.az"), ("Subject", "=?UTF-8?Q?Saxta_bank_s=C9=99hif=C9=99si?="),
                        ("Message-ID", "<report-1@example.org>"), ("Date", "Mon, 23 Nov 2026 09:00:00 +0400"),
                        ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit"),
                    ], "Salam,\nhttps://bank-az.example.net/login ünvanında saxta səhifə var.\nMəktub göndərən: 192.0.2.10\n")
                    let outcome = try await app.qalxan.mailIntake.receive(raw, mailbox: "reports", on: app.db)
                    #expect(outcome.state == .report)
                    let number = try #require(outcome.reportNumber)
                    let report = try #require(try await ReportModel.query(on: app.db).filter(\.$number == number).first())
                    #expect(report.channel == "email")
                    #expect(report.reporterEmail == "aygun@example.org")
                    #expect(report.reporterName == "Aygün Məmmədova")
                    #expect(report.language == "az")
                    #expect(report.description.contains("Saxta bank səhifəsi"))
                    #expect(report.description.contains("saxta səhifə var"))
                    // The raw message is the report's raw source, byte for byte.
                    #expect(app.qalxan.blobs.get(report.rawSHA256) == raw)

                    // The acknowledgement: queued, in Azerbaijani, tagged, TLP in the subject.
                    let ack = try #require(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").first())
                    #expect(ack.stateValue == .queued)
                    #expect(ack.kind == "report_received")
                    #expect(ack.subject == "[\(number)] [TLP:GREEN] Müraciətiniz qəbul edildi")
                    #expect(ack.inReplyTo == "report-1@example.org")

                    let r = try await deliver(app)
                    #expect(r.sent == 1 && r.failed == 0)
                    let received = try sink.messages()
                    try #require(received.count == 1)
                    let got = received[0]
                    #expect(got.rcptTos == ["aygun@example.org"])
                    #expect(got.mailFrom == "cert+\(ack.verp)@cert.example.az")
                    let parsed = try MailParser.parse(Array(Data(got.content)))
                    #expect(parsed.subject == ack.subject)
                    #expect(parsed.inReplyTo == ["report-1@example.org"])
                    #expect(parsed.messageID == ack.messageID)
                    #expect(parsed.from.first?.address == "cert@cert.example.az")
                    #expect(parsed.headers["Auto-Submitted"] == "auto-replied")
                    #expect(try verifySigned(parsed.root, home: home))
                    let text = try parsed.textBody()
                    #expect(text.hasPrefix("TLP:GREEN\n") || text.hasPrefix("TLP:GREEN\r\n"))
                    #expect(text.contains(number))
                    #expect(text.contains("https://cert.example.az/az/status/\(number)?key="))
                    let sent = try #require(try await MailMessageModel.find(ack.id, on: app.db))
                    #expect(sent.stateValue == .sent)
                    #expect(sent.attempts == 1)

                    // The reporter answers the acknowledgement: the reply joins the report.
                    let reply = mail([
                        ("From", "aygun@example.org"), ("To", "cert@cert.example.az"), ("Subject", "Re: \(parsed.subject)"),
                        ("Message-ID", "<reply-1@example.org>"), ("In-Reply-To", "<\(ack.messageID)>"),
                        ("References", "<report-1@example.org> <\(ack.messageID)>"),
                    ], "Əlavə məlumat: səhifə hələ də açılır.\n")
                    let threaded = try await app.qalxan.mailIntake.receive(reply, mailbox: "reports", on: app.db)
                    #expect(threaded.state == .threaded)
                    #expect(threaded.reportNumber == number)
                    // No second acknowledgement for a reply.
                    #expect(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").count() == 1)

                    // Once the report is an incident, a message tagged with the report's number joins the incident.
                    let incident = try await app.qalxan.triage.openIncident(
                        reportID: report.id!.uuidString, title: "Saxta bank səhifəsi", severity: .high, actor: .cli, on: app.db)
                    let tagged = mail([
                        ("From", "aygun@example.org"), ("To", "cert@cert.example.az"), ("Subject", "[\(number.lowercased())] daha bir ünvan"),
                        ("Message-ID", "<reply-2@example.org>"), ("Content-Type", "multipart/mixed; boundary=\"b1\""), ("MIME-Version", "1.0"),
                    ], "--b1\nContent-Type: text/plain; charset=utf-8\n\nİkinci ünvan: 192.0.2.11\n--b1\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"ekran.png\"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b1--\n")
                    let joined = try await app.qalxan.mailIntake.receive(tagged, mailbox: "reports", on: app.db)
                    #expect(joined.state == .threaded)
                    #expect(joined.incidentNumber == incident.number)
                    let entries = try await TimelineEntryModel.query(on: app.db).filter(\.$incidentID == incident.id!).filter(\.$kind == "mail").all()
                    #expect(entries.count == 1)
                    #expect(entries.first?.body.contains("İkinci ünvan") == true)
                    let evidence = try await EvidenceModel.query(on: app.db).filter(\.$incidentID == incident.id!).all()
                    #expect(evidence.map(\.fileName) == ["ekran.png"])

                    // The incident page shows the message on the timeline, escaped, with a link to it.
                    try await makeUser(app, "handler@cert.example.az", role: .handler)
                    let browser = Browser(app)
                    try await browser.signIn("handler@cert.example.az")
                    let page = try await browser.get(Paths.incident(.en, number: incident.number))
                    #expect(page.body.string.contains("İkinci ünvan: 192.0.2.11"))
                    #expect(page.body.string.contains(Paths.mailMessage(.en, id: joined.messageID)))
                }
            }
        }
    }

    @Test("a handler writes to a constituent: encrypted to the contact's key, signed inside; a bounce flags the contact", arguments: TestDatabase.available)
    func notificationEncryptedAndBounced(database: TestDatabase) async throws {
        try await withTeamKey { home, _ in
            try await SMTPSink.run { sink in
                try await withQalxan(database, environment: mailEnvironment(home: home, sink: sink)) { app in
                    let contactHome = try GnuPGHome()
                    let contactKey = try contactHome.makeKey("SOC <soc@bank.example.az>")
                    let org = try await app.qalxan.organisations.create(
                        OrganisationInput(nameEn: "Example Bank", nameAz: "Nümunə Bank", kind: "constituent", languages: "az,en",
                                          notification: "daily", encryptedMail: true, maxTLP: "TLP:AMBER"),
                        actor: .cli, on: app.db)
                    let withKey = try await app.qalxan.organisations.addContact(
                        to: org.id!, ContactInput(name: "SOC", email: "soc@bank.example.az", role: "abuse", languages: "az", pgpKey: contactKey.armored),
                        actor: .cli, on: app.db)
                    _ = try await app.qalxan.organisations.addContact(
                        to: org.id!, ContactInput(name: "Director", email: "boss@bank.example.az", role: "management", languages: "en"),
                        actor: .cli, on: app.db)
                    let incident = try await app.qalxan.incidents.create(
                        title: "Phishing page <script>", description: "", classification: Classification(path: "fraud/phishing"),
                        severity: .high, tlp: .amber, affectedSystems: "192.0.2.10", actor: .cli, on: app.db)
                    try await app.qalxan.incidentOrganisations.add(incident.number, organisation: org.id!, actor: .cli, on: app.db)

                    try await makeUser(app, "handler@cert.example.az", role: .handler)
                    let browser = Browser(app)
                    try await browser.signIn("handler@cert.example.az", lang: "az")
                    let form = try await browser.get(Paths.incidentMail(.az, number: incident.number))
                    #expect(form.status == .ok)
                    let formText = form.body.string
                    #expect(formText.contains("soc@bank.example.az"))
                    #expect(formText.contains(Localizer(.az).t("mail.note.requires_encryption")))
                    let csrf = try #require(Browser.csrf(formText))
                    // The contact without a key cannot be chosen: the organisation requires encryption.
                    let refused = try await browser.post(Paths.incidentMail(.az, number: incident.number), [
                        ("_csrf", csrf), ("to", "contact:\(try #require(try await ContactModel.query(on: app.db).filter(\.$email == "boss@bank.example.az").first()?.id).uuidString.lowercased())"),
                        ("kind", "notification"), ("message", "Yoxlayın."),
                    ])
                    #expect(refused.status == .unprocessableEntity)
                    #expect(refused.body.string.contains(HTMLText.escaped(Localizer(.az).t("mail.error.recipient_unusable"))))
                    let sentPage = try await browser.post(Paths.incidentMail(.az, number: incident.number), [
                        ("_csrf", csrf), ("to", "contact:\(withKey.id!.uuidString.lowercased())"), ("kind", "notification"),
                        ("message", "192.0.2.10 ünvanında saxta giriş səhifəsi yerləşir. Zəhmət olmasa, onu bağlayın."),
                    ])
                    #expect(sentPage.status == .seeOther)
                    let out = try #require(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").first())
                    #expect(out.encrypted)
                    #expect(out.subject.hasPrefix("[\(incident.number)] [TLP:AMBER] "))
                    #expect(out.subject.contains("Nümunə Bank"))
                    #expect(try await deliver(app).sent == 1)
                    let got = try #require(try sink.messages().first)
                    #expect(got.rcptTos == ["soc@bank.example.az"])
                    let parsed = try MailParser.parse(Array(Data(got.content)))
                    #expect(parsed.root.contentType.mimeType == "multipart/encrypted")
                    // Nothing of the text travels in clear.
                    #expect(!String(decoding: Data(got.content), as: UTF8.self).contains("saxta giriş"))
                    let armored = try Tools.write(Data(parsed.root.children[1].body), named: "msg.asc")
                    let decrypted = try contactHome.run(["--decrypt", armored])
                    let inner = try MailParser.parse(Array(decrypted.utf8))
                    #expect(inner.root.contentType.mimeType == "multipart/signed")
                    #expect(try verifySigned(inner.root, home: home))
                    let text = try inner.textBody()
                    #expect(text.hasPrefix("TLP:AMBER"))
                    #expect(text.contains("saxta giriş səhifəsi"))
                    // The subject travels inside (protected headers); outside only the number and the label.
                    #expect(parsed.subject == "[\(incident.number)] [TLP:AMBER] …")
                    #expect(inner.root.children.first?.headers.decoded("Subject") == out.subject)
                    #expect(out.subject.contains("Phishing page <script>"))

                    // Three bounces flag the contact on its organisation's page.
                    for i in 1...3 {
                        let dsn = mail([
                            ("From", "MAILER-DAEMON@mx.bank.example.az"), ("To", "cert+\(out.verp)@cert.example.az"),
                            ("Subject", "Undelivered Mail Returned to Sender"), ("Message-ID", "<dsn-\(i)@mx.bank.example.az>"),
                            ("MIME-Version", "1.0"), ("Auto-Submitted", "auto-replied"),
                            ("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"dsn\""),
                        ], """
                        --dsn
                        Content-Type: text/plain

                        Your message could not be delivered.
                        --dsn
                        Content-Type: message/delivery-status

                        Reporting-MTA: dns; mx.bank.example.az

                        Final-Recipient: rfc822; soc@bank.example.az
                        Action: failed
                        Status: 5.1.1
                        Diagnostic-Code: smtp; 550 5.1.1 User unknown

                        --dsn
                        Content-Type: text/rfc822-headers

                        Message-ID: <\(out.messageID)>
                        Subject: \(out.subject)

                        --dsn--
                        """)
                        let bounce = try await app.qalxan.mailIntake.receive(dsn, mailbox: "bounces", recipient: "cert+\(out.verp)@cert.example.az", on: app.db)
                        #expect(bounce.state == .bounce)
                        #expect(bounce.reason.isEmpty)
                    }
                    let bounced = try #require(try await MailMessageModel.find(out.id, on: app.db))
                    #expect(bounced.stateValue == .bounced)
                    #expect(bounced.detail.contains("5.1.1"))
                    let contact = try #require(try await ContactModel.find(withKey.id, on: app.db))
                    #expect(contact.bounceCount == 3)
                    let orgPage = try await browser.get(Paths.organisation(.az, id: org.id!.uuidString))
                    #expect(orgPage.body.string.contains(Localizer(.az).t("contact.bouncing")))
                    // No acknowledgement went to the mailer daemon.
                    #expect(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").count() == 1)
                }
            }
        }
    }

    @Test("bad mail is kept raw and quarantined with its reason; staff see it and replay it after a fix", arguments: TestDatabase.available)
    func quarantineAndReplay(database: TestDatabase) async throws {
        try await withTeamKey { home, _ in
            try await withQalxan(database, environment: ["QALXAN_GNUPG_HOME": home, "QALXAN_MAIL_FROM": "cert@cert.example.az", "QALXAN_MAIL_MAX_MB": "1"]) { app in
                let intake = app.qalxan.mailIntake
                let noBoundary = mail([("From", "x@example.org"), ("Subject", "broken"), ("MIME-Version", "1.0"), ("Content-Type", "multipart/mixed")],
                                      "--zzz\nContent-Type: text/plain\n\nhello\n--zzz--\n")
                let a = try await intake.receive(noBoundary, mailbox: "reports", on: app.db)
                #expect(a.state == .quarantined)
                #expect(a.reason == "mail.error.missing_boundary")
                let garbage = Data((0..<4000).map { _ in UInt8.random(in: 0...255) })
                let b = try await intake.receive(garbage, mailbox: "reports", on: app.db)
                #expect(b.state == .quarantined)
                let big = mail([("From", "x@example.org"), ("Subject", "big")], String(repeating: "A", count: 1_200_000))
                let c = try await intake.receive(big, mailbox: "reports", on: app.db)
                #expect(c.reason == "mail.error.too_large")
                let charset = mail([("From", "x@example.org"), ("Subject", "charset"), ("Content-Type", "text/plain; charset=x-klingon")], "qapla'\n")
                let d = try await intake.receive(charset, mailbox: "reports", on: app.db)
                #expect(d.reason == "mail.error.unknown_charset")

                // Encrypted to a key the team does not have: kept, undecryptable.
                let stranger = try GnuPGHome()
                let strangerKey = try stranger.makeKey("Stranger <s@example.org>")
                let plainFile = try Tools.write(Data("secret text".utf8), named: "p.txt")
                let armored = try stranger.run(["--armor", "--trust-model", "always", "--recipient", strangerKey.fingerprint, "--encrypt", "--output", "-", plainFile])
                let encrypted = mail([("From", "s@example.org"), ("Subject", "encrypted"), ("MIME-Version", "1.0"),
                                      ("Content-Type", "multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"")],
                                     "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--e\nContent-Type: application/octet-stream\n\n\(armored)\n--e--\n")
                let e = try await intake.receive(encrypted, mailbox: "reports", on: app.db)
                #expect(e.reason == "mail.error.undecryptable")

                // A signed message whose text was changed after signing.
                let signerHome = try GnuPGHome()
                try signerHome.run(["--quick-gen-key", "Partner CERT <cert@partner.example>", "ed25519", "sign", "1y"])
                let colons = try signerHome.run(["--with-colons", "--list-keys", "cert@partner.example"])
                let signerFpr = String(try #require(colons.split(separator: "\n").first { $0.hasPrefix("fpr:") }?.split(separator: ":", omittingEmptySubsequences: false)[9]))
                let signer = (armored: try signerHome.run(["--armor", "--export", signerFpr]), fingerprint: signerFpr)
                let part = "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease block 198.51.100.7."  // the CRLF before the boundary is not signed
                let partFile = try Tools.write(Data(part.utf8), named: "part")
                let signature = try signerHome.run(["--armor", "--detach-sign", "--local-user", signer.fingerprint, "--output", "-", partFile])
                func signed(_ body: String, subject: String = "block list") -> Data {
                    mail([("From", "cert@partner.example"), ("Subject", subject), ("MIME-Version", "1.0"),
                          ("Content-Type", "multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"s\"")],
                         "--s\n\(body)\n--s\nContent-Type: application/pgp-signature\n\n\(signature)\n--s--\n")
                }
                // Untampered but signed with a key the team does not know: accepted, recorded as such.
                let unknown = try await intake.receive(signed(part.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)), mailbox: "partners", on: app.db)
                #expect(unknown.state == .report)
                #expect(try await MailMessageModel.find(unknown.messageID, on: app.db)?.signatureValue == .unknownKey)
                // Once the partner's key is imported, a changed text is caught and the right one verifies.
                _ = try await app.qalxan.gnupg.importKey(signer.armored)
                let tampered = try await intake.receive(signed(part.replacingOccurrences(of: "198.51.100.7", with: "198.51.100.8").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)), mailbox: "partners", on: app.db)
                #expect(tampered.state == .quarantined)
                #expect(tampered.reason == "mail.error.bad_signature")
                let known = try await intake.receive(signed(part.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines), subject: "block list, again"), mailbox: "partners", on: app.db)
                let knownRow = try #require(try await MailMessageModel.find(known.messageID, on: app.db))
                #expect(knownRow.signatureValue == .valid)
                #expect(knownRow.signer == signer.fingerprint)

                // Nothing was lost: every message is stored raw.
                for id in [a, b, c, d, e, tampered].map(\.messageID) {
                    let row = try #require(try await MailMessageModel.find(id, on: app.db))
                    #expect(app.qalxan.blobs.get(row.rawSHA256) != nil)
                }
                #expect(app.qalxan.blobs.get(try #require(try await MailMessageModel.find(c.messageID, on: app.db)).rawSHA256) == big)

                // Staff see the quarantine with the reasons, in their language, and can replay.
                try await makeUser(app, "coord@cert.example.az", role: .coordinator)
                let browser = Browser(app)
                try await browser.signIn("coord@cert.example.az", lang: "az")
                let list = try await browser.get(Paths.mail(.az, view: "quarantine"))
                let az = Localizer(.az)
                #expect(list.body.string.contains(HTMLText.escaped(az.t("mail.error.missing_boundary"))))
                #expect(list.body.string.contains(HTMLText.escaped(az.t("mail.error.bad_signature"))))
                let detail = try await browser.get(Paths.mailMessage(.az, id: a.messageID))
                #expect(detail.status == .ok)
                let raw = try await browser.get(Paths.mailRaw(.az, id: a.messageID))
                #expect(raw.headers.first(name: .contentType) == "application/octet-stream")
                #expect(Data(buffer: raw.body) == noBoundary)
                let csrf = try #require(Browser.csrf(detail.body.string))
                let replayed = try await browser.post(Paths.mailReplay(.az, id: a.messageID), [("_csrf", csrf)])
                #expect(replayed.status == .seeOther)
                #expect(try await MailMessageModel.find(a.messageID, on: app.db)?.stateValue == .quarantined)
                // Without the CSRF token nothing happens.
                let forged = try await browser.post(Paths.mailReplay(.az, id: a.messageID), [])
                #expect(forged.status == .forbidden)
                // A viewer does not read the mail.
                try await makeUser(app, "viewer@cert.example.az", role: .viewer)
                let viewer = Browser(app)
                try await viewer.signIn("viewer@cert.example.az")
                #expect(try await viewer.get(Paths.mail(.en)).status == .forbidden)
                #expect(try await viewer.get(Paths.mailRaw(.en, id: a.messageID)).status == .forbidden)
            }
        }
    }

    @Test("X-ARF and ARF reports become classified reports with the reported addresses")
    func feedbackReports() async throws {
        try await withQalxan(.sqlite, environment: ["QALXAN_MAIL_FROM": "cert@cert.example.az"]) { app in
            let json = #"{"Version":"4","ReporterInfo":{"ReporterOrg":"Example Abuse","ReporterOrgMail":"abuse@reporter.example"},"Disclosure":true,"Report":{"ReportClass":"Activity","ReportType":"LoginAttack","Date":"2026-11-20T10:00:00Z","SourceIp":"203.0.113.5","SourcePort":22,"Service":"ssh"}}"#
            let xarf = mail([("From", "abuse@reporter.example"), ("Subject", "abuse report about 203.0.113.5"), ("X-XARF", "PLAIN"),
                             ("MIME-Version", "1.0"), ("Content-Type", "multipart/mixed; boundary=\"x\""), ("Auto-Submitted", "auto-generated")],
                            "--x\nContent-Type: text/plain\n\nLogin attacks from 203.0.113.5.\n--x\nContent-Type: application/json; name=\"report.json\"\n\n\(json)\n--x--\n")
            let a = try await app.qalxan.mailIntake.receive(xarf, mailbox: "reports", on: app.db)
            #expect(a.state == .report)
            let ra = try #require(try await ReportModel.query(on: app.db).filter(\.$number == a.reportNumber!).first())
            #expect(ra.category == "intrusion-attempts/brute-force")
            #expect(ra.affectedSystems.contains("203.0.113.5"))
            #expect(try await MailMessageModel.find(a.messageID, on: app.db)?.kind == "xarf")
            // Automatic reports are not acknowledged.
            #expect(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").count() == 0)

            let arf = mail([("From", "fbl@isp.example"), ("Subject", "FW: spam"), ("MIME-Version", "1.0"),
                            ("Content-Type", "multipart/report; report-type=feedback-report; boundary=\"f\"")], """
                --f
                Content-Type: text/plain

                This is an abuse report for an email message received from IP 192.0.2.200.
                --f
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Source-IP: 192.0.2.200
                Reported-Domain: spam.example.com

                --f
                Content-Type: text/rfc822-headers

                From: <somespammer@spam.example.com>
                Subject: Earn money
                Message-ID: <spam-1@spam.example.com>

                --f--
                """)
            let b = try await app.qalxan.mailIntake.receive(arf, mailbox: "reports", on: app.db)
            #expect(b.state == .report)
            let rb = try #require(try await ReportModel.query(on: app.db).filter(\.$number == b.reportNumber!).first())
            #expect(rb.category == "abusive-content/spam")
            #expect(rb.affectedSystems.contains("192.0.2.200"))
            #expect(rb.affectedSystems.contains("spam.example.com"))
        }
    }

    @Test("an organisation that requires encryption is never written to in clear; the held message goes once a key is added")
    func heldUntilKey() async throws {
        try await withTeamKey { home, _ in
            try await SMTPSink.run { sink in
                try await withQalxan(.sqlite, environment: mailEnvironment(home: home, sink: sink)) { app in
                    let org = try await app.qalxan.organisations.create(
                        OrganisationInput(nameEn: "Ministry", nameAz: "Nazirlik", kind: "constituent", languages: "az",
                                          notification: "daily", encryptedMail: true, maxTLP: "TLP:AMBER"),
                        actor: .cli, on: app.db)
                    let contact = try await app.qalxan.organisations.addContact(
                        to: org.id!, ContactInput(name: "CISO", email: "ciso@gov.example.az", role: "abuse", languages: "az"), actor: .cli, on: app.db)
                    let request = MailRequest(
                        kind: .statusUpdate,
                        recipient: MailRecipient(name: "CISO", address: "ciso@gov.example.az", language: .az, requiresEncryption: true,
                                                 maxTLP: .amber, contactID: contact.id, organisationID: org.id),
                        values: ["title": "Test", "message": "Gizli məlumat", "status": "in_progress"], tlp: .amber, number: "QX-2026-00001")
                    let held = try await app.qalxan.mailOutbox.enqueue(request, actor: .cli, on: app.db)
                    #expect(held.stateValue == .held)
                    #expect(held.reason == "mail.error.encryption_required")
                    #expect(try await deliver(app).sent == 0)
                    #expect(try sink.messages().isEmpty)
                    // TLP:RED is above what the organisation may receive: refused outright.
                    var red = request
                    red.tlp = .red
                    await #expect(throws: ServiceError.conflict("mail.error.tlp_too_high")) {
                        try await app.qalxan.mailOutbox.enqueue(red, actor: .cli, on: app.db)
                    }
                    // The contact's key is added; the held message is released and goes out encrypted.
                    let contactHome = try GnuPGHome()
                    let key = try contactHome.makeKey("CISO <ciso@gov.example.az>")
                    _ = try await app.qalxan.organisations.updateContact(
                        contact.id!, ContactInput(name: "CISO", email: "ciso@gov.example.az", role: "abuse", languages: "az", pgpKey: key.armored),
                        actor: .cli, on: app.db)
                    let released = try await app.qalxan.mailOutbox.release(held.id!, actor: .cli, on: app.db)
                    #expect(released.stateValue == .queued)
                    #expect(released.encrypted)
                    #expect(try await deliver(app).sent == 1)
                    let got = try #require(try sink.messages().first)
                    #expect(!String(decoding: Data(got.content), as: UTF8.self).contains("Gizli"))
                }
            }
        }
    }

    @Test("templates: staff edit them in both languages with a preview; a wrong placeholder is refused")
    func templatesEditor() async throws {
        try await withQalxan(.sqlite) { app in
            try await makeUser(app, "coord@cert.example.az", role: .coordinator)
            let browser = Browser(app)
            try await browser.signIn("coord@cert.example.az", lang: "az")
            let path = Paths.mailTemplate(.az, kind: .reportReceived, language: .en)
            let page = try await browser.get(path)
            #expect(page.body.string.contains("Your report has been received"))
            let csrf = try #require(Browser.csrf(page.body.string))
            let bad = try await browser.post(path, [("_csrf", csrf), ("action", "save"), ("subject", "Got it {{numbr}}"), ("body", "Thanks {{recipient}}")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("{{numbr}}"))
            let preview = try await browser.post(path, [("_csrf", csrf), ("action", "preview"), ("subject", "Got it <b>"), ("body", "Thanks {{recipient}}, number {{number}}")])
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("Thanks Jane Doe, number QX-2026-00042"))
            #expect(preview.body.string.contains("[QX-2026-00042] [TLP:AMBER] Got it &lt;b&gt;"))
            let saved = try await browser.post(path, [("_csrf", csrf), ("action", "save"), ("subject", "Got it"), ("body", "Thanks {{recipient}}, number {{number}}")])
            #expect(saved.status == .seeOther)
            let (template, custom) = try await app.qalxan.mailTemplates.template(.reportReceived, .en, on: app.db)
            #expect(custom && template.body == "Thanks {{recipient}}, number {{number}}")
            // A handler reads the templates but cannot change them.
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let handler = Browser(app)
            try await handler.signIn("handler@cert.example.az")
            let hcsrf = try #require(Browser.csrf(try await handler.get(path).body.string))
            #expect(try await handler.post(path, [("_csrf", hcsrf), ("action", "save"), ("subject", "x"), ("body", "y")]).status == .forbidden)
        }
    }

    @Test("digests: one message per organisation with a summary table and a CSV file; TLP:RED never goes; sent once", arguments: TestDatabase.available)
    func digests(database: TestDatabase) async throws {
        try await withTeamKey { home, _ in
            try await SMTPSink.run { sink in
                try await withQalxan(database, environment: mailEnvironment(home: home, sink: sink)) { app in
                    let org = try await app.qalxan.organisations.create(
                        OrganisationInput(nameEn: "Example ISP", nameAz: "Nümunə İSP", kind: "constituent", languages: "en",
                                          notification: "daily", maxTLP: "TLP:AMBER"), actor: .cli, on: app.db)
                    _ = try await app.qalxan.organisations.addContact(
                        to: org.id!, ContactInput(name: "NOC", email: "abuse@isp.example", role: "abuse", languages: "en"), actor: .cli, on: app.db)
                    let other = try await app.qalxan.organisations.create(
                        OrganisationInput(nameEn: "Quiet", nameAz: "Sakit", kind: "constituent", notification: "never"), actor: .cli, on: app.db)
                    let run = UUID()
                    var line: Int64 = 0
                    func event(_ org: UUID?, _ type: String, _ ip: String, _ tlp: TLP) async throws {
                        line += 1
                        let e = EventModel()
                        e.timeObservation = 1_795_000_000 + line
                        e.timeSource = 1_795_000_000 + line
                        e.feedName = "shadowserver-scan_http"
                        e.classificationType = type
                        e.sourceIP = ip
                        e.organisationID = org
                        e.tlp = tlp.rawValue
                        e.dedupKey = "k\(line)-\(UUID().uuidString)"
                        e.runID = run
                        e.line = line
                        e.fields = "{}"
                        try await e.create(on: app.db)
                    }
                    for i in 1...3 { try await event(org.id, "scanner", "192.0.2.\(i)", .amber) }
                    try await event(org.id, "infected-system", "192.0.2.50", .green)
                    try await event(org.id, "infected-system", "=HYPERLINK(\"x\")", .green)
                    try await event(org.id, "infected-system", "192.0.2.99", .red)
                    try await event(other.id, "scanner", "198.51.100.1", .amber)

                    let first = try await app.qalxan.digests.run(actor: .cli, on: app.db)
                    #expect(first.organisations == 1 && first.messages == 1 && first.events == 5)
                    #expect(try await deliver(app).sent == 1)
                    let got = try #require(try sink.messages().first)
                    #expect(got.rcptTos == ["abuse@isp.example"])
                    let parsed = try MailParser.parse(Array(Data(got.content)))
                    #expect(parsed.subject.hasPrefix("[TLP:AMBER] Security events in your networks"))
                    #expect(try verifySigned(parsed.root, home: home))
                    let text = try parsed.textBody()
                    #expect(text.hasPrefix("TLP:AMBER"))
                    #expect(text.contains("5 security events"))
                    let table = text.split(separator: "\n").map(String.init)
                    #expect(table.contains { $0.hasPrefix("scanner") && $0.contains(" 3 ") })
                    #expect(table.contains { $0.hasPrefix("infected-system") && $0.contains(" 2 ") })
                    let csvPart = try #require(parsed.attachments.first)
                    #expect(csvPart.contentType.mimeType == "text/csv")
                    let csv = String(decoding: csvPart.body, as: UTF8.self)
                    let rows = csv.split(separator: "\r\n")
                    #expect(rows.count == 6)
                    #expect(rows.first == "time,type,identifier,ip,port,asn,fqdn,url,malware,feed,tlp")
                    #expect(!csv.contains("192.0.2.99"), "TLP:RED event in a digest")
                    #expect(!csv.contains("198.51.100.1"), "another organisation's event")
                    #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "formula not guarded: \(csv)")

                    // Nothing new: no second digest; a new event waits for tomorrow.
                    #expect(try await app.qalxan.digests.run(actor: .cli, on: app.db).messages == 0)
                    try await event(org.id, "scanner", "192.0.2.7", .amber)
                    #expect(try await app.qalxan.digests.run(actor: .cli, on: app.db).messages == 0)
                    let tomorrow = try await app.qalxan.digests.run(actor: .cli, on: app.db, now: Date().addingTimeInterval(86_400))
                    #expect(tomorrow.messages == 1 && tomorrow.events == 1)
                }
            }
        }
    }

    @Test("delivery: a temporary failure is retried later, a permanent one gives up; each state is on the message")
    func retries() async throws {
        try await withTeamKey { home, _ in
            try await withQalxan(.sqlite, environment: ["QALXAN_GNUPG_HOME": home, "QALXAN_MAIL_FROM": "cert@cert.example.az"]) { app in
                let request = MailRequest(kind: .statusUpdate, recipient: MailRecipient(name: "", address: "someone@example.org", language: .en),
                                          values: ["title": "t", "message": "m", "status": "s"], tlp: .green, number: "QX-2026-00007")
                let message = try await app.qalxan.mailOutbox.enqueue(request, actor: .cli, on: app.db)
                let now = Date().addingTimeInterval(1)
                try await SMTPSink.run(["--tempfail"]) { sink in
                    let transport = SMTPMailTransport(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port, security: SMTPConfiguration.Security.none))
                    let r = try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, now: now)
                    #expect(r.retried == 1)
                    let row = try #require(try await MailMessageModel.find(message.id, on: app.db))
                    #expect(row.stateValue == .queued)
                    #expect(row.attempts == 1)
                    #expect(row.detail.contains("451"))
                    let wait = try #require(row.nextAttemptAt).timeIntervalSince(now)
                    #expect(wait > 55 && wait < 65)
                    // Not due yet: nothing is sent.
                    #expect(try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, now: now).retried == 0)
                }
                try await SMTPSink.run(["--reject-rcpt", "someone@example.org"]) { sink in
                    let transport = SMTPMailTransport(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port, security: SMTPConfiguration.Security.none))
                    let r = try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, now: now.addingTimeInterval(120))
                    #expect(r.failed == 1)
                    let row = try #require(try await MailMessageModel.find(message.id, on: app.db))
                    #expect(row.stateValue == .failed)
                    #expect(row.detail.contains("550"))
                    #expect(try sink.messages().isEmpty)
                }
            }
        }
    }

    @Test("qalxan mailgate: stores the message and exits 0, the same message twice once; 75 when it cannot store it")
    func mailgateCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-mailgate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let message = "From: reporter@example.org\r\nSubject: scan from 203.0.113.9\r\nMessage-ID: <m1@example.org>\r\n\r\nPort scans from 203.0.113.9.\r\n"
        let first = try qalxan(["mailgate", "--mailbox", "reports"], stdin: message, dataDir: dir)
        #expect(first.status == 0, "\(first.err)")
        let fields = first.out.split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
        #expect(fields.count >= 3 && fields[1] == "report" && fields[2].hasPrefix("QX-"), "\(first.out)")
        let again = try qalxan(["mailgate"], stdin: message, dataDir: dir)
        #expect(again.status == 0)
        #expect(again.out.split(separator: "\n").last?.split(separator: " ").first.map(String.init) == fields.first)
        let junk = try qalxan(["mailgate"], stdin: "\u{1}\u{2}garbage without headers", dataDir: dir)
        #expect(junk.status == 0)
        #expect(junk.out.contains("quarantined"))
        // A data folder that cannot be made: the MTA is told to try again.
        let blocked = try Tools.write(Data("file".utf8), named: "not-a-directory")
        let failed = try qalxan(["mailgate"], stdin: message, dataDir: blocked + "/data")
        #expect(failed.status == 75, "\(failed.out) \(failed.err)")
    }

    @Test("the team key is created and a partner's key imported from the console; a report from the form is acknowledged")
    func teamKeyConsoleAndFormAcknowledgement() async throws {
        let home = "/tmp/qx-console-key-\(UUID().uuidString.prefix(8))"
        defer {
            _ = try? Tools.run("/usr/bin/env", ["gpgconf", "--homedir", home, "--kill", "all"])
            try? FileManager.default.removeItem(atPath: home)
        }
        try await withQalxan(.sqlite, environment: ["QALXAN_GNUPG_HOME": home, "QALXAN_MAIL_FROM": "cert@cert.example.az"]) { app in
            // Before there is a key, an acknowledgement is held, never sent unsigned.
            let submitted = try await submitReport(Browser(app), fields: [
                ("name", "Reporter"), ("email", "Reporter@Example.org"), ("category", "unknown"),
                ("description", "Something odd on 192.0.2.1"), ("tlp", "TLP:GREEN"),
            ])
            #expect(submitted.status == .created)
            let ack = try #require(try await MailMessageModel.query(on: app.db).filter(\.$direction == "out").first(),
                                   "no acknowledgement for the form's report")
            #expect(ack.kind == "report_received")
            #expect(ack.toAddresses == "reporter@example.org")
            #expect(ack.stateValue == .held)
            #expect(ack.reason == "mail.error.no_team_key")

            try await makeUser(app, "admin@cert.example.az", role: .administrator)
            try await makeUser(app, "handler@cert.example.az", role: .handler)
            let admin = Browser(app)
            try await admin.signIn("admin@cert.example.az", lang: "az")
            let page = try await admin.get(Paths.teamKey(.az))
            #expect(page.body.string.contains(Localizer(.az).t("team_key.none")))
            let csrf = try #require(Browser.csrf(page.body.string))
            let created = try await admin.post(Paths.teamKey(.az), [("_csrf", csrf), ("action", "create"), ("name", "Test CERT"), ("email", "cert@cert.example.az")])
            #expect(created.status == .seeOther)
            let fpr = try await app.qalxan.gnupg.fingerprint()
            let shown = try await admin.get(Paths.teamKey(.az))
            #expect(shown.body.string.contains(fpr))
            #expect(shown.body.string.contains("BEGIN PGP PUBLIC KEY BLOCK"))
            // A second key is refused; garbage is refused; a partner's public key is imported.
            #expect(try await admin.post(Paths.teamKey(.az), [("_csrf", csrf), ("action", "create"), ("name", "X"), ("email", "x@cert.example.az")]).status == .unprocessableEntity)
            #expect(try await admin.post(Paths.teamKey(.az), [("_csrf", csrf), ("action", "import"), ("key", "not a key")]).status == .unprocessableEntity)
            let partner = try GnuPGHome()
            let partnerKey = try partner.makeKey("Partner <cert@partner.example>")
            #expect(try await admin.post(Paths.teamKey(.az), [("_csrf", csrf), ("action", "import"), ("key", partnerKey.armored)]).status == .seeOther)
            #expect(try Tools.run("/usr/bin/env", ["gpg", "--homedir", home, "--batch", "--list-keys", partnerKey.fingerprint]).status == 0)
            // The held acknowledgement goes once the key exists.
            let released = try await app.qalxan.mailOutbox.release(ack.id!, actor: .cli, on: app.db)
            #expect(released.stateValue == .queued)
            // Only administrators manage the key.
            let handler = Browser(app)
            try await handler.signIn("handler@cert.example.az")
            #expect(try await handler.get(Paths.teamKey(.en)).status == .forbidden)
        }
    }

    @Test("a mailbox polled over IMAPS (a real Dovecot): each message goes through the gateway, is marked seen, and is not fetched twice")
    func imapPolling() async throws {
        let report = Array(mail([("From", "reporter@example.org"), ("Subject", "Port scans"), ("Message-ID", "<imap-1@example.org>")],
                                "Scans from 203.0.113.20 since this morning.\n"))
        let garbage: [UInt8] = Array("\u{1}\u{2} not a message".utf8)
        try await Dovecot.with(messages: [report, garbage]) { server in
        try await withQalxan(.sqlite, environment: [
            "QALXAN_MAIL_FROM": "cert@cert.example.az", "QALXAN_IMAP_HOST": "127.0.0.1", "QALXAN_IMAP_PORT": String(server.imapsPort),
            "QALXAN_IMAP_SECURITY": "tls", "QALXAN_IMAP_USER": Dovecot.username, "QALXAN_IMAP_PASSWORD": Dovecot.password,
            "QALXAN_IMAP_CA_FILE": server.certificate,
        ]) { app in
            #expect(try await MailFetcher.fetch(app) == 2)
            let stored = try await MailMessageModel.query(on: app.db).filter(\.$direction == "in").sort(\.$createdAt).all()
            #expect(stored.count == 2)
            #expect(Set(stored.map(\.mailbox)) == ["imap"])
            #expect(Set(stored.map(\.stateValue)) == [.report, .quarantined])
            let reportRow = try #require(stored.first { $0.stateValue == .report })
            #expect(app.qalxan.blobs.get(reportRow.rawSHA256) == Data(report))
            // Seen on the server now: nothing more to fetch.
            #expect(try await MailFetcher.fetch(app) == 0)
        }
        }
    }
}
