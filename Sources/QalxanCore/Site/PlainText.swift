import Foundation

/// Shaping of plain text that the team publishes and signs (the RFC 2350 description,
/// security.txt): one normal form, and lines broken to a width without breaking words.
public enum PlainText {
    /// `text` in NFC with `\n` line ends, tabs expanded to spaces, no control characters,
    /// no byte-order mark, bidirectional controls or U+FFFE/U+FFFF, and no trailing white space on any
    /// line. Signed text must read the same in every viewer, and OpenPGP cleartext
    /// signatures ignore trailing white space anyway (RFC 9580 §7.2).
    public static func clean(_ text: String, tabWidth: Int = 4) -> String {
        var lines: [String] = []
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        func endLine() {
            lines.append(expandTabsAndTrim(String(scalars), tabWidth: tabWidth))
            scalars = String.UnicodeScalarView()
        }
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A:
                if !previousWasCR { endLine() }  // the LF of a CRLF
            case 0x0D, 0x85, 0x2028, 0x2029:
                endLine()
            case 0x09:
                scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0xFEFF, 0xFFFE, 0xFFFF, 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                scalars.append(scalar)
            }
        }
        endLine()
        // NFC again: removing a control character can bring a base letter and a combining
        // mark together.
        return lines.joined(separator: "\n").precomposedStringWithCanonicalMapping
    }

    /// `text` on one line: line breaks become spaces, runs of spaces one space, and the
    /// ends are trimmed. For titles and for the value of a field.
    public static func singleLine(_ text: String) -> String {
        clean(text).split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    private static func expandTabsAndTrim(_ line: String, tabWidth: Int) -> String {
        var out = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let spaces = tabWidth - column % tabWidth
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                out.append(character)
                column += 1
            }
        }
        while let last = out.last, last.isWhitespace { out.removeLast() }
        return out
    }

    /// The lines of `text` (cleaned), each broken at spaces so that it fits in `width`
    /// columns. The author's line breaks, blank lines and indentation are kept: postal
    /// addresses, telephone lists and key fingerprints are written line by line, and
    /// joining lines would spoil them. A word longer than `width` (a URL, an e-mail
    /// address, a fingerprint) is never broken: it stands on a line of its own. A list
    /// line (`- `, `* `, `• `, `1. `, `a) `) continues under the text after its marker.
    public static func wrap(_ text: String, width: Int = 72) -> [String] {
        clean(text).split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrapLine(String($0), width: width) }
    }

    /// One cleaned line broken at spaces to fit `width`; see `wrap`.
    static func wrapLine(_ line: String, width: Int) -> [String] {
        let characters = Array(line)
        guard characters.count > width else { return [line] }

        let lead = characters.prefix(while: { $0 == " " }).count
        let markerLength = listMarkerLength(characters[lead...])
        var prefixEnd = lead + markerLength
        if markerLength > 0 {
            while prefixEnd < characters.count, characters[prefixEnd] == " " { prefixEnd += 1 }
        }
        // A hanging indent wider than half the line leaves too little room: use the
        // line's own indentation then.
        let hang = prefixEnd <= width / 2 ? prefixEnd : (lead <= width / 2 ? lead : 0)
        let indent = String(repeating: " ", count: hang)

        // Words and the run of spaces before each; the prefix stays with the first word.
        var words: [(gap: Int, word: String)] = []
        var index = prefixEnd
        var gap = 0
        while index < characters.count {
            if characters[index] == " " {
                gap += 1
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end] != " " { end += 1 }
            words.append((gap, String(characters[index..<end])))
            gap = 0
            index = end
        }
        guard let first = words.first else { return [line] }

        var lines: [String] = []
        var current = String(characters[..<prefixEnd]) + String(repeating: " ", count: first.gap) + first.word
        var currentCount = current.count
        for (gap, word) in words.dropFirst() {
            let count = word.count
            if currentCount + gap + count <= width {
                current += String(repeating: " ", count: gap) + word
                currentCount += gap + count
            } else {
                lines.append(current)
                current = indent + word
                currentCount = hang + count
            }
        }
        lines.append(current)
        return lines
    }

    /// The length of a list marker at the start of `text` (`- `, `* `, `+ `, `• `, `– `,
    /// `12. `, `3) `, `a) `, `b. `) without the space after it, or 0.
    private static func listMarkerLength(_ text: ArraySlice<Character>) -> Int {
        let chars = Array(text.prefix(5))
        guard chars.count >= 2 else { return 0 }
        if ["-", "*", "+", "•", "–", "·"].contains(chars[0]), chars[1] == " " { return 1 }
        var digits = 0
        while digits < min(3, chars.count), chars[digits].isASCII, chars[digits].isNumber { digits += 1 }
        let stem = digits > 0 ? digits : (chars[0].isASCII && chars[0].isLowercase ? 1 : 0)
        guard stem > 0, stem + 1 < chars.count, [".", ")"].contains(chars[stem]), chars[stem + 1] == " "
        else { return 0 }
        return stem + 1
    }
}
