import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away GnuPG home for one test, so tests make real keys without touching anyone's
/// keyring and can run in parallel.
final class GnuPGSandbox {
    /// A gpg invocation that failed; the message carries gpg's stderr so the test log says why.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let home: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "qalxan-gpg-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "mkdtemp failed: errno \(errno)")
        }
        home = String(cString: created)
        // GnuPG refuses (warns about) a home other users can read.
        guard chmod(home, 0o700) == 0 else { throw Failure(description: "chmod 700 \(home) failed") }
    }

    /// Stops the agent this home started and deletes the home.
    func close() {
        _ = try? run(["gpgconf", "--kill", "all"], usePrefix: false)
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Runs `gpg` in batch mode with an empty passphrase and returns its stdout; `input` is
    /// fed to stdin (for `--command-fd 0`).
    @discardableResult
    func gpg(_ arguments: [String], input: String? = nil) throws -> Data {
        try run(["gpg"] + arguments, usePrefix: true, input: input)
    }

    /// Runs `gpg` and returns its stdout as text.
    func gpgText(_ arguments: [String]) throws -> String {
        String(decoding: try gpg(arguments), as: UTF8.self)
    }

    /// Makes a key and returns its fingerprint.
    func generateKey(userID: String, algorithm: String, usage: String, expiry: String, fakedTime: String? = nil) throws -> String {
        var arguments = ["--quick-gen-key", userID, algorithm, usage, expiry]
        if let fakedTime { arguments = ["--faked-system-time", fakedTime] + arguments }
        try gpg(arguments)
        let listing = try gpgText(["--with-colons", "--fixed-list-mode", "--list-keys", "=" + userID])
        return try Self.colonRecords(listing, type: "fpr").first.map { $0[9] }
            .orThrow("no fpr line after generating \(userID):\n\(listing)")
    }

    /// Parses `gpg --with-colons` output into records of the given type (fields 0-based).
    static func colonRecords(_ listing: String, type: String) -> [[String]] {
        listing.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.first == type }
    }

    private func run(_ command: [String], usePrefix: Bool, input: String? = nil) throws -> Data {
        let process = Process()
        // /usr/bin/env resolves gpg on PATH, so the same test runs wherever gpg is installed.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let batch = ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", ""]
        process.arguments = usePrefix ? [command[0]] + batch + command.dropFirst() : command
        var environment = ProcessInfo.processInfo.environment
        environment["GNUPGHOME"] = home
        environment["LC_ALL"] = "C"
        process.environment = environment

        // Files rather than pipes: nothing can deadlock on a full pipe buffer.
        let stdoutPath = home + "/.stdout-\(UUID().uuidString)"
        let stderrPath = home + "/.stderr-\(UUID().uuidString)"
        let stdinPath = home + "/.stdin-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: stdoutPath)
            try? FileManager.default.removeItem(atPath: stderrPath)
            try? FileManager.default.removeItem(atPath: stdinPath)
        }
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = stdout
        process.standardError = stderr
        if let input {
            _ = FileManager.default.createFile(atPath: stdinPath, contents: Data(input.utf8))
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        let output = FileManager.default.contents(atPath: stdoutPath) ?? Data()
        guard process.terminationStatus == 0 else {
            let errors = String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
            throw Failure(description: "\(command.joined(separator: " ")) exited \(process.terminationStatus):\n\(errors)")
        }
        return output
    }
}

extension Optional {
    /// Unwraps or throws a `GnuPGSandbox.Failure` with `message`.
    func orThrow(_ message: @autoclosure () -> String) throws -> Wrapped {
        guard let self else { throw GnuPGSandbox.Failure(description: message()) }
        return self
    }
}
