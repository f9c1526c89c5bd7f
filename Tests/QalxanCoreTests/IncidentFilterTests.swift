import Foundation
import Testing
@testable import QalxanCore

@Suite struct IncidentFilterTests {
    private let userID = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!

    /// Compares query items as pairs (tuples are not Equatable).
    private func pairs(_ items: [(String, String)]) -> [String] { items.map { "\($0.0)=\($0.1)" } }

    @Test func defaults() {
        let f = IncidentFilter(query: [])
        #expect(f == IncidentFilter())
        #expect(f.statuses == [])
        #expect(f.className == nil && f.type == nil && f.severity == nil && f.tlp == nil)
        #expect(f.assigneeID == nil && f.assigneeEmail == nil && !f.unassignedOnly)
        #expect(f.text == "")
        #expect(f.sort == .created && f.descending)
        #expect(f.page == 1 && f.perPage == 50)
        #expect(pairs(f.queryItems()) == [])
    }

    @Test func readsEveryParameter() {
        let f = IncidentFilter(query: [
            ("status", "open"), ("status", "waiting"), ("type", "fraud/phishing"), ("severity", "high"),
            ("assignee", userID.uuidString), ("tlp", "amber-strict"), ("q", "  bank phishing  "),
            ("sort", "severity"), ("order", "asc"), ("page", "3"), ("per_page", "25"),
        ])
        #expect(f.statuses == [.open, .waiting])
        #expect(f.className == "fraud")
        #expect(f.type == "phishing")
        #expect(f.severity == .high)
        #expect(f.assigneeID == userID)
        #expect(f.tlp == .amberStrict)
        #expect(f.text == "bank phishing")
        #expect(f.sort == .severity)
        #expect(!f.descending)
        #expect(f.page == 3)
        #expect(f.perPage == 25)
    }

    @Test func readsAClassWithoutAType() {
        let f = IncidentFilter(query: [("class", "intrusions")])
        #expect(f.className == "intrusions")
        #expect(f.type == nil)
    }

    @Test func statusesAreKeptOnceInOrder() {
        let f = IncidentFilter(query: [("status", "closed"), ("status", "new"), ("status", "closed"), ("status", "in_progress")])
        #expect(f.statuses == [.closed, .new, .inProgress])
    }

    @Test func activeMeansEveryStatusThatStillNeedsWork() {
        let f = IncidentFilter(query: [("status", "active")])
        #expect(f.statuses == [.new, .open, .inProgress, .waiting])
        #expect(f.statuses.allSatisfy { $0.isActive })
    }

    @Test func activeAddsToOtherStatusesWhicheverComesFirst() {
        let before = IncidentFilter(query: [("status", "resolved"), ("status", "active")])
        let after = IncidentFilter(query: [("status", "active"), ("status", "resolved")])
        #expect(Set(before.statuses) == [.new, .open, .inProgress, .waiting, .resolved])
        #expect(Set(after.statuses) == [.new, .open, .inProgress, .waiting, .resolved])
        #expect(before.statuses.count == 5 && after.statuses.count == 5)
    }

    @Test func assignee() {
        #expect(IncidentFilter(query: [("assignee", "none")]).unassignedOnly)
        #expect(IncidentFilter(query: [("assignee", userID.uuidString.lowercased())]).assigneeID == userID)
        let byEmail = IncidentFilter(query: [("assignee", "Aysel@Example.AZ")])
        #expect(byEmail.assigneeEmail == "aysel@example.az")
        #expect(byEmail.assigneeID == nil && !byEmail.unassignedOnly)
        let junk = IncidentFilter(query: [("assignee", "somebody")])
        #expect(junk.assigneeID == nil && junk.assigneeEmail == nil && !junk.unassignedOnly)
    }

    @Test func ignoresJunk() {
        let f = IncidentFilter(query: [
            ("status", "sleeping"), ("status", "Open"), ("class", "nope"), ("class", "Fraud"), ("type", "fraud/scanner"),
            ("type", "phishing"), ("type", "fraud"), ("severity", "extreme"), ("tlp", "purple"), ("sort", "random"),
            ("page", "abc"), ("per_page", "lots"), ("unknown", "x"), ("q", "   "), ("status", ""), ("assignee", "  "),
        ])
        #expect(f == IncidentFilter())
    }

    @Test func junkAfterAGoodValueKeepsTheGoodValue() {
        let f = IncidentFilter(query: [
            ("severity", "high"), ("severity", "extreme"), ("tlp", "red"), ("tlp", "purple"),
            ("sort", "number"), ("sort", "random"), ("class", "fraud"), ("class", "nope"),
        ])
        #expect(f.severity == .high)
        #expect(f.tlp == .red)
        #expect(f.sort == .number)
        #expect(f.className == "fraud")
    }

    @Test func aClassAfterATypeOfAnotherClassDropsTheType() {
        let f = IncidentFilter(query: [("type", "fraud/phishing"), ("class", "intrusions")])
        #expect(f.className == "intrusions")
        #expect(f.type == nil)
        // A class that agrees with the type keeps it.
        let same = IncidentFilter(query: [("type", "fraud/phishing"), ("class", "fraud")])
        #expect(same.className == "fraud" && same.type == "phishing")
    }

    @Test(arguments: [("0", 1), ("-5", 1), ("1", 1), ("7", 7), ("1000000", 1_000_000), ("1000001", 1_000_000),
                      ("99999999999", 1_000_000), ("x", 1), ("2.5", 1)])
    func pageIsClamped(value: String, expected: Int) {
        #expect(IncidentFilter(query: [("page", value)]).page == expected)
    }

    @Test(arguments: [("0", 1), ("-1", 1), ("1", 1), ("100", 100), ("200", 200), ("201", 200), ("100000", 200), ("x", 50)])
    func perPageIsClamped(value: String, expected: Int) {
        #expect(IncidentFilter(query: [("per_page", value)]).perPage == expected)
    }

    @Test func orderIsDescendingUnlessAscIsAsked() {
        #expect(!IncidentFilter(query: [("order", "asc")]).descending)
        #expect(IncidentFilter(query: [("order", "desc")]).descending)
        #expect(IncidentFilter(query: [("order", "sideways")]).descending)
    }

    @Test func searchTextIsCleanedAndCapped() {
        let f = IncidentFilter(query: [("q", " phish\u{0}ing ")])
        #expect(f.text == "phishing")
        let long = IncidentFilter(query: [("q", String(repeating: "ə", count: 500))])
        #expect(long.text.count == 200)
    }

    @Test func readsTLPInAnySpelling() {
        #expect(IncidentFilter(query: [("tlp", "TLP:AMBER+STRICT")]).tlp == .amberStrict)
        #expect(IncidentFilter(query: [("tlp", "white")]).tlp == .clear)
    }

    static let roundTripQueries: [[(String, String)]] = [
        [],
        [("status", "active")],
        [("status", "open"), ("status", "in_progress"), ("class", "availability")],
        [("type", "availability/ddos"), ("severity", "critical"), ("assignee", "none"), ("tlp", "red")],
        [("assignee", "6F9619FF-8B86-D011-B42D-00C04FC964FF"), ("q", "ddos on 203.0.113.0/24 & co"), ("sort", "updated")],
        [("assignee", "aysel@example.az"), ("order", "asc"), ("page", "12"), ("per_page", "200")],
        [("status", "merged"), ("class", "test"), ("sort", "status"), ("order", "asc"), ("per_page", "1")],
    ]

    @Test(arguments: roundTripQueries)
    func queryItemsRoundTrip(query: [(String, String)]) {
        let f = IncidentFilter(query: query)
        let items = f.queryItems()
        #expect(IncidentFilter(query: items) == f)
        // And the items of the re-read filter are the same items.
        #expect(pairs(IncidentFilter(query: items).queryItems()) == pairs(items))
    }

    @Test func queryItemsOfAFullFilter() {
        var f = IncidentFilter()
        f.statuses = [.new, .waiting]
        f.className = "fraud"
        f.type = "phishing"
        f.severity = .low
        f.assigneeID = userID
        f.tlp = .amberStrict
        f.text = "bank"
        f.sort = .number
        f.descending = false
        f.page = 4
        f.perPage = 10
        #expect(pairs(f.queryItems()) == [
            "status=new", "status=waiting", "type=fraud/phishing", "severity=low",
            "assignee=\(userID.uuidString)", "tlp=amber-strict", "q=bank", "sort=number", "order=asc", "page=4",
            "per_page=10",
        ])
        #expect(IncidentFilter(query: f.queryItems()) == f)
    }

    @Test func queryItemsOverridesForLinks() {
        var f = IncidentFilter()
        f.page = 3
        f.sort = .severity
        #expect(pairs(f.queryItems(page: 4)) == ["sort=severity", "page=4"])
        #expect(pairs(f.queryItems(page: 1)) == ["sort=severity"])
        #expect(pairs(f.queryItems(sort: .created, descending: false)) == ["order=asc", "page=3"])
    }

    @Test func unassignedWinsOverAnAssigneeInLinks() {
        let f = IncidentFilter(query: [("assignee", userID.uuidString), ("assignee", "none")])
        #expect(pairs(f.queryItems()) == ["assignee=none"])
    }

    @Test func resultPageCountsPages() {
        #expect(ResultPage<Int>(items: [], page: 1, perPage: 50, total: 0).pageCount == 1)
        #expect(ResultPage<Int>(items: [], page: 1, perPage: 50, total: 50).pageCount == 1)
        #expect(ResultPage<Int>(items: [], page: 1, perPage: 50, total: 51).pageCount == 2)
        #expect(ResultPage<Int>(items: [], page: 1, perPage: 1, total: 7).pageCount == 7)
    }
}
