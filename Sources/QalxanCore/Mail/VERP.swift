/// Variable envelope return paths: `bounces+TOKEN@domain` bounce addresses.
public enum VERP {
    /// Inserts `+token` before the `@` of the bounce address.
    public static func encode(token: String, bounceAddress: String) -> String {
        guard let at = bounceAddress.lastIndex(of: "@") else { return "\(bounceAddress)+\(token)" }
        return "\(bounceAddress[..<at])+\(token)\(bounceAddress[at...])"
    }

    /// Returns the token when `address` is the bounce address with a `+token`
    /// suffix on its local part (local part base and domain compared
    /// case-insensitively). Tokens are 1 to 64 of `A-Z a-z 0-9 _ -`.
    public static func decode(_ address: String, bounceAddress: String) -> String? {
        let candidate = MailReportSupport.stripAngles(address)
        guard let at = candidate.lastIndex(of: "@"), let bounceAt = bounceAddress.lastIndex(of: "@") else { return nil }
        let domain = candidate[candidate.index(after: at)...]
        let bounceDomain = bounceAddress[bounceAddress.index(after: bounceAt)...]
        guard domain.lowercased() == bounceDomain.lowercased() else { return nil }
        let local = candidate[..<at]
        let base = bounceAddress[..<bounceAt] + "+"
        guard local.count > base.count, local.lowercased().hasPrefix(base.lowercased()) else { return nil }
        let token = local.dropFirst(base.count)
        guard token.count <= 64, token.unicodeScalars.allSatisfy({
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }) else { return nil }
        return String(token)
    }
}
