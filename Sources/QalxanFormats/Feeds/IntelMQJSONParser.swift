import Foundation
import QalxanCore

/// Reads events as IntelMQ's file output writes them: one JSON object a line, either
/// flat (`{"source.ip": "192.0.2.1", "extra.tag": "x"}`) or hierarchical
/// (`{"source": {"ip": "192.0.2.1"}}`, `hierarchical_output: true`), so a team running
/// IntelMQ can send its events straight in.
///
/// Keys are joined with dots. Under `extra` the first level names the field
/// (`extra.<key>`) and anything deeper is kept as compact JSON text; `extra` written as
/// a JSON string holding an object (as some IntelMQ outputs do) is read the same way.
/// Numbers become decimal text, booleans `true`/`false`; `null` leaves the field out;
/// IntelMQ's `__type` marker is ignored. Every other key must be a harmonisation field
/// (`FeedFields.known`): an unknown key makes the line a problem naming it, as a value
/// that does not fit its field does. Events with a classification go through
/// `FeedClassifier`. Blank lines are skipped.
public struct IntelMQJSONParser: FeedParser {
    /// Every problem key this parser produces, for the message catalog.
    public static let problemKeys = [
        "ingest.invalid_utf8", "ingest.invalid_json", "ingest.unknown_field", "ingest.missing_field",
        "ingest.invalid_ip", "ingest.invalid_port", "ingest.invalid_number", "ingest.invalid_network",
        "ingest.invalid_domain", "ingest.invalid_url", "ingest.invalid_value", "ingest.invalid_time",
        "ingest.future_time", "ingest.unknown_type", "ingest.empty_file",
    ]

    /// `time.source` later than this is refused.
    public let latestAllowed: Double
    var sawContent = false

    /// A parser; times more than a day after `now` are problems.
    public init(now: Date = Date()) {
        latestAllowed = now.timeIntervalSince1970 + 86_400
    }

    /// One event a line.
    public var framing: FeedFraming { .lines }

    /// Parses one piece, calling `body` once per non-blank line, in order.
    public mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void) {
        var line = firstLine
        var start = 0
        piece.withUnsafeBufferPointer { p in
            while start < p.count {
                var end = start
                while end < p.count, p[end] != 0x0A { end += 1 }
                var s = start, e = end
                start = end + 1
                defer { line += 1 }
                if line == 1, e - s >= 3, p[s] == 0xEF, p[s + 1] == 0xBB, p[s + 2] == 0xBF { s += 3 }
                while s < e, p[s] == 0x20 || p[s] == 0x09 { s += 1 }
                while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
                guard e > s else { continue }
                sawContent = true
                let text = UnsafeBufferPointer(rebasing: p[s..<e])
                let current = line
                func problem(_ failure: FeedRowFailure) {
                    body(.problem(FeedProblem(line: current, key: failure.key, detail: failure.detail,
                                              raw: String(decoding: text, as: UTF8.self))))
                }
                // JSON strings decode without checking UTF-8, so the line is checked first.
                guard CSVReader.isASCII(text) || String(validating: text, as: UTF8.self) != nil else {
                    problem(FeedRowFailure("ingest.invalid_utf8", "the line is not valid UTF-8")); continue
                }
                switch event(text) {
                case .success(let e): body(.event(e, line: current))
                case .failure(let f): problem(f)
                }
            }
        }
    }

    /// Reports a file with no lines at all.
    public mutating func finish(_ body: (FeedOutcome) -> Void) {
        if !sawContent {
            body(.problem(FeedProblem(line: 1, key: "ingest.empty_file", detail: "the file has no events", raw: "")))
        }
    }

    func event(_ text: UnsafeBufferPointer<UInt8>) -> Result<FeedEvent, FeedRowFailure> {
        let root: FeedJSON
        do { root = try FeedJSON.parse(text) } catch {
            return .failure(FeedRowFailure("ingest.invalid_json", "not JSON: \(error.reason) at byte \(error.offset + 1)"))
        }
        guard case .object(let members) = root else {
            return .failure(FeedRowFailure("ingest.invalid_json", "the line is not a JSON object"))
        }
        var raw: [(String, String)] = []
        raw.reserveCapacity(members.count + 8)
        if let failure = flatten(members, prefix: "", into: &raw) { return .failure(failure) }
        guard !raw.isEmpty else { return .failure(FeedRowFailure("ingest.missing_field", "the object has no fields")) }
        var fields: [String: String] = [:]
        fields.reserveCapacity(raw.count)
        for (key, value) in raw {
            switch normalise(key: key, value: value) {
            case .value(let v): fields[key] = v
            case .none: continue
            case .invalid(let k, let detail): return .failure(FeedRowFailure(k, detail))
            }
        }
        var event = FeedEvent(fields: fields)
        if fields["classification.type"] != nil || fields["classification.taxonomy"] != nil {
            do { try FeedClassifier.classify(&event) } catch {
                return .failure(FeedRowFailure(error.key, error.detail))
            }
        }
        return .success(event)
    }

    func normalise(key: String, value: String) -> FeedFields.Value {
        let kind = FeedFields.kind(of: key)
        guard kind == .time, key == "time.source" else { return FeedFields.normalise(value, kind: kind, label: key) }
        return FeedFields.sourceTime(value, label: key, latestAllowed: latestAllowed)
    }

    /// Adds the members as dotted keys with text values; the failure for an unknown key.
    func flatten(_ members: [(String, FeedJSON)], prefix: String, into out: inout [(String, String)]) -> FeedRowFailure? {
        for (name, value) in members {
            if prefix.isEmpty && name == "__type" { continue }
            let key = prefix.isEmpty ? name : prefix + "." + name
            if key == "extra" {
                switch value {
                case .object(let inner):
                    for (k, v) in inner where !k.isEmpty { if let text = Self.text(v) { out.append(("extra." + k, text)) } }
                    continue
                case .string(let s):
                    // `extra` as JSON text.
                    let parsed = try? FeedJSON.parse(Array(s.utf8)[...])
                    guard case .object(let inner)? = parsed else {
                        return FeedRowFailure("ingest.invalid_json", "extra is a string but not a JSON object")
                    }
                    for (k, v) in inner where !k.isEmpty { if let text = Self.text(v) { out.append(("extra." + k, text)) } }
                    continue
                case .null:
                    continue
                default:
                    return FeedRowFailure("ingest.invalid_json", "extra is neither an object nor JSON text")
                }
            }
            if key.hasPrefix("extra."), key.utf8.count > 6 {
                if let text = Self.text(value) { out.append((key, text)) }
                continue
            }
            if case .object(let inner) = value {
                if let failure = flatten(inner, prefix: key, into: &out) { return failure }
                continue
            }
            guard FeedFields.known.contains(key) else {
                return FeedRowFailure("ingest.unknown_field", "\"\(key)\" is not a harmonisation field")
            }
            if let text = Self.text(value) { out.append((key, text)) }
        }
        return nil
    }

    /// A value as field text: strings as they are, numbers in decimal, booleans as
    /// `true`/`false`, arrays and objects as compact JSON; nil for `null`.
    static func text(_ value: FeedJSON) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return FeedJSON.decimalText(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return nil
        case .array, .object: return value.jsonText
        }
    }
}
