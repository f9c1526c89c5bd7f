import Foundation

/// The layout shared by abuse.ch's CSV downloads (URLhaus, Feodo Tracker, ThreatFox): a
/// block of `#` comment lines, a header row that is sometimes itself commented out
/// (`# id,dateadded,…`, `# "first_seen_utc",…`), then data rows; some exports leave the
/// header out, and then the number of fields tells which published layout it is.
///
/// The table finds the header among the comments, maps column names (and their older
/// spellings) to indices, and keeps the width every data row must have.
struct AbuseCHTable: Sendable {
    /// The canonical column names the parser reads.
    let names: [String]
    /// Older or alternative header spellings → canonical name.
    let aliases: [String: String]
    /// A name that only a header row has (`dateadded`), to tell it from a comment.
    let marker: Set<String>
    /// Header-less layouts: each the column names in order, told apart by their count.
    let layouts: [[String]]

    /// Index of each of `names` in the current layout, nil when absent.
    private(set) var index: [Int?] = []
    /// Fields a data row must have; nil until a header or a first data row fixed it.
    private(set) var width: Int?
    /// Whether the file had any record at all.
    private(set) var sawContent = false

    init(names: [String], aliases: [String: String] = [:], marker: Set<String>, layouts: [[String]]) {
        self.names = names
        self.aliases = aliases
        self.marker = marker
        self.layouts = layouts
    }

    /// The header name in a (possibly commented, possibly quoted) cell, lower-cased.
    static func clean(_ cell: String) -> String {
        var s = Substring(cell)
        while let f = s.first, f == " " || f == "#" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        if s.count >= 2, s.first == "\"", s.last == "\"" { s = s.dropFirst().dropLast() }
        return s.lowercased()
    }

    /// Whether the row is a comment line (its first cell starts with `#`).
    static func isComment(_ fields: [String]) -> Bool {
        guard let first = fields.first?.utf8.first else { return false }
        return first == 0x23
    }

    /// Takes `fields` as the header when it names a marker column; true if it did.
    mutating func takeHeader(_ fields: [String]) -> Bool {
        guard width == nil else { return false }
        let cleaned = fields.map { c -> String in
            let name = AbuseCHTable.clean(c)
            return aliases[name] ?? name
        }
        guard cleaned.contains(where: marker.contains) else { return false }
        set(cleaned)
        return true
    }

    /// Fixes the layout from a first data row without a header; false when no known
    /// layout has that many fields.
    mutating func takeLayout(count: Int) -> Bool {
        guard let layout = layouts.first(where: { $0.count == count }) else { return false }
        set(layout)
        return true
    }

    /// Reads one piece's records the way all three abuse.ch downloads are laid out:
    /// comments (one of them possibly the header), the header or a header-less first row
    /// fixing the layout, then data rows of that width, each turned into an event by
    /// `event` (given the table, so it can read cells by name). `feed` names the feed in
    /// problem details.
    mutating func read<Rows: Sequence<CSVReader.Row>>(
        _ rows: Rows, firstLine: Int, feed: String, _ body: (FeedOutcome) -> Void,
        event: (AbuseCHTable, [String]) -> Result<FeedEvent, FeedRowFailure>
    ) {
        let offset = firstLine - 1
        for row in rows {
            sawContent = true
            if AbuseCHTable.isComment(row.fields) { _ = takeHeader(row.fields); continue }
            let line = row.line + offset
            func problem(_ key: String, _ detail: String) {
                body(.problem(.record(row.fields, line: line, key: key, detail: detail)))
            }
            if row.error != nil { problem("ingest.broken_quoting", "a quoted field is not closed properly"); continue }
            if row.lossy { problem("ingest.invalid_utf8", "the line is not valid UTF-8"); continue }
            if width == nil {
                if takeHeader(row.fields) { continue }
                guard takeLayout(count: row.fields.count) else {
                    problem("ingest.column_count", "\(row.fields.count) fields and no header; \(feed) rows have \(layoutWidths)")
                    continue
                }
            }
            guard row.fields.count == width else {
                problem("ingest.column_count", "\(row.fields.count) fields, the header has \(width ?? 0)")
                continue
            }
            switch event(self, row.fields) {
            case .success(let e): body(.event(e, line: line))
            case .failure(let p): problem(p.key, p.detail)
            }
        }
    }

    /// Reports a file with no content at all.
    func finish(_ body: (FeedOutcome) -> Void) {
        if !sawContent {
            body(.problem(FeedProblem(line: 1, key: "ingest.empty_file", detail: "the file is empty", raw: "")))
        }
    }

    /// Column `n` of `names` in a data row, nil when the layout lacks it or it is empty.
    func cell(_ cells: [String], _ n: Int) -> String? {
        guard let i = index[n] else { return nil }
        let v = cells[i]
        return FeedFields.present(v) ? v : nil
    }

    /// The known header-less widths, for a problem's detail.
    var layoutWidths: String { layouts.map { String($0.count) }.joined(separator: " or ") }

    private mutating func set(_ columns: [String]) {
        var position: [String: Int] = [:]
        for (i, c) in columns.enumerated() where position[c] == nil { position[c] = i }
        index = names.map { position[$0] }
        width = columns.count
    }
}
