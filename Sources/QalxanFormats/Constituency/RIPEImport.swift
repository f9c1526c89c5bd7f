import Foundation
import QalxanCore

/// Builds the constituency from RIPE database split files (`ripe.db.organisation`,
/// `ripe.db.role`, `ripe.db.inetnum`, `ripe.db.inet6num`, `ripe.db.aut-num`), given
/// un-gzipped and in any order, as one file or concatenated.
///
/// - `organisation`: an organisation keyed by its handle (upper case), named by
///   `org-name`, country from `country:` or else from its first resource.
/// - `inetnum` (a range, split into prefixes), `inet6num` (a prefix), `aut-num`: a network
///   of the organisation in `org:`; without `org:`, of an organisation of its own keyed
///   `netname:NETNAME` (`asname:NAME` for aut-num), named by the first `descr:` or the
///   netname, country from `country:`. Resources with the same netname share it.
/// - An `org:` handle with no `organisation` object in the file still gets an organisation,
///   named by the handle, so its networks are not lost; `import.ripe.missing_org` says so.
/// - Abuse contact: the `role` named by the resource's `abuse-c:`, else by its
///   organisation's `abuse-c:`, wherever it appears in the file; its `abuse-mailbox:` (or
///   else `e-mail:`) becomes a contact with role `abuse`. The organisation's own abuse
///   contact is primary; contacts that only some resources name are not. Personal
///   (`person`) objects are not used, since RIPE does not publish them.
/// - Other classes (`domain`, `route`, `mntner`, `person`…) are skipped silently.
///
/// Every organisation is a `constituent` notified `immediate`ly. The public dumps are
/// "dummified": personal data is replaced by placeholders such as `***@ripe.net`; such an
/// address is reported (`import.ripe.redacted_email`) and the rest still imports.
public enum RIPEImport {
    static let classes: Set<String> = ["organisation", "role", "inetnum", "inet6num", "aut-num"]

    struct Organisation {
        var name: String
        var country: String
        var abuse: String
        var line: Int
    }

    struct Role {
        var name: String
        var emails: [String]
        var phones: [String]
        var line: Int
    }

    struct Resource {
        var key: String
        /// Keyed by its netname/as-name rather than an `org:` handle.
        var ownOrganisation: Bool
        var name: String
        var country: String
        var networks: [String]
        var abuse: String
        var line: Int
    }

    /// Reads the objects and returns one organisation per organisation handle or
    /// netname/asname, in the order of their `line`: the `organisation` object, or else the
    /// first resource that names or makes the organisation.
    public static func read(_ data: [UInt8]) -> ImportBatch {
        var log = ProblemLog()
        var organisations: [String: Organisation] = [:]
        var roles: [String: Role] = [:]
        var resources: [Resource] = []

        for block in RPSLReader(data, classes: classes) {
            for problem in block.problems { log.add(problem.line, problem.key, problem.detail) }
            guard let object = block.object else { continue }
            switch object.objectClass {
            case "organisation":
                let handle = ConstituencyRules.line(object.primaryKey).uppercased()
                guard !handle.isEmpty else {
                    log.add(object.line, ImportProblem.missingKey, "organisation:")
                    continue
                }
                // A handle given twice (two dumps of different dates) keeps its first object.
                guard organisations[handle] == nil else { continue }
                let name = ConstituencyRules.line(object.first("org-name") ?? "")
                organisations[handle] = Organisation(
                    name: name.isEmpty ? handle : String(name.prefix(ConstituencyRules.nameLimit)),
                    country: country(object, &log), abuse: RIPEImport.handle(object.first("abuse-c")), line: object.line)
            case "role":
                let handle = RIPEImport.handle(object.primaryKey)
                guard !handle.isEmpty, roles[handle] == nil else { continue }
                roles[handle] = Role(name: ConstituencyRules.line(object.first("role") ?? ""),
                                     emails: (object.all("abuse-mailbox") + object.all("e-mail")).map(ConstituencyRules.line),
                                     phones: object.all("phone").map(ConstituencyRules.line), line: object.line)
            case "inetnum", "inet6num", "aut-num":
                if let resource = resource(object, &log) { resources.append(resource) }
            default:
                continue
            }
        }
        return assemble(organisations: organisations, roles: roles, resources: resources, log: &log)
    }

    static func handle(_ text: String?) -> String {
        ConstituencyRules.line(text ?? "").uppercased()
    }

    static func country(_ object: RPSLObject, _ log: inout ProblemLog) -> String {
        guard let raw = object.first("country") else { return "" }
        if let c = ConstituencyRules.country(raw) { return c }
        log.add(object.line, ImportProblem.badCountry, raw)
        return ""
    }

    /// A resource object's networks and owner; nil (with a problem) when its primary key
    /// is not a range, prefix or AS number, or it has no netname/as-name to be keyed by.
    static func resource(_ object: RPSLObject, _ log: inout ProblemLog) -> Resource? {
        let networks: [String]
        let label: String
        switch object.objectClass {
        case "inetnum":
            guard let prefixes = range(object.primaryKey), case .v4? = prefixes.first?.address else {
                log.add(object.line, ImportProblem.ripeBadRange, object.primaryKey)
                return nil
            }
            networks = prefixes.map(\.description)
            label = "netname"
        case "inet6num":
            guard let prefix = IPPrefix(object.primaryKey), case .v6 = prefix.address else {
                log.add(object.line, ImportProblem.ripeBadRange, object.primaryKey)
                return nil
            }
            networks = [prefix.description]
            label = "netname"
        default:
            guard let asn = ConstituencyRules.asNumber(object.primaryKey) else {
                log.add(object.line, ImportProblem.ripeBadASN, object.primaryKey)
                return nil
            }
            networks = ["AS\(asn)"]
            label = "as-name"
        }
        let org = handle(object.first("org"))
        let netname = ConstituencyRules.line(object.first(label) ?? "").uppercased()
        if org.isEmpty && netname.isEmpty {
            log.add(object.line, ImportProblem.missingKey, "\(object.objectClass): \(object.primaryKey)")
            return nil
        }
        let descr = ConstituencyRules.line(object.first("descr") ?? "")
        let key = org.isEmpty ? (label == "netname" ? "netname:" : "asname:") + netname : org
        return Resource(key: key, ownOrganisation: org.isEmpty, name: String((descr.isEmpty ? netname : descr).prefix(ConstituencyRules.nameLimit)),
                        country: country(object, &log), networks: networks, abuse: handle(object.first("abuse-c")), line: object.line)
    }

    /// `192.0.2.0 - 192.0.2.255` as prefixes; a prefix is taken as well, since older
    /// exports and hand-edited files use it.
    static func range(_ text: String) -> [IPPrefix]? {
        if text.contains("/") { return IPPrefix(text).map { [$0] } }
        return NetworkValue.parseRange(text)
    }

    /// Organisations, whether defined or only referred to, with their networks and
    /// contacts; done at the end because objects refer to others further down (or in a
    /// later file).
    static func assemble(organisations defined: [String: Organisation], roles: [String: Role], resources: [Resource],
                         log: inout ProblemLog) -> ImportBatch {
        var order: [(key: String, line: Int)] = defined.map { ($0.key, $0.value.line) }
        var out: [String: ImportedOrganisation] = [:]
        var networks: [String: Set<String>] = [:]
        var abuse: [String: [(handle: String, line: Int)]] = [:]
        for (key, org) in defined {
            out[key] = ImportedOrganisation(key: key, nameEn: org.name, country: org.country, line: org.line)
            if !org.abuse.isEmpty { abuse[key] = [(org.abuse, org.line)] }
        }
        for resource in resources {
            let key = resource.key
            if out[key] == nil {
                if !resource.ownOrganisation { log.add(resource.line, ImportProblem.ripeMissingOrg, key) }
                out[key] = ImportedOrganisation(key: key, nameEn: resource.ownOrganisation ? resource.name : key,
                                                country: resource.country, line: resource.line)
                order.append((key, resource.line))
            }
            if out[key]!.country.isEmpty { out[key]!.country = resource.country }
            for network in resource.networks where networks[key, default: []].insert(network).inserted {
                out[key]!.networks.append(network)
            }
            let handle = resource.abuse.isEmpty ? (defined[key]?.abuse ?? "") : resource.abuse
            if !handle.isEmpty && !(abuse[key] ?? []).contains(where: { $0.handle == handle }) {
                abuse[key, default: []].append((handle, resource.line))
            }
        }

        // Each unusable role is reported once, not once per network that names it.
        var reported = Set<String>()
        var contacts: [String: ImportedContact?] = [:]
        func contact(_ handle: String, line: Int) -> ImportedContact? {
            if let known = contacts[handle] { return known }
            let made = makeContact(handle, roles[handle], line: line, &log, &reported)
            contacts[handle] = made
            return made
        }
        order.sort { $0.line < $1.line }
        var result: [ImportedOrganisation] = []
        for (key, _) in order {
            var org = out[key]!
            for (handle, line) in abuse[key] ?? [] {
                guard var c = contact(handle, line: line), !org.contacts.contains(where: { $0.email == c.email && $0.phone == c.phone }) else { continue }
                c.primary = org.contacts.isEmpty
                org.contacts.append(c)
            }
            result.append(org)
        }
        return ImportBatch(organisations: result, problems: log.all)
    }

    static func makeContact(_ handle: String, _ role: Role?, line: Int, _ log: inout ProblemLog,
                            _ reported: inout Set<String>) -> ImportedContact? {
        guard let role else {
            if reported.insert(handle).inserted { log.add(line, ImportProblem.ripeMissingRole, handle) }
            return nil
        }
        let email = role.emails.first(where: { TextInput.isEmail($0) && !isRedacted($0) }) ?? ""
        let phone = role.phones.first(where: TextInput.isPhone) ?? ""
        if email.isEmpty && reported.insert(handle).inserted {
            let offending = role.emails.first ?? handle
            log.add(role.line, isRedacted(offending) ? ImportProblem.ripeRedactedEmail : ImportProblem.badEmail, offending)
        }
        guard !email.isEmpty || !phone.isEmpty else { return nil }
        return ImportedContact(name: String((role.name.isEmpty ? handle : role.name).prefix(ConstituencyRules.contactNameLimit)),
                               email: email, phone: phone, role: "abuse", primary: false, line: role.line)
    }

    /// The dummified dumps put `*` where personal data was; `*` is legal in an address
    /// but no abuse mailbox has one.
    static func isRedacted(_ email: String) -> Bool {
        email.contains("*")
    }
}
