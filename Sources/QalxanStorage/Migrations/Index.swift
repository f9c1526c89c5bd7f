import FluentKit
import SQLKit

/// Plain (non-unique) indexes, which FluentKit's schema builder does not offer.
enum Index {
    static func create(_ name: String, on table: String, _ columns: [String], _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for c in columns { builder = builder.column(c) }
        try await builder.run()
    }
}
