import Foundation

/// An X-ARF (XARF, by Abusix) JSON abuse report carried in a mail.
///
/// Two JSON layouts are understood: the PascalCase schema with `Version`,
/// `ReporterInfo` and a `Report` object (`ReportClass`, `ReportType`,
/// `SourceIp`, ...), and the newer snake_case v4 schema (`xarf_version`
/// "4.x", `category`, `type`, `source_identifier`, `reporter`, ...).
public struct XARFReport: Sendable {
    /// The schema version as written (`Version` or `xarf_version`).
    public let version: String
    /// ReportClass (PascalCase schema) or `category` (v4), e.g. `Activity`.
    public let reportClass: String
    /// ReportType (PascalCase schema) or `type` (v4), e.g. `LoginAttack`.
    public let reportType: String
    /// SourceIp / `source_identifier`.
    public let sourceIP: String?
    /// SourcePort / `source_port`.
    public let sourcePort: Int?
    /// DestinationIp / `destination_ip`.
    public let destinationIP: String?
    /// Report Date / `timestamp`.
    public let date: Date?
    /// ReporterOrg / `reporter.org`.
    public let reporterOrg: String?
    /// ReporterOrgEmail / `reporter.contact`.
    public let reporterOrgMail: String?
    /// ReporterContactEmail / `reporter.contact`.
    public let reporterContactMail: String?
    /// The whole JSON object flattened to `path: value` strings (`Report.SourceIp`,
    /// `Report.Samples[0].Payload`, ...) for safekeeping.
    public let raw: [String: String]

    /// Reads an X-ARF report; nil unless the message has an `X-XARF` header or
    /// a Feedback-Type of `xarf`, or a JSON part (`application/json`, or any
    /// part named `*.json`) whose top level is an X-ARF object.
    public static func parse(_ m: MailMessage) -> XARFReport? {
        let flagged = m.headers["X-XARF"] != nil
        for part in m.root.allParts where part.children.isEmpty {
            let isJSON = part.contentType.mimeType == "application/json"
                || (part.fileName?.lowercased().hasSuffix(".json") ?? false)
            let looksJSON = flagged && part.contentType.type == "text" && part.body.first(where: { !MailBytes.isWhitespace($0) }) == 0x7B
            guard isJSON || looksJSON else { continue }
            if let json = MailJSON.parse(part.body), let report = XARFReport(json: json) { return report }
        }
        return nil
    }

    /// Builds a report from a decoded JSON object; nil when it is not X-ARF.
    init?(json: MailJSON) {
        var flat: [String: String] = [:]
        json.flattened(into: &flat)
        if let report = json["Report"], case .object = report {
            let info = json["ReporterInfo"]
            guard let cls = report["ReportClass"]?.scalarString ?? report["ReportType"].map({ _ in "" }),
                  let type = report["ReportType"]?.scalarString ?? report["ReportClass"].map({ _ in "" }) else { return nil }
            version = json["Version"]?.scalarString ?? ""
            reportClass = cls
            reportType = type
            sourceIP = report["SourceIp"]?.scalarString ?? report["Source"]?["IP"]?.scalarString
            sourcePort = report["SourcePort"]?.scalarString.flatMap { Int($0) }
            destinationIP = report["DestinationIp"]?.scalarString
            date = report["Date"]?.scalarString.flatMap(XARFReport.parseDate)
            reporterOrg = info?["ReporterOrg"]?.scalarString
            reporterOrgMail = info?["ReporterOrgEmail"]?.scalarString
            reporterContactMail = info?["ReporterContactEmail"]?.scalarString
        } else if let v = json["xarf_version"]?.scalarString, v.hasPrefix("4") {
            guard let type = json["type"]?.scalarString else { return nil }
            version = v
            reportClass = json["category"]?.scalarString ?? ""
            reportType = type
            sourceIP = json["source_identifier"]?.scalarString
            sourcePort = json["source_port"]?.scalarString.flatMap { Int($0) }
            destinationIP = json["destination_ip"]?.scalarString
            date = json["timestamp"]?.scalarString.flatMap(XARFReport.parseDate)
            reporterOrg = json["reporter"]?["org"]?.scalarString
            reporterOrgMail = json["reporter"]?["contact"]?.scalarString
            reporterContactMail = json["sender"]?["contact"]?.scalarString ?? reporterOrgMail
        } else {
            return nil
        }
        raw = flat
    }

    private static func parseDate(_ s: String) -> Date? {
        MailDate.parseISO8601(s) ?? MailDate.parse(s)
    }

    /// The RSIT (Reference Security Incident Taxonomy) classification and type
    /// ids for this report's type; `other/other` when there is no mapping.
    public var rsit: (classification: String, type: String) {
        XARFReport.rsit(forReportType: reportType, reportClass: reportClass)
    }

    /// Maps an X-ARF report type (and class, for v4 categories) to RSIT ids.
    public static func rsit(forReportType type: String, reportClass: String = "") -> (classification: String, type: String) {
        let key = normalizedKey(type)
        for entry in rsitTable where entry.keys.contains(where: { key == $0 || (($0.hasSuffix("*")) && key.hasPrefix($0.dropLast())) }) {
            return (entry.classification, entry.type)
        }
        if normalizedKey(reportClass) == "vulnerability" { return ("vulnerable", "vulnerable-system") }
        return ("other", "other")
    }

    /// Lower-cased letters and digits only: `Login_Attack` becomes `loginattack`.
    static func normalizedKey(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    }

    /// The report-type to RSIT table; a trailing `*` matches a prefix.
    static let rsitTable: [(keys: [String], classification: String, type: String)] = [
        (["spam"], "abusive-content", "spam"),
        (["harassment"], "abusive-content", "harmful-speech"),
        (["childabuse", "csam", "csem"], "abusive-content", "violence"),
        (["loginattack", "bruteforce"], "intrusion-attempts", "brute-force"),
        (["exploit"], "intrusion-attempts", "exploit"),
        (["portscan", "scan", "scanner", "webcrawler"], "information-gathering", "scanner"),
        (["ddos"], "availability", "ddos"),
        (["dos"], "availability", "dos"),
        (["phishing"], "fraud", "phishing"),
        (["copyright"], "fraud", "copyright"),
        (["malware", "botnet", "bot", "infected"], "malicious-code", "infected-system"),
        (["c2", "cnc", "commandandcontrol"], "malicious-code", "c2-server"),
        (["vulnerable*", "openservice", "opendns", "openresolver", "cve"], "vulnerable", "vulnerable-system"),
    ]

    /// Every RSIT pair the mapping can return, including the fallback.
    public static var rsitPairs: [(classification: String, type: String)] {
        rsitTable.map { ($0.classification, $0.type) } + [("vulnerable", "vulnerable-system"), ("other", "other")]
    }
}
