import Foundation
import QalxanCore

/// The IntelMQ harmonisation fields Qalxan's events may carry, and how the value of each
/// is checked and normalised, so that every parser that takes field names from its input
/// (the mapped CSV, IntelMQ JSON lines) stores the same text for the same value.
///
/// The list follows IntelMQ 3.x `harmonization.conf` (event section) plus the fields
/// Shadowserver's schema writes (`product.*`, `severity`, `tlp`); `extra.<name>` is open.
public enum FeedFields {
    /// Every known field name except the open `extra.*` family.
    public static let known: Set<String> = {
        var names: Set<String> = [
            "classification.identifier", "classification.taxonomy", "classification.type",
            "comment",
            "event_description.target", "event_description.text", "event_description.url",
            "event_hash",
            "feed.accuracy", "feed.code", "feed.documentation", "feed.name", "feed.provider", "feed.url",
            "malware.hash.md5", "malware.hash.sha1", "malware.hash.sha256", "malware.name", "malware.version",
            "misp.attribute_uuid", "misp.event_uuid",
            "output",
            "product.name", "product.vendor", "product.version", "product.vulnerabilities",
            "protocol.application", "protocol.transport",
            "raw", "rtir_id", "screenshot_url", "severity", "status",
            "time.observation", "time.source",
            "tlp",
        ]
        // source.* and destination.* have the same members.
        let sides = [
            "abuse_contact", "account", "allocated", "as_name", "asn", "domain_suffix", "fqdn",
            "geolocation.cc", "geolocation.city", "geolocation.country", "geolocation.latitude",
            "geolocation.longitude", "geolocation.region", "geolocation.state",
            "ip", "local_hostname", "local_ip", "network", "port", "registry", "reverse_dns",
            "tor_node", "url", "urlpath",
        ]
        for side in ["source", "destination"] {
            for s in sides { names.insert(side + "." + s) }
        }
        names.insert("source.geolocation.cymru_cc")
        names.insert("source.geolocation.geoip_cc")
        return names
    }()

    /// Whether `name` is a known field or `extra.<something>`.
    public static func isKnown(_ name: String) -> Bool {
        known.contains(name) || (name.utf8.count > 6 && name.hasPrefix("extra."))
    }

    /// How a field's value is checked, chosen by the field's name.
    public enum Kind: Sendable, Equatable {
        /// Free text, kept as given (surrounding spaces removed).
        case text
        /// An IPv4 or IPv6 address, stored in canonical form.
        case ip
        /// A port, 0–65535.
        case port
        /// An AS number (`AS64500` accepted), stored in decimal.
        case asn
        /// A CIDR network, stored with host bits cleared.
        case network
        /// A domain name, stored as `DomainName.normalise` gives it.
        case fqdn
        /// A reverse DNS name: like `fqdn`, but names that are no valid host name (PTR
        /// records may hold anything) are kept lower-cased instead of refused.
        case reverseDNS
        /// A URL with a scheme and a host.
        case url
        /// A time, stored as `2026-11-22T10:15:00+00:00`.
        case time
        /// A whole number.
        case integer
        /// A decimal number.
        case decimal
        /// `true` or `false`.
        case boolean
        /// Text stored lower-cased (names and identifiers IntelMQ keeps lower-case).
        case lower
        /// A two-character country code, stored upper-cased.
        case countryCode
        /// A regional internet registry (`RIPE`, `ARIN`, …).
        case registry
        /// A hexadecimal hash, stored lower-cased.
        case hash
        /// A TLP colour, stored as IntelMQ writes it (`AMBER`, `CLEAR`).
        case tlp
    }

    /// The kind of `field`, from its name.
    public static func kind(of field: String) -> Kind {
        // One hash lookup instead of a row of string comparisons: IntelMQ JSON lines ask
        // for every key of every line.
        kinds[field] ?? derivedKind(of: field)
    }

    static let kinds: [String: Kind] = Dictionary(uniqueKeysWithValues: known.map { ($0, derivedKind(of: $0)) })

    static func derivedKind(of field: String) -> Kind {
        switch field {
        case "time.source", "time.observation", "source.allocated", "destination.allocated": return .time
        case "feed.url", "event_description.url", "screenshot_url", "source.url", "destination.url": return .url
        case "feed.accuracy": return .decimal
        case "rtir_id": return .integer
        case "tlp": return .tlp
        case "malware.name", "protocol.application", "protocol.transport", "classification.taxonomy",
             "classification.type", "misp.attribute_uuid", "misp.event_uuid",
             "source.abuse_contact", "destination.abuse_contact":
            return .lower
        case "malware.hash.md5", "malware.hash.sha1", "malware.hash.sha256": return .hash
        default: break
        }
        guard !field.hasPrefix("extra.") else { return .text }
        if field.hasSuffix(".ip") || field.hasSuffix(".local_ip") { return .ip }
        if field.hasSuffix(".port") { return .port }
        if field.hasSuffix(".asn") { return .asn }
        if field.hasSuffix(".network") { return .network }
        if field.hasSuffix(".fqdn") { return .fqdn }
        if field.hasSuffix(".reverse_dns") { return .reverseDNS }
        if field.hasSuffix("_cc") || field.hasSuffix(".cc") { return .countryCode }
        if field.hasSuffix(".registry") { return .registry }
        if field.hasSuffix(".tor_node") { return .boolean }
        if field.hasSuffix(".latitude") || field.hasSuffix(".longitude") { return .decimal }
        return .text
    }

    /// What a value became.
    public enum Value: Sendable, Equatable {
        /// The normalised text.
        case value(String)
        /// Nothing to store (an empty cell).
        case none
        /// Not a value of the field's kind: a problem key and an English detail.
        case invalid(key: String, detail: String)
    }

    /// Checks and normalises `text` for a field of `kind`; `label` names where it came
    /// from (a column, a JSON key) in the detail of a problem. Times are read in the
    /// forms `FeedTime.parse` knows; a parser with its own time format reads them itself.
    public static func normalise(_ text: String, kind: Kind, label: String) -> Value {
        let t = trimmed(text)
        if t.isEmpty { return .none }
        func invalid(_ key: String, _ what: String) -> Value {
            .invalid(key: key, detail: "\(label) = \"\(text)\" is not \(what)")
        }
        switch kind {
        case .text:
            return .value(t)
        case .ip:
            guard let ip = FeedValues.canonicalIP(t) else { return invalid("ingest.invalid_ip", "an IP address") }
            return .value(ip)
        case .port:
            guard let n = FeedValues.int(t), (0...65535).contains(n) else {
                return invalid("ingest.invalid_port", "a port (0–65535)")
            }
            return .value(String(n))
        case .asn:
            guard let n = asn(t) else { return invalid("ingest.invalid_number", "an AS number") }
            return n == 0 ? .none : .value(String(n))
        case .network:
            guard let p = canonicalNetwork(t) else { return invalid("ingest.invalid_network", "a network (address/length)") }
            return .value(p)
        case .fqdn:
            guard let d = DomainName.normalise(t) else { return invalid("ingest.invalid_domain", "a domain name") }
            return .value(d)
        case .reverseDNS:
            if let d = DomainName.normalise(t) { return .value(d) }
            guard t.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return invalid("ingest.invalid_domain", "a host name") }
            var s = t.lowercased()
            if s.hasSuffix(".") { s.removeLast() }
            return s.isEmpty ? .none : .value(s)
        case .url:
            guard let u = FeedURL(t) else { return invalid("ingest.invalid_url", "a URL with a scheme and a host") }
            return .value(u.text)
        case .time:
            guard let seconds = FeedTime.parse(t) else { return invalid("ingest.invalid_time", "a time") }
            return .value(FeedTime.format(seconds))
        case .integer:
            guard let n = FeedValues.int(t) else { return invalid("ingest.invalid_number", "a whole number") }
            return .value(String(n))
        case .decimal:
            guard let d = Double(t), d.isFinite else { return invalid("ingest.invalid_number", "a number") }
            return .value(decimalText(d))
        case .boolean:
            switch t.lowercased() {
            case "true", "yes", "y", "1": return .value("true")
            case "false", "no", "n", "0": return .value("false")
            default: return invalid("ingest.invalid_value", "true or false")
            }
        case .lower:
            return .value(t.lowercased())
        case .countryCode:
            guard t.utf8.count == 2, t.utf8.allSatisfy(isAlphanumeric) else {
                return invalid("ingest.invalid_value", "a two-letter country code")
            }
            return .value(t.uppercased())
        case .registry:
            let upper = t.uppercased()
            switch upper {
            case "RIPENCC", "RIPE-NCC", "RIPE NCC": return .value("RIPE")
            case "AFRINIC", "APNIC", "ARIN", "LACNIC", "RIPE": return .value(upper)
            default: return invalid("ingest.invalid_value", "a regional internet registry")
            }
        case .hash:
            guard t.utf8.allSatisfy(isHex) else { return invalid("ingest.invalid_value", "a hexadecimal hash") }
            return .value(t.lowercased())
        case .tlp:
            guard let tlp = TLP(parsing: t) else { return invalid("ingest.invalid_value", "a TLP label") }
            return .value(String(tlp.rawValue.dropFirst(4)))
        }
    }

    /// `text` as `time.source`: a time in a form `FeedTime.parse` reads, no later than
    /// `latestAllowed` (seconds since 1970).
    public static func sourceTime(_ text: String, label: String, latestAllowed: Double) -> Value {
        guard let seconds = FeedTime.parse(text) else {
            return trimmed(text).isEmpty
                ? .none : .invalid(key: "ingest.invalid_time", detail: "\(label) = \"\(text)\" is not a time")
        }
        guard seconds <= latestAllowed else {
            return .invalid(key: "ingest.future_time", detail: "\(label) = \"\(text)\" is in the future")
        }
        return .value(FeedTime.format(seconds))
    }

    /// Whether an abuse.ch cell holds a value: they write `None` for a null.
    @inline(__always)
    static func present(_ text: String) -> Bool {
        !text.isEmpty && text != "None"
    }

    /// The canonical text of a network (host bits cleared, `IPPrefix`'s form), or nil. An
    /// IPv4 `a.b.c.d/n` is read by hand and, when already canonical (nearly always in
    /// feeds), returned as given without building a new string.
    public static func canonicalNetwork(_ text: String) -> String? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0, length = 0, lengthDigits = 0
        var slash = false, fast = true
        for b in text.utf8 {
            if slash {
                guard b >= 0x30, b <= 0x39, lengthDigits < 2 else { fast = false; break }
                if lengthDigits == 1 && length == 0 { fast = false; break }  // `/08`
                length = length * 10 + Int(b - 0x30)
                lengthDigits += 1
            } else if b >= 0x30 && b <= 0x39 {
                guard !(digits == 1 && octet == 0) else { fast = false; break }  // leading zero
                octet = octet * 10 + UInt32(b - 0x30)
                digits += 1
                guard octet <= 255 else { fast = false; break }
            } else if b == 0x2E, digits > 0, dots < 3 {
                value = value << 8 | octet
                octet = 0; digits = 0; dots += 1
            } else if b == 0x2F, digits > 0, dots == 3 {
                value = value << 8 | octet
                slash = true
            } else {
                fast = false
                break
            }
        }
        guard fast, slash, lengthDigits > 0, length <= 32 else { return IPPrefix(text)?.description }
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
        if value & mask == value { return text }
        return IPPrefix(address: .v4(value & mask), length: length).description
    }

    /// An AS number in `AS64500`, `as64500`, `64500` or asdot; 0 for AS 0 (read as "no
    /// AS", as IntelMQ's `invalidate_zero` does); nil otherwise.
    static func asn(_ text: String) -> UInt32? {
        if let n = ASNumber.parse(text) { return n }
        var digits = Substring(text)
        if digits.count > 2, digits.prefix(2).lowercased() == "as" { digits = digits.dropFirst(2) }
        if digits == "0" { return 0 }
        // AS_TRANS is a real number on the wire, only never a network's own.
        if digits == "23456" { return 23456 }
        return nil
    }

    /// A double as text: whole numbers without a fraction (`5`), others in Swift's
    /// shortest form (`1.5`).
    static func decimalText(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// `text` without ASCII spaces and tabs at either end; returns `text` itself when
    /// there are none, which is nearly always.
    @inline(__always)
    static func trimmed(_ text: String) -> String {
        let u = text.utf8
        guard let f = u.first, let l = u.last else { return text }
        if f != 0x20 && f != 0x09 && l != 0x20 && l != 0x09 { return text }
        var s = Substring(text).utf8[...]
        while let b = s.first, b == 0x20 || b == 0x09 { s = s.dropFirst() }
        while let b = s.last, b == 0x20 || b == 0x09 { s = s.dropLast() }
        return String(Substring(s))
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }
}
