/// Why a pasted OpenPGP public key was refused.
///
/// Several cases share one catalog key: staff need to know *what to do* (paste the key again,
/// export the public half, ask the owner for a newer key), not which byte was wrong. The
/// distinct cases stay for tests and logs.
public enum OpenPGPKeyError: Error, Equatable, Sendable {
    /// Nothing but whitespace was given.
    case empty
    /// The input is larger than `OpenPGPKey.maximumInputBytes`.
    case tooLarge
    /// The key holds more packets than `OpenPGPKey.maximumPackets`.
    case tooManyPackets
    /// The key holds more subkeys than `OpenPGPKey.maximumSubkeys`.
    case tooManySubkeys
    /// No `-----BEGIN PGP PUBLIC KEY BLOCK-----` line was found.
    case notArmored
    /// The input is OpenPGP data, but not a public key (a message, a signature…).
    case notAPublicKey
    /// The input contains a secret key; it is refused so that no secret key is ever stored.
    case privateKey
    /// The armored body has a character that is not base64.
    case badBase64
    /// The armor's CRC-24 line does not match the body.
    case badChecksum
    /// The data ends in the middle of a packet, or the armor has no END line.
    case truncated
    /// A packet or signature is not laid out as RFC 4880 / RFC 9580 require.
    case malformedPacket
    /// The primary key has a version this reader does not handle (e.g. 3, from PGP 2.x).
    case unsupportedVersion(Int)
    /// The primary key uses a public-key algorithm this reader does not know.
    case unsupportedAlgorithm(Int)
    /// No user ID with a self-signature is left, so there is no name or e-mail to show.
    case noUserID
    /// More than one primary key was pasted. Refused rather than taking the first, because a
    /// silently dropped second key could be the one the sender meant, and staff would then
    /// encrypt to the wrong person without noticing.
    case multipleKeys

    /// Catalog key of the message shown to staff for this error.
    public var key: String {
        switch self {
        case .empty: "error.pgp.empty"
        case .tooLarge, .tooManyPackets, .tooManySubkeys: "error.pgp.too_large"
        case .notArmored: "error.pgp.not_armored"
        case .notAPublicKey: "error.pgp.not_public_key"
        case .privateKey: "error.pgp.private_key"
        case .badBase64, .badChecksum, .truncated, .malformedPacket: "error.pgp.damaged"
        case .unsupportedVersion, .unsupportedAlgorithm: "error.pgp.unsupported"
        case .noUserID: "error.pgp.no_user_id"
        case .multipleKeys: "error.pgp.multiple_keys"
        }
    }

    /// Every catalog key this enum can return, so catalogs can be checked for completeness.
    public static let catalogKeys: [String] = [
        "error.pgp.empty", "error.pgp.too_large", "error.pgp.not_armored",
        "error.pgp.not_public_key", "error.pgp.private_key", "error.pgp.damaged",
        "error.pgp.unsupported", "error.pgp.no_user_id", "error.pgp.multiple_keys",
    ]
}
