/// Public-key algorithm IDs and curve OIDs, turned into the names staff know from GnuPG.
enum OpenPGPAlgorithm {
    /// Human name for an algorithm ID (RFC 9580 section 9.1), or nil when this reader does not
    /// know it. Deprecated IDs (RSA encrypt-only, RSA sign-only, ElGamal encrypt-or-sign) keep
    /// the family name because staff care about the family, not the historical variant.
    static func name(_ id: Int) -> String? {
        switch id {
        case 1, 2, 3: "RSA"
        case 16, 20: "ElGamal"
        case 17: "DSA"
        case 18: "ECDH"
        case 19: "ECDSA"
        case 22: "EdDSA"
        case 25: "X25519"
        case 26: "X448"
        case 27: "Ed25519"
        case 28: "Ed448"
        default: nil
        }
    }

    /// Whether the algorithm can encrypt at all; used only when a binding signature has no
    /// key-flags subpacket (keys made before RFC 4880 had none).
    static func canEncrypt(_ id: Int) -> Bool {
        [1, 2, 16, 18, 20, 25, 26].contains(id)
    }

    /// Name of the curve an OID (its DER content bytes, as stored in the key) denotes; unknown
    /// OIDs come back in dotted form so staff can still look them up.
    static func curveName(oid: [UInt8]) -> String {
        curveNames[oid] ?? dotted(oid)
    }

    private static let curveNames: [[UInt8]: String] = [
        [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]: "Ed25519",
        [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01]: "Curve25519",
        [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: "NIST P-256",
        [0x2B, 0x81, 0x04, 0x00, 0x22]: "NIST P-384",
        [0x2B, 0x81, 0x04, 0x00, 0x23]: "NIST P-521",
        [0x2B, 0x81, 0x04, 0x00, 0x0A]: "secp256k1",
        [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]: "brainpoolP256r1",
        [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B]: "brainpoolP384r1",
        [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D]: "brainpoolP512r1",
        // RFC 8410 OIDs, which GnuPG also accepts for the same curves.
        [0x2B, 0x65, 0x6E]: "Curve25519",
        [0x2B, 0x65, 0x6F]: "X448",
        [0x2B, 0x65, 0x70]: "Ed25519",
        [0x2B, 0x65, 0x71]: "Ed448",
    ]

    /// Dotted-decimal form of a DER-encoded OID body, e.g. "1.3.101.112".
    static func dotted(_ oid: [UInt8]) -> String {
        guard let first = oid.first else { return "" }
        var arcs = first < 80 ? [Int(first) / 40, Int(first) % 40] : [2, Int(first) - 80]
        var value = 0
        for byte in oid.dropFirst() {
            // Arcs longer than Int would be nonsense; stop growing instead of overflowing.
            if value < Int.max >> 8 { value = value << 7 | Int(byte & 0x7F) }
            if byte & 0x80 == 0 {
                arcs.append(value)
                value = 0
            }
        }
        return arcs.map(String.init).joined(separator: ".")
    }
}
