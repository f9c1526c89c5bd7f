/// CPE 2.3 names and package URLs of one product version, made from the product's own
/// identifier (CSAF's `product_identification_helper`).
public enum ProductIdentifier {
    /// The colon-separated components of a CPE 2.3 formatted string (`\:` does not split).
    static func cpeComponents(_ text: String) -> [String]? {
        var parts: [String] = [], current = "", escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { current.append(c); escaped = true; continue }
            if c == ":" { parts.append(current); current = ""; continue }
            if c.isWhitespace { return nil }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    /// The identifier of `version` of the product identified by `base`: the CPE's version
    /// component set to it, or `@version` added to a package URL that has none. A range
    /// keeps the product's identifier as it is (its version stays `*`).
    public static func forVersion(_ base: String, version: String?) -> String {
        guard let version else { return base }
        if base.hasPrefix("cpe:2.3:"), var parts = cpeComponents(base), parts.count == 13 {
            parts[5] = escapeCPE(version)
            return parts.joined(separator: ":")
        }
        if base.hasPrefix("pkg:"), !base.contains("@") {
            // Qualifiers and subpath come after the version.
            let cut = base.firstIndex { $0 == "?" || $0 == "#" } ?? base.endIndex
            let encoded = version.unicodeScalars.map { s -> String in
                s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(Character(s)) || ".-_~+".unicodeScalars.contains(s))
                    ? String(s) : s.utf8.map { "%" + String($0, radix: 16, uppercase: true).leftPadded(2) }.joined()
            }.joined()
            return String(base[..<cut]) + "@" + encoded + String(base[cut...])
        }
        return base
    }

    /// A value as a CPE 2.3 formatted-string component: characters other than letters,
    /// digits, `_`, `-` and `.` escaped with a backslash.
    static func escapeCPE(_ text: String) -> String {
        var out = ""
        for c in text {
            if c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == ".") { out.append(c) } else {
                out.append("\\"); out.append(c)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
