import Foundation

/// What CERT staff need to know about a pasted OpenPGP public key: whose it is, its
/// fingerprint, and whether it can be used to encrypt to its owner right now.
///
/// This *describes* a key, it does not *certify* it: no signature is verified
/// cryptographically, so a forged self-signature or a forged expiry would be reported as if it
/// were real. That is acceptable because the key is only shown to staff here; GnuPG verifies
/// every signature itself when it later encrypts to the key. Never treat a value of this type
/// as proof of who owns the key.
public struct OpenPGPKey: Sendable, Equatable {
    /// An encryption-capable subkey, as described by its latest binding signature.
    public struct Subkey: Sendable, Equatable {
        /// Uppercase hex fingerprint (40 characters for v4, 64 for v5/v6).
        public let fingerprint: String
        /// Uppercase hex key ID (16 characters).
        public let keyID: String
        /// Algorithm name, e.g. "ECDH", "RSA", "X25519".
        public let algorithm: String
        /// Modulus / prime size for RSA and ElGamal; nil for elliptic curves.
        public let bits: Int?
        /// Curve name for ECDH keys, e.g. "Curve25519"; nil otherwise.
        public let curve: String?
        /// When the subkey was created.
        public let created: Date
        /// When the subkey expires (key-expiration subpacket of its binding signature), if ever.
        public let expires: Date?
        /// Whether a subkey revocation signature (type 0x28) is present.
        public let revoked: Bool

        /// Whether GnuPG could encrypt to this subkey at `now` (ignoring the primary key's state).
        public func isUsable(at now: Date) -> Bool {
            guard !revoked else { return false }
            guard let expires else { return true }
            return expires > now
        }
    }

    /// Uppercase hex fingerprint of the primary key (40 characters for v4, 64 for v5/v6).
    public let fingerprint: String
    /// Uppercase hex key ID (16 characters): the end of a v4 fingerprint, the start of a v5/v6 one.
    public let keyID: String
    /// Key packet version: 4, 5 (LibrePGP) or 6 (RFC 9580).
    public let version: Int
    /// Algorithm of the primary key, e.g. "EdDSA", "RSA", "Ed25519".
    public let algorithm: String
    /// Modulus / prime size for RSA, DSA and ElGamal primary keys; nil for elliptic curves.
    public let bits: Int?
    /// Curve of ECDSA/EdDSA/ECDH primary keys, e.g. "Ed25519", "NIST P-256"; nil otherwise.
    public let curve: String?
    /// When the primary key was created.
    public let created: Date
    /// When the primary key expires: from the newest self-signature over a user ID, or from a
    /// direct-key self-signature that states an expiry (RFC 9580 style); nil if never.
    public let expires: Date?
    /// User IDs that carry a self-signature and are not revoked, in key order (UTF-8, lossy).
    public let userIDs: [String]
    /// Lower-cased e-mail addresses found in `userIDs`, without duplicates.
    public let emails: [String]
    /// Whether a key revocation signature (type 0x20) is present.
    public let revoked: Bool
    /// Whether the primary key itself may encrypt (old RSA keys often have no subkey).
    public let primaryKeyCanEncrypt: Bool
    /// Bound subkeys that may encrypt, in key order, including expired and revoked ones.
    public let encryptionSubkeys: [Subkey]

    /// Largest armored text or binary key accepted; real keys are a few kilobytes, and even a
    /// key with many signatures from a keyserver stays far below this.
    public static let maximumInputBytes = 1_000_000
    /// Most packets accepted in one key, so hostile input cannot make us build huge tables.
    public static let maximumPackets = 1_000
    /// Most subkeys accepted in one key.
    public static let maximumSubkeys = 64

    /// Describes the single public key in pasted text (an ASCII-armored public key block,
    /// possibly surrounded by other text such as an e-mail signature).
    public static func parse(armored text: String) throws(OpenPGPKeyError) -> OpenPGPKey {
        let binary = try ASCIIArmor.decodePublicKeyBlock(text, maximumBytes: maximumInputBytes)
        return try parse(binary: binary)
    }

    /// Describes the single public key in binary OpenPGP data (`gpg --export` without `--armor`).
    public static func parse(binary bytes: [UInt8]) throws(OpenPGPKeyError) -> OpenPGPKey {
        try OpenPGPKeyAssembler.assemble(bytes, requireUserID: true)
    }

    /// Whether the key can be used to encrypt at `now`; revocation is reported before expiry.
    public func status(at now: Date) -> OpenPGPKeyStatus {
        if revoked { return .revoked }
        if let expires, expires <= now { return .expired }
        if primaryKeyCanEncrypt { return .valid }
        if encryptionSubkeys.isEmpty { return .noEncryptionKey }
        return usableEncryptionSubkey(at: now) == nil ? .expired : .valid
    }

    /// The subkey GnuPG would pick to encrypt at `now` (the newest usable one), or nil.
    ///
    /// Nil also when the whole key is revoked or expired, since then no subkey may be used.
    public func usableEncryptionSubkey(at now: Date) -> Subkey? {
        if revoked { return nil }
        if let expires, expires <= now { return nil }
        return encryptionSubkeys.filter { $0.isUsable(at: now) }.max { $0.created < $1.created }
    }
}
