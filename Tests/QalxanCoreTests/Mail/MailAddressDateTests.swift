import Foundation
import Testing
@testable import QalxanCore

@Suite("Addresses and dates")
struct MailAddressDateTests {
    @Test func addressForms() {
        let list = MailAddress.parseList(
            "\"Doe, John\" <John.Doe@EXAMPLE.Com>, jane@Example.org (Jane Roe), Team: a@b.example, <c@d.example>;, "
                + "=?UTF-8?B?w4dpw6dlaw==?= <cicek@example.az>, undisclosed-recipients:;, garbage, <>, @nolocal, "
                + "\"quoted local\"@example.net, Bare Name <mixed@Case.Example> (comment)")
        #expect(list == [
            MailAddress(name: "Doe, John", address: "John.Doe@example.com"),
            MailAddress(name: "Jane Roe", address: "jane@example.org"),
            MailAddress(name: "", address: "a@b.example"),
            MailAddress(name: "", address: "c@d.example"),
            MailAddress(name: "Çiçek", address: "cicek@example.az"),
            MailAddress(name: "", address: "\"quoted local\"@example.net"),
            MailAddress(name: "Bare Name", address: "mixed@case.example"),
        ])
    }

    @Test func addressEdgeCases() {
        #expect(MailAddress.parseList("").isEmpty)
        #expect(MailAddress.parseList("undisclosed-recipients:;").isEmpty)
        #expect(MailAddress.parseList("<@route.example:user@host.example>") == [MailAddress(name: "", address: "user@host.example")])
        #expect(MailAddress.parseList("\"unterminated <x@y.example>").isEmpty)
        #expect(MailAddress.parseList("Name <unterminated@example.org") == [MailAddress(name: "Name", address: "unterminated@example.org")])
        #expect(MailAddress.parseList("((nested) comment) x@y.example").map(\.address) == ["x@y.example"])
    }

    @Test func rfc5322Dates() throws {
        let expected = Date(timeIntervalSince1970: 1_587_464_747)  // 2020-04-21T10:25:47Z
        #expect(MailDate.parse("Tue, 21 Apr 2020 10:25:47 +0000") == expected)
        #expect(MailDate.parse("21 Apr 2020 12:25:47 +0200") == expected)
        #expect(MailDate.parse("Tue, 21 Apr 2020 06:25:47 EDT") == expected)
        #expect(MailDate.parse("Tue, 21 Apr 20 10:25:47 GMT") == expected)
        #expect(MailDate.parse("Tue, 21 Apr 2020 10:25:47 UT (Coordinated Universal Time)") == expected)
        #expect(MailDate.parse("Tue Apr 21 10:25:47 2020") == expected)
        #expect(MailDate.parse("Tue, 21 Apr 2020 02:25:47 PST") == expected)
        #expect(MailDate.parse("Tue, 21 Apr 2020 10:25 Z") == Date(timeIntervalSince1970: 1_587_464_700))
        #expect(MailDate.parse("Thu, 8 Mar 2005 17:40:36 EDT") == Date(timeIntervalSince1970: 1_110_318_036))
        #expect(MailDate.parse("1 Jan 99 00:00:00 -0000") == Date(timeIntervalSince1970: 915_148_800))
        #expect(MailDate.parse("2020-04-21T10:25:47Z") == expected)
        #expect(MailDate.parse("2020-04-21T12:25:47.123+02:00") == expected)
        for bad in ["", "garbage", "31 Feb 2020 10:00:00 +0000", "21 Foo 2020 10:00 +0000", "21 Apr 2020 25:00:00", "::::", "2020-13-01T00:00:00Z"] {
            #expect(MailDate.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func messageIDs() {
        #expect(MailMessageID.parseList("<a@b> (comment <x@y>) <c@d>") == ["a@b", "c@d"])
        #expect(MailMessageID.parseList("bare@id.example") == ["bare@id.example"])
        #expect(MailMessageID.parseList("<unterminated@x") == ["unterminated@x"])
    }
}
