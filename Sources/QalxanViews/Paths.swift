import Foundation
import QalxanCore

/// Every URL of the site, in one place: the web layer registers routes from the same
/// path components and every link is made here, so links never drift from routes.
public enum Paths {
    public static let stylesheet = "/static/qalxan.css"
    public static let securityTxt = "/.well-known/security.txt"

    // Public site.
    public static func home(_ l: Language) -> String { "/\(l.rawValue)/" }
    public static func about(_ l: Language) -> String { "/\(l.rawValue)/about" }
    public static func contact(_ l: Language) -> String { "/\(l.rawValue)/contact" }
    public static func report(_ l: Language) -> String { "/\(l.rawValue)/report" }
    public static func statusForm(_ l: Language) -> String { "/\(l.rawValue)/status" }
    /// The secret status link given to a reporter.
    public static func statusLink(_ l: Language, number: String, secret: String) -> String {
        "/\(l.rawValue)/status/\(URLText.encode(number))?key=\(URLText.encode(secret))"
    }

    // Staff console.
    public static func console(_ l: Language) -> String { "/\(l.rawValue)/console" }
    public static func login(_ l: Language) -> String { "/\(l.rawValue)/console/login" }
    public static func logout(_ l: Language) -> String { "/\(l.rawValue)/console/logout" }
    public static func setup(_ l: Language, token: String) -> String { "/\(l.rawValue)/console/setup/\(URLText.encode(token))" }
    public static func reports(_ l: Language) -> String { "/\(l.rawValue)/console/reports" }
    public static func report(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/reports/\(URLText.encode(id))" }
    /// Actions on a report: `open`, `link`, `reject`.
    public static func reportAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/reports/\(URLText.encode(id))/\(action)"
    }
    public static func incidents(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/console/incidents" + URLText.query(query)
    }
    public static func newIncident(_ l: Language) -> String { "/\(l.rawValue)/console/incidents/new" }
    public static func incident(_ l: Language, number: String) -> String {
        "/\(l.rawValue)/console/incidents/\(URLText.encode(number))"
    }
    /// Actions on an incident: `update`, `status`, `comments`.
    public static func incidentAction(_ l: Language, number: String, _ action: String) -> String {
        "/\(l.rawValue)/console/incidents/\(URLText.encode(number))/\(action)"
    }
    public static func evidence(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/evidence/\(URLText.encode(id))" }
    public static func users(_ l: Language) -> String { "/\(l.rawValue)/console/users" }
    public static func user(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/users/\(URLText.encode(id))" }
    /// The signed-in staff member's own account (password change).
    public static func account(_ l: Language) -> String { "/\(l.rawValue)/console/account" }
    public static func tokens(_ l: Language) -> String { "/\(l.rawValue)/console/tokens" }
    public static func revokeToken(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/tokens/\(URLText.encode(id))/revoke" }
    public static func profileSettings(_ l: Language) -> String { "/\(l.rawValue)/console/settings/profile" }
    public static func audit(_ l: Language, page: Int = 1) -> String {
        "/\(l.rawValue)/console/audit" + (page > 1 ? "?page=\(page)" : "")
    }

    // Constituency.
    public static func organisations(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/console/organisations" + URLText.query(query)
    }
    public static func newOrganisation(_ l: Language) -> String { "/\(l.rawValue)/console/organisations/new" }
    public static func organisation(_ l: Language, id: String) -> String {
        "/\(l.rawValue)/console/organisations/\(URLText.encode(id))"
    }
    /// Actions on an organisation: `update`, `delete`, `merge`, `contacts`, `networks`.
    public static func organisationAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/organisations/\(URLText.encode(id))/\(action)"
    }
    /// Actions on a contact: `update`, `delete`.
    public static func contactAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/contacts/\(URLText.encode(id))/\(action)"
    }
    public static func deleteNetwork(_ l: Language, id: String) -> String {
        "/\(l.rawValue)/console/networks/\(URLText.encode(id))/delete"
    }
    public static func lookup(_ l: Language, query: String? = nil) -> String {
        "/\(l.rawValue)/console/lookup" + (query.map { URLText.query([("q", $0)]) } ?? "")
    }
    public static func constituencyImport(_ l: Language) -> String { "/\(l.rawValue)/console/organisations/import" }
    public static func constituencyExport(_ l: Language) -> String { "/\(l.rawValue)/console/organisations/export.csv" }
    public static func sectors(_ l: Language) -> String { "/\(l.rawValue)/console/sectors" }
    /// Affected organisations of an incident: `add`, `remove`.
    public static func incidentOrganisation(_ l: Language, number: String, _ action: String) -> String {
        "/\(l.rawValue)/console/incidents/\(URLText.encode(number))/organisations/\(action)"
    }

    // Feed ingestion.
    public static func feeds(_ l: Language) -> String { "/\(l.rawValue)/console/feeds" }
    public static func newFeed(_ l: Language) -> String { "/\(l.rawValue)/console/feeds/new" }
    /// A feed's settings (the edit form).
    public static func feed(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/feeds/\(URLText.encode(id))" }
    /// Actions on a feed: `update`, `delete`, `fetch`.
    public static func feedAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/feeds/\(URLText.encode(id))/\(action)"
    }
    /// The ingest runs; query: `feed`, `page`.
    public static func runs(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/console/runs" + URLText.query(query)
    }
    /// One run; `page` is the page of its quarantined rows.
    public static func run(_ l: Language, id: String, page: Int = 1) -> String {
        "/\(l.rawValue)/console/runs/\(URLText.encode(id))" + (page > 1 ? "?page=\(page)" : "")
    }
    /// Actions on a run: `replay`.
    public static func runAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/runs/\(URLText.encode(id))/\(action)"
    }
    /// The raw file a run read, as it was received.
    public static func runFile(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/runs/\(URLText.encode(id))/file" }
    /// A file uploaded for ingestion (POST, multipart).
    public static func ingestUpload(_ l: Language) -> String { "/\(l.rawValue)/console/ingest" }
    /// The events explorer; query as read by `EventFilter(query:)`.
    public static func events(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/console/events" + URLText.query(query)
    }
    public static func event(_ l: Language, id: Int64) -> String { "/\(l.rawValue)/console/events/\(id)" }
    /// Chosen events promoted into a new incident (POST).
    public static func promoteEvents(_ l: Language) -> String { "/\(l.rawValue)/console/events/promote" }

    // MARK: Advisories

    /// The public list of advisories; query as read by the controller (kind, severity, year).
    public static func advisories(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/advisories" + URLText.query(query)
    }
    /// One published advisory, by its tracking id.
    public static func advisory(_ l: Language, id: String) -> String { "/\(l.rawValue)/advisories/\(URLText.encode(id))" }
    /// The print view of an advisory.
    public static func advisoryPrint(_ l: Language, id: String) -> String {
        "/\(l.rawValue)/advisories/\(URLText.encode(id))/print"
    }
    /// The Atom feed of published advisories of one kind, or of every kind.
    public static func advisoryFeed(_ l: Language, kind: Advisory.Kind? = nil) -> String {
        "/\(l.rawValue)/feeds/\(kind?.rawValue ?? "all").atom"
    }
    /// The team's RFC 2350 description as clear-signed text.
    public static let rfc2350Text = "/rfc2350.txt"
    /// The team's public OpenPGP key.
    public static let teamKey = "/.well-known/team-key.asc"
    public static let csafProviderMetadata = "/.well-known/csaf/provider-metadata.json"
    /// The folder of a CSAF distribution (`white`, `green`, `amber`, `red`), ending in `/`.
    public static func csafDirectory(_ label: String) -> String { "/.well-known/csaf/\(label)/" }

    public static func consoleAdvisories(_ l: Language) -> String { "/\(l.rawValue)/console/advisories" }
    public static func newAdvisory(_ l: Language) -> String { "/\(l.rawValue)/console/advisories/new" }
    public static func consoleAdvisory(_ l: Language, id: String) -> String {
        "/\(l.rawValue)/console/advisories/\(URLText.encode(id))"
    }
    /// Actions on an advisory: `edit` (GET form, POST save), `publish` (POST).
    public static func advisoryAction(_ l: Language, id: String, _ action: String) -> String {
        "/\(l.rawValue)/console/advisories/\(URLText.encode(id))/\(action)"
    }

    /// The same page in another language: swaps the `/az/` or `/en/` prefix of `path`.
    public static func switchLanguage(_ path: String, to l: Language) -> String {
        for other in Language.allCases where path == "/\(other.rawValue)" || path.hasPrefix("/\(other.rawValue)/") {
            return "/\(l.rawValue)" + path.dropFirst(other.rawValue.count + 1)
        }
        return home(l)
    }
}

extension Paths {
    /// The public knowledge base; `q` searches.
    public static func articles(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/kb" + URLText.query(query)
    }
    /// One article (public, or any the reader may see).
    public static func article(_ l: Language, slug: String) -> String { "/\(l.rawValue)/kb/\(URLText.encode(slug))" }
    /// The console's knowledge base: every article, drafts included; `q`, `class` filter.
    public static func consoleArticles(_ l: Language, query: [(String, String)] = []) -> String {
        "/\(l.rawValue)/console/kb" + URLText.query(query)
    }
    public static func consoleArticle(_ l: Language, slug: String) -> String { "/\(l.rawValue)/console/kb/\(URLText.encode(slug))" }
    public static func newArticle(_ l: Language) -> String { "/\(l.rawValue)/console/kb/new" }
    /// The editor of an article (GET form, POST save).
    public static func editArticle(_ l: Language, id: String) -> String { "/\(l.rawValue)/console/kb/\(URLText.encode(id))/edit" }

    // Mail.
    public static func mail(_ l: Language, view: String? = nil) -> String {
        "/\(l.rawValue)/console/mail" + (view.map { "?view=\(URLText.encode($0))" } ?? "")
    }
    public static func mailMessage(_ l: Language, id: UUID) -> String { "/\(l.rawValue)/console/mail/\(id.uuidString.lowercased())" }
    public static func mailRaw(_ l: Language, id: UUID) -> String { mailMessage(l, id: id) + "/raw" }
    public static func mailReplay(_ l: Language, id: UUID) -> String { mailMessage(l, id: id) + "/replay" }
    public static func mailRelease(_ l: Language, id: UUID) -> String { mailMessage(l, id: id) + "/release" }
    public static func mailTemplates(_ l: Language) -> String { "/\(l.rawValue)/console/mail-templates" }
    public static func mailTemplate(_ l: Language, kind: MailKind, language: Language) -> String {
        "/\(l.rawValue)/console/mail-templates/\(kind.rawValue)/\(language.rawValue)"
    }
    public static func incidentMail(_ l: Language, number: String) -> String { incident(l, number: number) + "/mail" }
    public static func teamKey(_ l: Language) -> String { "/\(l.rawValue)/console/settings/team-key" }
}
