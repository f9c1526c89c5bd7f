import Testing
@testable import QalxanCore

@Suite struct LanguageTests {
    @Test func fallbackIsAzerbaijani() {
        #expect(Language.fallback == .az)
    }

    @Test(arguments: [
        // Plain tags and order of preference.
        ("en", Language.en), ("az", .az), ("en, az", .en), ("az, en", .az),
        // q-values beat order.
        ("en;q=0.8, az;q=0.9", .az), ("az;q=0.5, en", .en), ("en;q=0.1, az;q=0.2", .az),
        // Equal q-values: the one listed first wins.
        ("en;q=0.7, az;q=0.7", .en), ("az;q=0.7, en;q=0.7", .az),
        // Region and script subtags, any case.
        ("az-AZ", .az), ("az-Latn-AZ", .az), ("en-GB,en;q=0.9", .en), ("EN-us", .en), ("AZ", .az),
        // Unknown languages are skipped, not fatal.
        ("ru-RU, en;q=0.5", .en), ("fr, de, en;q=0.1", .en), ("tr, az;q=0.3, en;q=0.2", .az),
        // q=0 means "not acceptable".
        ("en;q=0, az;q=0.1", .az), ("az;q=0.0, en;q=0.5", .en), ("en;q=0", .az),
        // A typical browser header, with spaces.
        ("en-US,en;q=0.9,az;q=0.8,ru;q=0.7", .en), ("az-AZ,az;q=0.9,ru-RU;q=0.8,en-US;q=0.6", .az),
        (" en ; q=0.4 , az ; q=0.3 ", .en),
    ] as [(String, Language)])
    func negotiates(header: String, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test(arguments: ["", "fr", "ru-RU, de;q=0.9", "*", "en;q=0", "en;q=0, az;q=0", ",,,", ";q=1", "en;q=abc", "xx-az"])
    func fallsBackWhenNothingFits(header: String) {
        #expect(Language.negotiate(acceptLanguage: header) == .az)
        #expect(Language.negotiate(acceptLanguage: header, fallback: .en) == .en)
    }

    @Test func missingHeaderFallsBack() {
        #expect(Language.negotiate(acceptLanguage: nil) == .az)
        #expect(Language.negotiate(acceptLanguage: nil, fallback: .en) == .en)
    }

    @Test func everyLanguageHasANativeName() {
        #expect(Language.az.nativeName == "Azərbaycanca")
        #expect(Language.en.nativeName == "English")
        for language in Language.allCases {
            #expect(Language.negotiate(acceptLanguage: language.rawValue, fallback: language == .az ? .en : .az) == language)
        }
    }
}
