import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QalxanCore
import QalxanViews

/// Models for every page with one string in every string field, so that tests can
/// render the whole site with hostile or recognisable text.
enum ViewFixtures {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)
    static let userID = UUID(uuidString: "11111111-1111-1111-1111-111111111111")!
    static let otherID = UUID(uuidString: "22222222-2222-2222-2222-222222222222")!

    static func context(_ language: Language, path: String? = nil, query: String = "", text: String = "CERT",
                        signedIn: Bool, role: Role = .administrator) -> PageContext {
        let user = signedIn ? SignedInUser(ref: UserRef(id: userID, email: text, name: text), role: role) : nil
        return PageContext(language: language, path: path ?? "/\(language.rawValue)/", query: query, csrfToken: text,
                           user: user, flash: text, teamName: text)
    }

    static func profile(_ s: String) -> TeamProfile {
        var text: [String: [Language: String]] = [:]
        for section in TeamProfile.sections where !section.isHeading {
            text[section.key] = [.az: s, .en: s]
        }
        return TeamProfile(text: text)
    }

    static func reportSummary(_ s: String, state: ReportSummary.State = .new) -> ReportSummary {
        ReportSummary(id: UUID(), number: s, receivedAt: date, channel: .web, state: state, reporter: s,
                      category: s, excerpt: s, tlp: .amber)
    }

    static func incidentSummary(_ s: String, status: IncidentStatus = .open, tlp: TLP = .red,
                                assignee: UserRef? = nil) -> IncidentSummary {
        IncidentSummary(id: UUID(), number: s, title: s, status: status,
                        classification: Classification(path: "fraud/phishing"), severity: .high, tlp: tlp, pap: .amber,
                        assignee: assignee ?? UserRef(id: otherID, email: s, name: s), createdAt: date, updatedAt: date)
    }

    static func evidence(_ s: String) -> EvidenceItem {
        EvidenceItem(id: UUID(), fileName: s, contentType: s, size: 1_234_567, sha256: s, addedAt: date)
    }

    static func timeline(_ s: String) -> [TimelineItem] {
        TimelineItem.Kind.allCases.enumerated().map { (i, kind) in
            TimelineItem(id: UUID(), at: date.addingTimeInterval(Double(i) * 60), kind: kind,
                         actor: i == 0 ? nil : UserRef(id: otherID, email: s, name: s), body: s, data: [s: s, "field": s])
        }
    }

    static func incidentDetail(_ s: String, status: IncidentStatus = .open, tlp: TLP = .red) -> IncidentDetail {
        IncidentDetail(summary: incidentSummary(s, status: status, tlp: tlp), description: s, affectedSystems: s,
                       clock: IncidentClock(firstResponseAt: date, resolvedAt: nil, closedAt: nil), mergedInto: s,
                       reports: [reportSummary(s, state: .linked)], evidence: [evidence(s)], timeline: timeline(s))
    }

    static func submission(_ s: String) -> ReportSubmission {
        ReportSubmission(reporterName: s, reporterEmail: s, reporterPhone: s, reporterOrganisation: s, category: s,
                         occurredAt: s, description: s, affectedSystems: s, tlp: s)
    }

    /// Every page of the site, public and console, with `s` in every string of its model.
    static func allPages(_ s: String, _ language: Language, ctxText: String = "CERT") -> [(name: String, html: HTML)] {
        pageMakers(s, language, ctxText: ctxText).map { ($0.name, $0.make()) }
    }

    /// Like `allPages`, each page rendered only when asked for.
    static func pageMakers(_ s: String, _ language: Language, ctxText: String = "CERT") -> [(name: String, make: () -> HTML)] {
        let pub = context(language, text: ctxText, signedIn: false)
        let con = context(language, text: ctxText, signedIn: true)
        let users = [UserRef(id: userID, email: s, name: s), UserRef(id: otherID, email: s, name: s)]
        var filter = IncidentFilter()
        filter.text = s
        filter.statuses = [.open]
        filter.page = 2
        let errors = ["name": s, "email": "error.email", "description": "error.required", "unknown_field": s]
        return [
            ("home", { PublicPages.home(ProfileModel(profile: profile(s)), pub) }),
            ("about", { PublicPages.about(ProfileModel(profile: profile(s)), pub) }),
            ("contact", { PublicPages.contact(ProfileModel(profile: profile(s)), pub) }),
            ("reportForm", { PublicPages.reportForm(
                ReportFormModel(values: submission(s), errors: errors, notices: [s], maxUploadBytes: 26_214_400, maxFiles: 10), pub) }),
            ("reportReceived", { PublicPages.reportReceived(
                ReportReceiptModel(number: s, statusLink: s, acceptedFiles: [s], refusedFiles: [(name: s, reason: s)]), pub) }),
            ("reportReceivedLink", { PublicPages.reportReceived(
                ReportReceiptModel(number: s, statusLink: Paths.statusLink(language, number: s, secret: s) + s,
                                   acceptedFiles: [], refusedFiles: []), pub) }),
            ("statusForm", { PublicPages.statusForm(StatusFormModel(number: s, notFound: true), pub) }),
            ("status", { PublicPages.status(ReportStatusModel(number: s, receivedAt: date, state: .waiting, updatedAt: date), pub) }),
            ("errorPublic", { PublicPages.error(ErrorModel(status: 404, titleKey: s, messageKey: s), pub) }),
            ("errorConsole", { PublicPages.error(ErrorModel(status: 500, titleKey: s, messageKey: s), con) }),
            ("login", { ConsolePages.login(LoginModel(email: s, error: s, next: s), pub) }),
            ("setup", { ConsolePages.setup(SetupModel(token: s, email: s, name: s, errors: ["email": s, "password": "error.password_short"]), pub) }),
            ("dashboard", { ConsolePages.dashboard(DashboardModel(
                newReports: [reportSummary(s)], newReportCount: 3, myIncidents: [incidentSummary(s)],
                counts: [.open: 4, .new: 2]), con) }),
            ("reports", { ConsolePages.reports(ReportListModel(
                state: .new, page: ResultPage(items: [reportSummary(s)], page: 2, perPage: 1, total: 9)), con) }),
            ("report", { ConsolePages.report(ReportDetailModel(
                summary: reportSummary(s), reporterName: s, reporterEmail: s, reporterPhone: s, reporterOrganisation: s,
                occurredAt: date, description: s, affectedSystems: s, rejectReason: s, incidentNumber: s,
                evidence: [evidence(s)], canTriage: true, error: s), con) }),
            ("reportRejected", { ConsolePages.report(ReportDetailModel(
                summary: reportSummary(s, state: .rejected), reporterName: s, reporterEmail: s, reporterPhone: s,
                reporterOrganisation: s, occurredAt: nil, description: s, affectedSystems: s, rejectReason: s,
                incidentNumber: nil, evidence: [], canTriage: true, error: nil), con) }),
            ("incidents", { ConsolePages.incidents(IncidentListModel(
                filter: filter, page: ResultPage(items: [incidentSummary(s)], page: 2, perPage: 50, total: 120),
                assignees: users, canCreate: true), con) }),
            ("incident", { ConsolePages.incident(IncidentPageModel(
                detail: incidentDetail(s), assignees: users, canEdit: true, canAssignOthers: true,
                allowedStatuses: IncidentStatus.open.allowedTargets, errors: ["title": s, "merged_into": "error.merge_target"]), con) }),
            ("newIncident", { ConsolePages.newIncident(NewIncidentModel(
                title: s, description: s, category: s, severity: .critical, tlp: .green, affected: s, errors: ["title": s]), con) }),
            ("users", { ConsolePages.users(UsersModel(
                users: [UserRow(ref: users[0], role: .administrator, active: true, lastLoginAt: date),
                        UserRow(ref: users[1], role: .viewer, active: false, lastLoginAt: nil)],
                email: s, name: s, role: .coordinator, errors: ["email": s]), con) }),
            ("tokens", { ConsolePages.tokens(TokensModel(
                tokens: [TokenRow(id: UUID(), name: s, prefix: s, scopes: APIScope.allCases, createdAt: date,
                                  lastUsedAt: nil, expiresAt: date, revoked: false),
                         TokenRow(id: UUID(), name: s, prefix: s, scopes: [.incidentsRead], createdAt: date,
                                  lastUsedAt: date, expiresAt: nil, revoked: true)],
                newToken: s, grantable: APIScope.allCases, errors: ["scopes": "error.scopes", "name": s]), con) }),
            ("profileSettings", { ConsolePages.profileSettings(ProfileSettingsModel(
                profile: profile(s), errors: [ProfileSettingsModel.fieldName("2.7", .en): s]), con) }),
            ("audit", { ConsolePages.audit(AuditModel(
                page: ResultPage(items: [AuditRow(seq: 41, at: date, actor: s, address: s, action: s, entity: s,
                                                  entityID: s, detail: s)], page: 3, perPage: 1, total: 7),
                chainIntact: false, brokenAt: 41), con) }),
        ] + ConstituencyFixtures.pageMakers(s, language, ctxText: ctxText) + FeedFixtures.pageMakers(s, language, ctxText: ctxText)
    }
}

/// Substring search on UTF-8 bytes (`memchr` for the needle's last byte, then
/// `memcmp`): fast enough for pages of many megabytes even in a debug build.
func occurs(_ needle: String, in haystack: HTML) -> Bool {
    occurrences(needle, in: haystack.raw, limit: 1) > 0
}

func occurrences(_ needle: String, in haystack: String, limit: Int = .max) -> Int {
    var needle = needle
    var haystack = haystack
    return needle.withUTF8 { n -> Int in
        haystack.withUTF8 { h -> Int in
            guard let nBase = n.baseAddress, let hBase = h.baseAddress, n.count > 0, h.count >= n.count else { return 0 }
            let last = Int32(n[n.count - 1])
            var count = 0
            var i = n.count - 1                    // where the needle's last byte may be
            while count < limit, i < h.count, let hit = memchr(hBase + i, last, h.count - i) {
                let end = hBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let start = end - (n.count - 1)
                if memcmp(hBase + start, nBase, n.count) == 0 {
                    count += 1
                    i = end + n.count
                } else {
                    i = end + 1
                }
            }
            return count
        }
    }
}
