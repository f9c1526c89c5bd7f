/// Finds the organisation responsible for an IP address, an AS number or a domain, and
/// its chain of parent organisations. Organisations are numbered `0..<n` by the caller
/// (index into its own list); the resolver is an immutable value, so a registry change
/// builds a new one and swaps it in while lookups on the old one go on.
public struct PrefixResolver: Sendable {
    let v4: PrefixTable<UInt32>
    let v6: PrefixTable<UInt128>
    let asns: [UInt32: Int32]
    let domains: [String: Int32]
    /// `parents[i]`: the parent organisation of `i`, or -1.
    let parents: [Int32]

    /// What the registry holds, organisation by organisation.
    public struct Entry: Sendable {
        public let organisation: Int32
        public let prefixes: [IPPrefix]
        public let asns: [UInt32]
        /// Lower-case, IDNA-encoded domains; each covers its subdomains.
        public let domains: [String]

        public init(organisation: Int32, prefixes: [IPPrefix] = [], asns: [UInt32] = [], domains: [String] = []) {
            self.organisation = organisation
            self.prefixes = prefixes
            self.asns = asns
            self.domains = domains
        }
    }

    public init(entries: [Entry], parents: [Int32]) {
        var v4: [(address: UInt32, length: UInt8, organisation: Int32)] = []
        var v6: [(address: UInt128, length: UInt8, organisation: Int32)] = []
        var asns: [UInt32: Int32] = [:]
        var domains: [String: Int32] = [:]
        var count4 = 0, count6 = 0
        for e in entries {
            for p in e.prefixes {
                if case .v4 = p.address { count4 += 1 } else { count6 += 1 }
            }
        }
        v4.reserveCapacity(count4)
        v6.reserveCapacity(count6)
        for e in entries {
            for p in e.prefixes {
                switch p.address {
                case .v4(let a): v4.append((a, UInt8(p.length), e.organisation))
                case .v6(let a): v6.append((a, UInt8(p.length), e.organisation))
                }
            }
            for a in e.asns { asns[a] = e.organisation }
            for d in e.domains { domains[d.lowercased()] = e.organisation }
        }
        self.init(v4: Self.table(v4), v6: Self.table(v6), asns: asns, domains: domains, parents: parents)
    }

    /// Builds the resolver from flat lists rather than an `Entry` (and its arrays) per
    /// organisation: the form for large registries. A prefix is an address (host bits
    /// are ignored), a length in bits (clamped to the family's width) and its
    /// organisation; of the same prefix given twice, the later one wins. Domains are
    /// matched in lower case and cover their subdomains.
    public init(v4: [(address: UInt32, length: UInt8, organisation: Int32)],
                v6: [(address: UInt128, length: UInt8, organisation: Int32)],
                asns: [UInt32: Int32] = [:], domains: [String: Int32] = [:], parents: [Int32]) {
        var lowered: [String: Int32] = [:]
        lowered.reserveCapacity(domains.count)
        for (d, o) in domains { lowered[d.lowercased()] = o }
        self.init(v4: Self.table(v4), v6: Self.table(v6), asns: asns, domains: lowered, parents: parents)
    }

    init(v4: PrefixTable<UInt32>, v6: PrefixTable<UInt128>, asns: [UInt32: Int32], domains: [String: Int32], parents: [Int32]) {
        self.v4 = v4
        self.v6 = v6
        self.asns = asns
        self.domains = domains
        self.parents = parents
    }

    // Large IPv4 tables get a root of 2^18 entries (1 MB): about 5 ranges per slice, so
    // that a node fits in a cache line. Measured on the 2-core VM with 800 000 prefixes:
    // 16 bits, two lines per node, was half as fast; 19 bits no faster. IPv6 prefixes
    // crowd into a few slices of the top 16 bits (2001::/16, 2a0x::/16…) whatever their
    // number, so its root is on 16 bits, and the next level often dense.
    static func table(_ p: [(address: UInt32, length: UInt8, organisation: Int32)]) -> PrefixTable<UInt32> {
        p.withUnsafeBufferPointer { p in
            PrefixTable(count: p.count, rootBits: 8...18) { (p[$0].address, Int(p[$0].length), p[$0].organisation) }
        }
    }

    static func table(_ p: [(address: UInt128, length: UInt8, organisation: Int32)]) -> PrefixTable<UInt128> {
        p.withUnsafeBufferPointer { p in
            PrefixTable(count: p.count, rootBits: 16...16) { (p[$0].address, Int(p[$0].length), p[$0].organisation) }
        }
    }

    /// The organisation owning the most specific prefix that contains `address`, or nil.
    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is an IPv6 address here.
    public func organisation(for address: IPAddress) -> Int32? {
        let v: Int32
        switch address {
        case .v4(let a): v = v4.lookup(a)
        case .v6(let a): v = v6.lookup(a)
        }
        return v >= 0 ? v : nil
    }

    /// The organisation owning the most specific IPv4 prefix that contains `address`
    /// (as a number, `a.b.c.d` = `a << 24 | b << 16 | c << 8 | d`), or -1.
    public func organisation(v4 address: UInt32) -> Int32 { v4.lookup(address) }

    /// The organisation owning the most specific IPv6 prefix that contains `address`, or -1.
    public func organisation(v6 address: UInt128) -> Int32 { v6.lookup(address) }

    /// Batch lookup: `out[i]` = the organisation for `addresses[i]`, or -1. Faster than
    /// one call per address: the memory reads of neighbouring addresses overlap.
    /// `out` must be at least as long as `addresses`.
    public func organisations(v4 addresses: UnsafeBufferPointer<UInt32>, into out: UnsafeMutableBufferPointer<Int32>) {
        v4.lookup(addresses, into: out)
    }

    /// Batch lookup for IPv6 addresses; see `organisations(v4:into:)`.
    public func organisations(v6 addresses: UnsafeBufferPointer<UInt128>, into out: UnsafeMutableBufferPointer<Int32>) {
        v6.lookup(addresses, into: out)
    }

    /// Batch lookup for mixed addresses: one organisation (or nil) per address, in order.
    public func organisations(for addresses: [IPAddress]) -> [Int32?] {
        var out: [Int32?] = []
        out.reserveCapacity(addresses.count)
        let chunk = 256
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: chunk) { k4 in
            withUnsafeTemporaryAllocation(of: UInt128.self, capacity: chunk) { k6 in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: chunk) { r4 in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: chunk) { r6 in
                        var start = 0
                        while start < addresses.count {
                            let end = Swift.min(start + chunk, addresses.count)
                            var n4 = 0, n6 = 0
                            for a in addresses[start..<end] {
                                switch a {
                                case .v4(let x): k4[n4] = x; n4 += 1
                                case .v6(let x): k6[n6] = x; n6 += 1
                                }
                            }
                            v4.lookup(UnsafeBufferPointer(rebasing: k4[..<n4]), into: r4)
                            v6.lookup(UnsafeBufferPointer(rebasing: k6[..<n6]), into: r6)
                            var i4 = 0, i6 = 0
                            for a in addresses[start..<end] {
                                let v: Int32
                                if case .v4 = a { v = r4[i4]; i4 += 1 } else { v = r6[i6]; i6 += 1 }
                                out.append(v >= 0 ? v : nil)
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return out
    }

    /// Bytes held by the IPv4 and IPv6 prefix tables.
    public var prefixTableBytes: Int { v4.memoryBytes + v6.memoryBytes }

    /// The organisation holding AS `number`, or nil.
    public func organisation(forASN number: UInt32) -> Int32? { asns[number] }

    /// The organisation holding the most specific registered domain that is `name` or
    /// one of its parents (`mail.gov.example.az` → `gov.example.az` → `example.az`).
    public func organisation(forDomain name: String) -> Int32? {
        var labels = name.lowercased().split(separator: ".", omittingEmptySubsequences: true)
        while !labels.isEmpty {
            if let v = domains[labels.joined(separator: ".")] { return v }
            labels.removeFirst()
        }
        return nil
    }

    /// `organisation` and its parents, most specific first (cycles are cut).
    public func chain(_ organisation: Int32) -> [Int32] {
        var out: [Int32] = []
        var current = organisation
        while current >= 0, Int(current) < parents.count, !out.contains(current), out.count < 64 {
            out.append(current)
            current = parents[Int(current)]
        }
        return out
    }
}
