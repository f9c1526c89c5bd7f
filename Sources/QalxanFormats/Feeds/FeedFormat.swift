import Foundation

/// The feed formats Qalxan reads, and the one place that makes the parser for a file.
public enum FeedFormat: String, CaseIterable, Sendable {
    /// Shadowserver CSV reports, read with Shadowserver's report schema.
    case shadowserver
    /// abuse.ch URLhaus CSV dumps.
    case urlhaus
    /// abuse.ch Feodo Tracker botnet C2 IP blocklist (CSV).
    case feodo
    /// abuse.ch ThreatFox IOC export (CSV).
    case threatfox
    /// Spamhaus DROP, EDROP and DROPv6, as text or JSON lines.
    case spamhausDROP = "spamhaus-drop"
    /// Any CSV, read with a hand-written `FeedMapping`.
    case csv
    /// IntelMQ events as JSON lines (IntelMQ's file output).
    case intelmq

    /// Why no parser could be made for a file.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// A Shadowserver report was given but no report schema.
        case noSchema(file: String)
        /// No Shadowserver report type matches the name given or the file name.
        case unknownReport(file: String, type: String)
        /// A generic CSV was given without a mapping.
        case noMapping(file: String)
        /// Neither the file name nor its first bytes tell the format.
        case unknownFormat(file: String)
        /// A format name (`--format`) that is not one of `FeedFormat`'s.
        case unknownFormatName(String)

        /// The message catalog key.
        public var key: String {
            switch self {
            case .noSchema: "ingest.error.no_schema"
            case .unknownReport: "ingest.error.unknown_report"
            case .noMapping: "ingest.error.no_mapping"
            case .unknownFormat: "ingest.error.unknown_format"
            case .unknownFormatName: "ingest.error.unknown_format_name"
            }
        }

        /// The values of the catalog text's `{file}`, `{type}`, `{name}`, `{formats}`.
        public var values: [String: String] {
            switch self {
            case .noSchema(let f), .noMapping(let f), .unknownFormat(let f): ["file": f]
            case .unknownReport(let f, let t): ["file": f, "type": t]
            case .unknownFormatName(let n): ["name": n, "formats": FeedFormat.names]
            }
        }

        /// An English message naming the file.
        public var description: String {
            switch self {
            case .noSchema(let f):
                "\(f): a Shadowserver report needs Shadowserver's report schema (intelmq.json)"
            case .unknownReport(let f, let t):
                "\(f): unknown Shadowserver report type \"\(t)\""
            case .noMapping(let f):
                "\(f): a generic CSV feed needs a mapping file"
            case .unknownFormat(let f):
                "\(f): the feed format cannot be told from the file name or its content; name it (\(FeedFormat.names))"
            case .unknownFormatName(let n):
                "unknown feed format \"\(n)\" (known: \(FeedFormat.names))"
            }
        }
    }

    /// The format names, comma-separated.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Every problem key the format's parser produces.
    public var problemKeys: [String] {
        switch self {
        case .shadowserver: ShadowserverParser.problemKeys
        case .urlhaus: URLhausParser.problemKeys
        case .feodo: FeodoParser.problemKeys
        case .threatfox: ThreatFoxParser.problemKeys
        case .spamhausDROP: SpamhausDROPParser.problemKeys
        case .csv: MappedCSVParser.problemKeys
        case .intelmq: IntelMQJSONParser.problemKeys
        }
    }

    /// The format called `name` (its raw value, ignoring case; `drop`, `edrop`,
    /// `spamhaus`, `json`, `jsonl` are accepted too).
    public static func named(_ name: String) throws(Failure) -> FeedFormat {
        let n = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let f = FeedFormat(rawValue: n) { return f }
        switch n {
        case "drop", "edrop", "spamhaus", "spamhaus_drop": return .spamhausDROP
        case "json", "jsonl", "intelmq-json": return .intelmq
        case "urlhaus-csv": return .urlhaus
        case "feodotracker", "feodo-tracker": return .feodo
        case "mapped-csv", "generic-csv": return .csv
        default: throw .unknownFormatName(name)
        }
    }

    /// A parser for `fileName` in `format`. Shadowserver needs `schema`, and takes the
    /// report type from `report` (a schema key, file name or feed name) or else from the
    /// file name; `csv` needs `mapping`; Spamhaus takes the list (DROP, EDROP, DROPv6)
    /// from the file name. Times more than a day after `now` are problems.
    public static func parser(format: FeedFormat, fileName: String, schema: ShadowserverSchema? = nil,
                              report: String? = nil, mapping: FeedMapping? = nil,
                              now: Date = Date()) throws(Failure) -> any FeedParser {
        switch format {
        case .shadowserver:
            guard let schema else { throw .noSchema(file: fileName) }
            do {
                let r = try report.map { try schema.reportOrThrow(named: $0, file: fileName) }
                    ?? schema.detectOrThrow(fileName: fileName)
                return ShadowserverParser(report: r, now: now)
            } catch let ShadowserverSchema.SchemaError.unknownReport(file, type) {
                throw .unknownReport(file: file, type: type)
            } catch {
                throw .unknownReport(file: fileName, type: report ?? fileName)
            }
        case .urlhaus: return URLhausParser(now: now)
        case .feodo: return FeodoParser(now: now)
        case .threatfox: return ThreatFoxParser(now: now)
        case .spamhausDROP: return SpamhausDROPParser(list: .detect(fileName: fileName), now: now)
        case .csv:
            guard let mapping else { throw .noMapping(file: fileName) }
            return MappedCSVParser(mapping: mapping, now: now)
        case .intelmq: return IntelMQJSONParser(now: now)
        }
    }

    /// The format of a file judged by its name, then by its first bytes (a few KB are
    /// plenty); nil when neither tells. `csv` is never guessed: it needs a mapping.
    ///
    /// Names: Shadowserver's `2026-11-22-scan_http-….csv`; `urlhaus`; `feodo` or
    /// `ipblocklist`; `threatfox`; `drop`, `edrop`, `drop_v4`, `drop_v6`, `dropv6` as a
    /// word. Content: `{` starts JSON (Spamhaus when the first object has a `cidr` member, IntelMQ
    /// otherwise); `; Spamhaus` starts a DROP list; the abuse.ch banners name their feed.
    /// A `.json`, `.jsonl` or `.ndjson` name with no telling content is IntelMQ.
    public static func guess(fileName: String, firstBytes: [UInt8]) -> FeedFormat? {
        var base = Substring(fileName.lowercased())
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        if base.hasSuffix(".gz") { base = base.dropLast(3) }
        if isShadowserverName(base) { return .shadowserver }
        if base.contains("urlhaus") { return .urlhaus }
        if base.contains("feodo") || base.contains("ipblocklist") { return .feodo }
        if base.contains("threatfox") { return .threatfox }
        let words = base.split { !($0.isLetter || $0.isNumber) }
        for (i, w) in words.enumerated() {
            if w == "edrop" || w == "dropv6" || w == "dropv4" { return .spamhausDROP }
            if w == "drop", i == 0 || i + 1 < words.count && (words[i + 1] == "v4" || words[i + 1] == "v6") {
                return .spamhausDROP
            }
        }
        var head = firstBytes[...]
        if head.starts(with: CSVReader.bom) { head = head.dropFirst(3) }
        while let f = head.first, f == 0x20 || f == 0x09 || f == 0x0D || f == 0x0A { head = head.dropFirst() }
        if head.first == 0x7B {
            let firstLine = head.prefix { $0 != 0x0A }
            // `"cidr":` as a member name, not as some value.
            return contains(firstLine, "\"cidr\":") || contains(firstLine, "\"cidr\" :") ? .spamhausDROP : .intelmq
        }
        let sample = head.prefix(4096)
        if sample.starts(with: Array("; Spamhaus".utf8)) || sample.starts(with: Array(";Spamhaus".utf8)) { return .spamhausDROP }
        if contains(sample, "URLhaus") { return .urlhaus }
        if contains(sample, "Feodo Tracker") { return .feodo }
        if contains(sample, "ThreatFox") { return .threatfox }
        if base.hasSuffix(".json") || base.hasSuffix(".jsonl") || base.hasSuffix(".ndjson") { return .intelmq }
        return nil
    }

    /// `guess`, throwing `unknownFormat` naming the file when nothing tells.
    public static func guessOrThrow(fileName: String, firstBytes: [UInt8]) throws(Failure) -> FeedFormat {
        guard let f = guess(fileName: fileName, firstBytes: firstBytes) else { throw .unknownFormat(file: fileName) }
        return f
    }

    /// `YYYY-MM-DD-<report>…` with a `.csv` extension, as Shadowserver names its reports.
    static func isShadowserverName(_ base: Substring) -> Bool {
        let u = Array(base.utf8)
        guard u.count > 15, base.hasSuffix(".csv") else { return false }
        for (i, b) in u.prefix(11).enumerated() {
            let digit = b >= 0x30 && b <= 0x39
            if i == 4 || i == 7 || i == 10 { guard b == 0x2D else { return false } } else { guard digit else { return false } }
        }
        return true
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count, let first = n.first else { return false }
        var i = haystack.startIndex
        while i + n.count <= haystack.endIndex {
            if haystack[i] == first, haystack[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }
}
