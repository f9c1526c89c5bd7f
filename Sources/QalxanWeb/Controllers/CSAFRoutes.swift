import Crypto
import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanViews
import Vapor

/// The CSAF 2.0 provider (CSAF 2.0 §7.1): `provider-metadata.json`, and one
/// directory-based distribution per TLP label (`white/`, `green/`, `amber/`, `red/`),
/// each with `index.txt`, `changes.csv` and `<year>/<id>.json` with `.sha256`,
/// `.sha512` and `.asc` beside it. `white/` is public; the others answer only to an API
/// token with the `advisories:read` scope (TLP:RED also needs a role that sees it).
struct CSAFRoutes {
    /// CSAF 2.0 knows TLP 1.0 labels: TLP:CLEAR is WHITE, AMBER+STRICT is AMBER.
    static func folder(_ tlp: TLP) -> String { CSAFDocument.TLPLabel(tlp).folder }

    static let folders = CSAFDocument.TLPLabel.allCases.map(\.folder)

    /// Path of an advisory's CSAF document.
    static func documentPath(_ a: Advisory, year: Int) -> String {
        Paths.csafDirectory(folder(a.tlp)) + "\(year)/" + CSAFProvider.fileName(trackingID: a.trackingID)
    }

    func register(_ app: Application) {
        let csaf = app.grouped(".well-known", "csaf")
        csaf.get("provider-metadata.json", use: providerMetadata)
        csaf.get("white", ":first") { req in try await listing(req, folder: "white") }
        csaf.get("white", ":first", ":file") { req in try await document(req, folder: "white") }
        let restricted = csaf.grouped(APIAuthMiddleware())
        for folder in Self.folders.dropFirst() {
            restricted.get(.constant(folder), ":first") { req in try await listing(req, folder: folder) }
            restricted.get(.constant(folder), ":first", ":file") { req in try await document(req, folder: folder) }
        }
    }

    /// What the request may read: TLP:CLEAR for everyone; more with a token's scope.
    func ceiling(_ req: Request, folder: String) throws -> TLP {
        guard folder != "white" else { return .clear }
        try req.requireScope(.advisoriesRead)
        let ceiling = AdvisoryQuery.ceiling(for: req.actor)
        if folder == "red" && ceiling < .red { throw PageError(status: .forbidden) }
        return ceiling
    }

    func documents(_ req: Request, folder: String) async throws -> [PublishedAdvisory] {
        let ceiling = try ceiling(req, folder: folder)
        return try await req.qalxan.advisoryQuery.published(ceiling: ceiling, on: req.db)
            .filter { Self.folder($0.advisory.tlp) == folder && $0.csaf != nil }
    }

    func providerMetadata(_ req: Request) async throws -> Response {
        let base = AdvisoryController.baseURL(req)
        let publisher = try await AdvisoryController.publisher(req)
        let latest = try await req.qalxan.advisoryQuery.published(ceiling: .clear, on: req.db).first?.publishedAt
        var keys: [CSAFProvider.PublicKey] = []
        if let fpr = await TeamKeyCache.shared.state(req.qalxan.gnupg).fingerprint {
            keys.append(CSAFProvider.PublicKey(fingerprint: fpr, url: base + Paths.teamKey))
        }
        let data = try CSAFProvider.providerMetadata(publisher: publisher, lastUpdated: latest ?? Date(timeIntervalSince1970: 0),
                                                     publicKeys: keys)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func listing(_ req: Request, folder: String) async throws -> Response {
        let docs = try await documents(req, folder: folder)
        let entries = docs.map { CSAFProvider.Entry(year: $0.year, fileName: $0.csafFileName, currentRelease: $0.publishedAt) }
        // `:first` is the file name here, the year folder below (the router wants one name).
        switch req.parameters.get("first") {
        case "index.txt": return SiteController.text(CSAFProvider.indexTxt(entries), shared: folder == "white")
        case "changes.csv": return SiteController.text(CSAFProvider.changesCSV(entries), type: "text/csv", shared: folder == "white")
        default: throw PageError(status: .notFound)
        }
    }

    func document(_ req: Request, folder: String) async throws -> Response {
        guard let year = req.parameters.get("first").flatMap({ Int($0) }), let file = req.parameters.get("file") else {
            throw PageError(status: .notFound)
        }
        var name = file
        var variant = ""
        for suffix in [".sha256", ".sha512", ".asc"] where file.hasSuffix(suffix) {
            name = String(file.dropLast(suffix.count))
            variant = suffix
        }
        guard name.hasSuffix(".json"),
              let doc = try await documents(req, folder: folder).first(where: { $0.year == year && $0.csafFileName == name }),
              let csaf = doc.csaf
        else { throw PageError(status: .notFound) }
        let bytes = Data(csaf.utf8)
        switch variant {
        case ".sha256":
            return SiteController.text(CSAFProvider.hashLine(hex: SHA256.hash(data: bytes).hex, fileName: name), shared: folder == "white")
        case ".sha512":
            return SiteController.text(CSAFProvider.hashLine(hex: SHA512.hash(data: bytes).hex, fileName: name), shared: folder == "white")
        case ".asc":
            guard let signature = doc.csafSignature else { throw PageError(status: .notFound) }
            return SiteController.text(signature, type: "application/pgp-signature", shared: folder == "white")
        default:
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: .cacheControl, value: folder == "white" ? "max-age=300" : "private, no-store")
            return Response(status: .ok, headers: headers, body: .init(data: bytes))
        }
    }
}

extension Digest {
    /// Lower-case hex.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
