#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// A fragment of HTML. Interpolated `String`s (and anything printable) are escaped;
/// interpolated `HTML` is inserted as it is. This is the only way the views build
/// markup, so a value a user or a feed supplied cannot reach a page unescaped.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var raw: String

    public init(raw: String) { self.raw = raw }
    public init(stringLiteral value: String) { self.raw = value }
    public init(stringInterpolation: Interpolation) { self.raw = stringInterpolation.raw }

    public var description: String { raw }

    public static let empty = HTML(raw: "")

    /// Escapes text for element content and quoted attribute values. Control characters
    /// that HTML does not allow in text (C0 but tab, line feed and carriage return; DEL;
    /// C1) are dropped: browsers would show them as U+FFFD or misparse them.
    public static func escape(_ text: String) -> String {
        let n = text.utf8.count
        return text.withCString { p -> String in
            // `strcspn` finds the next byte that needs work (or a NUL) at memory speed, so
            // megabytes of text stay cheap even in a debug build; runs between are copied.
            let firstSpecial = strcspn(p, special)
            if firstSpecial == n { return text }
            var out = ""
            out.reserveCapacity(n + n / 16 + 16)
            var i = 0
            while i < n {
                let span = i == 0 ? firstSpecial : strcspn(p + i, special)
                if span > 0 {
                    let run = UnsafeRawPointer(p + i).assumingMemoryBound(to: UInt8.self)
                    out += String(decoding: UnsafeBufferPointer(start: run, count: span), as: UTF8.self)
                    i += span
                    if i >= n { break }
                }
                let b = UInt8(bitPattern: p[i])
                switch b {
                case 0x26: out += "&amp;"
                case 0x3C: out += "&lt;"
                case 0x3E: out += "&gt;"
                case 0x22: out += "&quot;"
                case 0x27: out += "&#39;"
                case 0xC2:
                    // U+0080…U+009F (C1 controls) are dropped; the rest of Latin-1 is kept.
                    let next = i + 1 < n ? UInt8(bitPattern: p[i + 1]) : 0
                    if !(0x80...0x9F).contains(next) { out += String(decoding: [b, next], as: UTF8.self) }
                    i += 1
                default: break                                                  // C0 controls, DEL
                }
                i += 1
            }
            return out
        }
    }

    /// Bytes `escape` acts on: markup characters, C0 controls but tab, LF and CR, DEL, and
    /// the lead byte of U+0080…U+00BF (among them the C1 controls); NUL ends the C string.
    private static let special: [CChar] = {
        var bytes: [UInt8] = [0x26, 0x3C, 0x3E, 0x22, 0x27, 0x7F, 0xC2]
        bytes += (0x01..<0x20).filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return (bytes + [0]).map { CChar(bitPattern: $0) }
    }()

    public struct Interpolation: StringInterpolationProtocol {
        var raw = ""
        public init(literalCapacity: Int, interpolationCount: Int) { raw.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { raw += literal }
        public mutating func appendInterpolation(_ html: HTML) { raw += html.raw }
        public mutating func appendInterpolation(_ html: [HTML]) { for h in html { raw += h.raw } }
        public mutating func appendInterpolation(_ text: String) { raw += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { raw += HTML.escape(text ?? "") }
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) { raw += HTML.escape(value.description) }
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(raw: lhs.raw + rhs.raw) }
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.raw += rhs.raw }
}

extension Array where Element == HTML {
    /// The fragments one after the other.
    public func joined() -> HTML { HTML(raw: map(\.raw).joined()) }
}

/// Percent-encoding for values placed in URLs (paths and query strings).
public enum URLText {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    /// Encodes everything but RFC 3986 unreserved characters.
    public static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) { out.unicodeScalars.append(Unicode.Scalar(b)) }
            else { out += "%" + String(b, radix: 16, uppercase: true).leftPad(2) }
        }
        return out
    }

    /// `?a=1&b=2`, or the empty string when there are no items.
    public static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
