/// A parsed `Content-Type` header value.
public struct MailContentType: Sendable, Equatable {
    /// The top-level media type, lower-cased (e.g. `text`).
    public let type: String
    /// The subtype, lower-cased (e.g. `plain`).
    public let subtype: String
    /// Parameters with lower-cased keys and unquoted values; RFC 2231
    /// continuations and `charset'lang'%XX` extended values are decoded.
    public let parameters: [String: String]

    /// Creates a content type; type and subtype are lower-cased.
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// `type/subtype`, lower-case.
    public var mimeType: String { "\(type)/\(subtype)" }

    /// The `charset` parameter, if any.
    public var charset: String? { parameters["charset"] }

    /// The default for entities without a usable Content-Type:
    /// `text/plain; charset=us-ascii`.
    public static let defaultValue = MailContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])

    /// Parses a Content-Type value; missing or unreadable values give `text/plain; charset=us-ascii`.
    public static func parse(_ value: String?) -> MailContentType {
        guard let value else { return defaultValue }
        let (head, params) = MailHeaderParameters.parse(value)
        let token = head.lowercased().filter { !$0.isWhitespace }
        guard let slash = token.firstIndex(of: "/") else { return defaultValue }
        let type = String(token[..<slash])
        let subtype = String(token[token.index(after: slash)...])
        guard !type.isEmpty, !subtype.isEmpty, !subtype.contains("/") else { return defaultValue }
        return MailContentType(type: type, subtype: subtype, parameters: params)
    }
}

/// A parsed `Content-Disposition` header value.
public struct MailContentDisposition: Sendable, Equatable {
    /// The disposition type, lower-cased: `inline`, `attachment`, or another token.
    public let type: String
    /// Parameters with lower-cased keys, decoded like `MailContentType.parameters`.
    public let parameters: [String: String]

    /// Parses a Content-Disposition value; nil when the value is missing.
    public static func parse(_ value: String?) -> MailContentDisposition? {
        guard let value else { return nil }
        let (head, params) = MailHeaderParameters.parse(value)
        return MailContentDisposition(type: head.mailTrimmed.lowercased(), parameters: params)
    }
}

/// Parser for `value; name=value; ...` header parameters (RFC 2045 and RFC 2231).
enum MailHeaderParameters {
    private struct Section {
        let index: Int
        let extended: Bool
        let value: String
    }

    /// Splits a structured header value into its leading token and its parameters.
    static func parse(_ value: String) -> (head: String, parameters: [String: String]) {
        let segments = split(value)
        guard let head = segments.first else { return ("", [:]) }
        var plain: [String: String] = [:]
        var sections: [String: [Section]] = [:]
        for segment in segments.dropFirst() {
            guard let eq = segment.firstIndex(of: "=") else { continue }
            let name = String(segment[..<eq]).mailTrimmed.lowercased()
            guard !name.isEmpty else { continue }
            let value = unquote(String(segment[segment.index(after: eq)...]).mailTrimmed)
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = value }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            if rest.isEmpty {
                sections[base, default: []].append(Section(index: 0, extended: true, value: value))
            } else {
                let extended = rest.hasSuffix("*")
                let digits = extended ? rest.dropLast() : rest
                guard let index = Int(digits), index >= 0, index < 10_000 else { continue }
                sections[base, default: []].append(Section(index: index, extended: extended, value: value))
            }
        }
        for (base, parts) in sections {
            plain[base] = combine(parts.sorted { $0.index < $1.index })
        }
        return (head, plain)
    }

    /// Joins RFC 2231 sections, percent-decoding extended ones with the charset
    /// named in the first section.
    private static func combine(_ parts: [Section]) -> String {
        var bytes: [UInt8] = []
        var charset = "utf-8"
        for (n, part) in parts.enumerated() {
            guard part.extended else {
                bytes.append(contentsOf: Array(part.value.utf8))
                continue
            }
            var text = Substring(part.value)
            if n == 0 {
                let pieces = part.value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if pieces.count == 3 {
                    if !pieces[0].isEmpty { charset = String(pieces[0]) }
                    text = pieces[2]
                }
            }
            bytes.append(contentsOf: percentDecode(Array(text.utf8)))
        }
        return MailCharset.decode(bytes, charset: charset) ?? MailBytes.string(bytes)
    }

    private static func percentDecode(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = MailBytes.hexValue(b[i + 1]), let l = MailBytes.hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// Splits on `;` outside double quotes.
    private static func split(_ value: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        var escaped = false
        for u in value.unicodeScalars {
            if escaped {
                current.append(u)
                escaped = false
                continue
            }
            if inQuotes && u == "\\" {
                current.append(u)
                escaped = true
                continue
            }
            if u == "\"" { inQuotes.toggle() }
            if u == ";" && !inQuotes {
                result.append(String(current))
                current = String.UnicodeScalarView()
                continue
            }
            current.append(u)
        }
        result.append(String(current))
        return result
    }

    /// Removes surrounding double quotes and backslash escapes.
    static func unquote(_ value: String) -> String {
        guard value.hasPrefix("\"") else { return value }
        var out = String.UnicodeScalarView()
        var escaped = false
        for u in value.unicodeScalars.dropFirst() {
            if escaped {
                out.append(u)
                escaped = false
            } else if u == "\\" {
                escaped = true
            } else if u == "\"" {
                break
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
}
