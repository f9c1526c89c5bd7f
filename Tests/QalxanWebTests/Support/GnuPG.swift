import Foundation
import Testing

/// A throwaway GnuPG home for tests: real keys made by the real tool.
final class GnuPGHome: @unchecked Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("qx-gpg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Runs gpg with this home; a failure fails the test with gpg's own message.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gpg", "--homedir", path, "--batch", "--pinentry-mode", "loopback", "--passphrase", ""] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "gpg \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }

    /// Makes an ed25519 key with a cv25519 encryption subkey; returns the armored public
    /// key and the fingerprint gpg reports.
    func makeKey(_ uid: String, expiry: String = "1y", fakedTime: String? = nil) throws -> (armored: String, fingerprint: String) {
        let time = fakedTime.map { ["--faked-system-time", $0] } ?? []
        try run(time + ["--quick-gen-key", uid, "ed25519", "cert", expiry])
        let colons = try run(["--with-colons", "--list-keys", uid])
        let fpr = try #require(colons.split(separator: "\n").first { $0.hasPrefix("fpr:") }?.split(separator: ":", omittingEmptySubsequences: false)[9])
        try run(time + ["--quick-add-key", String(fpr), "cv25519", "encr", expiry])
        return (try run(["--armor", "--export", String(fpr)]), String(fpr))
    }
}
