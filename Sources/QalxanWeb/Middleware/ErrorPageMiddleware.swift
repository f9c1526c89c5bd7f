import Foundation
import QalxanCore
import QalxanServices
import QalxanViews
import Vapor

/// Turns every error into an answer the user can read: an HTML page in their language,
/// or RFC 9457 problem details under `/api/`. Internal errors are logged, never shown.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, retryAfter, fields) = Self.classify(error)
            if status == .internalServerError {
                request.logger.report(error: error)
            }
            let response: Response
            if request.url.path.hasPrefix("/api/") {
                response = Problem.response(status: status, language: .en, fields: fields)
            } else {
                let lang = request.bestLanguage
                let code = Self.pageCode(status)
                let model = ErrorModel(status: Int(status.code), titleKey: "errorpage.\(code).title",
                                       messageKey: "errorpage.\(code).message")
                response = Render.page(PublicPages.error(model, request.pageContext(lang)), status: status)
            }
            if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
            return response
        }
    }

    static let pageCodes: Set<Int> = [400, 403, 404, 405, 413, 422, 429, 500]

    /// The error page (catalog `errorpage.<code>.*`) that tells the user about `status`.
    static func pageCode(_ status: HTTPResponseStatus) -> Int {
        pageCodes.contains(Int(status.code)) ? Int(status.code) : (status.code >= 500 ? 500 : 400)
    }

    static func classify(_ error: any Error) -> (HTTPResponseStatus, Int?, [String: String]) {
        switch error {
        case let e as PageError: return (e.status, e.retryAfter, [:])
        case let e as ServiceError:
            switch e {
            case .notFound: return (.notFound, nil, [:])
            case .forbidden: return (.forbidden, nil, [:])
            case .invalid(let fields): return (.unprocessableEntity, nil, fields)
            case .conflict(let key): return (.conflict, nil, ["_": key])
            }
        case let e as any AbortError: return (e.status, nil, [:])
        default: return (.internalServerError, nil, [:])
        }
    }
}

/// RFC 9457 problem details.
enum Problem {
    static func response(status: HTTPResponseStatus, language: Language, fields: [String: String] = [:], detail: String? = nil) -> Response {
        let l = Localizer(language)
        let code = ErrorPageMiddleware.pageCode(status)
        var body: [String: Any] = [
            "type": "about:blank",
            "title": status.reasonPhrase,
            "status": Int(status.code),
            "detail": detail ?? (fields["_"].map { l.t($0) } ?? l.t("errorpage.\(code).message")),
        ]
        let fieldErrors = fields.filter { $0.key != "_" }
        if !fieldErrors.isEmpty { body["errors"] = fieldErrors.mapValues { l.t($0) } }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        if status == .unauthorized { headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"qalxan\"") }
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}
