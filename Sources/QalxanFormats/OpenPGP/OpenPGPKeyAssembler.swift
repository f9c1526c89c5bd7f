import Foundation

/// Walks the packets of one transferable public key (RFC 9580 section 10.1) and gathers what
/// `OpenPGPKey` reports: the primary key, its user IDs, subkeys and the signatures on each.
enum OpenPGPKeyAssembler {
    /// Builds an `OpenPGPKey` from binary data.
    ///
    /// `requireUserID` exists for tests: RFC 9580 allows keys without user IDs (its own
    /// sample key has none), but Qalxan refuses them because staff would have no name or
    /// address to check, and GnuPG 2.2 will not import them either.
    static func assemble(_ bytes: [UInt8], requireUserID: Bool) throws(OpenPGPKeyError) -> OpenPGPKey {
        guard bytes.count <= OpenPGPKey.maximumInputBytes else { throw .tooLarge }
        guard !bytes.isEmpty else { throw .empty }
        let packets = try OpenPGPPacket.readAll(bytes, maximumPackets: OpenPGPKey.maximumPackets)
        if packets.contains(where: { $0.tag == OpenPGPPacket.Tag.secretKey || $0.tag == OpenPGPPacket.Tag.secretSubkey }) {
            throw .privateKey
        }
        // Marker packets may precede a key and mean nothing (RFC 9580 section 5.8).
        let meaningful = packets.drop { $0.tag == OpenPGPPacket.Tag.marker }
        guard let first = meaningful.first, first.tag == OpenPGPPacket.Tag.publicKey else { throw .notAPublicKey }
        let primary = try OpenPGPKeyPacket.parse(first.body)
        guard let algorithm = OpenPGPAlgorithm.name(primary.algorithmID) else {
            throw .unsupportedAlgorithm(primary.algorithmID)
        }

        let components = try collect(meaningful.dropFirst())
        let selfSignatures = components.directSignatures.filter { $0.looksIssued(by: primary, about: primary) }
        let keyRevoked = components.allSignatures.contains { $0.type == OpenPGPSignaturePacket.SignatureType.keyRevocation }

        var userIDs: [String] = []
        var emails: [String] = []
        var latestCertification: OpenPGPSignaturePacket?
        for userID in components.userIDs {
            let signatures = userID.signatures.filter { $0.looksIssued(by: primary, about: primary) }
            let certifications = signatures.filter {
                OpenPGPSignaturePacket.SignatureType.certifications.contains($0.type)
            }
            // GnuPG drops user IDs nobody certified; a stranger could have appended them.
            guard let newest = latest(certifications) else { continue }
            // A user ID the owner revoked after certifying it is an address they no longer
            // answer at; listing it would send staff to the wrong mailbox.
            let revokedAfter = signatures.contains {
                $0.type == OpenPGPSignaturePacket.SignatureType.certificationRevocation
                    && ($0.creationTime ?? 0) >= (newest.creationTime ?? 0)
            }
            if revokedAfter { continue }
            latestCertification = latest([latestCertification, newest].compactMap { $0 })
            let text = String(decoding: userID.bytes, as: UTF8.self)
            if !userIDs.contains(text) { userIDs.append(text) }
            if let email = emailAddress(in: text), !emails.contains(email) { emails.append(email) }
        }
        if requireUserID, userIDs.isEmpty { throw .noUserID }

        var subkeys: [OpenPGPKey.Subkey] = []
        for component in components.subkeys {
            // A subkey of an algorithm we do not know is one our GnuPG cannot use either.
            guard let subkey = component.key, let name = OpenPGPAlgorithm.name(subkey.algorithmID) else { continue }
            let signatures = component.signatures.filter { $0.looksIssued(by: primary, about: subkey) }
            // A subkey without a binding signature is not part of the key; GnuPG drops it.
            guard let binding = latest(signatures.filter { $0.type == OpenPGPSignaturePacket.SignatureType.subkeyBinding })
            else { continue }
            let canEncrypt = binding.keyFlags.map { $0 & 0x0C != 0 } ?? OpenPGPAlgorithm.canEncrypt(subkey.algorithmID)
            guard canEncrypt else { continue }
            subkeys.append(OpenPGPKey.Subkey(
                fingerprint: hex(subkey.fingerprint), keyID: hex(subkey.keyID), algorithm: name,
                bits: subkey.bits, curve: subkey.curve, created: date(subkey.creationTime),
                expires: expiry(subkey.creationTime, binding.keyExpiration),
                revoked: component.signatures.contains { $0.type == OpenPGPSignaturePacket.SignatureType.subkeyRevocation }))
        }

        // Like GnuPG: a direct-key self-signature speaks for the whole key when it carries the
        // subpacket (RFC 9580 keys put expiry and flags there), otherwise the newest user ID
        // self-signature does. GnuPG also makes direct-key signatures that carry neither (to add
        // a designated revoker), so "newest signature of any kind" would lose the expiry.
        let directKey = latest(selfSignatures.filter { $0.type == OpenPGPSignaturePacket.SignatureType.directKey })
        let expirySeconds = directKey?.keyExpiration ?? latestCertification?.keyExpiration
        let primaryFlags = directKey?.keyFlags ?? latestCertification?.keyFlags
        let primaryCanEncrypt = primaryFlags.map { $0 & 0x0C != 0 } ?? OpenPGPAlgorithm.canEncrypt(primary.algorithmID)
        return OpenPGPKey(
            fingerprint: hex(primary.fingerprint), keyID: hex(primary.keyID), version: primary.version,
            algorithm: algorithm, bits: primary.bits, curve: primary.curve, created: date(primary.creationTime),
            expires: expiry(primary.creationTime, expirySeconds),
            userIDs: userIDs, emails: emails, revoked: keyRevoked,
            primaryKeyCanEncrypt: primaryCanEncrypt, encryptionSubkeys: subkeys)
    }

    private struct UserIDComponent {
        let bytes: [UInt8]
        var signatures: [OpenPGPSignaturePacket] = []
    }

    private struct SubkeyComponent {
        /// Nil when the subkey has a version this reader skips (RFC 9580 says to ignore them).
        let key: OpenPGPKeyPacket?
        var signatures: [OpenPGPSignaturePacket] = []
    }

    private struct Components {
        var directSignatures: [OpenPGPSignaturePacket] = []
        var userIDs: [UserIDComponent] = []
        var subkeys: [SubkeyComponent] = []
        var allSignatures: [OpenPGPSignaturePacket] = []
    }

    /// Attaches each signature to the packet it follows.
    private static func collect(_ packets: ArraySlice<OpenPGPPacket>) throws(OpenPGPKeyError) -> Components {
        enum Section { case primary, userID, subkey, ignored }
        var components = Components()
        var section = Section.primary
        for packet in packets {
            switch packet.tag {
            case OpenPGPPacket.Tag.publicKey:
                throw .multipleKeys
            case OpenPGPPacket.Tag.signature:
                guard let signature = try OpenPGPSignaturePacket.parse(packet.body) else { continue }
                components.allSignatures.append(signature)
                switch section {
                case .primary: components.directSignatures.append(signature)
                case .userID: components.userIDs[components.userIDs.count - 1].signatures.append(signature)
                case .subkey: components.subkeys[components.subkeys.count - 1].signatures.append(signature)
                case .ignored: break
                }
            case OpenPGPPacket.Tag.userID:
                components.userIDs.append(UserIDComponent(bytes: packet.body))
                section = .userID
            case OpenPGPPacket.Tag.publicSubkey:
                guard components.subkeys.count < OpenPGPKey.maximumSubkeys else { throw .tooManySubkeys }
                let key: OpenPGPKeyPacket?
                do {
                    key = try OpenPGPKeyPacket.parse(packet.body)
                } catch .unsupportedVersion {
                    key = nil
                }
                components.subkeys.append(SubkeyComponent(key: key))
                section = .subkey
            case OpenPGPPacket.Tag.marker, OpenPGPPacket.Tag.trust, OpenPGPPacket.Tag.padding:
                // Keyring bookkeeping and padding carry no meaning and do not end a section.
                continue
            default:
                // User attributes (photos) and unknown packets: their signatures are not ours.
                section = .ignored
            }
        }
        return components
    }

    /// The addr-spec inside the last `<…>` of a user ID, or the whole user ID when it is a
    /// bare address; lower-cased, since staff compare addresses case-insensitively.
    static func emailAddress(in userID: String) -> String? {
        var candidate = userID.trimmingCharacters(in: .whitespaces)
        if let open = userID.lastIndex(of: "<"), let close = userID[open...].firstIndex(of: ">") {
            candidate = String(userID[userID.index(after: open)..<close])
        }
        let parts = candidate.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !candidate.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
        else { return nil }
        return candidate.lowercased()
    }

    /// The most recent signature; on equal times the later packet wins, since it was most
    /// likely appended later (e.g. an expiry change made within the same second).
    private static func latest(_ signatures: [OpenPGPSignaturePacket]) -> OpenPGPSignaturePacket? {
        var result: OpenPGPSignaturePacket?
        for signature in signatures where (signature.creationTime ?? 0) >= (result?.creationTime ?? 0) {
            result = signature
        }
        return result
    }

    private static func date(_ seconds: UInt32) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// A key-expiration subpacket counts seconds from the key's creation; 0 means "never".
    private static func expiry(_ creation: UInt32, _ seconds: UInt32?) -> Date? {
        guard let seconds, seconds > 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(creation) + TimeInterval(seconds))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var result = ""
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return result
    }
}
