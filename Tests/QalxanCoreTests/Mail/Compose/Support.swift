import Foundation
import Testing

/// Result of running an external process.
struct ProcessOutput {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

enum ToolError: Error, CustomStringConvertible {
    case launch(String)
    var description: String { switch self { case .launch(let m): return m } }
}

/// Runs `executable` with `arguments`, stdin from `stdinFile` (or /dev/null); output captured via temp files.
func run(_ executable: String, _ arguments: [String], stdinFile: URL? = nil, environment: [String: String]? = nil) throws -> ProcessOutput {
    let dir = try makeTempDir(prefix: "proc")
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = try stdinFile.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle(forReadingAtPath: "/dev/null")
    do { try process.run() } catch { throw ToolError.launch("cannot launch \(executable): \(error)") }
    process.waitUntilExit()
    try outHandle.close(); try errHandle.close()
    return ProcessOutput(
        status: process.terminationStatus,
        stdout: Array(try Data(contentsOf: outURL)),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    )
}

func makeTempDir(prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Locates python3 on PATH (or via QALXAN_PYTHON).
func pythonPath() throws -> String {
    if let env = ProcessInfo.processInfo.environment["QALXAN_PYTHON"], FileManager.default.isExecutableFile(atPath: env) { return env }
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let candidate = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ToolError.launch("python3 not found on PATH (set QALXAN_PYTHON)")
}

/// Runs a Python snippet with the message bytes in a temp file passed as argv[1]; returns stdout parsed as JSON.
func python(_ script: String, message: [UInt8]) throws -> [String: Any] {
    let dir = try makeTempDir(prefix: "py")
    defer { try? FileManager.default.removeItem(at: dir) }
    let msgURL = dir.appendingPathComponent("msg.eml"), scriptURL = dir.appendingPathComponent("s.py")
    try Data(message).write(to: msgURL)
    try Data(script.utf8).write(to: scriptURL)
    let output = try run(try pythonPath(), [scriptURL.path, msgURL.path])
    guard output.status == 0 else { throw ToolError.launch("python failed: \(output.stderr)") }
    guard let json = try JSONSerialization.jsonObject(with: Data(output.stdout)) as? [String: Any] else {
        throw ToolError.launch("python output is not a JSON object: \(output.stdoutText)")
    }
    return json
}

/// All physical lines (split on CRLF) of `bytes`.
func crlfLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
            lines.append(current); current = []; index += 2; continue
        }
        current.append(bytes[index]); index += 1
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// Whether there is a CR or LF that is not part of a CRLF pair.
func hasBareCROrLF(_ bytes: [UInt8]) -> Bool {
    for (i, b) in bytes.enumerated() {
        if b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) { return true }
        if b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A) { return true }
    }
    return false
}

/// Header section (up to the first empty line) of a rendered message.
func headerLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    for line in crlfLines(bytes) { if line.isEmpty { break }; result.append(line) }
    return result
}
