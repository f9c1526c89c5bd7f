import Foundation
import QalxanCore
import Testing

@Suite("Constituency table")
struct ConstituencyTableTests {
    let ministry = OrganisationRef(id: UUID(), nameEn: "Ministry of Digital Development", nameAz: "Rəqəmsal İnkişaf Nazirliyi", kind: .constituent, country: "AZ")
    let agency = OrganisationRef(id: UUID(), nameEn: "Innovation Agency", nameAz: "İnnovasiya Agentliyi", kind: .constituent, country: "AZ")
    let institute = OrganisationRef(id: UUID(), nameEn: "Institute of Physics", nameAz: "Fizika İnstitutu", kind: .constituent, country: "AZ")
    let certDE = OrganisationRef(id: UUID(), nameEn: "CERT-Bund", nameAz: "CERT-Bund", kind: .partnerCERT, country: "DE")
    let certTR = OrganisationRef(id: UUID(), nameEn: "USOM", nameAz: "USOM", kind: .partnerCERT, country: "TR")

    func table(geo: [GeoTable.Block] = []) throws -> ConstituencyTable {
        func net(_ s: String) throws -> NetworkValue { try NetworkValue.parse(s).get() }
        return ConstituencyTable(
            organisations: [
                .init(ref: ministry, parent: nil),
                .init(ref: agency, parent: ministry.id),
                .init(ref: institute, parent: agency.id),
                .init(ref: certDE, parent: nil, countries: ["DE", "AT"]),
                .init(ref: certTR, parent: nil, countries: ["TR"]),
            ],
            networks: [
                (try net("192.0.2.0/24"), ministry.id),
                (try net("192.0.2.128/25"), agency.id),
                (try net("192.0.2.200/32"), institute.id),
                (try net("2001:db8::/32"), ministry.id),
                (try net("2001:db8:aa::/48"), institute.id),
                (try net("::ffff:198.51.100.0/120"), agency.id),
                (try net("AS64496"), agency.id),
                (try net("example.az"), ministry.id),
                (try net("lab.physics.example.az"), institute.id),
            ],
            geo: GeoTable(blocks: geo))
    }

    @Test("The most specific owner answers, with its parents")
    func owners() throws {
        let t = try table()
        let r = try #require(t.lookup("192.0.2.201"))
        #expect(r.network == "192.0.2.128/25")
        #expect(r.owners.map(\.id) == [agency.id, ministry.id])
        #expect(try #require(t.lookup("192.0.2.200")).owners.map(\.id) == [institute.id, agency.id, ministry.id])
        #expect(try #require(t.lookup("192.0.2.5")).owners.first?.id == ministry.id)
        #expect(try #require(t.lookup("2001:db8:aa:1::5")).owners.first?.id == institute.id)
        #expect(try #require(t.lookup("2001:db8:ab::1")).owners.first?.id == ministry.id)
        #expect(try #require(t.lookup("AS64496")).owners.first?.id == agency.id)
        #expect(try #require(t.lookup("as64496")).kind == "asn")
        #expect(try #require(t.lookup("www.lab.physics.example.az")).owners.first?.id == institute.id)
        #expect(try #require(t.lookup("mail.example.az")).owners.first?.id == ministry.id)
        #expect(try #require(t.lookup("https://portal.example.az/login?x=1")).owners.first?.id == ministry.id)
        #expect(try #require(t.lookup("http://[2001:db8:aa::1]:8080/")).owners.first?.id == institute.id)
        #expect(try #require(t.lookup("abuse@lab.physics.example.az")).owners.first?.id == institute.id)
        // A prefix answers with the most specific network that contains all of it.
        #expect(try #require(t.lookup("192.0.2.128/26")).network == "192.0.2.128/25")
        #expect(try #require(t.lookup("192.0.0.0/16")).owners.isEmpty)
        #expect(t.lookup("not an address") == nil)
        #expect(t.lookup("") == nil)
    }

    @Test("IPv4-mapped IPv6 is an IPv6 lookup, not the IPv4 address")
    func mapped() throws {
        let t = try table()
        #expect(try #require(t.lookup("::ffff:198.51.100.7")).owners.first?.id == agency.id)
        #expect(try #require(t.lookup("198.51.100.7")).owners.isEmpty)
        #expect(try #require(t.lookup("::ffff:192.0.2.200")).owners.isEmpty)
    }

    @Test("Outside the constituency the partner team of the country answers")
    func partners() throws {
        let t = try table(geo: [
            .init(kind: "ipv4", start: "203.0.113.0", size: 256, country: "DE"),
            .init(kind: "ipv4", start: "198.51.100.0", size: 200, country: "AT"),
            .init(kind: "ipv6", start: "2001:db9::", size: 32, country: "TR"),
            .init(kind: "asn", start: "64500", size: 10, country: "TR"),
            .init(kind: "ipv4", start: "bogus", size: 1, country: "XX"),
        ])
        let de = try #require(t.lookup("203.0.113.77"))
        #expect(de.owners.isEmpty && de.country == "DE" && de.partners.map(\.id) == [certDE.id])
        #expect(de.responsible?.id == certDE.id)
        #expect(try #require(t.lookup("198.51.100.199")).partners.map(\.id) == [certDE.id])
        // Count 200 ends at .199: .200 is not delegated in this data.
        #expect(try #require(t.lookup("198.51.100.200")).country == nil)
        #expect(try #require(t.lookup("2001:db9:1::1")).partners.map(\.id) == [certTR.id])
        #expect(try #require(t.lookup("AS64505")).partners.map(\.id) == [certTR.id])
        // A ccTLD names the country of a domain.
        #expect(try #require(t.lookup("bad.example.de")).partners.map(\.id) == [certDE.id])
        #expect(try #require(t.lookup("bad.example.com")).country == nil)
        // Inside the constituency, the owner answers, not the partner.
        #expect(try #require(t.lookup("192.0.2.1")).partners.isEmpty)
    }

    @Test("Affected organisations come from observables, owners first, partners for the rest")
    func affected() throws {
        let t = try table(geo: [.init(kind: "ipv4", start: "203.0.113.0", size: 256, country: "DE")])
        let text = """
        Scanning from 192.0.2.200 and 192.0.2.201 against hxxp://portal[.]example[.]az/x.
        Also 203.0.113.9 (outside) and 8.8.8.8 (unknown).
        """
        let affected = t.affected(by: ObservableExtractor.extract(from: text))
        #expect(affected.map(\.organisation.id) == [institute.id, agency.id, ministry.id, certDE.id])
        #expect(affected[0].parents.map(\.id) == [agency.id, ministry.id])
        #expect(affected[3].source == "partner" && affected[3].country == "DE")
        #expect(affected[0].observables == ["192.0.2.200"])
    }

    @Test("A loop in the hierarchy is cut")
    func loop() throws {
        let a = UUID(), b = UUID()
        let t = ConstituencyTable(
            organisations: [.init(ref: OrganisationRef(id: a, nameEn: "A", nameAz: "", kind: .constituent, country: ""), parent: b),
                            .init(ref: OrganisationRef(id: b, nameEn: "B", nameAz: "", kind: .constituent, country: ""), parent: a)],
            networks: [(try NetworkValue.parse("10.0.0.0/8").get(), a)], geo: .empty)
        #expect(t.chain(a).map(\.id) == [a, b])
        #expect(try #require(t.lookup("10.1.1.1")).owners.count == 2)
        #expect(OrganisationRef(id: a, nameEn: "", nameAz: "Ə", kind: .other, country: "").name(.en) == "Ə")
    }

    @Test("Overlaps: networks of other organisations around and inside a prefix")
    func overlaps() throws {
        let t = try table()
        let around = t.overlaps(try #require(IPPrefix("192.0.2.128/25")), excluding: agency.id)
        #expect(Set(around.map(\.network)) == ["192.0.2.0/24", "192.0.2.200/32"])
        let inside = t.overlaps(try #require(IPPrefix("192.0.2.0/24")), excluding: ministry.id)
        #expect(Set(inside.map(\.network)) == ["192.0.2.128/25", "192.0.2.200/32"])
        #expect(t.overlaps(try #require(IPPrefix("203.0.113.0/24")), excluding: ministry.id).isEmpty)
        let v6 = t.overlaps(try #require(IPPrefix("2001:db8::/32")), excluding: ministry.id)
        #expect(v6.map(\.network) == ["2001:db8:aa::/48"])
        #expect(v6.first?.owner.id == institute.id)
    }
}
