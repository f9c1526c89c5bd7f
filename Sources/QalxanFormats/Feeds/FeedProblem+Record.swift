import Foundation

extension FeedProblem {
    /// Re-encodes a CSV record for `raw`: no formula guard (the text is stored, not opened
    /// in a spreadsheet) and no line end.
    static let rawWriter = CSVWriter(guardFormulas: false, lineEnding: "")

    /// A problem for a CSV record, with the record re-encoded as `raw`.
    static func record(_ fields: [String], line: Int, key: String, detail: String) -> FeedProblem {
        FeedProblem(line: line, key: key, detail: detail, raw: rawWriter.record(fields))
    }

    /// A problem for a line of text, kept as read (invalid UTF-8 replaced).
    static func line(_ bytes: ArraySlice<UInt8>, line: Int, key: String, detail: String) -> FeedProblem {
        FeedProblem(line: line, key: key, detail: detail, raw: String(decoding: bytes, as: UTF8.self))
    }
}

/// Why one record could not become an event, before its line and raw text are attached.
struct FeedRowFailure: Error, Sendable {
    let key: String
    let detail: String

    init(_ key: String, _ detail: String) {
        self.key = key
        self.detail = detail
    }
}
