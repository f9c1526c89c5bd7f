import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage
import SQLKit

/// Writing, publishing and reading advisories, alerts and news.
///
/// Staff edit a working copy; publishing freezes it as a new revision with a note, gives
/// the advisory its tracking id on first publication, and makes the CSAF 2.0 document
/// (validated by construction, signed with the team key when one is configured) that is
/// then served byte for byte. The public site and the feeds read published revisions
/// only, and only TLP:CLEAR ones.
public struct AdvisoryService: Sendable {
    /// What went wrong, for the editor.
    public enum Failure: Error, Sendable {
        case invalid([AdvisoryProblem])
    }

    /// `{year}`, `{seq:4}` … see `AdvisoryTrackingID`.
    public let idPattern: String
    public let publisher: CSAFPublisher
    /// Signs CSAF documents; nil leaves them unsigned.
    public let signer: GnuPG?

    public init(idPattern: String, publisher: CSAFPublisher, signer: GnuPG?) {
        self.idPattern = idPattern
        self.publisher = publisher
        self.signer = signer
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    public static func encode(_ a: Advisory) -> String {
        String(decoding: (try? encoder.encode(a)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) -> Advisory? {
        try? decoder.decode(Advisory.self, from: Data(text.utf8))
    }

    // MARK: Editing

    /// Creates a draft.
    public func create(_ draft: Advisory, actor: Actor, on db: any Database, now: Date = Date()) async throws -> AdvisoryModel {
        try actor.require(.editAdvisories)
        var a = Self.cleaned(draft)
        a.trackingID = ""
        a.revisions = []
        let problems = a.problems(forPublication: false)
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        let model = AdvisoryModel(kind: a.kind.rawValue, severity: a.severity.rawValue, tlp: a.tlp.rawValue,
                                  content: Self.encode(a), createdBy: actor.userID, now: now)
        try await db.transaction { db in
            try await model.create(on: db)
            try await AuditLog.record(db, actor: actor, action: "advisory.create", entity: "advisory", entityID: model.id!.uuidString, at: now)
        }
        return model
    }

    /// Saves the working copy; the published revisions stay as they are.
    /// `seen` is the `updatedAt` the editor was opened with: when someone saved or
    /// published in between, nothing is written and the editor says so.
    public func update(id: UUID, _ edited: Advisory, seen: Date? = nil, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editAdvisories)
        let cleaned = Self.cleaned(edited)
        let problems = cleaned.problems(forPublication: false)
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        try await db.transaction { db in
            var a = cleaned
            // Read inside the transaction, so a publication cannot slip in between.
            guard let model = try await AdvisoryModel.find(id, on: db), let current = Self.decode(model.content) else {
                throw ServiceError.notFound
            }
            if let seen, !Self.same(seen, model.updatedAt) { throw Self.editedMeanwhile }
            a.trackingID = model.trackingID ?? current.trackingID
            a.revisions = current.revisions
            model.kind = a.kind.rawValue
            model.severity = a.severity.rawValue
            model.tlp = a.tlp.rawValue
            model.content = Self.encode(a)
            model.updatedAt = now
            try await model.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "advisory.update", entity: "advisory", entityID: id.uuidString, at: now)
        }
    }

    static let editedMeanwhile = Failure.invalid([AdvisoryProblem(field: "version", key: "advisory.error.edited_meanwhile")])

    /// Dates equal to the millisecond (what both databases keep).
    static func same(_ a: Date, _ b: Date) -> Bool { abs(a.timeIntervalSince1970 - b.timeIntervalSince1970) < 0.0015 }

    /// Deletes a draft that was never published. A published advisory stays: partners
    /// and aggregators hold its documents, so it is corrected by a new revision.
    public func deleteDraft(id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editAdvisories)
        try await db.transaction { db in
            guard let model = try await AdvisoryModel.find(id, on: db) else { throw ServiceError.notFound }
            guard model.revision == 0, model.trackingID == nil else { throw ServiceError.conflict("advisory.error.published_stays") }
            try await model.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "advisory.delete", entity: "advisory", entityID: id.uuidString, at: now)
        }
    }

    /// Trims what the editor sent and puts CVE ids in their canonical form.
    static func cleaned(_ a: Advisory) -> Advisory {
        var a = a
        func clean(_ m: [Language: String]) -> [Language: String] {
            m.mapValues(TextInput.field)
        }
        a.title = clean(a.title).mapValues { $0.replacingOccurrences(of: "\n", with: " ") }
        a.summary = clean(a.summary)
        a.body = clean(a.body)
        a.recommendations = clean(a.recommendations)
        a.cves = a.cves.map { CVEIdentifier.normalise($0) ?? $0.trimmingCharacters(in: .whitespaces) }
        a.cvssVector = a.cvssVector.flatMap { v in
            let t = v.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { return nil }
            return (try? CVSS31(vector: t))?.vectorString ?? t
        }
        a.products = a.products.map { p in
            Advisory.Product(vendor: p.vendor.trimmingCharacters(in: .whitespaces), name: p.name.trimmingCharacters(in: .whitespaces),
                             affected: p.affected.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                             fixed: p.fixed.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                             identifier: p.identifier.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 })
        }
        var seen = Set<String>()
        a.articles = a.articles.map { $0.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted } }
        if a.articles?.isEmpty == true { a.articles = nil }
        a.references = a.references.map { Advisory.Reference(url: $0.url.trimmingCharacters(in: .whitespaces), summary: $0.summary.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.url.isEmpty }
        return a
    }

    // MARK: Publishing

    /// Publishes the working copy as a new revision with `note` (what changed, per
    /// language). Refuses an advisory that is incomplete or would not be a valid CSAF
    /// document; nothing is written then.
    /// `seen` is the `updatedAt` of the version the publisher reviewed; a version saved
    /// since is not published unseen.
    public func publish(id: UUID, note: [Language: String], seen reviewed: Date? = nil, actor: Actor, on db: any Database,
                        now: Date = Date()) async throws -> AdvisoryRevisionModel {
        try actor.require(.publishAdvisories)
        guard let model = try await AdvisoryModel.find(id, on: db), var a = Self.decode(model.content) else {
            throw ServiceError.notFound
        }
        if let reviewed, !Self.same(reviewed, model.updatedAt) { throw Self.editedMeanwhile }
        // A second click on "publish", or a form sent twice: nothing new to publish.
        if model.revision > 0, let current = a.currentRelease, Self.same(current, model.updatedAt) {
            throw Failure.invalid([AdvisoryProblem(field: "version", key: "advisory.error.unchanged")])
        }
        var problems = a.problems(forPublication: true)
        let cleanNote = note.mapValues(TextInput.field)
        if model.revision > 0 {
            for language in Language.allCases where (cleanNote[language] ?? "").isEmpty {
                problems.append(AdvisoryProblem(field: "note_\(language.rawValue)", key: "advisory.error.note_required"))
            }
        }
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        let number = model.revision + 1
        var revisionNote = cleanNote
        for language in Language.allCases where (revisionNote[language] ?? "").isEmpty {
            revisionNote[language] = Localizer(language).t("advisory.revision.initial")
        }
        // Whole seconds: the CSAF dates and the stored dates must agree exactly.
        let date = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        a.revisions.append(Advisory.Revision(number: number, date: date, note: revisionNote))
        let year = model.year ?? DateText.year(date)
        let seen = model.updatedAt, seenRevision = model.revision

        // The tracking id is given in a short transaction of its own, so that GnuPG never
        // runs while the database is locked; an abandoned publication keeps its number.
        if let given = model.trackingID {
            a.trackingID = given
        } else {
            a.trackingID = try await db.transaction { db in
                guard let fresh = try await AdvisoryModel.find(id, on: db) else { throw ServiceError.notFound }
                if let given = fresh.trackingID { return given }
                let trackingID = try await nextTrackingID(year: year, on: db)
                fresh.trackingID = trackingID
                try await fresh.update(on: db)
                return trackingID
            }
        }
        let csaf: Data
        do throws(CSAFDocument.Failure) {
            csaf = try CSAFDocument.json(a, publisher: publisher, language: Self.csafLanguage(a), generated: date)
        } catch {
            throw Failure.invalid([AdvisoryProblem(field: "csaf", key: error.key, values: error.values)])
        }
        var signature: String?
        if let signer, await signer.hasSigningKey() {
            do throws(GnuPG.Failure) {
                signature = try await signer.detachSign(csaf)
            } catch {
                throw Failure.invalid([AdvisoryProblem(field: "csaf", key: error.key)])
            }
        }
        let published = a, signed = signature
        return try await db.transaction { db in
            let a = published, signature = signed
            // What was signed must still be the working copy: an edit saved meanwhile
            // would otherwise be lost, or published unseen.
            guard let model = try await AdvisoryModel.find(id, on: db) else { throw ServiceError.notFound }
            guard model.revision == seenRevision, Self.same(model.updatedAt, seen) else { throw Self.editedMeanwhile }
            let content = Self.encode(a)
            let revision = AdvisoryRevisionModel(
                advisoryID: id, number: number, publishedAt: date, kind: a.kind.rawValue, severity: a.severity.rawValue,
                tlp: a.tlp.rawValue, year: year, content: content, csaf: String(decoding: csaf, as: UTF8.self),
                csafSignature: signature, publishedBy: actor.userID)
            try await revision.create(on: db)
            model.trackingID = a.trackingID
            model.revision = number
            model.year = year
            model.publishedAt = model.publishedAt ?? date
            model.content = content
            // Equal to the revision's date: the list tells unpublished edits by it.
            model.updatedAt = date
            try await model.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "advisory.publish", entity: "advisory", entityID: id.uuidString,
                                      detail: ["tracking_id": a.trackingID, "revision": "\(number)", "tlp": a.tlp.rawValue,
                                               "signed": signature == nil ? "no" : "yes"], at: now)
            return revision
        }
    }

    /// The language of the CSAF document: English when the advisory has English text (the
    /// language partner teams share), else the first language that has a title.
    static func csafLanguage(_ a: Advisory) -> Language {
        if !(a.title[.en] ?? "").isEmpty { return .en }
        return Language.allCases.first { !(a.title[$0] ?? "").isEmpty } ?? .en
    }

    func nextTrackingID(year: Int, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { throw ServiceError.conflict("error.database") }
        let name = "advisory-\(year)"
        let row = try await sql.raw("""
            INSERT INTO counters (name, value) VALUES (\(bind: name), 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """).first()
        guard let value = try row?.decode(column: "value", as: Int.self) else { throw ServiceError.conflict("error.database") }
        return AdvisoryTrackingID.make(pattern: idPattern, year: year, sequence: value)
    }
}
