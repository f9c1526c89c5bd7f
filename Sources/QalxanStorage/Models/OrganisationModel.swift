import FluentKit
import Foundation
import QalxanCore

/// An entity in the team's registry: a constituent, a partner CERT, a vendor.
public final class OrganisationModel: Model, @unchecked Sendable {
    public static let schema = "organisations"

    @ID(key: .id) public var id: UUID?
    /// The identifier an import gave it (RIPE handle, CSV key), so that a re-run updates
    /// instead of duplicating; nil for organisations created in the console.
    @OptionalField(key: "external_key") public var externalKey: String?
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "name_az") public var nameAz: String
    @Field(key: "kind") public var kind: String
    @Field(key: "sector") public var sector: String
    /// ISO 3166 alpha-2, upper-case, or empty.
    @Field(key: "country") public var country: String
    @OptionalField(key: "parent_id") public var parentID: UUID?
    /// Language codes, comma-separated, in order of preference.
    @Field(key: "languages") public var languages: String
    @Field(key: "notification") public var notification: String
    @Field(key: "encrypted_mail") public var encryptedMail: Bool
    @Field(key: "notes") public var notes: String
    /// Partner CERTs: the countries they cover (comma-separated codes).
    @Field(key: "countries") public var countries: String
    @Field(key: "first_member") public var firstMember: Bool
    @Field(key: "trusted_introducer") public var trustedIntroducer: String
    /// The most restricted TLP label the team may send them.
    @Field(key: "max_tlp") public var maxTLP: String
    /// Lower-cased names and key: what the list's search matches.
    @Field(key: "search_text") public var searchText: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// The last event (by id) that went out in a digest; nil before the first.
    @OptionalField(key: "digest_event_id") public var digestEventID: Int64?
    @OptionalField(key: "digest_sent_at") public var digestSentAt: Date?
    /// The newest of its events the digest's scan has seen; past `digestEventID`, a digest
    /// has something to send.
    @OptionalField(key: "digest_pending_id") public var digestPendingID: Int64?

    public init() {}

    public var kindValue: OrganisationKind { OrganisationKind(rawValue: kind) ?? .other }
    public var notificationValue: NotificationPreference { NotificationPreference(rawValue: notification) ?? .immediate }
    public var maxTLPValue: TLP { TLP(rawValue: maxTLP) ?? .amber }
    public var languageList: [String] { languages.split(separator: ",").map(String.init) }
    public var countryList: [String] { countries.split(separator: ",").map(String.init) }

    /// Recomputes `searchText`.
    public func refreshSearchText() {
        searchText = Self.searchForm([nameEn, nameAz, externalKey ?? ""].joined(separator: "\n"))
    }

    /// Text as search compares it: lower-cased, without the dot that lower-casing the
    /// Azerbaijani `İ` leaves (`İ` → `i̇`), so that "iqtisadiyyat" finds "İqtisadiyyat".
    public static func searchForm(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "\u{0307}", with: "")
    }
}
