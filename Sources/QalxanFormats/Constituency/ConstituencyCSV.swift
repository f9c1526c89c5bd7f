import Foundation
import QalxanCore

/// The constituency spreadsheet: organisations, their contacts and networks in one CSV
/// file that a CERT keeps in Excel or LibreOffice and uploads to Qalxan, and that Qalxan
/// exports in the same layout.
///
/// A header row names the columns (any order, case and `-`/space for `_` ignored);
/// `org_key` and `name_en` are required. One row per organisation; further rows with
/// the same `org_key` add contacts and networks, so an organisation with three contacts
/// takes three rows. The first row's organisation fields win: a later row that gives a
/// different value is reported (`import.conflict`) and its contact and networks are
/// still taken. Rows without `org_key` or `name_en` are refused; a bad value in another
/// field is reported and that field left at its default (contact e-mail or phone: left
/// empty; a contact with no name, e-mail or phone is not created).
public enum ConstituencyCSV {
    /// The columns, in the order `write` puts them.
    public static let columns = [
        "org_key", "name_en", "name_az", "kind", "sector", "country", "parent_key", "languages", "notification",
        "encrypted_mail", "notes", "contact_name", "contact_email", "contact_phone", "contact_role",
        "contact_languages", "contact_primary", "networks",
    ]

    static let required = ["org_key", "name_en"]

    /// Reads a constituency file: UTF-8 (with or without byte order mark) or UTF-16 with
    /// a byte order mark; `,`, `;` or tab between fields, detected from the header.
    public static func read(_ data: [UInt8]) -> ImportBatch {
        var log = ProblemLog()
        let bytes = utf16ToUTF8(data) ?? data
        var rows = CSVReader(bytes, delimiter: .detect).makeIterator()
        guard let header = rows.next() else {
            log.add(1, ImportProblem.csvEmpty, "")
            return ImportBatch(problems: log.all)
        }
        guard header.error == nil else {
            log.add(header.line, quoteKey(header.error), header.fields.last ?? "")
            return ImportBatch(problems: log.all)
        }
        var reportedLossy = header.lossy
        if header.lossy { log.add(header.line, ImportProblem.csvNotUTF8, header.fields.joined(separator: ",")) }
        var index: [String: Int] = [:]
        var unknown: [String] = []
        for (i, raw) in header.fields.enumerated() {
            let name = columnName(raw)
            // Spreadsheets leave empty header cells after the last column; they say nothing.
            if name.isEmpty { continue }
            if !columns.contains(name) {
                unknown.append(ConstituencyRules.line(raw))
            } else if index[name] != nil {
                log.add(header.line, ImportProblem.csvDuplicateColumn, name)
            } else {
                index[name] = i
            }
        }
        if !unknown.isEmpty { log.add(header.line, ImportProblem.csvUnknownColumn, unknown.joined(separator: ", ")) }
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            log.add(header.line, ImportProblem.csvMissingColumn, missing.joined(separator: ", "))
            return ImportBatch(problems: log.all)
        }

        var builder = Builder(index: index, width: header.fields.count)
        while let row = rows.next() {
            if row.lossy && !reportedLossy {
                reportedLossy = true
                log.add(row.line, ImportProblem.csvNotUTF8, row.fields.joined(separator: ","))
            }
            if let error = row.error {
                log.add(row.line, quoteKey(error), row.fields.last ?? "")
                continue
            }
            builder.add(row, &log)
        }
        breakParentCycles(&builder.organisations, &log)
        return ImportBatch(organisations: builder.organisations, problems: log.all)
    }

    /// The organisations in the layout `read` takes, one row per contact (one row when
    /// there is none), the networks on the first row. Values that a spreadsheet would run
    /// as formulas are guarded with `'`, which `read` removes again. A UTF-8 byte order
    /// mark leads, because without it Excel on Windows opens the file in the ANSI code
    /// page and `ə` comes out garbled.
    public static func write(_ organisations: [ImportedOrganisation]) -> String {
        let writer = CSVWriter()
        var out = "\u{FEFF}" + writer.record(columns)
        for org in organisations {
            let common = [
                org.key, org.nameEn, org.nameAz, org.kind, org.sector, org.country, org.parentKey,
                org.languages.joined(separator: " "), org.notification, org.encryptedMail.map { $0 ? "yes" : "no" } ?? "",
                org.notes,
            ]
            let contacts: [ImportedContact?] = org.contacts.isEmpty ? [nil] : org.contacts
            for (i, contact) in contacts.enumerated() {
                let person = contact.map {
                    [$0.name, $0.email, $0.phone, $0.role, $0.languages.joined(separator: " "), $0.primary ? "yes" : "no"]
                } ?? ["", "", "", "", "", ""]
                out += writer.record(common + person + [i == 0 ? org.networks.joined(separator: " ") : ""])
            }
        }
        return out
    }

    static func columnName(_ raw: String) -> String {
        ConstituencyRules.identifier(raw)
    }

    static func quoteKey(_ error: CSVReader.RowError?) -> String {
        error == .textAfterQuote ? ImportProblem.csvBadQuote : ImportProblem.csvUnterminatedQuote
    }

    /// Excel's "Unicode text" export is UTF-16 with a byte order mark; nil for anything
    /// else, which is read as UTF-8.
    static func utf16ToUTF8(_ data: [UInt8]) -> [UInt8]? {
        guard data.count >= 2 else { return nil }
        let little: Bool
        switch (data[0], data[1]) {
        case (0xFF, 0xFE): little = true
        case (0xFE, 0xFF): little = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(data.count / 2)
        var i = 2
        while i + 1 < data.count {
            units.append(little ? UInt16(data[i]) | UInt16(data[i + 1]) << 8 : UInt16(data[i]) << 8 | UInt16(data[i + 1]))
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// The organisation fields of one row, normalised, with what the row left empty.
    struct OrganisationFields {
        var values: [String: String] = [:]
        var encryptedMail: Bool?
        var languages: [String] = []
    }

    /// Gathers rows into organisations in the order they first appear.
    struct Builder {
        let index: [String: Int]
        let width: Int
        var organisations: [ImportedOrganisation] = []
        var position: [String: Int] = [:]
        var networks: [Set<String>] = []

        init(index: [String: Int], width: Int) {
            self.index = index
            self.width = width
        }

        func value(_ row: CSVReader.Row, _ column: String) -> String {
            guard let i = index[column], i < row.fields.count else { return "" }
            return CSVWriter.unguarded(row.fields[i])
        }

        mutating func add(_ row: CSVReader.Row, _ log: inout ProblemLog) {
            let line = row.line
            // Spreadsheets keep rows that were emptied (`;;;;`); they are not records.
            if row.fields.allSatisfy({ ConstituencyRules.line($0).isEmpty }) { return }
            if row.fields.count > width {
                let extra = row.fields[width...].filter { !ConstituencyRules.line($0).isEmpty }
                if !extra.isEmpty { log.add(line, ImportProblem.csvExtraFields, extra.joined(separator: ",")) }
            }
            let key = ConstituencyRules.line(value(row, "org_key"))
            guard !key.isEmpty else {
                log.add(line, ImportProblem.missingKey, row.fields.joined(separator: ","))
                return
            }
            guard key.count <= ConstituencyRules.keyLimit else {
                log.add(line, ImportProblem.tooLong, "org_key: " + key)
                return
            }
            guard !ConstituencyRules.line(value(row, "name_en")).isEmpty else {
                log.add(line, ImportProblem.missingName, key)
                return
            }
            let fields = organisationFields(row, key: key, &log)
            if let at = position[key] {
                let first = organisations[at]
                let current: [String: String] = [
                    "name_en": first.nameEn, "name_az": first.nameAz, "kind": first.kind, "sector": first.sector,
                    "country": first.country, "parent_key": first.parentKey, "notification": first.notification,
                    "notes": first.notes, "languages": first.languages.joined(separator: " "),
                    "encrypted_mail": first.encryptedMail.map { $0 ? "yes" : "no" } ?? "",
                ]
                for column in ConstituencyCSV.columns where fields.values[column] != nil {
                    if let given = fields.values[column], given != current[column] {
                        log.add(line, ImportProblem.conflict, "\(column): \(value(row, column))")
                    }
                }
            } else {
                position[key] = organisations.count
                organisations.append(ImportedOrganisation(
                    key: key, nameEn: fields.values["name_en"] ?? "", nameAz: fields.values["name_az"] ?? "",
                    kind: fields.values["kind"] ?? ConstituencyRules.defaultKind, sector: fields.values["sector"] ?? "",
                    country: fields.values["country"] ?? "", parentKey: fields.values["parent_key"] ?? "",
                    languages: fields.languages, notification: fields.values["notification"] ?? ConstituencyRules.defaultNotification,
                    encryptedMail: fields.encryptedMail, notes: fields.values["notes"] ?? "", line: line))
                networks.append([])
            }
            let at = position[key]!
            if let contact = contact(row, &log), !organisations[at].contacts.contains(where: { same($0, contact) }) {
                organisations[at].contacts.append(contact)
            }
            let found = ConstituencyRules.networks(value(row, "networks"))
            for bad in found.bad { log.add(line, ImportProblem.badNetwork, bad) }
            for network in found.networks where networks[at].insert(network).inserted {
                organisations[at].networks.append(network)
            }
        }

        /// The organisation fields this row gives, valid ones only; a field the row leaves
        /// empty is absent, so it neither conflicts with the first row nor overrides it.
        func organisationFields(_ row: CSVReader.Row, key: String, _ log: inout ProblemLog) -> OrganisationFields {
            let line = row.line
            var out = OrganisationFields()
            func given(_ column: String) -> String? {
                let v = ConstituencyRules.line(value(row, column))
                return v.isEmpty ? nil : v
            }
            for column in ["name_en", "name_az"] {
                guard var name = given(column) else { continue }
                if name.count > ConstituencyRules.nameLimit {
                    log.add(line, ImportProblem.tooLong, "\(column): \(name)")
                    name = String(name.prefix(ConstituencyRules.nameLimit))
                }
                out.values[column] = name
            }
            if let raw = given("kind") {
                if let kind = ConstituencyRules.choice(raw, in: ConstituencyRules.kinds, fallback: ConstituencyRules.defaultKind) {
                    out.values["kind"] = kind
                } else {
                    log.add(line, ImportProblem.badKind, raw)
                }
            }
            if let raw = given("notification") {
                if let n = ConstituencyRules.choice(raw, in: ConstituencyRules.notifications, fallback: ConstituencyRules.defaultNotification) {
                    out.values["notification"] = n
                } else {
                    log.add(line, ImportProblem.badNotification, raw)
                }
            }
            if let raw = given("sector") {
                if let sector = ConstituencyRules.sector(raw) { out.values["sector"] = sector }
                else { log.add(line, ImportProblem.badSector, raw) }
            }
            if let raw = given("country") {
                if let country = ConstituencyRules.country(raw) { out.values["country"] = country }
                else { log.add(line, ImportProblem.badCountry, raw) }
            }
            if let parent = given("parent_key") {
                if parent == key { log.add(line, ImportProblem.badParent, parent) }
                else { out.values["parent_key"] = parent }
            }
            if let raw = given("languages") {
                let found = ConstituencyRules.languages(raw)
                if !found.bad.isEmpty { log.add(line, ImportProblem.badLanguage, found.bad.joined(separator: ", ")) }
                if !found.codes.isEmpty {
                    out.languages = found.codes
                    out.values["languages"] = found.codes.joined(separator: " ")
                }
            }
            if let raw = given("encrypted_mail") {
                let b = ConstituencyRules.boolean(raw)
                if let v = b.value {
                    out.encryptedMail = v
                    out.values["encrypted_mail"] = v ? "yes" : "no"
                } else {
                    log.add(line, ImportProblem.badBoolean, raw)
                }
            }
            // Notes keep their line breaks: they are read as a paragraph, not a label.
            var notes = ConstituencyRules.paragraph(value(row, "notes"))
            if !notes.isEmpty {
                if notes.count > ConstituencyRules.notesLimit {
                    log.add(line, ImportProblem.tooLong, "notes: " + notes)
                    notes = String(notes.prefix(ConstituencyRules.notesLimit))
                }
                out.values["notes"] = notes
            }
            return out
        }

        func contact(_ row: CSVReader.Row, _ log: inout ProblemLog) -> ImportedContact? {
            let line = row.line
            var name = ConstituencyRules.line(value(row, "contact_name"))
            if name.count > ConstituencyRules.contactNameLimit {
                log.add(line, ImportProblem.tooLong, "contact_name: " + name)
                name = String(name.prefix(ConstituencyRules.contactNameLimit))
            }
            var email = ConstituencyRules.line(value(row, "contact_email"))
            if !email.isEmpty && !TextInput.isEmail(email) {
                log.add(line, ImportProblem.badEmail, email)
                email = ""
            }
            var phone = ConstituencyRules.line(value(row, "contact_phone"))
            if !phone.isEmpty && !TextInput.isPhone(phone) {
                log.add(line, ImportProblem.badPhone, phone)
                phone = ""
            }
            let rawRole = ConstituencyRules.line(value(row, "contact_role"))
            var role = ConstituencyRules.choice(rawRole, in: ConstituencyRules.roles, fallback: ConstituencyRules.defaultRole)
            if role == nil {
                log.add(line, ImportProblem.badRole, rawRole)
                role = ConstituencyRules.defaultRole
            }
            let languages = ConstituencyRules.languages(value(row, "contact_languages"))
            if !languages.bad.isEmpty { log.add(line, ImportProblem.badLanguage, languages.bad.joined(separator: ", ")) }
            let rawPrimary = value(row, "contact_primary")
            let primary = ConstituencyRules.boolean(rawPrimary)
            if !primary.valid { log.add(line, ImportProblem.badBoolean, rawPrimary) }
            guard !(name.isEmpty && email.isEmpty && phone.isEmpty) else { return nil }
            return ImportedContact(name: name, email: email, phone: phone, role: role!, languages: languages.codes,
                                   primary: primary.value ?? false, line: line)
        }

        /// The same contact typed on two rows is one contact.
        func same(_ a: ImportedContact, _ b: ImportedContact) -> Bool {
            var a = a
            a.line = b.line
            return a == b
        }
    }

    /// A `parent_key` chain that returns to where it started would make notification
    /// escalation loop; the organisation that closes the loop, the one latest in the file,
    /// loses its parent and the problem is reported there. Parents outside the file are
    /// not checked here: they may already be in the registry.
    static func breakParentCycles(_ orgs: inout [ImportedOrganisation], _ log: inout ProblemLog) {
        var index: [String: Int] = [:]
        for (i, org) in orgs.enumerated() { index[org.key] = i }
        // 0: not seen, 1: on the path being walked, 2: known to end outside a cycle.
        var state = [UInt8](repeating: 0, count: orgs.count)
        for startIndex in orgs.indices where state[startIndex] == 0 {
            var path: [Int] = []
            var i = startIndex
            while true {
                state[i] = 1
                path.append(i)
                guard let j = index[orgs[i].parentKey], state[j] != 2 else { break }
                if state[j] == 1 {
                    let loop = path[path.lastIndex(of: j)!...]
                    let last = loop.max()!
                    log.add(orgs[last].line, ImportProblem.badParent, orgs[last].parentKey)
                    orgs[last].parentKey = ""
                    break
                }
                i = j
            }
            for k in path { state[k] = 2 }
        }
    }
}
