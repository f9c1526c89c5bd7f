import FluentKit
import Foundation

/// A stored file, named by the SHA-256 of its content (hex). The bytes live in the
/// blob store; the row records that they exist and how large they are.
public final class BlobModel: Model, @unchecked Sendable {
    public static let schema = "blobs"

    @ID(custom: "sha256", generatedBy: .user) public var id: String?
    @Field(key: "size") public var size: Int
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(sha256: String, size: Int, createdAt: Date = Date()) {
        self.id = sha256
        self.size = size
        self.createdAt = createdAt
    }
}
