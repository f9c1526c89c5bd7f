import Foundation

/// A tiny deterministic generator, so failures repeat.
struct FormatsRng {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func bytes(_ count: Int, from alphabet: [UInt8]? = nil) -> [UInt8] {
        (0..<count).map { _ in alphabet.map { $0[below($0.count)] } ?? UInt8(truncatingIfNeeded: next()) }
    }
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A file next to the package root (`docs/…`, `catalog.json`), found from this source file.
func packageFile(_ path: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(path)
}

/// Seconds taken by `body`.
func seconds(_ body: () -> Void) -> Double {
    let start = Date()
    body()
    return Date().timeIntervalSince(start)
}
