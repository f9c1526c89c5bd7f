import FluentKit
import Foundation
import QalxanStorage
import SQLKit

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
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + rowsPerStatement)
            try await db.execute(sql: Statement(rows: rows[start..<end], run: run)) { _ in }
            start = end
        }
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
                    if let v { s.write(bind: v) } else { s.write("NULL") }
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
