import Foundation
import QalxanCore
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The public site: home, about the team, contact, the report form and status pages.
struct PublicController {
    func register(_ app: Application) {
        app.get { req in Render.redirect(Paths.home(req.bestLanguage)) }
        app.get("static", "qalxan.css") { _ in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
        }
        let lang = app.grouped(":lang")
        lang.get(use: home)
        lang.get("about", use: about)
        lang.get("contact", use: contact)
        lang.get("report", use: reportForm)
        // Evidence files make this body large; the intake service enforces the real limit
        // per file, so a body somewhat over the limit is still read (and the files past
        // the limit refused one by one), while a far larger one is refused whole (413).
        let limit = app.qalxan.settings.maxUploadBytes
        let bodyLimit = ByteCount(value: limit + limit / 2 + 2 * 1024 * 1024)
        lang.on(.POST, "report", body: .collect(maxSize: bodyLimit), use: submitReport)
        lang.get("status", use: statusForm)
        lang.post("status", use: statusLookup)
        lang.get("status", ":number", use: statusLink)
    }

    func home(_ req: Request) async throws -> Response {
        let l = try req.language()
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        return Render.page(PublicPages.home(ProfileModel(profile: profile), req.pageContext(l)))
    }

    func about(_ req: Request) async throws -> Response {
        let l = try req.language()
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        return Render.page(PublicPages.about(ProfileModel(profile: profile), req.pageContext(l)))
    }

    func contact(_ req: Request) async throws -> Response {
        let l = try req.language()
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        return Render.page(PublicPages.contact(ProfileModel(profile: profile), req.pageContext(l)))
    }

    func formModel(_ req: Request, _ values: ReportSubmission, errors: [String: String] = [:], notices: [String] = []) -> ReportFormModel {
        ReportFormModel(values: values, errors: errors, notices: notices,
                        maxUploadBytes: req.qalxan.settings.maxUploadBytes, maxFiles: req.qalxan.settings.maxUploadFiles)
    }

    func reportForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        var values = ReportSubmission(language: l)
        // `?category=fraud/phishing` preselects a class, for links from advisories.
        if let c = req.queryPairs.first(where: { $0.0 == "category" })?.1, Classification(path: c)?.type != nil {
            values.category = c
        }
        return Render.page(PublicPages.reportForm(formModel(req, values), req.pageContext(l)))
    }

    /// The submitted form as a `ReportSubmission`.
    static func submission(_ form: FormData, language: Language) -> ReportSubmission {
        ReportSubmission(
            reporterName: form.value("name"), reporterEmail: form.value("email"), reporterPhone: form.value("phone"),
            reporterOrganisation: form.value("organisation"), category: form.first("category") ?? "unknown",
            occurredAt: form.value("occurred_at"), description: form.value("description"),
            affectedSystems: form.value("affected"), tlp: form.first("tlp") ?? TLP.defaultForReports.rawValue,
            language: language
        ).cleaned()
    }

    func submitReport(_ req: Request) async throws -> Response {
        let lang = try req.language()
        let ctx = req.pageContext(lang)
        let l = ctx.l
        try await req.rateLimit("report", limit: req.qalxan.settings.reportRatePer10Min, window: 600)
        let form = try FormData.read(req)
        let values = Self.submission(form, language: lang)
        let files = form.files("evidence")
        let filesNotice = files.isEmpty ? [] : [l.t("report.files_again")]
        do {
            try req.verifyCSRF(form)
        } catch {
            // The form comes back filled: an expired page must not cost the reporter their text.
            let model = formModel(req, values, notices: [l.t("error.csrf")] + filesNotice)
            return Render.page(PublicPages.reportForm(model, req.pageContext(lang)), status: .forbidden)
        }
        let errors = values.validate()
        guard errors.isEmpty else {
            let model = formModel(req, values, errors: errors, notices: filesNotice)
            return Render.page(PublicPages.reportForm(model, ctx), status: .unprocessableEntity)
        }
        let uploads = files.map { Upload(fileName: $0.fileName, contentType: $0.contentType, data: $0.data) }
        let receipt = try await req.qalxan.intake.submit(
            values, uploads: uploads, channel: .web, actor: req.actor,
            honeypot: !form.value("website").isEmpty, on: req.db)
        if form.value("website").isEmpty {
            await Self.acknowledge(req, receipt, values)
        }
        let model = ReportReceiptModel(
            number: receipt.number,
            statusLink: Paths.statusLink(lang, number: receipt.number, secret: receipt.statusSecret),
            acceptedFiles: receipt.acceptedFiles,
            refusedFiles: receipt.refusedFiles.map { ($0.name, l.t($0.reason)) },
            baseURL: req.qalxan.settings.publicURL)
        return Render.page(PublicPages.reportReceived(model, ctx), status: .created)
    }

    func statusForm(_ req: Request) async throws -> Response {
        let l = try req.language()
        return Render.page(PublicPages.statusForm(StatusFormModel(), req.pageContext(l)))
    }

    func statusLookup(_ req: Request) async throws -> Response {
        let l = try req.language()
        try await req.rateLimit("status", limit: 30, window: 600)
        let form = try FormData.read(req)
        try req.verifyCSRF(form)
        return try await status(req, l, number: form.value("number"), secret: form.value("key"))
    }

    func statusLink(_ req: Request) async throws -> Response {
        let l = try req.language()
        try await req.rateLimit("status", limit: 30, window: 600)
        let number = req.parameters.get("number") ?? ""
        let secret = req.queryPairs.first { $0.0 == "key" }?.1 ?? ""
        return try await status(req, l, number: number, secret: secret)
    }

    /// The same answer for an unknown number and a wrong key.
    func status(_ req: Request, _ lang: Language, number: String, secret: String) async throws -> Response {
        let number = String(TextInput.field(number).prefix(40))
        guard let (report, incident) = try await ReportQuery.publicStatus(number: number, secret: secret, on: req.db) else {
            return Render.page(PublicPages.statusForm(StatusFormModel(number: number, notFound: true), req.pageContext(lang)),
                               status: .notFound)
        }
        let state = Self.publicState(report: report, incident: incident)
        let updated = max(report.updatedAt, incident?.updatedAt ?? report.updatedAt)
        let model = ReportStatusModel(number: report.number, receivedAt: report.receivedAt, state: state, updatedAt: updated)
        return Render.page(PublicPages.status(model, req.pageContext(lang)))
    }

    /// What a reporter is told: the report's triage, then its incident's handling.
    static func publicState(report: ReportModel, incident: IncidentModel?) -> ReportStatusModel.PublicState {
        switch report.stateValue {
        case .new: return .received
        case .rejected: return .rejected
        case .linked:
            switch incident?.statusValue ?? .new {
            case .new: return .received
            case .open, .inProgress, .merged: return .inProgress
            case .waiting: return .waiting
            case .resolved: return .resolved
            case .closed: return .closed
            case .rejected: return .rejected
            }
        }
    }

    /// Sends the reporter their tracking number by mail when they gave an address. A
    /// failure to queue it never costs the report: it is logged and the receipt shown.
    static func acknowledge(_ req: Request, _ receipt: IntakeReceipt, _ s: ReportSubmission) async {
        guard !s.reporterEmail.isEmpty else { return }
        do {
            try await req.qalxan.mailIntake.acknowledge(
                outbox: req.qalxan.mailOutbox, receipt: receipt, to: s.reporterEmail.lowercased(), name: s.reporterName,
                language: s.language, category: s.category, on: req.db)
        } catch {
            req.logger.error("acknowledgement for \(receipt.number) not queued: \(String(describing: error))")
        }
    }
}
