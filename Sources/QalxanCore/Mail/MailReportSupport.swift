/// Helpers shared by the ARF, X-ARF and DSN report readers.
enum MailReportSupport {
    /// The first `multipart/report` entity whose `report-type` matches, depth-first.
    static func reportPart(in message: MailMessage, reportType: String) -> MailPart? {
        message.root.allParts.first {
            $0.contentType.mimeType == "multipart/report"
                && ($0.contentType.parameters["report-type"] ?? "").lowercased() == reportType
        }
    }

    /// The headers of the returned/original message: the root of a
    /// `message/rfc822` child or a parsed `text/rfc822-headers` child.
    static func returnedHeaders(in report: MailPart) -> MailHeaders? {
        for child in report.children {
            switch child.contentType.mimeType {
            case "message/rfc822", "message/global":
                if let inner = child.children.first { return inner.headers }
            case "text/rfc822-headers", "message/global-headers", "message/rfc822-headers":
                return MailHeaders.parse(child.body)
            default:
                continue
            }
        }
        return nil
    }

    /// The value after `type;` in typed fields such as `rfc822; user@example.org`.
    static func afterType(_ value: String) -> String {
        guard let semi = value.firstIndex(of: ";") else { return value.mailTrimmed }
        return String(value[value.index(after: semi)...]).mailTrimmed
    }

    /// An address or id without surrounding angle brackets.
    static func stripAngles(_ value: String) -> String {
        var v = value.mailTrimmed
        if v.hasPrefix("<") { v.removeFirst() }
        if v.hasSuffix(">") { v.removeLast() }
        return v.mailTrimmed
    }
}
