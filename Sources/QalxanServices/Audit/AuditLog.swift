import Crypto
import FluentKit
import Foundation
import QalxanStorage
import SQLKit

/// The append-only audit log: who changed what, when and from where. Entries form a
/// SHA-256 hash chain, so editing or deleting one is detected by `verify`.
public enum AuditLog {
    /// Appends one entry. Call it inside the transaction that makes the change, so the
    /// change and its record commit together.
    public static func record(
        _ db: any Database, actor: Actor, action: String, entity: String, entityID: String,
        detail: [String: String] = [:], at: Date = Date()
    ) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        // Taking the head row's write lock serialises writers on both databases.
        let row = try await sql.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash").first()
        guard let row else { throw ServiceError.conflict("error.audit_head") }
        let seq = try row.decode(column: "seq", as: Int.self)
        let prev = try row.decode(column: "last_hash", as: String.self)
        let entry = AuditEntryModel()
        entry.id = UUID()
        entry.seq = seq
        entry.atMs = Int64((at.timeIntervalSince1970 * 1000).rounded(.down))
        entry.actor = actor.label
        entry.address = actor.address
        entry.action = action
        entry.entity = entity
        entry.entityID = entityID
        entry.detail = encode(detail)
        entry.prevHash = prev
        entry.hash = hash(of: entry)
        try await entry.create(on: db)
        try await sql.raw("UPDATE audit_head SET last_hash = \(bind: entry.hash) WHERE id = 1").run()
    }

    /// The hash of an entry's content and of the entry before it.
    static func hash(of e: AuditEntryModel) -> String {
        // A JSON array, so no text can move from one field into the next unnoticed.
        let fields = [e.prevHash, String(e.seq), String(e.atMs), e.actor, e.address, e.action, e.entity, e.entityID, e.detail]
        let encoded = (try? JSONSerialization.data(withJSONObject: fields, options: [])) ?? Data()
        let digest = SHA256.hash(data: encoded)
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func encode(_ detail: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(detail), as: UTF8.self)) ?? "{}"
    }

    /// Checks the whole chain in order; returns the first entry that does not match
    /// (changed content, a gap, or a broken link), or nil when it is intact.
    public static func verify(_ db: any Database) async throws -> Int? {
        // The head first: entries written while the check runs are beyond it and wait
        // for the next check, instead of looking like a broken chain.
        guard let sql = db as? any SQLDatabase,
              let head = try await sql.raw("SELECT seq, last_hash FROM audit_head WHERE id = 1").first()
        else { return nil }
        let headSeq = try head.decode(column: "seq", as: Int.self)
        let headHash = try head.decode(column: "last_hash", as: String.self)
        var previous = ""
        var expected = 1
        var offset = 0
        let batch = 1000
        while true {
            let entries = try await AuditEntryModel.query(on: db).filter(\.$seq <= headSeq).sort(\.$seq, .ascending)
                .range(offset..<(offset + batch)).all()
            for e in entries {
                if e.seq != expected || e.prevHash != previous || hash(of: e) != e.hash { return e.seq }
                previous = e.hash
                expected += 1
            }
            if entries.count < batch { break }
            offset += batch
        }
        // A deleted tail shows as a head that is ahead of the last entry.
        if headSeq != expected - 1 || headHash != previous { return expected }
        return nil
    }

    /// One page of entries, newest first.
    public static func page(_ db: any Database, page: Int, perPage: Int = 100) async throws -> (entries: [AuditEntryModel], total: Int) {
        let total = try await AuditEntryModel.query(on: db).count()
        let start = (max(page, 1) - 1) * perPage
        let entries = try await AuditEntryModel.query(on: db).sort(\.$seq, .descending)
            .range(start..<(start + perPage)).all()
        return (entries, total)
    }
}
