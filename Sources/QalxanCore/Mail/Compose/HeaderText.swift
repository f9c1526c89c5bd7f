import Foundation

/// Low-level helpers for producing safe, RFC 5322 compliant header text.
///
/// Every value that ends up in a header passes through ``sanitized(_:)`` so that
/// CR, LF and other control characters can never split a header line
/// (header injection is impossible by construction).
enum HeaderText {
    /// Preferred maximum header line length (RFC 5322 §2.1.1), excluding CRLF.
    static let preferredLineLength = 78
    /// Hard maximum line length (RFC 5322 §2.1.1), excluding CRLF.
    static let maximumLineLength = 998

    /// Removes CR, LF, NUL and other C0/DEL control characters except TAB (which becomes a space).
    static func sanitized(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(" ")
            case 0x00...0x1F, 0x7F, 0x85, 0x2028, 0x2029: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// A header field name restricted to printable ASCII without `:` or space (RFC 5322 §3.6.8).
    static func sanitizedFieldName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }))
    }

    /// Whether every scalar is printable ASCII (space included).
    static func isPrintableASCII(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// Renders `name: value` folded at existing whitespace so lines stay ≤ 78 characters where
    /// possible and never exceed 998. Returns the bytes including the trailing CRLF.
    ///
    /// With `structured` set, whitespace inside quoted strings is never used for folding (a long quoted
    /// string rather makes the line longer than 78, up to 998).
    static func renderField(name: String, value: String, structured: Bool = true) -> [UInt8] {
        let cleanName = sanitizedFieldName(name)
        let line = Array((cleanName + ": " + sanitized(value)).utf8)
        return fold(line, firstBreak: cleanName.utf8.count + 2, structured: structured)
    }

    /// Folds an unfolded header line (no CRLF) by inserting CRLF before whitespace at or after `firstBreak`
    /// (so the value never starts on a continuation line). Unfolding restores the original line exactly.
    static func fold(_ line: [UInt8], firstBreak: Int = 1, structured: Bool = false) -> [UInt8] {
        // Candidate break positions: whitespace outside quoted strings (when structured).
        var candidates: [Int] = []
        var inQuotes = false, escaped = false
        for (index, byte) in line.enumerated() {
            if structured {
                if escaped { escaped = false; continue }
                if inQuotes && byte == UInt8(ascii: "\\") { escaped = true; continue }
                if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            }
            if (byte == 0x20 || byte == 0x09) && !inQuotes && index >= firstBreak && index > 0 { candidates.append(index) }
        }
        var output: [UInt8] = []
        output.reserveCapacity(line.count + 16)
        var start = 0
        var next = 0  // index into candidates
        while line.count - start > preferredLineLength {
            while next < candidates.count && candidates[next] <= start { next += 1 }
            // Last candidate within the preferred limit, else the first one after it (if within 998).
            var chosen: Int? = nil
            var probe = next
            while probe < candidates.count && candidates[probe] - start <= preferredLineLength { chosen = candidates[probe]; probe += 1 }
            if chosen == nil, next < candidates.count, candidates[next] - start <= maximumLineLength { chosen = candidates[next] }
            guard let cut = chosen else {
                if line.count - start <= maximumLineLength { break }
                // Pathological token longer than 998: a hard break is the only compliant option.
                // Avoid splitting a UTF-8 sequence.
                var cut = start + maximumLineLength - 1
                while cut > start + 1 && (line[cut] & 0xC0) == 0x80 { cut -= 1 }
                output.append(contentsOf: line[start..<cut])
                output.append(contentsOf: [0x0D, 0x0A, 0x20])
                start = cut
                continue
            }
            output.append(contentsOf: line[start..<cut])
            output.append(contentsOf: [0x0D, 0x0A])
            start = cut
        }
        output.append(contentsOf: line[start...])
        output.append(contentsOf: [0x0D, 0x0A])
        return output
    }
}
