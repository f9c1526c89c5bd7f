/// An indicator found in free text (an incident description, a report, a mail): the
/// thing a handler may want to look up, block or share.
public enum Observable: Hashable, Sendable {
    case ip(IPAddress)
    case prefix(IPPrefix)
    /// Canonical ASCII form, as `DomainName.normalise` gives it.
    case domain(String)
    /// Refanged, with a lower-case scheme; the rest as written.
    case url(String)
    /// Local part as written, domain canonical.
    case email(String)
    case asn(UInt32)

    /// The canonical text: what is shown, searched for and exported.
    public var text: String {
        switch self {
        case .ip(let address): address.description
        case .prefix(let prefix): prefix.description
        case .domain(let name): name
        case .url(let url): url
        case .email(let email): email
        case .asn(let n): ASNumber.text(n)
        }
    }

    /// A stable name for the kind, for storage, filters and export formats.
    public var kind: String {
        switch self {
        case .ip: "ip"
        case .prefix: "prefix"
        case .domain: "domain"
        case .url: "url"
        case .email: "email"
        case .asn: "asn"
        }
    }
}
