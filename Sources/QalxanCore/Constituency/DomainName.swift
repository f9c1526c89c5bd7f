import Foundation

/// Domain names as a CERT stores and compares them: lower-case, without the root dot,
/// internationalised labels in their `xn--` (A-label) form.
public enum DomainName {
    /// The canonical ASCII form of a domain name typed or found in text, or nil when it is
    /// not a usable host name: `EXAMPLE.AZ.` → `example.az`, `bakı.az` → `xn--bak-lua.az`.
    ///
    /// Rules: labels of 1–63 octets after encoding, 253 octets in all, at least two
    /// labels; ASCII labels of `a-z 0-9 -`, with `_` allowed only as the first character
    /// (`_dmarc.example.az`, `_sip._tcp.example.az`); no label starts or ends with `-`;
    /// the top-level label is alphabetic (two letters or more) or an `xn--` label, so an
    /// IPv4 address is never taken for a domain. Non-ASCII labels may hold letters,
    /// combining marks and decimal digits, but no character that NFKC would change
    /// (fullwidth letters, ligatures), and `xn--` labels must be exactly what this
    /// function would produce from their Unicode form.
    public static func normalise(_ text: String) -> String? {
        guard let folded = fold(text) else { return nil }
        let bytes = Array(folded.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var labels = 0
        var tldStart = 0
        var allNumeric = true
        var start = 0
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
            let label = bytes[start..<end]
            if labels > 0 { out.append(UInt8(ascii: ".")) }
            tldStart = out.count
            if label.allSatisfy({ $0 < 0x80 }) {
                guard isValidASCIILabel(label) else { return nil }
                out.append(contentsOf: label)
            } else {
                guard let encoded = aLabel(String(decoding: label, as: UTF8.self)) else { return nil }
                out.append(contentsOf: encoded.utf8)
            }
            if !out[tldStart...].allSatisfy(isDigit) { allNumeric = false }
            labels += 1
            guard out.count <= 253 else { return nil }
            guard end < bytes.count else { break }
            start = end + 1
        }
        let tld = out[tldStart...]
        guard labels >= 2, tld.count >= 2, tld.starts(with: xnPrefix) || tld.allSatisfy(isLower) else { return nil }
        // Already implied by the rule on the top-level label; kept so that a later relaxing
        // of that rule cannot let `1.2.3.4` through as a name.
        guard !allNumeric else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// `ascii` with each valid `xn--` label shown in Unicode, for display: `xn--bak-lua.az`
    /// → `bakı.az`. Labels that are not valid IDNA stay in their ASCII form, so a crafted
    /// label cannot smuggle control or bidi characters into a page.
    public static func unicode(_ ascii: String) -> String {
        ascii.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let lower = label.lowercased()
            guard lower.hasPrefix("xn--"), lower.utf8.count <= 63, let decoded = decodeALabel(lower) else {
                return String(label)
            }
            return decoded
        }.joined(separator: ".")
    }

    /// Trimmed, dots unified, one root dot dropped, case-folded and NFC; nil when empty
    /// or too long to be a name.
    private static func fold(_ text: String) -> String? {
        // Most names in text are plain ASCII; for them, Foundation's Unicode-aware
        // trimming, case mapping and normalisation reduce to byte operations, and the
        // extractor calls this for every dotted word of a 2 MB description.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(text.utf8)
            let isSpace = { (b: UInt8) in b == 0x20 || (0x09...0x0D).contains(b) }
            while let last = bytes.last, isSpace(last) { bytes.removeLast() }
            let leading = bytes.prefix(while: isSpace).count
            guard bytes.count - leading <= 1024 else { return nil }
            bytes.removeFirst(leading)
            if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
            guard !bytes.isEmpty else { return nil }
            for i in bytes.indices where bytes[i] >= UInt8(ascii: "A") && bytes[i] <= UInt8(ascii: "Z") { bytes[i] |= 0x20 }
            return String(decoding: bytes, as: UTF8.self)
        }

        // Unicode White_Space is the set Foundation's `.whitespacesAndNewlines` trims;
        // reading it off the scalars avoids a bridge through NSString per word.
        let all = text.unicodeScalars
        guard let first = all.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = all.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        var scalars = String.UnicodeScalarView()
        var composed = true
        var octets = 0
        for s in all[first...last] {
            // Every input scalar yields at least one output octet, so anything much longer
            // than 253 cannot succeed; the bound also keeps Punycode's quadratic loop small.
            octets += UTF8.width(s)
            guard octets <= 1024 else { return nil }
            scalars.append(isDot(s) ? "." : s)
            // Below U+0300 nothing composes or decomposes under NFC (the Latin letters of
            // Azerbaijani, Turkish and most of Europe are all there), so such text is NFC
            // already and Foundation's costly normaliser can be skipped.
            if s.value >= 0x300 { composed = false }
        }
        var mapped = String(scalars)
        if mapped.hasSuffix(".") { mapped.removeLast() }

        // `lowercased()` is Unicode's locale-independent full case mapping. It turns the
        // Azerbaijani/Turkish capital İ (U+0130) into "i̇" (i + U+0307 COMBINING DOT ABOVE),
        // which NFC keeps as two scalars; UTS 46 maps U+0130 the same way, so `ŞƏKİ.AZ`
        // and `şəki̇.az` meet in one A-label, as browsers do. The same mapping sends plain
        // `I` to `i`, not to dotless `ı`: `BAKI.AZ` is `baki.az`, which is what DNS does.
        let lower = mapped.lowercased()
        // Lower-casing can bring in U+0307 (from İ), so the shortcut is checked again.
        if composed, lower.unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return lower }
        return lower.precomposedStringWithCanonicalMapping
    }

    // MARK: - Labels

    private static let xnPrefix = Array("xn--".utf8)

    /// Whether an ASCII label, already lower-cased, is a valid one: LDH, `_` only first,
    /// 1–63 octets, and when it claims to be an A-label, really one.
    private static func isValidASCIILabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard let first = label.first, let last = label.last, label.count <= 63,
              first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else { return false }
        var i = label.startIndex
        for b in label {
            guard isLower(b) || isDigit(b) || b == UInt8(ascii: "-") || (i == label.startIndex && b == UInt8(ascii: "_"))
            else { return false }
            i += 1
        }
        return !label.starts(with: xnPrefix) || decodeALabel(String(decoding: label, as: UTF8.self)) != nil
    }

    /// The A-label for a case-folded label holding non-ASCII characters, or nil.
    private static func aLabel(_ label: String) -> String? {
        let scalars = Array(label.unicodeScalars)
        // Each scalar becomes at least one octet, so this bounds the encoder's work.
        guard scalars.count <= 63, isValidULabel(scalars), isCompatibilityStable(scalars),
              let body = Punycode.encode(scalars)
        else { return nil }
        let ascii = "xn--" + body
        return ascii.utf8.count <= 63 ? ascii : nil
    }

    /// The U-label of a lower-case `xn--` label when that label is what `normalise` would
    /// produce for it: valid Punycode, some non-ASCII content, allowed characters, already
    /// case-folded and NFC, and encoding back to the very same text. Anything else (such
    /// as `xn--zzzz`, which decodes to plain ASCII) is no A-label.
    private static func decodeALabel(_ label: String) -> String? {
        let body = String(label.dropFirst(4))
        guard !body.isEmpty, let decoded = Punycode.decode(body),
              decoded.contains(where: { !$0.isASCII }), isValidULabel(decoded),
              isCompatibilityStable(decoded), Punycode.encode(decoded) == body
        else { return nil }
        let text = String(String.UnicodeScalarView(decoded))
        // Scalar by scalar: `==` on strings is canonical equivalence, under which an NFD
        // label would pass for its NFC form.
        guard text.lowercased().precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(decoded) else { return nil }
        return text
    }

    /// Whether a Unicode label is made of characters a host name may hold. This is a
    /// simplification of IDNA 2008's tables: ASCII letters, digits and `-`, and
    /// otherwise letters, combining marks and decimal digits. Symbols, punctuation,
    /// spaces, emoji and format characters (including the joiners ZWJ/ZWNJ, which IDNA
    /// allows only in some scripts' contexts) are refused.
    private static func isValidULabel(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first, let last = scalars.last,
              first != "-", last != "-", !isMark(first) else { return false }
        for s in scalars {
            if s.isASCII {
                let b = UInt8(s.value)
                guard isLower(b) || isDigit(b) || b == UInt8(ascii: "-") else { return false }
                continue
            }
            switch s.properties.generalCategory {
            case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .decimalNumber:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// Whether NFKC leaves the label alone. IDNA 2008 disallows what NFKC changes
    /// (fullwidth letters, ligatures, `ǆ`, `ſ`, `µ`, modifier letters); UTS 46 would map
    /// them to other letters (`ｅｘａｍｐｌｅ` → `example`), so encoding them as they are
    /// would name a domain no resolver uses. They are refused rather than mapped, since
    /// the folding here is lower-casing and NFC, not UTS 46's NFKC_Casefold.
    private static func isCompatibilityStable(_ scalars: [Unicode.Scalar]) -> Bool {
        if scalars.allSatisfy({ $0.value < 0x300 }) {
            return !scalars.contains { unstableLatin.contains($0.value) }
        }
        let text = String(String.UnicodeScalarView(scalars))
        return text.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(scalars)
    }

    // Below U+0300 only these letters change under NFKC (the other such characters are
    // symbols or numbers, which `isValidULabel` refuses anyway); knowing them spares
    // Foundation's normaliser for most Latin-script labels, Azerbaijani ones included.
    private static let unstableLatin: Set<UInt32> = [
        0xAA, 0xB5, 0xBA, 0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F,
        0x1C4, 0x1C5, 0x1C6, 0x1C7, 0x1C8, 0x1C9, 0x1CA, 0x1CB, 0x1CC, 0x1F1, 0x1F2, 0x1F3,
        0x2B0, 0x2B1, 0x2B2, 0x2B3, 0x2B4, 0x2B5, 0x2B6, 0x2B7, 0x2B8, 0x2E0, 0x2E1, 0x2E2, 0x2E3, 0x2E4,
    ]

    // MARK: - Characters

    /// U+3002 IDEOGRAPHIC FULL STOP, U+FF0E FULLWIDTH FULL STOP and U+FF61 HALFWIDTH
    /// IDEOGRAPHIC FULL STOP separate labels like '.', as UTS 46 says.
    static func isDot(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E, 0x3002, 0xFF0E, 0xFF61: true
        default: false
        }
    }

    private static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
