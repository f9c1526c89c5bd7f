import Foundation
import Testing
@testable import QalxanCore

/// catalog.json, the keys this package adds to QalxanCore's catalogs: complete in both
/// languages, in Azerbaijani where it says az, and holding every key the code returns.
@Suite struct CatalogKeysTests {
    static let en = Catalogs.added["en"] ?? [:]
    static let az = Catalogs.added["az"] ?? [:]

    /// The `error.securitytxt.…` literals of SecurityTxt.swift.
    static func keysInSource() throws -> Set<String> {
        let root = try #require(ExternalTools.packageRoot)
        let path = root + "/Sources/SiteText/SecurityTxt.swift"
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return Set(source.matches(of: /"(error\.securitytxt\.[a-z_]+)"/).map { String($0.output.1) })
    }

    @Test func bothLanguagesHaveTheSameKeys() {
        #expect(!Self.en.isEmpty)
        #expect(Set(Self.en.keys) == Set(Self.az.keys))
    }

    @Test func everyKeyTheCodeReturnsIsThereAndNoOther() throws {
        let used = try Self.keysInSource()
        #expect(used.count >= 10)
        #expect(used == Set(Self.en.keys))
    }

    @Test func noKeyClashesWithQalxanCore() {
        let core = Set(Catalogs.core[.en]?.keys.map { $0 } ?? [])
        #expect(core.intersection(Self.en.keys).isEmpty)
    }

    @Test func azerbaijaniIsWrittenInAzerbaijani() {
        let all = Self.az.values.joined(separator: " ")
        for letter in ["ə", "ğ", "ı", "ö", "ü", "ç", "ş"] {
            #expect(all.contains(letter), "no \(letter) in the az values")
        }
        #expect(!all.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "Cyrillic")
        for (key, value) in Self.en {
            #expect(Self.az[key] != value, "\(key) is not translated")
        }
    }
}
