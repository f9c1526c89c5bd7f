import Foundation
import QalxanCore

/// Who does something, and from where: recorded in the audit log with every change.
public struct Actor: Sendable {
    public let userID: UUID?
    /// E-mail of a staff member, `public` for a visitor, `cli` for the command line.
    public let label: String
    public let role: Role?
    /// Client address (IP) or `cli`.
    public let address: String

    public init(userID: UUID?, label: String, role: Role?, address: String) {
        self.userID = userID
        self.label = label
        self.role = role
        self.address = address
    }

    /// An anonymous visitor of the public site.
    public static func visitor(address: String) -> Actor { Actor(userID: nil, label: "public", role: nil, address: address) }

    /// The command line run by an administrator on the server.
    public static let cli = Actor(userID: nil, label: "cli", role: .administrator, address: "cli")

    /// Whether the actor's role grants `permission`; the command line may do anything.
    public func can(_ permission: Permission) -> Bool { role?.allows(permission) ?? false }

    /// Throws `.forbidden` unless the actor may do `permission`.
    public func require(_ permission: Permission) throws(ServiceError) {
        guard can(permission) else { throw .forbidden }
    }
}

/// Why a service refused a request. Each case says what the user can do about it;
/// the web layer turns it into a page or RFC 9457 problem details.
public enum ServiceError: Error, Equatable, Sendable {
    /// Nothing there (or nothing the actor may see: the answer is the same).
    case notFound
    /// The actor's role does not allow it.
    case forbidden
    /// Field name → catalog key of what is wrong.
    case invalid([String: String])
    /// The request clashes with the current state; catalog key of the explanation.
    case conflict(String)
}
