import FluentKit
import Foundation

/// A stored feed event, for reading (the ingestion pipeline writes rows in bulk through
/// SQL). Times are whole seconds since 1970, UTC.
public final class EventModel: Model, @unchecked Sendable {
    public static let schema = "events"

    @ID(custom: "id", generatedBy: .database) public var id: Int64?
    @OptionalField(key: "time_source") public var timeSource: Int64?
    @Field(key: "time_observation") public var timeObservation: Int64
    @Field(key: "feed_name") public var feedName: String
    @OptionalField(key: "feed_provider") public var feedProvider: String?
    @OptionalField(key: "classification_taxonomy") public var classificationTaxonomy: String?
    @OptionalField(key: "classification_type") public var classificationType: String?
    @OptionalField(key: "classification_identifier") public var classificationIdentifier: String?
    @OptionalField(key: "source_ip") public var sourceIP: String?
    /// `source.ip` as a number when it is IPv4, for prefix filters.
    @OptionalField(key: "source_ip_v4") public var sourceIPv4: Int64?
    @OptionalField(key: "source_port") public var sourcePort: Int?
    @OptionalField(key: "source_asn") public var sourceASN: Int64?
    @OptionalField(key: "source_network") public var sourceNetwork: String?
    @OptionalField(key: "source_fqdn") public var sourceFQDN: String?
    @OptionalField(key: "source_url") public var sourceURL: String?
    @OptionalField(key: "source_cc") public var sourceCC: String?
    @OptionalField(key: "destination_ip") public var destinationIP: String?
    @OptionalField(key: "destination_port") public var destinationPort: Int?
    @OptionalField(key: "malware_name") public var malwareName: String?
    @OptionalField(key: "organisation_id") public var organisationID: UUID?
    @Field(key: "tlp") public var tlp: String
    @Field(key: "dedup_key") public var dedupKey: String
    @Field(key: "run_id") public var runID: UUID
    @Field(key: "line") public var line: Int64
    /// Every harmonisation field, as a JSON object of strings.
    @Field(key: "fields") public var fields: String

    public init() {}
}
