import Foundation
import QalxanCore

// What each page shows. The web layer fills these from services; the views in
// `PublicPages` and `ConsolePages` turn them into HTML. Field names of the forms are
// listed beside each model: the web layer reads exactly these names.

/// Home, About and Contact pages: the team profile.
public struct ProfileModel: Sendable {
    public let profile: TeamProfile
    public init(profile: TeamProfile) { self.profile = profile }
}

/// The public incident-report form.
/// Fields: name, email, phone, organisation, category (`class/type` or `unknown`),
/// occurred_at (datetime-local), description, affected (one system per line),
/// tlp (`TLP:…`), evidence (files, multiple), website (honeypot, must stay empty), _csrf.
public struct ReportFormModel: Sendable {
    public var values: ReportSubmission
    /// Field name → catalog key of the error.
    public var errors: [String: String]
    /// Messages for the whole form, already localised (e.g. an upload problem).
    public var notices: [String]
    public var maxUploadBytes: Int
    public var maxFiles: Int

    public init(values: ReportSubmission, errors: [String: String] = [:], notices: [String] = [],
                maxUploadBytes: Int, maxFiles: Int) {
        self.values = values
        self.errors = errors
        self.notices = notices
        self.maxUploadBytes = maxUploadBytes
        self.maxFiles = maxFiles
    }
}

/// The page a reporter sees after submitting.
public struct ReportReceiptModel: Sendable {
    public let number: String
    /// Absolute path of the secret status link (`/en/status/QX-…?key=…`).
    public let statusLink: String
    public let acceptedFiles: [String]
    /// File name and the already localised reason it was refused.
    public let refusedFiles: [(name: String, reason: String)]
    /// The site's public address (`QALXAN_PUBLIC_URL`), when known: the link to copy is
    /// then shown in full.
    public let baseURL: String?

    public init(number: String, statusLink: String, acceptedFiles: [String], refusedFiles: [(name: String, reason: String)],
                baseURL: String? = nil) {
        self.number = number
        self.statusLink = statusLink
        self.acceptedFiles = acceptedFiles
        self.refusedFiles = refusedFiles
        self.baseURL = baseURL
    }

    /// The status link as the reporter should keep it: absolute when the address is known.
    public var linkToCopy: String {
        guard let base = baseURL, base.hasPrefix("https://") || base.hasPrefix("http://") else { return statusLink }
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + statusLink
    }
}

/// The "check a report's status" form. Fields: number, key, _csrf.
public struct StatusFormModel: Sendable {
    public let number: String
    /// True after a lookup that found nothing (same answer for an unknown number and a
    /// wrong key).
    public let notFound: Bool
    public init(number: String = "", notFound: Bool = false) {
        self.number = number
        self.notFound = notFound
    }
}

/// What a reporter may know about their report.
public struct ReportStatusModel: Sendable {
    public enum PublicState: String, Sendable, CaseIterable {
        case received, inProgress = "in_progress", waiting, resolved, closed, rejected
        /// Catalog key of the label and of the explanation (`<key>.help`).
        public var labelKey: String { "public_status.\(rawValue)" }
    }
    public let number: String
    public let receivedAt: Date
    public let state: PublicState
    public let updatedAt: Date

    public init(number: String, receivedAt: Date, state: PublicState, updatedAt: Date) {
        self.number = number
        self.receivedAt = receivedAt
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// An error page (404, 403, 413, 429, 500, …).
public struct ErrorModel: Sendable {
    public let status: Int
    /// Catalog keys of the heading and the explanation.
    public let titleKey: String
    public let messageKey: String
    public init(status: Int, titleKey: String, messageKey: String) {
        self.status = status
        self.titleKey = titleKey
        self.messageKey = messageKey
    }
}

/// Staff sign-in. Fields: email, password, next, _csrf.
public struct LoginModel: Sendable {
    public let email: String
    /// Catalog key of the error, if the last attempt failed.
    public let error: String?
    /// Where to go after signing in (a console path).
    public let next: String
    public init(email: String = "", error: String? = nil, next: String = "") {
        self.email = email
        self.error = error
        self.next = next
    }
}

/// First administrator's setup through the one-time link.
/// Fields: email, name, password, password_confirm, _csrf.
public struct SetupModel: Sendable {
    public let token: String
    public let email: String
    public let name: String
    public let errors: [String: String]
    public init(token: String, email: String = "", name: String = "", errors: [String: String] = [:]) {
        self.token = token
        self.email = email
        self.name = name
        self.errors = errors
    }
}

/// The console's start page.
public struct DashboardModel: Sendable {
    public let newReports: [ReportSummary]
    public let newReportCount: Int
    public let myIncidents: [IncidentSummary]
    /// Number of incidents per status (statuses without incidents may be missing).
    public let counts: [IncidentStatus: Int]
    public init(newReports: [ReportSummary], newReportCount: Int, myIncidents: [IncidentSummary], counts: [IncidentStatus: Int]) {
        self.newReports = newReports
        self.newReportCount = newReportCount
        self.myIncidents = myIncidents
        self.counts = counts
    }
}

/// The triage queue and report archive. Query: state (new|linked|rejected), page.
public struct ReportListModel: Sendable {
    public let state: ReportSummary.State?
    public let page: ResultPage<ReportSummary>
    public init(state: ReportSummary.State?, page: ResultPage<ReportSummary>) {
        self.state = state
        self.page = page
    }
}

/// One report, with the triage actions.
/// Actions (POST, each with _csrf):
/// - `Paths.reportAction(id, "open")`: title, severity → opens a new incident;
/// - `Paths.reportAction(id, "link")`: number → links to an existing incident;
/// - `Paths.reportAction(id, "reject")`: reason → rejects it.
public struct ReportDetailModel: Sendable {
    public let summary: ReportSummary
    public let reporterName: String
    public let reporterEmail: String
    public let reporterPhone: String
    public let reporterOrganisation: String
    public let occurredAt: Date?
    public let description: String
    public let affectedSystems: String
    public let rejectReason: String
    public let incidentNumber: String?
    public let evidence: [EvidenceItem]
    public let canTriage: Bool
    /// Catalog key of an error from the last action, if any.
    public let error: String?

    public init(summary: ReportSummary, reporterName: String, reporterEmail: String, reporterPhone: String,
                reporterOrganisation: String, occurredAt: Date?, description: String, affectedSystems: String,
                rejectReason: String, incidentNumber: String?, evidence: [EvidenceItem], canTriage: Bool, error: String?) {
        self.summary = summary
        self.reporterName = reporterName
        self.reporterEmail = reporterEmail
        self.reporterPhone = reporterPhone
        self.reporterOrganisation = reporterOrganisation
        self.occurredAt = occurredAt
        self.description = description
        self.affectedSystems = affectedSystems
        self.rejectReason = rejectReason
        self.incidentNumber = incidentNumber
        self.evidence = evidence
        self.canTriage = canTriage
        self.error = error
    }
}

/// The incident list (GET, query parameters as read by `IncidentFilter(query:)`).
public struct IncidentListModel: Sendable {
    public let filter: IncidentFilter
    public let page: ResultPage<IncidentSummary>
    /// Staff who can be chosen in the assignee filter.
    public let assignees: [UserRef]
    public let canCreate: Bool
    public init(filter: IncidentFilter, page: ResultPage<IncidentSummary>, assignees: [UserRef], canCreate: Bool) {
        self.filter = filter
        self.page = page
        self.assignees = assignees
        self.canCreate = canCreate
    }
}

/// One incident, with its forms.
/// - `Paths.incidentAction(number, "update")`: title, description, category
///   (`class/type`, `class` or empty), severity, tlp, pap, assignee (user id or empty),
///   affected, _csrf;
/// - `Paths.incidentAction(number, "status")`: status, merged_into (number, for
///   `merged`), _csrf;
/// - `Paths.incidentAction(number, "comments")`: body, kind (`comment` | `note`), _csrf.
public struct IncidentPageModel: Sendable {
    public let detail: IncidentDetail
    public let assignees: [UserRef]
    public let canEdit: Bool
    public let canAssignOthers: Bool
    /// Statuses the incident may move to now.
    public let allowedStatuses: [IncidentStatus]
    /// Field name → catalog key of the error from the last submission.
    public let errors: [String: String]
    /// The organisations the incident affects (nil: not worked out, e.g. in tests).
    public let organisations: AffectedOrganisationsModel?
    /// Knowledge-base articles written for the incident's RSIT class: its procedures.
    public let procedures: [ArticleLink]
    public init(detail: IncidentDetail, assignees: [UserRef], canEdit: Bool, canAssignOthers: Bool,
                allowedStatuses: [IncidentStatus], errors: [String: String] = [:], organisations: AffectedOrganisationsModel? = nil,
                procedures: [ArticleLink] = []) {
        self.procedures = procedures
        self.detail = detail
        self.assignees = assignees
        self.canEdit = canEdit
        self.canAssignOthers = canAssignOthers
        self.allowedStatuses = allowedStatuses
        self.errors = errors
        self.organisations = organisations
    }
}

/// A new incident typed in by staff (POST `Paths.newIncident`).
/// Fields: title, description, category, severity, tlp, affected, _csrf.
public struct NewIncidentModel: Sendable {
    public var title: String
    public var description: String
    public var category: String
    public var severity: Severity
    public var tlp: TLP
    public var affected: String
    public var errors: [String: String]
    public init(title: String = "", description: String = "", category: String = "", severity: Severity = .medium,
                tlp: TLP = .amber, affected: String = "", errors: [String: String] = [:]) {
        self.title = title
        self.description = description
        self.category = category
        self.severity = severity
        self.tlp = tlp
        self.affected = affected
        self.errors = errors
    }
}

/// A staff account as the administrator sees it.
public struct UserRow: Sendable {
    public let ref: UserRef
    public let role: Role
    public let active: Bool
    public let lastLoginAt: Date?
    public init(ref: UserRef, role: Role, active: Bool, lastLoginAt: Date?) {
        self.ref = ref
        self.role = role
        self.active = active
        self.lastLoginAt = lastLoginAt
    }
}

/// User administration.
/// - create: POST `Paths.users`: email, name, role, password, _csrf;
/// - change: POST `Paths.user(id)`: role, active (`1` when checked), _csrf.
public struct UsersModel: Sendable {
    public let users: [UserRow]
    /// Values of the create form when it comes back with errors.
    public let email: String
    public let name: String
    public let role: Role
    public let errors: [String: String]
    public init(users: [UserRow], email: String = "", name: String = "", role: Role = .handler, errors: [String: String] = [:]) {
        self.users = users
        self.email = email
        self.name = name
        self.role = role
        self.errors = errors
    }
}

/// One API token as its owner sees it (never the secret, but its first characters).
public struct TokenRow: Sendable {
    public let id: UUID
    public let name: String
    public let prefix: String
    public let scopes: [APIScope]
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let expiresAt: Date?
    public let revoked: Bool
    public init(id: UUID, name: String, prefix: String, scopes: [APIScope], createdAt: Date, lastUsedAt: Date?,
                expiresAt: Date?, revoked: Bool) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revoked = revoked
    }
}

/// The signed-in user's API tokens.
/// - create: POST `Paths.tokens`: name, scopes (checkboxes, repeated), expires_days, _csrf;
/// - revoke: POST `Paths.revokeToken(id)`: _csrf.
public struct TokensModel: Sendable {
    public let tokens: [TokenRow]
    /// The secret of a token just created: shown once.
    public let newToken: String?
    public let grantable: [APIScope]
    public let errors: [String: String]
    public init(tokens: [TokenRow], newToken: String? = nil, grantable: [APIScope], errors: [String: String] = [:]) {
        self.tokens = tokens
        self.newToken = newToken
        self.grantable = grantable
        self.errors = errors
    }
}

/// The team profile editor (POST `Paths.profileSettings`): one textarea per section
/// and language, named `ProfileSettingsModel.fieldName(key, language)`, and _csrf.
public struct ProfileSettingsModel: Sendable {
    public let profile: TeamProfile
    public let errors: [String: String]
    public init(profile: TeamProfile, errors: [String: String] = [:]) {
        self.profile = profile
        self.errors = errors
    }

    /// `s_2_7_en` for section 2.7 in English.
    public static func fieldName(_ key: String, _ language: Language) -> String {
        "s_" + key.replacingOccurrences(of: ".", with: "_") + "_" + language.rawValue
    }
}

/// One audit log entry.
public struct AuditRow: Sendable {
    public let seq: Int
    public let at: Date
    public let actor: String
    public let address: String
    public let action: String
    public let entity: String
    public let entityID: String
    public let detail: String
    public init(seq: Int, at: Date, actor: String, address: String, action: String, entity: String, entityID: String, detail: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.address = address
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.detail = detail
    }
}

/// The audit log (administrators only), newest first, and whether its hash chain holds.
public struct AuditModel: Sendable {
    public let page: ResultPage<AuditRow>
    public let chainIntact: Bool
    /// The first entry whose hash does not match, if the chain is broken.
    public let brokenAt: Int?
    public init(page: ResultPage<AuditRow>, chainIntact: Bool, brokenAt: Int?) {
        self.page = page
        self.chainIntact = chainIntact
        self.brokenAt = brokenAt
    }
}

/// The signed-in staff member's account: changing the password (POST `Paths.account`).
/// Fields: current_password, password, password_confirm, _csrf.
public struct AccountModel: Sendable {
    public let errors: [String: String]
    public init(errors: [String: String] = [:]) { self.errors = errors }
}
