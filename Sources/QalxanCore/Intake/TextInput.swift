/// Cleaning of text that people and programs type in.
public enum TextInput {
    /// Removes control characters that no text field should hold (NUL and the other C0
    /// controls but tab, line feed and carriage return; DEL; C1 controls), which
    /// PostgreSQL refuses or terminals misread. Everything else is kept as typed:
    /// escaping is the renderer's job, not the store's.
    public static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isDropped) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars where !isDropped(s) { scalars.append(s) }
        return String(scalars)
    }

    /// Clean and trim surrounding whitespace.
    public static func field(_ text: String?) -> String {
        clean(text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isDropped(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        default: false
        }
    }

    private static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// A name for an uploaded file that is safe to show and to offer for download:
    /// the last path component only, no control characters, no leading dots, at most
    /// 200 characters; `file` when nothing is left.
    public static func fileName(_ name: String) -> String {
        // Stricter than `clean`: a name goes into headers and lists, where a line break
        // or a tab has no place and a bidi override (U+202E) can disguise `exe` as `pdf`.
        let cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter {
            !(isDropped($0) || $0.value < 0x20 || isBidiControl($0))
        }))
        let last = cleaned.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var s = last.trimmingCharacters(in: .whitespaces)
        while s.hasPrefix(".") { s.removeFirst() }
        s = s.replacingOccurrences(of: "\"", with: "'")
        if s.count > 200 { s = String(s.prefix(200)) }
        return s.isEmpty ? "file" : s
    }

    /// Whether `email` looks like a deliverable address: one `@`, a non-empty local
    /// part, a domain with a dot, no spaces or angle brackets, at most 254 characters.
    public static func isEmail(_ email: String) -> Bool {
        guard email.count <= 254, !email.contains(where: { $0.isWhitespace || "<>()[],;:\"\\".contains($0) }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// Whether `phone` is a plausible telephone number: digits, spaces and `+ ( ) - .`,
    /// with 5 to 20 digits.
    public static func isPhone(_ phone: String) -> Bool {
        let digits = phone.filter(\.isASCII).filter(\.isNumber).count
        return (5...20).contains(digits) && phone.count <= 40
            && phone.allSatisfy { ($0.isASCII && $0.isNumber) || " +()-./".contains($0) }
    }
}

import Foundation
