import FluentKit
import Foundation
import QalxanCore

/// One event in an incident's history: a status change, a comment, a linked report, …
public final class TimelineEntryModel: Model, @unchecked Sendable {
    public static let schema = "timeline_entries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "incident_id") public var incidentID: UUID
    @Field(key: "at") public var at: Date
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "body") public var body: String
    /// JSON object of string values.
    @Field(key: "data") public var data: String

    public init() {}

    public init(incidentID: UUID, at: Date, kind: TimelineItem.Kind, actorID: UUID?, body: String, data: [String: String]) {
        self.id = UUID()
        self.incidentID = incidentID
        self.at = at
        self.kind = kind.rawValue
        self.actorID = actorID
        self.body = body
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        self.data = (try? String(decoding: encoder.encode(data), as: UTF8.self)) ?? "{}"
    }

    public var dataValue: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(data.utf8))) ?? [:]
    }
}
