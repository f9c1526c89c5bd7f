import FluentKit
import SQLKit

/// Settings applied to a database once it is open.
public enum DatabaseSetup {
    /// On SQLite: write-ahead logging (readers never wait for the writer), NORMAL
    /// synchronisation (safe with WAL), a busy timeout. Nothing to do on PostgreSQL.
    public static func tune(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
        try await sql.raw("PRAGMA busy_timeout=5000").run()
    }
}
