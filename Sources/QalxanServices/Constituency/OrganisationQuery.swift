import FluentKit
import Foundation
import QalxanCore
import QalxanStorage
import SQLKit

/// Reading the registry: the organisation list, one organisation with everything it
/// holds, and the organisations an incident affects.
public struct OrganisationQuery: Sendable {
    public let directory: ConstituencyDirectory

    public init(directory: ConstituencyDirectory) {
        self.directory = directory
    }

    public static let perPage = 50

    /// One page of organisations matching the search and filters, by English name.
    public func list(text: String, kind: OrganisationKind?, sector: String, missingContact: Bool, page: Int,
                     perPage: Int = OrganisationQuery.perPage, actor: Actor, on db: any Database,
                     now: Date = Date()) async throws -> ResultPage<OrganisationSummary> {
        try actor.require(.viewConstituency)
        var q = OrganisationModel.query(on: db)
        let needle = OrganisationModel.searchForm(text)
        if !needle.isEmpty {
            // Names and keys, and also contacts' e-mail addresses and networks, so that
            // "abuse@…" or "192.0.2." finds the organisation. Stored text is lower-cased:
            // a plain LIKE matches on both stores.
            let pattern = Self.withoutWildcards(needle)
            var ids = Set(try await ContactModel.query(on: db).filter(\.$email ~~ pattern).field(\.$organisationID)
                .range(..<1000).all().map(\.organisationID))
            // Networks are stored lower-case but for the `AS` of AS numbers.
            let networkPattern = pattern.hasPrefix("as") ? "AS" + pattern.dropFirst(2) : pattern
            ids.formUnion(try await NetworkModel.query(on: db).filter(\.$value ~~ networkPattern).field(\.$organisationID)
                .range(..<1000).all().map(\.organisationID))
            let matched = Array(ids)
            q = q.group(.or) { group in
                group.filter(\.$searchText ~~ pattern)
                if !matched.isEmpty { group.filter(\.$id ~~ matched) }
            }
        }
        if let kind { q = q.filter(\.$kind == kind.rawValue) }
        if !sector.isEmpty { q = q.filter(\.$sector == sector) }
        if missingContact {
            // The rule needs the contacts: worked out in memory over the filtered set.
            let all = try await q.sort(\.$nameEn).sort(\.$nameAz).all()
            let contacts = try await contactItems(for: all.compactMap(\.id), on: db, now: now)
            let flagged = all.filter { o in
                OrganisationDetail.missingContact(kind: o.kindValue, encryptedMail: o.encryptedMail, contacts: contacts[o.id!] ?? [])
            }
            let slice = Array(flagged.dropFirst((page - 1) * perPage).prefix(perPage))
            return ResultPage(items: try await summaries(slice, contacts: contacts, on: db), page: page, perPage: perPage,
                              total: flagged.count)
        }
        let total = try await q.count()
        let rows = try await q.sort(\.$nameEn).sort(\.$nameAz).range((page - 1) * perPage..<page * perPage).all()
        let contacts = try await contactItems(for: rows.compactMap(\.id), on: db, now: now)
        return ResultPage(items: try await summaries(rows, contacts: contacts, on: db), page: page, perPage: perPage, total: total)
    }

    /// The text without `%` and `_`, which LIKE would read as wildcards.
    static func withoutWildcards(_ s: String) -> String {
        // `\` is PostgreSQL's LIKE escape: a trailing one would be an error.
        s.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "\\", with: "")
    }

    private func summaries(_ rows: [OrganisationModel], contacts: [UUID: [ContactItem]], on db: any Database) async throws -> [OrganisationSummary] {
        let ids = rows.compactMap(\.id)
        var networkCounts: [UUID: Int] = [:]
        if !ids.isEmpty, let sql = db as? any SQLDatabase {
            let counted = try await sql.select().column("organisation_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("networks").where("organisation_id", .in, ids).groupBy("organisation_id").all()
            for r in counted {
                networkCounts[try r.decode(column: "organisation_id", as: UUID.self)] = try r.decode(column: "n", as: Int.self)
            }
        }
        let parentIDs = Set(rows.compactMap(\.parentID))
        var parents: [UUID: OrganisationRef] = [:]
        if !parentIDs.isEmpty {
            for p in try await OrganisationModel.query(on: db).filter(\.$id ~~ Array(parentIDs)).all() { parents[p.id!] = Self.ref(p) }
        }
        return rows.map { o in
            let c = contacts[o.id!] ?? []
            return OrganisationSummary(ref: Self.ref(o), sector: o.sector, parent: o.parentID.flatMap { parents[$0] },
                                       networkCount: networkCounts[o.id!] ?? 0, contactCount: c.count,
                                       missingContact: OrganisationDetail.missingContact(kind: o.kindValue, encryptedMail: o.encryptedMail, contacts: c))
        }
    }

    /// Contacts of these organisations, as shown.
    func contactItems(for ids: [UUID], on db: any Database, now: Date) async throws -> [UUID: [ContactItem]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [ContactItem]] = [:]
        // In chunks, so a long list never exceeds a store's bind limit.
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for c in try await ContactModel.query(on: db).filter(\.$organisationID ~~ chunk).sort(\.$role).sort(\.$email).all() {
                out[c.organisationID, default: []].append(Self.item(c, now: now))
            }
        }
        return out
    }

    public static func ref(_ o: OrganisationModel) -> OrganisationRef {
        OrganisationRef(id: o.id!, nameEn: o.nameEn, nameAz: o.nameAz, kind: o.kindValue, country: o.country)
    }

    public static func item(_ c: ContactModel, now: Date) -> ContactItem {
        ContactItem(id: c.id!, name: c.name, email: c.email, phone: c.phone, role: c.roleValue, languages: c.languageList,
                    primary: c.isPrimary, pgpFingerprint: c.pgpFingerprint, pgpExpiresAt: c.pgpExpiresAt,
                    pgpStatus: ContactItem.pgpStatus(fingerprint: c.pgpFingerprint, state: c.pgpState, expiresAt: c.pgpExpiresAt, now: now),
                    bounces: c.bounceCount ?? 0)
    }

    /// One organisation with its contacts, networks (and their overlaps), parents and children.
    public func detail(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws -> OrganisationDetail {
        try actor.require(.viewConstituency)
        guard let o = try await OrganisationModel.find(id, on: db) else { throw ServiceError.notFound }
        var parents: [OrganisationRef] = []
        var current = o.parentID
        while let p = current, parents.count < 64, !parents.contains(where: { $0.id == p }),
              let parent = try await OrganisationModel.find(p, on: db) {
            parents.append(Self.ref(parent))
            current = parent.parentID
        }
        let children = try await OrganisationModel.query(on: db).filter(\.$parentID == id).sort(\.$nameEn).all().map(Self.ref)
        let contacts = try await contactItems(for: [id], on: db, now: now)[id] ?? []
        let table = directory.table
        let networks = try await NetworkModel.query(on: db).filter(\.$organisationID == id).sort(\.$kind).sort(\.$value).all().map { n in
            var overlaps: [NetworkItem.Overlap] = []
            if case .success(.prefix(let p)) = NetworkValue.parse(n.value) {
                overlaps = table.overlaps(p, excluding: id).map { NetworkItem.Overlap(network: $0.network, owner: $0.owner) }
            }
            let display = n.kind == "domain" ? DomainName.unicode(n.value) : n.value
            return NetworkItem(id: n.id!, kind: n.kind, value: n.value, display: display, overlaps: overlaps)
        }
        return OrganisationDetail(
            ref: Self.ref(o), externalKey: o.externalKey, sector: o.sector, parents: parents, children: children,
            languages: o.languageList, notification: o.notificationValue, encryptedMail: o.encryptedMail, notes: o.notes,
            countries: o.countryList, firstMember: o.firstMember,
            trustedIntroducer: TrustedIntroducerStatus(rawValue: o.trustedIntroducer) ?? .none, maxTLP: o.maxTLPValue,
            contacts: contacts, networks: networks, createdAt: o.createdAt, updatedAt: o.updatedAt)
    }

    /// Every organisation as a reference, by name (for parent, merge and add choices).
    public func all(actor: Actor, on db: any Database) async throws -> [OrganisationRef] {
        try actor.require(.viewConstituency)
        return try await OrganisationModel.query(on: db).field(\.$id).field(\.$nameEn).field(\.$nameAz).field(\.$kind).field(\.$country)
            .sort(\.$nameEn).sort(\.$nameAz).range(..<5000).all().map(Self.ref)
    }

    /// How many incidents a handler linked to the organisation by hand.
    public func incidentCount(_ id: UUID, on db: any Database) async throws -> Int {
        try await IncidentOrganisationModel.query(on: db).filter(\.$organisationID == id).filter(\.$state == "added").count()
    }

    /// Resolves up to 100 lines typed into the lookup box.
    public func lookup(_ text: String, actor: Actor) throws -> (results: [LookupResult], unrecognised: [String]) {
        try actor.require(.viewConstituency)
        let table = directory.table
        var results: [LookupResult] = []
        var unrecognised: [String] = []
        for line in text.split(whereSeparator: \.isNewline).prefix(100) {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { continue }
            if let r = table.lookup(t) { results.append(r) } else { unrecognised.append(String(t.prefix(200))) }
        }
        return (results, unrecognised)
    }
}
