/// Hashes and checks passwords. The web layer provides bcrypt; services never see a
/// hash algorithm directly.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
}
