import FluentKit
import Foundation

/// A knowledge-base article. See `CreateArticle`.
public final class ArticleModel: Model, @unchecked Sendable {
    public static let schema = "articles"

    @ID(key: .id) public var id: UUID?
    @Field(key: "slug") public var slug: String
    /// An `Article.Audience` raw value.
    @Field(key: "audience") public var audience: String
    @Field(key: "classes") public var classes: String
    /// `Article` as JSON.
    @Field(key: "content") public var content: String
    @Field(key: "search") public var search: String
    /// Drafts are seen by staff only.
    @Field(key: "published") public var published: Bool
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID = UUID(), slug: String, audience: String, classes: String, content: String, search: String,
                published: Bool, now: Date) {
        self.id = id
        self.slug = slug
        self.audience = audience
        self.classes = classes
        self.content = content
        self.search = search
        self.published = published
        self.createdAt = now
        self.updatedAt = now
    }
}
