import Crypto
import FluentKit
import Foundation

/// Files stored by the SHA-256 of their content, under `<root>/ab/cd/<sha256>`.
/// Writing the same bytes twice stores them once. Files are written to a temporary
/// name and renamed, so a crash never leaves a half-written blob under its final name.
public struct BlobStore: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Path of the blob named `sha256` (which must be 64 hex characters).
    public func url(for sha256: String) -> URL? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let a = String(sha256.prefix(2)), b = String(sha256.dropFirst(2).prefix(2))
        return root.appendingPathComponent(a).appendingPathComponent(b).appendingPathComponent(sha256)
    }

    /// Stores `data` and records it in `blobs`; returns its SHA-256.
    @discardableResult
    public func put(_ data: Data, on db: any Database) async throws -> String {
        let hash = BlobStore.sha256(data)
        let url = url(for: hash)!
        let fm = FileManager.default
        if !fm.fileExists(atPath: url.path) {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
            try data.write(to: tmp)
            if fm.fileExists(atPath: url.path) {
                try? fm.removeItem(at: tmp)
            } else {
                do { try fm.moveItem(at: tmp, to: url) } catch {
                    try? fm.removeItem(at: tmp)
                    if !fm.fileExists(atPath: url.path) { throw error }
                }
            }
        }
        if try await BlobModel.find(hash, on: db) == nil {
            do { try await BlobModel(sha256: hash, size: data.count).create(on: db) } catch {
                // Another request stored the same bytes at the same moment: that is fine.
                if try await BlobModel.find(hash, on: db) == nil { throw error }
            }
        }
        return hash
    }

    /// Stores the file at `path` without holding it in memory: it is copied to a
    /// temporary file beside the blobs while being hashed, then renamed. Returns its
    /// SHA-256, size, and when these bytes were first stored (now, or an earlier time
    /// when the same content came before).
    public func put(fileAt path: String, on db: any Database, now: Date = Date()) async throws
        -> (sha256: String, size: Int64, firstStored: Date)
    {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let tmp = root.appendingPathComponent(".incoming.\(UUID().uuidString).tmp")
        guard let input = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? input.close() }
        guard fm.createFile(atPath: tmp.path, contents: nil), let output = FileHandle(forWritingAtPath: tmp.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: tmp.path])
        }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            while let chunk = try input.read(upToCount: 4 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
                size += Int64(chunk.count)
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            try? fm.removeItem(at: tmp)
            throw error
        }
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let url = url(for: hash)!
        if fm.fileExists(atPath: url.path) {
            try? fm.removeItem(at: tmp)
        } else {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try fm.moveItem(at: tmp, to: url) } catch {
                try? fm.removeItem(at: tmp)
                if !fm.fileExists(atPath: url.path) { throw error }
            }
        }
        if let existing = try await BlobModel.find(hash, on: db) { return (hash, size, existing.createdAt) }
        do { try await BlobModel(sha256: hash, size: Int(size), createdAt: now).create(on: db) } catch {
            guard let existing = try await BlobModel.find(hash, on: db) else { throw error }
            return (hash, size, existing.createdAt)
        }
        return (hash, size, now)
    }

    /// The bytes of a blob, nil when it is not there.
    public func get(_ sha256: String) -> Data? {
        guard let url = url(for: sha256) else { return nil }
        return try? Data(contentsOf: url)
    }
}
