import Foundation

/// The team's OpenPGP key, held by GnuPG in its own home directory: signs the RFC 2350
/// text, security.txt and CSAF documents, and exports the public key the site serves.
///
/// GnuPG is run as a child process with `--batch`; input and output go through files in
/// a private temporary folder, so no pipe can fill up and block either side, and no
/// secret passes through the command line.
public struct GnuPG: Sendable {
    /// What went wrong, with the catalog key a page shows and GnuPG's own words for the log.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let key: String
        public let detail: String
        public var description: String { "\(key): \(detail)" }
    }

    /// The GnuPG home directory (`--homedir`).
    public let home: String
    /// The signing key: a fingerprint, key id or user id; nil means GnuPG's default key.
    public let key: String?
    /// The `gpg` executable.
    public let executable: String

    public init(home: String, key: String? = nil, executable: String? = nil) {
        self.home = home
        self.key = key.flatMap { $0.isEmpty ? nil : $0 }
        self.executable = executable ?? GnuPG.findExecutable() ?? "/usr/bin/gpg"
    }

    /// `gpg` on the PATH.
    public static func findExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/gpg"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `text` with an OpenPGP cleartext signature (RFC 9580 §7).
    public func clearsign(_ text: String) async throws(Failure) -> String {
        let out = try await run(["--clearsign"] + localUser, input: Data(text.utf8))
        return String(decoding: out, as: UTF8.self)
    }

    /// An ASCII-armoured detached signature of `data` (CSAF's `.asc` files).
    public func detachSign(_ data: Data) async throws(Failure) -> String {
        let out = try await run(["--armor", "--detach-sign"] + localUser, input: data)
        return String(decoding: out, as: UTF8.self)
    }

    /// The public key, ASCII-armoured, with only what others need (`export-minimal`).
    public func exportPublicKey() async throws(Failure) -> String {
        // By fingerprint: `--export` without one would publish every key of the home.
        let fpr = try await fingerprint()
        let out = try await run(["--armor", "--export-options", "export-minimal", "--export", "--", fpr], input: nil)
        guard !out.isEmpty else { throw Failure(key: "pgp.no_team_key", detail: "no public key for \(key ?? "the default key")") }
        return String(decoding: out, as: UTF8.self)
    }

    /// The signing key's fingerprint (40 or 64 hex digits, upper-case).
    public func fingerprint() async throws(Failure) -> String {
        let out = try await run(["--with-colons", "--fingerprint", "--list-secret-keys"] + (key.map { ["--", $0] } ?? []),
                                input: nil, output: false)
        // The first `fpr` record after a `sec` record that may sign: not expired, revoked,
        // disabled or invalid (field 2), with `S` among its capabilities (field 12).
        var usable = false
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.first == "sec" {
                usable = fields.count > 11 && !["e", "r", "d", "i", "n"].contains(fields[1]) && fields[11].contains("S")
            }
            if usable, fields.first == "fpr", fields.count > 9 { return String(fields[9]) }
            if fields.first == "ssb" { usable = false }
        }
        throw Failure(key: "pgp.no_team_key", detail: "no secret key for \(key ?? "the default key") in \(home)")
    }

    /// Whether a secret key to sign with is there.
    public func hasSigningKey() async -> Bool {
        (try? await fingerprint()) != nil
    }

    /// Creates the team key: Ed25519 for signing with a Curve25519 subkey for encryption,
    /// without a passphrase (the server signs unattended; the home directory is kept
    /// private instead). Returns the fingerprint.
    public func generateKey(userID: String, validity: String = "2y") async throws(Failure) -> String {
        try FileManager.default.createPrivateDirectory(home)
        _ = try await run(["--passphrase", "", "--quick-generate-key", "--", userID, "ed25519", "sign", validity],
                          input: nil, output: false)
        let created = GnuPG(home: home, key: userID, executable: executable)
        let fpr = try await created.fingerprint()
        _ = try await run(["--passphrase", "", "--quick-add-key", "--", fpr, "cv25519", "encr", validity], input: nil, output: false)
        return fpr
    }

    /// Checks a signature: for a cleartext-signed text `signature` is nil; for a detached
    /// one `data` is what was signed. Returns the signer's fingerprint.
    public func verify(_ data: Data, signature: String? = nil) async throws(Failure) -> String {
        let r = try await execute(["--verify"], input: data, detached: signature, output: false)
        let check = SignatureCheck(status: r.status)
        guard r.exitStatus == 0, check.state == .valid else {
            throw Failure(key: "pgp.bad_signature", detail: "no valid signature: \(r.stderr.prefix(300))")
        }
        return check.signer
    }

    var localUser: [String] { key.map { ["--local-user=\($0)"] } ?? [] }

    /// Runs gpg with `arguments`; `input` is given as a file (last argument), the result is
    /// read from `--output` (or from standard output when `output` is false). Throws when
    /// gpg exits with an error.
    func run(_ arguments: [String], input: Data?, detached: String? = nil, output: Bool = true,
             files: [String: Data] = [:]) async throws(Failure) -> Data {
        let r = try await execute(arguments, input: input, detached: detached, output: output, files: files)
        guard r.exitStatus == 0 else {
            let key = arguments.contains("--verify") ? "pgp.bad_signature" : "pgp.failed"
            throw Failure(key: key, detail: "gpg exited with \(r.exitStatus): \(r.stderr.prefix(500))")
        }
        return r.output
    }

    /// What one run of gpg left: its exit status, its output, its machine-readable
    /// status lines (`--status-file`, never the human text) and its error text.
    struct Execution {
        let exitStatus: Int32
        let output: Data
        let status: [String]
        let stderr: String
    }

    /// Runs gpg and returns whatever it left, whatever its exit status. `files` are
    /// written to the private folder first; `{name}` in an argument becomes its path.
    func execute(_ arguments: [String], input: Data?, detached: String? = nil, output: Bool = true,
                 files: [String: Data] = [:]) async throws(Failure) -> Execution {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("qalxan-gpg-\(UUID().uuidString)")
        do { try fm.createPrivateDirectory(work.path) } catch { throw Failure(key: "pgp.failed", detail: "\(error)") }
        defer { try? fm.removeItem(at: work) }
        let inFile = work.appendingPathComponent("in"), outFile = work.appendingPathComponent("out")
        let stdoutFile = work.appendingPathComponent("stdout"), stderrFile = work.appendingPathComponent("stderr")
        let statusFile = work.appendingPathComponent("status")
        var args = ["--homedir", home, "--batch", "--yes", "--no-tty", "--quiet", "--pinentry-mode", "loopback",
                    "--status-file", statusFile.path]
        if output && input != nil { args += ["--output", outFile.path] }
        var arguments = arguments
        do {
            for (name, data) in files {
                let url = work.appendingPathComponent("f-\(name)")
                try data.write(to: url)
                arguments = arguments.map { $0 == "{\(name)}" ? url.path : $0 }
            }
        } catch { throw Failure(key: "pgp.failed", detail: "\(error)") }
        args += arguments
        do {
            if let detached {
                let sigFile = work.appendingPathComponent("sig.asc")
                try Data(detached.utf8).write(to: sigFile)
                args.append(sigFile.path)
            }
            if let input {
                try input.write(to: inFile)
                args.append(inFile.path)
            }
            try Data().write(to: stdoutFile)
            try Data().write(to: stderrFile)
            try Data().write(to: statusFile)
        } catch { throw Failure(key: "pgp.failed", detail: "\(error)") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.standardInput = FileHandle.nullDevice
        let status: Int32
        do {
            let outHandle = try FileHandle(forWritingTo: stdoutFile)
            let errHandle = try FileHandle(forWritingTo: stderrFile)
            defer { try? outHandle.close(); try? errHandle.close() }
            process.standardOutput = outHandle
            process.standardError = errHandle
            status = try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { c.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    c.resume(throwing: error)
                }
            }
        } catch {
            throw Failure(key: "pgp.unavailable", detail: "cannot run \(executable): \(error)")
        }
        let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        let statusText = (try? String(contentsOf: statusFile, encoding: .utf8)) ?? ""
        let result = output && input != nil ? outFile : stdoutFile
        return Execution(
            exitStatus: status, output: (try? Data(contentsOf: result)) ?? Data(),
            status: statusText.split(separator: "\n").map(String.init), stderr: stderr)
    }
}

extension FileManager {
    /// Creates `path` (and its parents) readable by the owner only, as GnuPG wants its home.
    func createPrivateDirectory(_ path: String) throws(GnuPG.Failure) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        } catch {
            throw GnuPG.Failure(key: "pgp.failed", detail: "cannot create \(path): \(error)")
        }
    }
}
