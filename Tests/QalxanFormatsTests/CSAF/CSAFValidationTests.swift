import Foundation
import Testing
@testable import QalxanFormats
import QalxanCore
// import QalxanCore

/// The documents and the provider files checked by the real validators: the PyPI `csaf`
/// package (schema and the tests of CSAF 2.0 section 6) and `jsonschema` with the OASIS
/// schemas. One suite, serialized: each check starts Python once for every file.
@Suite("CSAF validators", .serialized)
struct CSAFValidationTests {
    typealias F = CSAFFixtures

    /// Writes every fixture document (`<lang>-<file name>`) to a new folder.
    private func writeDocuments() throws -> (URL, [URL]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csaf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var files: [URL] = []
        for (advisory, language) in F.all {
            let doc = try F.document(advisory, language)
            let file = dir.appendingPathComponent("\(language.rawValue)-\(doc.fileName)")
            try doc.data().write(to: file)
            files.append(file)
        }
        return (dir, files)
    }

    @Test("every document passes the validator: schema, mandatory, recommended (but 6.2.16) and informative tests")
    func officialValidator() throws {
        let (dir, files) = try writeDocuments()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CSAFTools.validate(files)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("Grand total: \(files.count)/\(files.count) files valid"), "\(outcome.output)")
        #expect(!outcome.output.contains("[WARN]"), "\(outcome.output)")
    }

    @Test("without --skip-rules 6.2.16, --preset full refuses documents with products for want of a CPE or PURL")
    func productIdentificationHelper() throws {
        let (dir, files) = try writeDocuments()
        defer { try? FileManager.default.removeItem(at: dir) }
        let apache = try #require(files.first { $0.lastPathComponent == "en-qx-sa-2026-0007.json" })
        let outcome = try CSAFTools.validate([apache], skip: [])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("[WARN] 6.2.16 - Missing Product Identification Helper"))
        #expect(!outcome.output.contains("[FAIL]"), "\(outcome.output)")
        #expect(outcome.output.contains("recommended: 1 failed"), "6.2.16 is the only recommended test that fails")

        let news = try #require(files.first { $0.lastPathComponent == "az-qx-news-2026-0003.json" })
        #expect(try CSAFTools.validate([news], skip: []).status == 0, "no products, no helper needed")
    }

    @Test("a document without a CVSS vector is valid, but fails recommended test 6.2.3")
    func unscored() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csaf-unscored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = try F.document(F.unscored)
        let file = dir.appendingPathComponent(doc.fileName)
        try doc.data().write(to: file)

        #expect(try CSAFTools.validate([file], skip: [], preset: "basic").status == 0, "schema and mandatory tests pass")
        let full = try CSAFTools.validate([file])
        #expect(full.status == 1)
        #expect(full.output.contains("[WARN] 6.2.3 - Missing Score"), "\(full.output)")
        #expect(try CSAFTools.validate([file], skip: ["6.2.3", "6.2.16"]).status == 0)
        #expect(try CSAFTools.jsonschema("csaf_json_schema.json", [file]).status == 0)
    }

    @Test("a document whose CVSS score, metric or TLP label was tampered with fails")
    func brokenDocuments() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csaf-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = String(decoding: try F.document(F.apache).data(), as: UTF8.self)

        for (name, from, to, rule) in [
            ("score", #""baseScore": 9.8"#, #""baseScore": 7.5"#, "6.1.9"),
            ("metric", #""attackVector": "NETWORK""#, #""attackVector": "LOCAL""#, "6.1.10"),
            ("label", #""label": "WHITE""#, #""label": "CLEAR""#, "schema"),
        ] {
            #expect(good.contains(from))
            let file = dir.appendingPathComponent("broken-\(name).json")
            try Data(good.replacingOccurrences(of: from, with: to).utf8).write(to: file)
            let outcome = try CSAFTools.validate([file])
            #expect(outcome.status == 1, "\(name): \(outcome.output)")
            #expect(outcome.output.contains("[FAIL] \(rule) "), "\(name): \(outcome.output)")
        }
        let schema = try CSAFTools.jsonschema("csaf_json_schema.json", [dir.appendingPathComponent("broken-label.json")])
        #expect(schema.status == 1, "\(schema.output)")
    }

    @Test("every document is valid against csaf_json_schema.json with Python jsonschema")
    func jsonSchema() throws {
        let (dir, files) = try writeDocuments()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CSAFTools.jsonschema("csaf_json_schema.json", files)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("\(files.count) valid, 0 invalid"))
    }

    @Test("provider-metadata.json is valid against provider_json_schema.json; a wrong one is not")
    func providerSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csaf-provider-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let metadata = try CSAFProvider.providerMetadata(
            publisher: F.publisher, lastUpdated: F.generated,
            publicKeys: [.init(fingerprint: "8F3A1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B",
                               url: "https://cert.example.az/.well-known/openpgpkey/team.asc")])
        let file = dir.appendingPathComponent("provider-metadata.json")
        try metadata.write(to: file)
        let minimal = dir.appendingPathComponent("minimal-provider-metadata.json")
        try CSAFProvider.providerMetadata(publisher: F.publisher, folders: [], lastUpdated: F.generated).write(to: minimal)
        let outcome = try CSAFTools.jsonschema("provider_json_schema.json", [file, minimal])
        #expect(outcome.status == 0, "\(outcome.output)")

        let wrong = dir.appendingPathComponent("wrong-provider-metadata.json")
        try Data(String(decoding: metadata, as: UTF8.self)
            .replacingOccurrences(of: #""metadata_version": "2.0""#, with: #""metadata_version": "2.1""#).utf8).write(to: wrong)
        #expect(try CSAFTools.jsonschema("provider_json_schema.json", [wrong]).status == 1)
    }
}
