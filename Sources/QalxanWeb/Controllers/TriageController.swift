import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The console's start page and the triage of reports.
struct TriageController {
    func register(_ console: any RoutesBuilder) {
        console.get(use: dashboard)
        console.get("reports", use: reports)
        console.get("reports", ":id", use: report)
        console.post("reports", ":id", ":action", use: act)
        console.get("evidence", ":id", use: evidence)
    }

    func dashboard(_ req: Request) async throws -> Response {
        let l = try req.language()
        let actor = req.actor
        // A partner team's account has advisories and nothing else to see.
        guard actor.can(.viewIncidents) else { return Render.redirect(Paths.consoleAdvisories(l)) }
        let queue = try await ReportQuery.list(state: .new, page: 1, perPage: 10, actor: actor, on: req.db)
        var mine = IncidentFilter()
        mine.statuses = IncidentStatus.allCases.filter(\.isActive)
        mine.assigneeID = actor.userID
        mine.perPage = 20
        mine.sort = .updated
        let my = try await IncidentQuery.list(mine, actor: actor, on: req.db)
        let counts = try await IncidentQuery.countsByStatus(actor: actor, on: req.db)
        let model = DashboardModel(newReports: queue.items, newReportCount: queue.total, myIncidents: my.items, counts: counts)
        return Render.page(ConsolePages.dashboard(model, req.pageContext(l)))
    }

    func reports(_ req: Request) async throws -> Response {
        let l = try req.language()
        let q = req.queryPairs
        let stateParam = q.first { $0.0 == "state" }?.1
        let state: ReportSummary.State? = stateParam == "all" ? nil : (stateParam.flatMap(ReportSummary.State.init) ?? .new)
        let page = q.first { $0.0 == "page" }.flatMap { Int($0.1) } ?? 1
        let result = try await ReportQuery.list(state: state, page: max(1, min(page, 100_000)), actor: req.actor, on: req.db)
        return Render.page(ConsolePages.reports(ReportListModel(state: state, page: result), req.pageContext(l)))
    }

    func reportModel(_ req: Request, id: String, error: String? = nil) async throws -> ReportDetailModel {
        let r = try await ReportQuery.find(id, actor: req.actor, on: req.db)
        var incidentNumber: String?
        if let i = r.incidentID { incidentNumber = try await IncidentModel.find(i, on: req.db)?.number }
        return ReportDetailModel(
            summary: r.summary, reporterName: r.reporterName, reporterEmail: r.reporterEmail,
            reporterPhone: r.reporterPhone, reporterOrganisation: r.reporterOrganisation, occurredAt: r.occurredAt,
            description: r.description, affectedSystems: r.affectedSystems,
            rejectReason: r.rejectReason == IntakeService.honeypotReason
                ? Localizer(try req.language()).t("report_detail.honeypot_reason") : r.rejectReason,
            incidentNumber: incidentNumber, evidence: try await ReportQuery.evidence(reportID: r.id!, on: req.db),
            canTriage: req.actor.can(.triageReports), error: error)
    }

    func report(_ req: Request) async throws -> Response {
        let l = try req.language()
        let model = try await reportModel(req, id: req.parameters.get("id") ?? "")
        return Render.page(ConsolePages.report(model, req.pageContext(l)))
    }

    func act(_ req: Request) async throws -> Response {
        let l = try req.language()
        let id = req.parameters.get("id") ?? ""
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        let actor = req.actor
        do {
            switch req.parameters.get("action") {
            case "open":
                let severity = Severity(rawValue: form.value("severity")) ?? .medium
                let incident = try await req.qalxan.triage.openIncident(
                    reportID: id, title: form.value("title"), severity: severity, actor: actor, on: req.db)
                return Render.redirect(Paths.incident(l, number: incident.number) + "?m=report_opened")
            case "link":
                let incident = try await req.qalxan.triage.link(reportID: id, to: form.value("number"), actor: actor, on: req.db)
                return Render.redirect(Paths.incident(l, number: incident.number) + "?m=report_linked")
            case "reject":
                try await req.qalxan.triage.reject(reportID: id, reason: form.value("reason"), actor: actor, on: req.db)
                return Render.redirect(Paths.reports(l) + "?m=report_rejected")
            default:
                throw PageError(status: .notFound)
            }
        } catch ServiceError.invalid(let errors) {
            let model = try await reportModel(req, id: id, error: errors.values.first)
            return Render.page(ConsolePages.report(model, req.pageContext(l)), status: .unprocessableEntity)
        } catch ServiceError.conflict(let key) {
            let model = try await reportModel(req, id: id, error: key)
            return Render.page(ConsolePages.report(model, req.pageContext(l)), status: .conflict)
        }
    }

    /// Evidence is always sent as a download of opaque bytes, never rendered, so an
    /// uploaded HTML or SVG file cannot run in the console's origin.
    func evidence(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap({ UUID(uuidString: $0) }) else { throw PageError(status: .notFound) }
        let file = try await ReportQuery.evidenceFile(id, actor: req.actor, on: req.db)
        guard let data = req.qalxan.blobs.get(file.sha256) else { throw PageError(status: .notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/octet-stream")
        var ascii = ""
        for scalar in file.fileName.unicodeScalars {
            let plain = scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\"
            ascii.unicodeScalars.append(plain ? scalar : "_")
        }
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(URLText.encode(file.fileName))")
        headers.replaceOrAdd(name: "X-Content-SHA256", value: file.sha256)
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
