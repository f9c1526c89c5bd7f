import Foundation
import QalxanCore

/// Small hand-written validators for feed values (no regex, no Foundation formatters),
/// shared by the feed parsers.
public enum FeedValues {
    /// A decimal integer with optional sign and surrounding spaces, or nil.
    public static func int(_ text: String) -> Int? {
        var v = 0, negative = false, seen = false
        var bytes = text.utf8[...]
        while bytes.first == 0x20 { bytes = bytes.dropFirst() }
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        if let f = bytes.first, f == 0x2D || f == 0x2B { negative = f == 0x2D; bytes = bytes.dropFirst() }
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b - 0x30))
            guard !o1, !o2 else { return nil }
            v = s
            seen = true
        }
        return seen ? (negative ? -v : v) : nil
    }

    /// Whether `text` is a plain dotted-quad IPv4 address.
    static func isIPv4(_ text: String) -> Bool { IPAddress.dottedQuad(text) != nil }

    /// Whether `text` is an IPv4 or IPv6 address.
    public static func isIP(_ text: String) -> Bool {
        isIPv4(text) || (text.contains(":") && IPAddress(text) != nil)
    }

    /// The canonical text of an address (IPv4 as given, IPv6 compressed), or nil.
    public static func canonicalIP(_ text: String) -> String? {
        if isIPv4(text) { return text }
        let t = text.trimmingCharacters(in: .whitespaces)
        if isIPv4(t) { return t }
        return IPAddress(t)?.description
    }

    /// Whether `text` is base64 as Python's `b64decode(validate=True)` accepts it.
    public static func isStrictBase64(_ text: String) -> Bool {
        let u = text.utf8
        guard u.count % 4 == 0 else { return false }
        var padding = 0
        for b in u {
            if b == 0x3D { padding += 1; continue }
            guard padding == 0 else { return false }
            let ok = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F
            guard ok else { return false }
        }
        return padding <= 2
    }

    /// Whether a tag is a CVE name, `cve-2021-26855` in any case (surrounding spaces allowed).
    public static func isCVE<C: Collection<UInt8>>(_ tag: C) -> Bool {
        var state = 0, year = 0, number = 0
        for b in tag {
            switch state {
            case 0: if b == 0x20 { continue }; guard b | 0x20 == 0x63 else { return false }; state = 1
            case 1: guard b | 0x20 == 0x76 else { return false }; state = 2
            case 2: guard b | 0x20 == 0x65 else { return false }; state = 3
            case 3: guard b == 0x2D else { return false }; state = 4
            case 4:
                if b == 0x2D, year == 4 { state = 5; continue }
                guard b >= 0x30, b <= 0x39, year < 4 else { return false }
                year += 1
            case 5:
                if b == 0x20 { state = 6; continue }
                guard b >= 0x30, b <= 0x39 else { return false }
                number += 1
            default: guard b == 0x20 else { return false }
            }
        }
        return state >= 5 && number >= 4
    }

    /// The CVE names among `;`-separated tags, upper-cased and joined by `;`, or nil.
    public static func cves(inTags text: String) -> String? {
        // Most tag lists name no CVE: without a `c` there is nothing to split.
        guard text.utf8.contains(where: { $0 | 0x20 == 0x63 }) else { return nil }
        var found: String?
        for tag in text.utf8.split(separator: 0x3B) where isCVE(tag) {
            var upper = String(decoding: tag, as: UTF8.self).uppercased()
            upper.removeAll { $0 == " " }
            found = found.map { $0 + ";" + upper } ?? upper
        }
        return found
    }
}
