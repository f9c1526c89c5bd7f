import FluentKit
import Foundation
import QalxanCore
import QalxanStorage

/// One uploaded file as it arrived.
public struct Upload: Sendable {
    public let fileName: String
    public let contentType: String
    public let data: Data

    public init(fileName: String, contentType: String, data: Data) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }
}

/// What the reporter is told after submitting.
public struct IntakeReceipt: Sendable {
    public let reportID: UUID
    public let number: String
    /// The secret for the status link; shown once, only its digest is stored.
    public let statusSecret: String
    public let acceptedFiles: [String]
    /// File name and catalog key of the reason it was refused.
    public let refusedFiles: [(name: String, reason: String)]
}

/// Limits on what a report may carry.
public struct IntakeLimits: Sendable {
    public var maxUploadBytes: Int
    public var maxFiles: Int

    public init(maxUploadBytes: Int = 20 * 1024 * 1024, maxFiles: Int = 10) {
        self.maxUploadBytes = maxUploadBytes
        self.maxFiles = maxFiles
    }
}

/// Takes incident reports in (web form, API) and stores them with their raw source,
/// their evidence and an audit entry. Never drops a report because of its files: a
/// file over the limits is refused on its own and the rest is kept.
public struct IntakeService: Sendable {
    public let blobs: BlobStore
    public let prefix: String
    public let limits: IntakeLimits

    public init(blobs: BlobStore, prefix: String, limits: IntakeLimits) {
        self.blobs = blobs
        self.prefix = prefix
        self.limits = limits
    }

    /// Stores a report. `submission` must be cleaned; it is validated here again and
    /// refused with `.invalid` if a field is wrong. `honeypot` marks a submission
    /// whose bot trap was filled in: it is kept, but as a rejected report. `raw` is the
    /// input exactly as received (an API body); without it a JSON record of the form
    /// fields is kept.
    public func submit(
        _ submission: ReportSubmission, uploads: [Upload], channel: ReportSummary.Channel,
        actor: Actor, honeypot: Bool = false, raw: Data? = nil, on db: any Database, now: Date = Date()
    ) async throws -> IntakeReceipt {
        let errors = submission.validate(now: now)
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }

        // Decide which files fit before anything is written.
        var accepted: [Upload] = []
        var refused: [(name: String, reason: String)] = []
        var total = 0
        for upload in uploads {
            let name = TextInput.fileName(upload.fileName)
            if upload.data.isEmpty {
                refused.append((name, "error.upload_empty"))
            } else if accepted.count >= limits.maxFiles {
                refused.append((name, "error.upload_too_many"))
            } else if total + upload.data.count > limits.maxUploadBytes {
                refused.append((name, "error.upload_too_large"))
            } else {
                total += upload.data.count
                accepted.append(Upload(fileName: name, contentType: Self.contentType(upload.contentType), data: upload.data))
            }
        }

        let secret = Secrets.token(bytes: 24)
        let blobs = self.blobs
        let prefix = self.prefix
        // File bytes go to the blob store first: a crash after this leaves only an
        // unreferenced blob, never a report pointing at nothing.
        var stored: [(Upload, String)] = []
        for upload in accepted {
            stored.append((upload, try await blobs.put(upload.data, on: db)))
        }
        let record = raw ?? Self.rawRecord(submission, channel: channel, files: stored.map { ($0.0, $0.1) }, refused: refused,
                                 honeypot: honeypot, address: actor.address, at: now)
        let rawHash = try await blobs.put(record, on: db)
        let files = stored
        let refusedFiles = refused

        return try await db.transaction { db in
            let number = try await Numbering.next(prefix: prefix, at: now, on: db)
            let report = ReportModel()
            report.id = UUID()
            report.number = number.description
            report.receivedAt = now
            report.updatedAt = now
            report.channel = channel.rawValue
            report.state = honeypot ? ReportSummary.State.rejected.rawValue : ReportSummary.State.new.rawValue
            report.reporterName = submission.reporterName
            report.reporterEmail = submission.reporterEmail.lowercased()
            report.reporterPhone = submission.reporterPhone
            report.reporterOrganisation = submission.reporterOrganisation
            report.category = submission.category.isEmpty ? "unknown" : submission.category
            report.occurredAt = submission.occurredDate
            report.description = submission.description
            report.affectedSystems = submission.affectedList.joined(separator: "\n")
            report.tlp = submission.tlpLabel.rawValue
            report.language = submission.language.rawValue
            report.rejectReason = honeypot ? Self.honeypotReason : ""
            report.statusSecretHash = Secrets.digest(secret)
            report.rawSHA256 = rawHash
            report.clientAddress = actor.address
            try await report.create(on: db)
            for (upload, hash) in files {
                try await EvidenceModel(
                    reportID: report.id, incidentID: nil, fileName: upload.fileName, contentType: upload.contentType,
                    size: upload.data.count, sha256: hash, addedAt: now, addedByID: actor.userID
                ).create(on: db)
            }
            try await AuditLog.record(
                db, actor: actor, action: "report.submit", entity: "report", entityID: report.number,
                detail: ["channel": channel.rawValue, "files": String(files.count), "refused_files": String(refusedFiles.count),
                         "honeypot": honeypot ? "yes" : "no", "raw_sha256": rawHash], at: now)
            return IntakeReceipt(
                reportID: report.id!, number: report.number, statusSecret: secret,
                acceptedFiles: files.map(\.0.fileName), refusedFiles: refusedFiles)
        }
    }

    /// The reject reason stored for a report whose bot trap was filled in; the console
    /// shows it from the catalog (`report_detail.honeypot_reason`).
    public static let honeypotReason = "spam: bot trap filled in"

    /// Only a plain `type/subtype` is kept; anything else becomes octet-stream, so a
    /// download never carries a header a reporter wrote.
    static func contentType(_ value: String) -> String {
        let v = value.lowercased().split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let ok = v.count <= 100 && v.split(separator: "/").count == 2
            && v.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/+-.".contains($0)) }
        return ok ? v : "application/octet-stream"
    }

    /// The report exactly as received, as JSON: kept as a blob so that it can be
    /// inspected and replayed whatever the parsed record says.
    static func rawRecord(_ s: ReportSubmission, channel: ReportSummary.Channel, files: [(Upload, String)],
                          refused: [(name: String, reason: String)], honeypot: Bool, address: String, at: Date) -> Data {
        var object: [String: Any] = [
            "channel": channel.rawValue,
            "received_at": DateText.iso(at),
            "client_address": address,
            "name": s.reporterName, "email": s.reporterEmail, "phone": s.reporterPhone,
            "organisation": s.reporterOrganisation, "category": s.category, "occurred_at": s.occurredAt,
            "description": s.description, "affected": s.affectedSystems, "tlp": s.tlp, "language": s.language.rawValue,
            "honeypot": honeypot,
        ]
        object["files"] = files.map { ["name": $0.0.fileName, "content_type": $0.0.contentType, "size": $0.0.data.count, "sha256": $0.1] as [String: Any] }
        object["refused_files"] = refused.map { ["name": $0.name, "reason": $0.reason] }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
