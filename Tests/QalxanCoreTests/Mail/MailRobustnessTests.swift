import Foundation
import Testing
@testable import QalxanCore

/// A small deterministic random generator (SplitMix64) for reproducible fuzzing.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Robustness")
struct MailRobustnessTests {
    /// Parses and, when that works, touches every derived property.
    private func exercise(_ bytes: [UInt8]) {
        guard let m = try? MailParser.parse(bytes) else { return }
        _ = (m.subject, m.from, m.to, m.cc, m.replyTo, m.messageID, m.inReplyTo, m.references, m.date)
        _ = try? m.textBody()
        for part in m.root.allParts {
            _ = (part.fileName, part.isAttachment, try? part.text())
        }
        _ = m.attachments
        _ = ARFReport.parse(m)
        _ = XARFReport.parse(m)
        _ = DeliveryStatusReport.parse(m)
        _ = MailTag.find(in: m.subject, prefix: "QX")
    }

    @Test func truncatedFixtures() throws {
        for name in try TestSupport.allFixtureNames() {
            let bytes = try TestSupport.fixture(name)
            for k in 0..<50 {
                exercise(Array(bytes.prefix(bytes.count * k / 50)))
            }
        }
    }

    @Test func byteFlippedFixtures() throws {
        var rng = SplitMix64(state: 0x5EED)
        for name in try TestSupport.allFixtureNames() {
            let bytes = try TestSupport.fixture(name)
            guard !bytes.isEmpty else { continue }
            for _ in 0..<30 {
                var copy = bytes
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    let i = Int.random(in: 0..<copy.count, using: &rng)
                    copy[i] = [0x00, 0x0A, 0x0D, 0x2D, 0x3A, 0x3D, 0x3F, 0x3C, 0x22, 0xFF, UInt8.random(in: 0...255, using: &rng)]
                        .randomElement(using: &rng) ?? 0
                }
                exercise(copy)
            }
        }
    }

    @Test func randomStructuredGarbage() {
        var rng = SplitMix64(state: 42)
        let pieces = ["Content-Type: multipart/mixed; boundary=b\r\n", "--b\r\n", "--b--\r\n", "\r\n", "\n", "\r",
                      "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
                      "=?utf-8?B?", "?=", "=C9", "<a href=\"", "&#x", "Subject: ", " x", "Content-Type: message/rfc822\r\n",
                      "filename*0*=utf-8''%", "From: \"", "<", "(", "Date: 32 Foo 99999 99:99:99 +9999\r\n"]
        for _ in 0..<500 {
            var bytes: [UInt8] = Array("Subject: fuzz\r\n".utf8)
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                bytes += Array((pieces.randomElement(using: &rng) ?? "").utf8)
            }
            exercise(bytes)
        }
    }

    @Test func componentParsersOnGarbage() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = MailBytes.string(bytes)
            _ = MailEncodedWord.decode(text)
            _ = MailAddress.parseList(text)
            _ = MailDate.parse(text)
            _ = MailHTML.text(text)
            _ = MailContentType.parse(text)
            _ = MailTransferEncoding.decodeBase64(bytes)
            _ = MailTransferEncoding.decodeQuotedPrintable(bytes)
            _ = MailHeaders.parseBlocks(bytes)
            _ = MailJSON.parse(bytes)
            for cs in MailCharset.tableCharsetNames { _ = MailCharset.decode(bytes, charset: cs) }
        }
    }
}
