import Foundation

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
    ///
    /// Built from Foundation's literal (code-unit) search and replace, which is correct
    /// whatever surrounds a character (combining marks, prepended marks, emoji) and fast
    /// on megabytes of text even in a debug build; Foundation is only asked *whether* a
    /// character occurs, never where, so grapheme boundaries cannot shift a replacement.
    public static func escape(_ text: String) -> String {
        var s = text
        if s.rangeOfCharacter(from: droppedControls) != nil {
            s = String(String.UnicodeScalarView(s.unicodeScalars.filter { !droppedControls.contains($0) }))
        }
        guard s.rangeOfCharacter(from: markup) != nil else { return s }
        return s.replacingOccurrences(of: "&", with: "&amp;", options: .literal)
            .replacingOccurrences(of: "<", with: "&lt;", options: .literal)
            .replacingOccurrences(of: ">", with: "&gt;", options: .literal)
            .replacingOccurrences(of: "\"", with: "&quot;", options: .literal)
            .replacingOccurrences(of: "'", with: "&#39;", options: .literal)
    }

    private static let markup = CharacterSet(charactersIn: "&<>\"'")

    /// C0 controls but tab, LF and CR; DEL; C1 controls.
    private static let droppedControls: CharacterSet = {
        var set = CharacterSet()
        for v: UInt32 in 0x00...0x1F where v != 0x09 && v != 0x0A && v != 0x0D { set.insert(Unicode.Scalar(v)!) }
        for v: UInt32 in 0x7F...0x9F { set.insert(Unicode.Scalar(v)!) }
        return set
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
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Encodes everything but RFC 3986 unreserved characters (UTF-8, upper-case hex).
    public static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
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
