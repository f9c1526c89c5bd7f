import Foundation
import QalxanCore

/// Turns a Shadowserver CSV report into `FeedEvent`s, driven by one report of
/// `ShadowserverSchema`, streaming one record at a time over `CSVReader`.
///
/// Each data row becomes either an event or a `Problem` (line, catalog key, detail, the
/// raw record); a bad row never stops the run. Conversions follow IntelMQ's
/// `intelmq/bots/parsers/shadowserver/_config.py`; where IntelMQ would raise (a number
/// that is not a number) the row is a problem, where it returns None (an optional
/// `validate_ip` that fails, `validate_to_none` on `0`) the field is left out. Beyond
/// IntelMQ, impossible values are problems: a `*.port` outside 0–65535, a required
/// `*.ip` that is not an address, a `time.source` more than a day in the future.
public struct ShadowserverParser: FeedParser {
    /// A row that could not become an event.
    public typealias Problem = FeedProblem

    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.broken_quoting", "ingest.invalid_utf8", "ingest.column_count", "ingest.missing_field",
        "ingest.invalid_ip", "ingest.invalid_port", "ingest.invalid_number", "ingest.invalid_time",
        "ingest.future_time", "ingest.empty_file",
    ]

    /// The report type being read.
    public let report: ShadowserverSchema.Report
    /// `time.source` later than this is refused.
    public let latestAllowed: Double

    /// A parser for `report`; times more than a day after `now` are problems.
    public init(report: ShadowserverSchema.Report, now: Date = Date()) {
        self.report = report
        self.latestAllowed = now.timeIntervalSince1970 + 86_400
    }

    typealias Conversion = ShadowserverSchema.Conversion

    /// A class, so that walking the steps of every row retains one reference instead of
    /// copying two strings and an optional per step.
    final class Step {
        let field: String
        let column: String
        let index: Int?
        let conversion: Conversion?
        let kind: Kind
        /// Whether an empty cell still goes through the conversion (it reads other columns).
        let convertsEmpty: Bool
        enum Kind { case plain, port, ip }

        init(field: String, column: String, index: Int?, conversion: Conversion?, kind: Kind) {
            self.field = field
            self.column = column
            self.index = index
            self.conversion = conversion
            self.kind = kind
            switch conversion {
            case .categoryOrDetail?, .convertHTTPHostAndURL?: convertsEmpty = true
            default: convertsEmpty = false
            }
        }
    }

    /// Columns that `convert_http_host_and_url` and `category_or_detail` read beside their own.
    struct RowColumns {
        var ccDNS, httpHost, url, httpURL, application, detail: Int?
    }

    enum Converted {
        case value(String)
        case none
        case invalid(String, String)
    }

    /// What the header row fixes for every later row.
    final class Prepared: @unchecked Sendable {
        let required: [Step]
        let optional: [Step]
        let context: RowColumns
        let base: [String: String]
        let width: Int
        let constantsOverlap: Bool

        init(header: [String], report: ShadowserverSchema.Report) {
            var index: [String: Int] = [:]
            for (i, name) in header.enumerated() {
                let key = name.trimmingCharacters(in: .whitespaces)
                if index[key] == nil { index[key] = i }
            }
            func steps(_ ms: [ShadowserverSchema.Mapping]) -> [Step] {
                ms.compactMap { m in
                    guard !m.field.isEmpty else { return nil }
                    let kind: Step.Kind = m.field.hasSuffix(".port") ? .port : m.field.hasSuffix(".ip") ? .ip : .plain
                    return Step(field: m.field, column: m.column, index: index[m.column], conversion: m.conversion, kind: kind)
                }
            }
            required = steps(report.required)
            optional = steps(report.optional)
            context = RowColumns(ccDNS: index["cc_dns"], httpHost: index["http_host"], url: index["url"],
                                 httpURL: index["http_url"], application: index["application"], detail: index["detail"])
            var base: [String: String] = [:]
            for c in report.constants { base[c.field] = c.value }
            base["feed.name"] = report.feedName
            base["feed.provider"] = "Shadowserver"
            // Sized once here, so each row's copy keeps this layout instead of rehashing.
            base.reserveCapacity(base.count + required.count + optional.count)
            self.base = base
            width = header.count
            // Constants are written again after the columns only when some column can
            // overwrite one of them.
            let constantNames = Set(report.constants.map(\.field))
            constantsOverlap = (required + optional).contains { constantNames.contains($0.field) }
        }
    }

    var prepared: Prepared?
    var sawHeader = false

    /// CSV records.
    public var framing: FeedFraming { .csv }

    /// Parses one piece of the report (the first holds the header row), calling `body`
    /// once per data row, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        var reader = CSVReader(piece, delimiter: .comma).makeIterator()
        let offset = firstLine - 1
        if prepared == nil {
            guard let header = reader.next() else { return }
            sawHeader = true
            prepared = Prepared(header: header.fields, report: report)
        }
        let p = prepared!
        let required = p.required, optional = p.optional, context = p.context, base = p.base, width = p.width

        rows: while let row = reader.next() {
            let line = row.line + offset
            func problem(_ key: String, _ detail: String) {
                let raw = CSVWriter(guardFormulas: false, lineEnding: "").record(row.fields)
                body(.problem(Problem(line: line, key: key, detail: detail, raw: raw)))
            }
            if row.error != nil { problem("ingest.broken_quoting", "a quoted field is not closed properly"); continue }
            if row.lossy { problem("ingest.invalid_utf8", "the line is not valid UTF-8"); continue }
            if row.fields.count != width {
                problem("ingest.column_count", "\(row.fields.count) fields, the header has \(width)"); continue
            }
            var fields = base
            for step in required {
                guard let i = step.index else { problem("ingest.missing_field", "column \(step.column) is missing"); continue rows }
                switch convert(step, row.fields[i], row.fields, context) {
                case .value(let v): fields[step.field] = v
                case .none: problem("ingest.missing_field", "\(step.column) is empty or unusable: \"\(row.fields[i])\""); continue rows
                case .invalid(let key, let detail): problem(key, detail); continue rows
                }
            }
            for step in optional {
                guard let i = step.index else { continue }
                let text = row.fields[i]
                if text.isEmpty && !step.convertsEmpty { continue }
                switch convert(step, text, row.fields, context) {
                case .value(let v): fields[step.field] = v
                case .none: continue
                case .invalid(let key, let detail):
                    if step.kind == .ip { continue }  // optional addresses: dropped, as validate_ip does
                    problem(key, detail); continue rows
                }
            }
            // Constants describe the whole feed and win over a column of the same name.
            if p.constantsOverlap { for c in report.constants { fields[c.field] = c.value } }
            body(.event(FeedEvent(fields: fields), line: line))
        }
    }

    /// Reports an empty file.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        if !sawHeader {
            body(.problem(Problem(line: 1, key: "ingest.empty_file", detail: "no header row", raw: "")))
        }
    }

    func convert(_ step: Step, _ text: String, _ row: [String], _ c: RowColumns) -> Converted {
        let result = apply(step, text, row, c)
        guard case .value(let v) = result else { return result }
        switch step.kind {
        case .port:
            guard let n = Int(v), (0...65535).contains(n) else {
                return .invalid("ingest.invalid_port", "\(step.column) = \"\(text)\" is not a port (0–65535)")
            }
        case .ip:
            if step.conversion == nil, !FeedValues.isIP(v) {
                return .invalid("ingest.invalid_ip", "\(step.column) = \"\(text)\" is not an IP address")
            }
        case .plain: break
        }
        return result
    }

    func apply(_ step: Step, _ text: String, _ row: [String], _ c: RowColumns) -> Converted {
        guard let conversion = step.conversion else { return text.isEmpty ? .none : .value(text) }
        switch conversion {
        case .addUTCToTimestamp, .convertDateUTC, .convertDate:
            guard !text.isEmpty else { return .none }
            let isSourceTime: Bool
            if case .addUTCToTimestamp = conversion { isSourceTime = true } else { isSourceTime = false }
            guard let t = FeedTime.parse(text) else {
                // IntelMQ's sanitize returns None for optional dates it cannot read.
                return isSourceTime
                    ? .invalid("ingest.invalid_time", "\(step.column) = \"\(text)\" is not a time") : .none
            }
            if isSourceTime && t > latestAllowed {
                return .invalid("ingest.future_time", "\(step.column) = \"\(text)\" is in the future")
            }
            return .value(FeedTime.format(t))
        case .validateIP:
            if text.isEmpty || text == "0.0.0.0" || text.utf8.contains(0x2F) { return .none }
            guard let ip = FeedValues.canonicalIP(text) else {
                return .invalid("ingest.invalid_ip", "\(step.column) = \"\(text)\" is not an IP address")
            }
            return .value(ip)
        case .validateNetwork:
            guard text.utf8.contains(0x2F), let p = IPPrefix(text) else { return .none }
            return .value(p.description)
        case .validateFQDN:
            guard !text.isEmpty, let d = DomainName.normalise(text) else { return .none }
            return .value(d)
        case .convertInt:
            guard !text.isEmpty else { return .none }
            guard let n = FeedValues.int(text) else {
                return .invalid("ingest.invalid_number", "\(step.column) = \"\(text)\" is not a whole number")
            }
            return .value(String(n))
        case .invalidateZero:
            guard !text.isEmpty else { return .none }
            guard let n = FeedValues.int(text) else {
                return .invalid("ingest.invalid_number", "\(step.column) = \"\(text)\" is not a whole number")
            }
            return n == 0 ? .none : .value(String(n))
        case .convertFloat:
            guard !text.isEmpty else { return .none }
            guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else {
                return .invalid("ingest.invalid_number", "\(step.column) = \"\(text)\" is not a number")
            }
            return .value(String(d))
        case .convertBool:
            switch text.lowercased() {
            case "y", "yes", "true", "enabled", "1": return .value("true")
            case "n", "no", "false", "disabled", "0": return .value("false")
            default: return .none
            }
        case .validateToNone:
            return text.isEmpty || text == "0" || text == "unknown" ? .none : .value(text)
        case .forceBase64:
            guard !text.isEmpty else { return .none }
            return .value(FeedValues.isStrictBase64(text) ? text : Data(text.utf8).base64EncodedString())
        case .extractCVEFromTag:
            return FeedValues.cves(inTags: text).map(Converted.value) ?? .none
        case .categoryOrDetail:
            // The category when there is one, else the free-text detail.
            if !text.isEmpty { return .value(text) }
            if let d = c.detail, !row[d].isEmpty { return .value(row[d]) }
            return .none
        case .convertHTTPHostAndURL:
            let host = c.ccDNS.map { row[$0] } ?? c.httpHost.map { row[$0] } ?? ""
            var path = Substring(c.url.map { row[$0] } ?? c.httpURL.map { row[$0] } ?? "")
            if !host.isEmpty && !path.isEmpty {
                // Strip a leading request method and a trailing ` HTTP/1.1`.
                path = path[(path.firstIndex(of: "/") ?? path.endIndex)...]
                if let space = path.firstIndex(where: { $0 == " " || $0 == "\t" }) { path = path[..<space] }
                let app = c.application.map { row[$0] }
                let scheme = app == "http" || app == "https" ? app! : "http"
                return .value(scheme + "://" + host + path)
            }
            return text.isEmpty ? .none : .value(text)
        case .scanExchangeTaxonomy:
            return .value(text == "exchange;webshell" ? "intrusions" : "vulnerable")
        case .scanExchangeType:
            return .value(text == "exchange;webshell" ? "system-compromise" : "infected-system")
        case .scanExchangeIdentifier:
            return .value(text == "exchange;webshell" ? "exchange-server-webshell" : "vulnerable-exchange-server")
        }
    }
}
