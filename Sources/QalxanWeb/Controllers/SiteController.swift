import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanStorage
import QalxanViews
import Vapor

/// The team's machine-readable face: security.txt (RFC 9116), the RFC 2350 description
/// as clear-signed text, the team's public key, and the CSAF provider
/// (`/.well-known/csaf/…`).
struct SiteController {
    func register(_ app: Application) {
        app.get(".well-known", "security.txt", use: securityTxt)
        app.get("security.txt") { _ in Response(status: .movedPermanently, headers: ["Location": Paths.securityTxt]) }
        app.get("rfc2350.txt") { req in try await rfc2350(req, language: .en) }
        app.get(":lang", "rfc2350.txt") { req in try await rfc2350(req, language: try req.language()) }
        app.get(".well-known", "team-key.asc", use: teamKey)
        CSAFRoutes().register(app)
    }

    /// `body` as text; `shared` false keeps it out of shared caches (restricted documents).
    static func text(_ body: String, type: String = "text/plain", shared: Bool = true) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "\(type); charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: shared ? "max-age=300" : "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// Signs `text` with the team key when there is one (once per distinct text: the
    /// texts change at most daily), else returns it as it is.
    static func signed(_ text: String, _ req: Request) async -> String {
        let gpg = req.qalxan.gnupg
        guard let fingerprint = await TeamKeyCache.shared.state(gpg).fingerprint else { return text }
        let cacheKey = "\(fingerprint)\u{0}\(text)"
        if let hit = await SignedTextCache.shared.get(cacheKey) { return hit }
        do {
            let signed = try await gpg.clearsign(text)
            await SignedTextCache.shared.put(cacheKey, signed)
            return signed
        } catch {
            req.logger.warning("could not sign: \(error)")
            return text
        }
    }

    func securityTxt(_ req: Request) async throws -> Response {
        let settings = req.qalxan.settings
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        let base = AdvisoryController.baseURL(req)
        var contacts = SiteController.emails(in: profile.display("2.7", .en)).map { "mailto:" + $0 }
        contacts.append(base + Paths.report(.en))
        let hasKey = await TeamKeyCache.shared.state(req.qalxan.gnupg).fingerprint != nil
        let txt = SecurityTxt(
            contacts: contacts,
            expires: SecurityTxt.expiry(from: Date(), days: settings.securityTxtDays),
            encryption: hasKey ? [base + Paths.teamKey] : [],
            acknowledgments: [],
            preferredLanguages: Language.allCases.map(\.rawValue),
            canonical: [base + Paths.securityTxt],
            policy: [base + Paths.rfc2350Text],
            hiring: [],
            csaf: [base + Paths.csafProviderMetadata],
            comment: req.qalxan.settings.teamName)
        return Self.text(await Self.signed(txt.text(), req))
    }

    func rfc2350(_ req: Request, language: Language) async throws -> Response {
        let profile = try await req.qalxan.siteSettings.profile(on: req.db)
        let updated = try await req.qalxan.siteSettings.profileUpdatedAt(on: req.db) ?? Date(timeIntervalSince1970: 0)
        let l = Localizer(language)
        let url = AdvisoryController.baseURL(req) + (language == .en ? Paths.rfc2350Text : "/\(language.rawValue)\(Paths.rfc2350Text)")
        let text = RFC2350Document.text(profile: profile, language: language, title: { l.t($0) },
                                        notProvided: l.t("profile.not_provided"), documentURL: url, lastUpdated: updated)
        return Self.text(await Self.signed(text, req))
    }

    func teamKey(_ req: Request) async throws -> Response {
        guard let key = await TeamKeyCache.shared.state(req.qalxan.gnupg).publicKey else { throw PageError(status: .notFound) }
        return Self.text(key, type: "application/pgp-keys")
    }

    /// E-mail addresses in free text, in order, without repeats.
    static func emails(in text: String) -> [String] {
        var out: [String] = []
        for observable in ObservableExtractor.extract(from: text) {
            if case .email(let e) = observable, !out.contains(e) { out.append(e) }
        }
        return out
    }
}

/// The team key's fingerprint and public key, asked of GnuPG at most every five
/// minutes: public routes would otherwise start gpg on every request.
actor TeamKeyCache {
    static let shared = TeamKeyCache()
    struct State: Sendable {
        let fingerprint: String?
        let publicKey: String?
        let at: Date
    }
    private var states: [String: State] = [:]

    func state(_ gpg: GnuPG) async -> State {
        let id = "\(gpg.home)\u{0}\(gpg.key ?? "")"
        if let s = states[id], Date().timeIntervalSince(s.at) < 300 { return s }
        let fingerprint = try? await gpg.fingerprint()
        let publicKey = fingerprint == nil ? nil : try? await gpg.exportPublicKey()
        let s = State(fingerprint: fingerprint, publicKey: publicKey, at: Date())
        states[id] = s
        return s
    }

    /// Forgets what is known, after the key changed.
    func reset() { states.removeAll() }
}

/// Signed texts by the key and their content, so GnuPG runs once per change rather than
/// per request.
actor SignedTextCache {
    static let shared = SignedTextCache()
    private var entries: [String: String] = [:]

    func get(_ text: String) -> String? { entries[text] }

    func put(_ text: String, _ signed: String) {
        if entries.count > 64 { entries.removeAll() }
        entries[text] = signed
    }
}
