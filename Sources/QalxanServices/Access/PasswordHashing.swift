/// Hashes and checks passwords. The web layer provides bcrypt; services never see a
/// hash algorithm directly.
/// Both are slow on purpose (about a quarter of a second): implementations run them
/// off the request threads.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
