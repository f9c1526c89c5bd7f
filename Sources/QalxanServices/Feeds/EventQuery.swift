import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// What the events explorer asks for. Every part is optional; times are seconds since
/// 1970 (UTC), the upper bound exclusive.
public struct EventSearch: Sendable, Equatable {
    public var from: Int64?
    public var to: Int64?
    public var feed: String?
    /// An RSIT class (`vulnerable`) or a type (`vulnerable-system`).
    public var classification: String?
    public var organisation: UUID?
    /// An address or a prefix.
    public var network: String?
    public var asn: Int64?
    public var page: Int
    public var perPage: Int

    public init(from: Int64? = nil, to: Int64? = nil, feed: String? = nil, classification: String? = nil,
                organisation: UUID? = nil, network: String? = nil, asn: Int64? = nil, page: Int = 1, perPage: Int = 50) {
        self.from = from
        self.to = to
        self.feed = feed
        self.classification = classification
        self.organisation = organisation
        self.network = network
        self.asn = asn
        self.page = max(1, page)
        self.perPage = min(max(perPage, 1), 500)
    }
}

/// Reads the event store for the explorer, the API and promotion: filtered lists, counts
/// per type and per organisation, single events. TLP:RED events are left out for
/// actors who may not see restricted data.
public struct EventQuery: Sendable {
    public init() {}

    /// One page of events, newest first, and whether another page follows.
    public func list(_ search: EventSearch, actor: Actor, on db: any Database) async throws -> (events: [EventModel], hasNext: Bool) {
        try actor.require(.viewEvents)
        var q = try filtered(search, actor: actor, on: db)
        q = q.sort(\.$timeSource, .descending).sort(\.$id, .descending)
            .range(((search.page - 1) * search.perPage)..<(search.page * search.perPage + 1))
        let rows = try await q.all()
        return (Array(rows.prefix(search.perPage)), rows.count > search.perPage)
    }

    /// How many events match.
    public func count(_ search: EventSearch, actor: Actor, on db: any Database) async throws -> Int {
        try actor.require(.viewEvents)
        return try await filtered(search, actor: actor, on: db).count()
    }

    /// Matching events per classification type, most first (at most `limit`).
    public func countsByType(_ search: EventSearch, actor: Actor, on db: any Database, limit: Int = 20) async throws
        -> [(type: String, count: Int)]
    {
        try await grouped("classification_type", search, actor: actor, on: db, limit: limit)
            .map { ($0.key ?? "", $0.count) }
    }

    /// Matching events per organisation (nil: not attributed), most first.
    public func countsByOrganisation(_ search: EventSearch, actor: Actor, on db: any Database, limit: Int = 20) async throws
        -> [(organisation: UUID?, count: Int)]
    {
        try actor.require(.viewEvents)
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select()
            .column(SQLColumn("organisation_id"), as: "k")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(EventModel.schema)
            .where(try conditions(search, actor: actor))
            .groupBy("organisation_id")
            .orderBy("n", .descending)
            .limit(limit)
            .all()
        return try rows.map { (try $0.decodeNil(column: "k") ? nil : try $0.decode(column: "k", as: UUID.self),
                               try $0.decode(column: "n", as: Int.self)) }
    }

    func grouped(_ column: String, _ search: EventSearch, actor: Actor, on db: any Database, limit: Int) async throws
        -> [(key: String?, count: Int)]
    {
        try actor.require(.viewEvents)
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select()
            .column(SQLColumn(column), as: "k")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(EventModel.schema)
            .where(try conditions(search, actor: actor))
            .groupBy(SQLColumn(column))
            .orderBy("n", .descending)
            .limit(limit)
            .all()
        return try rows.map { (try $0.decode(column: "k", as: String?.self), try $0.decode(column: "n", as: Int.self)) }
    }

    /// One event, when the actor may see it.
    public func event(_ id: Int64, actor: Actor, on db: any Database) async throws -> EventModel {
        try actor.require(.viewEvents)
        guard let e = try await EventModel.find(id, on: db) else { throw ServiceError.notFound }
        if e.tlp == TLP.red.rawValue && !actor.can(.viewRestricted) { throw ServiceError.notFound }
        return e
    }

    /// Events by id, those the actor may see, in the order asked.
    public func events(_ ids: [Int64], actor: Actor, on db: any Database) async throws -> [EventModel] {
        try actor.require(.viewEvents)
        guard !ids.isEmpty else { return [] }
        let found = try await EventModel.query(on: db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }.filter { $0.tlp != TLP.red.rawValue || actor.can(.viewRestricted) }
    }

    /// The events the search and the actor's role allow, as a query.
    func filtered(_ s: EventSearch, actor: Actor, on db: any Database) throws -> QueryBuilder<EventModel> {
        EventModel.query(on: db).filter(.custom(try conditions(s, actor: actor)))
    }

    /// The search and the actor's role as one SQL condition, shared by the lists and the
    /// grouped counts.
    func conditions(_ s: EventSearch, actor: Actor) throws -> any SQLExpression {
        var parts: [any SQLExpression] = [SQLLiteral.boolean(true)]
        func add(_ column: String, _ op: SQLBinaryOperator, _ value: any Encodable & Sendable) {
            parts.append(SQLBinaryExpression(left: SQLColumn(column), op: op, right: SQLBind(value)))
        }
        if !actor.can(.viewRestricted) { add("tlp", .notEqual, TLP.red.rawValue) }
        if let from = s.from { add("time_source", .greaterThanOrEqual, from) }
        if let to = s.to { add("time_source", .lessThan, to) }
        if let f = s.feed, !f.isEmpty { add("feed_name", .equal, f) }
        if let c = s.classification, !c.isEmpty {
            add(Taxonomy.isClass(c) ? "classification_taxonomy" : "classification_type", .equal, c)
        }
        if let o = s.organisation { add("organisation_id", .equal, o) }
        if let a = s.asn { add("source_asn", .equal, a) }
        if let n = s.network, !n.isEmpty {
            switch Self.networkFilter(n) {
            case .v4(let lo, let hi): add("source_ip_v4", .greaterThanOrEqual, lo); add("source_ip_v4", .lessThanOrEqual, hi)
            case .exact(let ip): add("source_ip", .equal, ip)
            case .invalid: throw ServiceError.invalid(["network": "error.network.prefix"])
            }
        }
        return parts.dropFirst().reduce(parts[0]) { SQLBinaryExpression(left: $0, op: SQLBinaryOperator.and, right: $1) }
    }

    enum NetworkFilter: Equatable {
        case v4(Int64, Int64)
        case exact(String)
        case invalid
    }

    /// An IPv4 address or prefix becomes a range of the numeric column; an IPv6 address
    /// is matched exactly (IPv6 prefixes are not indexed yet).
    static func networkFilter(_ text: String) -> NetworkFilter {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let a = IPAddress(t) {
            if case .v4(let v) = a { return .v4(Int64(v), Int64(v)) }
            return .exact(a.description)
        }
        if let p = IPPrefix(t), let r = p.v4Range { return .v4(Int64(r.lowerBound), Int64(r.upperBound)) }
        return .invalid
    }
}
