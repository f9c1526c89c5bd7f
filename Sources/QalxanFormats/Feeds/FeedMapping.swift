import Foundation

/// How to read a CSV feed that has no parser of its own: written by hand by the team, one
/// setting a line, and read by `MappedCSVParser`.
///
/// ```
/// # CERT-XY botnet feed
/// delimiter = ;
/// header = yes
/// skip = 2
/// comment = #
/// time_format = %d.%m.%Y %H:%M:%S
/// timezone = +04:00
/// column timestamp = time.source
/// column ip = source.ip
/// column 3 = source.port
/// column "malware family" = malware.name
/// constant feed.name = CERT-XY Botnet
/// constant classification.type = infected-system
/// required = source.ip, time.source
/// ```
///
/// Lines are `setting = value`, `column <name or 1-based number> = <field>` or
/// `constant <field> = <value>`; `#` starts a comment line (only at the start, since
/// values such as `comment = #` may hold one); blank lines are ignored. Settings:
/// - `delimiter`: `,` `;` `tab` or `auto` (the commonest of the three on the header
///   line; the default);
/// - `header`: `yes` (the default) or `no`; columns are named only when there is one;
/// - `skip`: lines before the header (or the first record) to ignore, default 0;
/// - `comment`: a prefix that marks lines to ignore, none by default;
/// - `time_format`: `auto` (the forms `FeedTime.parse` reads; the default), `unix`
///   (seconds), `unix_ms` (milliseconds) or a pattern (`FeedTimePattern`);
/// - `timezone`: the offset of times that carry none (`+04:00`, `-0500`, `UTC`), default UTC;
/// - `required`: comma-separated fields a record must end up with, or it is a problem.
///
/// Fields must be IntelMQ harmonisation fields (`FeedFields.known`) or `extra.*`; their
/// values are checked by the field's kind (`FeedFields.Kind`). Each field comes from one
/// column or one constant. Errors name the line and what is wrong.
public struct FeedMapping: Sendable, Equatable {
    /// The field separator.
    public enum Delimiter: String, Sendable, Equatable {
        case comma, semicolon, tab, auto
    }

    /// How times are written.
    public enum TimeFormat: Sendable, Equatable {
        /// The forms `FeedTime.parse` reads (ISO 8601 variants, HTTP dates).
        case auto
        /// Seconds since 1970, possibly with a fraction.
        case unix
        /// Milliseconds since 1970.
        case unixMilliseconds
        /// A strftime-like pattern.
        case pattern(FeedTimePattern)
    }

    /// Where a column is found.
    public enum ColumnReference: Sendable, Equatable, CustomStringConvertible {
        /// By position, 1-based as written in the mapping.
        case position(Int)
        /// By header name.
        case name(String)

        /// The reference as a problem's detail names it.
        public var description: String {
            switch self {
            case .position(let n): "column \(n)"
            case .name(let s): "column \"\(s)\""
            }
        }
    }

    /// A `column` line.
    public struct Column: Sendable, Equatable {
        /// The column read.
        public let reference: ColumnReference
        /// The field written.
        public let field: String
    }

    /// A `constant` line, its value already normalised.
    public struct Constant: Sendable, Equatable {
        /// The field written.
        public let field: String
        /// Its value.
        public let value: String
    }

    /// What is wrong with a mapping, and on which line (0: the mapping as a whole).
    public struct Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        /// The 1-based line, or 0.
        public let line: Int
        /// What is wrong, in English.
        public let message: String

        /// The catalog key for showing the error.
        public var key: String { "ingest.error.mapping" }

        /// The values of the catalog text's `{line}` and `{message}`.
        public var values: [String: String] { ["line": String(line), "message": message] }

        /// `line 4: …`.
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// The field separator.
    public var delimiter: Delimiter = .auto
    /// Whether the first record (after `skip`) names the columns.
    public var header = true
    /// Lines to ignore at the start.
    public var skip = 0
    /// A prefix of lines to ignore.
    public var comment: String?
    /// How times are written.
    public var timeFormat: TimeFormat = .auto
    /// Seconds east of UTC of times that carry no zone.
    public var timezoneOffset = 0
    /// The `column` lines, in order.
    public var columns: [Column] = []
    /// The `constant` lines, in order.
    public var constants: [Constant] = []
    /// Fields every event must have.
    public var required: [String] = []

    /// An empty mapping (every setting at its default, no columns).
    public init() {}

    static let settings = ["delimiter", "header", "skip", "comment", "time_format", "timezone", "required"]

    /// Reads a mapping; see the type's documentation for the syntax.
    public static func parse(_ text: String) throws(FeedMapping.Error) -> FeedMapping {
        var m = FeedMapping()
        var seenSettings: Set<String> = []
        var fieldLines: [String: Int] = [:]
        var namedColumnLine: Int?
        var requiredLine = 0
        var lineNumber = 0
        // `\r\n` is one Character in Swift, so splitting on "\n" alone would keep a file
        // saved on Windows in one piece.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = lineNumber
            var s = Substring(rawLine)
            if line == 1, s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
            s = trim(s)
            if s.isEmpty || s.hasPrefix("#") { continue }
            func fail(_ message: String) -> FeedMapping.Error { FeedMapping.Error(line: line, message: message) }
            func claim(_ field: String) throws(FeedMapping.Error) {
                guard FeedFields.isKnown(field) else {
                    throw fail("\"\(field)\" is not a harmonisation field (see FeedFields.known) nor extra.*")
                }
                if let earlier = fieldLines[field] { throw fail("\(field) is already set on line \(earlier)") }
                fieldLines[field] = line
            }

            if let rest = keyword("column", s) {
                let reference: ColumnReference
                var afterName: Substring
                if rest.hasPrefix("\"") {
                    guard let close = rest.dropFirst().firstIndex(of: "\"") else { throw fail("the column name's quote is not closed") }
                    let name = String(rest[rest.index(after: rest.startIndex)..<close])
                    guard !name.isEmpty else { throw fail("the column name is empty") }
                    reference = .name(name)
                    afterName = trim(rest[rest.index(after: close)...])
                } else {
                    guard let eq = rest.firstIndex(of: "=") else { throw fail("expected `column <name or number> = <field>`") }
                    let name = trim(rest[..<eq])
                    guard !name.isEmpty else { throw fail("the column has no name or number") }
                    if name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber) {
                        guard let n = Int(name), n >= 1 else { throw fail("column numbers start at 1") }
                        reference = .position(n)
                    } else {
                        reference = .name(String(name))
                    }
                    afterName = rest[eq...]
                }
                guard afterName.hasPrefix("=") else { throw fail("expected `=` after the column") }
                let field = String(trim(afterName.dropFirst()))
                guard !field.isEmpty else { throw fail("the column is mapped to no field") }
                try claim(field)
                if case .name = reference, namedColumnLine == nil { namedColumnLine = line }
                m.columns.append(Column(reference: reference, field: field))
                continue
            }

            guard let eq = s.firstIndex(of: "=") else { throw fail("expected `setting = value`, `column … = field` or `constant field = value`") }
            let left = trim(s[..<eq])
            let value = String(trim(s[s.index(after: eq)...]))

            if let fieldText = keyword("constant", left) {
                let field = String(fieldText)
                try claim(field)
                guard !value.isEmpty else { throw fail("the constant \(field) has no value") }
                switch FeedFields.normalise(value, kind: FeedFields.kind(of: field), label: field) {
                case .value(let v): m.constants.append(Constant(field: field, value: v))
                case .none: throw fail("the constant \(field) has no value")
                case .invalid(_, let detail): throw fail(detail)
                }
                continue
            }

            let setting = left.lowercased()
            guard settings.contains(setting) else {
                throw fail("unknown setting \"\(left)\" (known: \(settings.joined(separator: ", ")), column, constant)")
            }
            guard seenSettings.insert(setting).inserted else { throw fail("\(setting) is set twice") }
            switch setting {
            case "delimiter":
                switch value.lowercased() {
                case ",", "comma": m.delimiter = .comma
                case ";", "semicolon": m.delimiter = .semicolon
                case "tab", "\\t": m.delimiter = .tab
                case "auto": m.delimiter = .auto
                default: throw fail("delimiter must be `,`, `;`, `tab` or `auto`, not \"\(value)\"")
                }
            case "header":
                switch value.lowercased() {
                case "yes", "true", "1": m.header = true
                case "no", "false", "0": m.header = false
                default: throw fail("header must be `yes` or `no`, not \"\(value)\"")
                }
            case "skip":
                guard let n = FeedValues.int(value), n >= 0 else { throw fail("skip must be a number of lines, not \"\(value)\"") }
                m.skip = n
            case "comment":
                m.comment = value.isEmpty || value.lowercased() == "none" ? nil : value
            case "time_format":
                switch value.lowercased() {
                case "auto": m.timeFormat = .auto
                case "unix": m.timeFormat = .unix
                case "unix_ms": m.timeFormat = .unixMilliseconds
                default:
                    guard value.contains("%") else {
                        throw fail("time_format must be `auto`, `unix`, `unix_ms` or a pattern with %Y, %m, %d…, not \"\(value)\"")
                    }
                    do { m.timeFormat = .pattern(try FeedTimePattern(value)) } catch {
                        throw fail("time_format: \(error.reason)")
                    }
                }
            case "timezone":
                guard let offset = zoneOffset(value) else {
                    throw fail("timezone must be an offset such as +04:00, -0500 or UTC, not \"\(value)\"")
                }
                m.timezoneOffset = offset
            default: // required
                let fields = value.split(separator: ",").map { String(trim($0)) }.filter { !$0.isEmpty }
                guard !fields.isEmpty else { throw fail("required names no field") }
                for f in fields where !FeedFields.isKnown(f) {
                    throw fail("required: \"\(f)\" is not a harmonisation field nor extra.*")
                }
                m.required = fields
                requiredLine = line
            }
        }
        guard !m.columns.isEmpty else { throw FeedMapping.Error(line: 0, message: "the mapping has no `column` line") }
        if !m.header, let line = namedColumnLine {
            throw FeedMapping.Error(line: line, message: "columns can be named only when `header = yes`; use the column's number")
        }
        for f in m.required where fieldLines[f] == nil {
            throw FeedMapping.Error(line: requiredLine, message: "required: \(f) is set by no column or constant")
        }
        return m
    }

    /// The rest of `s` after `word` and white space, or nil when `s` does not start with
    /// that word.
    static func keyword(_ word: String, _ s: Substring) -> Substring? {
        guard s.count > word.count, s.lowercased().hasPrefix(word) else { return nil }
        let rest = s.dropFirst(word.count)
        guard let f = rest.first, f == " " || f == "\t" else { return nil }
        return trim(rest)
    }

    static func trim(_ s: Substring) -> Substring {
        var t = s
        while let f = t.first, f == " " || f == "\t" || f == "\r" { t = t.dropFirst() }
        while let l = t.last, l == " " || l == "\t" || l == "\r" { t = t.dropLast() }
        return t
    }

    /// `UTC`, `Z`, `+04:00`, `+0400`, `-05` → seconds east of UTC.
    static func zoneOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { return nil }
        var i = bytes.startIndex
        guard let offset = FeedTime.zone(bytes, &i), i == bytes.endIndex else { return nil }
        return Int(offset)
    }

    /// Seconds since 1970 for a time written as this mapping says, or nil.
    public func seconds(_ text: String) -> Double? {
        let t = FeedFields.trimmed(text)
        switch timeFormat {
        case .auto:
            guard let s = FeedTime.parse(t) else { return nil }
            return FeedMapping.hasZone(t) ? s : s - Double(timezoneOffset)
        case .unix:
            if let n = FeedValues.int(t) { return Double(n) }
            guard let d = Double(t), d.isFinite else { return nil }
            return d
        case .unixMilliseconds:
            if let n = FeedValues.int(t) { return Double(n) / 1000 }
            guard let d = Double(t), d.isFinite else { return nil }
            return d / 1000
        case .pattern(let p):
            return t.utf8.withContiguousStorageIfAvailable { p.seconds(ArraySlice($0), defaultOffset: timezoneOffset) }
                ?? p.seconds(ArraySlice(t.utf8), defaultOffset: timezoneOffset)
        }
    }

    /// Whether a time `FeedTime.parse` read names its zone: an HTTP date always does; an
    /// ISO time does when a `Z`, `UTC`, `GMT` or a sign follows the date.
    static func hasZone(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard let first = u.first, first >= 0x30, first <= 0x39 else { return true }
        guard u.count > 10 else { return false }
        return u[10...].contains { b in
            b == 0x2B || b == 0x2D || b | 0x20 == 0x7A || b | 0x20 == 0x75 || b | 0x20 == 0x67
        }
    }
}
