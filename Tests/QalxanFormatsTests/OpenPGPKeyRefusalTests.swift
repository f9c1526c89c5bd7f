import Foundation
import Testing
@testable import QalxanFormats

/// Input that must be refused, most of it made from real GnuPG output and then damaged.
@Suite("OpenPGPKey refusals")
struct OpenPGPKeyRefusalTests {
    /// One real exported key, shared by the tests that only damage it.
    private static func exportedKey() throws -> (armored: String, binary: [UInt8], gpg: GnuPGSandbox, fpr: String) {
        let gpg = try GnuPGSandbox()
        do {
            let fpr = try gpg.generateKey(userID: "Refuse <refuse@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
            try gpg.gpg(["--quick-add-key", fpr, "cv25519", "encr", "1y"])
            let armored = try gpg.gpgText(["--armor", "--export", fpr])
            let binary = [UInt8](try gpg.gpg(["--export", fpr]))
            return (armored, binary, gpg, fpr)
        } catch {
            gpg.close()
            throw error
        }
    }

    private func expectError(_ expected: OpenPGPKeyError, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) { try OpenPGPKey.parse(armored: text) }
    }

    /// The base64 lines of an armored block (between the header blank line and the CRC line).
    private func bodyLineIndices(_ lines: [Substring]) -> [Int] {
        lines.indices.filter { index in
            let line = lines[index]
            return !line.isEmpty && !line.hasPrefix("-----") && !line.hasPrefix("=") && !line.contains(":")
        }
    }

    @Test("empty and whitespace-only input")
    func empty() {
        expectError(.empty, "")
        expectError(.empty, "  \r\n\n\t \n")
        #expect(throws: OpenPGPKeyError.empty) { try OpenPGPKey.parse(binary: []) }
    }

    @Test("text with no armor, and armor of something else")
    func notArmored() {
        expectError(.notArmored, "Salam, açarım əlavədədir. mQINBGX… (the attachment was lost)")
        expectError(.notArmored, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGhx cert@example.az")
        expectError(.notAPublicKey, "-----BEGIN PGP MESSAGE-----\n\nhF4DAAAAAAAAAAASAQdA\n-----END PGP MESSAGE-----\n")
        #expect(throws: OpenPGPKeyError.self) { try OpenPGPKey.parse(binary: Array("hello, world".utf8)) }
    }

    @Test("a secret key, armored or binary, alone or next to the public key, is refused as private")
    func privateKey() throws {
        let (armored, _, gpg, fpr) = try Self.exportedKey()
        defer { gpg.close() }
        let secret = try gpg.gpgText(["--armor", "--export-secret-keys", fpr])
        #expect(secret.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----"))
        expectError(.privateKey, secret)
        expectError(.privateKey, armored + "\n" + secret)
        expectError(.privateKey, "My keys:\n" + secret + "\n" + armored)

        let binarySecret = [UInt8](try gpg.gpg(["--export-secret-keys", fpr]))
        #expect(throws: OpenPGPKeyError.privateKey) { try OpenPGPKey.parse(binary: binarySecret) }
        // Secret key packets relabelled as a public block are still caught by packet type.
        let relabelled = secret.replacingOccurrences(of: "PRIVATE KEY BLOCK", with: "PUBLIC KEY BLOCK")
        expectError(.privateKey, relabelled)
    }

    @Test("a character outside base64 in the body")
    func badBase64() throws {
        let (armored, _, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        var lines = armored.split(separator: "\n", omittingEmptySubsequences: false)
        let target = try #require(bodyLineIndices(lines).dropFirst(2).first)
        lines[target] = "*" + lines[target].dropFirst()
        let damaged = lines.joined(separator: "\n")
        expectError(.badBase64, damaged)
        #expect((try? OpenPGPKey.parse(armored: damaged)) == nil)
        #expect(OpenPGPKeyError.badBase64.key == "error.pgp.damaged")
    }

    @Test("a valid base64 character changed: the CRC-24 catches it")
    func flippedCharacter() throws {
        let (armored, _, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        var lines = armored.split(separator: "\n", omittingEmptySubsequences: false)
        let target = try #require(bodyLineIndices(lines).dropFirst(2).first)
        let first = lines[target].first
        lines[target] = (first == "A" ? "B" : "A") + lines[target].dropFirst()
        expectError(.badChecksum, lines.joined(separator: "\n"))
    }

    @Test("a wrong CRC line")
    func wrongChecksum() throws {
        let (armored, _, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        var lines = armored.split(separator: "\n", omittingEmptySubsequences: false)
        let checksumIndex = try #require(lines.firstIndex { $0.hasPrefix("=") && $0.count == 5 })
        lines[checksumIndex] = lines[checksumIndex] == "=AAAA" ? "=BBBB" : "=AAAA"
        expectError(.badChecksum, lines.joined(separator: "\n"))
        lines[checksumIndex] = "=A*AA"
        expectError(.badChecksum, lines.joined(separator: "\n"))
    }

    @Test("a truncated body, with or without the CRC line, and a block without END")
    func truncated() throws {
        let (armored, binary, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        var lines = armored.split(separator: "\n", omittingEmptySubsequences: false)
        let body = bodyLineIndices(lines)
        try #require(body.count > 3)
        lines.removeSubrange(body[body.count - 3]...body[body.count - 1])
        let cut = lines.joined(separator: "\n")
        let error = try #require(throws: OpenPGPKeyError.self) { try OpenPGPKey.parse(armored: cut) }
        #expect(error.key == "error.pgp.damaged")

        let withoutChecksum = cut.split(separator: "\n").filter { !($0.hasPrefix("=") && $0.count == 5) }.joined(separator: "\n")
        let error2 = try #require(throws: OpenPGPKeyError.self) { try OpenPGPKey.parse(armored: withoutChecksum) }
        #expect(error2.key == "error.pgp.damaged")

        let noEnd = armored.replacingOccurrences(of: "-----END PGP PUBLIC KEY BLOCK-----", with: "")
        expectError(.truncated, noEnd)

        for length in [1, 2, 10, binary.count / 2, binary.count - 1] {
            #expect(throws: OpenPGPKeyError.truncated) { try OpenPGPKey.parse(binary: Array(binary.prefix(length))) }
        }
    }

    @Test("two keys, in one armor block or in two, are refused")
    func multipleKeys() throws {
        let (armored, _, gpg, fpr) = try Self.exportedKey()
        defer { gpg.close() }
        let second = try gpg.generateKey(userID: "Second <second@example.az>", algorithm: "ed25519", usage: "cert", expiry: "1y")
        let both = try gpg.gpgText(["--armor", "--export", fpr, second])
        expectError(.multipleKeys, both)
        let secondArmored = try gpg.gpgText(["--armor", "--export", second])
        expectError(.multipleKeys, armored + "\n" + secondArmored)
        expectError(.multipleKeys, armored + "\n" + armored)
    }

    @Test("2 MB of junk is refused at once, before any parsing")
    func hugeInput() {
        let junk = String(repeating: "junk line with no key in it\n", count: 75_000)
        #expect(junk.utf8.count > 2_000_000)
        let start = Date()
        expectError(.tooLarge, junk)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(throws: OpenPGPKeyError.tooLarge) { try OpenPGPKey.parse(binary: [UInt8](repeating: 0x99, count: 2_000_000)) }
    }

    @Test("just under the size limit, junk is still handled quickly")
    func nearLimitJunk() {
        let junk = String(repeating: "x", count: 999_000)
        let start = Date()
        expectError(.notArmored, junk)
        let lines = String(repeating: "\r\n", count: 499_000)
        expectError(.empty, lines)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("more than 1000 packets or 64 subkeys")
    func hostileCounts() throws {
        let (_, binary, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        // 1000 extra trust packets (new format, tag 12, length 2) after a real key.
        let trustPacket: [UInt8] = [0xC0 | 12, 2, 0, 0]
        let manyPackets = binary + Array([[UInt8]](repeating: trustPacket, count: 1_000).joined())
        #expect(throws: OpenPGPKeyError.tooManyPackets) { try OpenPGPKey.parse(binary: manyPackets) }

        // Copy the real subkey packet 65 times.
        let packets = try OpenPGPPacket.readAll(binary, maximumPackets: 1_000)
        let subkey = try #require(packets.first { $0.tag == OpenPGPPacket.Tag.publicSubkey })
        let framed: [UInt8] = [0xC0 | 14, UInt8(subkey.body.count)] + subkey.body
        try #require(subkey.body.count < 192)
        let manySubkeys = binary + Array([[UInt8]](repeating: framed, count: 65).joined())
        #expect(throws: OpenPGPKeyError.tooManySubkeys) { try OpenPGPKey.parse(binary: manySubkeys) }
    }

    @Test("a key without user ID packets")
    func noUserID() throws {
        let (_, binary, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        let packets = try OpenPGPPacket.readAll(binary, maximumPackets: 1_000)
        // Drop the user ID and the signatures that follow it, up to the subkey.
        let userIDIndex = try #require(packets.firstIndex { $0.tag == OpenPGPPacket.Tag.userID })
        let subkeyIndex = try #require(packets.firstIndex { $0.tag == OpenPGPPacket.Tag.publicSubkey })
        var stripped = packets
        stripped.removeSubrange(userIDIndex..<subkeyIndex)
        let bytes = stripped.flatMap { packet -> [UInt8] in
            [0xC0 | UInt8(packet.tag), 0xFF] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: packet.body.count >> $0) } + packet.body
        }
        #expect(throws: OpenPGPKeyError.noUserID) { try OpenPGPKey.parse(binary: bytes) }
    }

    @Test("version 3 keys and unknown algorithms are unsupported")
    func unsupported() {
        // A v3 RSA key packet (old format, tag 6): version, time, validity days, algorithm, n, e.
        let v3Body: [UInt8] = [3, 0x30, 0, 0, 0, 0, 0, 1, 0, 8, 0xC5, 0, 2, 0x03]
        let v3 = [0x98, UInt8(v3Body.count)] + v3Body
        #expect(throws: OpenPGPKeyError.unsupportedVersion(3)) { try OpenPGPKey.parse(binary: v3) }
        #expect(OpenPGPKeyError.unsupportedVersion(3).key == "error.pgp.unsupported")

        let unknownAlgorithmBody: [UInt8] = [4, 0x60, 0, 0, 0, 99, 1, 2, 3]
        let unknown = [0x98, UInt8(unknownAlgorithmBody.count)] + unknownAlgorithmBody
        #expect(throws: OpenPGPKeyError.unsupportedAlgorithm(99)) { try OpenPGPKey.parse(binary: unknown) }
    }

    @Test("partial and indeterminate body lengths are refused in key material")
    func partialLength() throws {
        // New-format public key packet with a partial length octet (0xE1 = 2 bytes, partial).
        let partial: [UInt8] = [0xC6, 0xE1, 4, 0]
        #expect(throws: OpenPGPKeyError.malformedPacket) { try OpenPGPKey.parse(binary: partial) }

        // A real key whose first packet header is rewritten to old-format "indeterminate length".
        let (_, binary, gpg, _) = try Self.exportedKey()
        defer { gpg.close() }
        try #require(binary[0] == 0x98, "gpg no longer writes an old-format 1-byte header")
        let indeterminate = [0x9B] + binary.dropFirst(2)
        #expect(throws: OpenPGPKeyError.malformedPacket) { try OpenPGPKey.parse(binary: indeterminate) }
    }
}
