import Testing
@testable import QalxanFormats

@Suite("RIPE database import")
struct RIPEImportTests {
    /// Objects as in the RIPE split files, in the order a concatenation of inetnum,
    /// inet6num, aut-num, domain, organisation and role files gives: resources first, the
    /// roles they name last.
    static let dump = """
    % Tags relating to '192.0.2.0 - 192.0.3.127'
    % This output has been filtered.

    inetnum:        192.0.2.0 - 192.0.3.127
    netname:        AZ-EDUNET
    descr:          AzEduNet backbone
    country:        AZ
    org:            ORG-AE1-RIPE
    admin-c:        DUMY-RIPE
    tech-c:         DUMY-RIPE
    status:         ASSIGNED PA
    mnt-by:         EDUNET-MNT
    created:        2013-07-16T10:00:00Z
    source:         RIPE # Filtered

    inetnum:        198.51.100.0 - 198.51.100.255
    netname:        SUMQAYIT-SU
    descr:          Sumqayit Water Utility
    descr:          Sumqayit, Azerbaijan
    country:        az
    abuse-c:        SS1-RIPE
    status:         ASSIGNED PA
    source:         RIPE

    inetnum:        203.0.113.0 - 203.0.113.63
    netname:        SUMQAYIT-SU
    country:        AZ
    status:         ASSIGNED PA
    source:         RIPE

    inet6num:       2001:db8::/32
    netname:        AZ-EDUNET-V6
    country:        AZ
    org:            ORG-AE1-RIPE
    abuse-c:        NOC1-RIPE
    status:         ASSIGNED
    source:         RIPE

    aut-num:        AS64496
    as-name:        EDUNET-AS
    org:            ORG-AE1-RIPE
    source:         RIPE

    aut-num:        AS64500
    as-name:        GANJA-NET
    descr:          Ganja City Network
    abuse-c:        MISSING1-RIPE
    source:         RIPE

    inetnum:        203.0.113.128 - 203.0.113.255
    netname:        BANK-NET
    org:            ORG-GB9-RIPE
    source:         RIPE

    domain:         2.0.192.in-addr.arpa
    descr:          reverse zone
    nserver:        ns1.edunet.example.az

    organisation:   ORG-AE1-RIPE
    org-name:       AzEduNet Research and Education Network
    country:        AZ
    org-type:       LIR
    abuse-c:        AE1-RIPE
    e-mail:         ***@ripe.net
    source:         RIPE # Filtered

    role:           AzEduNet Abuse
    nic-hdl:        AE1-RIPE
    abuse-mailbox:  abuse@edunet.example.az
    e-mail:         ***@ripe.net
    phone:          +994 12 555 01 01

    role:           AzEduNet NOC
    nic-hdl:        NOC1-RIPE
    e-mail:         noc@edunet.example.az

    role:           Sumqayit Su IT
    nic-hdl:        SS1-RIPE
    e-mail:         ***@ripe.net
    """

    @Test("Organisations, resources and abuse contacts from a split-file dump")
    func dump() throws {
        let batch = RIPEImport.read(utf8(Self.dump))
        #expect(batch.organisations.map(\.key) == ["netname:SUMQAYIT-SU", "asname:GANJA-NET", "ORG-GB9-RIPE", "ORG-AE1-RIPE"])
        let edunet = try #require(batch.organisations.last)
        #expect(edunet.nameEn == "AzEduNet Research and Education Network")
        #expect(edunet.country == "AZ")
        #expect(edunet.kind == "constituent" && edunet.notification == "immediate")
        #expect(edunet.networks == ["192.0.2.0/24", "192.0.3.0/25", "2001:db8::/32", "AS64496"])
        #expect(edunet.contacts == [
            ImportedContact(name: "AzEduNet Abuse", email: "abuse@edunet.example.az", phone: "+994 12 555 01 01", role: "abuse", primary: true, line: 67),
            ImportedContact(name: "AzEduNet NOC", email: "noc@edunet.example.az", role: "abuse", primary: false, line: 73),
        ])
        #expect(edunet.line == 59)

        let water = batch.organisations[0]
        #expect(water.nameEn == "Sumqayit Water Utility")
        #expect(water.country == "AZ")
        #expect(water.networks == ["198.51.100.0/24", "203.0.113.0/26"])
        #expect(water.contacts == [])
        #expect(water.line == 16)

        let ganja = batch.organisations[1]
        #expect(ganja.nameEn == "Ganja City Network")
        #expect(ganja.networks == ["AS64500"])

        let bank = batch.organisations[2]
        #expect(bank.nameEn == "ORG-GB9-RIPE")
        #expect(bank.networks == ["203.0.113.128/25"])

        #expect(batch.problems == [
            ImportProblem(line: 50, key: ImportProblem.ripeMissingOrg, detail: "ORG-GB9-RIPE"),
            ImportProblem(line: 77, key: ImportProblem.ripeRedactedEmail, detail: "***@ripe.net"),
            ImportProblem(line: 44, key: ImportProblem.ripeMissingRole, detail: "MISSING1-RIPE"),
        ])
    }

    @Test("Reading twice gives the same batch")
    func idempotent() {
        let bytes = utf8(Self.dump + "\n\ninetnum: nonsense\nnetname: X\n")
        #expect(RIPEImport.read(bytes) == RIPEImport.read(bytes))
    }

    @Test("Bad resources are reported and skipped", arguments: [
        ("inetnum: 192.0.2.9 - 192.0.2.1\nnetname: X", ImportProblem.ripeBadRange),
        ("inetnum: 192.0.2.0 - 2001:db8::\nnetname: X", ImportProblem.ripeBadRange),
        ("inetnum: 2001:db8::/32\nnetname: X", ImportProblem.ripeBadRange),
        ("inet6num: 192.0.2.0/24\nnetname: X", ImportProblem.ripeBadRange),
        ("inet6num: 2001:db8::/129\nnetname: X", ImportProblem.ripeBadRange),
        ("aut-num: AS-SET1\nas-name: X", ImportProblem.ripeBadASN),
        ("aut-num: 64496\nas-name: X", ImportProblem.ripeBadASN),
        ("inetnum: 192.0.2.0 - 192.0.2.255\nstatus: ASSIGNED PA", ImportProblem.missingKey),
        ("organisation:\norg-name: X", ImportProblem.missingKey),
    ])
    func badResource(_ text: String, _ key: String) {
        let batch = RIPEImport.read(utf8(text))
        #expect(batch.organisations.isEmpty)
        #expect(batch.problems.map(\.key) == [key])
        #expect(batch.problems.first?.line == 1)
    }

    @Test("An inetnum written as a prefix is read too")
    func prefixInetnum() {
        let batch = RIPEImport.read(utf8("inetnum: 192.0.2.0/25\nnetname: X\n"))
        #expect(batch.organisations.first?.networks == ["192.0.2.0/25"])
    }

    @Test("A bad country is reported and the resource still imported")
    func badCountry() {
        let batch = RIPEImport.read(utf8("inetnum: 192.0.2.0 - 192.0.2.255\nnetname: X\ncountry: Azerbaijan\n"))
        #expect(batch.problems.map(\.key) == [ImportProblem.badCountry])
        #expect(batch.organisations.first?.country == "")
        #expect(batch.organisations.first?.networks == ["192.0.2.0/24"])
    }

    @Test("A role with no usable address at all is reported; with a phone it is still a contact")
    func unusableRole() {
        let text = "aut-num: AS64496\nas-name: A\nabuse-c: R1\n\naut-num: AS64497\nas-name: B\nabuse-c: R2\n\n"
            + "role: One\nnic-hdl: R1\ne-mail: not an address\n\nrole: Two\nnic-hdl: R2\nphone: +994 12 555 01 01\n"
        let batch = RIPEImport.read(utf8(text))
        #expect(batch.problems.map(\.key) == [ImportProblem.badEmail, ImportProblem.badEmail])
        #expect(batch.problems.map(\.detail) == ["not an address", "R2"])
        #expect(batch.organisations.map(\.contacts.count) == [0, 1])
    }

    @Test("A role named by many resources is reported once")
    func reportedOnce() {
        let text = (0..<50).map { "inetnum: 192.0.2.\($0) - 192.0.2.\($0)\nnetname: N\($0)\nabuse-c: GONE-RIPE\n" }.joined(separator: "\n")
        let batch = RIPEImport.read(utf8(text))
        #expect(batch.organisations.count == 50)
        #expect(batch.problems.map(\.key) == [ImportProblem.ripeMissingRole])
    }

    @Test("Handles match without regard to case")
    func handleCase() {
        let batch = RIPEImport.read(utf8("aut-num: as64496\nas-name: x\norg: org-ab1-ripe\n\norganisation: ORG-AB1-RIPE\norg-name: AB\nabuse-c: ab1-ripe\n\nrole: AB abuse\nnic-hdl: AB1-RIPE\nabuse-mailbox: abuse@ab.example.az\n"))
        #expect(batch.problems == [])
        #expect(batch.organisations.count == 1)
        #expect(batch.organisations[0].networks == ["AS64496"])
        #expect(batch.organisations[0].contacts.map(\.email) == ["abuse@ab.example.az"])
    }

    @Test("Random bytes and malformed lines never crash the import")
    func hostile() {
        var rng = FormatsRng(state: 17)
        let words = ["inetnum: ", "inet6num: ", "aut-num: ", "organisation: ", "role: ", "org: ", "abuse-c: ", "nic-hdl: ", "netname: ",
                     "192.0.2.1", " - ", "2001:db8::/", "AS", "ORG-1", "\n", "\n\n", "#", "+", " ", "e-mail: ", "*@x", "abuse-mailbox: "]
        for round in 0..<300 {
            let bytes = round % 3 == 0 ? rng.bytes(rng.below(800)) : utf8((0..<rng.below(120)).map { _ in words[rng.below(words.count)] }.joined())
            let batch = RIPEImport.read(bytes)
            #expect(batch == RIPEImport.read(bytes))
            #expect(batch.problems.allSatisfy { ImportProblem.allKeys.contains($0.key) })
            #expect(batch.organisations.allSatisfy { !$0.key.isEmpty && !$0.nameEn.isEmpty })
        }
    }
}
