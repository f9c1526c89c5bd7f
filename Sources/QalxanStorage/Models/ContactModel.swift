import FluentKit
import Foundation
import QalxanCore

/// A person or a role mailbox of an organisation.
public final class ContactModel: Model, @unchecked Sendable {
    public static let schema = "contacts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "name") public var name: String
    /// Lower-case.
    @Field(key: "email") public var email: String
    @Field(key: "phone") public var phone: String
    @Field(key: "role") public var role: String
    @Field(key: "languages") public var languages: String
    @Field(key: "is_primary") public var isPrimary: Bool
    /// ASCII-armored OpenPGP public key as pasted, or empty.
    @Field(key: "pgp_key") public var pgpKey: String
    @Field(key: "pgp_fingerprint") public var pgpFingerprint: String
    /// When the key stops being usable for encryption (primary key or last encryption
    /// subkey expiring), as read when the key was saved.
    @OptionalField(key: "pgp_expires_at") public var pgpExpiresAt: Date?
    /// `valid`, `revoked` or `no_encryption_key` when saved; expiry is judged at read time.
    @Field(key: "pgp_state") public var pgpState: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// Deliveries to this contact that bounced since the last one that went through
    /// (nil until the first bounce).
    @OptionalField(key: "bounce_count") public var bounceCount: Int?
    @OptionalField(key: "last_bounce_at") public var lastBounceAt: Date?

    public init() {}

    public var roleValue: ContactRole { ContactRole(rawValue: role) ?? .technical }
    public var languageList: [String] { languages.split(separator: ",").map(String.init) }
}
