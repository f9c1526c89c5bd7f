import Foundation

/// A small JSON reader for one line of a JSON-lines feed (RFC 8259), written by hand so
/// that a line costs one pass over its bytes and numbers keep the text they were
/// written with (Foundation's reader turns `1` into a `Bool` on some platforms and every
/// number into a `Double` on others).
///
/// Objects keep their members in the order written; duplicate names are kept too (the
/// caller decides). Nesting is limited to 64 levels so a hostile line cannot exhaust
/// the stack.
enum FeedJSON: Sendable, Equatable {
    case string(String)
    /// The number's text as written (already checked against the JSON grammar).
    case number(String)
    case bool(Bool)
    case null
    case object([(String, FeedJSON)])
    case array([FeedJSON])

    static func == (a: FeedJSON, b: FeedJSON) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Why a line is not JSON: what was wrong and the byte offset where it was seen.
    struct SyntaxError: Error, Equatable {
        let reason: String
        let offset: Int
    }

    /// Parses one JSON value filling all of `bytes` (surrounding white space allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> FeedJSON {
        var reader = Reader(p: bytes, i: 0)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.i == bytes.count else { throw SyntaxError(reason: "text after the value", offset: reader.i) }
        return value
    }

    /// Parses `bytes`; see `parse(_:)` on a buffer.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(SyntaxError) -> FeedJSON {
        let result: Result<FeedJSON, SyntaxError> = bytes.withUnsafeBufferPointer { p in
            Result { () throws(SyntaxError) in try parse(p) }
        }
        return try result.get()
    }

    /// The value as compact JSON text, members in their order.
    var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .string(let s): FeedJSON.writeString(s, to: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out += "," }
                FeedJSON.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A JSON number's text in decimal: integers as written, others through `Double`
    /// (`1.0` → `1`, `2.5e1` → `25`, `1.5` → `1.5`).
    static func decimalText(_ number: String) -> String {
        guard number.utf8.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) else { return number }
        guard let d = Double(number) else { return number }
        return FeedFields.decimalText(d)
    }

    struct Reader {
        let p: UnsafeBufferPointer<UInt8>
        var i: Int
        var scratch: [UInt8] = []

        init(p: UnsafeBufferPointer<UInt8>, i: Int) {
            self.p = p
            self.i = i
        }

        mutating func skipSpace() {
            while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
        }

        func fail(_ reason: String) -> SyntaxError { SyntaxError(reason: reason, offset: i) }

        mutating func value(depth: Int) throws(SyntaxError) -> FeedJSON {
            guard depth < 64 else { throw fail("nested more than 64 levels") }
            guard i < p.count else { throw fail("the line ends where a value should start") }
            switch p[i] {
            case 0x7B: return try object(depth: depth)
            case 0x5B: return try array(depth: depth)
            case 0x22: return .string(try string())
            case 0x74: try literal("true"); return .bool(true)
            case 0x66: try literal("false"); return .bool(false)
            case 0x6E: try literal("null"); return .null
            case 0x2D, 0x30...0x39: return .number(try number())
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= p.count else { throw fail("the line ends inside a literal") }
            let w = word.utf8Start
            for k in 0..<n where p[i + k] != w[k] { throw fail("unknown literal") }
            i += n
        }

        mutating func object(depth: Int) throws(SyntaxError) -> FeedJSON {
            i += 1
            var members: [(String, FeedJSON)] = []
            skipSpace()
            if i < p.count, p[i] == 0x7D { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < p.count, p[i] == 0x22 else { throw fail(i < p.count ? "a member name must be a string" : "the line ends inside an object") }
                let key = try string()
                skipSpace()
                guard i < p.count, p[i] == 0x3A else { throw fail("missing ':' after a member name") }
                i += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < p.count else { throw fail("the line ends inside an object") }
                if p[i] == 0x2C { i += 1; continue }
                if p[i] == 0x7D { i += 1; return .object(members) }
                throw fail("missing ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> FeedJSON {
            i += 1
            var items: [FeedJSON] = []
            skipSpace()
            if i < p.count, p[i] == 0x5D { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < p.count else { throw fail("the line ends inside an array") }
                if p[i] == 0x2C { i += 1; continue }
                if p[i] == 0x5D { i += 1; return .array(items) }
                throw fail("missing ',' or ']' in an array")
            }
        }

        mutating func number() throws(SyntaxError) -> String {
            let start = i
            if p[i] == 0x2D { i += 1 }
            func digits(_ i: inout Int) -> Int {
                let s = i
                while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
                return i - s
            }
            guard i < p.count else { throw fail("a number has no digits") }
            if p[i] == 0x30 { i += 1 } else if digits(&i) == 0 { throw fail("a number has no digits") }
            if i < p.count, p[i] == 0x2E {
                i += 1
                guard digits(&i) > 0 else { throw fail("a number has no digits after '.'") }
            }
            if i < p.count, p[i] | 0x20 == 0x65 {
                i += 1
                if i < p.count, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
                guard digits(&i) > 0 else { throw fail("a number has no exponent digits") }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }

        /// A string at its opening quote. Plain strings (no escapes) decode straight from
        /// the buffer; the caller has already checked the line is valid UTF-8.
        mutating func string() throws(SyntaxError) -> String {
            i += 1
            let start = i
            while i < p.count {
                let b = p[i]
                if b == 0x22 {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
                    i += 1
                    return s
                }
                if b == 0x5C { break }
                guard b >= 0x20 else { throw fail("a control character inside a string") }
                i += 1
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
            while i < p.count {
                let b = p[i]
                if b == 0x22 {
                    i += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                guard b >= 0x20 else { throw fail("a control character inside a string") }
                guard b == 0x5C else { scratch.append(b); i += 1; continue }
                i += 1
                guard i < p.count else { break }
                let e = p[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: scratch.append(e)
                case 0x62: scratch.append(0x08)
                case 0x66: scratch.append(0x0C)
                case 0x6E: scratch.append(0x0A)
                case 0x72: scratch.append(0x0D)
                case 0x74: scratch.append(0x09)
                case 0x75:
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        // A high surrogate must be followed by `\u` and a low one.
                        guard i + 1 < p.count, p[i] == 0x5C, p[i + 1] == 0x75 else { throw fail("a lone surrogate in \\u escape") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw fail("a lone surrogate in \\u escape")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("an invalid \\u escape") }
                    UTF8.encode(scalar) { scratch.append($0) }
                default:
                    throw fail("an invalid escape in a string")
                }
            }
            throw fail("the line ends inside a string")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard i + 4 <= p.count else { throw fail("an incomplete \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = p[i]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw fail("an invalid \\u escape")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
