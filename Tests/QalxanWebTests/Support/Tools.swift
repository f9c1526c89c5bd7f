import Foundation
import Testing

/// Programs the tests check Qalxan's output with: the validators in `.venv` (made by
/// `.ci/run`), gpg, xmllint. A missing program fails the test with what to install.
enum Tools {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `../shared/data`.
    static func shared(_ relative: String) -> String {
        root.deletingLastPathComponent().appendingPathComponent("shared/data/\(relative)").path
    }

    /// `.venv/bin/<name>`, else `<name>` on the PATH.
    static func find(_ name: String) throws -> String {
        let venv = root.appendingPathComponent(".venv/bin/\(name)").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        throw ToolMissing(description: "\(name) not found: run .ci/run once (it makes .venv and installs the packages)")
    }

    struct ToolMissing: Error, CustomStringConvertible { let description: String }

    /// Runs a program; returns its exit status and its output (stdout and stderr).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qx-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outFile = dir.appendingPathComponent("out")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        let out = try FileHandle(forWritingTo: outFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardOutput = out
        p.standardError = out
        if let stdin {
            let inFile = dir.appendingPathComponent("in")
            try stdin.write(to: inFile)
            p.standardInput = try FileHandle(forReadingFrom: inFile)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        p.waitUntilExit()
        try out.close()
        return (p.terminationStatus, (try? String(contentsOf: outFile, encoding: .utf8)) ?? "")
    }

    /// Writes `data` to a new temporary file named `name`; returns its path.
    static func write(_ data: Data, named name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qx-file-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}
