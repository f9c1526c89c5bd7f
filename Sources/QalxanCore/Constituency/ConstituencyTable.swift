import Foundation

/// An organisation as lookups and pages name it.
public struct OrganisationRef: Sendable, Hashable, Codable {
    public let id: UUID
    public let nameEn: String
    public let nameAz: String
    public let kind: OrganisationKind
    public let country: String

    public init(id: UUID, nameEn: String, nameAz: String, kind: OrganisationKind, country: String) {
        self.id = id
        self.nameEn = nameEn
        self.nameAz = nameAz
        self.kind = kind
        self.country = country
    }

    /// The name in `language`, or the other one when that is empty.
    public func name(_ language: Language) -> String {
        switch language {
        case .az: nameAz.isEmpty ? nameEn : nameAz
        case .en: nameEn.isEmpty ? nameAz : nameEn
        }
    }
}

/// Countries of IP blocks and AS numbers, from the RIRs' delegated statistics.
public struct GeoTable: Sendable {
    let v4: RangeTable<UInt32>
    let v6: RangeTable<UInt128>
    let asns: RangeTable<UInt32>
    let countries: [String]

    /// One delegated block: `ipv4` and `asn` give a first value and a count, `ipv6` a
    /// first address and a prefix length.
    public struct Block: Sendable {
        public let kind: String
        public let start: String
        public let size: Int64
        public let country: String

        public init(kind: String, start: String, size: Int64, country: String) {
            self.kind = kind
            self.start = start
            self.size = size
            self.country = country
        }
    }

    /// An empty table: every answer is nil.
    public static let empty = GeoTable(blocks: [])

    /// Builds the table; blocks that do not parse are skipped (the importer reported them).
    public init(blocks: [Block]) {
        var countries: [String] = []
        var countryIndex: [String: Int32] = [:]
        var v4: [(range: ClosedRange<UInt32>, value: Int32)] = []
        var v6: [(range: ClosedRange<UInt128>, value: Int32)] = []
        var asns: [(range: ClosedRange<UInt32>, value: Int32)] = []
        for b in blocks where b.size > 0 {
            let c: Int32
            if let i = countryIndex[b.country] { c = i } else {
                c = Int32(countries.count)
                countries.append(b.country)
                countryIndex[b.country] = c
            }
            switch b.kind {
            case "ipv4":
                guard case .v4(let first)? = IPAddress(b.start), b.size <= (1 << 32) else { continue }
                let last = UInt64(first) + UInt64(b.size) - 1
                guard last <= UInt64(UInt32.max) else { continue }
                v4.append((first...UInt32(last), c))
            case "ipv6":
                guard let a = IPAddress(b.start), case .v6 = a, (0...128).contains(b.size),
                      let r = IPPrefix(address: a, length: Int(b.size)).v6Range else { continue }
                v6.append((r, c))
            case "asn":
                guard let first = UInt32(b.start), b.size <= (1 << 32) else { continue }
                let last = UInt64(first) + UInt64(b.size) - 1
                guard last <= UInt64(UInt32.max) else { continue }
                asns.append((first...UInt32(last), c))
            default:
                continue
            }
        }
        self.v4 = RangeTable(v4, indexBits: 16)
        self.v6 = RangeTable(v6, indexBits: 16)
        self.asns = RangeTable(asns, indexBits: 12)
        self.countries = countries
        self.blockCount = v4.count + v6.count + asns.count
    }

    /// The country `address` is delegated to, or nil.
    public func country(for address: IPAddress) -> String? {
        let i: Int32
        switch address {
        case .v4(let a): i = v4.lookup(a)
        case .v6(let a): i = v6.lookup(a)
        }
        return i >= 0 ? countries[Int(i)] : nil
    }

    /// The country AS `number` is delegated to, or nil.
    public func country(forASN number: UInt32) -> String? {
        let i = asns.lookup(number)
        return i >= 0 ? countries[Int(i)] : nil
    }

    /// The country of a domain's country-code top-level domain (`gov.az` → AZ, `.uk` →
    /// GB), or nil for generic ones.
    public static func country(forDomain name: String) -> String? {
        guard let tld = name.split(separator: ".").last, tld.utf8.count == 2,
              tld.utf8.allSatisfy({ (97...122).contains($0) }) else { return nil }
        switch tld {
        case "uk": return "GB"
        case "eu", "su": return nil
        default: return tld.uppercased()
        }
    }

    /// How many delegated blocks the table holds.
    public let blockCount: Int
}

/// What a lookup found: the owner and its parents, or, outside the constituency, the
/// country and the partner teams responsible for it.
public struct LookupResult: Sendable, Equatable {
    /// The query, normalised (`185.18.245.7`, `10.0.0.0/8`, `AS29049`, `example.az`).
    public let query: String
    /// `ip`, `prefix`, `asn`, `domain`, `url` or `email`: what the query was read as.
    public let kind: String
    /// The registered network that matched (`185.18.244.0/22`), or nil.
    public let network: String?
    /// The owner first, then its parents.
    public let owners: [OrganisationRef]
    /// The country the resource is delegated to, when known.
    public let country: String?
    /// Partner teams covering `country`; filled when no organisation owns the resource.
    public let partners: [OrganisationRef]

    public init(query: String, kind: String, network: String?, owners: [OrganisationRef], country: String?, partners: [OrganisationRef]) {
        self.query = query
        self.kind = kind
        self.network = network
        self.owners = owners
        self.country = country
        self.partners = partners
    }

    /// The organisation to tell: the owner, else the first partner team.
    public var responsible: OrganisationRef? { owners.first ?? partners.first }
}

/// The whole registry, prepared for lookups: an immutable value, rebuilt and swapped in
/// when the registry changes while lookups go on with the old one.
public struct ConstituencyTable: Sendable {
    public let organisations: [OrganisationRef]
    let parents: [Int32]
    let indexByID: [UUID: Int32]
    /// Networks, by the index the resolver answers with.
    let networks: [(value: NetworkValue, organisation: Int32)]
    let resolver: PrefixResolver
    public let geo: GeoTable
    let partnersByCountry: [String: [Int32]]
    /// Registered prefixes by value, for "which network contains all of this prefix".
    let prefixIndex: [IPPrefix: Int32]
    /// Registered prefixes by first address, for "which networks lie inside this prefix".
    let v4Ranges: [(start: UInt32, end: UInt32, index: Int32)]
    let v6Ranges: [(start: UInt128, end: UInt128, index: Int32)]

    /// An empty registry.
    public static let empty = ConstituencyTable(organisations: [], networks: [], geo: .empty)

    /// One organisation of the registry.
    public struct Organisation: Sendable {
        public let ref: OrganisationRef
        public let parent: UUID?
        /// Partner teams: the countries they cover.
        public let countries: [String]

        public init(ref: OrganisationRef, parent: UUID?, countries: [String] = []) {
            self.ref = ref
            self.parent = parent
            self.countries = countries
        }
    }

    public init(organisations: [Organisation], networks: [(value: NetworkValue, organisation: UUID)], geo: GeoTable) {
        var indexByID: [UUID: Int32] = [:]
        indexByID.reserveCapacity(organisations.count)
        for (i, o) in organisations.enumerated() { indexByID[o.ref.id] = Int32(i) }
        self.organisations = organisations.map(\.ref)
        self.parents = organisations.map { o in o.parent.flatMap { indexByID[$0] } ?? -1 }
        var partners: [String: [Int32]] = [:]
        for (i, o) in organisations.enumerated() where o.ref.kind == .partnerCERT {
            for c in o.countries { partners[c, default: []].append(Int32(i)) }
        }
        self.partnersByCountry = partners
        var kept: [(value: NetworkValue, organisation: Int32)] = []
        kept.reserveCapacity(networks.count)
        // Flat lists, not one entry per network: a million networks build without a
        // million small allocations.
        var v4: [(address: UInt32, length: UInt8, organisation: Int32)] = []
        var v6: [(address: UInt128, length: UInt8, organisation: Int32)] = []
        var asns: [UInt32: Int32] = [:]
        var domains: [String: Int32] = [:]
        for n in networks {
            guard let o = indexByID[n.organisation] else { continue }
            let index = Int32(kept.count)
            kept.append((n.value, o))
            switch n.value {
            case .prefix(let p):
                switch p.address {
                case .v4(let a): v4.append((a, UInt8(p.length), index))
                case .v6(let a): v6.append((a, UInt8(p.length), index))
                }
            case .asn(let a): asns[a] = index
            case .domain(let d): domains[d] = index
            }
        }
        self.networks = kept
        self.indexByID = indexByID
        self.resolver = PrefixResolver(v4: v4, v6: v6, asns: asns, domains: domains, parents: [])
        var prefixIndex: [IPPrefix: Int32] = [:]
        var v4Ranges: [(start: UInt32, end: UInt32, index: Int32)] = []
        var v6Ranges: [(start: UInt128, end: UInt128, index: Int32)] = []
        for (i, n) in kept.enumerated() {
            guard case .prefix(let p) = n.value else { continue }
            prefixIndex[p] = Int32(i)
            if let r = p.v4Range { v4Ranges.append((r.lowerBound, r.upperBound, Int32(i))) }
            if let r = p.v6Range { v6Ranges.append((r.lowerBound, r.upperBound, Int32(i))) }
        }
        v4Ranges.sort { $0.start < $1.start }
        v6Ranges.sort { $0.start < $1.start }
        self.prefixIndex = prefixIndex
        self.v4Ranges = v4Ranges
        self.v6Ranges = v6Ranges
        self.geo = geo
    }

    /// How many networks the table holds.
    public var networkCount: Int { networks.count }

    /// The organisation with this id, if registered.
    public func organisation(_ id: UUID) -> OrganisationRef? {
        indexByID[id].map { organisations[Int($0)] }
    }

    /// `id` and its parents, most specific first (cycles are cut).
    public func chain(_ id: UUID) -> [OrganisationRef] {
        guard let i = indexByID[id] else { return [] }
        return chain(index: i)
    }

    func chain(index: Int32) -> [OrganisationRef] {
        var out: [OrganisationRef] = []
        var seen: Set<Int32> = []
        var current = index
        while current >= 0, seen.insert(current).inserted, out.count < 64 {
            out.append(organisations[Int(current)])
            current = parents[Int(current)]
        }
        return out
    }

    /// Resolves what a person typed: an IP address, a prefix, an AS number, a domain, a
    /// URL or an e-mail address. Nil when it is none of these.
    public func lookup(_ text: String) -> LookupResult? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, t.utf8.count <= 2048 else { return nil }
        if let a = IPAddress(t) { return resolve(.ip(a)) }
        if case .success(let v) = NetworkValue.parse(t) {
            switch v {
            case .prefix(let p): return resolve(.prefix(p))
            case .asn(let n): return resolve(.asn(n))
            case .domain(let d): return resolve(.domain(d))
            }
        }
        // A URL or an e-mail address: its host decides.
        if let first = ObservableExtractor.extract(from: t, limit: 1).first { return resolve(first) }
        return nil
    }

    /// The owner (and parents) of an observable, or the country and partner teams.
    public func resolve(_ observable: Observable) -> LookupResult {
        switch observable {
        case .ip(let a):
            let n = resolver.organisation(for: a)
            return result(observable.text, "ip", network: n, country: n == nil ? geo.country(for: a) : nil)
        case .prefix(let p):
            let n = coveringNetwork(p)
            return result(observable.text, "prefix", network: n, country: n == nil ? geo.country(for: p.address) : nil)
        case .asn(let a):
            let n = resolver.organisation(forASN: a)
            return result(observable.text, "asn", network: n, country: n == nil ? geo.country(forASN: a) : nil)
        case .domain(let d):
            let n = resolver.organisation(forDomain: d)
            return result(observable.text, "domain", network: n, country: n == nil ? GeoTable.country(forDomain: d) : nil)
        case .email(let e):
            let domain = String(e.split(separator: "@").last ?? "")
            let n = resolver.organisation(forDomain: domain)
            return result(observable.text, "email", network: n, country: n == nil ? GeoTable.country(forDomain: domain) : nil)
        case .url(let u):
            guard let host = Self.host(ofURL: u) else { return result(u, "url", network: nil, country: nil) }
            if let a = IPAddress(host) {
                let n = resolver.organisation(for: a)
                return result(u, "url", network: n, country: n == nil ? geo.country(for: a) : nil)
            }
            let n = resolver.organisation(forDomain: host)
            return result(u, "url", network: n, country: n == nil ? GeoTable.country(forDomain: host) : nil)
        }
    }

    /// The host of a URL, lower-cased, without brackets, port or credentials.
    static func host(ofURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let end = rest.firstIndex(where: { "/?#".contains($0) }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            return String(rest[rest.index(after: rest.startIndex)..<close]).lowercased()
        }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        let h = rest.lowercased()
        if IPAddress(h) != nil { return h }
        return DomainName.normalise(h)
    }

    /// The most specific registered prefix containing all of `p`: at most one hash
    /// lookup per shorter length.
    func coveringNetwork(_ p: IPPrefix) -> Int32? {
        for length in stride(from: p.length, through: 0, by: -1) {
            if let i = prefixIndex[IPPrefix(address: p.address, length: length)] { return i }
        }
        return nil
    }

    /// Registered prefixes of other organisations that overlap `p` (contain it or lie
    /// inside it), with their owners: what the console shows next to a network.
    public func overlaps(_ p: IPPrefix, excluding organisation: UUID, limit: Int = 50) -> [(network: String, owner: OrganisationRef)] {
        let own = indexByID[organisation] ?? -1
        var found: [Int32] = []
        // Around it: the registered prefixes at each shorter length.
        for length in stride(from: p.length, through: 0, by: -1) {
            if let i = prefixIndex[IPPrefix(address: p.address, length: length)] { found.append(i) }
        }
        // Inside it: the prefixes starting within its range, found by binary search.
        func inside<K: Comparable>(_ ranges: [(start: K, end: K, index: Int32)], _ r: ClosedRange<K>) {
            var lo = 0, hi = ranges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ranges[mid].start < r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            while lo < ranges.count, ranges[lo].start <= r.upperBound, found.count < limit * 4 {
                if ranges[lo].end <= r.upperBound { found.append(ranges[lo].index) }
                lo += 1
            }
        }
        if let r = p.v4Range { inside(v4Ranges, r) }
        if let r = p.v6Range { inside(v6Ranges, r) }
        var seen = Set<Int32>()
        var out: [(network: String, owner: OrganisationRef)] = []
        for i in found where seen.insert(i).inserted {
            let n = networks[Int(i)]
            guard n.organisation != own else { continue }
            out.append((n.value.text, organisations[Int(n.organisation)]))
            if out.count >= limit { break }
        }
        return out
    }

    private func result(_ query: String, _ kind: String, network: Int32?, country: String?) -> LookupResult {
        if let network {
            let n = networks[Int(network)]
            let owners = chain(index: n.organisation)
            return LookupResult(query: query, kind: kind, network: n.value.text, owners: owners,
                                country: owners.first.map(\.country).flatMap { $0.isEmpty ? nil : $0 }, partners: [])
        }
        let partners = country.map { (partnersByCountry[$0] ?? []).map { organisations[Int($0)] } } ?? []
        return LookupResult(query: query, kind: kind, network: nil, owners: [], country: country, partners: partners)
    }
}
