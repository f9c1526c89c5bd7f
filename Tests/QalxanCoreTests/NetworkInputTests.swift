import Testing
import QalxanCore

@Suite struct NetworkInputTests {
    @Test(arguments: [
        ("10.1.2.3/8", "10.0.0.0/8", "ipv4"),
        ("10.0.0.0/8", "10.0.0.0/8", "ipv4"),
        (" 192.0.2.7 ", "192.0.2.7/32", "ipv4"),
        ("0.0.0.0/0", "0.0.0.0/0", "ipv4"),
        ("192.0.2.255/32", "192.0.2.255/32", "ipv4"),
        ("2001:DB8::1/32", "2001:db8::/32", "ipv6"),
        ("2001:db8::1", "2001:db8::1/128", "ipv6"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4/128", "ipv6"),
        ("::/0", "::/0", "ipv6"),
        ("AS29049", "AS29049", "asn"),
        ("as29049", "AS29049", "asn"),
        ("29049", "AS29049", "asn"),
        ("AS1.10", "AS65546", "asn"),
        ("Example.AZ", "example.az", "domain"),
        ("example.az.", "example.az", "domain"),
        ("bakı.az", "xn--bak-lua.az", "domain"),
        ("asan.gov.az", "asan.gov.az", "domain"),     // starts with "as" but is no AS number
        ("1password.com", "1password.com", "domain"),
    ])
    func parses(_ input: String, _ text: String, _ kind: String) throws {
        let value = try NetworkValue.parse(input).get()
        #expect(value.text == text)
        #expect(value.kind == kind)
    }

    @Test func keepsTheParsedValue() throws {
        #expect(try NetworkValue.parse("10.1.2.3/8").get() == .prefix(IPPrefix("10.0.0.0/8")!))
        #expect(try NetworkValue.parse("AS29049").get() == .asn(29049))
        #expect(try NetworkValue.parse("Example.AZ").get() == .domain("example.az"))
    }

    @Test(arguments: [
        ("", NetworkInputError.empty),
        ("   ", .empty),
        ("10.0.0.0/33", .prefixLength),
        ("::/129", .prefixLength),
        ("10.0.0.0/999999999999999999999", .prefixLength),
        ("10.0.0.256", .invalidPrefix),
        ("10.0.0", .invalidPrefix),
        ("1.10", .invalidPrefix),           // looks like an unfinished address, not asdot
        ("10.0.0.0/", .invalidPrefix),
        ("10.0.0.0/8/8", .invalidPrefix),
        ("10.0.0.0/-1", .invalidPrefix),
        ("10.0.0.0/abc", .invalidPrefix),
        ("10/8", .invalidPrefix),
        ("2001:db8::g/32", .invalidPrefix),
        ("fe80::1%eth0", .invalidPrefix),
        ("example.az:443", .invalidPrefix),
        ("AS0", .invalidASN),
        ("AS23456", .invalidASN),
        ("0", .invalidASN),
        ("4294967296", .invalidASN),
        ("AS 29049", .invalidASN),
        ("AS", .invalidASN),
        ("AS29049x", .invalidASN),
        ("exa mple.az", .invalidDomain),
        ("-a.az", .invalidDomain),
        ("localhost", .invalidDomain),
        ("xn--zzzz.az", .invalidDomain),
        ("+29049", .invalidDomain),
    ])
    func refuses(_ input: String, _ error: NetworkInputError) {
        #expect(throws: error) { try NetworkValue.parse(input).get() }
    }

    @Test func errorsHaveCatalogKeys() {
        #expect(NetworkInputError.empty.key == "error.network.empty")
        #expect(NetworkInputError.invalidPrefix.key == "error.network.prefix")
        #expect(NetworkInputError.prefixLength.key == "error.network.prefix_length")
        #expect(NetworkInputError.invalidASN.key == "error.network.asn")
        #expect(NetworkInputError.invalidDomain.key == "error.network.domain")
    }

    @Test(arguments: [
        ("193.0.0.0 - 193.0.7.255", ["193.0.0.0/21"]),
        ("10.0.0.1 - 10.0.0.6", ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]),
        ("0.0.0.0 - 255.255.255.255", ["0.0.0.0/0"]),
        ("192.0.2.7-192.0.2.7", ["192.0.2.7/32"]),
        ("255.255.255.255 - 255.255.255.255", ["255.255.255.255/32"]),
        ("0.0.0.0 - 0.0.0.0", ["0.0.0.0/32"]),
        ("10.0.0.0 - 10.0.2.255", ["10.0.0.0/23", "10.0.2.0/24"]),
        ("0.0.0.1 - 255.255.255.254", [
            "0.0.0.1/32", "0.0.0.2/31", "0.0.0.4/30", "0.0.0.8/29", "0.0.0.16/28", "0.0.0.32/27",
            "0.0.0.64/26", "0.0.0.128/25", "0.0.1.0/24", "0.0.2.0/23", "0.0.4.0/22", "0.0.8.0/21",
            "0.0.16.0/20", "0.0.32.0/19", "0.0.64.0/18", "0.0.128.0/17", "0.1.0.0/16", "0.2.0.0/15",
            "0.4.0.0/14", "0.8.0.0/13", "0.16.0.0/12", "0.32.0.0/11", "0.64.0.0/10", "0.128.0.0/9",
            "1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/5", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2",
            "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7",
            "254.0.0.0/8", "255.0.0.0/9", "255.128.0.0/10", "255.192.0.0/11", "255.224.0.0/12",
            "255.240.0.0/13", "255.248.0.0/14", "255.252.0.0/15", "255.254.0.0/16", "255.255.0.0/17",
            "255.255.128.0/18", "255.255.192.0/19", "255.255.224.0/20", "255.255.240.0/21",
            "255.255.248.0/22", "255.255.252.0/23", "255.255.254.0/24", "255.255.255.0/25",
            "255.255.255.128/26", "255.255.255.192/27", "255.255.255.224/28", "255.255.255.240/29",
            "255.255.255.248/30", "255.255.255.252/31", "255.255.255.254/32",
        ]),
        ("2001:db8:: - 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", ["2001:db8::/32"]),
        ("2001:db8::1 - 2001:db8::6", ["2001:db8::1/128", "2001:db8::2/127", "2001:db8::4/127", "2001:db8::6/128"]),
        ("2001:db8:: - 2001:db8:0:2::ffff", ["2001:db8::/63", "2001:db8:0:2::/112"]),
        (":: - ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ["::/0"]),
    ])
    func decomposesRanges(_ range: String, _ expected: [String]) {
        #expect(NetworkValue.parseRange(range)?.map(\.description) == expected)
    }

    @Test(arguments: [
        "", "193.0.0.0", "193.0.7.255 - 193.0.0.0", "193.0.0.0 - ::1", "193.0.0.0 - 193.0.7",
        "193.0.0.0 - 193.0.7.255 - 193.0.8.0", "- 193.0.0.0", "193.0.0.0/21",
    ])
    func refusesBadRanges(_ range: String) {
        #expect(NetworkValue.parseRange(range) == nil)
    }
}
