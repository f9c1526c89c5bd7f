import Foundation
import QalxanCore

/// An organisation as an import file describes it, before it meets the registry: every
/// field already checked and normalised, references to other organisations and networks
/// still as text.
public struct ImportedOrganisation: Sendable, Equatable {
    /// The external identifier: the CSV `org_key`, a RIPE organisation handle, or
    /// `netname:X` / `asname:X` for a RIPE resource without an organisation.
    public var key: String
    public var nameEn: String
    public var nameAz: String
    /// One of `ConstituencyRules.kinds`.
    public var kind: String
    /// A slug (`ConstituencyRules.sector(_:)`), or "".
    public var sector: String
    /// ISO 3166 alpha-2, upper case, or "".
    public var country: String
    /// The `key` of the parent organisation, or "".
    public var parentKey: String
    /// Two-letter lower-case language codes, in preference order.
    public var languages: [String]
    /// One of `ConstituencyRules.notifications`.
    public var notification: String
    /// Whether the organisation wants encrypted mail; nil when the file does not say.
    public var encryptedMail: Bool?
    public var notes: String
    public var contacts: [ImportedContact]
    /// One network each, normalised by `ConstituencyRules.networks(_:)`: an IP prefix
    /// (`192.0.2.0/24`), a bare address, an AS number (`AS64496`) or a domain.
    public var networks: [String]
    /// The line where the organisation is first described; 0 when not from a file.
    public var line: Int

    /// An organisation with the defaults an import file may leave out.
    public init(key: String, nameEn: String, nameAz: String = "", kind: String = ConstituencyRules.defaultKind,
                sector: String = "", country: String = "", parentKey: String = "", languages: [String] = [],
                notification: String = ConstituencyRules.defaultNotification, encryptedMail: Bool? = nil,
                notes: String = "", contacts: [ImportedContact] = [], networks: [String] = [], line: Int = 0) {
        self.key = key
        self.nameEn = nameEn
        self.nameAz = nameAz
        self.kind = kind
        self.sector = sector
        self.country = country
        self.parentKey = parentKey
        self.languages = languages
        self.notification = notification
        self.encryptedMail = encryptedMail
        self.notes = notes
        self.contacts = contacts
        self.networks = networks
        self.line = line
    }
}

/// A person or mailbox to notify about an imported organisation.
public struct ImportedContact: Sendable, Equatable {
    public var name: String
    /// A valid address (`TextInput.isEmail`) or "".
    public var email: String
    /// A plausible number (`TextInput.isPhone`) or "".
    public var phone: String
    /// One of `ConstituencyRules.roles`.
    public var role: String
    public var languages: [String]
    public var primary: Bool
    /// The line the contact was read from; 0 when not from a file.
    public var line: Int

    /// A contact; the role defaults to `abuse`, the address incidents are sent to.
    public init(name: String = "", email: String = "", phone: String = "", role: String = ConstituencyRules.defaultRole,
                languages: [String] = [], primary: Bool = false, line: Int = 0) {
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.languages = languages
        self.primary = primary
        self.line = line
    }
}

/// Something in an import file that was refused or changed, for the person importing it
/// to fix. Shown as "line N: message (detail)", the message from the catalog entry `key`.
public struct ImportProblem: Sendable, Equatable {
    /// 1-based line of the file; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// A catalog key, one of `ImportProblem.allKeys`.
    public var key: String
    /// The offending text, on one line and at most 200 characters.
    public var detail: String

    /// A problem; `detail` is cut to 200 characters and its line breaks made spaces,
    /// because it is shown inside one line of a report.
    public init(line: Int, key: String, detail: String) {
        self.line = line
        self.key = key
        self.detail = ImportProblem.shorten(detail)
    }

    static func shorten(_ text: String) -> String {
        var flat = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in TextInput.clean(text).unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n" && previous == "\r" { continue }
            flat.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar)
        }
        let s = String(flat)
        return s.count > 200 ? String(s.prefix(199)) + "…" : s
    }

    // The catalog keys, named here so that a misspelt key fails to compile instead of
    // showing its raw name to the user.
    public static let csvEmpty = "import.csv.empty"
    public static let csvUnterminatedQuote = "import.csv.unterminated_quote"
    public static let csvBadQuote = "import.csv.bad_quote"
    public static let csvMissingColumn = "import.csv.missing_column"
    public static let csvUnknownColumn = "import.csv.unknown_column"
    public static let csvDuplicateColumn = "import.csv.duplicate_column"
    public static let csvExtraFields = "import.csv.extra_fields"
    public static let csvNotUTF8 = "import.csv.not_utf8"
    public static let missingKey = "import.missing_key"
    public static let missingName = "import.missing_name"
    public static let badKind = "import.bad_kind"
    public static let badNotification = "import.bad_notification"
    public static let badRole = "import.bad_role"
    public static let badEmail = "import.bad_email"
    public static let badPhone = "import.bad_phone"
    public static let badCountry = "import.bad_country"
    public static let badLanguage = "import.bad_language"
    public static let badSector = "import.bad_sector"
    public static let badBoolean = "import.bad_boolean"
    public static let badNetwork = "import.bad_network"
    public static let badParent = "import.bad_parent"
    public static let tooLong = "import.too_long"
    public static let conflict = "import.conflict"
    public static let tooManyProblems = "import.too_many_problems"
    public static let rpslMalformedLine = "import.rpsl.malformed_line"
    public static let ripeBadRange = "import.ripe.bad_range"
    public static let ripeBadASN = "import.ripe.bad_asn"
    public static let ripeMissingOrg = "import.ripe.missing_org"
    public static let ripeMissingRole = "import.ripe.missing_role"
    public static let ripeRedactedEmail = "import.ripe.redacted_email"
    public static let geoBadLine = "import.geo.bad_line"

    /// Every key an importer may report; the catalogs must have a message for each.
    public static let allKeys: [String] = [
        csvEmpty, csvUnterminatedQuote, csvBadQuote, csvMissingColumn, csvUnknownColumn, csvDuplicateColumn,
        csvExtraFields, csvNotUTF8, missingKey, missingName, badKind, badNotification, badRole, badEmail, badPhone,
        badCountry, badLanguage, badSector, badBoolean, badNetwork, badParent, tooLong, conflict, tooManyProblems,
        rpslMalformedLine, ripeBadRange, ripeBadASN, ripeMissingOrg, ripeMissingRole, ripeRedactedEmail, geoBadLine,
    ]
}

/// What an importer read from one file: the organisations it could use and everything
/// it refused or changed on the way.
public struct ImportBatch: Sendable, Equatable {
    public var organisations: [ImportedOrganisation]
    public var problems: [ImportProblem]

    /// A batch.
    public init(organisations: [ImportedOrganisation] = [], problems: [ImportProblem] = []) {
        self.organisations = organisations
        self.problems = problems
    }
}

/// Collects problems up to a limit: a file of garbage should yield a readable report,
/// not a million lines of it.
struct ProblemLog: Sendable {
    static let limit = 1000
    private(set) var problems: [ImportProblem] = []
    private var dropped = 0

    mutating func add(_ line: Int, _ key: String, _ detail: String) {
        guard problems.count < ProblemLog.limit else {
            dropped += 1
            return
        }
        problems.append(ImportProblem(line: line, key: key, detail: detail))
    }

    /// The problems, with a last entry saying how many more were not kept.
    var all: [ImportProblem] {
        dropped == 0 ? problems : problems + [ImportProblem(line: 0, key: ImportProblem.tooManyProblems, detail: String(dropped))]
    }
}

/// The values an imported organisation may take, and how the free-form text of a file is
/// turned into them. Both importers use these, so a value means the same whichever file
/// it came from.
public enum ConstituencyRules {
    /// What the organisation is to the CERT.
    public static let kinds = ["constituent", "partner_cert", "vendor", "other"]
    public static let defaultKind = "constituent"
    /// How soon the organisation is told about an incident.
    public static let notifications = ["immediate", "daily", "weekly", "never"]
    public static let defaultNotification = "immediate"
    /// What a contact is for.
    public static let roles = ["abuse", "security", "management", "technical"]
    public static let defaultRole = "abuse"

    /// Longest accepted text, per field, in characters. Names are cut (with a problem)
    /// rather than refused, since a long name is still the right organisation.
    public static let nameLimit = 300
    public static let contactNameLimit = 200
    public static let keyLimit = 100
    public static let notesLimit = 4000
    public static let sectorLimit = 64

    /// A one-line field as typed: control characters removed, inner line breaks and tabs
    /// made single spaces, surrounding white space trimmed.
    public static func line(_ text: String) -> String {
        // Written on scalars rather than with Foundation's trimming, which goes through
        // NSString on Linux and took most of the time of a large import; and most fields
        // need nothing done, which one pass over the bytes tells.
        if isPlain(text) { return text }
        var out = String.UnicodeScalarView()
        var spaces = String.UnicodeScalarView()
        var lineBreak = false
        for scalar in TextInput.clean(text).unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                lineBreak = true
            } else if scalar.properties.isWhitespace {
                spaces.append(scalar)
            } else {
                if !out.isEmpty {
                    if lineBreak { out.append(" ") } else { out.append(contentsOf: spaces) }
                }
                lineBreak = false
                spaces.removeAll()
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A multi-line field (notes): control characters removed, surrounding white space
    /// trimmed, line breaks kept.
    public static func paragraph(_ text: String) -> String {
        if isPlain(text) { return text }
        let scalars = TextInput.clean(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whether `text` has no control character (C0, DEL, C1), tab or line break, and no
    /// white space at either end: then cleaning and trimming leave it as it is.
    static func isPlain(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b < 0x20 || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { return false }
            previous = b
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        return !first.properties.isWhitespace && !last.properties.isWhitespace
    }

    /// Lower case with `-` and spaces as `_`, the spelling of choices and column names.
    static func identifier(_ text: String) -> String {
        String(line(text).lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
    }

    /// A choice among `allowed`, matched without regard to case and with `-` or a space
    /// taken for `_` (`Partner CERT` → `partner_cert`); "" gives `fallback`, anything else nil.
    public static func choice(_ text: String, in allowed: [String], fallback: String) -> String? {
        let t = identifier(text)
        if t.isEmpty { return fallback }
        return allowed.contains(t) ? t : nil
    }

    /// Language codes from a list separated by commas, semicolons or spaces: each must be
    /// two ASCII letters (ISO 639-1), and is lower-cased. Returns the good codes without
    /// repeats, and the bad entries.
    public static func languages(_ text: String) -> (codes: [String], bad: [String]) {
        var codes: [String] = [], bad: [String] = []
        for part in line(text).split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "/" }) {
            let code = part.lowercased()
            if code.count == 2 && code.allSatisfy({ $0.isASCII && $0.isLetter }) {
                if !codes.contains(code) { codes.append(code) }
            } else {
                bad.append(String(part))
            }
        }
        return (codes, bad)
    }

    /// An ISO 3166 alpha-2 code, upper-cased: "" for empty input, nil when not two ASCII
    /// letters (`Codes.country`, after cleaning the cell). Whether the code is assigned
    /// is not checked: `EU` appears in registry data and new codes appear over time.
    public static func country(_ text: String) -> String? {
        Codes.country(line(text))
    }

    /// A sector as a slug that groups spellings together: lower case, Latin letters
    /// without diacritics (`ə` → `e`, `ı` → `i`), digits; a single `-` between two of
    /// them is kept, every other run of other characters becomes one `_`.
    /// `Education & research` → `education_research`, `Təhsil` → `tehsil`,
    /// `e-Government` → `e-government`, `IT - software` → `it_software`. "" for empty
    /// input; nil when nothing is left (text in another script, say), since an empty
    /// slug would silently lose the sector. At most `sectorLimit` characters.
    public static func sector(_ text: String) -> String? {
        let t = line(text)
        if t.isEmpty { return "" }
        var out = ""
        var separator: Character?
        // Decomposition (`ş` → `s` + cedilla) only when needed: it is slow on Linux.
        let source = t.utf8.allSatisfy { $0 < 0x80 } ? t : t.decomposedStringWithCanonicalMapping
        for scalar in source.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let piece: String
            if let s = sectorLetters[scalar] {
                piece = s
            } else if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                piece = String(scalar).lowercased()
            } else {
                separator = scalar == "-" && separator == nil ? "-" : "_"
                continue
            }
            if let separator, !out.isEmpty { out.append(separator) }
            separator = nil
            out += piece
        }
        if out.count > sectorLimit { out = String(out.prefix(sectorLimit)) }
        while out.hasSuffix("_") || out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }

    /// Letters that Unicode decomposition does not reduce to a Latin base letter.
    static let sectorLetters: [Unicode.Scalar: String] = [
        "ə": "e", "Ə": "e", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
    ]

    /// A yes/no answer: yes/no, true/false, 1/0, Azerbaijani bəli/xeyr (also y/n, beli,
    /// hə, yox), in any case;
    /// nil for "" and for anything else (`valid` tells the two apart).
    public static func boolean(_ text: String) -> (value: Bool?, valid: Bool) {
        switch line(text).lowercased() {
        case "": return (nil, true)
        case "yes", "y", "true", "1", "bəli", "beli", "hə": return (true, true)
        case "no", "n", "false", "0", "xeyr", "yox": return (false, true)
        default: return (nil, false)
        }
    }

    /// Networks from a list separated by spaces, commas or semicolons, each normalised:
    /// an IP prefix or address in canonical form (`2001:DB8::/32` → `2001:db8::/32`; host
    /// bits are cleared, as `IPPrefix` does), an address range `a-b` (no spaces) as the
    /// prefixes that cover it exactly, `AS64496` for `as64496`, a domain lower-cased
    /// without a trailing dot. Repeats are dropped.
    /// Returns the networks and the entries that are none of these.
    public static func networks(_ text: String) -> (networks: [String], bad: [String]) {
        var out: [String] = [], bad: [String] = []
        var seen = Set<String>()
        for token in line(text).split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }) {
            guard let values = network(String(token)) else {
                bad.append(String(token))
                continue
            }
            for v in values where seen.insert(v).inserted { out.append(v) }
        }
        return (out, bad)
    }

    /// One network entry, normalised, or nil; a range gives several prefixes.
    static func network(_ token: String) -> [String]? {
        // Only text of hex digits, `:`, `.` and `/` can be an address; the check spares
        // domains and AS numbers a trip through the address parser.
        if let v4 = AddressText.ipv4Prefix(token) {
            let prefix = IPPrefix(address: .v4(v4.address), length: v4.length)
            return [v4.bare ? prefix.address.description : prefix.description]
        }
        if token.utf8.allSatisfy({ $0 == 0x2E || $0 == 0x2F || $0 == 0x3A || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || ($0 >= 0x30 && $0 <= 0x39) }) {
            if token.contains("/") { return IPPrefix(token).map { [$0.description] } }
            if let address = IPAddress(token) { return [address.description] }
        }
        if let asn = asNumber(token) { return ["AS\(asn)"] }
        if token.contains("-"), let range = NetworkValue.parseRange(token) {
            return range.map(\.description)
        }
        return domain(token).map { [$0] }
    }

    /// An AS number written `AS64496` or `as64496` (`ASNumber.parse`, with the `AS` that
    /// tells it from a bare number in a network list), or nil.
    public static func asNumber(_ text: String) -> UInt32? {
        let t = line(text)
        guard t.utf8.count > 2, t.prefix(2).lowercased() == "as" else { return nil }
        return ASNumber.parse(t)
    }

    /// A domain name as hosts are named: labels of letters (any script, for IDNs),
    /// digits and inner hyphens, at least two labels, the last not all digits; lower-cased,
    /// any trailing dot removed. Nil for anything else. Punycode conversion is left to
    /// the registry.
    public static func domain(_ text: String) -> String? {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiDomain(text) }
        var t = line(text).lowercased()
        if t.hasSuffix(".") { t.removeLast() }
        guard !t.isEmpty, t.utf8.count <= 253 else { return nil }
        let labels = t.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, !last.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-",
                  label.allSatisfy({ $0.isLetter || ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == "_" })
            else { return nil }
        }
        return t
    }

    /// `domain(_:)` for ASCII text, on bytes: the usual case, and much faster.
    static func asciiDomain(_ text: String) -> String? {
        var bytes = Array(line(text).utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        var labels = 0, labelLength = 0, labelDigitsOnly = true, previous: UInt8 = UInt8(ascii: ".")
        for i in bytes.indices {
            var b = bytes[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20; bytes[i] = b }
            if b == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return nil }
                labels += 1
                labelLength = 0
                labelDigitsOnly = true
            } else {
                let letter = b >= 0x61 && b <= 0x7A, digit = b >= 0x30 && b <= 0x39
                guard letter || digit || b == UInt8(ascii: "_") || (b == UInt8(ascii: "-") && labelLength > 0) else { return nil }
                labelLength += 1
                if !digit { labelDigitsOnly = false }
                guard labelLength <= 63 else { return nil }
            }
            previous = b
        }
        guard labelLength > 0, previous != UInt8(ascii: "-"), labels >= 1, !labelDigitsOnly else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
