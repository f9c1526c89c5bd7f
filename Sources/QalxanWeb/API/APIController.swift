import Fluent
import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.
struct APIController {
    func register(_ app: Application) {
        let v1 = app.grouped("api", "v1")
        v1.get("openapi.json", use: openAPI)
        let authed = v1.grouped(APIAuthMiddleware())
        authed.on(.POST, "reports", body: .collect(maxSize: "8mb"), use: submitReport)
        authed.get("incidents", use: listIncidents)
        authed.get("incidents", ":number", use: getIncident)
        authed.on(.PATCH, "incidents", ":number", body: .collect(maxSize: "8mb"), use: updateIncident)
        authed.on(.POST, "incidents", ":number", "comments", body: .collect(maxSize: "8mb"), use: addComment)
        authed.get("incidents", ":number", "timeline", use: timeline)
        ConstituencyAPI().register(authed)
        EventsAPI().register(authed)
    }

    static let openAPIDocument: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return Data("{}".utf8) }
        return data
    }()

    func openAPI(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        return Response(status: .ok, headers: headers, body: .init(data: Self.openAPIDocument))
    }

    // MARK: Reports

    func submitReport(_ req: Request) async throws -> Response {
        try req.requireScope(.reportsWrite)
        let raw = Data(req.body.data?.readableBytesView ?? ByteBuffer().readableBytesView)
        let json = try JSONBody.object(raw)
        let reporter = json["reporter"] as? [String: Any] ?? [:]
        func str(_ d: [String: Any], _ k: String) -> String { d[k] as? String ?? "" }
        var errors: [String: String] = [:]
        let affected = json["affected_systems"].map { $0 as? [Any] ?? [] } ?? []
        if json["affected_systems"] != nil, !(json["affected_systems"] is [Any]) || !affected.allSatisfy({ $0 is String }) {
            errors["affected_systems"] = "error.required"
        }
        let langText = json["language"] as? String ?? "en"
        guard let language = Language(rawValue: langText) else { throw ServiceError.invalid(["language": "error.required"]) }
        let submission = ReportSubmission(
            reporterName: str(reporter, "name"), reporterEmail: str(reporter, "email"), reporterPhone: str(reporter, "phone"),
            reporterOrganisation: str(reporter, "organisation"), category: json["category"] as? String ?? "unknown",
            occurredAt: str(json, "occurred_at"), description: str(json, "description"),
            affectedSystems: affected.compactMap { $0 as? String }.joined(separator: "\n"),
            tlp: json["tlp"] as? String ?? TLP.defaultForReports.rawValue, language: language
        ).cleaned()
        errors.merge(submission.validate().mapKeys(Self.apiField), uniquingKeysWith: { a, _ in a })
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        let receipt = try await req.qalxan.intake.submit(submission, uploads: [], channel: .api, actor: req.actor, raw: raw, on: req.db)
        await PublicController.acknowledge(req, receipt, submission)
        return try JSONBody.response([
            "id": receipt.reportID.uuidString.lowercased(),
            "number": receipt.number,
            "status_url": Paths.statusLink(language, number: receipt.number, secret: receipt.statusSecret),
        ], status: .created)
    }

    /// API field names where they differ from the form's.
    static func apiField(_ formField: String) -> String {
        switch formField {
        case "name": "reporter.name"
        case "email": "reporter.email"
        case "phone": "reporter.phone"
        case "organisation": "reporter.organisation"
        case "affected": "affected_systems"
        default: formField
        }
    }

    // MARK: Incidents

    func listIncidents(_ req: Request) async throws -> Response {
        try req.requireScope(.incidentsRead)
        let filter = IncidentFilter(query: req.queryPairs)
        let page = try await IncidentQuery.list(filter, actor: req.actor, on: req.db)
        return try JSONBody.response([
            "items": page.items.map(JSONBody.summary),
            "page": page.page, "per_page": page.perPage, "total": page.total,
        ])
    }

    func getIncident(_ req: Request) async throws -> Response {
        try req.requireScope(.incidentsRead)
        let detail = try await IncidentQuery.detail(req.parameters.get("number") ?? "", actor: req.actor, on: req.db)
        return try JSONBody.response(JSONBody.incident(detail))
    }

    func updateIncident(_ req: Request) async throws -> Response {
        try req.requireScope(.incidentsWrite)
        let number = req.parameters.get("number") ?? ""
        let json = try JSONBody.object(Data(req.body.data?.readableBytesView ?? ByteBuffer().readableBytesView))
        var changes = IncidentChanges()
        var errors: [String: String] = [:]
        func string(_ key: String) -> String? {
            guard let v = json[key] else { return nil }
            guard let s = v as? String else { errors[key] = "error.required"; return nil }
            return s
        }
        changes.title = string("title")
        changes.description = string("description")
        changes.affectedSystems = string("affected_systems")
        if let v = json["classification"] {
            if v is NSNull { changes.classification = .some(nil) }
            else if let o = v as? [String: Any], let cls = o["class"] as? String {
                // `type` is `class/type` (as the API writes it) or the bare type.
                let type = (o["type"] as? String).map { t -> String in
                    t.contains("/") ? (t.split(separator: "/").last.map(String.init) ?? "") : t
                }
                if type?.isEmpty != true, let c = Classification(className: cls, type: type) { changes.classification = .some(c) }
                else { errors["classification"] = "error.category" }
            } else { errors["classification"] = "error.category" }
        }
        if let s = string("severity") { if let v = Severity(rawValue: s) { changes.severity = v } else { errors["severity"] = "error.severity" } }
        if let s = string("tlp") { if let v = TLP(parsing: s) { changes.tlp = v } else { errors["tlp"] = "error.tlp" } }
        if let s = string("pap") { if let v = PAP(parsing: s) { changes.pap = v } else { errors["pap"] = "error.pap" } }
        if let v = json["assignee"] {
            if v is NSNull { changes.assigneeID = .some(nil) }
            else if let email = v as? String,
                    let user = try await UserModel.query(on: req.db).filter(\.$email == email.lowercased()).first() {
                changes.assigneeID = .some(user.id)
            } else { errors["assignee"] = "error.assignee" }
        }
        var target: IncidentStatus?
        if let s = string("status") { if let v = IncidentStatus(rawValue: s) { target = v } else { errors["status"] = "error.status" } }
        let mergedInto = string("merged_into")
        if mergedInto != nil, target != .merged { errors["merged_into"] = "error.merge_target" }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        // All or nothing: a status move that would be refused stops the whole request.
        if let target {
            try await req.qalxan.incidents.checkStatusChange(number, to: target, mergedInto: mergedInto, actor: req.actor, on: req.db)
        }
        let updated = try await req.qalxan.incidents.update(number, changes, actor: req.actor, on: req.db)
        if let target {
            if updated.statusValue != target {
                try await req.qalxan.incidents.changeStatus(number, to: target, mergedInto: mergedInto, actor: req.actor, on: req.db)
            }
        }
        let detail = try await IncidentQuery.detail(number, actor: req.actor, on: req.db)
        return try JSONBody.response(JSONBody.incident(detail))
    }

    func addComment(_ req: Request) async throws -> Response {
        try req.requireScope(.incidentsWrite)
        let json = try JSONBody.object(Data(req.body.data?.readableBytesView ?? ByteBuffer().readableBytesView))
        let kindText = json["kind"] as? String ?? "comment"
        guard let kind = TimelineItem.Kind(rawValue: kindText), kind == .comment || kind == .note else {
            throw ServiceError.invalid(["kind": "error.required"])
        }
        guard let body = json["body"] as? String else { throw ServiceError.invalid(["body": "error.required"]) }
        let item = try await req.qalxan.incidents.addComment(req.parameters.get("number") ?? "", body: body, kind: kind,
                                                             actor: req.actor, on: req.db)
        return try JSONBody.response(JSONBody.entry(item), status: .created)
    }

    func timeline(_ req: Request) async throws -> Response {
        try req.requireScope(.incidentsRead)
        let detail = try await IncidentQuery.detail(req.parameters.get("number") ?? "", actor: req.actor, on: req.db)
        return try JSONBody.response(["items": detail.timeline.reversed().map(JSONBody.entry)])
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ f: (Key) -> K) -> [K: Value] {
        Dictionary<K, Value>(map { (f($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Bearer-token authentication for the API.
struct APIAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token,
              let (user, scopes) = try await request.qalxan.tokens.authenticate(bearer, on: request.db)
        else { throw PageError(status: .unauthorized) }
        if let wait = await request.qalxan.rateLimiter.hit("api|\(user.id!)", limit: 1200, window: 60) {
            throw PageError(status: .tooManyRequests, retryAfter: wait)
        }
        request.storage[APIScopesKey.self] = scopes
        request.staff = StaffSession(user: .init(id: user.id!, email: user.email, name: user.name, role: user.roleValue),
                                     csrfToken: "", token: "")
        return try await next.respond(to: request)
    }
}

struct APIScopesKey: StorageKey { typealias Value = Set<APIScope> }

extension Request {
    /// Throws 403 unless the request's token carries `scope`.
    func requireScope(_ scope: APIScope) throws {
        guard storage[APIScopesKey.self]?.contains(scope) == true else { throw PageError(status: .forbidden) }
    }
}

/// JSON in and out of the API, in the shapes the OpenAPI document describes.
enum JSONBody {
    static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PageError(status: .badRequest)
        }
        return object
    }

    static func response(_ object: Any, status: HTTPResponseStatus = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(data: data))
    }

    static func date(_ d: Date?) -> Any { d.map(DateText.iso) ?? NSNull() }

    static func user(_ u: UserRef?) -> Any {
        guard let u else { return NSNull() }
        return ["id": u.id.uuidString.lowercased(), "email": u.email, "name": u.name]
    }

    static func summary(_ s: IncidentSummary) -> [String: Any] {
        [
            "id": s.id.uuidString.lowercased(), "number": s.number, "title": s.title, "status": s.status.rawValue,
            "classification": s.classification.map { ["class": $0.className, "type": $0.path] as [String: Any] } ?? NSNull(),
            "severity": s.severity.rawValue, "tlp": s.tlp.rawValue, "pap": s.pap.rawValue, "assignee": user(s.assignee),
            "created_at": DateText.iso(s.createdAt), "updated_at": DateText.iso(s.updatedAt),
        ]
    }

    static func incident(_ d: IncidentDetail) -> [String: Any] {
        var o = summary(d.summary)
        o["description"] = d.description
        o["affected_systems"] = d.affectedSystems
        o["first_response_at"] = date(d.clock.firstResponseAt)
        o["resolved_at"] = date(d.clock.resolvedAt)
        o["closed_at"] = date(d.clock.closedAt)
        o["merged_into"] = d.mergedInto ?? NSNull()
        o["reports"] = d.reports.map {
            ["id": $0.id.uuidString.lowercased(), "number": $0.number, "received_at": DateText.iso($0.receivedAt),
             "channel": $0.channel.rawValue] as [String: Any]
        }
        return o
    }

    static func entry(_ e: TimelineItem) -> [String: Any] {
        ["id": e.id.uuidString.lowercased(), "at": DateText.iso(e.at), "kind": e.kind.rawValue, "actor": user(e.actor),
         "body": e.body, "data": e.data]
    }
}
