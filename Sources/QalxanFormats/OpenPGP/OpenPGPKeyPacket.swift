/// A parsed public-key or public-subkey packet body (RFC 9580 section 5.5.2), with the
/// fingerprint computed the way its version defines it.
struct OpenPGPKeyPacket: Sendable, Equatable {
    let version: Int
    let creationTime: UInt32
    let algorithmID: Int
    /// Modulus / prime size for RSA, DSA and ElGamal; nil for elliptic curves.
    let bits: Int?
    /// Curve named by the OID of ECDSA, EdDSA and ECDH keys; nil otherwise (the newer
    /// Ed25519/X25519/Ed448/X448 algorithms name their curve in the algorithm itself).
    let curve: String?
    let fingerprint: [UInt8]

    /// The 8-byte key ID: the last 64 bits of a v4 fingerprint, the first 64 of a v5/v6 one.
    var keyID: [UInt8] {
        version == 4 ? Array(fingerprint.suffix(8)) : Array(fingerprint.prefix(8))
    }

    /// Parses a key packet body.
    ///
    /// Versions 2 and 3 (PGP 2.x, MD5 fingerprints) are refused: they are insecure, and GnuPG
    /// no longer imports them, so describing one would promise something we cannot deliver.
    /// Version 5 (LibrePGP, made by GnuPG 2.3+ for some keys) is read like version 6 apart from
    /// its fingerprint prefix.
    static func parse(_ body: [UInt8]) throws(OpenPGPKeyError) -> OpenPGPKeyPacket {
        var reader = OpenPGPByteReader(body)
        let version = Int(try reader.uint8())
        guard version == 4 || version == 5 || version == 6 else { throw .unsupportedVersion(version) }
        // The v4 fingerprint frames the body with a 2-byte length, so a longer body has no
        // well-defined fingerprint.
        guard version != 4 || body.count <= 0xFFFF else { throw .malformedPacket }
        let creationTime = try reader.uint32()
        let algorithmID = Int(try reader.uint8())
        if version != 4 {
            let materialLength = try reader.uint32()
            guard Int(materialLength) == reader.remaining else { throw .malformedPacket }
        }
        let (bits, curve) = try readKeyMaterial(algorithmID, &reader)
        return OpenPGPKeyPacket(
            version: version, creationTime: creationTime, algorithmID: algorithmID,
            bits: bits, curve: curve, fingerprint: fingerprint(version: version, body: body))
    }

    /// Reads just enough of the algorithm-specific fields to report size and curve, and to
    /// notice a packet cut short.
    private static func readKeyMaterial(
        _ algorithmID: Int, _ reader: inout OpenPGPByteReader
    ) throws(OpenPGPKeyError) -> (bits: Int?, curve: String?) {
        switch algorithmID {
        case 1, 2, 3:
            let modulus = try reader.mpiBitLength()
            _ = try reader.mpiBitLength()
            return (modulus, nil)
        case 16, 20:
            let prime = try reader.mpiBitLength()
            for _ in 0..<2 { _ = try reader.mpiBitLength() }
            return (prime, nil)
        case 17:
            let prime = try reader.mpiBitLength()
            for _ in 0..<3 { _ = try reader.mpiBitLength() }
            return (prime, nil)
        case 18, 19, 22:
            let oidLength = Int(try reader.uint8())
            // 0 and 0xFF are reserved for future extensions of the OID field.
            guard oidLength != 0, oidLength != 0xFF else { throw .malformedPacket }
            let oid = try reader.bytes(oidLength)
            _ = try reader.mpiBitLength()
            if algorithmID == 18 {
                let kdfLength = Int(try reader.uint8())
                _ = try reader.bytes(kdfLength)
            }
            return (nil, OpenPGPAlgorithm.curveName(oid: oid))
        case 25: _ = try reader.bytes(32)
        case 26: _ = try reader.bytes(56)
        case 27: _ = try reader.bytes(32)
        case 28: _ = try reader.bytes(57)
        default: break
        }
        return (nil, nil)
    }

    /// v4: SHA-1 over 0x99 ‖ 2-byte length ‖ body; v5: SHA-256 over 0x9A ‖ 4-byte length ‖ body;
    /// v6: SHA-256 over 0x9B ‖ 4-byte length ‖ body.
    private static func fingerprint(version: Int, body: [UInt8]) -> [UInt8] {
        let length = body.count
        if version == 4 {
            return SHA1.hash([0x99, UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + body)
        }
        let prefix: UInt8 = version == 5 ? 0x9A : 0x9B
        let lengthBytes = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) }
        return SHA256.hash([prefix] + lengthBytes + body)
    }
}
