import FluentKit
import Foundation

/// A feed an administrator configured: name, provider, format, where it is fetched from
/// (a URL or a directory watched for new files), how often, and the TLP its events get.
public final class FeedModel: Model, @unchecked Sendable {
    public static let schema = "feeds"

    @ID(key: .id) public var id: UUID?
    /// Unique; becomes `feed.name` of its events.
    @Field(key: "name") public var name: String
    @Field(key: "provider") public var provider: String
    /// A `FeedFormat` raw value (`shadowserver`, `urlhaus`, …).
    @Field(key: "format") public var format: String
    /// Shadowserver report type; nil means detected from each file's name.
    @OptionalField(key: "report") public var report: String?
    /// The mapping config of a generic CSV feed.
    @OptionalField(key: "mapping") public var mapping: String?
    @OptionalField(key: "url") public var url: String?
    @OptionalField(key: "directory") public var directory: String?
    /// Minutes between fetches; 0 means only by hand.
    @Field(key: "schedule_minutes") public var scheduleMinutes: Int
    /// A `TLP` raw value.
    @Field(key: "tlp") public var tlp: String
    @Field(key: "enabled") public var enabled: Bool
    /// The last `ETag` the URL answered with, sent back as `If-None-Match`.
    @OptionalField(key: "etag") public var etag: String?
    @OptionalField(key: "last_fetch_at") public var lastFetchAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(id: UUID = UUID(), name: String, provider: String, format: String, report: String? = nil,
                mapping: String? = nil, url: String? = nil, directory: String? = nil, scheduleMinutes: Int = 0,
                tlp: String, enabled: Bool = true, now: Date = Date()) {
        self.id = id
        self.name = name
        self.provider = provider
        self.format = format
        self.report = report
        self.mapping = mapping
        self.url = url
        self.directory = directory
        self.scheduleMinutes = scheduleMinutes
        self.tlp = tlp
        self.enabled = enabled
        self.createdAt = now
        self.updatedAt = now
    }
}
