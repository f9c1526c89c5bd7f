import Foundation

/// An incident report as a reporter submits it (web form, API), before it is stored.
public struct ReportSubmission: Sendable, Equatable {
    public var reporterName: String
    public var reporterEmail: String
    public var reporterPhone: String
    public var reporterOrganisation: String
    /// `class/type` from RSIT, or `unknown`.
    public var category: String
    /// When it happened, as typed (`2026-11-23T14:05` or RFC 3339); may be empty.
    public var occurredAt: String
    public var description: String
    /// Affected systems: IPs, domains, URLs or free text, one per line.
    public var affectedSystems: String
    public var tlp: String
    public var language: Language

    public init(
        reporterName: String = "", reporterEmail: String = "", reporterPhone: String = "",
        reporterOrganisation: String = "", category: String = "unknown", occurredAt: String = "",
        description: String = "", affectedSystems: String = "", tlp: String = TLP.defaultForReports.rawValue,
        language: Language = .fallback
    ) {
        self.reporterName = reporterName
        self.reporterEmail = reporterEmail
        self.reporterPhone = reporterPhone
        self.reporterOrganisation = reporterOrganisation
        self.category = category
        self.occurredAt = occurredAt
        self.description = description
        self.affectedSystems = affectedSystems
        self.tlp = tlp
        self.language = language
    }

    /// Limits, in characters.
    public enum Limit {
        public static let name = 200
        public static let email = 254
        public static let phone = 40
        public static let organisation = 300
        public static let description = 2_000_000
        public static let affectedSystems = 200_000
        public static let affectedItems = 1000
    }

    /// The submission with control characters removed and fields trimmed.
    public func cleaned() -> ReportSubmission {
        var c = self
        c.reporterName = TextInput.field(reporterName)
        c.reporterEmail = TextInput.field(reporterEmail)
        c.reporterPhone = TextInput.field(reporterPhone)
        c.reporterOrganisation = TextInput.field(reporterOrganisation)
        c.category = TextInput.field(category)
        c.occurredAt = TextInput.field(occurredAt)
        c.description = TextInput.clean(description).trimmingCharacters(in: .whitespacesAndNewlines)
        c.affectedSystems = TextInput.clean(affectedSystems).trimmingCharacters(in: .whitespacesAndNewlines)
        c.tlp = TextInput.field(tlp)
        return c
    }

    /// Checks every field; returns the catalog key of the error per field name
    /// (empty when valid). Field names are the form's input names.
    public func validate(now: Date = Date()) -> [String: String] {
        var errors: [String: String] = [:]
        if reporterName.count > Limit.name { errors["name"] = "error.too_long" }
        if !reporterEmail.isEmpty, !TextInput.isEmail(reporterEmail) { errors["email"] = "error.email" }
        if !reporterPhone.isEmpty, !TextInput.isPhone(reporterPhone) { errors["phone"] = "error.phone" }
        if reporterOrganisation.count > Limit.organisation { errors["organisation"] = "error.too_long" }
        if category != "unknown" {
            if let c = Classification(path: category), c.type != nil {} else { errors["category"] = "error.category" }
        }
        if !occurredAt.isEmpty {
            if let d = DateText.parse(occurredAt) {
                // A day of tolerance for clocks and time zones.
                if d > now.addingTimeInterval(86_400) { errors["occurred_at"] = "error.date_future" }
            } else {
                errors["occurred_at"] = "error.date"
            }
        }
        if description.isEmpty { errors["description"] = "error.required" }
        else if description.count > Limit.description { errors["description"] = "error.too_long" }
        if affectedSystems.count > Limit.affectedSystems
            || affectedList.count > Limit.affectedItems { errors["affected"] = "error.too_long" }
        if TLP(parsing: tlp) == nil { errors["tlp"] = "error.tlp" }
        return errors
    }

    /// The parsed classification, nil for `unknown`.
    public var classification: Classification? {
        category == "unknown" ? nil : Classification(path: category)
    }

    /// The parsed TLP label (the default when it does not parse).
    public var tlpLabel: TLP { TLP(parsing: tlp) ?? TLP.defaultForReports }

    /// The parsed time of the incident, if given and valid.
    public var occurredDate: Date? { occurredAt.isEmpty ? nil : DateText.parse(occurredAt) }

    /// Affected systems one per line, empty lines dropped.
    public var affectedList: [String] {
        affectedSystems.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
