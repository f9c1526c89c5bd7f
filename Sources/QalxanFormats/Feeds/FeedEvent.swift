import Foundation
import QalxanCore

/// One observation from a feed, keyed by IntelMQ harmonisation field names
/// (`time.source`, `source.ip`, `classification.type`, `extra.tag` …), so events from an
/// IntelMQ pipeline and from Qalxan's own parsers look the same.
///
/// Values are stored as text in their normalised form (times as
/// `2026-11-22T10:15:00+00:00`, numbers in decimal, booleans `true`/`false`); the typed
/// accessors read the fields that ingestion looks at on every event.
public struct FeedEvent: Sendable, Equatable {
    /// The harmonisation fields.
    public var fields: [String: String]

    /// An event with the given fields.
    public init(fields: [String: String] = [:]) {
        self.fields = fields
    }

    /// The field called `name`, or nil.
    public subscript(_ name: String) -> String? {
        get { fields[name] }
        set { fields[name] = newValue }
    }

    /// `time.source`: when the source saw the observation.
    public var timeSource: Date? {
        guard let text = fields["time.source"], let seconds = FeedTime.parse(text) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// `source.ip`.
    public var sourceIP: IPAddress? { fields["source.ip"].flatMap(IPAddress.init) }

    /// `source.port`.
    public var sourcePort: Int? { fields["source.port"].flatMap { Int($0) } }

    /// `source.asn`.
    public var sourceASN: UInt32? { fields["source.asn"].flatMap { UInt32($0) } }

    /// `classification.type` (RSIT type, or one of IntelMQ's own).
    public var classificationType: String? { fields["classification.type"] }

    /// `classification.identifier`.
    public var classificationIdentifier: String? { fields["classification.identifier"] }

    /// `feed.name`.
    public var feedName: String? { fields["feed.name"] }
}
