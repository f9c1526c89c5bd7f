/// One mailbox: a display name and an addr-spec.
public struct MailAddress: Sendable, Equatable, Hashable {
    /// The decoded display name, or an empty string.
    public let name: String
    /// The addr-spec; the domain is lower-cased, the local part kept as written.
    public let address: String

    /// Creates an address; the domain part is lower-cased.
    public init(name: String, address: String) {
        self.name = name
        if let at = address.lastIndex(of: "@") {
            self.address = String(address[..<at]) + "@" + address[address.index(after: at)...].lowercased()
        } else {
            self.address = address
        }
    }

    /// Parses an RFC 5322 address list (raw header value). Handles quoted and
    /// RFC 2047 encoded display names, comments, groups, angle-addr and bare
    /// addr-spec; unreadable entries are skipped.
    public static func parseList(_ value: String) -> [MailAddress] {
        var parser = MailAddressListParser(tokens: MailAddressTokenizer.tokenize(value))
        return parser.run()
    }
}

/// Lexical tokens of an address list.
enum MailAddressToken {
    case word(String)
    case quoted(String)
    case comment(String)
    case angle(String)
    case special(Unicode.Scalar)
}

/// Splits an address list into words, quoted strings, comments and angle-addrs.
enum MailAddressTokenizer {
    static func tokenize(_ value: String) -> [MailAddressToken] {
        let s = Array(value.unicodeScalars)
        var tokens: [MailAddressToken] = []
        var i = 0
        while i < s.count {
            let u = s[i]
            switch u {
            case _ where u.properties.isWhitespace:
                i += 1
            case "\"":
                var text = String.UnicodeScalarView()
                i += 1
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count { i += 1 }
                    text.append(s[i])
                    i += 1
                }
                i += 1
                tokens.append(.quoted(String(text)))
            case "(":
                var depth = 1
                var text = String.UnicodeScalarView()
                i += 1
                while i < s.count {
                    if s[i] == "\\", i + 1 < s.count { i += 1; text.append(s[i]); i += 1; continue }
                    if s[i] == "(" { depth += 1 }
                    if s[i] == ")" { depth -= 1; if depth == 0 { break } }
                    text.append(s[i])
                    i += 1
                }
                i += 1
                tokens.append(.comment(String(text)))
            case "<":
                var text = String.UnicodeScalarView()
                i += 1
                while i < s.count, s[i] != ">" {
                    text.append(s[i])
                    i += 1
                }
                i += 1
                tokens.append(.angle(String(text)))
            case ",", ";", ":":
                tokens.append(.special(u))
                i += 1
            case ">", ")":
                i += 1
            default:
                var text = String.UnicodeScalarView()
                while i < s.count {
                    let c = s[i]
                    if c.properties.isWhitespace || "\"(),:;<>".unicodeScalars.contains(c) { break }
                    text.append(c)
                    i += 1
                }
                tokens.append(.word(String(text)))
            }
        }
        return tokens
    }
}

/// Turns address tokens into mailboxes.
struct MailAddressListParser {
    let tokens: [MailAddressToken]
    private var result: [MailAddress] = []
    private var phrase: [MailAddressToken] = []
    private var comments: [String] = []
    private var angle: String?

    init(tokens: [MailAddressToken]) {
        self.tokens = tokens
    }

    mutating func run() -> [MailAddress] {
        for token in tokens {
            switch token {
            case .special(let u) where u == "," || u == ";":
                finish()
            case .special:
                // ':' starts a group; its display name is not a mailbox.
                if angle == nil { phrase = []; comments = [] }
            case .angle(let a):
                if angle == nil { angle = a }
            case .comment(let c):
                comments.append(c)
            case .word, .quoted:
                if angle == nil { phrase.append(token) }
            }
        }
        finish()
        return result
    }

    private mutating func finish() {
        defer { phrase = []; comments = []; angle = nil }
        let commentName = comments.map { MailEncodedWord.decode($0).mailCollapsedWhitespace }.first { !$0.isEmpty } ?? ""
        if let angle {
            guard let spec = Self.normalize(angle) else { return }
            let name = Self.displayName(phrase)
            result.append(MailAddress(name: name.isEmpty ? commentName : name, address: spec))
            return
        }
        let raws: [String] = phrase.map {
            if case .quoted(let q) = $0 { return "\"" + q + "\"" }
            if case .word(let w) = $0 { return w }
            return ""
        }
        let hasQuoted = phrase.contains { if case .quoted = $0 { return true } else { return false } }
        let joined = raws.joined()
        let spec: String?
        if hasQuoted, let j = Self.normalize(joined) {
            spec = j  // "quoted local"@domain
        } else if let single = raws.lazy.compactMap(Self.normalize).first {
            spec = single
        } else {
            spec = Self.normalize(joined)  // local @ domain written with spaces
        }
        if let spec { result.append(MailAddress(name: commentName, address: spec)) }
    }

    /// The display name: words joined by spaces, then RFC 2047 decoded.
    private static func displayName(_ phrase: [MailAddressToken]) -> String {
        let words: [String] = phrase.compactMap {
            switch $0 {
            case .word(let w): return w
            case .quoted(let q): return q
            default: return nil
            }
        }
        return MailEncodedWord.decode(words.joined(separator: " ")).mailCollapsedWhitespace
    }

    /// Validates an addr-spec: strips whitespace and source routes, requires
    /// a non-empty local part and domain.
    static func normalize(_ raw: String) -> String? {
        var spec = ""
        var inQuotes = false
        for c in raw {
            if c == "\"" { inQuotes.toggle() }
            if inQuotes || !c.isWhitespace { spec.append(c) }
        }
        if let colon = spec.lastIndex(of: ":"), !spec.hasPrefix("\"") { spec = String(spec[spec.index(after: colon)...]) }
        guard let at = spec.lastIndex(of: "@") else { return nil }
        let local = spec[..<at]
        let domain = spec[spec.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return nil }
        let forbidden: Set<Character> = ["<", ">", "(", ")", ",", ";", "\\", "\""]
        guard !domain.contains(where: { forbidden.contains($0) }), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return nil }
        return spec
    }
}
