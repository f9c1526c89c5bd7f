import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

enum TestSetupError: Error, CustomStringConvertible {
    case message(String)
    var description: String { switch self { case .message(let m): return m } }
}

/// Finds the Python interpreter with aiosmtpd: `$QALXAN_PYTHON`, `.venv/bin/python` walking up from this file,
/// or `python3` on PATH. Fails (never skips) with a clear message when aiosmtpd is unavailable.
func testPython() throws -> String {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["QALXAN_PYTHON"] { candidates.append(env) }
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        candidates.append(dir.appendingPathComponent(".venv/bin/python").path)
        dir = dir.deletingLastPathComponent()
    }
    for path in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(path)/python3") }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
        if (try? runTool(candidate, ["-c", "import aiosmtpd"]))?.status == 0 { return candidate }
    }
    throw TestSetupError.message("""
        No Python with aiosmtpd found (tried QALXAN_PYTHON, .venv/bin/python above \(#filePath), python3 on PATH). \
        Create it with: python3 -m venv .venv && .venv/bin/pip install aiosmtpd
        """)
}

struct ToolOutput { var status: Int32; var stdout: String; var stderr: String }

/// Runs a tool to completion, capturing output through temporary files.
func runTool(_ executable: String, _ arguments: [String]) throws -> ToolOutput {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try process.run()
    process.waitUntilExit()
    return ToolOutput(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
}

/// A self-signed certificate for 127.0.0.1/localhost in a temporary directory.
struct TestCertificate {
    let directory: URL
    var cert: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try runTool("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2",
            "-keyout", directory.appendingPathComponent("key.pem").path, "-out", directory.appendingPathComponent("cert.pem").path,
        ])
        guard result.status == 0 else { throw TestSetupError.message("openssl failed: \(result.stderr)") }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A message the test server stored.
struct ReceivedMessage {
    var mailFrom: String
    var rcptTos: [String]
    var mailOptions: [String]
    var tls: Bool
    var authenticated: Bool
    var content: [UInt8]
}

/// The aiosmtpd test server (`smtp_server.py`) running as a child process; ``stop()`` kills it
/// (also called from `deinit`, so a failing test never leaks a server).
final class TestSMTPServer: @unchecked Sendable {
    let port: Int
    let outputDirectory: URL
    private let process: Process
    private let stdinPipe: Pipe
    private var stopped = false

    init(_ arguments: [String] = []) throws {
        let python = try testPython()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_server.py").path
        outputDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let stderrURL = outputDirectory.appendingPathComponent("server.stderr")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, outputDirectory.path] + arguments
        stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()

        // Read the first stdout line (the port); EOF means the server died.
        var line = Data()
        let handle = stdoutPipe.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard let port = Int(text.trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            process.waitUntilExit()
            let log = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw TestSetupError.message("SMTP test server did not start: \(log)")
        }
        self.port = port
    }

    /// Messages stored so far, in order.
    func messages() throws -> [ReceivedMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: outputDirectory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let base = outputDirectory.appendingPathComponent(String(name.dropLast(5)))
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json"))) as? [String: Any] ?? [:]
            return ReceivedMessage(
                mailFrom: meta["mail_from"] as? String ?? "", rcptTos: meta["rcpt_tos"] as? [String] ?? [],
                mailOptions: meta["mail_options"] as? [String] ?? [], tls: meta["tls"] as? Bool ?? false,
                authenticated: meta["authenticated"] as? Bool ?? false,
                content: Array(try Data(contentsOf: base.appendingPathExtension("eml")))
            )
        }
    }

    /// Kills the server and removes its directory.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? stdinPipe.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        // The server may not stop on its own (a child of a test thread can inherit a
        // blocked SIGTERM, and aiosmtpd may wait for an open connection): after 5 s it
        // is killed, which cannot be blocked. Never wait without a deadline.
        var waited = 0
        while process.isRunning && waited < 500 { usleep(10_000); waited += 1 }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        waited = 0
        while process.isRunning && waited < 300 { usleep(10_000); waited += 1 }
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    deinit { stop() }
}

/// A TCP port on 127.0.0.1 with nothing listening (bound then released).
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSetupError.message("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    guard bound == 0 else { throw TestSetupError.message("bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    guard named == 0 else { throw TestSetupError.message("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A real SMTP server on 127.0.0.1 (aiosmtpd) for the duration of `body`.
struct SMTPSink {
    let server: TestSMTPServer
    var port: Int { server.port }
    func messages() throws -> [ReceivedMessage] { try server.messages() }

    static func run(_ arguments: [String] = [], _ body: (SMTPSink) async throws -> Void) async throws {
        let server = try TestSMTPServer(arguments)
        defer { server.stop() }
        try await body(SMTPSink(server: server))
    }
}
