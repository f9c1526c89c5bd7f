import FluentKit
import Foundation
import QalxanCore
import QalxanFormats
import QalxanStorage

/// Changes to the registry: organisations, their contacts and networks, sectors.
/// Every change is audited and makes the directory rebuild its lookup table.
public struct OrganisationService: Sendable {
    public let directory: ConstituencyDirectory

    public init(directory: ConstituencyDirectory) {
        self.directory = directory
    }

    /// Most networks one submission may add.
    public static let maxNetworksPerSubmission = 10_000

    // MARK: Organisations

    /// Creates an organisation from checked input.
    @discardableResult
    public func create(_ input: OrganisationInput, actor: Actor, on db: any Database, now: Date = Date()) async throws -> OrganisationModel {
        try actor.require(.editConstituency)
        let input = input.cleaned()
        let org = OrganisationModel()
        org.id = UUID()
        org.createdAt = now
        try await apply(input, to: org, on: db, now: now)
        try await db.transaction { db in
            try await org.create(on: db)
            try await AuditLog.record(db, actor: actor, action: "organisation.create", entity: "organisation",
                                      entityID: org.id!.uuidString, detail: ["name": org.nameEn.isEmpty ? org.nameAz : org.nameEn], at: now)
        }
        await directory.changed(on: db)
        return org
    }

    /// Replaces an organisation's fields with checked input.
    public func update(_ id: UUID, _ input: OrganisationInput, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editConstituency)
        guard let org = try await OrganisationModel.find(id, on: db) else { throw ServiceError.notFound }
        try await apply(input.cleaned(), to: org, on: db, now: now)
        try await db.transaction { db in
            try await org.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "organisation.update", entity: "organisation",
                                      entityID: id.uuidString, at: now)
        }
        await directory.changed(on: db)
    }

    /// Deletes an organisation with its contacts and networks; its children lose their parent.
    public func delete(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editConstituency)
        guard let org = try await OrganisationModel.find(id, on: db) else { throw ServiceError.notFound }
        try await db.transaction { db in
            try await removeDependents(of: id, on: db)
            try await org.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "organisation.delete", entity: "organisation",
                                      entityID: id.uuidString, detail: ["name": org.nameEn], at: now)
        }
        await directory.changed(on: db)
    }

    /// Moves contacts, networks, children and incident links of `source` to `target`
    /// and deletes `source`. Contacts already present on the target (same e-mail and
    /// role) are not duplicated.
    public func merge(_ source: UUID, into target: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editConstituency)
        guard source != target else { throw ServiceError.invalid(["target": "error.org.merge_self"]) }
        guard let from = try await OrganisationModel.find(source, on: db) else { throw ServiceError.notFound }
        guard let into = try await OrganisationModel.find(target, on: db) else { throw ServiceError.invalid(["target": "error.org.unknown"]) }
        // The target must not sit below the source, or the hierarchy would loop.
        if try await ancestors(of: target, on: db).contains(source) { throw ServiceError.invalid(["target": "error.org.merge_child"]) }
        try await db.transaction { db in
            let existing = Set(try await ContactModel.query(on: db).filter(\.$organisationID == target).all().map { "\($0.email)|\($0.role)" })
            for c in try await ContactModel.query(on: db).filter(\.$organisationID == source).all() {
                if existing.contains("\(c.email)|\(c.role)") { try await c.delete(on: db); continue }
                c.organisationID = target
                try await c.update(on: db)
            }
            try await NetworkModel.query(on: db).filter(\.$organisationID == source).set(\.$organisationID, to: target).update()
            try await OrganisationModel.query(on: db).filter(\.$parentID == source).filter(\.$id != target)
                .set(\.$parentID, to: target).update()
            if into.parentID == source {
                into.parentID = from.parentID
            }
            let linked = Set(try await IncidentOrganisationModel.query(on: db).filter(\.$organisationID == target).all().map(\.incidentID))
            for link in try await IncidentOrganisationModel.query(on: db).filter(\.$organisationID == source).all() {
                if linked.contains(link.incidentID) {
                    // A handler's addition outweighs a removal of the same incident's link.
                    if link.state == "added" {
                        try await IncidentOrganisationModel.query(on: db).filter(\.$organisationID == target)
                            .filter(\.$incidentID == link.incidentID).set(\.$state, to: "added").update()
                    }
                    try await link.delete(on: db)
                    continue
                }
                link.organisationID = target
                try await link.update(on: db)
            }
            // A partner team keeps the countries of both.
            let countries = into.countryList + from.countryList.filter { !into.countryList.contains($0) }
            into.countries = countries.joined(separator: ",")
            if into.externalKey == nil, let key = from.externalKey {
                from.externalKey = nil
                try await from.update(on: db)
                into.externalKey = key
            }
            into.updatedAt = now
            into.refreshSearchText()
            try await into.update(on: db)
            try await from.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "organisation.merge", entity: "organisation",
                                      entityID: target.uuidString, detail: ["merged": source.uuidString, "name": from.nameEn], at: now)
        }
        await directory.changed(on: db)
    }

    /// Checks `input` against the registry and copies it into `org`.
    func apply(_ input: OrganisationInput, to org: OrganisationModel, on db: any Database, now: Date) async throws {
        var errors = input.validate()
        var parentID: UUID?
        if !input.parent.isEmpty {
            if let id = UUID(uuidString: input.parent), try await OrganisationModel.find(id, on: db) != nil {
                if let own = org.id {
                    let above = try await ancestors(of: id, on: db)
                    if id == own || above.contains(own) { errors["parent"] = "error.org.parent_cycle" }
                }
                parentID = id
            } else {
                errors["parent"] = "error.org.unknown"
            }
        }
        let sector = Codes.slug(input.sector)
        if !sector.isEmpty, try await SectorModel.query(on: db).filter(\.$slug == sector).first() == nil {
            errors["sector"] = "error.choice"
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        org.nameEn = input.nameEn
        org.nameAz = input.nameAz
        org.kind = input.kind
        org.sector = sector
        org.country = Codes.country(input.country) ?? ""
        org.parentID = parentID
        org.languages = (Codes.languages(input.languages) ?? []).joined(separator: ",")
        org.notification = input.notification
        org.encryptedMail = input.encryptedMail
        org.notes = input.notes
        org.countries = (Codes.countries(input.countries) ?? []).joined(separator: ",")
        org.firstMember = input.firstMember
        org.trustedIntroducer = input.trustedIntroducer
        org.maxTLP = (TLP(parsing: input.maxTLP) ?? .amber).rawValue
        org.updatedAt = now
        org.refreshSearchText()
    }

    /// The parents of `id`, nearest first (cycles cut).
    func ancestors(of id: UUID, on db: any Database) async throws -> [UUID] {
        var out: [UUID] = []
        var current = try await OrganisationModel.find(id, on: db)?.parentID
        while let c = current, !out.contains(c), out.count < 64 {
            out.append(c)
            current = try await OrganisationModel.find(c, on: db)?.parentID
        }
        return out
    }

    private func removeDependents(of id: UUID, on db: any Database) async throws {
        // Explicit, so deletion does not depend on the store enforcing foreign keys.
        try await ContactModel.query(on: db).filter(\.$organisationID == id).delete()
        try await NetworkModel.query(on: db).filter(\.$organisationID == id).delete()
        try await IncidentOrganisationModel.query(on: db).filter(\.$organisationID == id).delete()
        try await OrganisationModel.query(on: db).filter(\.$parentID == id).set(\.$parentID, to: nil).update()
    }

    // MARK: Contacts

    /// Adds a contact; the OpenPGP key, when given, must be a readable public key.
    @discardableResult
    public func addContact(to organisation: UUID, _ input: ContactInput, actor: Actor, on db: any Database,
                           now: Date = Date()) async throws -> ContactModel {
        try actor.require(.editConstituency)
        guard try await OrganisationModel.find(organisation, on: db) != nil else { throw ServiceError.notFound }
        let contact = ContactModel()
        contact.id = UUID()
        contact.organisationID = organisation
        contact.createdAt = now
        try Self.apply(input.cleaned(), to: contact, now: now)
        try await db.transaction { db in
            if contact.isPrimary { try await clearPrimary(organisation, role: contact.role, except: nil, on: db) }
            try await contact.create(on: db)
            try await AuditLog.record(db, actor: actor, action: "contact.create", entity: "organisation",
                                      entityID: organisation.uuidString, detail: ["email": contact.email, "role": contact.role], at: now)
        }
        return contact
    }

    /// Replaces a contact's fields; returns its organisation.
    @discardableResult
    public func updateContact(_ id: UUID, _ input: ContactInput, actor: Actor, on db: any Database, now: Date = Date()) async throws -> UUID {
        try actor.require(.editConstituency)
        guard let contact = try await ContactModel.find(id, on: db) else { throw ServiceError.notFound }
        let input = input.cleaned()
        // The edit form cannot show the stored key: left empty, the key stays as it was
        // read (an expired key stays flagged, and does not block other changes).
        let kept = (contact.pgpKey, contact.pgpFingerprint, contact.pgpExpiresAt, contact.pgpState)
        try Self.apply(input, to: contact, now: now)
        if input.pgpKey.isEmpty {
            (contact.pgpKey, contact.pgpFingerprint, contact.pgpExpiresAt, contact.pgpState) = kept
        }
        try await db.transaction { db in
            if contact.isPrimary { try await clearPrimary(contact.organisationID, role: contact.role, except: id, on: db) }
            try await contact.update(on: db)
            try await AuditLog.record(db, actor: actor, action: "contact.update", entity: "organisation",
                                      entityID: contact.organisationID.uuidString, detail: ["email": contact.email], at: now)
        }
        return contact.organisationID
    }

    /// Removes a contact; returns its organisation.
    @discardableResult
    public func deleteContact(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws -> UUID {
        try actor.require(.editConstituency)
        guard let contact = try await ContactModel.find(id, on: db) else { throw ServiceError.notFound }
        try await db.transaction { db in
            try await contact.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "contact.delete", entity: "organisation",
                                      entityID: contact.organisationID.uuidString, detail: ["email": contact.email], at: now)
        }
        return contact.organisationID
    }

    /// One primary contact per role and organisation.
    private func clearPrimary(_ organisation: UUID, role: String, except: UUID?, on db: any Database) async throws {
        var q = ContactModel.query(on: db).filter(\.$organisationID == organisation).filter(\.$role == role)
        if let except { q = q.filter(\.$id != except) }
        try await q.set(\.$isPrimary, to: false).update()
    }

    /// Checks a contact's input (and reads its key) into `contact`.
    static func apply(_ input: ContactInput, to contact: ContactModel, now: Date) throws {
        var errors = input.validate()
        var key: KeySummary?
        if errors["pgp_key"] == nil, !input.pgpKey.isEmpty {
            do { key = try KeySummary(armored: input.pgpKey, now: now) } catch { errors["pgp_key"] = error.key }
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        contact.name = input.name
        contact.email = input.email
        contact.phone = input.phone
        contact.role = input.role
        contact.languages = (Codes.languages(input.languages) ?? []).joined(separator: ",")
        contact.isPrimary = input.primary
        contact.pgpKey = key == nil ? "" : input.pgpKey
        contact.pgpFingerprint = key?.fingerprint ?? ""
        contact.pgpExpiresAt = key?.expiresAt
        contact.pgpState = key?.state ?? ""
        contact.updatedAt = now
    }

    // MARK: Networks

    /// Adds the networks in `text` (one per line, or separated by spaces, commas or
    /// semicolons). Returns what was added and what was refused, with the catalog key
    /// of the reason; networks the organisation already has are neither.
    public func addNetworks(to organisation: UUID, text: String, actor: Actor, on db: any Database,
                            now: Date = Date()) async throws -> (added: [String], refused: [(text: String, key: String)]) {
        try actor.require(.editConstituency)
        guard try await OrganisationModel.find(organisation, on: db) != nil else { throw ServiceError.notFound }
        let items = TextInput.clean(text).split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init)
        guard items.count <= Self.maxNetworksPerSubmission else { throw ServiceError.invalid(["networks": "error.network.too_many"]) }
        let (added, refused) = try await db.transaction { db -> ([String], [(text: String, key: String)]) in
            var added: [String] = []
            var refused: [(text: String, key: String)] = []
            for item in items {
                switch NetworkValue.parse(item) {
                case .failure(let e):
                    refused.append((String(item.prefix(200)), e.key))
                case .success(let v):
                    if let existing = try await NetworkModel.query(on: db).filter(\.$value == v.text).first() {
                        if existing.organisationID != organisation { refused.append((v.text, "error.network.taken")) }
                        continue
                    }
                    try await NetworkModel(organisationID: organisation, kind: v.kind, value: v.text, createdAt: now).create(on: db)
                    added.append(v.text)
                }
            }
            if !added.isEmpty {
                try await AuditLog.record(db, actor: actor, action: "network.add", entity: "organisation",
                                          entityID: organisation.uuidString,
                                          detail: ["networks": added.prefix(50).joined(separator: " "), "count": String(added.count)], at: now)
            }
            return (added, refused)
        }
        if !added.isEmpty { await directory.changed(on: db) }
        return (added, refused)
    }

    /// Removes a network; returns its organisation.
    @discardableResult
    public func deleteNetwork(_ id: UUID, actor: Actor, on db: any Database, now: Date = Date()) async throws -> UUID {
        try actor.require(.editConstituency)
        guard let network = try await NetworkModel.find(id, on: db) else { throw ServiceError.notFound }
        try await db.transaction { db in
            try await network.delete(on: db)
            try await AuditLog.record(db, actor: actor, action: "network.delete", entity: "organisation",
                                      entityID: network.organisationID.uuidString, detail: ["network": network.value], at: now)
        }
        await directory.changed(on: db)
        return network.organisationID
    }

    // MARK: Sectors

    /// All sectors, by English name.
    public func sectors(on db: any Database) async throws -> [SectorModel] {
        try await SectorModel.query(on: db).sort(\.$nameEn).all()
    }

    /// Adds a sector (administrators and coordinators).
    public func addSector(slug: String, nameEn: String, nameAz: String, actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try actor.require(.editConstituency)
        let nameEn = TextInput.field(nameEn), nameAz = TextInput.field(nameAz)
        let slug = Codes.slug(slug.isEmpty ? nameEn : slug)
        var errors: [String: String] = [:]
        if slug.isEmpty { errors["slug"] = "error.required" }
        if nameEn.isEmpty { errors["name_en"] = "error.required" } else if nameEn.count > 100 { errors["name_en"] = "error.too_long" }
        if nameAz.isEmpty { errors["name_az"] = "error.required" } else if nameAz.count > 100 { errors["name_az"] = "error.too_long" }
        if errors.isEmpty, try await SectorModel.query(on: db).filter(\.$slug == slug).first() != nil { errors["slug"] = "error.sector.taken" }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        try await db.transaction { db in
            try await SectorModel(slug: slug, nameEn: nameEn, nameAz: nameAz).create(on: db)
            try await AuditLog.record(db, actor: actor, action: "sector.create", entity: "sector", entityID: slug, at: now)
        }
    }
}

/// What the registry keeps of an OpenPGP key besides the key itself.
struct KeySummary {
    let fingerprint: String
    /// When the key stops being usable for encryption.
    let expiresAt: Date?
    /// `valid`, `revoked` or `no_encryption_key`; `expired` is judged when shown, but a
    /// key already expired when pasted is refused.
    let state: String

    init(armored: String, now: Date) throws(KeyProblem) {
        let key: OpenPGPKey
        do { key = try OpenPGPKey.parse(armored: armored) } catch { throw KeyProblem(key: error.key) }
        let status = key.status(at: now)
        if status == .expired { throw KeyProblem(key: "error.pgp.expired") }
        fingerprint = key.fingerprint
        // Usable until the primary key or the longest-lived usable encryption subkey expires.
        let usable = key.encryptionSubkeys.filter { $0.isUsable(at: now) }
        var until: Date? = key.expires
        if !usable.isEmpty {
            let subkeyEnd: Date? = usable.contains { $0.expires == nil } ? nil : usable.compactMap(\.expires).max()
            if let s = subkeyEnd { until = until.map { min($0, s) } ?? s }
        }
        expiresAt = until
        state = status == .valid ? "valid" : status.rawValue
    }
}

/// Why a key was refused: a catalog key.
struct KeyProblem: Error {
    let key: String
}
