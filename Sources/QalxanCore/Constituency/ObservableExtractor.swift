/// Finds indicators (IP addresses and prefixes, URLs, e-mail addresses, domains, AS
/// numbers) in free text such as an incident description or a forwarded report.
public enum ObservableExtractor {
    /// The indicators in `text`, in order of first appearance, each once, at most `limit`.
    ///
    /// Defanged forms (`hxxp://`, `[.]`, `(.)`, `{.}`, `[dot]`, `[:]`, `[://]`, `[@]`,
    /// `[at]`) are read as what they stand for and reported refanged. A URL is followed by
    /// its host (`.domain`, or `.ip` for an address), an e-mail address by its domain.
    /// Dotted numbers with more than four parts (`1.2.3.4.5`) are not addresses, and
    /// names whose last label is a common file extension (`invoice.pdf`) are not domains.
    ///
    /// The text is read as UTF-8 in a few forward passes with bounded look-around, and no
    /// backtracking, so the time is linear in its length (descriptions reach 2 MB).
    public static func extract(from text: String, limit: Int = 10_000) -> [Observable] {
        guard limit > 0, !text.isEmpty else { return [] }
        var pass = Pass(bytes: refang(Array(text.utf8)), limit: limit)
        pass.run()
        return pass.found
    }

    // MARK: - Refanging

    /// Replaces bracketed defangs by what they stand for. Only the bracketed forms are
    /// handled here; `hxxp` and `fxp` are recognised where a scheme is expected.
    static func refang(_ src: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(src.count)
        var i = 0
        while i < src.count {
            let c = src[i]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || c == UInt8(ascii: "{"),
               let (replacement, length) = defang(src, at: i) {
                out.append(contentsOf: replacement)
                i += length
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    private static let defangs: [(inner: [UInt8], replacement: [UInt8], squareOnly: Bool)] = [
        (Array(".".utf8), Array(".".utf8), false),
        (Array("dot".utf8), Array(".".utf8), false),
        (Array("://".utf8), Array("://".utf8), true),
        (Array(":".utf8), Array(":".utf8), true),
        (Array("@".utf8), Array("@".utf8), true),
        (Array("at".utf8), Array("@".utf8), true),
    ]

    private static func defang(_ src: [UInt8], at i: Int) -> ([UInt8], Int)? {
        let open = src[i]
        let close: UInt8 = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : open == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        for d in defangs where !d.squareOnly || open == UInt8(ascii: "[") {
            let closeAt = i + 1 + d.inner.count
            guard closeAt < src.count, src[closeAt] == close else { continue }
            var match = true
            for (k, expected) in d.inner.enumerated() where lowerASCII(src[i + 1 + k]) != expected {
                match = false
                break
            }
            if match { return (d.replacement, d.inner.count + 2) }
        }
        return nil
    }

    // MARK: - Byte classes

    static func lowerASCII(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func isLetter(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")
    }

    static func isHex(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return isDigit(b) || (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "f"))
    }

    /// Letters, digits, `_`, and any byte of a non-ASCII letter: what may not touch an
    /// address for it to count as one (`v1.2.3.4` is a version, not an address).
    static func isWordByte(_ b: UInt8) -> Bool {
        isDigit(b) || isLetter(b) || b == UInt8(ascii: "_") || b >= 0x80
    }

    /// ASCII bytes that end a URL as well as anything else: spaces, controls, and the
    /// characters RFC 3986 never allows unescaped, which text uses to wrap links.
    static func isHardDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0...0x20, 0x7F: true
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "\\"), UInt8(ascii: "^"):
            true
        default: false
        }
    }

    /// ASCII bytes that may be part of an address, a prefix, a name or an e-mail address.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "+"):
            true
        default: isDigit(b) || isLetter(b)
        }
    }

    /// What an e-mail local part is read from: ASCII letters, digits and `. _ + -`, and
    /// (RFC 6531) non-ASCII letters, so `ünal@example.az` is not cut to `nal@…`. Inside a
    /// token every non-ASCII byte belongs to a letter, mark or digit.
    static func isLocalPartByte(_ b: UInt8) -> Bool {
        isDigit(b) || isLetter(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b >= 0x80
    }

    /// Separators inside a token between names and AS numbers: `example.az:443`,
    /// `example.az/path`, `AS1/AS2`.
    static func isSegmentSeparator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ":") || b == UInt8(ascii: "/") || b == UInt8(ascii: "@") || b == UInt8(ascii: "+")
    }

    /// A non-ASCII character that can be part of a name: a letter, a combining mark, a
    /// decimal digit, or one of the ideographic full stops that IDNA reads as '.'.
    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if DomainName.isDot(s) { return true }
        switch s.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Names whose last label is one of these are taken for file names. Some are real
    /// country codes too (`.sh`, `.py`, `.md`), but in incident text `run.sh` is far more
    /// often a script than a host.
    static let fileExtensions: Set<String> = [
        "txt", "exe", "pdf", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "rtf",
        "zip", "rar", "gz", "tar", "js", "php", "html", "htm", "aspx", "jsp",
        "png", "jpg", "jpeg", "gif", "svg", "log", "json", "xml", "csv", "yml", "yaml", "sql", "dat",
        "py", "sh", "dll", "bin", "iso", "msi", "jar", "bat", "ps1", "vbs", "vbe", "wsf", "hta",
        "lnk", "scr", "eml", "apk", "dmg", "tmp", "bak", "cfg", "ini", "conf", "md",
    ]

    /// Scheme as written (lower-cased) → scheme reported; the defanged spellings included.
    static let schemes: [String: String] = [
        "http": "http", "https": "https", "ftp": "ftp",
        "hxxp": "http", "hxxps": "https", "fxp": "ftp",
    ]
}

extension ObservableExtractor {
    /// One run over refanged bytes. Every loop moves forward; the only backward steps
    /// are bounded (a scheme's few letters) or stop where an earlier step started (an
    /// e-mail's local part), so each byte is looked at a constant number of times.
    fileprivate struct Pass {
        let b: [UInt8]
        let limit: Int
        var found: [Observable] = []
        var seen: Set<Observable> = []
        /// Bytes already reported as part of an address or e-mail address, which the later
        /// searches (for names, AS numbers) must not read again.
        var consumed: [Bool]
        var full = false
        /// Normalised names by their text as found: reports repeat the same few names,
        /// and normalising is the costliest step per word.
        var names: [String: String?] = [:]
        /// The same for IPv6 candidates, which only `inet_pton` reads in full.
        var addresses: [String: IPAddress?] = [:]

        init(bytes: [UInt8], limit: Int) {
            b = bytes
            self.limit = limit
            consumed = [Bool](repeating: false, count: bytes.count)
        }

        mutating func run() {
            let n = b.count
            var i = 0
            while i < n, !full {
                let (hard, length) = isChunkDelimiter(at: i)
                if hard { i += length; continue }
                var j = i + length
                while j < n {
                    let (stop, l) = isChunkDelimiter(at: j)
                    if stop { break }
                    j += l
                }
                chunk(i, j)
                i = j
            }
        }

        mutating func emit(_ group: [Observable]) {
            for o in group {
                guard found.count < limit else { full = true; return }
                if seen.insert(o).inserted { found.append(o) }
            }
            if found.count >= limit { full = true }
        }

        // MARK: Characters

        /// The scalar starting at `i` and its length in bytes. The buffer comes from a
        /// Swift string, so it is valid UTF-8; the guards only keep a bug from trapping.
        func scalar(at i: Int) -> (Unicode.Scalar, Int) {
            let c = b[i]
            let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
            guard length > 1, i + length <= b.count else { return ("\u{FFFD}", 1) }
            var v = UInt32(c) & (0xFF >> UInt32(length + 1))
            for k in 1..<length { v = v << 6 | UInt32(b[i + k] & 0x3F) }
            return (Unicode.Scalar(v) ?? "\u{FFFD}", length)
        }

        func isChunkDelimiter(at i: Int) -> (Bool, Int) {
            if b[i] < 0x80 { return (ObservableExtractor.isHardDelimiter(b[i]), 1) }
            let (s, length) = scalar(at: i)
            return (!ObservableExtractor.isNameScalar(s), length)
        }

        func isTokenChar(at i: Int) -> (Bool, Int) {
            if b[i] < 0x80 { return (ObservableExtractor.isTokenByte(b[i]), 1) }
            let (s, length) = scalar(at: i)
            return (ObservableExtractor.isNameScalar(s), length)
        }

        func text(_ from: Int, _ to: Int) -> String { String(decoding: b[from..<to], as: UTF8.self) }

        // MARK: Chunks and URLs

        /// A chunk is a run between hard delimiters; URLs live inside one chunk.
        mutating func chunk(_ start: Int, _ end: Int) {
            var urls: [(start: Int, separator: Int, scheme: String)] = []
            var p = start
            while p + 2 < end {
                guard b[p] == UInt8(ascii: ":"), b[p + 1] == UInt8(ascii: "/"), b[p + 2] == UInt8(ascii: "/") else {
                    p += 1
                    continue
                }
                if let (schemeStart, scheme) = schemeBefore(p, lowerBound: start) {
                    // A scheme right after `=`, `/`, `?`… is a URL inside the previous one
                    // (`?u=http://…`), part of it rather than the start of the next.
                    let nested = !urls.isEmpty && schemeStart > start && "=/?&%:#".utf8.contains(b[schemeStart - 1])
                    if !nested { urls.append((schemeStart, p, scheme)) }
                }
                p += 3
            }

            var cursor = start
            for (k, u) in urls.enumerated() {
                guard !full else { return }
                tokens(cursor, u.start)
                let regionEnd = k + 1 < urls.count ? urls[k + 1].start : end
                if let urlEnd = url(u.start, separator: u.separator, scheme: u.scheme, regionEnd: regionEnd) {
                    cursor = urlEnd
                } else {
                    // Not a URL after all (`http://localhost`): its text is read as tokens.
                    cursor = u.start
                }
            }
            if !full { tokens(cursor, end) }
        }

        /// The start and canonical name of the scheme ending just before `separator`.
        func schemeBefore(_ separator: Int, lowerBound: Int) -> (Int, String)? {
            var q = separator
            while q > lowerBound, separator - q < 6, ObservableExtractor.isLetter(b[q - 1]) { q -= 1 }
            guard q < separator, q == lowerBound || !ObservableExtractor.isLetter(b[q - 1]) else { return nil }
            let written = String(decoding: b[q..<separator].map(ObservableExtractor.lowerASCII), as: UTF8.self)
            guard let scheme = ObservableExtractor.schemes[written] else { return nil }
            return (q, scheme)
        }

        /// Reports the URL starting at `start` and its host; returns where the URL ends, or
        /// nil when it has no usable host.
        mutating func url(_ start: Int, separator: Int, scheme: String, regionEnd: Int) -> Int? {
            let bodyStart = separator + 3
            var end = regionEnd
            var openParens = 0, closeParens = 0, openSquare = 0, closeSquare = 0
            for q in bodyStart..<end {
                switch b[q] {
                case UInt8(ascii: "("): openParens += 1
                case UInt8(ascii: ")"): closeParens += 1
                case UInt8(ascii: "["): openSquare += 1
                case UInt8(ascii: "]"): closeSquare += 1
                default: break
                }
            }
            // Sentence punctuation after a link, and a bracket closed around it but opened
            // before it (`(http://x/a)`, `[link](http://x/a)`), are not part of it; a
            // balanced pair inside it (`/wiki/Foo_(bar)`) is.
            while end > bodyStart {
                let c = b[end - 1]
                if ".,;:!?'*".utf8.contains(c) {
                    end -= 1
                } else if c == UInt8(ascii: ")"), closeParens > openParens {
                    closeParens -= 1
                    end -= 1
                } else if c == UInt8(ascii: "]"), closeSquare > openSquare {
                    closeSquare -= 1
                    end -= 1
                } else {
                    break
                }
            }

            var authorityEnd = bodyStart
            while authorityEnd < end, !"/?#".utf8.contains(b[authorityEnd]) { authorityEnd += 1 }
            var hostStart = bodyStart
            for q in bodyStart..<authorityEnd where b[q] == UInt8(ascii: "@") { hostStart = q + 1 }
            guard hostStart < authorityEnd else { return nil }

            let host: Observable
            var portStart: Int
            if b[hostStart] == UInt8(ascii: "[") {
                guard let close = b[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: "]")),
                      close - hostStart - 1 <= 45,
                      let address = IPAddress(text(hostStart + 1, close)), case .v6 = address
                else { return nil }
                host = .ip(address)
                portStart = close + 1
            } else {
                var hostEnd = hostStart
                while hostEnd < authorityEnd, b[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
                if b[hostStart..<hostEnd].allSatisfy({ ObservableExtractor.isDigit($0) || $0 == UInt8(ascii: ".") }) {
                    guard let address = v4(hostStart, hostEnd) else { return nil }
                    host = .ip(address)
                } else {
                    guard let domain = normalise(text(hostStart, hostEnd)) else { return nil }
                    host = .domain(domain)
                }
                portStart = hostEnd
            }
            if portStart < authorityEnd {
                guard b[portStart] == UInt8(ascii: ":"),
                      authorityEnd - portStart - 1 <= 5,
                      b[(portStart + 1)..<authorityEnd].allSatisfy(ObservableExtractor.isDigit)
                else { return nil }
            }

            emit([.url(scheme + "://" + text(bodyStart, end)), host])
            return end
        }

        // MARK: Tokens

        /// Splits `start..<end` into tokens of address, name and e-mail characters.
        mutating func tokens(_ start: Int, _ end: Int) {
            var i = start
            while i < end, !full {
                let (inToken, length) = isTokenChar(at: i)
                guard inToken else { i += length; continue }
                var j = i + length
                while j < end {
                    let (more, l) = isTokenChar(at: j)
                    if !more { break }
                    j += l
                }
                token(i, j)
                i = j
            }
        }

        /// Finds everything in one token. Addresses come first and claim their bytes, so
        /// that `::ffff:192.0.2.1` is not also read as `192.0.2.1` and an e-mail's local
        /// part `first.last` is not read as a name.
        mutating func token(_ start: Int, _ end: Int) {
            var colons = 0, dots = 0, ats = 0
            for q in start..<end {
                switch b[q] {
                case UInt8(ascii: ":"): colons += 1
                case UInt8(ascii: "."): dots += 1
                case UInt8(ascii: "@"): ats += 1
                case 0xE3, 0xEF: dots += 1 // may open an ideographic full stop; a cheap over-estimate
                default: break
                }
            }
            var groups: [(offset: Int, items: [Observable])] = []
            if colons >= 2 { ipv6(start, end, into: &groups) }
            if dots >= 3 { ipv4(start, end, into: &groups) }
            if ats > 0 { emails(start, end, into: &groups) }
            segments(start, end, mayHoldName: dots > 0, into: &groups)
            groups.sort { $0.offset < $1.offset }
            for g in groups {
                emit(g.items)
                if full { return }
            }
        }

        mutating func claim(_ from: Int, _ to: Int) {
            for q in from..<to { consumed[q] = true }
        }

        /// `/length` right after an address, when it is one: 1–3 digits, not followed by
        /// a letter or digit. Returns the length and where it ends.
        func prefixLength(after i: Int, end: Int, maxDigits: Int) -> (Int, Int)? {
            guard i < end, b[i] == UInt8(ascii: "/") else { return nil }
            var d = i + 1
            var value = 0
            while d < end, d - i <= maxDigits, ObservableExtractor.isDigit(b[d]) {
                value = value * 10 + Int(b[d] - UInt8(ascii: "0"))
                d += 1
            }
            guard d > i + 1, d == end || !ObservableExtractor.isWordByte(b[d]) else { return nil }
            return (value, d)
        }

        /// IPv6 candidates: maximal runs of hex digits, ':' and '.', with two colons or
        /// more, not touching a letter or digit (`std::vector` holds no address).
        mutating func ipv6(_ start: Int, _ end: Int, into groups: inout [(offset: Int, items: [Observable])]) {
            var p = start
            while p < end {
                let c = b[p]
                guard ObservableExtractor.isHex(c) || c == UInt8(ascii: ":") else { p += 1; continue }
                var q = p
                var colons = 0
                var hex = false
                while q < end, ObservableExtractor.isHex(b[q]) || b[q] == UInt8(ascii: ":") || b[q] == UInt8(ascii: ".") {
                    if b[q] == UInt8(ascii: ":") { colons += 1 } else if b[q] != UInt8(ascii: ".") { hex = true }
                    q += 1
                }
                defer { p = Swift.max(p + 1, q) }
                guard colons >= 2, hex,
                      p == start || !ObservableExtractor.isWordByte(b[p - 1]),
                      q == end || !ObservableExtractor.isWordByte(b[q])
                else { continue }
                var r = q
                while r > p, b[r - 1] == UInt8(ascii: ".") { r -= 1 }
                var address = v6(p, r)
                if address == nil, r - p >= 2, b[r - 1] == UInt8(ascii: ":"), b[r - 2] != UInt8(ascii: ":") {
                    // `… 2001:db8::1: blocked` — the colon is the sentence's.
                    r -= 1
                    address = v6(p, r)
                }
                guard let address else { continue }
                var item = Observable.ip(address)
                var claimedEnd = r
                if r == q, let (length, lengthEnd) = prefixLength(after: q, end: end, maxDigits: 3), length <= 128 {
                    item = .prefix(IPPrefix(address: address, length: length))
                    claimedEnd = lengthEnd
                }
                claim(p, claimedEnd)
                groups.append((p, [item]))
                q = Swift.max(q, claimedEnd)
            }
        }

        mutating func v6(_ from: Int, _ to: Int) -> IPAddress? {
            guard to - from >= 2, to - from <= 45 else { return nil }
            let candidate = text(from, to)
            if let known = addresses[candidate] { return known }
            var address = IPAddress(candidate)
            if case .v4 = address { address = nil }
            if addresses.count < 4096 { addresses[candidate] = address }
            return address
        }

        /// IPv4 candidates: maximal runs of digits and dots, not touching a letter or
        /// digit, with exactly four parts once sentence dots are trimmed.
        mutating func ipv4(_ start: Int, _ end: Int, into groups: inout [(offset: Int, items: [Observable])]) {
            var p = start
            while p < end {
                let c = b[p]
                guard !consumed[p], ObservableExtractor.isDigit(c) || c == UInt8(ascii: ".") else { p += 1; continue }
                var q = p
                while q < end, !consumed[q], ObservableExtractor.isDigit(b[q]) || b[q] == UInt8(ascii: ".") { q += 1 }
                defer { p = Swift.max(p + 1, q) }
                guard p == start || !ObservableExtractor.isWordByte(b[p - 1]),
                      q == end || !ObservableExtractor.isWordByte(b[q])
                else { continue }
                var s = p
                while s < q, b[s] == UInt8(ascii: ".") { s += 1 }
                var r = q
                while r > s, b[r - 1] == UInt8(ascii: ".") { r -= 1 }
                guard let address = v4(s, r) else { continue }
                var item = Observable.ip(address)
                var claimedEnd = r
                if r == q, let (length, lengthEnd) = prefixLength(after: q, end: end, maxDigits: 2), length <= 32 {
                    item = .prefix(IPPrefix(address: address, length: length))
                    claimedEnd = lengthEnd
                }
                claim(s, claimedEnd)
                groups.append((s, [item]))
                q = Swift.max(q, claimedEnd)
            }
        }

        /// A dotted quad, read here rather than by `IPAddress(_:)` because the extractor
        /// meets many dotted numbers and making a string of each costs more than the scan.
        /// Same rules: four parts of 1–3 digits, each at most 255, no leading zeros.
        func v4(_ from: Int, _ to: Int) -> IPAddress? {
            guard to - from >= 7, to - from <= 15 else { return nil }
            var value: UInt32 = 0
            var octet: UInt32 = 0
            var digits = 0
            var dots = 0
            for q in from..<to {
                let c = b[q]
                if c == UInt8(ascii: ".") {
                    guard digits > 0, dots < 3 else { return nil }
                    value = value << 8 | octet
                    dots += 1
                    octet = 0
                    digits = 0
                } else {
                    guard ObservableExtractor.isDigit(c), !(digits == 1 && octet == 0) else { return nil }
                    octet = octet * 10 + UInt32(c - UInt8(ascii: "0"))
                    digits += 1
                    guard digits <= 3, octet <= 255 else { return nil }
                }
            }
            guard dots == 3, digits > 0 else { return nil }
            return .v4(value << 8 | octet)
        }

        /// `local@domain`. The local part is read backwards from the '@' but stops at the
        /// previous '@' or claimed byte, and the domain forwards up to the next one, so
        /// `a@b@c@…` stays linear.
        mutating func emails(_ start: Int, _ end: Int, into groups: inout [(offset: Int, items: [Observable])]) {
            var p = start
            while p < end {
                defer { p += 1 }
                guard b[p] == UInt8(ascii: "@"), !consumed[p] else { continue }
                var localStart = p
                while localStart > start, !consumed[localStart - 1], ObservableExtractor.isLocalPartByte(b[localStart - 1]) {
                    localStart -= 1
                }
                while localStart < p, b[localStart] == UInt8(ascii: ".") { localStart += 1 }
                var domainEnd = p + 1
                while domainEnd < end, !consumed[domainEnd] {
                    if b[domainEnd] < 0x80 {
                        let c = b[domainEnd]
                        guard ObservableExtractor.isDigit(c) || ObservableExtractor.isLetter(c)
                            || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                        else { break }
                        domainEnd += 1
                    } else {
                        domainEnd += scalar(at: domainEnd).1
                    }
                }
                let local = b[localStart..<p]
                guard !local.isEmpty, local.count <= 64, local.last != UInt8(ascii: "."),
                      !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
                      let (domain, nameEnd) = name(p + 1, domainEnd, fileNamesAllowed: true)
                else { continue }
                claim(localStart, nameEnd)
                groups.append((localStart, [.email(text(localStart, p) + "@" + domain), .domain(domain)]))
                p = nameEnd - 1
            }
        }

        /// The unclaimed parts of a token between `: / @ +`: AS numbers and names.
        mutating func segments(_ start: Int, _ end: Int, mayHoldName: Bool, into groups: inout [(offset: Int, items: [Observable])]) {
            var p = start
            while p < end {
                guard !consumed[p], !ObservableExtractor.isSegmentSeparator(b[p]) else { p += 1; continue }
                var q = p
                while q < end, !consumed[q], !ObservableExtractor.isSegmentSeparator(b[q]) { q += 1 }
                if let asn = asNumber(p, q) {
                    groups.append((p, [.asn(asn)]))
                } else if mayHoldName, let (domain, _) = name(p, q, fileNamesAllowed: false) {
                    groups.append((p, [.domain(domain)]))
                }
                p = q
            }
        }

        /// `AS12345` or `AS1.10`, case-insensitive, as a whole segment (a sentence's full
        /// stop aside), so that `as15169.net` stays a name.
        func asNumber(_ start: Int, _ end: Int) -> UInt32? {
            var e = end
            while e > start, b[e - 1] == UInt8(ascii: ".") { e -= 1 }
            guard e - start >= 3, e - start <= 2 + 11,
                  ObservableExtractor.lowerASCII(b[start]) == UInt8(ascii: "a"),
                  ObservableExtractor.lowerASCII(b[start + 1]) == UInt8(ascii: "s"),
                  ObservableExtractor.isDigit(b[start + 2]),
                  b[(start + 2)..<e].allSatisfy({ ObservableExtractor.isDigit($0) || $0 == UInt8(ascii: ".") })
            else { return nil }
            return ASNumber.parse(text(start, e))
        }

        /// The canonical name in `start..<end` once surrounding dots and hyphens are
        /// trimmed, and where it ends; nil when it is no name.
        mutating func name(_ start: Int, _ end: Int, fileNamesAllowed: Bool) -> (String, Int)? {
            var s = start
            var e = end
            // Sentence punctuation around a name, CJK full stops included (`example.com。`).
            while true {
                if s < e, b[s] == UInt8(ascii: ".") || b[s] == UInt8(ascii: "-") {
                    s += 1
                } else if e - s >= 3, isIdeographicStop(s) {
                    s += 3
                } else {
                    break
                }
            }
            while true {
                if e > s, b[e - 1] == UInt8(ascii: ".") || b[e - 1] == UInt8(ascii: "-") || b[e - 1] == UInt8(ascii: "_") {
                    e -= 1
                } else if e - s >= 3, isIdeographicStop(e - 3) {
                    e -= 3
                } else {
                    break
                }
            }
            // 253 octets of name are at most 1012 bytes of UTF-8; the rest is not worth a look.
            guard e - s >= 4, e - s <= 1024 else { return nil }

            // The last label: after the last '.' or ideographic full stop (3 bytes in UTF-8).
            var labelStart = e
            while labelStart > s {
                let c = b[labelStart - 1]
                if c == UInt8(ascii: ".") { break }
                if labelStart - s >= 3, isIdeographicStop(labelStart - 3) { break }
                labelStart -= 1
            }
            guard labelStart > s else { return nil }

            // Azerbaijani attaches case endings to names with a hyphen (`example.az-da`,
            // `bakı.az-ın`); no top-level label holds a hyphen unless it is an `xn--` one.
            if let hyphen = b[labelStart..<e].firstIndex(of: UInt8(ascii: "-")),
               !(e - labelStart >= 4 && b[labelStart..<(labelStart + 4)].map(ObservableExtractor.lowerASCII) == Array("xn--".utf8)) {
                e = hyphen
            }
            guard e > labelStart else { return nil }
            // The rule `DomainName` applies to a top-level label, checked here first because
            // most dotted words (`2.4.58`, `v1.2`) fail it and normalising costs more.
            let tld = b[labelStart..<e]
            if tld.allSatisfy({ $0 < 0x80 }) {
                let xn = tld.count > 4 && tld.prefix(4).map(ObservableExtractor.lowerASCII) == Array("xn--".utf8)
                guard xn || (tld.count >= 2 && tld.allSatisfy(ObservableExtractor.isLetter)) else { return nil }
            }
            if !fileNamesAllowed, e - labelStart <= 4 {
                let ext = String(decoding: b[labelStart..<e].map(ObservableExtractor.lowerASCII), as: UTF8.self)
                if ObservableExtractor.fileExtensions.contains(ext) { return nil }
            }
            guard let domain = normalise(text(s, e)) else { return nil }
            return (domain, e)
        }

        mutating func normalise(_ candidate: String) -> String? {
            if let known = names[candidate] { return known }
            let domain = DomainName.normalise(candidate)
            // Bounded, so that a hostile text of distinct names cannot grow it without end.
            if names.count < 4096 { names[candidate] = domain }
            return domain
        }

        func isIdeographicStop(_ i: Int) -> Bool {
            switch (b[i], b[i + 1], b[i + 2]) {
            case (0xE3, 0x80, 0x82), (0xEF, 0xBC, 0x8E), (0xEF, 0xBD, 0xA1): true
            default: false
            }
        }
    }
}
