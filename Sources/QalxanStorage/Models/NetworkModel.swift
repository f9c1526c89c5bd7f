import FluentKit
import Foundation

/// An IP prefix, an AS number or a domain that an organisation is responsible for.
public final class NetworkModel: Model, @unchecked Sendable {
    public static let schema = "networks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organisation_id") public var organisationID: UUID
    /// `ipv4`, `ipv6`, `asn` or `domain`.
    @Field(key: "kind") public var kind: String
    /// Canonical text (`10.0.0.0/8`, `2001:db8::/32`, `AS29049`, `example.az`); unique,
    /// so one network has one owner and the most specific one answers a lookup.
    @Field(key: "value") public var value: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID = UUID(), organisationID: UUID, kind: String, value: String, createdAt: Date = Date()) {
        self.id = id
        self.organisationID = organisationID
        self.kind = kind
        self.value = value
        self.createdAt = createdAt
    }
}
