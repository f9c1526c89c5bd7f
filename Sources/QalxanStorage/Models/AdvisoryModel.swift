import FluentKit
import Foundation

/// An advisory's working copy: what the editor shows. See `CreateAdvisory`.
public final class AdvisoryModel: Model, @unchecked Sendable {
    public static let schema = "advisories"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "tracking_id") public var trackingID: String?
    /// An `Advisory.Kind` raw value.
    @Field(key: "kind") public var kind: String
    /// A `Severity` raw value.
    @Field(key: "severity") public var severity: String
    /// A `TLP` raw value.
    @Field(key: "tlp") public var tlp: String
    /// `Advisory` as JSON.
    @Field(key: "content") public var content: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "year") public var year: Int?
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by") public var createdBy: UUID?

    public init() {}

    public init(id: UUID = UUID(), kind: String, severity: String, tlp: String, content: String, createdBy: UUID?, now: Date) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.tlp = tlp
        self.content = content
        self.revision = 0
        self.createdBy = createdBy
        self.createdAt = now
        self.updatedAt = now
    }
}

/// One published version of an advisory, as it went out. See `CreateAdvisory`.
public final class AdvisoryRevisionModel: Model, @unchecked Sendable {
    public static let schema = "advisory_revisions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "advisory_id") public var advisoryID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "published_at") public var publishedAt: Date
    @Field(key: "kind") public var kind: String
    @Field(key: "severity") public var severity: String
    @Field(key: "tlp") public var tlp: String
    /// The year of the first publication: the CSAF folder.
    @Field(key: "year") public var year: Int
    /// `Advisory` as JSON, revisions included.
    @Field(key: "content") public var content: String
    /// The CSAF 2.0 document, exactly the bytes served and hashed.
    @OptionalField(key: "csaf") public var csaf: String?
    /// Its ASCII-armoured detached signature; nil when no team key was configured.
    @OptionalField(key: "csaf_signature") public var csafSignature: String?
    @OptionalField(key: "published_by") public var publishedBy: UUID?

    public init() {}

    public init(advisoryID: UUID, number: Int, publishedAt: Date, kind: String, severity: String, tlp: String, year: Int,
                content: String, csaf: String?, csafSignature: String?, publishedBy: UUID?) {
        self.id = UUID()
        self.advisoryID = advisoryID
        self.number = number
        self.publishedAt = publishedAt
        self.kind = kind
        self.severity = severity
        self.tlp = tlp
        self.year = year
        self.content = content
        self.csaf = csaf
        self.csafSignature = csafSignature
        self.publishedBy = publishedBy
    }
}
