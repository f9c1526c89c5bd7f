import Foundation
import Testing
@testable import QalxanCore

/// The RSIT machine tag as published (MISP taxonomy format), read from the shared
/// reference data so that `Taxonomy` is checked against the real thing, not a copy.
private struct MachineTag: Decodable {
    struct Predicate: Decodable { let value: String }
    struct Entry: Decodable { let value: String }
    struct Values: Decodable {
        let predicate: String
        let entry: [Entry]
    }

    let namespace: String
    let version: Int
    let predicates: [Predicate]
    let values: [Values]

    /// `<root>/../shared/data/rsit/machinetag.json`, where `<root>` is the package root
    /// (this file is `<root>/Tests/QalxanCoreTests/TaxonomyTests.swift`). The path is
    /// also tried with symbolic links resolved, for packages that link the test folder in.
    static func load(filePath: String = #filePath) throws -> MachineTag {
        let here = URL(fileURLWithPath: filePath)
        let candidates = [here, here.resolvingSymlinksInPath()].map {
            $0.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
                .appendingPathComponent("shared/data/rsit/machinetag.json")
        }
        let url = try #require(
            candidates.first { FileManager.default.fileExists(atPath: $0.path) },
            "machinetag.json not found at \(candidates.map(\.path))")
        return try JSONDecoder().decode(MachineTag.self, from: Data(contentsOf: url))
    }

    /// Types of each predicate, in the file's order.
    func types(of predicate: String) -> [String] {
        values.filter { $0.predicate == predicate }.flatMap { $0.entry.map(\.value) }
    }
}

@Suite struct TaxonomyTests {
    @Test func versionMatchesReferenceFile() throws {
        let file = try MachineTag.load()
        #expect(file.namespace == "rsit")
        #expect(file.version == 1003)
        #expect(Taxonomy.version == file.version)
    }

    @Test func classesAreThePredicatesOfTheFileInOrder() throws {
        let file = try MachineTag.load()
        let fileClasses = file.predicates.map(\.value)
        let ours = Taxonomy.classes.map(\.key)

        #expect(fileClasses.count == 11)
        #expect(Set(ours).count == ours.count, "duplicate class in Taxonomy.classes")
        // Both directions, so that a failure names what is missing where.
        for predicate in fileClasses {
            #expect(Taxonomy.isClass(predicate), "file class \(predicate) is not in Taxonomy")
        }
        for key in ours {
            #expect(fileClasses.contains(key), "Taxonomy class \(key) is not in the file")
        }
        #expect(ours == fileClasses)
    }

    @Test func typesAreTheEntriesOfTheFileInOrder() throws {
        let file = try MachineTag.load()
        // Every entry of the file belongs to a declared predicate.
        for values in file.values {
            #expect(file.predicates.contains { $0.value == values.predicate }, "entry list for unknown \(values.predicate)")
        }

        // File → Taxonomy.
        var fileCount = 0
        for values in file.values {
            for entry in values.entry {
                fileCount += 1
                #expect(Taxonomy.isType(entry.value, of: values.predicate),
                        "\(values.predicate)/\(entry.value) is not in Taxonomy")
            }
        }
        #expect(fileCount == 39)

        // Taxonomy → file, in the same order.
        var ourCount = 0
        for cls in Taxonomy.classes {
            let fileTypes = file.types(of: cls.key)
            for type in cls.types {
                ourCount += 1
                #expect(fileTypes.contains(type), "\(cls.key)/\(type) is not in the file")
            }
            #expect(Set(cls.types).count == cls.types.count, "duplicate type in \(cls.key)")
            #expect(cls.types == fileTypes, "types of \(cls.key) differ from the file or its order")
        }
        #expect(ourCount == 39)
    }

    @Test func isTypeRefusesATypeOfAnotherClass() {
        #expect(Taxonomy.isType("phishing", of: "fraud"))
        #expect(!Taxonomy.isType("phishing", of: "intrusions"))
        #expect(!Taxonomy.isType("scanner", of: "fraud"))
        #expect(!Taxonomy.isType("phishing", of: "nope"))
        #expect(!Taxonomy.isClass(""))
        #expect(!Taxonomy.isClass("Fraud"), "machine tags are lower case")
    }

    @Test(arguments: [
        ("fraud/phishing", "fraud", "phishing"),
        ("fraud", "fraud", nil),
        ("test/test", "test", "test"),
        ("information-content-security/data-leak", "information-content-security", "data-leak"),
    ] as [(String, String, String?)])
    func classificationAcceptsRSITPaths(path: String, className: String, type: String?) throws {
        let c = try #require(Classification(path: path))
        #expect(c.className == className)
        #expect(c.type == type)
        #expect(c.path == path)
    }

    @Test(arguments: ["fraud/scanner", "nope", "", "/", "/phishing", "nope/phishing", "fraud/phishing/extra",
                      "Fraud/phishing", "fraud/Phishing", " fraud/phishing"])
    func classificationRejectsWhatIsNotRSIT(path: String) {
        #expect(Classification(path: path) == nil)
    }

    @Test func classificationWithEmptyTypeIsTheClassAlone() throws {
        let c = try #require(Classification(className: "fraud", type: ""))
        #expect(c.type == nil)
        #expect(c.path == "fraud")
        #expect(Classification(className: "fraud", type: "burglary") == nil)
        #expect(Classification(className: "nope", type: nil) == nil)
    }

    @Test func everyClassAndTypePathRoundTrips() throws {
        for cls in Taxonomy.classes {
            #expect(Classification(path: cls.key)?.path == cls.key)
            for type in cls.types {
                let path = "\(cls.key)/\(type)"
                #expect(Classification(path: path)?.path == path)
            }
        }
    }

    @Test func classificationCodesWithClassAndTypeKeys() throws {
        let c = try #require(Classification(path: "fraud/phishing"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: String]
        #expect(json == ["class": "fraud", "type": "phishing"])
        let back = try JSONDecoder().decode(Classification.self, from: Data(#"{"class":"fraud","type":"phishing"}"#.utf8))
        #expect(back == c)
    }

    @Test(arguments: [#"{"class":"nope"}"#, #"{"class":"fraud","type":"scanner"}"#, #"{"class":"nope","type":"phishing"}"#,
                      #"{"type":"phishing"}"#, #"{"class":""}"#])
    func decodingRefusesWhatIsNotRSIT(json: String) {
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode(Classification.self, from: Data(json.utf8))
        }
    }

    @Test func decodingAClassAloneOrAnEmptyType() throws {
        let alone = try JSONDecoder().decode(Classification.self, from: Data(#"{"class":"fraud"}"#.utf8))
        #expect(alone.path == "fraud")
        let empty = try JSONDecoder().decode(Classification.self, from: Data(#"{"class":"fraud","type":""}"#.utf8))
        #expect(empty.type == nil)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(alone)) as? [String: String]
        #expect(encoded == ["class": "fraud"])
    }

    @Test func labelKeys() {
        #expect(Taxonomy.labelKey(class: "fraud") == "rsit.fraud")
        #expect(Taxonomy.labelKey(class: "fraud", type: "phishing") == "rsit.fraud.phishing")
    }
}
