import Foundation
import QalxanCore

/// An article in a list: where it is and what it is called.
public struct ArticleLink: Sendable, Equatable {
    public let slug: String
    public let title: [Language: String]
    public let summary: [Language: String]
    public let audience: Article.Audience
    public let published: Bool

    public init(_ a: Article, published: Bool = true) {
        slug = a.slug
        title = a.title
        summary = a.summary
        audience = a.audience
        self.published = published
    }
}

/// A list of articles with the search that made it.
public struct ArticleListModel: Sendable {
    public let items: [ArticleLink]
    public let query: String
    public let rsitClass: String?
    public let canEdit: Bool
    /// Editor links by slug (console only).
    public let editIDs: [String: UUID]

    public init(items: [ArticleLink], query: String, rsitClass: String? = nil, canEdit: Bool = false, editIDs: [String: UUID] = [:]) {
        self.items = items
        self.query = query
        self.rsitClass = rsitClass
        self.canEdit = canEdit
        self.editIDs = editIDs
    }
}

/// The article editor.
public struct ArticleFormModel: Sendable {
    public let id: UUID?
    public var slug = ""
    public var audience = Article.Audience.public.rawValue
    public var title: [Language: String] = [:]
    public var summary: [Language: String] = [:]
    public var body: [Language: String] = [:]
    public var classes: [String] = []
    public var published = false
    public var errors: [String: String] = [:]

    public init(id: UUID?) { self.id = id }

    public init(id: UUID, article a: Article, published: Bool) {
        self.id = id
        slug = a.slug
        audience = a.audience.rawValue
        title = a.title
        summary = a.summary
        body = a.body
        classes = a.classes
        self.published = published
    }
}
