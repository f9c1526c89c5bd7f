import Foundation
import Testing
@testable import QalxanCore

@Suite struct DateTextTests {
    // Epoch seconds computed independently (Python's calendar.timegm).
    static let nov23 = 1_795_392_000.0          // 2026-11-23T00:00:00Z
    static let nov23_1405 = 1_795_442_700.0     // 2026-11-23T14:05:00Z
    static let nov23_140509 = 1_795_442_709.0   // 2026-11-23T14:05:09Z

    @Test(arguments: [
        ("2026-11-23", nov23),
        ("2026-11-23T14:05", nov23_1405),
        ("2026-11-23 14:05", nov23_1405),
        ("2026-11-23 14:05:09", nov23_140509),
        ("2026-11-23T14:05:09", nov23_140509),
        ("2026-11-23T14:05:09Z", nov23_140509),
        ("2026-11-23T14:05:09z", nov23_140509),
        ("2026-11-23T14:05Z", nov23_1405),
        ("  2026-11-23T14:05:09Z  ", nov23_140509),
        // Baku is UTC+4: 14:05:09 in Baku is 10:05:09 UTC.
        ("2026-11-23T14:05:09+04:00", 1_795_428_309.0),
        ("2026-11-23T14:05+04:00", 1_795_428_300.0),
        ("2026-11-23T14:05:09-03:30", 1_795_455_309.0),
        ("2026-11-23T14:05:09+00:00", nov23_140509),
        ("2026-11-23T04:00:00+04:00", 1_795_392_000.0 + 0),    // midnight UTC
        ("2026-11-23T02:00:00+04:00", 1_795_392_000.0 - 7200), // the day before in UTC
        ("2024-02-29", 1_709_164_800.0),
        ("1970-01-01T00:00:00Z", 0),
        ("2026-12-31T23:59:59Z", 1_798_761_599.0),
    ])
    func parses(text: String, epoch: Double) throws {
        let date = try #require(DateText.parse(text), "\(text) did not parse")
        #expect(date.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: ["2026-11-23T14:05:09.5Z", "2026-11-23T14:05:09.123456Z", "2026-11-23T14:05:09.999"])
    func fractionalSecondsAreAcceptedAndDropped(text: String) throws {
        let date = try #require(DateText.parse(text))
        #expect(date.timeIntervalSince1970 == DateTextTests.nov23_140509)
    }

    @Test func fractionalSecondsWithAnOffset() throws {
        let date = try #require(DateText.parse("2026-11-23T14:05:09.250+04:00"))
        #expect(date.timeIntervalSince1970 == 1_795_428_309)
    }

    @Test(arguments: [
        "", "   ", "2026", "2026-11", "2026-11-2", "26-11-23", "2026/11/23", "23.11.2026", "20261123",
        // Dates and times that do not exist.
        "2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-32",
        "2026-11-23T24:00", "2026-11-23T23:60", "2026-11-23T14:05:61", "2026-11-23T-1:05",
        // Trailing junk and half-written parts.
        "2026-11-23x", "2026-11-23T", "2026-11-23T14", "2026-11-23T14:", "2026-11-23T14:5", "2026-11-23T14:05:",
        "2026-11-23T14:05:09Zjunk", "2026-11-23T14:05:09+04:00junk", "2026-11-23T14:05:09 Z",
        "2026-11-23T14:05:09+04", "2026-11-23T14:05:09+0400", "2026-11-23T14:05:09+24:00",
        "2026-11-23T14:05:09+04:60", "2026-11-23T14:05:09.5X", "2026-11-23 14:05:09 junk",
        "2026-11-23X14:05", "2026-11-23\n14:05",
        // Outside the years Qalxan accepts.
        "1899-12-31", "0000-01-01",
        "２０２６-11-23",
    ])
    func rejects(text: String) {
        #expect(DateText.parse(text) == nil, "\(text) was accepted")
    }

    @Test func formats() {
        let d = Date(timeIntervalSince1970: DateTextTests.nov23_140509)
        #expect(DateText.iso(d) == "2026-11-23T14:05:09Z")
        #expect(DateText.minute(d) == "2026-11-23 14:05")
        #expect(DateText.day(d) == "2026-11-23")
        #expect(DateText.localInput(d) == "2026-11-23T14:05")
        #expect(DateText.year(d) == 2026)
        #expect(DateText.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        // Zero-padding of every field.
        let early = Date(timeIntervalSince1970: 1_767_229_509)  // 2026-01-01T01:05:09Z
        #expect(DateText.iso(early) == "2026-01-01T01:05:09Z")
        #expect(DateText.year(Date(timeIntervalSince1970: 1_798_761_599)) == 2026)
        #expect(DateText.year(Date(timeIntervalSince1970: 1_798_761_600)) == 2027)
    }

    @Test func formattingIgnoresTheSubsecondPart() {
        let d = Date(timeIntervalSince1970: DateTextTests.nov23_140509 + 0.999)
        #expect(DateText.iso(d) == "2026-11-23T14:05:09Z")
    }

    /// Instants spread over several years, at odd seconds.
    static let instants: [Date] = (0..<200).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0) * 1_234_567) }

    @Test func isoRoundTrips() throws {
        for d in DateTextTests.instants {
            let parsed = try #require(DateText.parse(DateText.iso(d)))
            #expect(parsed == d, "\(DateText.iso(d))")
        }
    }

    @Test func minuteAndLocalInputRoundTripToTheMinute() throws {
        for d in DateTextTests.instants {
            let toMinute = Date(timeIntervalSince1970: (d.timeIntervalSince1970 / 60).rounded(.down) * 60)
            #expect(try #require(DateText.parse(DateText.minute(d))) == toMinute)
            #expect(try #require(DateText.parse(DateText.localInput(d))) == toMinute)
        }
    }

    @Test func dayRoundTripsToMidnightUTC() throws {
        for d in DateTextTests.instants {
            let toDay = Date(timeIntervalSince1970: (d.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
            #expect(try #require(DateText.parse(DateText.day(d))) == toDay)
        }
    }

    @Test func agreesWithFoundationsISO8601Parser() throws {
        let formatter = ISO8601DateFormatter()
        for text in ["2026-11-23T14:05:09Z", "2026-11-23T14:05:09+04:00", "2026-06-30T23:59:59-11:00", "2000-02-29T12:00:00+05:45"] {
            let ours = try #require(DateText.parse(text))
            let theirs = try #require(formatter.date(from: text))
            #expect(ours == theirs, "\(text)")
        }
    }
}
