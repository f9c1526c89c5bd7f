import FluentKit
import Foundation
import QalxanCore

/// An evidence file attached to a report and/or an incident.
public final class EvidenceModel: Model, @unchecked Sendable {
    public static let schema = "evidence"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "report_id") public var reportID: UUID?
    @OptionalField(key: "incident_id") public var incidentID: UUID?
    @Field(key: "file_name") public var fileName: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "added_at") public var addedAt: Date
    @OptionalField(key: "added_by_id") public var addedByID: UUID?

    public init() {}

    public init(reportID: UUID?, incidentID: UUID?, fileName: String, contentType: String, size: Int, sha256: String,
                addedAt: Date, addedByID: UUID?) {
        self.id = UUID()
        self.reportID = reportID
        self.incidentID = incidentID
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.addedAt = addedAt
        self.addedByID = addedByID
    }

    public var item: EvidenceItem {
        EvidenceItem(id: id!, fileName: fileName, contentType: contentType, size: size, sha256: sha256, addedAt: addedAt)
    }
}
