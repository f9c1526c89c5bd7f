import FluentKit
import Foundation

/// One line of the audit log. Each entry carries the SHA-256 of its content and of the
/// entry before it, so that a changed or deleted row breaks the chain visibly.
public final class AuditEntryModel: Model, @unchecked Sendable {
    public static let schema = "audit_log"

    @ID(key: .id) public var id: UUID?
    @Field(key: "seq") public var seq: Int
    /// Milliseconds since 1970: hashed exactly as stored.
    @Field(key: "at_ms") public var atMs: Int64
    @Field(key: "actor") public var actor: String
    @Field(key: "address") public var address: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @Field(key: "entity_id") public var entityID: String
    @Field(key: "detail") public var detail: String
    @Field(key: "prev_hash") public var prevHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
}
