import QalxanCore
import QalxanServices
import Vapor

/// Refuses a route before its body is read when the signed-in staff member lacks a
/// permission: a large upload is not buffered for someone who may not send it.
struct PermissionMiddleware: AsyncMiddleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try request.actor.require(permission)
        return try await next.respond(to: request)
    }
}
