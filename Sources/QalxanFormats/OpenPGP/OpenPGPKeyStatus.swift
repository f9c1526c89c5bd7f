/// Whether a described key can be used to encrypt to its owner at a given moment.
///
/// The raw values are stable: they are meant to be stored and shown via `key`.
public enum OpenPGPKeyStatus: String, Sendable, CaseIterable {
    /// Not revoked, not expired, and it has a usable encryption key.
    case valid
    /// The primary key expired, or every encryption subkey it ever had is expired or revoked.
    case expired
    /// The owner published a revocation of the whole key.
    case revoked
    /// The key never had an encryption-capable (sub)key; it can only sign.
    case noEncryptionKey = "no_encryption_key"

    /// Catalog key of the label shown to staff, e.g. `pgp.status.expired`.
    public var key: String { "pgp.status." + rawValue }
}
