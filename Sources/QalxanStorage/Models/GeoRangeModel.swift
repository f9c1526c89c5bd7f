import FluentKit
import Foundation

/// One line of an RIR's delegated-extended statistics: a block of addresses or AS
/// numbers and the country it is delegated to.
public final class GeoRangeModel: Model, @unchecked Sendable {
    public static let schema = "geo_ranges"

    @ID(key: .id) public var id: UUID?
    /// `afrinic`, `apnic`, `arin`, `lacnic`, `ripencc`: an import replaces one registry's lines.
    @Field(key: "registry") public var registry: String
    /// ISO 3166 alpha-2.
    @Field(key: "country") public var country: String
    /// `ipv4`, `ipv6` or `asn`.
    @Field(key: "kind") public var kind: String
    /// First address or AS number, as text.
    @Field(key: "start") public var start: String
    /// IPv4 and AS numbers: how many; IPv6: the prefix length.
    @Field(key: "size") public var size: Int64

    public init() {}
}
