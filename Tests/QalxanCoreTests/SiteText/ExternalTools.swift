import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the programs that check the published texts from outside: gpg, xmllint, and the
/// Python validators (sectxt, feedparser) in a virtual environment. A missing program
/// fails the test that needs it, with the command that installs it.
enum ExternalTools {
    /// What a program did.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var all: String { stdout + stderr }
    }

    /// A program that could not be run or failed; carries its output for the test log.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }


    /// The virtual environment with sectxt and feedparser: `$QALXAN_VENV`, else `.venv`
    /// at the root of the package these tests belong to (where the CI script makes it),
    /// else `./.venv`.
    static var venv: String {
        if let path = ProcessInfo.processInfo.environment["QALXAN_VENV"], !path.isEmpty { return path }
        if let root = packageRoot, FileManager.default.fileExists(atPath: root + "/.venv/bin/python") {
            return root + "/.venv"
        }
        return (packageRoot ?? ".") + "/.venv"
    }

    /// The nearest folder above this file that holds a Package.swift.
    static let packageRoot: String? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// The venv's Python, or a failure that says how to make the venv.
    static func python() throws -> String {
        let path = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "no Python venv at \(venv): python3 -m venv \(venv) && \(venv)/bin/pip install sectxt feedparser (or set QALXAN_VENV)")
        }
        return path
    }

    /// `name` on the PATH, or a failure naming the Debian package.
    static func executable(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw Failure(description: "\(name) is not installed: apt-get install \(package)")
    }

    /// Runs `executable` with `arguments`, `input` on stdin, and waits for it. Output goes
    /// through files, so no pipe can fill up and block either side.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let dir = try temporaryDirectory(prefix: "qx-run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stdoutPath = dir + "/stdout", stderrPath = dir + "/stderr", stdinPath = dir + "/stdin"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stdinPath, contents: Data((input ?? "").utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env["PYTHONIOENCODING"] = "utf-8"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let inp = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close(); try inp.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self))
    }

    /// Runs a Python script with the venv's Python; `arguments` follow the script.
    static func python(_ script: String, _ arguments: [String]) throws -> Result {
        let dir = try temporaryDirectory(prefix: "qx-py")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/check.py"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return try run(try python(), [path] + arguments)
    }

    /// Writes `text` to a new temporary file named `name` and returns its path; the
    /// caller removes the returned directory.
    static func write(_ text: String, named name: String) throws -> (dir: String, path: String) {
        let dir = try temporaryDirectory(prefix: "qx-file")
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    /// A new private directory under the system's temporary directory. Short paths:
    /// gpg-agent puts its socket there, and socket paths are limited to 107 bytes.
    static func temporaryDirectory(prefix: String) throws -> String {
        var template = Array(("/tmp/\(prefix)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "mkdtemp failed: errno \(errno)")
        }
        return String(cString: made)
    }
}

/// A throw-away GnuPG home with one Ed25519 signing key, as a team would have, so tests
/// sign and verify without touching anyone's keyring.
final class GnuPGSandbox {
    let home: String
    let gpg: String

    init() throws {
        gpg = try ExternalTools.executable("gpg", package: "gnupg")
        home = try ExternalTools.temporaryDirectory(prefix: "qx-gpg")
        try run(["--quick-gen-key", "Test CERT <cert@example.org>", "ed25519", "sign", "never"])
    }

    /// Stops the agent this home started and deletes the home.
    func close() {
        if let gpgconf = try? ExternalTools.executable("gpgconf", package: "gnupg") {
            _ = try? ExternalTools.run(gpgconf, ["--homedir", home, "--kill", "gpg-agent"])
        }
        try? FileManager.default.removeItem(atPath: home)
    }

    /// `text` with an OpenPGP cleartext signature.
    func clearsign(_ text: String) throws -> String {
        try run(["--clearsign"], input: text).stdout
    }

    /// gpg's verdict on a clear-signed text: the result of `--verify`, status 0 when good.
    /// The text goes in on stdin: given a file name, gpg would take a file of the same
    /// name less `.asc` for the signed data of a detached signature.
    func verify(_ signed: String) throws -> ExternalTools.Result {
        try ExternalTools.run(gpg, ["--homedir", home, "--batch", "--verify"], input: signed)
    }

    /// The text a clear-signed message carries, as gpg gives it back (dash-escaping undone).
    func signedText(_ signed: String) throws -> String {
        let file = try ExternalTools.write(signed, named: "signed.asc")
        defer { try? FileManager.default.removeItem(atPath: file.dir) }
        return try run(["--output", "-", "--decrypt", file.path]).stdout
    }

    @discardableResult
    private func run(_ arguments: [String], input: String? = nil) throws -> ExternalTools.Result {
        let result = try ExternalTools.run(
            gpg, ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", ""] + arguments,
            input: input)
        guard result.status == 0 else {
            throw ExternalTools.Failure(description: "gpg \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.stderr)")
        }
        return result
    }
}
