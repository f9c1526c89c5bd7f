import Foundation
import Testing
@testable import QalxanCore

/// A throwaway GnuPG home with a signing key and an encryption subkey.
private final class GnuPGHome {
    let directory: URL
    let fingerprint: String

    init() throws {
        directory = try makeTempDir(prefix: "gpg")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        let generate = try Self.gpg(directory, ["--passphrase", "", "--pinentry-mode", "loopback",
                                                 "--quick-generate-key", "Test <t@example.org>", "ed25519", "sign", "1d"])
        guard generate.status == 0 else { throw ToolError.launch("gpg key generation failed: \(generate.stderr)") }
        let list = try Self.gpg(directory, ["--with-colons", "--list-keys"])
        guard let fpr = list.stdoutText.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") })?
            .split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first else {
            throw ToolError.launch("no fingerprint in: \(list.stdoutText)")
        }
        fingerprint = String(fpr)
        let add = try Self.gpg(directory, ["--passphrase", "", "--pinentry-mode", "loopback",
                                            "--quick-add-key", fingerprint, "cv25519", "encr", "1d"])
        guard add.status == 0 else { throw ToolError.launch("gpg subkey failed: \(add.stderr)") }
    }

    static func gpg(_ home: URL, _ arguments: [String], stdin: URL? = nil) throws -> ProcessOutput {
        try run("/usr/bin/gpg", ["--batch", "--homedir", home.path] + arguments, stdinFile: stdin)
    }

    func gpg(_ arguments: [String]) throws -> ProcessOutput { try Self.gpg(directory, arguments) }

    deinit {
        _ = try? run("/usr/bin/gpgconf", ["--homedir", directory.path, "--kill", "gpg-agent"])
        try? FileManager.default.removeItem(at: directory)
    }
}

/// RFC 3156 extraction: the signed data is everything between the CRLF ending the first boundary line and the
/// CRLF preceding the next boundary line; the signature is the decoded second part.
private let extractScript = #"""
import sys, json, email, base64
from email import policy
raw = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(raw, policy=policy.default)
b = msg.get_boundary().encode()
delim = b'\r\n--' + b
start = raw.index(delim + b'\r\n') + len(delim) + 2
end = raw.index(delim, start)
parts = msg.get_payload()
print(json.dumps({
  'type': msg.get_content_type(),
  'protocol': msg.get_param('protocol'),
  'count': len(parts),
  'data': base64.b64encode(raw[start:end]).decode(),
  'second': base64.b64encode(parts[1].get_payload(decode=True)).decode(),
  'second_type': parts[1].get_content_type(),
  'first_type': parts[0].get_content_type(),
}))
"""#

@Suite(.serialized) struct GnuPGTests {
    private func content() -> MIMEEntity {
        .mixed([
            .text("Hadisə barədə bildiriş — ə ğ ı ö ü ç ş İ\nFrom the CERT\n.\ntrailing \n"),
            .attachment(fileName: "ioc-siyahısı.csv", contentType: "text/csv", data: Array("ip,first_seen\n203.0.113.9,2024-06-01\n".utf8)),
        ])
    }

    private func mail(_ body: MIMEEntity) -> OutgoingMail {
        OutgoingMail(from: MailboxAddress(name: "CERT", address: "cert@example.az"), to: [MailboxAddress(address: "t@example.org")],
                     subject: "Hadisə barədə bildiriş — ə ğ ı ö ü ç ş İ", messageID: OutgoingMail.newMessageID(domain: "example.az"), body: body)
    }

    @Test func detachedSignatureVerifiesWithGnuPG() throws {
        let home = try GnuPGHome()
        let work = try makeTempDir(prefix: "sig")
        defer { try? FileManager.default.removeItem(at: work) }
        let content = content()
        let signedBytes = content.render()
        let dataURL = work.appendingPathComponent("data")
        try Data(signedBytes).write(to: dataURL)
        let sign = try home.gpg(["--armor", "--detach-sign", "--digest-algo", "SHA256", "--local-user", home.fingerprint,
                                 "--output", work.appendingPathComponent("orig.asc").path, dataURL.path])
        try #require(sign.status == 0, "sign failed: \(sign.stderr)")
        let armored = String(decoding: try Data(contentsOf: work.appendingPathComponent("orig.asc")), as: UTF8.self)

        let raw = mail(.signed(content: content, armoredSignature: armored, micalg: "pgp-sha256")).render()
        #expect(!hasBareCROrLF(raw))
        let json = try python(extractScript, message: raw)
        #expect(json["type"] as? String == "multipart/signed")
        #expect(json["protocol"] as? String == "application/pgp-signature")
        #expect(json["count"] as? Int == 2)
        #expect(json["second_type"] as? String == "application/pgp-signature")
        let extracted = try #require((json["data"] as? String).flatMap { Data(base64Encoded: $0) })
        let signature = try #require((json["second"] as? String).flatMap { Data(base64Encoded: $0) })
        #expect(Array(extracted) == signedBytes)
        let extractedURL = work.appendingPathComponent("extracted"), sigURL = work.appendingPathComponent("sig.asc")
        try extracted.write(to: extractedURL)
        try signature.write(to: sigURL)
        let verify = try home.gpg(["--verify", sigURL.path, extractedURL.path])
        #expect(verify.status == 0, "gpg --verify failed: \(verify.stderr)")
        // Tampering must break verification (guards against a vacuous pass).
        try Data(Array(extracted) + [0x20]).write(to: extractedURL)
        #expect(try home.gpg(["--verify", sigURL.path, extractedURL.path]).status != 0)
    }

    @Test func encryptedSignedEntityDecryptsToExactBytes() throws {
        let home = try GnuPGHome()
        let work = try makeTempDir(prefix: "enc")
        defer { try? FileManager.default.removeItem(at: work) }
        let inner = MIMEEntity.signed(content: content(), armoredSignature: "-----BEGIN PGP SIGNATURE-----\n\nplaceholder\n-----END PGP SIGNATURE-----\n", micalg: "pgp-sha256")
        let plain = inner.render()
        let plainURL = work.appendingPathComponent("plain")
        try Data(plain).write(to: plainURL)
        let encrypt = try home.gpg(["--armor", "--trust-model", "always", "--encrypt", "--recipient", home.fingerprint,
                                    "--output", work.appendingPathComponent("enc.asc").path, plainURL.path])
        try #require(encrypt.status == 0, "encrypt failed: \(encrypt.stderr)")
        let armored = String(decoding: try Data(contentsOf: work.appendingPathComponent("enc.asc")), as: UTF8.self)

        let raw = mail(.encrypted(armored: armored)).render()
        #expect(!hasBareCROrLF(raw))
        let json = try python(extractScript, message: raw)
        #expect(json["type"] as? String == "multipart/encrypted")
        #expect(json["protocol"] as? String == "application/pgp-encrypted")
        #expect(json["first_type"] as? String == "application/pgp-encrypted")
        #expect(json["second_type"] as? String == "application/octet-stream")
        let payload = try #require((json["second"] as? String).flatMap { Data(base64Encoded: $0) })
        let payloadURL = work.appendingPathComponent("payload.asc")
        try payload.write(to: payloadURL)
        let decrypt = try home.gpg(["--decrypt", payloadURL.path])
        #expect(decrypt.status == 0, "decrypt failed: \(decrypt.stderr)")
        #expect(decrypt.stdout == plain)
    }
}
