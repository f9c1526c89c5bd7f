import Foundation
import QalxanCore

/// A published advisory as a CSAF 2.0 document (OASIS CSAF 2.0, profiles 4.1 `csaf_base` and
/// 4.4 `csaf_security_advisory`), built so that it passes the schema and the mandatory tests
/// of section 6.1.
public struct CSAFDocument: Sendable, Equatable {
    /// Why an advisory cannot become a valid document: a message-catalog key and its values.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// `csaf.error.…`, in the message catalog of every language.
        public let key: String
        /// The catalog message's `{name}` placeholders.
        public let values: [String: String]

        public init(key: String, values: [String: String] = [:]) {
            self.key = key
            self.values = values
        }

        public var description: String {
            values.isEmpty ? key : key + " " + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }

    /// The profile (`document.category`).
    public enum Category: String, Sendable, CaseIterable {
        /// At least one product and at least one vulnerability (a CVE or a CVSS vector).
        case securityAdvisory = "csaf_security_advisory"
        /// Everything else: news, alerts without products, advisories without a vulnerability.
        case base = "csaf_base"
    }

    /// The TLP 1.0 labels that CSAF 2.0 knows (`document.distribution.tlp.label`).
    public enum TLPLabel: String, Sendable, CaseIterable {
        case white = "WHITE", green = "GREEN", amber = "AMBER", red = "RED"

        /// TLP 2.0 → TLP 1.0: CLEAR is WHITE; AMBER+STRICT has no TLP 1.0 label and becomes
        /// AMBER, the original label staying in `distribution.text`.
        public init(_ tlp: TLP) {
            switch tlp {
            case .clear: self = .white
            case .green: self = .green
            case .amber, .amberStrict: self = .amber
            case .red: self = .red
            }
        }

        /// The provider's folder for documents with this label (`white`, `amber` …), in
        /// `<baseURL>/.well-known/csaf/`; only `white` may be served without authentication
        /// (CSAF 2.0 sections 7.1.4 and 7.1.5).
        public var folder: String { rawValue.lowercased() }
    }

    /// The texts that the document adds to the advisory's own, from the message catalog
    /// (`csaf.label.…`) in the document's language.
    struct Labels {
        /// Titles of the summary, description and recommendations notes.
        var summary, description, recommendations: String
        /// Summary of the reference to the document itself.
        var selfReference: String
        /// `distribution.text`: the advisory's TLP 2.0 label.
        var tlp2: (TLP) -> String
        /// Details of the vendor fix when the advisory has no recommendations.
        var fixedVersions: ([String]) -> String
        /// Details of `none_available`: no fix and no recommendations.
        var noFix: String
        /// Revision summary when a revision's note is empty in every language.
        var revision: (Int) -> String

        init(_ language: Language) {
            let l = Localizer(language)
            summary = l.t("csaf.label.summary")
            description = l.t("csaf.label.description")
            recommendations = l.t("csaf.label.recommendations")
            selfReference = l.t("csaf.label.self_reference")
            tlp2 = { l.t("csaf.label.tlp2", ["label": $0.rawValue]) }
            fixedVersions = { l.t("csaf.label.fixed_versions", ["versions": $0.joined(separator: ", ")]) }
            noFix = l.t("csaf.label.no_fix")
            revision = { n in
                n == 1 ? l.t("csaf.label.initial_release") : l.t("csaf.label.revision", ["number": String(n)])
            }
        }
    }

    /// The document.
    public let content: CSAFJSON
    /// `document.tracking.id`.
    public let trackingID: String
    /// `document.category`.
    public let category: Category
    /// `document.distribution.tlp.label`; also the provider folder the document goes in.
    public let tlpLabel: TLPLabel
    /// `document.tracking.initial_release_date`; its year names the provider folder.
    public let initialRelease: Date
    /// `document.tracking.current_release_date`, as changes.csv lists it.
    public let currentRelease: Date

    /// The file name the provider serves it under (CSAF 2.0 section 5.1).
    public var fileName: String { CSAFProvider.fileName(trackingID: trackingID) }
    /// `<year>/<file name>`, relative to the TLP folder (sections 7.1.2 and 7.1.11).
    public var path: String { CSAFProvider.path(trackingID: trackingID, initialRelease: initialRelease) }

    /// The document as UTF-8 JSON with sorted keys: the same advisory gives the same bytes.
    public func data(pretty: Bool = true) -> Data { content.data(pretty: pretty) }

    /// What `tracking.generator.engine.version` says by default.
    public static let engineVersion = "1.0.0"

    /// Builds the document of `advisory` in `language`; texts missing in that language are
    /// taken from the other one.
    /// - Parameters:
    ///   - generated: when the document is made (`tracking.generator.date`).
    ///   - engineVersion: Qalxan's version (`tracking.generator.engine.version`).
    public static func make(_ advisory: Advisory, publisher: CSAFPublisher, language: Language, generated: Date,
                            engineVersion: String = engineVersion) throws(Failure) -> CSAFDocument {
        try CSAFDocumentBuilder(advisory: advisory, publisher: publisher, language: language, labels: Labels(language))
            .build(generated: generated, engineVersion: engineVersion)
    }

    /// `make(…)` written out as JSON: pretty (the form the provider serves) or compact.
    public static func json(_ advisory: Advisory, publisher: CSAFPublisher, language: Language, generated: Date,
                            engineVersion: String = engineVersion, pretty: Bool = true) throws(Failure) -> Data {
        try make(advisory, publisher: publisher, language: language, generated: generated,
                 engineVersion: engineVersion).data(pretty: pretty)
    }

    init(content: CSAFJSON, trackingID: String, category: Category, tlpLabel: TLPLabel, initialRelease: Date,
         currentRelease: Date) {
        self.content = content
        self.trackingID = trackingID
        self.category = category
        self.tlpLabel = tlpLabel
        self.initialRelease = initialRelease
        self.currentRelease = currentRelease
    }
}

/// Dates as CSAF writes them: RFC 3339 in UTC, whole seconds (`2026-03-01T10:00:00Z`).
enum CSAFDate {
    static let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func string(_ date: Date) -> String { date.formatted(style) }
    static func year(_ date: Date) -> Int { utcCalendar.component(.year, from: date) }
}
