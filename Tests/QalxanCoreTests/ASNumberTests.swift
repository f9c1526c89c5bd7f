import Testing
import QalxanCore

@Suite struct ASNumberTests {
    @Test(arguments: [
        ("AS29049", UInt32(29049)),
        ("as29049", 29049),
        ("As29049", 29049),
        ("29049", 29049),
        (" AS29049\n", 29049),
        ("1.10", 65546),          // asdot: 1 × 65536 + 10
        ("AS1.10", 65546),
        ("0.100", 100),           // asdot+ writes small numbers this way too
        ("65535.65535", 4_294_967_295),
        ("AS4294967295", 4_294_967_295),
        ("AS1", 1),
        ("AS23455", 23455),
        ("AS23457", 23457),
        ("AS029049", 29049),      // leading zeros are harmless here: no octal reading exists
    ])
    func parses(_ text: String, _ expected: UInt32) {
        #expect(ASNumber.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "AS", "as", "AS 29049", "AS-29049", "AS+29049", "+29049", "-1",
        "0", "AS0", "0.0", "23456", "AS23456", "0.23456",
        "4294967296", "AS99999999999", "65536.0", "1.65536", "1.", ".1", "1.2.3",
        "AS29049x", "29049AS", "ASN29049", "AS２９０４９", "٢٩٠٤٩", "29 049", "AS29,049",
    ])
    func refuses(_ text: String) {
        #expect(ASNumber.parse(text) == nil, "accepted \(text)")
    }

    @Test func writesTheConventionalForm() {
        #expect(ASNumber.text(29049) == "AS29049")
        #expect(ASNumber.text(4_294_967_295) == "AS4294967295")
        #expect(ASNumber.parse(ASNumber.text(65546)) == 65546)
    }
}
