/// The parts of a signature packet (RFC 9580 section 5.2) that say something about a key:
/// its type, when it was made, who claims to have made it, and the key-expiration and
/// key-flags subpackets.
///
/// Nothing here checks the cryptographic signature. Expiry, flags and creation time are taken
/// only from the *hashed* area, as GnuPG does, because the unhashed area can be changed by
/// anyone without touching the signature; the issuer is read from both areas since GnuPG puts
/// it in the unhashed one.
struct OpenPGPSignaturePacket: Sendable, Equatable {
    /// Signature types this reader acts on.
    enum SignatureType {
        static let certifications: ClosedRange<UInt8> = 0x10...0x13
        static let subkeyBinding: UInt8 = 0x18
        static let directKey: UInt8 = 0x1F
        static let keyRevocation: UInt8 = 0x20
        static let subkeyRevocation: UInt8 = 0x28
        static let certificationRevocation: UInt8 = 0x30
    }

    let version: Int
    let type: UInt8
    let creationTime: UInt32?
    /// Seconds after the key's creation at which it expires; 0 means never (subpacket 9).
    let keyExpiration: UInt32?
    /// First octet of the key-flags subpacket (27); 0x04 and 0x08 mark encryption keys.
    let keyFlags: UInt8?
    /// Whether the primary-user-ID subpacket (25) is set.
    let isPrimaryUserID: Bool
    let issuerKeyIDs: [[UInt8]]
    let issuerFingerprints: [[UInt8]]

    /// Parses a signature packet body; returns nil for versions this reader does not know,
    /// which RFC 9580 says must be ignored rather than rejected.
    static func parse(_ body: [UInt8]) throws(OpenPGPKeyError) -> OpenPGPSignaturePacket? {
        var reader = OpenPGPByteReader(body)
        let version = Int(try reader.uint8())
        switch version {
        case 2, 3:
            // v3 signatures have a fixed 5-octet hashed part and no subpackets.
            guard try reader.uint8() == 5 else { throw .malformedPacket }
            let type = try reader.uint8()
            let created = try reader.uint32()
            let issuer = try reader.bytes(8)
            return OpenPGPSignaturePacket(
                version: version, type: type, creationTime: created, keyExpiration: nil,
                keyFlags: nil, isPrimaryUserID: false, issuerKeyIDs: [issuer], issuerFingerprints: [])
        case 4, 5, 6:
            let type = try reader.uint8()
            _ = try reader.uint8()  // public-key algorithm
            _ = try reader.uint8()  // hash algorithm
            // v6 widened the subpacket area lengths to four octets; v4 and LibrePGP v5 use two.
            let hashedLength = version == 6 ? Int(try reader.uint32()) : try reader.uint16()
            let hashed = try subpackets(try reader.bytes(hashedLength))
            let unhashedLength = version == 6 ? Int(try reader.uint32()) : try reader.uint16()
            let unhashed = try subpackets(try reader.bytes(unhashedLength))
            return OpenPGPSignaturePacket(version: version, type: type, hashed: hashed, unhashed: unhashed)
        default:
            return nil
        }
    }

    private init(version: Int, type: UInt8, hashed: [Subpacket], unhashed: [Subpacket]) {
        func last(_ id: UInt8, in area: [Subpacket]) -> [UInt8]? {
            // When a subpacket repeats, the last one wins (RFC 9580 section 5.2.4.1).
            area.last(where: { $0.type == id })?.data
        }
        func uint32(_ data: [UInt8]?) -> UInt32? {
            guard let data, data.count == 4 else { return nil }
            return data.reduce(0) { $0 << 8 | UInt32($1) }
        }
        self.version = version
        self.type = type
        creationTime = uint32(last(2, in: hashed))
        keyExpiration = uint32(last(9, in: hashed))
        keyFlags = last(27, in: hashed).map { $0.first ?? 0 }
        isPrimaryUserID = last(25, in: hashed).map { $0.first != 0 } ?? false
        let all = hashed + unhashed
        issuerKeyIDs = all.filter { $0.type == 16 && $0.data.count == 8 }.map(\.data)
        // Subpacket 33 is a key-version octet followed by the fingerprint.
        issuerFingerprints = all.filter { $0.type == 33 && $0.data.count > 1 }.map { Array($0.data.dropFirst()) }
    }

    private init(
        version: Int, type: UInt8, creationTime: UInt32?, keyExpiration: UInt32?, keyFlags: UInt8?,
        isPrimaryUserID: Bool, issuerKeyIDs: [[UInt8]], issuerFingerprints: [[UInt8]]
    ) {
        self.version = version
        self.type = type
        self.creationTime = creationTime
        self.keyExpiration = keyExpiration
        self.keyFlags = keyFlags
        self.isPrimaryUserID = isPrimaryUserID
        self.issuerKeyIDs = issuerKeyIDs
        self.issuerFingerprints = issuerFingerprints
    }

    /// Whether this signature claims to be made by `key` and is not dated before the key (or
    /// subkey) it speaks about.
    ///
    /// This is the "valid-looking" test: a forger can fake it, which is acceptable because the
    /// result only describes the key; GnuPG verifies everything before encrypting.
    func looksIssued(by key: OpenPGPKeyPacket, about subject: OpenPGPKeyPacket) -> Bool {
        if !issuerFingerprints.isEmpty {
            guard issuerFingerprints.contains(key.fingerprint) else { return false }
        } else if !issuerKeyIDs.isEmpty {
            guard issuerKeyIDs.contains(key.keyID) else { return false }
        }
        // With no issuer at all we cannot tell who made it; it sits where only the owner's
        // signatures belong, so it gets the benefit of the doubt, as GnuPG gives it.
        // A v4+ signature must carry its creation time; without it GnuPG rejects it too.
        guard let creationTime else { return false }
        return creationTime >= subject.creationTime
    }

    private struct Subpacket {
        let type: UInt8
        let data: [UInt8]
    }

    private static func subpackets(_ area: [UInt8]) throws(OpenPGPKeyError) -> [Subpacket] {
        var reader = OpenPGPByteReader(area)
        var result: [Subpacket] = []
        while reader.remaining > 0 {
            let first = Int(try reader.uint8())
            let length: Int
            switch first {
            case 0..<192: length = first
            case 192..<255: length = ((first - 192) << 8) + Int(try reader.uint8()) + 192
            default: length = Int(try reader.uint32())
            }
            // The length counts the type octet, so zero is impossible.
            guard length >= 1 else { throw .malformedPacket }
            // Bit 7 of the type is the "critical" flag, not part of the type.
            let type = try reader.uint8() & 0x7F
            result.append(Subpacket(type: type, data: try reader.bytes(length - 1)))
        }
        return result
    }
}
