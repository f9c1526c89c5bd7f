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
        let utf8 = text.utf8
        // Fast path: most text needs nothing, and is returned as it is.
        if !utf8.contains(where: needsWork) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + utf8.count / 8 + 16)
        var previous: UInt8 = 0
        for b in utf8 {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])             // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                   // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                   // &gt;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])       // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])             // &#39;
            case 0x09, 0x0A, 0x0D: out.append(b)
            case 0x00...0x1F, 0x7F: break
            case 0xC2: break                      // decided with the next byte (C1 controls)
            default:
                if previous == 0xC2 {
                    if !(0x80...0x9F).contains(b) { out.append(0xC2); out.append(b) }
                } else {
                    out.append(b)
                }
            }
            previous = b
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsWork(_ b: UInt8) -> Bool {
        switch b {
        case 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x7F, 0xC2: return true
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F: return true
        default: return false
        }
    }

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
    private static let hex: [String] = (0...255).map { "%" + String($0, radix: 16, uppercase: true).leftPad(2) }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
        default: return false
        }
    }

    /// Encodes everything but RFC 3986 unreserved characters.
    public static func encode(_ s: String) -> String {
        if s.utf8.allSatisfy(isUnreserved) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count * 3)
        for b in s.utf8 {
            if isUnreserved(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += hex[Int(b)] }
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
