import Foundation
import Testing
@testable import QalxanCore

/// The problem keys `SecurityTxt.validate` returns are in both catalogs.
@Suite struct SecurityTxtCatalogTests {
    /// The `error.securitytxt.…` literals of SecurityTxt.swift.
    static func keysInSource() throws -> Set<String> {
        let root = try #require(ExternalTools.packageRoot)
        let source = try String(contentsOfFile: root + "/Sources/QalxanCore/Site/SecurityTxt.swift", encoding: .utf8)
        return Set(source.matches(of: /"(error\.securitytxt\.[a-z_]+)"/).map { String($0.output.1) })
    }

    @Test func everyKeyTheCodeReturnsIsInBothCatalogs() throws {
        let used = try Self.keysInSource()
        #expect(used.count >= 10)
        for key in used {
            #expect(Localizer(.en).has(key), "\(key) missing in en.json")
            #expect(Localizer(.az).has(key), "\(key) missing in az.json")
        }
    }
}
