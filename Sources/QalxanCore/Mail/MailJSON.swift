/// A minimal, non-throwing JSON reader used for X-ARF reports. Numbers keep
/// their source text so nothing is lost when they are stringified.
enum MailJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([MailJSON])
    case object([String: MailJSON])

    /// Parses a JSON document; nil when it is not valid JSON or nests deeper than 64.
    static func parse(_ bytes: [UInt8]) -> MailJSON? {
        var reader = Reader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.i = 3 }
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.i == bytes.count ? value : nil
    }

    /// The member of an object, or nil.
    subscript(key: String) -> MailJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// A string for scalars: strings as-is, numbers as written, booleans as true/false.
    var scalarString: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Flattens to `path: scalar` pairs; objects use `a.b`, arrays `a[0]`.
    func flattened(prefix: String = "", into result: inout [String: String]) {
        switch self {
        case .object(let o):
            for (k, v) in o { v.flattened(prefix: prefix.isEmpty ? k : "\(prefix).\(k)", into: &result) }
        case .array(let a):
            for (n, v) in a.enumerated() { v.flattened(prefix: "\(prefix)[\(n)]", into: &result) }
        case .null:
            result[prefix] = ""
        default:
            result[prefix] = scalarString
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func skipWhitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func literal(_ word: String, _ value: MailJSON) -> MailJSON? {
            let w = Array(word.utf8)
            guard MailBytes.hasPrefix(bytes, at: i, w) else { return nil }
            i += w.count
            return value
        }

        mutating func value(depth: Int) -> MailJSON? {
            guard depth < 64 else { return nil }
            skipWhitespace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case 0x7B: return object(depth: depth)
            case 0x5B: return array(depth: depth)
            case 0x22: return string().map(MailJSON.string)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x6E: return literal("null", .null)
            default: return number()
            }
        }

        mutating func object(depth: Int) -> MailJSON? {
            i += 1
            var result: [String: MailJSON] = [:]
            skipWhitespace()
            if i < bytes.count, bytes[i] == 0x7D { i += 1; return .object(result) }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == 0x22, let key = string() else { return nil }
                skipWhitespace()
                guard i < bytes.count, bytes[i] == 0x3A else { return nil }
                i += 1
                guard let v = value(depth: depth + 1) else { return nil }
                result[key] = v
                skipWhitespace()
                guard i < bytes.count else { return nil }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; return .object(result) }
                return nil
            }
        }

        mutating func array(depth: Int) -> MailJSON? {
            i += 1
            var result: [MailJSON] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == 0x5D { i += 1; return .array(result) }
            while true {
                guard let v = value(depth: depth + 1) else { return nil }
                result.append(v)
                skipWhitespace()
                guard i < bytes.count else { return nil }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x5D { i += 1; return .array(result) }
                return nil
            }
        }

        mutating func number() -> MailJSON? {
            let start = i
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(bytes[i]) { i += 1 }
            guard i > start else { return nil }
            return .number(String(decoding: bytes[start..<i], as: UTF8.self))
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                guard let h = MailBytes.hexValue(bytes[i + k]) else { return nil }
                v = v << 4 | UInt32(h)
            }
            i += 4
            return v
        }

        mutating func string() -> String? {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
                if b != 0x5C { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code), MailBytes.hasPrefix(bytes, at: i, [0x5C, 0x75]) {
                        i += 2
                        guard let low = hex4() else { return nil }
                        code = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            return nil
        }
    }
}
