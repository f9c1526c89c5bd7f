import Foundation
import QalxanCore

/// A JSON value as a CSAF document holds it. Written with the keys of every object sorted by
/// code point, so that the same advisory always gives the same bytes (and the same `.sha256`),
/// and so that CSAF 2.0 test 6.2.13 (Sorting) passes.
public enum CSAFJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([CSAFJSON])
    case object([String: CSAFJSON])

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> CSAFJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, or nil.
    public subscript(index: Int) -> CSAFJSON? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The value of a string, or nil.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of a number, or nil.
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The elements of an array, or nil.
    public var array: [CSAFJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The keys of an object, sorted, or nil.
    public var keys: [String]? {
        if case .object(let members) = self { return members.keys.sorted(by: Self.codePointOrder) }
        return nil
    }

    /// The UTF-8 text: pretty (two-space indent, one member a line) or compact, with sorted
    /// keys, non-ASCII characters as they are, and a final newline when pretty.
    public func data(pretty: Bool = true) -> Data {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        if pretty { out += "\n" }
        return Data(out.utf8)
    }

    /// Code-point order of the keys; what 6.2.13 and Python's `sorted` use.
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .string(let s):
            Self.quote(s, to: &out)
        case .int(let i):
            out += String(i)
        case .double(let d):
            // Swift prints the shortest text that reads back as the same Double (9.8, not
            // 9.8000000000000007); scores are finite.
            out += d.isFinite ? "\(d)" : "null"
        case .bool(let b):
            out += b ? "true" : "false"
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (n, element) in elements.enumerated() {
                if n > 0 { out += "," }
                if pretty { Self.newline(to: &out, indent: indent + 1) }
                element.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(to: &out, indent: indent) }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (n, key) in members.keys.sorted(by: Self.codePointOrder).enumerated() {
                if n > 0 { out += "," }
                if pretty { Self.newline(to: &out, indent: indent + 1) }
                Self.quote(key, to: &out)
                out += pretty ? ": " : ":"
                members[key]!.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(to: &out, indent: indent) }
            out += "}"
        }
    }

    private static func newline(to out: inout String, indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    private static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension CSAFJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: CSAFJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, CSAFJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
