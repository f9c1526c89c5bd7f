import Testing
@testable import QalxanCore

/// The RFC 3492 bootstring core, against the RFC's section 7.1 samples. Each encoding
/// was checked independently with Python's `str.encode('punycode')`.
@Suite struct PunycodeTests {
    static let samples: [(String, String)] = [
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),                           // (B) Chinese, simplified
        ("他們爲什麽不說中文", "ihqwctvzc91f659drss3x8bo0yb"),                         // (C) Chinese, traditional
        ("Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),                // (D) Czech
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),     // (I) Russian
        ("PorquénopuedensimplementehablarenEspañol", "PorqunopuedensimplementehablarenEspaol-fmd56a"), // (J)
        ("TạisaohọkhôngthểchỉnóitiếngViệt", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"), // (K) Vietnamese
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),                                 // (L)
        ("安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),  // (M)
        ("Hello-Another-Way-それぞれの場所", "Hello-Another-Way--fc4qua05auwb3674vfr0b"), // (N)
        ("ひとつ屋根の下2", "2-u9tlzr9756bt3uc0v"),                                    // (O)
        ("MajiでKoiする5秒前", "MajiKoi5-783gue6qz075azm5e"),                          // (P)
        ("パフィーdeルンバ", "de-jg4avhby1noc0d"),                                     // (Q)
        ("そのスピードで", "d9juau41awczczp"),                                         // (R)
        ("-> $1.00 <-", "-> $1.00 <--"),                                              // (S) all basic
        ("bakı", "bak-lua"),
        ("münchen", "mnchen-3ya"),
        ("ü", "tda"),
    ]

    @Test(arguments: samples)
    func encodesTheRFCSamples(_ unicode: String, _ encoded: String) {
        #expect(Punycode.encode(Array(unicode.unicodeScalars)) == encoded)
    }

    @Test(arguments: samples)
    func decodesTheRFCSamples(_ unicode: String, _ encoded: String) {
        #expect(Punycode.decode(encoded).map { String(String.UnicodeScalarView($0)) } == unicode)
    }

    @Test func decodingIgnoresTheCaseOfDigits() {
        // The RFC prints sample (I) with a mixed-case annotation ("…bgefbaDotc…"); the
        // digits' case carries no meaning for IDNA.
        let decoded = Punycode.decode("b1abfaaepdrnnbgefbaDotcwatmq2g4l")
        #expect(decoded.map { String(String.UnicodeScalarView($0)) } == "почемужеонинеговорятпорусски")
    }

    @Test(arguments: [
        "99999999999999",   // overflow
        "-abc",             // a leading delimiter, with nothing before it, is read as a digit
        "ü-tda",            // non-basic code point before the delimiter
        "a!b",              // not a digit
        "zz",               // truncated number: the last digit is not below its threshold
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(Punycode.decode(text) == nil)
    }

    @Test func acceptsWhatIsMerelyUselessForIDNA() {
        // Basic code points and a delimiter with no deltas is valid Punycode for "tda",
        // and "a" is valid Punycode for U+0080: refusing those is DomainName's job.
        #expect(Punycode.decode("tda-") == ["t", "d", "a"])
        #expect(Punycode.decode("a") == ["\u{80}"])
    }

    @Test func roundTripsSurrogateNeighboursAndAstralCharacters() {
        let scalars: [Unicode.Scalar] = ["\u{D7FF}", "\u{E000}", "\u{1F4A9}", "\u{10FFFF}", "a"]
        let encoded = Punycode.encode(scalars)
        #expect(encoded == "a-oc4g18rkv31a4iu7l")   // Python, with 'surrogatepass'
        #expect(encoded.flatMap(Punycode.decode) == scalars)
        #expect(Punycode.encode(["\u{1F4A9}"]) == "ls8h")
    }
}
