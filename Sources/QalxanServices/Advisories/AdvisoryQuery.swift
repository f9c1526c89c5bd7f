import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage

/// An advisory as last published: the frozen content and its CSAF document.
public struct PublishedAdvisory: Sendable {
    public let id: UUID
    public let advisory: Advisory
    public let revision: Int
    /// When this revision went out.
    public let publishedAt: Date
    /// The CSAF folder: the year of the first publication.
    public let year: Int
    public let csaf: String?
    public let csafSignature: String?

    /// The CSAF file name, `qx-sa-2026-0007.json`.
    public var csafFileName: String { CSAFProvider.fileName(trackingID: advisory.trackingID) }
}

/// Reads published advisories. `audience` decides what TLP may be seen: the public site
/// sees TLP:CLEAR only; staff and partners with `viewAdvisories` see the rest, TLP:RED
/// only with `viewRestricted`.
public struct AdvisoryQuery: Sendable {
    public init() {}

    /// The highest TLP `actor` may read; nil for a visitor (TLP:CLEAR only).
    public static func ceiling(for actor: Actor?) -> TLP {
        guard let actor, actor.can(.viewAdvisories) else { return .clear }
        return actor.can(.viewRestricted) ? .red : .amberStrict
    }

    /// Every advisory's latest published revision that `ceiling` allows, newest first.
    public func published(_ filter: AdvisoryFilter = AdvisoryFilter(), ceiling: TLP = .clear,
                          on db: any Database) async throws -> [PublishedAdvisory] {
        let heads = try await AdvisoryModel.query(on: db).filter(\.$revision > 0).all()
        guard !heads.isEmpty else { return [] }
        let latest = Dictionary(uniqueKeysWithValues: heads.compactMap { m in m.id.map { ($0, m.revision) } })
        let revisions = try await AdvisoryRevisionModel.query(on: db)
            .filter(\.$advisoryID ~~ Array(latest.keys))
            .all()
        return revisions
            .filter { latest[$0.advisoryID] == $0.number }
            .compactMap(Self.published)
            .filter { $0.advisory.tlp <= ceiling && filter.matches($0.advisory, year: $0.year) }
            .sorted { ($0.publishedAt, $0.advisory.trackingID) > ($1.publishedAt, $1.advisory.trackingID) }
    }

    /// The latest published revision of the advisory with `trackingID` (any case), if
    /// `ceiling` allows it.
    public func published(trackingID: String, ceiling: TLP = .clear, on db: any Database) async throws -> PublishedAdvisory? {
        let wanted = trackingID.uppercased()
        // Tracking ids are upper-case by the pattern's letters; compare case-insensitively
        // in Swift so a link in lower case (`qx-sa-2026-0007`) finds it on both databases.
        guard let head = try await AdvisoryModel.query(on: db).filter(\.$revision > 0).all()
            .first(where: { $0.trackingID?.uppercased() == wanted }), let id = head.id else { return nil }
        guard let revision = try await AdvisoryRevisionModel.query(on: db)
            .filter(\.$advisoryID == id).filter(\.$number == head.revision).first(),
            let p = Self.published(revision), p.advisory.tlp <= ceiling
        else { return nil }
        return p
    }

    /// The published advisory whose CSAF file is `fileName` (`qx-sa-2026-0007.json`) in
    /// folder `year`.
    public func published(csafYear year: Int, fileName: String, ceiling: TLP, on db: any Database) async throws -> PublishedAdvisory? {
        try await published(AdvisoryFilter(year: year), ceiling: ceiling, on: db).first { $0.csafFileName == fileName }
    }

    /// The years of `published`, newest first.
    public static func years(_ published: [PublishedAdvisory]) -> [Int] {
        Array(Set(published.map(\.year))).sorted(by: >)
    }

    static func published(_ r: AdvisoryRevisionModel) -> PublishedAdvisory? {
        guard let a = AdvisoryService.decode(r.content) else { return nil }
        return PublishedAdvisory(id: r.advisoryID, advisory: a, revision: r.number, publishedAt: r.publishedAt, year: r.year,
                                 csaf: r.csaf, csafSignature: r.csafSignature)
    }

    // MARK: Console

    /// One line of the console's list.
    public struct Item: Sendable {
        public let id: UUID
        public let advisory: Advisory
        public let revision: Int
        public let publishedAt: Date?
        public let updatedAt: Date
        /// Whether the working copy differs from the last published revision.
        public let unpublishedChanges: Bool
    }

    /// Every advisory with its working copy, most recently changed first.
    public func all(actor: Actor, on db: any Database) async throws -> [Item] {
        try actor.require(.viewAdvisories)
        let ceiling = Self.ceiling(for: actor)
        if actor.role == .partner {
            // Partners see what was published for them, never working copies.
            return try await published(ceiling: ceiling, on: db).map {
                Item(id: $0.id, advisory: $0.advisory, revision: $0.revision, publishedAt: $0.advisory.initialRelease,
                     updatedAt: $0.publishedAt, unpublishedChanges: false)
            }
        }
        let models = try await AdvisoryModel.query(on: db).sort(\.$updatedAt, .descending).all()
        return models.compactMap { m in
            guard let id = m.id, let a = AdvisoryService.decode(m.content), a.tlp <= ceiling else { return nil }
            return Item(id: id, advisory: a, revision: m.revision, publishedAt: m.publishedAt, updatedAt: m.updatedAt,
                        unpublishedChanges: m.revision == 0 || m.updatedAt != a.currentRelease)
        }
    }

    /// The working copy of one advisory.
    public func working(id: UUID, actor: Actor, on db: any Database) async throws -> Item {
        try actor.require(.viewAdvisories)
        if actor.role == .partner {
            guard let p = try await all(actor: actor, on: db).first(where: { $0.id == id }) else { throw ServiceError.notFound }
            return p
        }
        guard let m = try await AdvisoryModel.find(id, on: db), let a = AdvisoryService.decode(m.content),
              a.tlp <= Self.ceiling(for: actor) else { throw ServiceError.notFound }
        return Item(id: id, advisory: a, revision: m.revision, publishedAt: m.publishedAt, updatedAt: m.updatedAt,
                    unpublishedChanges: m.revision == 0 || m.updatedAt != a.currentRelease)
    }
}
