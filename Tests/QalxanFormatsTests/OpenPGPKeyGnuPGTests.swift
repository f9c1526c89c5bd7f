import Foundation
import Testing
@testable import QalxanFormats

/// Keys made by the real GnuPG and read back, compared field by field with what GnuPG itself
/// says about them (`--with-colons`), so we test against the implementation staff rely on.
@Suite("OpenPGPKey against real GnuPG keys")
struct OpenPGPKeyGnuPGTests {
    /// `gpg --with-colons` dates: epoch seconds, empty for "never".
    private func colonDate(_ field: String) -> Date? {
        TimeInterval(field).map { Date(timeIntervalSince1970: $0) }
    }

    @Test("ed25519 + cv25519: fingerprint, expiry, subkey and status match gpg")
    func ed25519WithSubkey() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "CERT Test <cert@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "6m"])
        let armored = try gpg.gpgText(["--armor", "--export", fpr])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)
        let sub = try #require(GnuPGSandbox.colonRecords(listing, type: "sub").first)
        let fprs = GnuPGSandbox.colonRecords(listing, type: "fpr").map { $0[9] }
        try #require(fprs.count == 2, "gpg listing:\n\(listing)")

        let key = try OpenPGPKey.parse(armored: armored)
        #expect(key.fingerprint == fprs[0])
        #expect(key.fingerprint.count == 40)
        #expect(key.keyID == pub[4])
        #expect(key.version == 4)
        #expect(key.algorithm == "EdDSA")
        #expect(key.curve == "Ed25519")
        #expect(key.bits == nil)
        #expect(key.created == colonDate(pub[5]))
        #expect(key.expires != nil)
        #expect(key.expires == colonDate(pub[6]))
        #expect(key.userIDs == ["CERT Test <cert@example.az>"])
        #expect(key.emails == ["cert@example.az"])
        #expect(!key.revoked)
        #expect(!key.primaryKeyCanEncrypt)

        let subkey = try #require(key.encryptionSubkeys.first)
        #expect(key.encryptionSubkeys.count == 1)
        #expect(subkey.fingerprint == fprs[1])
        #expect(subkey.keyID == sub[4])
        #expect(subkey.algorithm == "ECDH")
        #expect(subkey.curve == "Curve25519")
        #expect(subkey.created == colonDate(sub[5]))
        #expect(subkey.expires != nil)
        #expect(subkey.expires == colonDate(sub[6]))
        #expect(!subkey.revoked)

        let now = Date()
        #expect(key.status(at: now) == .valid)
        #expect(key.usableEncryptionSubkey(at: now) == subkey)
        // After the 6-month subkey but before the 1-year primary: nothing left to encrypt to.
        let afterSubkey = try #require(subkey.expires).addingTimeInterval(60)
        #expect(key.status(at: afterSubkey) == .expired)
        #expect(key.usableEncryptionSubkey(at: afterSubkey) == nil)
        #expect(key.status(at: try #require(key.expires)) == .expired)

        // The same key in binary form describes the same key.
        let binary = [UInt8](try gpg.gpg(["--export", fpr]))
        #expect(try OpenPGPKey.parse(binary: binary) == key)
    }

    @Test("RSA 3072 without expiry: bits, no expiry, no encryption key until a subkey is added")
    func rsaWithoutExpiry() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "RSA Test <rsa@example.az>", algorithm: "rsa3072", usage: "sign,cert", expiry: "never")
        let signOnly = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(signOnly.status(at: Date()) == .noEncryptionKey)
        #expect(signOnly.encryptionSubkeys.isEmpty)

        try gpg.gpg(["--quick-add-key", fpr, "rsa3072", "encr", "never"])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)
        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.fingerprint == fpr)
        #expect(key.algorithm == "RSA")
        #expect(key.bits == 3072)
        #expect(key.bits == Int(pub[2]))
        #expect(key.curve == nil)
        #expect(pub[6].isEmpty)
        #expect(key.expires == nil)
        let subkey = try #require(key.encryptionSubkeys.first)
        #expect(subkey.algorithm == "RSA")
        #expect(subkey.bits == 3072)
        #expect(subkey.expires == nil)
        #expect(key.status(at: Date()) == .valid)
        #expect(key.status(at: Date(timeIntervalSinceNow: 100 * 365 * 86_400)) == .valid)
    }

    @Test("an RSA primary key flagged for encryption counts without any subkey")
    func rsaPrimaryThatEncrypts() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Old Style <old@example.az>", algorithm: "rsa2048", usage: "sign,cert,encr", expiry: "never")
        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.bits == 2048)
        #expect(key.primaryKeyCanEncrypt)
        #expect(key.encryptionSubkeys.isEmpty)
        #expect(key.status(at: Date()) == .valid)
    }

    @Test("ed25519 certify-only key has no encryption key")
    func certifyOnly() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Sign Only <sign@example.az>", algorithm: "ed25519", usage: "sign,cert", expiry: "1y")
        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.status(at: Date()) == .noEncryptionKey)
        #expect(key.usableEncryptionSubkey(at: Date()) == nil)
    }

    @Test("a key made in 2020 with a one-day expiry is expired now")
    func alreadyExpired() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let faked = "20200101T000000!"
        let fpr = try gpg.generateKey(userID: "Old Key <old@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1d", fakedTime: faked)
        try gpg.gpg(["--faked-system-time", faked, "--quick-add-key", fpr, "cv25519", "encr", "1d"])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)
        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.created == Date(timeIntervalSince1970: 1_577_836_800))
        #expect(key.expires == Date(timeIntervalSince1970: 1_577_836_800 + 86_400))
        #expect(key.expires == colonDate(pub[6]))
        #expect(key.encryptionSubkeys.count == 1)
        #expect(key.status(at: Date()) == .expired)
        // Back in 2020 the same key was fine.
        #expect(key.status(at: Date(timeIntervalSince1970: 1_577_836_800 + 3_600)) == .valid)
    }

    @Test("importing GnuPG's own revocation certificate makes the key revoked")
    func revoked() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Revoked <revoked@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
        let before = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(!before.revoked)

        let certificatePath = gpg.home + "/openpgp-revocs.d/\(fpr).rev"
        let certificate = try String(contentsOfFile: certificatePath, encoding: .utf8)
        // gpg prefixes the BEGIN line with ':' so the file cannot be imported by accident.
        let importable = certificate.replacingOccurrences(of: ":-----BEGIN PGP", with: "-----BEGIN PGP")
        let importPath = gpg.home + "/revocation.asc"
        try importable.write(toFile: importPath, atomically: true, encoding: .utf8)
        try gpg.gpg(["--import", importPath])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)
        try #require(pub[1] == "r", "gpg does not list the key as revoked:\n\(listing)")

        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.fingerprint == fpr)
        #expect(key.revoked)
        #expect(key.status(at: Date()) == .revoked)
        #expect(key.usableEncryptionSubkey(at: Date()) == nil)
    }

    @Test("a revoked encryption subkey leaves the key expired until a new subkey is added")
    func revokedSubkey() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Sub <sub@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
        // GnuPG 2.2 has no quick command to revoke a subkey, so drive --edit-key: select
        // subkey 1, revoke it, reason 0, empty description, confirm, save.
        try gpg.gpg(["--command-fd", "0", "--edit-key", fpr], input: "key 1\nrevkey\ny\n0\n\ny\nsave\n")
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let sub = try #require(GnuPGSandbox.colonRecords(listing, type: "sub").first)
        try #require(sub[1] == "r", "gpg does not list the subkey as revoked:\n\(listing)")

        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        let revokedSubkey = try #require(key.encryptionSubkeys.first)
        #expect(revokedSubkey.revoked)
        #expect(!key.revoked)
        #expect(key.status(at: Date()) == .expired)

        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
        let renewed = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(renewed.encryptionSubkeys.count == 2)
        #expect(renewed.status(at: Date()) == .valid)
        let usable = try #require(renewed.usableEncryptionSubkey(at: Date()))
        #expect(usable.fingerprint != revokedSubkey.fingerprint)
    }

    @Test("two user IDs, one with Azerbaijani letters; a revoked user ID is left out")
    func twoUserIDs() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "CERT Test <cert@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
        try gpg.gpg(["--quick-add-uid", fpr, "Rəşad Əliyev <Resad@Example.AZ>"])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)

        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(Set(key.userIDs) == ["CERT Test <cert@example.az>", "Rəşad Əliyev <Resad@Example.AZ>"])
        #expect(key.userIDs.count == 2)
        #expect(Set(key.emails) == ["cert@example.az", "resad@example.az"])
        #expect(key.expires == colonDate(pub[6]))
        #expect(key.status(at: Date()) == .valid)

        try gpg.gpg(["--quick-revoke-uid", fpr, "CERT Test <cert@example.az>"])
        let afterRevoke = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(afterRevoke.userIDs == ["Rəşad Əliyev <Resad@Example.AZ>"])
        #expect(afterRevoke.emails == ["resad@example.az"])
        #expect(!afterRevoke.revoked)
    }

    @Test("changing the expiry later: the newest self-signature wins")
    func extendedExpiry() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Extend <extend@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y",
                                      fakedTime: "20240101T000000!")
        try gpg.gpg(["--quick-set-expire", fpr, "3y"])
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)
        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.expires == colonDate(pub[6]))
        #expect(try #require(key.expires) > Date())
    }

    @Test("a later direct-key signature without expiry (designated revoker) keeps the user ID's expiry")
    func designatedRevoker() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        // Made in the past so the revoker's direct-key signature is clearly the newest one.
        let fpr = try gpg.generateKey(userID: "Owner <owner@example.az>", algorithm: "ed25519", usage: "cert", expiry: "5y",
                                      fakedTime: "20250101T000000!")
        try gpg.gpg(["--faked-system-time", "20250101T000000!", "--quick-add-key", fpr, "cv25519", "encr", "5y"])
        let revoker = try gpg.generateKey(userID: "Revoker <revoker@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--command-fd", "0", "--edit-key", fpr], input: "addrevoker\n\(revoker)\ny\nsave\n")
        let listing = try gpg.gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", fpr])
        try #require(listing.contains("\nrvk:"), "gpg did not record the designated revoker:\n\(listing)")
        let pub = try #require(GnuPGSandbox.colonRecords(listing, type: "pub").first)

        let key = try OpenPGPKey.parse(armored: try gpg.gpgText(["--armor", "--export", fpr]))
        #expect(key.expires != nil)
        #expect(key.expires == colonDate(pub[6]))
        #expect(!key.revoked)
        #expect(!key.primaryKeyCanEncrypt)
        #expect(key.status(at: Date()) == .valid)
    }

    @Test("pasted inside an e-mail with CRLF, indentation, trailing spaces and a Comment header")
    func pastedInEmail() throws {
        let gpg = try GnuPGSandbox()
        defer { gpg.close() }
        let fpr = try gpg.generateKey(userID: "Paste <paste@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
        let armored = try gpg.gpgText(["--armor", "--comment", "Qalxan test: key", "--export", fpr])
        #expect(armored.contains("Comment: Qalxan test: key"))
        let mangled = armored.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 + "   " }.joined(separator: "\r\n")
        let email = "Hello CERT,\r\nhere is my key:\r\n\r\n" + mangled + "\r\n--\r\nRəşad, SOC\r\n+994 12 000 00 00\r\n"
        let key = try OpenPGPKey.parse(armored: email)
        #expect(key.fingerprint == fpr)

        // RFC 9580 made the CRC line optional; a block without it still reads.
        let withoutChecksum = armored.split(separator: "\n").filter { !($0.hasPrefix("=") && $0.count == 5) }
            .joined(separator: "\n")
        #expect(withoutChecksum != armored)
        #expect(try OpenPGPKey.parse(armored: withoutChecksum).fingerprint == fpr)
    }
}
