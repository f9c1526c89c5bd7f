import Foundation

/// What an organisation is to the team.
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    /// An entity the team serves (a ministry, an operator, an institute).
    case constituent
    /// Another CERT/CSIRT the team cooperates with.
    case partnerCERT = "partner_cert"
    case vendor
    case other

    /// Catalog key of the label.
    public var labelKey: String { "org.kind.\(rawValue)" }
}

/// How often an organisation wants to hear about incidents affecting it.
public enum NotificationPreference: String, Sendable, CaseIterable, Codable {
    case immediate, daily, weekly, never

    /// Catalog key of the label.
    public var labelKey: String { "org.notification.\(rawValue)" }
}

/// What a contact is for.
public enum ContactRole: String, Sendable, CaseIterable, Codable {
    case abuse, security, management, technical

    /// Catalog key of the label.
    public var labelKey: String { "contact.role.\(rawValue)" }
}

/// Trusted Introducer listing of a partner team.
public enum TrustedIntroducerStatus: String, Sendable, CaseIterable, Codable {
    case none, listed, accredited, certified

    /// Catalog key of the label.
    public var labelKey: String { "partner.ti.\(rawValue)" }
}

/// The sectors a new installation starts with; administrators may add more.
public enum DefaultSectors {
    /// Slug, English and Azerbaijani names.
    public static let all: [(slug: String, en: String, az: String)] = [
        ("government", "Government", "Dövlət"),
        ("education_research", "Education & research", "Təhsil və elm"),
        ("energy", "Energy", "Enerji"),
        ("finance", "Finance", "Maliyyə"),
        ("telecom", "Telecommunications", "Telekommunikasiya"),
        ("transport", "Transport", "Nəqliyyat"),
        ("health", "Health", "Səhiyyə"),
        ("other", "Other", "Digər"),
    ]
}

/// Language codes and country codes as typed in forms and files.
public enum Codes {
    /// Two ASCII letters, upper-cased (`az` → `AZ`); nil otherwise. Empty stays empty.
    public static func country(_ text: String) -> String? {
        let s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.isEmpty { return "" }
        guard s.utf8.count == 2, s.utf8.allSatisfy({ (65...90).contains($0) }) else { return nil }
        return s
    }

    /// Country codes separated by commas, spaces or semicolons, upper-cased and
    /// deduplicated in order; nil when one is not a two-letter code.
    public static func countries(_ text: String) -> [String]? {
        var out: [String] = []
        for part in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            guard let c = country(String(part)), !c.isEmpty else { return nil }
            if !out.contains(c) { out.append(c) }
        }
        return out
    }

    /// Language codes (two or three lower-case letters) separated by commas, spaces or
    /// semicolons, deduplicated in order; nil when one is not such a code.
    public static func languages(_ text: String) -> [String]? {
        var out: [String] = []
        for part in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            let s = part.lowercased()
            guard (2...3).contains(s.utf8.count), s.utf8.allSatisfy({ (97...122).contains($0) }) else { return nil }
            if !out.contains(s) { out.append(s) }
        }
        return out
    }

    /// A sector slug from any text: lower-case a–z, 0–9 and `_`, at most 40 characters.
    public static func slug(_ text: String) -> String {
        var out = ""
        var lastUnderscore = true
        for ch in text.lowercased().unicodeScalars {
            if ch.isASCII, (ch.properties.isAlphabetic || ("0"..."9").contains(ch)) {
                out.unicodeScalars.append(ch)
                lastUnderscore = false
            } else if !lastUnderscore {
                out.append("_")
                lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return String(out.prefix(40))
    }
}

/// An organisation as typed in the console or sent to the API, before it is stored.
public struct OrganisationInput: Sendable, Equatable {
    public var nameEn: String
    public var nameAz: String
    public var kind: String
    public var sector: String
    public var country: String
    /// The parent organisation's id as text, or empty.
    public var parent: String
    public var languages: String
    public var notification: String
    public var encryptedMail: Bool
    public var notes: String
    /// Partner CERTs only: countries covered, memberships and the highest TLP sent.
    public var countries: String
    public var firstMember: Bool
    public var trustedIntroducer: String
    public var maxTLP: String

    public init(nameEn: String = "", nameAz: String = "", kind: String = OrganisationKind.constituent.rawValue,
                sector: String = "", country: String = "", parent: String = "", languages: String = "",
                notification: String = NotificationPreference.immediate.rawValue, encryptedMail: Bool = false,
                notes: String = "", countries: String = "", firstMember: Bool = false,
                trustedIntroducer: String = TrustedIntroducerStatus.none.rawValue, maxTLP: String = TLP.amber.rawValue) {
        self.nameEn = nameEn
        self.nameAz = nameAz
        self.kind = kind
        self.sector = sector
        self.country = country
        self.parent = parent
        self.languages = languages
        self.notification = notification
        self.encryptedMail = encryptedMail
        self.notes = notes
        self.countries = countries
        self.firstMember = firstMember
        self.trustedIntroducer = trustedIntroducer
        self.maxTLP = maxTLP
    }

    /// Limits, in characters.
    public enum Limit {
        public static let name = 300
        public static let notes = 20_000
    }

    /// The input with control characters removed and fields trimmed.
    public func cleaned() -> OrganisationInput {
        var c = self
        c.nameEn = TextInput.field(nameEn)
        c.nameAz = TextInput.field(nameAz)
        c.kind = TextInput.field(kind)
        c.sector = TextInput.field(sector)
        c.country = TextInput.field(country)
        c.parent = TextInput.field(parent)
        c.languages = TextInput.field(languages)
        c.notification = TextInput.field(notification)
        c.notes = TextInput.clean(notes).trimmingCharacters(in: .whitespacesAndNewlines)
        c.countries = TextInput.field(countries)
        c.trustedIntroducer = TextInput.field(trustedIntroducer)
        c.maxTLP = TextInput.field(maxTLP)
        return c
    }

    /// Checks every field but the parent and the sector (which need the registry);
    /// field name → catalog key of the error.
    public func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if nameEn.isEmpty && nameAz.isEmpty { errors["name_en"] = "error.org.name_required" }
        if nameEn.count > Limit.name { errors["name_en"] = "error.too_long" }
        if nameAz.count > Limit.name { errors["name_az"] = "error.too_long" }
        if OrganisationKind(rawValue: kind) == nil { errors["kind"] = "error.choice" }
        if Codes.country(country) == nil { errors["country"] = "error.country" }
        if Codes.languages(languages) == nil { errors["languages"] = "error.languages" }
        if NotificationPreference(rawValue: notification) == nil { errors["notification"] = "error.choice" }
        if notes.count > Limit.notes { errors["notes"] = "error.too_long" }
        if Codes.countries(countries) == nil { errors["countries"] = "error.country" }
        if TrustedIntroducerStatus(rawValue: trustedIntroducer) == nil { errors["trusted_introducer"] = "error.choice" }
        if TLP(parsing: maxTLP) == nil { errors["max_tlp"] = "error.choice" }
        return errors
    }
}

/// A contact as typed, before it is stored.
public struct ContactInput: Sendable, Equatable {
    public var name: String
    public var email: String
    public var phone: String
    public var role: String
    public var languages: String
    /// ASCII-armored OpenPGP public key, or empty.
    public var pgpKey: String
    public var primary: Bool

    public init(name: String = "", email: String = "", phone: String = "", role: String = ContactRole.abuse.rawValue,
                languages: String = "", pgpKey: String = "", primary: Bool = false) {
        self.name = name
        self.email = email
        self.phone = phone
        self.role = role
        self.languages = languages
        self.pgpKey = pgpKey
        self.primary = primary
    }

    /// The input with control characters removed and fields trimmed; e-mail lower-cased.
    public func cleaned() -> ContactInput {
        var c = self
        c.name = TextInput.field(name)
        c.email = TextInput.field(email).lowercased()
        c.phone = TextInput.field(phone)
        c.role = TextInput.field(role)
        c.languages = TextInput.field(languages)
        c.pgpKey = TextInput.clean(pgpKey).trimmingCharacters(in: .whitespacesAndNewlines)
        return c
    }

    /// Checks every field but the key (which the formats layer reads); field name →
    /// catalog key of the error.
    public func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if name.count > 200 { errors["name"] = "error.too_long" }
        if email.isEmpty { errors["email"] = "error.required" } else if !TextInput.isEmail(email) { errors["email"] = "error.email" }
        if !phone.isEmpty, !TextInput.isPhone(phone) { errors["phone"] = "error.phone" }
        if ContactRole(rawValue: role) == nil { errors["role"] = "error.choice" }
        if Codes.languages(languages) == nil { errors["languages"] = "error.languages" }
        if pgpKey.utf8.count > 1_000_000 { errors["pgp_key"] = "error.too_long" }
        return errors
    }
}
