import Foundation

/// Reads CSV (RFC 4180) record by record, as spreadsheets write it: quoted fields with
/// `""` for a quote, line breaks inside quotes, CRLF, LF or CR line ends, an optional
/// UTF-8 byte order mark, `,` or `;` between fields.
///
/// The reader keeps the bytes it was given and decodes one record per `next()`, so a
/// large file is held once, not once as bytes and again as strings. Completely empty
/// lines are skipped; a line of delimiters only (`;;;`) is a record of empty fields.
/// Invalid UTF-8 is replaced by U+FFFD and the record is marked `lossy`.
public struct CSVReader: Sequence, Sendable {
    /// The field separator, or `.detect` to pick `,`, `;` or tab from the first line.
    public enum Delimiter: Sendable, Equatable {
        case comma, semicolon, tab, detect
    }

    /// Why a record could not be read as written.
    public enum RowError: Sendable, Equatable {
        /// A quoted field does not close on its line, and either never closes or closes
        /// on a later line with text after the quote (another field's opening quote, most
        /// likely).
        case unterminatedQuote
        /// A quoted field closes and text follows on the same line (`"ab"c`).
        case textAfterQuote
    }

    /// One record.
    public struct Row: Sendable, Equatable {
        /// The fields, decoded as UTF-8.
        public var fields: [String]
        /// The 1-based line on which the record starts.
        public var line: Int
        /// Set when the record is malformed; `fields` then holds what was read up to the
        /// bad field, and that field as the raw rest of its line.
        public var error: RowError?
        /// Whether some field was not valid UTF-8 and had bytes replaced.
        public var lossy: Bool

        /// A record as the reader produces it.
        public init(fields: [String], line: Int, error: RowError? = nil, lossy: Bool = false) {
            self.fields = fields
            self.line = line
            self.error = error
            self.lossy = lossy
        }
    }

    enum Storage: Sendable {
        case array([UInt8])
        case data(Data)
    }

    let storage: Storage
    let start: Int
    /// The delimiter in use, after detection.
    public let delimiter: UInt8

    /// A reader over `bytes`; `.detect` looks at the first line only.
    public init(_ bytes: [UInt8], delimiter: Delimiter = .comma) {
        let start = bytes.starts(with: CSVReader.bom) ? 3 : 0
        self.storage = .array(bytes)
        self.start = start
        self.delimiter = bytes.withUnsafeBufferPointer { CSVReader.resolve(delimiter, $0, from: start) }
    }

    /// A reader over `data`, without copying it into an array.
    public init(_ data: Data, delimiter: Delimiter = .comma) {
        let start = data.starts(with: CSVReader.bom) ? 3 : 0
        self.storage = .data(data)
        self.start = start
        self.delimiter = data.withUnsafeBytes { CSVReader.resolve(delimiter, $0.bindMemory(to: UInt8.self), from: start) }
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let tab = UInt8(ascii: "\t")

    /// Excel writes `;` where the decimal separator is `,` (az, ru, tr, de…), and tabs
    /// when saving "Unicode text", so the separator that occurs most often outside quotes
    /// on the first line wins, `,` on a tie.
    static func resolve(_ delimiter: Delimiter, _ p: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        switch delimiter {
        case .comma: return comma
        case .semicolon: return semicolon
        case .tab: return tab
        case .detect:
            var commas = 0, semicolons = 0, tabs = 0, quoted = false, seenText = false
            var i = start
            while i < p.count {
                let c = p[i]
                if c == quote { quoted.toggle() }
                else if !quoted && (c == lf || c == cr) { if seenText { break } }
                else if !quoted && c == comma { commas += 1 }
                else if !quoted && c == semicolon { semicolons += 1 }
                else if !quoted && c == tab { tabs += 1 }
                if c != lf && c != cr { seenText = true }
                i += 1
            }
            if tabs > commas && tabs > semicolons { return tab }
            return semicolons > commas ? semicolon : comma
        }
    }

    /// Walks the records in order.
    public func makeIterator() -> Iterator {
        Iterator(storage: storage, delimiter: delimiter, position: start)
    }

    /// Walks the records in order; see `CSVReader`.
    public struct Iterator: IteratorProtocol {
        let storage: Storage
        let delimiter: UInt8
        var position: Int
        var line = 1
        var scratch: [UInt8] = []
        /// Fields in the previous record, to size the next one's array up front.
        var lastWidth = 0

        init(storage: Storage, delimiter: UInt8, position: Int) {
            self.storage = storage
            self.delimiter = delimiter
            self.position = position
        }

        /// The next record, or nil at the end of the input.
        public mutating func next() -> Row? {
            switch storage {
            case .array(let bytes):
                return bytes.withUnsafeBufferPointer { record(in: $0) }
            case .data(let data):
                return data.withUnsafeBytes { record(in: $0.bindMemory(to: UInt8.self)) }
            }
        }

        private mutating func record(in p: UnsafeBufferPointer<UInt8>) -> Row? {
            let n = p.count
            while position < n, p[position] == CSVReader.lf || p[position] == CSVReader.cr {
                skipLineEnd(p)
            }
            guard position < n else { return nil }
            var row = Row(fields: [], line: line)
            row.fields.reserveCapacity(Swift.max(lastWidth, 8))
            defer { lastWidth = row.fields.count }
            while true {
                if p[safe: position] == CSVReader.quote {
                    let openPosition = position
                    let openLine = line
                    guard readQuoted(p) else {
                        recover(p, row: &row, from: openPosition, line: openLine, error: .unterminatedQuote)
                        return row
                    }
                    if position < n, p[position] != delimiter, p[position] != CSVReader.lf, p[position] != CSVReader.cr {
                        // Closed on a later line by some other field's quote: the real
                        // fault is the quote on the opening line that was never closed.
                        recover(p, row: &row, from: openPosition, line: openLine,
                                error: line == openLine ? .textAfterQuote : .unterminatedQuote)
                        return row
                    }
                    row.fields.append(scratch.withUnsafeBufferPointer { decode($0, lossy: &row.lossy) })
                } else {
                    let s = position
                    while position < n {
                        let c = p[position]
                        if c == delimiter || c == CSVReader.lf || c == CSVReader.cr { break }
                        position += 1
                    }
                    row.fields.append(position == s ? "" : decode(UnsafeBufferPointer(rebasing: p[s..<position]), lossy: &row.lossy))
                }
                if position >= n { return row }
                if p[position] == delimiter {
                    position += 1
                    continue
                }
                skipLineEnd(p)
                return row
            }
        }

        /// Reads a quoted field starting at its opening quote into `scratch`; false when
        /// the input ends first.
        private mutating func readQuoted(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = p.count
            position += 1
            scratch.removeAll(keepingCapacity: true)
            var segment = position
            while position < n {
                let c = p[position]
                if c == CSVReader.quote {
                    scratch.append(contentsOf: p[segment..<position])
                    if position + 1 < n, p[position + 1] == CSVReader.quote {
                        scratch.append(CSVReader.quote)
                        position += 2
                        segment = position
                        continue
                    }
                    position += 1
                    return true
                }
                // CRLF counts once, at its LF.
                if c == CSVReader.lf || (c == CSVReader.cr && p[safe: position + 1] != CSVReader.lf) { line += 1 }
                position += 1
            }
            return false
        }

        /// A bad quote would otherwise swallow every following line up to the next quote
        /// (or the end of the file) into one field. Instead the record ends with the raw
        /// rest of the line where the quote opened, and reading resumes on the next line.
        /// Every later opening quote then starts its own run of quotes and is read alone,
        /// so the whole file is still read in linear time.
        private mutating func recover(_ p: UnsafeBufferPointer<UInt8>, row: inout Row, from openPosition: Int,
                                      line openLine: Int, error: RowError) {
            var end = openPosition
            while end < p.count, p[end] != CSVReader.lf, p[end] != CSVReader.cr { end += 1 }
            row.fields.append(decode(UnsafeBufferPointer(rebasing: p[openPosition..<end]), lossy: &row.lossy))
            row.error = error
            position = end
            line = openLine
            if position < p.count { skipLineEnd(p) }
        }

        private mutating func skipLineEnd(_ p: UnsafeBufferPointer<UInt8>) {
            if p[position] == CSVReader.cr, p[safe: position + 1] == CSVReader.lf { position += 1 }
            position += 1
            line += 1
        }

        /// The field's text; ASCII (nearly every field in a feed) skips straight to the
        /// non-generic decoding path, anything else is validated and repaired if need be.
        @inline(__always)
        private func decode(_ bytes: UnsafeBufferPointer<UInt8>, lossy: inout Bool) -> String {
            if bytes.isEmpty { return "" }
            if !CSVReader.isASCII(bytes) {
                if let s = String(validating: bytes, as: UTF8.self) { return s }
                lossy = true
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension CSVReader {
    /// Whether every byte is below 0x80, eight bytes at a time where possible.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        var acc: UInt64 = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < n { tail |= base[i]; i += 1 }
        return acc & 0x8080_8080_8080_8080 == 0 && tail & 0x80 == 0
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The byte at `i`, or nil past the end, so look-ahead needs no separate bounds test.
    fileprivate subscript(safe i: Int) -> UInt8? {
        i < count ? self[i] : nil
    }
}

/// Writes CSV that spreadsheets open as intended: fields quoted only when needed, and
/// values a spreadsheet would run as a formula made inert.
public struct CSVWriter: Sendable {
    /// The field separator.
    public var delimiter: Character
    /// Whether to put `'` in front of values that start like a formula (OWASP "CSV
    /// injection"): a cell such as `=HYPERLINK(…)` typed into a report by an outsider
    /// must not run when a staff member opens the export.
    public var guardFormulas: Bool
    /// The record separator; RFC 4180 says CRLF.
    public var lineEnding: String

    /// A writer; by default comma-separated, CRLF, formulas guarded.
    public init(delimiter: Character = ",", guardFormulas: Bool = true, lineEnding: String = "\r\n") {
        self.delimiter = delimiter
        self.guardFormulas = guardFormulas
        self.lineEnding = lineEnding
    }

    /// One field, guarded and quoted as needed.
    public func field(_ value: String) -> String {
        var v = value
        if guardFormulas && CSVWriter.needsGuard(value) { v = "'" + v }
        let d = delimiter.unicodeScalars.first
        let scalars = v.unicodeScalars
        // Edge spaces are quoted because some spreadsheets trim unquoted ones.
        let needsQuotes = scalars.contains(where: { $0 == d || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || scalars.first == " " || scalars.last == " " || scalars.first == "\t" || scalars.last == "\t"
        guard needsQuotes else { return v }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One record followed by the line end.
    public func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(delimiter)) + lineEnding
    }

    /// Several records.
    public func write(_ rows: [[String]]) -> String {
        rows.map(record).joined()
    }

    /// Whether a spreadsheet would take `value` for a formula. Plain numbers such as
    /// `-5` or `+3.5` are not guarded: they evaluate to themselves and a `'` would turn
    /// them into text.
    public static func looksLikeFormula(_ value: String) -> Bool {
        formulaByte(value.utf8[...]) && !isPlainNumber(value.utf8[...])
    }

    /// Whether the first byte is `= + - @`, tab or CR.
    static func formulaByte(_ bytes: Substring.UTF8View) -> Bool {
        guard let b = bytes.first else { return false }
        return b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@") || b == 0x09 || b == 0x0D
    }

    /// Values that already start with guards and then a formula character (`'=1`) get one
    /// more, so that `unguarded` gives back exactly what was written.
    static func needsGuard(_ value: String) -> Bool {
        let rest = value.utf8.drop(while: { $0 == UInt8(ascii: "'") })
        return formulaByte(rest) && !isPlainNumber(rest)
    }

    /// The value as it was before `field` guarded it: one `'` removed when only guards
    /// and then a formula character follow. Readers of files this writer produced call it
    /// on every field.
    public static func unguarded(_ value: String) -> String {
        guard value.hasPrefix("'"), needsGuard(value) else { return value }
        return String(value.dropFirst())
    }

    /// Sign, digits, and at most one `.` or `,` with digits after it.
    static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0, separators = 0, afterSeparator = 0
        for (i, b) in bytes.enumerated() {
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && i == 0 { continue }
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                if separators > 0 { afterSeparator += 1 }
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && digits > 0 && separators == 0 {
                separators = 1
            } else {
                return false
            }
        }
        return digits > 0 && (separators == 0 || afterSeparator > 0)
    }
}
