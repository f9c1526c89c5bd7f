import Foundation

/// One row of the organisation list.
public struct OrganisationSummary: Sendable, Equatable {
    public let ref: OrganisationRef
    public let sector: String
    public let parent: OrganisationRef?
    public let networkCount: Int
    public let contactCount: Int
    /// No valid contact to send incidents to (see `OrganisationDetail.needsContact`).
    public let missingContact: Bool

    public init(ref: OrganisationRef, sector: String, parent: OrganisationRef?, networkCount: Int, contactCount: Int, missingContact: Bool) {
        self.ref = ref
        self.sector = sector
        self.parent = parent
        self.networkCount = networkCount
        self.contactCount = contactCount
        self.missingContact = missingContact
    }
}

/// A contact as pages and the API show it.
public struct ContactItem: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let email: String
    public let phone: String
    public let role: ContactRole
    public let languages: [String]
    public let primary: Bool
    /// Upper-case hex, or empty without a key.
    public let pgpFingerprint: String
    public let pgpExpiresAt: Date?
    /// `none`, `valid`, `expired`, `revoked`, `no_encryption_key`.
    public let pgpStatus: String
    /// Deliveries that bounced in a row; flagged from `MailPolicy.bounceFlagThreshold`.
    public let bounces: Int
    public var isBouncing: Bool { bounces >= MailPolicy.bounceFlagThreshold }

    public init(id: UUID, name: String, email: String, phone: String, role: ContactRole, languages: [String], primary: Bool,
                pgpFingerprint: String, pgpExpiresAt: Date?, pgpStatus: String, bounces: Int = 0) {
        self.bounces = bounces
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.languages = languages
        self.primary = primary
        self.pgpFingerprint = pgpFingerprint
        self.pgpExpiresAt = pgpExpiresAt
        self.pgpStatus = pgpStatus
    }

    /// The key's state from what was read when it was saved, judged at `now`.
    public static func pgpStatus(fingerprint: String, state: String, expiresAt: Date?, now: Date) -> String {
        if fingerprint.isEmpty { return "none" }
        if state != "valid" { return state }
        if let e = expiresAt, e <= now { return "expired" }
        return "valid"
    }

    /// Fingerprint in groups of four, as people compare them aloud.
    public var groupedFingerprint: String {
        var out = ""
        for (i, ch) in pgpFingerprint.enumerated() {
            if i > 0, i % 4 == 0 { out.append(" ") }
            out.append(ch)
        }
        return out
    }
}

/// A registered network and the other organisations' networks it overlaps.
public struct NetworkItem: Sendable, Equatable {
    public let id: UUID
    /// `ipv4`, `ipv6`, `asn`, `domain`.
    public let kind: String
    public let value: String
    /// Display form: a domain in Unicode when it is IDNA-encoded.
    public let display: String
    public let overlaps: [Overlap]

    /// Another organisation's network inside or around this one.
    public struct Overlap: Sendable, Equatable {
        public let network: String
        public let owner: OrganisationRef

        public init(network: String, owner: OrganisationRef) {
            self.network = network
            self.owner = owner
        }
    }

    public init(id: UUID, kind: String, value: String, display: String, overlaps: [Overlap]) {
        self.id = id
        self.kind = kind
        self.value = value
        self.display = display
        self.overlaps = overlaps
    }
}

/// Everything the organisation page shows.
public struct OrganisationDetail: Sendable {
    public let ref: OrganisationRef
    public let externalKey: String?
    public let sector: String
    /// The parents, nearest first.
    public let parents: [OrganisationRef]
    public let children: [OrganisationRef]
    public let languages: [String]
    public let notification: NotificationPreference
    public let encryptedMail: Bool
    public let notes: String
    public let countries: [String]
    public let firstMember: Bool
    public let trustedIntroducer: TrustedIntroducerStatus
    public let maxTLP: TLP
    public let contacts: [ContactItem]
    public let networks: [NetworkItem]
    public let createdAt: Date
    public let updatedAt: Date

    public init(ref: OrganisationRef, externalKey: String?, sector: String, parents: [OrganisationRef], children: [OrganisationRef],
                languages: [String], notification: NotificationPreference, encryptedMail: Bool, notes: String, countries: [String],
                firstMember: Bool, trustedIntroducer: TrustedIntroducerStatus, maxTLP: TLP, contacts: [ContactItem],
                networks: [NetworkItem], createdAt: Date, updatedAt: Date) {
        self.ref = ref
        self.externalKey = externalKey
        self.sector = sector
        self.parents = parents
        self.children = children
        self.languages = languages
        self.notification = notification
        self.encryptedMail = encryptedMail
        self.notes = notes
        self.countries = countries
        self.firstMember = firstMember
        self.trustedIntroducer = trustedIntroducer
        self.maxTLP = maxTLP
        self.contacts = contacts
        self.networks = networks
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the organisation lacks a contact the team can write to: a constituent needs
    /// an abuse contact, a partner team any contact; when mail must be encrypted, that
    /// contact also needs a usable OpenPGP key.
    public var missingContact: Bool {
        Self.missingContact(kind: ref.kind, encryptedMail: encryptedMail, contacts: contacts)
    }

    /// The rule behind `missingContact`, shared with the list.
    public static func missingContact(kind: OrganisationKind, encryptedMail: Bool, contacts: [ContactItem]) -> Bool {
        let wanted: [ContactItem]
        switch kind {
        case .constituent: wanted = contacts.filter { $0.role == .abuse }
        case .partnerCERT: wanted = contacts
        case .vendor, .other: return false
        }
        return !wanted.contains { !encryptedMail || $0.pgpStatus == "valid" }
    }
}

/// An organisation an incident affects, and why.
public struct AffectedOrganisation: Sendable, Equatable {
    public let organisation: OrganisationRef
    /// Its parents, nearest first.
    public let parents: [OrganisationRef]
    /// Observables of the incident that resolved to it (at most a few, for display).
    public let observables: [String]
    /// `observed` (found in the incident's text), `added` (by a handler), or `partner`
    /// (a partner team responsible for addresses outside the constituency).
    public let source: String
    /// For partners: the country that led to them.
    public let country: String?

    public init(organisation: OrganisationRef, parents: [OrganisationRef], observables: [String], source: String, country: String?) {
        self.organisation = organisation
        self.parents = parents
        self.observables = observables
        self.source = source
        self.country = country
    }
}

extension ConstituencyTable {
    /// The organisations `observables` belong to, in order of first appearance, and the
    /// partner teams for those outside the constituency.
    public func affected(by observables: [Observable], perOrganisation: Int = 5) -> [AffectedOrganisation] {
        var order: [UUID] = []
        var found: [UUID: (ref: OrganisationRef, parents: [OrganisationRef], observables: [String], partner: String?)] = [:]
        for o in observables {
            let r = resolve(o)
            if let owner = r.owners.first {
                if found[owner.id] == nil {
                    order.append(owner.id)
                    found[owner.id] = (owner, Array(r.owners.dropFirst()), [], nil)
                }
                if found[owner.id]!.observables.count < perOrganisation { found[owner.id]!.observables.append(o.text) }
            } else if let country = r.country {
                for p in r.partners {
                    if found[p.id] == nil {
                        order.append(p.id)
                        found[p.id] = (p, [], [], country)
                    }
                    if found[p.id]!.observables.count < perOrganisation { found[p.id]!.observables.append(o.text) }
                }
            }
        }
        return order.map { id in
            let f = found[id]!
            return AffectedOrganisation(organisation: f.ref, parents: f.parents, observables: f.observables,
                                        source: f.partner == nil ? "observed" : "partner", country: f.partner)
        }
    }
}

/// What an import did, shown after the upload and printed by `qalxan org import`.
public struct ImportOutcome: Sendable, Equatable {
    public var organisationsCreated: Int
    public var organisationsUpdated: Int
    public var contactsAdded: Int
    public var networksAdded: Int
    /// Refused lines: line number (0 for the whole file), catalog key, offending text.
    public var problems: [ImportLine]

    /// One refused line.
    public struct ImportLine: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let key: String
        public let detail: String

        public init(file: String, line: Int, key: String, detail: String) {
            self.file = file
            self.line = line
            self.key = key
            self.detail = detail
        }
    }

    public init(organisationsCreated: Int = 0, organisationsUpdated: Int = 0, contactsAdded: Int = 0, networksAdded: Int = 0,
                problems: [ImportLine] = []) {
        self.organisationsCreated = organisationsCreated
        self.organisationsUpdated = organisationsUpdated
        self.contactsAdded = contactsAdded
        self.networksAdded = networksAdded
        self.problems = problems
    }
}
