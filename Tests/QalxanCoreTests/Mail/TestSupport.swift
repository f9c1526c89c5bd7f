import Foundation
@testable import QalxanCore

/// Locates test fixtures and shared reference data relative to this file.
enum TestSupport {
    /// The directory holding the .eml fixtures.
    static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The raw bytes of a fixture file.
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixturesDirectory.appendingPathComponent(name)))
    }

    /// Parses a fixture as a message.
    static func message(_ name: String) throws -> MailMessage {
        try MailParser.parse(try fixture(name))
    }

    /// Names of all fixture files.
    static func allFixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path).sorted()
    }

    /// The shared data directory: walks up from this file looking for
    /// `shared/data` or `../shared/data`, falling back to /work/shared/data.
    static var sharedDataDirectory: URL? {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<12 {
            for candidate in [dir.appendingPathComponent("shared/data"),
                              dir.deletingLastPathComponent().appendingPathComponent("shared/data")] {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue { return candidate }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        let fallback = URL(fileURLWithPath: "/work/shared/data")
        return fm.fileExists(atPath: fallback.path) ? fallback : nil
    }

    /// The bytes of a string with LF line ends turned into CRLF.
    static func crlf(_ s: String) -> [UInt8] {
        Array(s.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
