import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// Advisories: the console editor and publishing, the public list, pages, print views
/// and Atom feeds.
struct AdvisoryController {
    func registerConsole(_ console: any RoutesBuilder) {
        console.get("advisories", use: list)
        console.get("advisories", "new", use: newForm)
        console.on(.POST, "advisories", "new", body: .collect(maxSize: "2mb"), use: create)
        console.get("advisories", ":id", use: show)
        console.get("advisories", ":id", "edit", use: editForm)
        console.on(.POST, "advisories", ":id", "edit", body: .collect(maxSize: "2mb"), use: update)
        console.post("advisories", ":id", "publish", use: publish)
        console.post("advisories", ":id", "delete", use: deleteDraft)
    }

    func registerPublic(_ app: Application) {
        let lang = app.grouped(":lang")
        lang.get("advisories", use: publicList)
        lang.get("advisories", ":id", use: publicPage)
        lang.get("advisories", ":id", "print", use: publicPrint)
        lang.get("feeds", ":file", use: feed)
    }

    func uuid(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return id
    }

    /// The service with this installation's publisher and key.
    static func service(_ req: Request) async throws -> AdvisoryService {
        AdvisoryService(idPattern: req.qalxan.settings.advisoryIDPattern, publisher: try await publisher(req),
                        signer: req.qalxan.gnupg)
    }

    /// The team as CSAF's `document.publisher`, from the settings and the team profile.
    static func publisher(_ req: Request) async throws -> CSAFPublisher {
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        let base = baseURL(req)
        let name = profile.display("2.1", .en).isEmpty ? req.qalxan.settings.teamName : profile.display("2.1", .en)
        var contact = profile.display("2.7", .en)
        if contact.isEmpty { contact = base + Paths.contact(.en) }
        return CSAFPublisher(name: name, namespace: base, contactDetails: String(contact.prefix(500)),
                             issuingAuthority: nil, baseURL: base)
    }

    /// `QALXAN_PUBLIC_URL`, or the address the server listens on. Never the request's
    /// `Host` header: these links are signed and published, and a client chooses its Host.
    static func baseURL(_ req: Request) -> String {
        let server = req.application.http.server.configuration
        let host = server.hostname.contains(":") ? "[\(server.hostname)]" : server.hostname
        return req.qalxan.settings.baseURL(fallback: "http://\(host):\(server.port)")
    }

    // MARK: Console

    func list(_ req: Request) async throws -> Response {
        let l = try req.language()
        let items = try await req.qalxan.advisoryQuery.all(actor: req.actor, on: req.db).map { i in
            AdvisoryConsoleListModel.Item(id: i.id, view: AdvisoryView(advisory: i.advisory, revision: i.revision, publishedAt: i.publishedAt),
                                          updatedAt: i.updatedAt, unpublishedChanges: i.unpublishedChanges)
        }
        let model = AdvisoryConsoleListModel(items: items, canEdit: req.actor.can(.editAdvisories))
        return Render.page(ConsolePages.advisories(model, req.pageContext(l)))
    }

    func newForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editAdvisories)
        return Render.page(ConsolePages.advisoryForm(AdvisoryFormModel(id: nil, values: AdvisoryFormValues()), req.pageContext(l)))
    }

    static func values(_ form: FormData) -> AdvisoryFormValues {
        var v = AdvisoryFormValues()
        v.kind = form.value("kind")
        v.severity = form.value("severity")
        v.tlp = form.value("tlp")
        for language in Language.allCases {
            let c = language.rawValue
            v.title[language] = form.value("title_\(c)")
            v.summary[language] = form.value("summary_\(c)")
            v.body[language] = form.value("body_\(c)")
            v.recommendations[language] = form.value("recommendations_\(c)")
        }
        v.cves = form.value("cves")
        v.cvss = form.value("cvss")
        v.products = form.value("products")
        v.references = form.value("references")
        v.articles = form.value("articles")
        return v
    }

    /// Problems as messages in the page's language, one per field (the first of each).
    static func messages(_ problems: [AdvisoryProblem], _ l: Localizer) -> [String: String] {
        var out: [String: String] = [:]
        for p in problems where out[p.field] == nil { out[p.field] = l.t(p.key, p.values) }
        return out
    }

    func create(_ req: Request) async throws -> Response {
        try await save(req, id: nil)
    }

    func update(_ req: Request) async throws -> Response {
        try await save(req, id: try uuid(req))
    }

    /// A date as the `version` field carries it, and back.
    static func version(_ d: Date) -> String { String(Int64((d.timeIntervalSince1970 * 1000).rounded())) }
    static func version(_ text: String) -> Date? { Int64(text).map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    func save(_ req: Request, id: UUID?) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editAdvisories)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let values = Self.values(form)
        func again(_ problems: [AdvisoryProblem]) async throws -> Response {
            var tracking = ""
            if let id { tracking = (try? await req.qalxan.advisoryQuery.working(id: id, actor: req.actor, on: req.db))?.advisory.trackingID ?? "" }
            let model = AdvisoryFormModel(id: id, values: values, errors: Self.messages(problems, Localizer(l)), trackingID: tracking,
                                          version: form.value("version"))
            return Render.page(ConsolePages.advisoryForm(model, req.pageContext(l)), status: .unprocessableEntity)
        }
        let advisory: Advisory
        switch values.advisory() {
        case .success(let a): advisory = a
        case .failure(let problem): return try await again([problem])
        }
        let service = try await Self.service(req)
        do {
            if let id {
                try await service.update(id: id, advisory, seen: Self.version(form.value("version")), actor: req.actor, on: req.db)
                return Render.redirect(Paths.consoleAdvisory(l, id: id.uuidString) + "?m=saved")
            }
            let model = try await service.create(advisory, actor: req.actor, on: req.db)
            return Render.redirect(Paths.consoleAdvisory(l, id: model.id!.uuidString) + "?m=advisory_created")
        } catch AdvisoryService.Failure.invalid(let problems) {
            return try await again(problems)
        }
    }

    func editForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editAdvisories)
        let item = try await req.qalxan.advisoryQuery.working(id: try uuid(req), actor: req.actor, on: req.db)
        let model = AdvisoryFormModel(id: item.id, values: AdvisoryFormValues(item.advisory), trackingID: item.advisory.trackingID,
                                      version: Self.version(item.updatedAt))
        return Render.page(ConsolePages.advisoryForm(model, req.pageContext(l)))
    }

    func show(_ req: Request) async throws -> Response {
        try await detail(req, errors: [:], note: [:])
    }

    func detail(_ req: Request, errors: [String: String], note: [Language: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = try req.language()
        let item = try await req.qalxan.advisoryQuery.working(id: try uuid(req), actor: req.actor, on: req.db)
        let a = item.advisory
        var csaf: String?
        var publicPath: String?
        if item.revision > 0 {
            csaf = a.tlp == .clear ? CSAFRoutes.documentPath(a, year: DateText.year(a.initialRelease ?? Date())) : nil
            publicPath = a.tlp == .clear ? Paths.advisory(l, id: a.trackingID) : nil
        }
        // Published before under a stricter label: publishing as TLP:CLEAR makes the earlier
        // revisions' notes and dates public too.
        var downgrade = false
        if item.revision > 0, a.tlp == .clear,
           let last = try await req.qalxan.advisoryQuery.published(trackingID: a.trackingID, ceiling: .red, on: req.db) {
            downgrade = last.advisory.tlp > .clear
        }
        let signing = req.actor.can(.publishAdvisories) ? await TeamKeyCache.shared.state(req.qalxan.gnupg).fingerprint != nil : true
        let model = AdvisoryConsoleModel(
            id: item.id, view: AdvisoryView(advisory: a, revision: item.revision, publishedAt: item.publishedAt, csafURL: csaf,
                                            related: try await Self.related(a, actor: req.actor, req)),
            unpublishedChanges: item.unpublishedChanges, canEdit: req.actor.can(.editAdvisories),
            canPublish: req.actor.can(.publishAdvisories), signing: signing, errors: errors, note: note, publicPath: publicPath,
            version: Self.version(item.updatedAt), tlpDowngrade: downgrade)
        return Render.page(ConsolePages.advisory(model, req.pageContext(l)), status: status)
    }

    func publish(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.publishAdvisories)
        let id = try uuid(req)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        var note: [Language: String] = [:]
        for language in Language.allCases { note[language] = form.value("note_\(language.rawValue)") }
        do {
            _ = try await Self.service(req).publish(id: id, note: note, seen: Self.version(form.value("version")), actor: req.actor, on: req.db)
            return Render.redirect(Paths.consoleAdvisory(l, id: id.uuidString) + "?m=advisory_published")
        } catch AdvisoryService.Failure.invalid(let problems) {
            return try await detail(req, errors: Self.messages(problems, Localizer(l)), note: note, status: .unprocessableEntity)
        }
    }

    func deleteDraft(_ req: Request) async throws -> Response {
        let l = try req.language()
        try req.actor.require(.editAdvisories)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        try await Self.service(req).deleteDraft(id: try uuid(req), actor: req.actor, on: req.db)
        return Render.redirect(Paths.consoleAdvisories(l) + "?m=advisory_deleted")
    }

    // MARK: Public

    static func filter(_ req: Request) -> AdvisoryFilter {
        var f = AdvisoryFilter()
        for (name, value) in req.queryPairs {
            switch name {
            case "kind": f.kind = Advisory.Kind(rawValue: value)
            case "severity": f.severity = Severity(rawValue: value)
            case "year": f.year = Int(value).flatMap { (1990...9999).contains($0) ? $0 : nil }
            default: break
            }
        }
        return f
    }

    func publicList(_ req: Request) async throws -> Response {
        let l = try req.language()
        let f = Self.filter(req)
        // One read: the year filter offers every year, the list shows the selection.
        let all = try await req.qalxan.advisoryQuery.published(on: req.db)
        let items = all.filter { f.matches($0.advisory, year: $0.year) }
        let model = AdvisoryListModel(items: items.map { AdvisoryView(advisory: $0.advisory, revision: $0.revision, publishedAt: $0.publishedAt) },
                                      filter: f, years: AdvisoryQuery.years(all))
        return Render.page(PublicPages.advisories(model, req.pageContext(l)))
    }

    func published(_ req: Request) async throws -> PublishedAdvisory {
        guard let id = req.parameters.get("id"),
              let p = try await req.qalxan.advisoryQuery.published(trackingID: id, on: req.db) else {
            throw PageError(status: .notFound)
        }
        return p
    }

    /// The linked articles `actor` may read (a visitor: published public ones).
    static func related(_ a: Advisory, actor: Actor?, _ req: Request) async throws -> [ArticleLink] {
        var out: [ArticleLink] = []
        for slug in (a.articles ?? []).prefix(20) {
            if let item = try await req.qalxan.articles.article(slug: slug, actor: actor, on: req.db) {
                out.append(ArticleLink(item.article, published: item.published))
            }
        }
        return out
    }

    func publicPage(_ req: Request) async throws -> Response {
        let l = try req.language()
        let p = try await published(req)
        let view = AdvisoryView(advisory: p.advisory, revision: p.revision, publishedAt: p.publishedAt,
                                csafURL: CSAFRoutes.documentPath(p.advisory, year: p.year),
                                related: try await Self.related(p.advisory, actor: nil, req))
        return Render.page(PublicPages.advisory(view, req.pageContext(l)))
    }

    func publicPrint(_ req: Request) async throws -> Response {
        let l = try req.language()
        let p = try await published(req)
        let view = AdvisoryView(advisory: p.advisory, revision: p.revision, publishedAt: p.publishedAt)
        return Render.page(PublicPages.advisory(view, req.pageContext(l), print: true))
    }

    /// `/{lang}/feeds/{all|advisory|alert|news}.atom`.
    func feed(_ req: Request) async throws -> Response {
        let lang = try req.language()
        let l = Localizer(lang)
        guard let file = req.parameters.get("file"), file.hasSuffix(".atom") else { throw PageError(status: .notFound) }
        let name = String(file.dropLast(5))
        let kind = Advisory.Kind(rawValue: name)
        guard kind != nil || name == "all" else { throw PageError(status: .notFound) }
        let items = try await req.qalxan.advisoryQuery.published(AdvisoryFilter(kind: kind), on: req.db).prefix(50)
        let base = Self.baseURL(req)
        let entries = items.map { p -> AtomFeed.Entry in
            let a = p.advisory
            let url = base + Paths.advisory(lang, id: a.trackingID)
            return AtomFeed.Entry(id: url, title: "\(a.trackingID): \(Advisory.text(a.title, lang))", url: url,
                                  updated: p.publishedAt, published: a.initialRelease ?? p.publishedAt,
                                  summary: Advisory.text(a.summary, lang),
                                  categories: [l.t(a.kind.labelKey), l.t(a.severity.labelKey)],
                                  authorName: req.qalxan.settings.teamName)
        }
        let title = "\(req.qalxan.settings.teamName): " + (kind.map { l.t($0.pluralKey) } ?? l.t("advisory.feed.all"))
        let xml = AtomFeed.xml(id: base + Paths.advisoryFeed(lang, kind: kind), title: title,
                               selfURL: base + Paths.advisoryFeed(lang, kind: kind), alternateURL: base + Paths.advisories(lang),
                               language: lang, updated: items.first?.publishedAt ?? Date(timeIntervalSince1970: 0), entries: Array(entries),
                               author: req.qalxan.settings.teamName)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }
}
