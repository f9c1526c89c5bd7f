import Foundation
import QalxanCore
import QalxanServices
import QalxanViews
import Vapor

/// The knowledge base: public articles on the site, every article and the editor in the
/// console.
struct KnowledgeController {
    func registerPublic(_ app: Application) {
        let lang = app.grouped(":lang")
        lang.get("kb", use: publicList)
        lang.get("kb", ":slug", use: publicArticle)
    }

    func registerConsole(_ console: any RoutesBuilder) {
        console.get("kb", use: consoleList)
        console.get("kb", "new", use: newForm)
        console.on(.POST, "kb", "new", body: .collect(maxSize: "2mb"), use: create)
        console.get("kb", ":slug", use: consoleArticle)
        // `:slug` is the article's id here: the router wants one name per position.
        console.get("kb", ":slug", "edit", use: editForm)
        console.on(.POST, "kb", ":slug", "edit", body: .collect(maxSize: "2mb"), use: update)
    }

    static func search(_ req: Request) -> (String, String?) {
        let q = String((req.queryPairs.first { $0.0 == "q" }?.1 ?? "").prefix(200))
        let c = (req.queryPairs.first { $0.0 == "class" }?.1).flatMap { Taxonomy.isClass($0) ? $0 : nil }
        return (q, c)
    }

    func publicList(_ req: Request) async throws -> Response {
        let l = try req.language()
        let (q, _) = Self.search(req)
        let items = try await req.qalxan.articles.list(actor: nil, query: q, on: req.db)
        return Render.page(KnowledgePages.publicList(ArticleListModel(items: items.map { ArticleLink($0.article) }, query: q), req.pageContext(l)))
    }

    func publicArticle(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let item = try await req.qalxan.articles.article(slug: req.parameters.get("slug") ?? "", actor: nil, on: req.db) else {
            throw PageError(status: .notFound)
        }
        return Render.page(KnowledgePages.article(item.article, req.pageContext(l), console: false))
    }

    func consoleList(_ req: Request) async throws -> Response {
        let l = try req.language()
        let (q, c) = Self.search(req)
        let items = try await req.qalxan.articles.list(actor: req.actor, query: q, rsitClass: c, on: req.db)
        let model = ArticleListModel(items: items.map { ArticleLink($0.article, published: $0.published) }, query: q, rsitClass: c,
                                     canEdit: req.actor.can(.editArticles))
        return Render.page(KnowledgePages.consoleList(model, req.pageContext(l)))
    }

    func consoleArticle(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let item = try await req.qalxan.articles.article(slug: req.parameters.get("slug") ?? "", actor: req.actor, on: req.db) else {
            throw PageError(status: .notFound)
        }
        let edit = req.actor.can(.editArticles) ? Paths.editArticle(l, id: item.id.uuidString) : nil
        return Render.page(KnowledgePages.article(item.article, req.pageContext(l), console: true, editPath: edit))
    }

    func newForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editArticles)
        return Render.page(KnowledgePages.form(ArticleFormModel(id: nil), req.pageContext(l)))
    }

    func editForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        guard let id = req.parameters.get("slug").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        let item = try await req.qalxan.articles.article(id: id, actor: req.actor, on: req.db)
        return Render.page(KnowledgePages.form(ArticleFormModel(id: id, article: item.article, published: item.published), req.pageContext(l)))
    }

    func create(_ req: Request) async throws -> Response { try await save(req, id: nil) }

    func update(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("slug").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return try await save(req, id: id)
    }

    func save(_ req: Request, id: UUID?) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editArticles)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        var model = ArticleFormModel(id: id)
        model.slug = form.value("slug")
        model.audience = form.value("audience")
        for language in Language.allCases {
            model.title[language] = form.value("title_\(language.rawValue)")
            model.summary[language] = form.value("summary_\(language.rawValue)")
            model.body[language] = form.value("body_\(language.rawValue)")
        }
        model.classes = form.all("classes")
        model.published = form.value("published") == "1"
        guard let audience = Article.Audience(rawValue: model.audience) else {
            model.errors = ["audience": Localizer(l).t("article.error.audience")]
            return Render.page(KnowledgePages.form(model, req.pageContext(l)), status: .unprocessableEntity)
        }
        let article = Article(slug: model.slug, audience: audience, title: model.title, summary: model.summary, body: model.body,
                              classes: model.classes)
        do {
            _ = try await req.qalxan.articles.save(article, published: model.published, id: id, actor: req.actor, on: req.db)
            return Render.redirect(Paths.consoleArticle(l, slug: article.slug.trimmingCharacters(in: .whitespaces).lowercased()) + "?m=saved")
        } catch ArticleService.Failure.invalid(let problems) {
            model.errors = AdvisoryController.messages(problems, Localizer(l))
            return Render.page(KnowledgePages.form(model, req.pageContext(l)), status: .unprocessableEntity)
        }
    }
}
