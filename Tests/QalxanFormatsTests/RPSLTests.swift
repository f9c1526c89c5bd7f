import Testing
@testable import QalxanFormats

@Suite("RPSL objects")
struct RPSLTests {
    func blocks(_ text: String, classes: Set<String>? = nil) -> [RPSLReader.Block] {
        Array(RPSLReader(utf8(text), classes: classes))
    }

    @Test("Objects, attributes, comments and continuation lines")
    func objects() throws {
        let text = """
        % This is the RIPE Database query service.
        % The objects are in RPSL format.

        inetnum:        192.0.2.0 - 192.0.2.255
        NetName:        EXAMPLE-NET   # the net
        descr:          Example
                        Network
        descr:          second line
        +               continued   
        \tand tabbed
        # a comment inside
        country:        AZ
        remarks:
        +
        +  after empty

        role:           Abuse Team
        nic-hdl:        AT1-RIPE
        abuse-mailbox:  abuse@example.az
        """
        let b = blocks(text)
        #expect(b.count == 2)
        #expect(b.allSatisfy { $0.problems.isEmpty })
        let inetnum = try #require(b[0].object)
        #expect(inetnum.objectClass == "inetnum")
        #expect(inetnum.primaryKey == "192.0.2.0 - 192.0.2.255")
        #expect(inetnum.line == 4)
        #expect(inetnum.first("netname") == "EXAMPLE-NET")
        #expect(inetnum.all("descr") == ["Example Network", "second line continued and tabbed"])
        #expect(inetnum.first("remarks") == "after empty")
        #expect(inetnum.first("country") == "AZ")
        #expect(inetnum.first("org") == nil)
        #expect(inetnum.attributes.map(\.line) == [4, 5, 6, 8, 12, 13])
        let role = try #require(b[1].object)
        #expect(role.objectClass == "role")
        #expect(role.primaryKey == "AT1-RIPE")
        #expect(role.line == 17)
    }

    @Test("CRLF line ends, blank lines with spaces, and several blank lines between objects")
    func separators() {
        let b = blocks("a: 1\r\nb: 2\r\n  \r\n\r\n\r\nc: 3\r\n \t\nd: 4")
        #expect(b.map { $0.object?.attributes.map(\.value) ?? [] } == [["1", "2"], ["3"], ["4"]])
        #expect(b.map { $0.object?.line ?? 0 } == [1, 6, 8])
    }

    @Test("A malformed line is reported with its line and the object is still read")
    func malformedInside() throws {
        let b = blocks("organisation: ORG-X1-RIPE\norg-name: X\nthis line has no colon\n  stray continuation\n: empty name\nnöt-ascii: v\ncountry: AZ\n")
        #expect(b.count == 1)
        let object = try #require(b[0].object)
        #expect(object.attributes.map(\.name) == ["organisation", "org-name", "country"])
        #expect(b[0].problems.map(\.line) == [3, 5, 6])
        #expect(b[0].problems.allSatisfy { $0.key == ImportProblem.rpslMalformedLine })
        #expect(b[0].problems[0].detail == "this line has no colon")
    }

    @Test("An object whose first line is malformed is skipped whole, and the next one read")
    func malformedFirst() {
        let b = blocks("garbage here\nnetname: X\n\n  continuation first\nnetname: Y\n\nrole: R\nnic-hdl: R1\n")
        #expect(b.count == 3)
        #expect(b[0].object == nil && b[0].problems.map(\.line) == [1])
        #expect(b[1].object == nil && b[1].problems.map(\.line) == [4])
        #expect(b[2].object?.primaryKey == "R1")
    }

    @Test("Only the classes asked for are read")
    func classFilter() {
        let b = blocks("domain: 2.0.192.in-addr.arpa\nbad line\n\nroute: 192.0.2.0/24\n\naut-num: AS64496\n", classes: ["aut-num"])
        #expect(b.count == 1)
        #expect(b[0].object?.primaryKey == "AS64496")
        #expect(b[0].problems.isEmpty)
    }

    @Test("A million unwanted objects in a row do not exhaust the stack")
    func manySkipped() {
        let text = String(repeating: "domain: x\n\n", count: 200_000) + "role: R\nnic-hdl: R1\n"
        let b = blocks(text, classes: ["role"])
        #expect(b.count == 1)
        #expect(b[0].object?.line == 400_001)
    }

    @Test("Only comments, or nothing, gives nothing", arguments: ["", "\n\n", "% only\n# comments\n", "   \n\t\n"])
    func nothing(_ text: String) {
        #expect(blocks(text).isEmpty)
    }

    @Test("Random bytes never crash the reader")
    func randomBytes() {
        var rng = FormatsRng(state: 9)
        let alphabet = utf8("a:-# \t+%\n\r") + [0xFF, 0x00]
        for round in 0..<300 {
            let bytes = round % 2 == 0 ? rng.bytes(rng.below(500)) : rng.bytes(rng.below(500), from: alphabet)
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            for block in RPSLReader(bytes) {
                #expect(block.object != nil || !block.problems.isEmpty)
                #expect(block.problems.allSatisfy { (1...lines).contains($0.line) })
                if let object = block.object { #expect(!object.attributes.isEmpty && object.attributes.allSatisfy { !$0.name.isEmpty }) }
            }
        }
    }

    @Test("A very long value")
    func longValue() {
        let long = String(repeating: "x", count: 1_000_000)
        #expect(blocks("descr: " + long + "\n").first?.object?.first("descr") == long)
    }
}
