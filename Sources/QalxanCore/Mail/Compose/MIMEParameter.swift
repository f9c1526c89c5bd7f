import Foundation

/// Formatting of MIME header parameters (RFC 2045 §5.1, RFC 2231).
enum MIMEParameter {
    /// `token` characters per RFC 2045 (printable ASCII minus tspecials and space).
    private static let tokenCharacters = CharacterSet(charactersIn: "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~")
    /// RFC 2231 `attribute-char` characters that need no percent-encoding.
    private static let attributeCharacters = CharacterSet(charactersIn: "!#$&+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~")

    /// Whether `value` is a non-empty RFC 2045 token.
    static func isToken(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { tokenCharacters.contains($0) }
    }

    /// A `type/subtype` media type if `value` is one, else `nil`.
    static func mediaType(_ value: String) -> String? {
        let parts = value.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isToken(String(parts[0])), isToken(String(parts[1])) else { return nil }
        return parts[0].lowercased() + "/" + parts[1].lowercased()
    }

    /// `; name=value` with the value quoted when it is not a token. Non-ASCII must not be passed here.
    static func simple(_ name: String, _ value: String) -> String {
        let clean = HeaderText.sanitized(value)
        if isToken(clean) { return "; \(name)=\(clean)" }
        var quoted = "\""
        for character in clean {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return "; \(name)=\(quoted)\""
    }

    /// A file-name parameter: RFC 2231 `name*=UTF-8''…` (with continuations when long) followed by an
    /// ASCII fallback `name="…"` when the value is not plain ASCII; just the quoted value otherwise.
    static func fileName(_ name: String, _ value: String) -> String {
        let clean = HeaderText.sanitized(value)
        if HeaderText.isPrintableASCII(clean) && clean.utf8.count <= 56 { return simple(name, clean) }
        var encoded: [String] = []
        for scalar in clean.unicodeScalars {
            if scalar.isASCII, attributeCharacters.contains(scalar) {
                encoded.append(String(scalar))
            } else {
                encoded.append(String(scalar).utf8.map { "%" + Hex.byte($0) }.joined())
            }
        }
        var result = ""
        let total = encoded.joined()
        if total.count <= 50 {
            result = "; \(name)*=UTF-8''\(total)"
        } else {
            // Continuations never split one percent-encoded character.
            var sections: [String] = []
            var current = ""
            for piece in encoded {
                if current.count + piece.count > 50 && !current.isEmpty { sections.append(current); current = "" }
                current += piece
            }
            if !current.isEmpty { sections.append(current) }
            for (index, section) in sections.enumerated() {
                result += index == 0 ? "; \(name)*0*=UTF-8''\(section)" : "; \(name)*\(index)*=\(section)"
            }
        }
        return result + simple(name, asciiFallback(clean))
    }

    /// A printable-ASCII approximation of `value`: diacritics stripped, anything else replaced by `_`.
    static func asciiFallback(_ value: String) -> String {
        let special: [Character: String] = ["ə": "e", "Ə": "E", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"]
        let mapped = value.map { special[$0] ?? String($0) }.joined()
        let folded = mapped.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        let ascii = String(String.UnicodeScalarView(folded.unicodeScalars.map { scalar in
            scalar.value >= 0x20 && scalar.value < 0x7F ? scalar : "_"
        }))
        let trimmed = ascii.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return "attachment" }
        // Keep the quoted fallback on one folded line (≤ 78): shorten, preserving a short extension.
        let limit = 56
        guard trimmed.count > limit else { return trimmed }
        let dot = trimmed.lastIndex(of: ".")
        let ext = dot.map { String(trimmed[$0...]) } ?? ""
        let keep = ext.count <= 10 ? ext : ""
        return String(trimmed.prefix(limit - keep.count)).trimmingCharacters(in: .whitespaces) + keep
    }
}
