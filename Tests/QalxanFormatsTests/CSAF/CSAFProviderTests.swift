import Foundation
import Testing
@testable import QalxanFormats
import QalxanCore
// import QalxanCore

@Suite("CSAF provider files")
struct CSAFProviderTests {
    typealias F = CSAFFixtures

    @Test("file names follow CSAF 2.0 section 5.1")
    func fileNames() {
        #expect(CSAFProvider.fileName(trackingID: "QX-SA-2026-0007") == "qx-sa-2026-0007.json")
        #expect(CSAFProvider.fileName(trackingID: "Example Company - 2019-YH3234") == "example_company_-_2019-yh3234.json")
        #expect(CSAFProvider.fileName(trackingID: "rhba-2019:0024") == "rhba-2019_0024.json")
        #expect(CSAFProvider.fileName(trackingID: "CERT.AZ/2026//1+x") == "cert_az_2026_1+x.json")
        #expect(CSAFProvider.fileName(trackingID: "QX-Şəki-1") == "qx-_ki-1.json")
    }

    @Test("documents go to the year of their initial release, in UTC")
    func folders() throws {
        // 2025-12-31 23:30 UTC is 2026 in Baku (UTC+4), but CSAF dates are UTC.
        #expect(CSAFProvider.folder(initialRelease: Date(timeIntervalSince1970: 1_767_223_800)) == "2025")
        let doc = try F.document(F.apache)
        #expect(doc.path == "2026/qx-sa-2026-0007.json")
        #expect(CSAFProvider.Entry(year: 2026, fileName: doc.fileName, currentRelease: doc.currentRelease) == CSAFProvider.Entry(doc))
        #expect(CSAFProvider.documentURL(doc, publisher: F.publisher)
            == "https://cert.example.az/.well-known/csaf/white/2026/qx-sa-2026-0007.json")
    }

    @Test("index.txt lists every path once; changes.csv lists them newest change first, quoted")
    func listings() {
        let entries = [
            CSAFProvider.Entry(path: "2025/qx-sa-2025-0100.json", currentRelease: F.day4),
            CSAFProvider.Entry(path: "2026/qx-sa-2026-0007.json", currentRelease: F.day1),
            CSAFProvider.Entry(path: "2026/qx-sa-2026-0008.json", currentRelease: F.generated),
            CSAFProvider.Entry(path: "2026/qx-sa-2026-0009.json", currentRelease: F.day1),
        ]
        #expect(CSAFProvider.indexTxt(entries) == """
            2026/qx-sa-2026-0009.json
            2026/qx-sa-2026-0008.json
            2026/qx-sa-2026-0007.json
            2025/qx-sa-2025-0100.json

            """)
        #expect(CSAFProvider.changesCSV(entries) == """
            "2026/qx-sa-2026-0008.json","2026-03-10T08:00:00Z"
            "2025/qx-sa-2025-0100.json","2026-03-05T16:45:10Z"
            "2026/qx-sa-2026-0009.json","2026-03-02T09:30:00Z"
            "2026/qx-sa-2026-0007.json","2026-03-02T09:30:00Z"

            """)
        #expect(CSAFProvider.indexTxt([]) == "")
        #expect(CSAFProvider.changesCSV([]) == "")
    }

    @Test("hash files read as sha256sum and sha512sum write them, and check with -c")
    func hashFiles() throws {
        let doc = try F.document(F.apache)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csaf-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try doc.data().write(to: dir.appendingPathComponent(doc.fileName))

        for algorithm in ["sha256", "sha512"] {
            let sum = try shell(dir, "/usr/bin/\(algorithm)sum", [doc.fileName])
            let hex = String(sum.output.prefix { $0 != " " })
            let line = CSAFProvider.hashLine(hex: hex.uppercased(), fileName: doc.fileName)
            #expect(line == sum.output, "same text as \(algorithm)sum")
            let hashFile = CSAFProvider.hashFileName(documentFileName: doc.fileName, algorithm: algorithm)
            #expect(hashFile == "qx-sa-2026-0007.json.\(algorithm)")
            try Data(line.utf8).write(to: dir.appendingPathComponent(hashFile))
            #expect(try shell(dir, "/usr/bin/\(algorithm)sum", ["-c", hashFile]).status == 0)
        }
    }

    @Test("provider-metadata.json has the canonical URL, one directory a TLP folder, the keys and the role")
    func providerMetadata() throws {
        let data = try CSAFProvider.providerMetadata(
            publisher: F.publisher, folders: [.white, .amber, .white], lastUpdated: F.day4,
            publicKeys: [.init(fingerprint: "8f3a 1c2d 3e4f 5a6b 7c8d 9e0f 1a2b 3c4d 5e6f 7a8b",
                               url: "https://cert.example.az/.well-known/openpgpkey/team.asc")],
            listOnAggregators: true, mirrorOnAggregators: false)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["canonical_url"] as? String == "https://cert.example.az/.well-known/csaf/provider-metadata.json")
        #expect(json["last_updated"] as? String == "2026-03-05T16:45:10Z")
        #expect(json["metadata_version"] as? String == "2.0")
        #expect(json["role"] as? String == "csaf_provider")
        #expect(json["list_on_CSAF_aggregators"] as? Bool == true)
        #expect(json["mirror_on_CSAF_aggregators"] as? Bool == false)
        #expect((json["distributions"] as? [[String: String]]) == [
            ["directory_url": "https://cert.example.az/.well-known/csaf/white/"],
            ["directory_url": "https://cert.example.az/.well-known/csaf/amber/"],
        ])
        #expect((json["public_openpgp_keys"] as? [[String: String]]) == [
            ["fingerprint": "8F3A1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B",
             "url": "https://cert.example.az/.well-known/openpgpkey/team.asc"],
        ])
        #expect((json["publisher"] as? [String: Any])?["namespace"] as? String == "https://cert.example.az")

        #expect(throws: CSAFDocument.Failure(key: "csaf.error.openpgp_fingerprint", values: ["fingerprint": "ABCD"])) {
            try CSAFProvider.providerMetadata(publisher: F.publisher, lastUpdated: F.day4,
                                              publicKeys: [.init(fingerprint: "ABCD", url: "https://x.example/k.asc")])
        }
    }

    private func shell(_ dir: URL, _ program: String, _ arguments: [String]) throws -> CSAFTools.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CSAFTools.Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
