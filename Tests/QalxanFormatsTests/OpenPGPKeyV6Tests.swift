import Foundation
import Testing
@testable import QalxanFormats

/// GnuPG 2.2 cannot make RFC 9580 (v6) keys, so the v6 path is checked against the sample
/// certificate printed in RFC 9580 Appendix A.3, whose fingerprints the RFC states.
@Suite("OpenPGP v6 (RFC 9580)")
struct OpenPGPKeyV6Tests {
    private static let sampleCertificate = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        xioGY4d/4xsAAAAg+U2nu0jWCmHlZ3BqZYfQMxmZu52JGggkLq2EVD34laPCsQYf
        GwoAAABCBYJjh3/jAwsJBwUVCg4IDAIWAAKbAwIeCSIhBssYbE8GCaaX5NUt+mxy
        KwwfHifBilZwj2Ul7Ce62azJBScJAgcCAAAAAK0oIBA+LX0ifsDm185Ecds2v8lw
        gyU2kCcUmKfvBXbAf6rhRYWzuQOwEn7E/aLwIwRaLsdry0+VcallHhSu4RN6HWaE
        QsiPlR4zxP/TP7mhfVEe7XWPxtnMUMtf15OyA51YBM4qBmOHf+MZAAAAIIaTJINn
        +eUBXbki+PSAld2nhJh/LVmFsS+60WyvXkQ1wpsGGBsKAAAALAWCY4d/4wKbDCIh
        BssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce62azJAAAAAAQBIKbpGG2dWTX8
        j+VjFM21J0hqWlEg+bdiojWnKfA5AQpWUWtnNwDEM0g12vYxoWM8Y81W+bHBw805
        I8kWVkXU6vFOi+HWvv/ira7ofJu16NnoUkhclkUrk0mXubZvyl4GBg==
        -----END PGP PUBLIC KEY BLOCK-----
        """

    @Test("the RFC's sample certificate: fingerprints, key ID, algorithms, flags")
    func sampleCertificate() throws {
        let binary = try ASCIIArmor.decodePublicKeyBlock(Self.sampleCertificate, maximumBytes: OpenPGPKey.maximumInputBytes)
        let key = try OpenPGPKeyAssembler.assemble(binary, requireUserID: false)
        #expect(key.fingerprint == "CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9")
        #expect(key.keyID == "CB186C4F0609A697")
        #expect(key.version == 6)
        #expect(key.algorithm == "Ed25519")
        #expect(key.curve == nil)
        #expect(key.expires == nil)
        #expect(key.created == Date(timeIntervalSince1970: 0x6387_7FE3))
        #expect(!key.primaryKeyCanEncrypt)
        let subkey = try #require(key.encryptionSubkeys.first)
        #expect(subkey.fingerprint == "12C83F1E706F6308FE151A417743A1F033790E93E9978488D1DB378DA9930885")
        #expect(subkey.keyID == "12C83F1E706F6308")
        #expect(subkey.algorithm == "X25519")
        #expect(key.status(at: Date()) == .valid)
    }

    @Test("the same certificate through the public API is refused: it has no user ID")
    func noUserIDThroughPublicAPI() {
        #expect(throws: OpenPGPKeyError.noUserID) { try OpenPGPKey.parse(armored: Self.sampleCertificate) }
    }
}
