import Foundation
import Testing
import QalxanFormats

/// Finds the shared Shadowserver schema: walks up from this file to a directory that has
/// `shared/data` or `../shared/data`.
enum ShadowserverFixture {
    static func schemaPath() throws -> String {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            for candidate in ["shared/data", "../shared/data"] {
                let path = dir.appendingPathComponent(candidate).appendingPathComponent("shadowserver/intelmq.json").standardized.path
                if fm.fileExists(atPath: path) { return path }
            }
            dir = dir.deletingLastPathComponent()
        }
        throw FixtureError.notFound(#filePath)
    }

    enum FixtureError: Error, CustomStringConvertible {
        case notFound(String)
        var description: String {
            "Shadowserver schema not found: no shared/data/shadowserver/intelmq.json or ../shared/data/… above \(path)"
        }
        var path: String { if case .notFound(let p) = self { return p }; return "" }
    }

    static let schema: Result<ShadowserverSchema, any Error> = Result {
        let path = try schemaPath()
        guard let data = FileManager.default.contents(atPath: path) else { throw FixtureError.notFound(path) }
        return try ShadowserverSchema.load(Array(data))
    }

    static func load() throws -> ShadowserverSchema { try schema.get() }

    /// 2026-11-23 00:00 UTC, the "now" of the tests.
    static let now = Date(timeIntervalSince1970: 1_795_392_000)

    /// A plausible value for a column, chosen by the mapping that reads it.
    static func sample(_ m: ShadowserverSchema.Mapping, report: ShadowserverSchema.Report) -> String {
        if m.column == "tag" {
            let exchange = report.optional.contains { [.scanExchangeType, .scanExchangeTaxonomy, .scanExchangeIdentifier].contains($0.conversion) }
            return exchange ? "exchange;webshell" : "cve-2021-26855;open-port"
        }
        if m.field.hasSuffix(".port") { return "8080" }
        switch m.conversion {
        case .addUTCToTimestamp: return "2026-11-22 10:15:00"
        case .convertDate, .convertDateUTC: return "2026-11-22 09:00:00"
        case .validateIP: return "192.0.2.10"
        case .validateNetwork: return "192.0.2.0/24"
        case .validateFQDN: return "www.example.az"
        case .convertInt: return "42"
        case .invalidateZero: return "64500"
        case .convertFloat: return "1.5"
        case .convertBool: return "Y"
        case .forceBase64: return "GET / HTTP/1.1"
        case .categoryOrDetail: return "phishing"
        case .convertHTTPHostAndURL: return "GET /login.php HTTP/1.1"
        default: break
        }
        if m.field.hasSuffix(".ip") { return "198.51.100.7" }
        if m.column == "http_host" || m.column == "cc_dns" { return "www.example.az" }
        return "sample"
    }

    /// Header and one row for a report: every column it maps, required ones first.
    static func csv(for report: ShadowserverSchema.Report) -> (columns: [String], text: String) {
        var columns: [String] = [], values: [String] = []
        for m in report.required + report.optional where !columns.contains(m.column) {
            columns.append(m.column)
            values.append(sample(m, report: report))
        }
        let w = CSVWriter(guardFormulas: false, lineEnding: "\n")
        return (columns, w.record(columns) + w.record(values))
    }

    /// A scan_http-like file of `rows` rows with varying addresses, ports and ASNs.
    static func scanHTTP(report: ShadowserverSchema.Report, rows: Int) -> [UInt8] {
        var columns: [String] = []
        for m in report.required + report.optional where !columns.contains(m.column) { columns.append(m.column) }
        var out = columns.joined(separator: ",") + "\n"
        out.reserveCapacity(rows * 200)
        for i in 0..<rows {
            var values: [String] = []
            values.reserveCapacity(columns.count)
            for c in columns {
                switch c {
                case "timestamp": values.append("2026-11-22 \(10 + i % 10):\(10 + i % 50):\(10 + i % 40)")
                case "ip": values.append("10.\(i >> 16 & 255).\(i >> 8 & 255).\(i & 255)")
                case "port": values.append(String(80 + i % 9000))
                case "asn": values.append(String(64500 + i % 1000))
                case "hostname": values.append("host\(i % 5000).example.az")
                case "geo": values.append("AZ")
                case "tag": values.append(i % 7 == 0 ? "cve-2021-41773;http" : "http")
                case "http_code": values.append("200")
                default: values.append("")
                }
            }
            out += values.joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }
}
