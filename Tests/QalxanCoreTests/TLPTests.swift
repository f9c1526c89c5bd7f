import Testing
@testable import QalxanCore

@Suite struct TLPTests {
    @Test(arguments: [
        // Labels as TLP 2.0 writes them.
        ("TLP:CLEAR", TLP.clear), ("TLP:GREEN", .green), ("TLP:AMBER", .amber),
        ("TLP:AMBER+STRICT", .amberStrict), ("TLP:RED", .red),
        // Slugs used in URLs and forms.
        ("clear", .clear), ("green", .green), ("amber", .amber), ("amber-strict", .amberStrict), ("red", .red),
        // Bare colours, any case, and the spellings people use for AMBER+STRICT.
        ("AMBER", .amber), ("Red", .red), ("amber+strict", .amberStrict), ("AMBER_STRICT", .amberStrict),
        ("tlp:amber+strict", .amberStrict), ("Tlp:Green", .green), ("  TLP:RED  ", .red),
        // TLP 1.0's WHITE is TLP 2.0's CLEAR.
        ("TLP:WHITE", .clear), ("white", .clear), ("tlp:White", .clear),
    ] as [(String, TLP)])
    func parses(text: String, expected: TLP) {
        #expect(TLP(parsing: text) == expected)
    }

    @Test(arguments: ["", "   ", "TLP:", "TLP", "PURPLE", "TLP:PURPLE", "TLP:AMBER+", "AMBER STRICT", "AMBERSTRICT",
                      "TLP-RED", "TLP RED", "TLP:TLP:RED", "PAP:RED", "REDD", "RED!", "<script>", "TLP:RED\u{0}"])
    func rejectsJunk(text: String) {
        #expect(TLP(parsing: text) == nil)
    }

    @Test func labelAndSlugRoundTrip() {
        for tlp in TLP.allCases {
            #expect(TLP(parsing: tlp.rawValue) == tlp)
            #expect(TLP(parsing: tlp.slug) == tlp)
            #expect(TLP(rawValue: tlp.rawValue) == tlp)
        }
        #expect(TLP.amberStrict.rawValue == "TLP:AMBER+STRICT")
        #expect(TLP.amberStrict.slug == "amber-strict")
        #expect(Set(TLP.allCases.map(\.slug)).count == TLP.allCases.count)
    }

    @Test func orderGoesFromLeastToMostRestricted() {
        #expect(TLP.clear < .green)
        #expect(TLP.green < .amber)
        #expect(TLP.amber < .amberStrict)
        #expect(TLP.amberStrict < .red)
        #expect(!(TLP.red < .red))
        #expect(!(TLP.red < .clear))
        #expect([TLP.red, .clear, .amberStrict, .green, .amber].sorted() == [.clear, .green, .amber, .amberStrict, .red])
        #expect(TLP.allCases.max() == .red)
        #expect(TLP.allCases.min() == .clear)
        #expect(Set(TLP.allCases.map(\.rank)).count == TLP.allCases.count, "two labels share a rank")
    }

    @Test func reportsDefaultToAmber() {
        #expect(TLP.defaultForReports == .amber)
    }

    @Test(arguments: [
        ("PAP:CLEAR", PAP.clear), ("PAP:GREEN", .green), ("PAP:AMBER", .amber), ("PAP:RED", .red),
        ("clear", .clear), ("green", .green), ("amber", .amber), ("red", .red),
        ("pap:red", .red), ("Amber", .amber), (" PAP:GREEN ", .green),
        ("PAP:WHITE", .clear), ("white", .clear),
    ] as [(String, PAP)])
    func parsesPAP(text: String, expected: PAP) {
        #expect(PAP(parsing: text) == expected)
    }

    @Test(arguments: ["", "PAP:", "TLP:RED", "PAP:AMBER+STRICT", "amber-strict", "PAP-RED", "PAP:PURPLE", "PAP:PAP:RED"])
    func rejectsJunkPAP(text: String) {
        #expect(PAP(parsing: text) == nil)
    }

    @Test func papLabelAndSlugRoundTrip() {
        for pap in PAP.allCases {
            #expect(PAP(parsing: pap.rawValue) == pap)
            #expect(PAP(parsing: pap.slug) == pap)
        }
    }
}
