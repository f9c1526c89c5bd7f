import FluentKit
import Foundation
import QalxanCore
import SQLKit

/// Issues tracking numbers (`QX-2026-00042`) from one counter per prefix and year,
/// shared by reports and incidents, so a number is never given twice.
public enum Numbering {
    public static func next(prefix: String, at date: Date = Date(), on db: any Database) async throws -> TrackingNumber {
        guard let sql = db as? any SQLDatabase else { throw ServiceError.conflict("error.database") }
        let year = DateText.year(date)
        let name = "\(prefix)-\(year)"
        let row = try await sql.raw("""
            INSERT INTO counters (name, value) VALUES (\(bind: name), 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """).first()
        guard let value = try row?.decode(column: "value", as: Int.self) else { throw ServiceError.conflict("error.database") }
        return TrackingNumber(prefix: prefix, year: year, sequence: value)
    }
}
