import FluentKit
import Foundation
import QalxanStorage
import SQLKit
import SQLiteNIO

/// Writes events in bulk: multi-row `INSERT … ON CONFLICT (dedup_key) DO NOTHING`, so a
/// duplicate is skipped by the unique key, in the same statement, on SQLite and
/// PostgreSQL alike.
enum EventWriter {
    static let columns = [
        "time_source", "time_observation", "feed_name", "feed_provider", "classification_taxonomy",
        "classification_type", "classification_identifier", "source_ip", "source_ip_v4", "source_port",
        "source_asn", "source_network", "source_fqdn", "source_url", "source_cc", "destination_ip",
        "destination_port", "malware_name", "organisation_id", "tlp", "dedup_key", "run_id", "line", "fields",
    ]

    /// Rows per statement: 24 columns × 400 rows stays under both databases' bind limits
    /// (SQLite 32,766, PostgreSQL 65,535).
    static let rowsPerStatement = 400

    /// Inserts `rows` of run `run`; call inside a transaction.
    static func insert(_ rows: ArraySlice<EventRow>, run: UUID, on db: any SQLDatabase) async throws {
        if let lite = db as? any SQLiteDatabase { return try await insertSQLite(rows, run: run, on: lite) }
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + rowsPerStatement)
            try await db.execute(sql: Statement(rows: rows[start..<end], run: run)) { _ in }
            start = end
        }
    }

    /// The SQLite path: the statement text is made once per row count and the values are
    /// handed over as `SQLiteData`, without going through `Encodable` for each of the
    /// 24 values of every row (most of the cost of a bulk insert through SQLKit).
    static func insertSQLite(_ rows: ArraySlice<EventRow>, run: UUID, on db: any SQLiteDatabase) async throws {
        let runText = SQLiteData.text(run.uuidString)
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + rowsPerStatement)
            var binds: [SQLiteData] = []
            binds.reserveCapacity((end - start) * columns.count)
            for r in rows[start..<end] {
                func text(_ s: String?) -> SQLiteData { s.map { .text($0) } ?? .null }
                func int(_ i: Int64?) -> SQLiteData { i.map { .integer(Int($0)) } ?? .null }
                binds.append(int(r.timeSource)); binds.append(.integer(Int(r.timeObservation)))
                binds.append(.text(r.feedName)); binds.append(text(r.feedProvider)); binds.append(text(r.taxonomy))
                binds.append(text(r.type)); binds.append(text(r.identifier)); binds.append(text(r.sourceIP))
                binds.append(int(r.sourceIPv4)); binds.append(int(r.sourcePort.map(Int64.init)))
                binds.append(int(r.sourceASN)); binds.append(text(r.sourceNetwork)); binds.append(text(r.sourceFQDN))
                binds.append(text(r.sourceURL)); binds.append(text(r.sourceCC)); binds.append(text(r.destinationIP))
                binds.append(int(r.destinationPort.map(Int64.init))); binds.append(text(r.malwareName))
                // UUIDs are stored as their text on SQLite, as Fluent writes them.
                binds.append(text(r.organisation?.uuidString)); binds.append(.text(r.tlp)); binds.append(.text(r.dedupKey))
                binds.append(runText); binds.append(.integer(Int(r.line))); binds.append(.text(r.fields))
            }
            try await db.query(sqliteStatement(rows: end - start), binds) { _ in }
            start = end
        }
    }

    static let sqliteFullStatement = makeSQLiteStatement(rows: rowsPerStatement)

    static func sqliteStatement(rows: Int) -> String {
        rows == rowsPerStatement ? sqliteFullStatement : makeSQLiteStatement(rows: rows)
    }

    static func makeSQLiteStatement(rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO events (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: one, count: rows).joined(separator: ",") + " ON CONFLICT (dedup_key) DO NOTHING"
    }

    /// One multi-row insert; a missing value is written as `NULL`, not bound.
    struct Statement: SQLExpression {
        let rows: ArraySlice<EventRow>
        let run: UUID

        func serialize(to s: inout SQLSerializer) {
            s.write("INSERT INTO events (")
            s.write(EventWriter.columns.joined(separator: ", "))
            s.write(") VALUES ")
            var firstRow = true
            for r in rows {
                if !firstRow { s.write(", ") }
                firstRow = false
                s.write("(")
                var first = true
                func sep() { if !first { s.write(", ") }; first = false }
                func bind(_ v: (any Encodable & Sendable)?) {
                    sep()
                    // PostgreSQL refuses NUL in text; the JSON keeps it escaped.
                    if let text = v as? String, text.utf8.contains(0) {
                        s.write(bind: text.replacingOccurrences(of: "\u{0}", with: ""))
                    } else if let v { s.write(bind: v) } else { s.write("NULL") }
                }
                bind(r.timeSource); bind(r.timeObservation); bind(r.feedName); bind(r.feedProvider)
                bind(r.taxonomy); bind(r.type); bind(r.identifier); bind(r.sourceIP); bind(r.sourceIPv4)
                bind(r.sourcePort); bind(r.sourceASN); bind(r.sourceNetwork); bind(r.sourceFQDN); bind(r.sourceURL)
                bind(r.sourceCC); bind(r.destinationIP); bind(r.destinationPort); bind(r.malwareName)
                bind(r.organisation); bind(r.tlp); bind(r.dedupKey); bind(run); bind(r.line); bind(r.fields)
                s.write(")")
            }
            s.write(" ON CONFLICT (dedup_key) DO NOTHING")
        }
    }
}
