import Foundation
import QalxanCore

/// The team as a CSAF document names its issuer (`document.publisher`), and the site whose
/// `/.well-known/csaf/` serves the team's CSAF provider directory.
public struct CSAFPublisher: Sendable, Equatable {
    /// CSAF 2.0 publisher categories. `translator` is left out: a translator's documents need
    /// `source_lang` (test 6.1.15), which Qalxan does not produce.
    public enum Category: String, Sendable, CaseIterable {
        case coordinator, discoverer, other, user, vendor
    }

    /// `CERT.AZ`.
    public var name: String
    /// A URL under the team's control that identifies it (`https://cert.example.az`); https
    /// in production (a document whose URLs are http passes the mandatory tests but fails
    /// the recommended 6.2.11).
    public var namespace: String
    /// A national or sector CERT is a `coordinator`.
    public var category: Category
    /// How to reach the team (e-mail, telephone, web form); may be empty.
    public var contactDetails: String
    /// The team's mandate and constituency, or nil.
    public var issuingAuthority: String?
    /// The public site (`https://cert.example.az`): the provider is
    /// `<baseURL>/.well-known/csaf/`, with a folder a TLP label (`white/`, `amber/` …).
    public var baseURL: String

    public init(name: String, namespace: String, category: Category = .coordinator, contactDetails: String = "",
                issuingAuthority: String? = nil, baseURL: String) {
        self.name = name
        self.namespace = namespace
        self.category = category
        self.contactDetails = contactDetails
        self.issuingAuthority = issuingAuthority
        self.baseURL = baseURL
    }

    /// `document.publisher` (also `publisher` in provider-metadata.json).
    var json: CSAFJSON {
        var members: [String: CSAFJSON] = [
            "category": .string(category.rawValue),
            "name": .string(name.trimmingCharacters(in: .whitespacesAndNewlines)),
            "namespace": .string(namespace),
        ]
        let contact = contactDetails.trimmingCharacters(in: .whitespacesAndNewlines)
        if !contact.isEmpty { members["contact_details"] = .string(contact) }
        let authority = (issuingAuthority ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !authority.isEmpty { members["issuing_authority"] = .string(authority) }
        return .object(members)
    }

    /// Throws when the settings cannot make a valid document or provider-metadata.json.
    func validate() throws(CSAFDocument.Failure) {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CSAFDocument.Failure(key: "csaf.error.publisher_name")
        }
        if !CSAFURL.isWebURL(namespace) {
            throw CSAFDocument.Failure(key: "csaf.error.publisher_namespace", values: ["url": namespace])
        }
        if !CSAFURL.isWebURL(baseURL) {
            throw CSAFDocument.Failure(key: "csaf.error.base_url", values: ["url": baseURL])
        }
    }

    /// `<baseURL>/.well-known/csaf/` (CSAF 2.0 section 7.1.9).
    var providerURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/.well-known/csaf/"
    }
}

/// Checks on the URLs that go into a document: the schema's `format: uri` (RFC 3986), as the
/// validator asserts it. `URL(string:)` cannot be the judge: it percent-encodes what it
/// does not like, silently.
enum CSAFURL {
    /// Whether `text` is an absolute http or https URL with a host, written as RFC 3986 allows
    /// (plain ASCII, no spaces, `%` only before two hex digits).
    static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let schemeLength = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        guard schemeLength > 0 else { return false }
        let rest = Array(text.unicodeScalars.dropFirst(schemeLength))
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard validAuthority(rest[..<authorityEnd]) else { return false }

        // path-abempty, then "?" query, then "#" fragment: pchar, and "/" "?" after the path.
        var i = authorityEnd
        var inFragment = false
        while i < rest.endIndex {
            let c = rest[i]
            if c == "%" {
                guard i + 2 < rest.endIndex, isHex(rest[i + 1]), isHex(rest[i + 2]) else { return false }
                i += 3
                continue
            }
            if c == "#" {
                guard !inFragment else { return false }
                inFragment = true
            } else if !(isPchar(c) || c == "/" || c == "?") {
                return false
            }
            i += 1
        }
        return true
    }

    private static func validAuthority(_ authority: ArraySlice<Unicode.Scalar>) -> Bool {
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            guard validChars(authority[..<at], extra: ":") else { return false }
            hostPort = authority[(at + 1)...]
        }
        let host: ArraySlice<Unicode.Scalar>
        var port: ArraySlice<Unicode.Scalar> = []
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]"), close > hostPort.startIndex + 1 else { return false }
            guard hostPort[(hostPort.startIndex + 1)..<close].allSatisfy({ isHex($0) || $0 == ":" || $0 == "." }) else {
                return false
            }
            let after = hostPort[(close + 1)...]
            if let colon = after.first {
                guard colon == ":" else { return false }
                port = after.dropFirst()
            }
            host = hostPort[...close]
        } else {
            if let colon = hostPort.lastIndex(of: ":") {
                host = hostPort[..<colon]
                port = hostPort[(colon + 1)...]
            } else {
                host = hostPort
            }
            guard !host.isEmpty, validChars(host, extra: "") else { return false }
        }
        return port.allSatisfy { ("0"..."9").contains($0) }
    }

    /// Unreserved, sub-delims, `extra` and percent-encodings.
    private static func validChars(_ part: ArraySlice<Unicode.Scalar>, extra: String) -> Bool {
        var i = part.startIndex
        while i < part.endIndex {
            let c = part[i]
            if c == "%" {
                guard i + 2 < part.endIndex, isHex(part[i + 1]), isHex(part[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(c) else { return false }
            i += 1
        }
        return true
    }

    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    private static func isUnreserved(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "-._~".unicodeScalars.contains(c)
    }

    private static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

    private static func isPchar(_ c: Unicode.Scalar) -> Bool { isUnreserved(c) || isSubDelim(c) || c == ":" || c == "@" }
}
