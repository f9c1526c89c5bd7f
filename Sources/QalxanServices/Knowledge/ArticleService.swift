import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// Knowledge-base articles: staff write them; the public site shows published public
/// ones; an incident page shows the procedures for its class.
public struct ArticleService: Sendable {
    public enum Failure: Error, Sendable {
        case invalid([AdvisoryProblem])
    }

    /// One article as stored.
    public struct Item: Sendable {
        public let id: UUID
        public let article: Article
        public let published: Bool
        public let updatedAt: Date
    }

    public init() {}

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func decode(_ m: ArticleModel) -> Item? {
        guard let id = m.id, let a = try? JSONDecoder().decode(Article.self, from: Data(m.content.utf8)) else { return nil }
        return Item(id: id, article: a, published: m.published, updatedAt: m.updatedAt)
    }

    /// The widest audience `actor` may read: staff everything, anyone else public articles.
    public static func ceiling(for actor: Actor?) -> Article.Audience {
        guard let actor, actor.role != nil else { return .public }
        return actor.can(.readStaffArticles) ? .staff : .constituents
    }

    /// Creates (`id` nil) or replaces an article.
    public func save(_ input: Article, published: Bool, id: UUID?, actor: Actor, on db: any Database, now: Date = Date()) async throws -> UUID {
        try actor.require(.editArticles)
        var a = input
        a.slug = a.slug.trimmingCharacters(in: .whitespaces).lowercased()
        func clean(_ m: [Language: String]) -> [Language: String] {
            m.mapValues(TextInput.field)
        }
        a.title = clean(a.title).mapValues { $0.replacingOccurrences(of: "\n", with: " ") }
        a.summary = clean(a.summary)
        a.body = clean(a.body)
        var seen = Set<String>()
        a.classes = a.classes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        var problems = a.problems()
        if let other = try await ArticleModel.query(on: db).filter(\.$slug == a.slug).first(), other.id != id {
            problems.append(AdvisoryProblem(field: "slug", key: "article.error.slug_taken"))
        }
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        let content = String(decoding: (try? Self.encoder.encode(a)) ?? Data(), as: UTF8.self)
        let search = Self.fold(Language.allCases.map { [a.title[$0], a.summary[$0], a.body[$0]].compactMap { $0 }.joined(separator: " ") }
            .joined(separator: " "))
        let classes = " " + a.classes.joined(separator: " ") + " "
        let slug = a.slug, audience = a.audience.rawValue
        let saved: UUID = try await db.transaction { db in
            let model: ArticleModel
            if let id {
                guard let existing = try await ArticleModel.find(id, on: db) else { throw ServiceError.notFound }
                model = existing
                model.slug = slug
                model.audience = audience
                model.classes = classes
                model.content = content
                model.search = search
                model.published = published
                model.updatedAt = now
                try await model.update(on: db)
            } else {
                model = ArticleModel(slug: slug, audience: audience, classes: classes, content: content, search: search,
                                     published: published, now: now)
                try await model.create(on: db)
            }
            try await AuditLog.record(db, actor: actor, action: id == nil ? "article.create" : "article.update", entity: "article",
                                      entityID: model.id!.uuidString, detail: ["slug": slug, "published": published ? "yes" : "no"], at: now)
            return model.id!
        }
        return saved
    }

    /// Articles `actor` may read, newest change first; drafts only for those who edit.
    /// `query` matches words of any language (all must occur); `rsitClass` keeps those
    /// written for that class.
    public func list(actor: Actor?, query: String = "", rsitClass: String? = nil, on db: any Database) async throws -> [Item] {
        let ceiling = Self.ceiling(for: actor)
        var q = ArticleModel.query(on: db)
        if !(actor?.can(.editArticles) ?? false) { q = q.filter(\.$published == true) }
        q = q.filter(\.$audience ~~ Article.Audience.allCases.filter { $0 <= ceiling }.map(\.rawValue))
        if let rsitClass { q = q.filter(\.$classes, .custom("LIKE"), "% \(Self.escapeLike(rsitClass)) %") }
        let words = Self.fold(query).split(whereSeparator: \.isWhitespace).prefix(8)
        for word in words { q = q.filter(\.$search, .custom("LIKE"), "%\(Self.escapeLike(String(word)))%") }
        return try await q.sort(\.$updatedAt, .descending).limit(200).all().compactMap(Self.decode)
    }

    /// The article at `slug`, if `actor` may read it.
    public func article(slug: String, actor: Actor?, on db: any Database) async throws -> Item? {
        guard let m = try await ArticleModel.query(on: db).filter(\.$slug == slug.lowercased()).first(), let item = Self.decode(m) else { return nil }
        guard item.article.audience <= Self.ceiling(for: actor), item.published || (actor?.can(.editArticles) ?? false) else { return nil }
        return item
    }

    /// The article with `id`, for the editor.
    public func article(id: UUID, actor: Actor, on db: any Database) async throws -> Item {
        try actor.require(.editArticles)
        guard let m = try await ArticleModel.find(id, on: db), let item = Self.decode(m) else { throw ServiceError.notFound }
        return item
    }

    /// `%`, `_` and `\\` of a search word stand for one character (`_`), which both
    /// databases read the same way without an ESCAPE clause: `ssh_config` still matches.
    static func escapeLike(_ s: String) -> String {
        String(s.map { $0 == "%" || $0 == "_" || $0 == "\\" ? "_" : $0 })
    }

    /// Text as the search compares it: without case and diacritics, so `İnsident`,
    /// `insident` and `INSIDENT` meet, and `ə` matches `e` as people type on an English
    /// keyboard.
    static func fold(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "ə", with: "e").replacingOccurrences(of: "ı", with: "i")
    }
}
