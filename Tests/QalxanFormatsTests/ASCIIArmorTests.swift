import Testing
@testable import QalxanFormats

@Suite("ASCII armor pieces")
struct ASCIIArmorTests {
    @Test("CRC-24 of no data is the RFC's initial value; of known data, the RFC 4880 reference result")
    func crc24() {
        #expect(ASCIIArmor.crc24([]) == 0xB7_04CE)
        // "123456789" is the usual CRC check string; CRC-24/OpenPGP gives 0x21CF02.
        #expect(ASCIIArmor.crc24(Array("123456789".utf8)) == 0x21_CF02)
    }

    @Test("base64 with and without padding, and bad input")
    func base64() throws {
        #expect(try ASCIIArmor.decodeBase64(Array("TWFu".utf8)) == Array("Man".utf8))
        #expect(try ASCIIArmor.decodeBase64(Array("TWE=".utf8)) == Array("Ma".utf8))
        #expect(try ASCIIArmor.decodeBase64(Array("TQ==".utf8)) == Array("M".utf8))
        #expect(try ASCIIArmor.decodeBase64(Array("TQ".utf8)) == Array("M".utf8))
        #expect(throws: OpenPGPKeyError.badBase64) { try ASCIIArmor.decodeBase64(Array("TWF".utf8) + [0x2A]) }
        #expect(throws: OpenPGPKeyError.badBase64) { try ASCIIArmor.decodeBase64(Array("TQ==TQ==".utf8)) }
        #expect(throws: OpenPGPKeyError.badBase64) { try ASCIIArmor.decodeBase64(Array("TQ===".utf8)) }
        #expect(throws: OpenPGPKeyError.badBase64) { try ASCIIArmor.decodeBase64(Array("TWFuT".utf8)) }
    }

    @Test("e-mail addresses are taken from <…> or a bare address, lower-cased")
    func emails() {
        #expect(OpenPGPKeyAssembler.emailAddress(in: "CERT Test <cert@example.az>") == "cert@example.az")
        #expect(OpenPGPKeyAssembler.emailAddress(in: "Rəşad (iş) <Resad@Example.AZ>") == "resad@example.az")
        #expect(OpenPGPKeyAssembler.emailAddress(in: "soc@cert.gov.az") == "soc@cert.gov.az")
        #expect(OpenPGPKeyAssembler.emailAddress(in: "Just A Name") == nil)
        #expect(OpenPGPKeyAssembler.emailAddress(in: "Broken <not an address>") == nil)
        #expect(OpenPGPKeyAssembler.emailAddress(in: "<a@b@c.az>") == nil)
    }

    @Test("curve OIDs")
    func curves() {
        #expect(OpenPGPAlgorithm.curveName(oid: [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]) == "NIST P-256")
        #expect(OpenPGPAlgorithm.dotted([0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]) == "1.2.840.10045.3.1.7")
        #expect(OpenPGPAlgorithm.curveName(oid: [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]) == "Ed25519")
        #expect(OpenPGPAlgorithm.curveName(oid: [0x2B, 0x65, 0x72]) == "1.3.101.114")
    }
}
