import Foundation
import QalxanCore

/// Turns a CSV feed into events as a `FeedMapping` says: which columns hold which
/// harmonisation fields, which constants every event gets, how times are written.
///
/// Values are checked by their field's kind (`FeedFields.Kind`); times by the mapping's
/// time format, and a `time.source` more than a day ahead is a problem. Events with a
/// classification go through `FeedClassifier`. A column the mapping names but the header
/// lacks is reported once, at the header line, and then left out of every event (a
/// `required` field catches rows that then cannot be events).
public struct MappedCSVParser: FeedParser {
    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.broken_quoting", "ingest.invalid_utf8", "ingest.column_count", "ingest.missing_field",
        "ingest.invalid_ip", "ingest.invalid_port", "ingest.invalid_number", "ingest.invalid_network",
        "ingest.invalid_domain", "ingest.invalid_url", "ingest.invalid_value", "ingest.invalid_time",
        "ingest.future_time", "ingest.unknown_type", "ingest.empty_file",
    ]

    /// The mapping followed.
    public let mapping: FeedMapping
    /// `time.source` later than this is refused.
    public let latestAllowed: Double

    struct Step: Sendable {
        let field: String
        let kind: FeedFields.Kind
        let label: String
        var index: Int?
    }

    let base: [String: String]
    let classifies: Bool
    var steps: [Step]
    /// Whether the steps' indices are known (at once without a header, else after it).
    var ready: Bool
    var delimiter: CSVReader.Delimiter?
    var width: Int?
    var sawContent = false

    /// A parser following `mapping`; times more than a day after `now` are problems.
    public init(mapping: FeedMapping, now: Date = Date()) {
        self.mapping = mapping
        latestAllowed = now.timeIntervalSince1970 + 86_400
        var base: [String: String] = [:]
        for c in mapping.constants { base[c.field] = c.value }
        base.reserveCapacity(base.count + mapping.columns.count + 2)
        self.base = base
        classifies = mapping.columns.contains { $0.field.hasPrefix("classification.") }
            || base["classification.type"] != nil || base["classification.taxonomy"] != nil
        steps = mapping.columns.map { c in
            let index: Int? = if case .position(let n) = c.reference { n - 1 } else { nil }
            return Step(field: c.field, kind: FeedFields.kind(of: c.field), label: c.reference.description, index: index)
        }
        ready = !mapping.header
        switch mapping.delimiter {
        case .comma: delimiter = .comma
        case .semicolon: delimiter = .semicolon
        case .tab: delimiter = .tab
        case .auto: delimiter = nil
        }
    }

    /// CSV records.
    public var framing: FeedFraming { .csv }

    /// Parses one piece, calling `body` once per data row, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        if delimiter == nil {
            guard let found = detectDelimiter(piece, firstLine: firstLine) else { return }
            delimiter = found
        }
        let offset = firstLine - 1
        for row in CSVReader(piece, delimiter: delimiter!) {
            let line = row.line + offset
            if line <= mapping.skip { continue }
            if let c = mapping.comment, let first = row.fields.first, first.hasPrefix(c) { continue }
            sawContent = true
            func problem(_ key: String, _ detail: String) {
                body(.problem(.record(row.fields, line: line, key: key, detail: detail)))
            }
            if !ready {
                ready = true
                width = row.fields.count
                if let missing = resolve(header: row.fields) { problem("ingest.missing_field", missing) }
                continue
            }
            if row.error != nil { problem("ingest.broken_quoting", "a quoted field is not closed properly"); continue }
            if row.lossy { problem("ingest.invalid_utf8", "the line is not valid UTF-8"); continue }
            if width == nil { width = row.fields.count }
            guard row.fields.count == width else {
                let of = mapping.header ? "the header has" : "the first record has"
                problem("ingest.column_count", "\(row.fields.count) fields, \(of) \(width!)")
                continue
            }
            switch event(row.fields) {
            case .success(let e): body(.event(e, line: line))
            case .failure(let p): problem(p.key, p.detail)
            }
        }
    }

    /// Reports a file with no header or records at all.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        if !sawContent {
            let detail = mapping.header ? "no header row" : "no records"
            body(.problem(FeedProblem(line: 1, key: "ingest.empty_file", detail: detail, raw: "")))
        }
    }

    /// Finds each named column in the header; the detail of a problem naming the missing
    /// ones, or nil.
    mutating func resolve(header: [String]) -> String? {
        var exact: [String: Int] = [:], folded: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let key = FeedFields.trimmed(name)
            if exact[key] == nil { exact[key] = i }
            if folded[key.lowercased()] == nil { folded[key.lowercased()] = i }
        }
        var missing: [String] = []
        for (n, column) in mapping.columns.enumerated() {
            guard case .name(let name) = column.reference else { continue }
            steps[n].index = exact[name] ?? folded[name.lowercased()]
            if steps[n].index == nil { missing.append("\"\(name)\" (for \(column.field))") }
        }
        guard !missing.isEmpty else { return nil }
        return "the header has no column " + missing.joined(separator: ", ")
    }

    func event(_ cells: [String]) -> Result<FeedEvent, FeedRowFailure> {
        var f = base
        for step in steps {
            guard let i = step.index else { continue }
            guard i < cells.count else {
                return .failure(FeedRowFailure("ingest.column_count", "\(cells.count) fields, \(step.label) is missing"))
            }
            let text = cells[i]
            if text.isEmpty { continue }
            let value: FeedFields.Value
            if step.kind == .time {
                value = time(text, step: step)
            } else {
                value = FeedFields.normalise(text, kind: step.kind, label: step.label)
            }
            switch value {
            case .value(let v): f[step.field] = v
            case .none: continue
            case .invalid(let key, let detail): return .failure(FeedRowFailure(key, detail))
            }
        }
        for field in mapping.required where f[field] == nil {
            return .failure(FeedRowFailure("ingest.missing_field", "\(field) is required and the record gives none"))
        }
        var event = FeedEvent(fields: f)
        if classifies {
            do { try FeedClassifier.classify(&event) } catch {
                return .failure(FeedRowFailure(error.key, error.detail))
            }
        }
        return .success(event)
    }

    func time(_ text: String, step: Step) -> FeedFields.Value {
        if FeedFields.trimmed(text).isEmpty { return .none }
        guard let seconds = mapping.seconds(text) else {
            return .invalid(key: "ingest.invalid_time", detail: "\(step.label) = \"\(text)\" is not a time in the mapping's time_format")
        }
        if step.field == "time.source", seconds > latestAllowed {
            return .invalid(key: "ingest.future_time", detail: "\(step.label) = \"\(text)\" is in the future")
        }
        return .value(FeedTime.format(seconds))
    }

    /// The delimiter by `CSVReader`'s rule, from the first line that is neither skipped,
    /// blank nor a comment; nil when this piece has no such line.
    func detectDelimiter(_ piece: [UInt8], firstLine: Int) -> CSVReader.Delimiter? {
        var line = firstLine
        var start = 0
        if firstLine == 1, piece.starts(with: CSVReader.bom) { start = 3 }
        let comment = mapping.comment.map { Array($0.utf8) }
        while start < piece.count {
            let end = piece[start...].firstIndex(of: 0x0A) ?? piece.count
            let text = piece[start..<end]
            defer { line += 1; start = end + 1 }
            if line <= mapping.skip { continue }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if let c = comment, text.starts(with: c) { continue }
            switch CSVReader(Array(text), delimiter: .detect).delimiter {
            case CSVReader.semicolon: return .semicolon
            case CSVReader.tab: return .tab
            default: return .comma
            }
        }
        return nil
    }
}
