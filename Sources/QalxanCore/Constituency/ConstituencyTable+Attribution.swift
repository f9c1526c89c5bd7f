import Foundation

extension ConstituencyTable {
    /// Who an automated event belongs to: the registered organisation (most specific
    /// network first), else nothing, and the country when the event gave none.
    public struct Attribution: Sendable, Equatable {
        /// The owning organisation, when the address, AS or domain is registered.
        public var organisation: UUID?
        /// The country of the address or AS from the RIR data (or a domain's ccTLD).
        public var country: String?

        /// An attribution.
        public init(organisation: UUID? = nil, country: String? = nil) {
            self.organisation = organisation
            self.country = country
        }
    }

    /// Attributes an event from its `source.ip`, then `source.asn`, then `source.fqdn`:
    /// the address decides when it is registered, because a network is more specific
    /// than the AS announcing it. Runs once per ingested event, so it does no parsing.
    public func attribute(ip: IPAddress?, asn: UInt32?, domain: String?) -> Attribution {
        var n: Int32? = nil
        if let ip { n = resolver.organisation(for: ip) }
        if n == nil, let asn { n = resolver.organisation(forASN: asn) }
        if n == nil, let domain, !domain.isEmpty { n = resolver.organisation(forDomain: domain) }
        if let n {
            return Attribution(organisation: organisations[Int(networks[Int(n)].organisation)].id)
        }
        var country: String? = nil
        if let ip { country = geo.country(for: ip) }
        if country == nil, let asn { country = geo.country(forASN: asn) }
        if country == nil, let domain, !domain.isEmpty { country = GeoTable.country(forDomain: domain) }
        return Attribution(country: country)
    }
}
