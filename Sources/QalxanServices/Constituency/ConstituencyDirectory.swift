import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit
import Synchronization

/// The registry as lookups see it: the current `ConstituencyTable`, swapped for a new
/// one when the registry changes. Lookups read the current table without waiting; a
/// change schedules one rebuild in the background, and changes arriving meanwhile are
/// folded into one more rebuild.
public final class ConstituencyDirectory: Sendable {
    private let current = Mutex(ConstituencyTable.empty)
    /// What the registry looked like when the current table was loaded.
    private let loadedState = Mutex("")
    private let scheduler = RebuildScheduler()

    public init() {}

    /// The table in force now.
    public var table: ConstituencyTable { current.withLock { $0 } }

    /// Loads the registry and swaps the new table in; the old one serves until then.
    public func rebuild(on db: any Database) async throws {
        // Read the state first: a change made while loading shows up at the next check.
        let state = try await Self.state(db)
        let table = try await Self.load(db)
        current.withLock { $0 = table }
        loadedState.withLock { $0 = state }
    }

    /// A cheap summary of the registry (counts and latest changes), to notice changes
    /// made by another process: `qalxan org import` while the server runs, or another
    /// instance behind the same database.
    static func state(_ db: any Database) async throws -> String {
        let organisations = try await OrganisationModel.query(on: db).count()
        let updated = try await OrganisationModel.query(on: db).max(\.$updatedAt)
        let networks = try await NetworkModel.query(on: db).count()
        let added = try await NetworkModel.query(on: db).max(\.$createdAt)
        let geo = try await GeoRangeModel.query(on: db).count()
        return "\(organisations)|\(updated?.timeIntervalSince1970 ?? 0)|\(networks)|\(added?.timeIntervalSince1970 ?? 0)|\(geo)"
    }

    /// Rebuilds when the registry changed since the table was loaded.
    public func refreshIfChanged(on db: any Database) async {
        guard let state = try? await Self.state(db), state != loadedState.withLock({ $0 }) else { return }
        await changed(on: db)
    }

    /// Checks for changes made elsewhere every `seconds` until the task is cancelled.
    public func watch(_ db: any Database, every seconds: Int = 10) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(seconds))
            await refreshIfChanged(on: db)
        }
    }

    /// Records that the registry changed: a rebuild follows in the background.
    public func changed(on db: any Database) async {
        let directory = self
        await scheduler.request { try await directory.rebuild(on: db) }
    }

    /// Waits until no rebuild is pending (tests and commands use it).
    public func settle() async {
        await scheduler.settle()
    }

    /// Reads organisations, networks and the geo data and builds the table.
    static func load(_ db: any Database) async throws -> ConstituencyTable {
        let organisations = try await OrganisationModel.query(on: db)
            .field(\.$id).field(\.$nameEn).field(\.$nameAz).field(\.$kind).field(\.$country)
            .field(\.$parentID).field(\.$countries)
            .all()
            .map { o in
                ConstituencyTable.Organisation(
                    ref: OrganisationRef(id: o.id!, nameEn: o.nameEn, nameAz: o.nameAz, kind: o.kindValue, country: o.country),
                    parent: o.parentID, countries: o.countryList)
            }
        // Networks and geo blocks can number a million: read as plain rows, not models.
        // Rows arrive on the database's event loop: collected behind a lock.
        let networkRows = Mutex<[(value: NetworkValue, organisation: UUID)]>([])
        let blockRows = Mutex<[GeoTable.Block]>([])
        if let sql = db as? any SQLDatabase {
            try await sql.select().column("organisation_id").column("value").from(NetworkModel.schema).run { row in
                guard let org = try? row.decode(column: "organisation_id", as: UUID.self),
                      let text = try? row.decode(column: "value", as: String.self),
                      case .success(let v) = NetworkValue.parse(text) else { return }
                networkRows.withLock { $0.append((v, org)) }
            }.get()
            try await sql.select().columns("kind", "start", "size", "country").from(GeoRangeModel.schema).run { row in
                guard let kind = try? row.decode(column: "kind", as: String.self), let start = try? row.decode(column: "start", as: String.self),
                      let size = try? row.decode(column: "size", as: Int64.self),
                      let country = try? row.decode(column: "country", as: String.self) else { return }
                blockRows.withLock { $0.append(GeoTable.Block(kind: kind, start: start, size: size, country: country)) }
            }.get()
        }
        let networks = networkRows.withLock { $0 }
        let blocks = blockRows.withLock { $0 }
        return ConstituencyTable(organisations: organisations, networks: networks, geo: GeoTable(blocks: blocks))
    }
}

/// Runs at most one rebuild at a time and folds requests that arrive meanwhile into a
/// single follow-up rebuild.
actor RebuildScheduler {
    private var running = false
    private var pending: (@Sendable () async throws -> Void)?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Queues `work`; returns at once (the rebuild runs in its own task).
    func request(_ work: @escaping @Sendable () async throws -> Void) {
        pending = work
        guard !running else { return }
        running = true
        Task { await self.drain() }
    }

    private func drain() async {
        while let next = pending {
            pending = nil
            // A failed rebuild keeps the old table; the next change tries again.
            try? await next()
        }
        running = false
        for w in waiters { w.resume() }
        waiters = []
    }

    func settle() async {
        guard running || pending != nil else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
