import Foundation
import QalxanCore

/// What GnuPG's status lines say about a signature (`VALIDSIG`, `BADSIG`, `ERRSIG`,
/// `NO_PUBKEY`, `EXPKEYSIG`, `REVKEYSIG`), read from `--status-file`, never from the
/// human text.
public struct SignatureCheck: Sendable, Equatable {
    public let state: MailSignatureState
    /// The signing key's fingerprint when valid; its key id otherwise, when known.
    public let signer: String

    public init(state: MailSignatureState, signer: String) {
        self.state = state
        self.signer = signer
    }

    init(status lines: [String]) {
        var state = MailSignatureState.none
        var signer = ""
        for line in lines where line.hasPrefix("[GNUPG:] ") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count > 1 else { continue }
            switch parts[1] {
            case "VALIDSIG" where parts.count > 2:
                // Field 11 is the primary key's fingerprint (parts[2] may be a subkey's).
                if state != .bad { state = .valid; signer = parts.count > 11 ? parts[11] : parts[2] }
            case "BADSIG", "EXPKEYSIG", "REVKEYSIG":
                state = .bad
                if parts.count > 2 { signer = parts[2] }
            case "ERRSIG":
                if state == .none || state == .error {
                    // Field 7 of ERRSIG is the reason: 9 means the public key is missing.
                    state = parts.count > 7 && parts[7] == "9" ? .unknownKey : .error
                    if parts.count > 2 { signer = parts[2] }
                }
            case "NO_PUBKEY":
                if state == .none || state == .error { state = .unknownKey; if parts.count > 2 { signer = parts[2] } }
            default:
                break
            }
        }
        self.init(state: state, signer: signer)
    }
}

/// What decrypting a message gave.
public struct DecryptionResult: Sendable {
    public let plaintext: Data
    /// A signature inside the encrypted data, checked while decrypting.
    public let signature: SignatureCheck
}

extension GnuPG {
    /// The `micalg` parameter matching `detachSignForMail`.
    public static let mailMicalg = "pgp-sha256"

    /// An ASCII-armoured detached signature with SHA-256, for PGP/MIME (RFC 3156).
    public func detachSignForMail(_ data: Data) async throws(Failure) -> String {
        let out = try await run(["--armor", "--digest-algo", "SHA256", "--detach-sign"] + localUser, input: data)
        return String(decoding: out, as: UTF8.self)
    }

    /// `data` encrypted to each of `recipientKeys` (ASCII-armoured public keys as the
    /// contacts' records hold them), ASCII-armoured. The keys are used from files and
    /// never imported into the team's keyring; staff vouched for them by entering them.
    public func encrypt(_ data: Data, recipientKeys: [String]) async throws(Failure) -> String {
        guard !recipientKeys.isEmpty else { throw Failure(key: "pgp.no_recipient_key", detail: "no recipient key") }
        var files: [String: Data] = [:]
        var args = ["--armor", "--trust-model", "always"]
        for (i, key) in recipientKeys.enumerated() {
            files["key\(i)"] = Data(key.utf8)
            args += ["--recipient-file", "{key\(i)}"]
        }
        args.append("--encrypt")
        let r = try await execute(args, input: data, output: true, files: files)
        guard r.exitStatus == 0, !r.output.isEmpty else {
            throw Failure(key: "pgp.encrypt_failed", detail: "gpg exited with \(r.exitStatus): \(r.stderr.prefix(500))")
        }
        return String(decoding: r.output, as: UTF8.self)
    }

    /// Decrypts with the team's secret key. Throws `pgp.undecryptable` when it cannot.
    public func decrypt(_ data: Data, maxOutput: Int = 200 * 1024 * 1024) async throws(Failure) -> DecryptionResult {
        // A small compressed message may expand enormously: gpg stops at the limit.
        let r = try await execute(["--max-output", String(maxOutput), "--decrypt"], input: data, output: true)
        let ok = r.status.contains { $0.hasPrefix("[GNUPG:] DECRYPTION_OKAY") }
        guard ok else {
            throw Failure(key: "pgp.undecryptable", detail: "gpg exited with \(r.exitStatus): \(r.stderr.prefix(500))")
        }
        return DecryptionResult(plaintext: r.output, signature: SignatureCheck(status: r.status))
    }

    /// Checks a detached signature over `data` (the exact bytes of the signed MIME part)
    /// or, without `signature`, an inline (cleartext-signed) text.
    public func check(_ data: Data, signature: String?) async throws(Failure) -> SignatureCheck {
        let r = try await execute(["--verify"], input: data, detached: signature, output: false)
        let check = SignatureCheck(status: r.status)
        if check.state == .none { return SignatureCheck(state: .error, signer: "") }
        return check
    }

    /// Imports an ASCII-armoured key (public, or secret for the team key); returns the
    /// fingerprints imported.
    public func importKey(_ armored: String) async throws(Failure) -> [String] {
        try FileManager.default.createPrivateDirectory(home)
        let r = try await execute(["--import"], input: Data(armored.utf8), output: false)
        let fprs = r.status.compactMap { line -> String? in
            let p = line.split(separator: " ")
            return p.count > 3 && p[1] == "IMPORT_OK" ? String(p[3]) : nil
        }
        guard !fprs.isEmpty else { throw Failure(key: "pgp.import_failed", detail: "gpg exited with \(r.exitStatus): \(r.stderr.prefix(500))") }
        var seen = Set<String>()
        return fprs.filter { seen.insert($0).inserted }
    }
}
