import Foundation

/// The kinds of message Qalxan writes, each with a template per language.
public enum MailKind: String, Sendable, Codable, CaseIterable {
    /// Acknowledgement to a reporter, with the tracking number.
    case reportReceived = "report_received"
    /// To an affected constituent.
    case notification
    /// To a partner team, asking for help.
    case partnerRequest = "partner_request"
    /// A step in the handling.
    case statusUpdate = "status_update"
    /// The incident is resolved.
    case resolution
    /// A constituent's feed events of a period.
    case digest

    public var labelKey: String { "mail.kind.\(rawValue)" }

    /// Kinds a handler writes from an incident's page.
    public static let handlerKinds: [MailKind] = [.notification, .partnerRequest, .statusUpdate, .resolution]

    /// The placeholders a template of this kind may use.
    public var placeholders: [String] {
        let common = ["team", "team_email", "number", "tlp", "recipient"]
        switch self {
        case .reportReceived: return common + ["received_at", "status_url", "category"]
        case .notification, .partnerRequest, .statusUpdate, .resolution:
            return common + ["title", "classification", "status", "message", "organisation"]
        case .digest: return common + ["organisation", "period", "event_count", "summary_table"]
        }
    }
}

/// A subject and a body with `{{name}}` placeholders.
public struct MailTemplate: Sendable, Equatable, Codable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    /// A problem with a template, for the editor: catalog key and the names concerned.
    public struct Problem: Sendable, Equatable {
        public let field: String
        public let key: String
        public let names: [String]
    }

    /// Unknown placeholders, unclosed braces, an empty subject or body, a subject over
    /// 200 characters.
    public func validate(for kind: MailKind) -> [Problem] {
        var problems: [Problem] = []
        for (field, text) in [("subject", subject), ("body", body)] {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(Problem(field: field, key: "mail.template.error.empty", names: []))
                continue
            }
            let (names, balanced) = Self.placeholders(in: text)
            let unknown = names.filter { !kind.placeholders.contains($0) }
            if !unknown.isEmpty { problems.append(Problem(field: field, key: "mail.template.error.unknown", names: unknown)) }
            if !balanced { problems.append(Problem(field: field, key: "mail.template.error.braces", names: [])) }
        }
        if subject.count > 200 { problems.append(Problem(field: "subject", key: "mail.template.error.subject_long", names: [])) }
        if subject.contains(where: { $0.isNewline }) { problems.append(Problem(field: "subject", key: "mail.template.error.subject_line", names: [])) }
        return problems
    }

    /// The names used in `text`, in order, and whether every `{{` is closed.
    static func placeholders(in text: String) -> (names: [String], balanced: Bool) {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return (names, false) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !names.contains(name) { names.append(name) }
            rest = rest[close.upperBound...]
        }
        return (names, true)
    }

    /// Fills the placeholders. Values are text: a value never introduces a placeholder
    /// of its own (replacement is done in one pass), and in the subject every line
    /// break of a value becomes a space.
    public func render(_ values: [String: String]) -> MailTemplate {
        MailTemplate(subject: Self.fill(subject, values, oneLine: true), body: Self.fill(body, values, oneLine: false))
    }

    static func fill(_ text: String, _ values: [String: String], oneLine: Bool) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            var value = values[name] ?? ""
            if oneLine { value = value.split(whereSeparator: \.isNewline).joined(separator: " ") }
            out += value
            rest = rest[close.upperBound...]
        }
        out += rest
        if oneLine { out = out.split(whereSeparator: \.isNewline).joined(separator: " ") }
        return out
    }
}

/// Composes the parts of a message every kind shares: the subject carries the tracking
/// number and the TLP label, and the body's first line is the TLP label, so that
/// neither can be edited out of a template.
public enum MailFraming {
    /// `[QX-2026-00042] [TLP:AMBER] subject`.
    public static func subject(_ subject: String, number: String?, tlp: TLP) -> String {
        var parts: [String] = []
        if let number, !number.isEmpty, !subject.contains("[\(number)]") { parts.append("[\(number)]") }
        parts.append("[\(tlp.rawValue)]")
        parts.append(subject)
        return parts.joined(separator: " ")
    }

    /// `TLP:AMBER`, a blank line, then the body.
    public static func body(_ body: String, tlp: TLP) -> String {
        "\(tlp.rawValue)\n\n\(body.trimmingCharacters(in: .newlines))\n"
    }
}
