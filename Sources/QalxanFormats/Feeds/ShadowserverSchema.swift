import Foundation

/// Shadowserver's published report schema (the `intelmq.json` they serve for IntelMQ):
/// per report type its file name, feed name, constant classification and the required
/// and optional `[intelmq_field, csv_column, conversion?, with_row?]` mappings.
public struct ShadowserverSchema: Sendable {
    /// Why a schema or a report could not be used.
    public enum SchemaError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The document is not a JSON object of reports.
        case notAnObject
        /// A report entry lacks `name` or has a malformed mapping.
        case malformedReport(String, String)
        /// A mapping names a conversion this parser does not know.
        case unknownConversion(report: String, conversion: String)
        /// No report type matches the file name or name given.
        case unknownReport(file: String, type: String)

        /// A message naming what is wrong.
        public var description: String {
            switch self {
            case .notAnObject: return "the Shadowserver schema is not a JSON object of reports"
            case .malformedReport(let r, let why): return "Shadowserver schema report \(r): \(why)"
            case .unknownConversion(let r, let c): return "Shadowserver schema report \(r) uses unknown conversion \(c)"
            case .unknownReport(let f, let t): return "\(f): unknown Shadowserver report type \"\(t)\""
            }
        }
    }

    /// The conversions Shadowserver's schema names, as IntelMQ's
    /// `intelmq/bots/parsers/shadowserver/_config.py` defines them.
    public enum Conversion: String, Sendable, CaseIterable {
        case addUTCToTimestamp = "add_UTC_to_timestamp"
        case convertDateUTC = "convert_date_utc"
        case convertDate = "convert_date"
        case validateIP = "validate_ip"
        case validateNetwork = "validate_network"
        case validateFQDN = "validate_fqdn"
        case convertInt = "convert_int"
        case convertFloat = "convert_float"
        case convertBool = "convert_bool"
        case invalidateZero = "invalidate_zero"
        case validateToNone = "validate_to_none"
        case forceBase64 = "force_base64"
        case extractCVEFromTag = "extract_cve_from_tag"
        case categoryOrDetail = "category_or_detail"
        case convertHTTPHostAndURL = "convert_http_host_and_url"
        case scanExchangeTaxonomy = "scan_exchange_taxonomy"
        case scanExchangeIdentifier = "scan_exchange_identifier"
        case scanExchangeType = "scan_exchange_type"
    }

    /// One `[field, column, conversion?]` entry; `extra.` is already expanded to
    /// `extra.<column>`.
    public struct Mapping: Sendable, Equatable {
        /// The IntelMQ field written.
        public let field: String
        /// The CSV column read.
        public let column: String
        /// The conversion applied, if any.
        public let conversion: Conversion?
    }

    /// One report type.
    public struct Report: Sendable, Equatable {
        /// The key in the schema (`scan_http`).
        public let name: String
        /// The name Shadowserver puts in file names (`scan_http`, `event4_sinkhole`).
        public let fileName: String
        /// The feed name (`Vulnerable-HTTP`), written to `feed.name`.
        public let feedName: String
        /// Fields set on every event, sorted by field name.
        public let constants: [(field: String, value: String)]
        /// Mappings whose column must be present and valid.
        public let required: [Mapping]
        /// Mappings used when present.
        public let optional: [Mapping]

        /// Compares by content.
        public static func == (a: Report, b: Report) -> Bool {
            a.name == b.name && a.fileName == b.fileName && a.feedName == b.feedName && a.required == b.required
                && a.optional == b.optional && a.constants.map(\.field) == b.constants.map(\.field)
                && a.constants.map(\.value) == b.constants.map(\.value)
        }
    }

    /// Every report, sorted by name.
    public let reports: [Report]
    let byName: [String: Report]
    let byFileName: [String: Report]

    /// Reads a schema document; `_meta` and other `_` keys are not reports.
    public static func load(_ data: [UInt8]) throws -> ShadowserverSchema {
        guard let root = try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
            throw SchemaError.notAnObject
        }
        var reports: [Report] = []
        for (name, value) in root where !name.hasPrefix("_") {
            guard let object = value as? [String: Any] else { throw SchemaError.malformedReport(name, "not an object") }
            let fileName = object["file_name"] as? String ?? name
            let feedName = object["feed_name"] as? String ?? name
            let constants = ((object["constant_fields"] as? [String: Any]) ?? [:])
                .compactMap { k, v in (v as? String).map { (field: k, value: $0) } }
                .sorted { $0.field < $1.field }
            reports.append(Report(name: name, fileName: fileName, feedName: feedName, constants: constants,
                                  required: try mappings(object["required_fields"], report: name),
                                  optional: try mappings(object["optional_fields"], report: name)))
        }
        reports.sort { $0.name < $1.name }
        return ShadowserverSchema(reports: reports)
    }

    /// A schema of the given reports.
    public init(reports: [Report]) {
        self.reports = reports
        var byName: [String: Report] = [:], byFileName: [String: Report] = [:]
        for r in reports {
            byName[r.name] = r
            byFileName[r.fileName] = byFileName[r.fileName] ?? r
        }
        for r in reports where byName[r.feedName] == nil { byName[r.feedName] = r }
        self.byName = byName
        self.byFileName = byFileName
    }

    static func mappings(_ value: Any?, report: String) throws -> [Mapping] {
        guard let list = value as? [Any] else { return [] }
        return try list.map { entry in
            guard let parts = entry as? [Any], parts.count >= 2, let column = parts[1] as? String else {
                throw SchemaError.malformedReport(report, "mapping \(entry) is not [field, column, …]")
            }
            // IntelMQ allows `false` as the field to ignore a column.
            let rawField = parts[0] as? String ?? ""
            let field = rawField == "extra." ? "extra." + column : rawField
            var conversion: Conversion?
            if parts.count >= 3, let name = parts[2] as? String {
                guard let c = Conversion(rawValue: name) else {
                    throw SchemaError.unknownConversion(report: report, conversion: name)
                }
                conversion = c
            }
            return Mapping(field: field, column: column, conversion: conversion)
        }
    }

    /// The report with this schema key (`scan_http`), file name or feed name.
    public func report(named name: String) -> Report? {
        byName[name] ?? byFileName[name]
    }

    /// The report for a Shadowserver file name such as
    /// `2026-11-22-scan_http-azerbaijan-geo.csv` or
    /// `2026-11-22-scan6_msrpc-asn-standard_10.csv`: the longest report file name that
    /// equals a run of `-`-separated segments after the date.
    public func detect(fileName: String) -> Report? {
        var base = Substring(fileName)
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        for suffix in [".gz", ".csv", ".txt"] where base.lowercased().hasSuffix(suffix) { base = base.dropLast(suffix.count) }
        var segments = base.split(separator: "-", omittingEmptySubsequences: false)
        // Date prefix `YYYY-MM-DD-`.
        if segments.count > 3, segments[0].count == 4, segments[0].allSatisfy(\.isNumber),
           segments[1].allSatisfy(\.isNumber), segments[2].allSatisfy(\.isNumber) {
            segments.removeFirst(3)
        }
        var best: Report?
        for start in segments.indices {
            var candidate = ""
            for end in start..<segments.count {
                candidate += (end == start ? "" : "-") + segments[end]
                if let r = byFileName[candidate], r.fileName.count > (best?.fileName.count ?? 0) { best = r }
            }
        }
        return best
    }

    /// `detect(fileName:)`, throwing an error that names the file and the type it read.
    public func detectOrThrow(fileName: String) throws -> Report {
        if let r = detect(fileName: fileName) { return r }
        var base = Substring(fileName)
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        let parts = base.split(separator: "-")
        let type = parts.count > 3 ? String(parts[3]) : String(base)
        throw SchemaError.unknownReport(file: fileName, type: type)
    }

    /// `report(named:)`, throwing an error naming the type when there is none.
    public func reportOrThrow(named name: String, file: String = "-") throws -> Report {
        guard let r = report(named: name) else { throw SchemaError.unknownReport(file: file, type: name) }
        return r
    }
}
