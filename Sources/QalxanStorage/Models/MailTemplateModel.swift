import FluentKit
import Foundation
import QalxanCore

/// Staff's own text of a mail template.
public final class MailTemplateModel: Model, @unchecked Sendable {
    public static let schema = "mail_templates"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "language") public var language: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "updated_by_id") public var updatedByID: UUID?

    public init() {}

    public init(kind: MailKind, language: Language) {
        id = UUID()
        self.kind = kind.rawValue
        self.language = language.rawValue
        subject = ""
        body = ""
        updatedAt = Date()
    }
}
