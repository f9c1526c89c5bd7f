import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage

/// Loads organisations, contacts and networks from files (CSV, RIPE split files) and
/// RIR delegated statistics. Each refused line is reported with the reason; the rest is
/// imported; running the same file again changes nothing.
public struct ConstituencyImportService: Sendable {
    public let directory: ConstituencyDirectory

    public init(directory: ConstituencyDirectory) {
        self.directory = directory
    }

    /// The formats `import` reads.
    public enum Format: String, Sendable, CaseIterable {
        case csv, ripe
    }

    /// Bytes of a file, un-gzipped when they start with the gzip magic number.
    public static func decompressed(_ data: [UInt8]) throws(Gzip.Failure) -> [UInt8] {
        guard data.count >= 2, data[0] == 0x1F, data[1] == 0x8B else { return data }
        return try Gzip.decompress(data)
    }

    /// Where the lines of files read as one text came from.
    struct LineMap: Sendable {
        /// File name and the line (1-based, in the joined text) its first line became.
        var files: [(name: String, first: Int)] = []

        /// The file and its own line number for a line of the joined text; line 0 stays 0.
        func locate(_ line: Int) -> (file: String, line: Int) {
            guard line > 0, let f = files.last(where: { $0.first <= line }) else { return (files.first?.name ?? "", line) }
            return (f.name, line - f.first + 1)
        }
    }

    /// Reads one file in `format` and imports it.
    public func importFile(named name: String, data: [UInt8], format: Format, actor: Actor, on db: any Database,
                           now: Date = Date()) async throws -> ImportOutcome {
        try await importFiles([(name, data)], format: format, actor: actor, on: db, now: now)
    }

    /// Reads files in `format` and imports them. CSV files are imported one by one; RIPE
    /// split files are read together, since an `inetnum` names an `organisation` and an
    /// `abuse-c` names a `role` that come in other files.
    public func importFiles(_ files: [(name: String, data: [UInt8])], format: Format, actor: Actor, on db: any Database,
                            now: Date = Date()) async throws -> ImportOutcome {
        try actor.require(.editConstituency)
        var total = ImportOutcome()
        var readable: [(name: String, bytes: [UInt8])] = []
        for f in files {
            do { readable.append((f.name, try Self.decompressed(f.data))) } catch {
                total.problems.append(.init(file: f.name, line: 0, key: error == .tooLarge ? "import.too_large" : "import.gzip", detail: ""))
            }
        }
        var batches: [(batch: ImportBatch, map: LineMap, name: String)] = []
        switch format {
        case .csv:
            for f in readable { batches.append((ConstituencyCSV.read(f.bytes), LineMap(files: [(f.name, 1)]), f.name)) }
        case .ripe:
            var joined: [UInt8] = []
            var map = LineMap()
            var line = 1
            for f in readable {
                map.files.append((f.name, line))
                joined += f.bytes
                line += f.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                // A blank line ends the last object of one file before the next begins.
                if f.bytes.last != 0x0A { joined.append(0x0A); line += 1 }
                joined.append(0x0A)
                line += 1
            }
            if !readable.isEmpty { batches.append((RIPEImport.read(joined), map, readable.map(\.name).joined(separator: " "))) }
        }
        for (batch, map, name) in batches {
            var outcome = try await apply(batch.organisations, map: map, authoritative: format == .csv, actor: actor, on: db, now: now)
            outcome.problems = batch.problems.map {
                let at = map.locate($0.line)
                return .init(file: at.file, line: at.line, key: $0.key, detail: $0.detail)
            } + outcome.problems
            total.organisationsCreated += outcome.organisationsCreated
            total.organisationsUpdated += outcome.organisationsUpdated
            total.contactsAdded += outcome.contactsAdded
            total.networksAdded += outcome.networksAdded
            total.problems += outcome.problems
            let done = outcome
            try await db.transaction { db in
                try await AuditLog.record(db, actor: actor, action: "constituency.import", entity: "file", entityID: String(name.suffix(200)),
                                          detail: ["format": format.rawValue, "created": String(done.organisationsCreated),
                                                   "updated": String(done.organisationsUpdated), "contacts": String(done.contactsAdded),
                                                   "networks": String(done.networksAdded), "refused": String(done.problems.count)], at: now)
            }
        }
        total.problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        await directory.changed(on: db)
        return total
    }

    /// Writes the imported organisations: matched by their key (created or updated),
    /// parents linked after all are known, contacts and networks added when new.
    ///
    /// An import fills in and never blanks: empty values keep what is stored. A RIPE file
    /// (`authoritative` false) only names organisations and places them in a country; the
    /// kind, sector, languages, notification and notes of an existing organisation stay
    /// as the team set them.
    func apply(_ organisations: [ImportedOrganisation], map: LineMap, authoritative: Bool, actor: Actor, on db: any Database,
               now: Date) async throws -> ImportOutcome {
        guard !organisations.isEmpty else { return ImportOutcome() }
        let validSectors = Set(try await SectorModel.query(on: db).all().map(\.slug))
        return try await db.transaction { db -> ImportOutcome in
            var outcome = ImportOutcome()
            var byKey: [String: OrganisationModel] = [:]
            let keys = Array(Set(organisations.map(\.key)))
            for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
                for o in try await OrganisationModel.query(on: db).filter(\.$externalKey ~~ chunk).all() { byKey[o.externalKey!] = o }
            }
            // An exported file names console-made organisations by their id.
            let ids = keys.filter { byKey[$0] == nil }.compactMap(UUID.init(uuidString:))
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for o in try await OrganisationModel.query(on: db).filter(\.$id ~~ chunk).all() {
                    byKey[o.id!.uuidString] = o
                    byKey[o.id!.uuidString.lowercased()] = o
                }
            }
            var networkOwner: [String: UUID] = [:]
            for n in try await NetworkModel.query(on: db).field(\.$organisationID).field(\.$value).all() { networkOwner[n.value] = n.organisationID }

            // Organisations first, so that parents and networks can refer to them.
            var seen: Set<String> = []
            for imported in organisations where seen.insert(imported.key).inserted {
                let org = byKey[imported.key] ?? OrganisationModel()
                let isNew = org.id == nil
                if isNew {
                    org.id = UUID()
                    org.externalKey = imported.key
                    org.createdAt = now
                    org.parentID = nil
                    org.countries = ""
                    org.firstMember = false
                    org.trustedIntroducer = TrustedIntroducerStatus.none.rawValue
                    org.maxTLP = TLP.amber.rawValue
                }
                let before = isNew ? [] : Self.fingerprint(org)
                let nameEn = String(imported.nameEn.prefix(OrganisationInput.Limit.name))
                let nameAz = String(imported.nameAz.prefix(OrganisationInput.Limit.name))
                if isNew || !nameEn.isEmpty { org.nameEn = nameEn }
                if isNew || !nameAz.isEmpty { org.nameAz = nameAz }
                if org.nameEn.isEmpty && org.nameAz.isEmpty { org.nameEn = imported.key }
                let country = Codes.country(imported.country) ?? ""
                if isNew || !country.isEmpty { org.country = country }
                if isNew || authoritative {
                    org.kind = OrganisationKind(rawValue: imported.kind)?.rawValue ?? OrganisationKind.constituent.rawValue
                    org.notification = NotificationPreference(rawValue: imported.notification)?.rawValue
                        ?? NotificationPreference.immediate.rawValue
                    let sector = Codes.slug(imported.sector)
                    if !sector.isEmpty, !validSectors.contains(sector) {
                        let at = map.locate(imported.line)
                        outcome.problems.append(.init(file: at.file, line: at.line, key: "import.bad_sector", detail: imported.sector))
                        if isNew { org.sector = "" }
                    } else if isNew || !sector.isEmpty {
                        org.sector = sector
                    }
                    if isNew || !imported.languages.isEmpty { org.languages = imported.languages.joined(separator: ",") }
                    if let e = imported.encryptedMail { org.encryptedMail = e } else if isNew { org.encryptedMail = false }
                    if isNew || !imported.notes.isEmpty { org.notes = String(imported.notes.prefix(OrganisationInput.Limit.notes)) }
                }
                org.refreshSearchText()
                if isNew {
                    org.updatedAt = now
                    try await org.create(on: db)
                    outcome.organisationsCreated += 1
                } else if Self.fingerprint(org) != before {
                    org.updatedAt = now
                    try await org.update(on: db)
                    outcome.organisationsUpdated += 1
                }
                byKey[imported.key] = org
            }

            // Parents, once every key is known.
            var byID: [UUID: OrganisationModel] = [:]
            for o in byKey.values { byID[o.id!] = o }
            for imported in organisations where !imported.parentKey.isEmpty {
                guard let org = byKey[imported.key] else { continue }
                var parent = byKey[imported.parentKey]
                if parent == nil {
                    parent = try await OrganisationModel.query(on: db).filter(\.$externalKey == imported.parentKey).first()
                }
                guard let parent else {
                    let at = map.locate(imported.line)
                    outcome.problems.append(.init(file: at.file, line: at.line, key: "import.unknown_parent", detail: imported.parentKey))
                    continue
                }
                // Refuse a parent that would make the hierarchy loop.
                var cursor: UUID? = parent.id
                var steps = 0
                var loops = false
                while let c = cursor, steps < 64 {
                    if c == org.id { loops = true; break }
                    if let known = byID[c] {
                        cursor = known.parentID
                    } else {
                        cursor = try await OrganisationModel.find(c, on: db)?.parentID
                    }
                    steps += 1
                }
                if loops {
                    let at = map.locate(imported.line)
                    outcome.problems.append(.init(file: at.file, line: at.line, key: "error.org.parent_cycle", detail: imported.parentKey))
                    continue
                }
                if org.parentID != parent.id {
                    org.parentID = parent.id
                    org.updatedAt = now
                    try await org.update(on: db)
                }
            }

            // Contacts and networks.
            var newNetworks: [NetworkModel] = []
            for imported in organisations {
                guard let org = byKey[imported.key], let orgID = org.id else { continue }
                if !imported.contacts.isEmpty {
                    var existing = Set(try await ContactModel.query(on: db).filter(\.$organisationID == orgID).all().map { "\($0.email)|\($0.role)" })
                    for c in imported.contacts {
                        let input = ContactInput(name: c.name, email: c.email, phone: c.phone, role: c.role,
                                                 languages: c.languages.joined(separator: ","), primary: c.primary).cleaned()
                        guard existing.insert("\(input.email)|\(input.role)").inserted else { continue }
                        let contact = ContactModel()
                        contact.id = UUID()
                        contact.organisationID = orgID
                        contact.createdAt = now
                        do {
                            try OrganisationService.apply(input, to: contact, now: now)
                        } catch let ServiceError.invalid(errors) {
                            let (field, key) = errors.sorted { $0.key < $1.key }.first!
                            let at = map.locate(c.line)
                            outcome.problems.append(.init(file: at.file, line: at.line, key: key,
                                                          detail: field == "email" ? c.email : field == "phone" ? c.phone : c.name))
                            continue
                        }
                        try await contact.create(on: db)
                        outcome.contactsAdded += 1
                    }
                }
                for text in imported.networks {
                    switch NetworkValue.parse(text) {
                    case .failure(let e):
                        let at = map.locate(imported.line)
                        outcome.problems.append(.init(file: at.file, line: at.line, key: e.key, detail: String(text.prefix(200))))
                    case .success(let v):
                        if let owner = networkOwner[v.text] {
                            if owner != orgID {
                                let at = map.locate(imported.line)
                                outcome.problems.append(.init(file: at.file, line: at.line, key: "error.network.taken", detail: v.text))
                            }
                            continue
                        }
                        networkOwner[v.text] = orgID
                        newNetworks.append(NetworkModel(organisationID: orgID, kind: v.kind, value: v.text, createdAt: now))
                    }
                }
            }
            // Many rows per statement: an import of a RIPE file adds tens of thousands.
            for start in stride(from: 0, to: newNetworks.count, by: 200) {
                try await Array(newNetworks[start..<min(start + 200, newNetworks.count)]).create(on: db)
            }
            outcome.networksAdded = newNetworks.count
            return outcome
        }
    }

    /// The fields an import sets, to tell whether a re-run changed anything.
    private static func fingerprint(_ o: OrganisationModel) -> [String] {
        [o.nameEn, o.nameAz, o.kind, o.sector, o.country, o.languages, o.notification, String(o.encryptedMail), o.notes]
    }

    // MARK: Geo data

    /// What a geo import did.
    public struct GeoOutcome: Sendable, Equatable {
        /// Blocks loaded per registry (a registry's earlier blocks are replaced).
        public var blocks: [String: Int] = [:]
        public var problems: [ImportOutcome.ImportLine] = []
    }

    /// Loads an RIR delegated-extended statistics file, replacing what the same registry
    /// sent before.
    public func importGeo(named name: String, data: [UInt8], actor: Actor, on db: any Database, now: Date = Date()) async throws -> GeoOutcome {
        try actor.require(.editConstituency)
        var outcome = GeoOutcome()
        let bytes: [UInt8]
        do { bytes = try Self.decompressed(data) } catch {
            outcome.problems.append(.init(file: name, line: 0, key: "import.gzip", detail: ""))
            return outcome
        }
        let read = DelegatedStats.read(bytes)
        outcome.problems = read.problems.map { .init(file: name, line: $0.line, key: $0.key, detail: $0.detail) }
        let byRegistry = Dictionary(grouping: read.records, by: \.registry)
        outcome.blocks = try await db.transaction { db -> [String: Int] in
            var blocks: [String: Int] = [:]
            for (registry, records) in byRegistry {
                try await GeoRangeModel.query(on: db).filter(\.$registry == registry).delete()
                var rows: [GeoRangeModel] = []
                rows.reserveCapacity(records.count)
                for r in records {
                    let row = GeoRangeModel()
                    row.id = UUID()
                    row.registry = registry
                    row.country = r.country
                    switch r.resource {
                    case .ipv4(let range):
                        row.kind = "ipv4"
                        row.start = IPAddress.v4(range.lowerBound).description
                        row.size = Int64(range.upperBound) - Int64(range.lowerBound) + 1
                    case .ipv6(let prefix):
                        row.kind = "ipv6"
                        row.start = prefix.address.description
                        row.size = Int64(prefix.length)
                    case .asn(let range):
                        row.kind = "asn"
                        row.start = String(range.lowerBound)
                        row.size = Int64(range.upperBound) - Int64(range.lowerBound) + 1
                    }
                    rows.append(row)
                }
                for start in stride(from: 0, to: rows.count, by: 200) {
                    try await Array(rows[start..<min(start + 200, rows.count)]).create(on: db)
                }
                blocks[registry] = rows.count
            }
            try await AuditLog.record(db, actor: actor, action: "geo.import", entity: "file", entityID: String(name.suffix(200)),
                                      detail: blocks.mapValues(String.init), at: now)
            return blocks
        }
        await directory.changed(on: db)
        return outcome
    }
}
