import Foundation
import Testing
@testable import QalxanCore

@Suite("Affected version ranges")
struct VersionRangeTests {
    struct Form: Sendable, CustomTestStringConvertible {
        let text: String
        let constraints: [VersionRange.Constraint]
        let description: String
        let vers: String
        var testDescription: String { text }
    }

    static let forms: [Form] = [
        Form(text: "2.4.57", constraints: [.equal("2.4.57")], description: "2.4.57", vers: "vers:generic/2.4.57"),
        Form(text: "= 2.4.57", constraints: [.equal("2.4.57")], description: "2.4.57", vers: "vers:generic/2.4.57"),
        Form(text: "< 2.4.58", constraints: [.less("2.4.58")], description: "< 2.4.58", vers: "vers:generic/<2.4.58"),
        Form(text: "<=3.0", constraints: [.lessOrEqual("3.0")], description: "<= 3.0", vers: "vers:generic/<=3.0"),
        Form(text: "> 1.0", constraints: [.greater("1.0")], description: "> 1.0", vers: "vers:generic/>1.0"),
        Form(text: ">=1.0", constraints: [.greaterOrEqual("1.0")], description: ">= 1.0", vers: "vers:generic/>=1.0"),
        Form(
            text: ">= 1.0, < 1.2", constraints: [.greaterOrEqual("1.0"), .less("1.2")],
            description: ">= 1.0, < 1.2", vers: "vers:generic/>=1.0|<1.2"),
        Form(
            text: ">=1.0,\n<1.2", constraints: [.greaterOrEqual("1.0"), .less("1.2")],
            description: ">= 1.0, < 1.2", vers: "vers:generic/>=1.0|<1.2"),
        // Written upper bound first: put in version order, as vers requires.
        Form(
            text: "<= 1.10 , > 1.9", constraints: [.greater("1.9"), .lessOrEqual("1.10")],
            description: "> 1.9, <= 1.10", vers: "vers:generic/>1.9|<=1.10"),
        Form(
            text: "1.0 - 1.4", constraints: [.greaterOrEqual("1.0"), .lessOrEqual("1.4")],
            description: ">= 1.0, <= 1.4", vers: "vers:generic/>=1.0|<=1.4"),
        Form(
            text: "  2.4.0-rc1   -   2.4.57+deb12u1 ", constraints: [.greaterOrEqual("2.4.0-rc1"), .lessOrEqual("2.4.57+deb12u1")],
            description: ">= 2.4.0-rc1, <= 2.4.57+deb12u1", vers: "vers:generic/>=2.4.0-rc1|<=2.4.57+deb12u1"),
        // Not numeric: the order is not judged and the bounds stay lower first.
        Form(
            text: "< 1:2.0~beta, >= 1:1.0_x", constraints: [.greaterOrEqual("1:1.0_x"), .less("1:2.0~beta")],
            description: ">= 1:1.0_x, < 1:2.0~beta", vers: "vers:generic/>=1:1.0_x|<1:2.0~beta"),
        Form(text: "> b, < a", constraints: [.greater("b"), .less("a")], description: "> b, < a", vers: "vers:generic/>b|<a"),
        // A range closed on one version is that version.
        Form(text: "2.0 - 2.0", constraints: [.equal("2.0")], description: "2.0", vers: "vers:generic/2.0"),
        Form(text: ">= 1.0, <= 1.0.0", constraints: [.equal("1.0")], description: "1.0", vers: "vers:generic/1.0"),
        // Without spaces the dash belongs to the version (`2.4.0-rc1`), so this is one version.
        Form(text: "1.0-1.4", constraints: [.equal("1.0-1.4")], description: "1.0-1.4", vers: "vers:generic/1.0-1.4"),
        Form(text: "all", constraints: [], description: "all", vers: "vers:all/*"),
        Form(text: " ALL ", constraints: [], description: "all", vers: "vers:all/*"),
        Form(text: "*", constraints: [], description: "all", vers: "vers:all/*"),
    ]

    @Test("Accepted forms, their normal form and their vers", arguments: forms)
    func accepted(_ form: Form) throws {
        let range = try VersionRange(parsing: form.text)

        #expect(range.constraints == form.constraints)
        #expect(range.description == form.description)
        #expect(range.vers == form.vers)
        #expect(try VersionRange(parsing: range.description) == range)
    }

    @Test("A single version is one equal constraint, and only that")
    func singleVersion() throws {
        #expect(try VersionRange(parsing: "2.4.57").singleVersion == "2.4.57")
        #expect(try VersionRange(parsing: "3.0 - 3.0").singleVersion == "3.0")
        #expect(try VersionRange(parsing: "<= 2.4.57").singleVersion == nil)
        #expect(try VersionRange(parsing: "all").singleVersion == nil)
        #expect(VersionRange.all.constraints.isEmpty)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let text: String
        let failure: VersionRange.Failure
        var testDescription: String { text.isEmpty ? "(empty)" : text }

        init(_ text: String, _ key: String, _ values: [String: String] = [:]) {
            self.text = text
            self.failure = VersionRange.Failure(key: "advisory.version." + key, values: values)
        }
    }

    static let refusals: [Refusal] = [
        Refusal("", "empty"),
        Refusal(" \n\t", "empty"),
        Refusal("2.4 beta", "invalid", ["value": "2.4 beta"]),
        Refusal("<", "invalid", ["value": "<"]),
        Refusal(">= ", "invalid", ["value": ">="]),
        Refusal("!= 1.0", "invalid", ["value": "!= 1.0"]),
        Refusal("=> 1.0", "invalid", ["value": "=> 1.0"]),
        Refusal("<< 1.0", "invalid", ["value": "<< 1.0"]),
        Refusal("1.0 | 2.0", "invalid", ["value": "1.0 | 2.0"]),
        Refusal("1.0*", "invalid", ["value": "1.0*"]),
        Refusal("1.0/2", "invalid", ["value": "1.0/2"]),
        Refusal("vers:generic/1.0", "invalid", ["value": "vers:generic/1.0"]),
        Refusal("1.0,", "invalid", ["value": "1.0,"]),
        Refusal(">= 1.0,, < 2", "invalid", ["value": ">= 1.0,, < 2"]),
        Refusal("1.0 -1.4", "invalid", ["value": "1.0 -1.4"]),
        Refusal("1.0 - ", "invalid", ["value": "1.0 -"]),
        Refusal("1.0 - 2.0 beta", "invalid", ["value": "1.0 - 2.0 beta"]),
        Refusal("1.0 - <2.0", "invalid", ["value": "<2.0"]),
        Refusal("ə - 2.0", "invalid", ["value": "ə"]),
        Refusal("1.0ə", "invalid", ["value": "1.0ə"]),
        Refusal("all, < 2", "invalid", ["value": "all"]),
        Refusal("* , < 2", "invalid", ["value": "*"]),
        Refusal("1.0, 2.0", "combination", ["value": "2.0"]),
        Refusal("1.0, < 2.0", "combination", ["value": "< 2.0"]),
        Refusal("< 2.0, 1.0", "combination", ["value": "1.0"]),
        Refusal("> 1, >= 2", "combination", ["value": ">= 2"]),
        Refusal("< 1, <= 2", "combination", ["value": "<= 2"]),
        Refusal("> 1, < 3, < 2", "combination", ["value": "< 2"]),
        Refusal("> 2, < 1", "contradiction", ["lower": "> 2", "upper": "< 1"]),
        Refusal("< 1.9, >= 1.10", "contradiction", ["lower": ">= 1.10", "upper": "< 1.9"]),
        Refusal("2.0 - 1.0", "contradiction", ["lower": ">= 2.0", "upper": "<= 1.0"]),
        Refusal(">= 2, < 2", "contradiction", ["lower": ">= 2", "upper": "< 2"]),
        Refusal("> 2.0, <= 2", "contradiction", ["lower": "> 2.0", "upper": "<= 2"]),
        Refusal("> 1.0rc1, < 1.0rc1", "contradiction", ["lower": "> 1.0rc1", "upper": "< 1.0rc1"]),
        Refusal("> 10000000000000000000000.1, < 9999999999999999999999.9", "contradiction",
                ["lower": "> 10000000000000000000000.1", "upper": "< 9999999999999999999999.9"]),
    ]

    @Test("Refused ranges say why", arguments: refusals)
    func refused(_ refusal: Refusal) {
        #expect(throws: refusal.failure) {
            try VersionRange(parsing: refusal.text)
        }
    }
}
