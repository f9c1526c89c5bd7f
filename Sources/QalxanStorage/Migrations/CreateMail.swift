import FluentKit

/// Mail in and out: every message Qalxan received (raw first, then what parsing found)
/// or queued to send (rendered, signed and encrypted bytes, and each delivery attempt).
public struct CreateMailMessage: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("mail_messages")
            .id()
            .field("direction", .string, .required)
            .field("state", .string, .required)
            .field("mailbox", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("raw_sha256", .string, .required)
            .field("size", .int64, .required)
            .field("decrypted_sha256", .string)
            .field("message_id", .string, .required)
            .field("in_reply_to", .string, .required)
            .field("references", .string, .required)
            .field("subject", .string, .required)
            .field("from_address", .string, .required)
            .field("to_addresses", .string, .required)
            .field("body_text", .string, .required)
            .field("incident_id", .uuid)
            .field("report_id", .uuid)
            .field("organisation_id", .uuid)
            .field("contact_id", .uuid)
            .field("language", .string, .required)
            .field("tlp", .string, .required)
            .field("reason", .string, .required)
            .field("detail", .string, .required)
            .field("signature", .string, .required)
            .field("signer", .string, .required)
            .field("encrypted", .bool, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("sent_at", .datetime)
            .field("response", .string, .required)
            .field("verp", .string, .required)
            .field("actor_id", .uuid)
            .create()
        try await Index.create("idx_mail_state_next", on: "mail_messages", ["direction", "state", "next_attempt_at"], database)
        try await Index.create("idx_mail_message_id", on: "mail_messages", ["message_id"], database)
        try await Index.create("idx_mail_incident", on: "mail_messages", ["incident_id", "created_at"], database)
        try await Index.create("idx_mail_report", on: "mail_messages", ["report_id"], database)
        try await Index.create("idx_mail_verp", on: "mail_messages", ["verp"], database)
        try await Index.create("idx_mail_raw", on: "mail_messages", ["raw_sha256"], database)
    }
    public func revert(on database: any Database) async throws { try await database.schema("mail_messages").delete() }
}

/// Templates edited in the console; a kind and language without a row uses the
/// built-in text.
public struct CreateMailTemplate: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("mail_templates")
            .id()
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by_id", .uuid)
            .unique(on: "kind", "language")
            .create()
    }
    public func revert(on database: any Database) async throws { try await database.schema("mail_templates").delete() }
}

/// Bounces counted on each contact, and how far each organisation's event digest got
/// (sent, and seen by the digest's scan of new events).
public struct AddMailStateToConstituency: AsyncMigration {
    public init() {}
    public func prepare(on database: any Database) async throws {
        try await database.schema("contacts")
            .field("bounce_count", .int)
            .update()
        try await database.schema("contacts")
            .field("last_bounce_at", .datetime)
            .update()
        try await database.schema("organisations")
            .field("digest_event_id", .int64)
            .update()
        try await database.schema("organisations")
            .field("digest_sent_at", .datetime)
            .update()
        try await database.schema("organisations")
            .field("digest_pending_id", .int64)
            .update()
    }
    public func revert(on database: any Database) async throws {
        try await database.schema("contacts").deleteField("bounce_count").update()
        try await database.schema("contacts").deleteField("last_bounce_at").update()
        try await database.schema("organisations").deleteField("digest_event_id").update()
        try await database.schema("organisations").deleteField("digest_sent_at").update()
        try await database.schema("organisations").deleteField("digest_pending_id").update()
    }
}
