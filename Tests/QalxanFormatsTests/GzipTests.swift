import Foundation
import QalxanFormats
import Testing

@Suite("Gzip")
struct GzipTests {
    /// Compresses with the system's `gzip`, so the reader is checked against the real tool.
    func gzip(_ data: [UInt8]) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qx-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data")
        try Data(data).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-9", file.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return [UInt8](try Data(contentsOf: dir.appendingPathComponent("data.gz")))
    }

    @Test("What gzip compresses comes back byte for byte, also as concatenated members")
    func roundTrip() throws {
        let text = [UInt8]((0..<200_000).map { "inetnum: 192.0.2.\($0 % 256)\n" }.joined().utf8)
        let packed = try gzip(text)
        #expect(packed.count < text.count / 5)
        #expect(try Gzip.decompress(packed) == text)
        let second = try gzip([UInt8]("tail\n".utf8))
        #expect(try Gzip.decompress(packed + second) == text + [UInt8]("tail\n".utf8))
    }

    @Test("Damaged, truncated and oversized streams are refused")
    func refused() throws {
        let packed = try gzip([UInt8](repeating: 65, count: 1_000_000))
        #expect(throws: Gzip.Failure.damaged) { try Gzip.decompress(Array(packed.prefix(packed.count / 2))) }
        var broken = packed
        broken[20] ^= 0xFF
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(broken) }
        #expect(throws: Gzip.Failure.tooLarge) { try Gzip.decompress(packed, limit: 10_000) }
        #expect(throws: Gzip.Failure.damaged) { try Gzip.decompress([0x1F, 0x8B, 1, 2, 3]) }
    }

    @Test("The streaming inflater gives the same bytes piece by piece, across members, and refuses a truncated file")
    func streaming() throws {
        let text = [UInt8]((0..<100_000).map { "2026-11-22 10:00:00,192.0.2.\($0 % 256),80\n" }.joined().utf8)
        let packed = try gzip(text) + (try gzip([UInt8]("tail\n".utf8)))
        for size in [7, 4_096, 1 << 20] {
            let inflater = try GzipInflater()
            var out: [UInt8] = []
            var start = 0
            while start < packed.count {
                let end = min(packed.count, start + size)
                out += try inflater.add(Array(packed[start..<end]))
                start = end
            }
            try inflater.finish()
            #expect(out == text + [UInt8]("tail\n".utf8), "piece size \(size)")
        }
        let truncated = try GzipInflater()
        _ = try truncated.add(Array(packed.prefix(packed.count / 3)))
        #expect(throws: Gzip.Failure.damaged) { try truncated.finish() }
    }
}
