import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import Vapor

/// `/api/v1/organisations` (list, read, create, update, delete, contacts, networks) and
/// `/api/v1/lookup?q=…`.
struct ConstituencyAPI {
    func register(_ authed: any RoutesBuilder) {
        authed.get("organisations", use: list)
        authed.on(.POST, "organisations", body: .collect(maxSize: "2mb"), use: create)
        authed.get("organisations", ":id", use: get)
        authed.on(.PATCH, "organisations", ":id", body: .collect(maxSize: "2mb"), use: update)
        authed.delete("organisations", ":id", use: delete)
        authed.on(.POST, "organisations", ":id", "contacts", body: .collect(maxSize: "2mb"), use: addContact)
        authed.on(.PATCH, "organisations", ":id", "contacts", ":contact", body: .collect(maxSize: "2mb"), use: updateContact)
        authed.delete("organisations", ":id", "contacts", ":contact", use: deleteContact)
        authed.on(.POST, "organisations", ":id", "merge", body: .collect(maxSize: "64kb"), use: merge)
        authed.on(.POST, "organisations", ":id", "networks", body: .collect(maxSize: "8mb"), use: addNetworks)
        authed.delete("organisations", ":id", "networks", ":network", use: deleteNetwork)
        authed.get("lookup", use: lookup)
    }

    func id(_ req: Request, _ name: String = "id") throws -> UUID {
        guard let id = req.parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return id
    }

    func body(_ req: Request) throws -> [String: Any] {
        try JSONBody.object(Data(req.body.data?.readableBytesView ?? ByteBuffer().readableBytesView))
    }

    func list(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyRead)
        let q = Dictionary(req.queryPairs, uniquingKeysWith: { a, _ in a })
        let page = max(1, min(100_000, Int(q["page"] ?? "") ?? 1))
        let perPage = max(1, min(500, Int(q["per_page"] ?? "") ?? 100))
        var kind: OrganisationKind?
        if let k = q["kind"] {
            guard let parsed = OrganisationKind(rawValue: k) else { throw ServiceError.invalid(["kind": "error.choice"]) }
            kind = parsed
        }
        let result = try await req.qalxan.organisationQuery.list(
            text: TextInput.field(q["q"]), kind: kind, sector: Codes.slug(q["sector"] ?? ""),
            missingContact: q["flag"] == "missing_contact", page: page, perPage: perPage, actor: req.actor, on: req.db)
        return try JSONBody.response([
            "items": result.items.map(Self.summary), "page": result.page, "per_page": result.perPage, "total": result.total,
        ])
    }

    func get(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyRead)
        let detail = try await req.qalxan.organisationQuery.detail(try id(req), actor: req.actor, on: req.db)
        return try JSONBody.response(Self.detail(detail))
    }

    /// Reads an organisation from JSON; fields left out keep `base`'s values.
    static func input(_ json: [String: Any], base: OrganisationInput) throws -> OrganisationInput {
        var v = base
        var errors: [String: String] = [:]
        func string(_ key: String, _ set: (String) -> Void) {
            guard let raw = json[key], !(raw is NSNull) else { return }
            if let s = raw as? String { set(s) } else { errors[key] = "error.type" }
        }
        func list(_ key: String, _ set: (String) -> Void) {
            guard let raw = json[key], !(raw is NSNull) else { return }
            if let a = raw as? [String] { set(a.joined(separator: ",")) } else { errors[key] = "error.type" }
        }
        func bool(_ key: String, _ set: (Bool) -> Void) {
            guard let raw = json[key], !(raw is NSNull) else { return }
            if let b = raw as? Bool { set(b) } else { errors[key] = "error.type" }
        }
        string("name_en") { v.nameEn = $0 }
        string("name_az") { v.nameAz = $0 }
        string("kind") { v.kind = $0 }
        string("sector") { v.sector = $0 }
        string("country") { v.country = $0 }
        string("parent_id") { v.parent = $0 }
        if json["parent_id"] is NSNull { v.parent = "" }
        list("languages") { v.languages = $0 }
        string("notification") { v.notification = $0 }
        bool("encrypted_mail") { v.encryptedMail = $0 }
        string("notes") { v.notes = $0 }
        list("countries") { v.countries = $0 }
        bool("first_member") { v.firstMember = $0 }
        string("trusted_introducer") { v.trustedIntroducer = $0 }
        string("max_tlp") { v.maxTLP = $0 }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        return v
    }

    /// The service names form fields; the API calls the parent `parent_id`.
    static func apiErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch ServiceError.invalid(let errors) {
            throw ServiceError.invalid(Dictionary(errors.map { ($0.key == "parent" ? "parent_id" : $0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    func create(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let input = try Self.input(try body(req), base: OrganisationInput())
        let org = try await Self.apiErrors { try await req.qalxan.organisations.create(input, actor: req.actor, on: req.db) }
        let detail = try await req.qalxan.organisationQuery.detail(org.id!, actor: req.actor, on: req.db)
        return try JSONBody.response(Self.detail(detail), status: .created)
    }

    func update(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let id = try id(req)
        let current = try await req.qalxan.organisationQuery.detail(id, actor: req.actor, on: req.db)
        let input = try Self.input(try body(req), base: ConstituencyController.values(of: current))
        try await Self.apiErrors { try await req.qalxan.organisations.update(id, input, actor: req.actor, on: req.db) }
        let detail = try await req.qalxan.organisationQuery.detail(id, actor: req.actor, on: req.db)
        return try JSONBody.response(Self.detail(detail))
    }

    func delete(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        try await req.qalxan.organisations.delete(try id(req), actor: req.actor, on: req.db)
        return Response(status: .noContent)
    }

    /// Reads a contact from JSON; fields left out keep `base`'s values.
    static func contactInput(_ json: [String: Any], base: ContactInput) throws -> ContactInput {
        var v = base
        var errors: [String: String] = [:]
        func string(_ key: String, _ set: (String) -> Void) {
            guard let raw = json[key], !(raw is NSNull) else { return }
            if let s = raw as? String { set(s) } else { errors[key] = "error.type" }
        }
        string("name") { v.name = $0 }
        string("email") { v.email = $0 }
        string("phone") { v.phone = $0 }
        string("role") { v.role = $0 }
        string("pgp_key") { v.pgpKey = $0 }
        if let raw = json["languages"], !(raw is NSNull) {
            if let list = raw as? [String] { v.languages = list.joined(separator: ",") } else { errors["languages"] = "error.type" }
        }
        if let raw = json["primary"], !(raw is NSNull) {
            if let b = raw as? Bool { v.primary = b } else { errors["primary"] = "error.type" }
        }
        guard errors.isEmpty else { throw ServiceError.invalid(errors) }
        return v
    }

    func addContact(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let input = try Self.contactInput(try body(req), base: ContactInput())
        let contact = try await req.qalxan.organisations.addContact(to: try id(req), input, actor: req.actor, on: req.db)
        return try JSONBody.response(Self.contact(OrganisationQuery.item(contact, now: Date())), status: .created)
    }

    /// Changes the given fields of a contact; `pgp_key` left out keeps the stored key.
    func updateContact(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let org = try id(req)
        let contactID = try id(req, "contact")
        guard let stored = try await ContactModel.find(contactID, on: req.db), stored.organisationID == org else {
            throw ServiceError.notFound
        }
        let base = ContactInput(name: stored.name, email: stored.email, phone: stored.phone, role: stored.role,
                                languages: stored.languages, pgpKey: "", primary: stored.isPrimary)
        let input = try Self.contactInput(try body(req), base: base)
        try await req.qalxan.organisations.updateContact(contactID, input, actor: req.actor, on: req.db)
        guard let updated = try await ContactModel.find(contactID, on: req.db) else { throw ServiceError.notFound }
        return try JSONBody.response(Self.contact(OrganisationQuery.item(updated, now: Date())))
    }

    /// Merges the organisation into another (`{"into": "<id>"}`): its contacts, networks,
    /// children and incident links move, and it is deleted. Answers with the target.
    func merge(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let source = try id(req)
        guard let into = (try body(req)["into"] as? String).flatMap(UUID.init(uuidString:)) else {
            throw ServiceError.invalid(["into": "error.org.unknown"])
        }
        do {
            try await req.qalxan.organisations.merge(source, into: into, actor: req.actor, on: req.db)
        } catch ServiceError.invalid(let errors) {
            throw ServiceError.invalid(Dictionary(errors.map { ($0.key == "target" ? "into" : $0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
        let detail = try await req.qalxan.organisationQuery.detail(into, actor: req.actor, on: req.db)
        return try JSONBody.response(Self.detail(detail))
    }

    func deleteContact(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let org = try id(req)
        let contact = try id(req, "contact")
        guard try await ContactModel.find(contact, on: req.db)?.organisationID == org else { throw ServiceError.notFound }
        try await req.qalxan.organisations.deleteContact(contact, actor: req.actor, on: req.db)
        return Response(status: .noContent)
    }

    /// Adds networks: `{"networks": ["192.0.2.0/24", "AS64496", "example.az"]}`. Answers
    /// 200 with what was added and what was refused (and why), or 422 when nothing was added.
    func addNetworks(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let json = try body(req)
        guard let items = json["networks"] as? [String] else { throw ServiceError.invalid(["networks": "error.type"]) }
        let result = try await req.qalxan.organisations.addNetworks(to: try id(req), text: items.joined(separator: "\n"),
                                                                    actor: req.actor, on: req.db)
        let l = Localizer(Language(rawValue: req.headers.first(name: .acceptLanguage)?.prefix(2).lowercased() ?? "") ?? .en)
        return try JSONBody.response([
            "added": result.added,
            "refused": result.refused.map { ["network": $0.text, "code": $0.key, "message": l.t($0.key)] },
        ], status: result.added.isEmpty && !result.refused.isEmpty ? .unprocessableEntity : .ok)
    }

    func deleteNetwork(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyWrite)
        let org = try id(req)
        let network = try id(req, "network")
        guard try await NetworkModel.find(network, on: req.db)?.organisationID == org else { throw ServiceError.notFound }
        try await req.qalxan.organisations.deleteNetwork(network, actor: req.actor, on: req.db)
        return Response(status: .noContent)
    }

    /// `GET /api/v1/lookup?q=…`: one query, or several (`q` repeated, at most 100).
    func lookup(_ req: Request) async throws -> Response {
        try req.requireScope(.constituencyRead)
        let queries = req.queryPairs.filter { $0.0 == "q" }.map(\.1)
        guard !queries.isEmpty, queries.count <= 100 else { throw ServiceError.invalid(["q": "error.required"]) }
        let (results, unrecognised) = try req.qalxan.organisationQuery.lookup(queries.joined(separator: "\n"), actor: req.actor)
        if queries.count == 1 {
            guard let r = results.first else { throw ServiceError.invalid(["q": "error.lookup.unrecognised"]) }
            return try JSONBody.response(Self.result(r))
        }
        return try JSONBody.response(["results": results.map(Self.result), "unrecognised": unrecognised])
    }

    // MARK: JSON shapes

    static func ref(_ r: OrganisationRef) -> [String: Any] {
        ["id": r.id.uuidString.lowercased(), "name_en": r.nameEn, "name_az": r.nameAz, "kind": r.kind.rawValue, "country": r.country]
    }

    static func summary(_ s: OrganisationSummary) -> [String: Any] {
        var o = ref(s.ref)
        o["sector"] = s.sector
        o["parent"] = s.parent.map(ref) ?? NSNull()
        o["network_count"] = s.networkCount
        o["contact_count"] = s.contactCount
        o["missing_contact"] = s.missingContact
        return o
    }

    static func contact(_ c: ContactItem) -> [String: Any] {
        [
            "id": c.id.uuidString.lowercased(), "name": c.name, "email": c.email, "phone": c.phone, "role": c.role.rawValue,
            "languages": c.languages, "primary": c.primary,
            "pgp": c.pgpFingerprint.isEmpty ? NSNull() : [
                "fingerprint": c.pgpFingerprint, "expires_at": JSONBody.date(c.pgpExpiresAt), "status": c.pgpStatus,
            ] as [String: Any],
        ]
    }

    static func detail(_ d: OrganisationDetail) -> [String: Any] {
        var o = ref(d.ref)
        o["external_key"] = d.externalKey ?? NSNull()
        o["sector"] = d.sector
        o["parents"] = d.parents.map(ref)
        o["children"] = d.children.map(ref)
        o["languages"] = d.languages
        o["notification"] = d.notification.rawValue
        o["encrypted_mail"] = d.encryptedMail
        o["notes"] = d.notes
        o["missing_contact"] = d.missingContact
        if d.ref.kind == .partnerCERT {
            o["partner"] = [
                "countries": d.countries, "first_member": d.firstMember,
                "trusted_introducer": d.trustedIntroducer.rawValue, "max_tlp": d.maxTLP.rawValue,
            ] as [String: Any]
        }
        o["contacts"] = d.contacts.map(contact)
        o["networks"] = d.networks.map { n in
            [
                "id": n.id.uuidString.lowercased(), "kind": n.kind, "value": n.value,
                "overlaps": n.overlaps.map { ["network": $0.network, "organisation": ref($0.owner)] },
            ] as [String: Any]
        }
        o["created_at"] = DateText.iso(d.createdAt)
        o["updated_at"] = DateText.iso(d.updatedAt)
        return o
    }

    static func result(_ r: LookupResult) -> [String: Any] {
        [
            "query": r.query, "kind": r.kind, "network": r.network ?? NSNull(),
            "owner": r.owners.first.map(ref) ?? NSNull(), "parents": r.owners.dropFirst().map(ref),
            "country": r.country ?? NSNull(), "partners": r.partners.map(ref),
            "responsible": r.responsible.map(ref) ?? NSNull(),
        ]
    }
}
