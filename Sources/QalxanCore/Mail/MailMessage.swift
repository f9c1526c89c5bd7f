import Foundation

/// A parsed message: its top-level headers and its MIME tree.
public struct MailMessage: Sendable {
    /// The top-level header fields (the same as `root.headers`).
    public let headers: MailHeaders
    /// The root MIME entity.
    public let root: MailPart

    /// Creates a message from its headers and root entity.
    public init(headers: MailHeaders, root: MailPart) {
        self.headers = headers
        self.root = root
    }

    /// The RFC 2047 decoded subject, or an empty string.
    public var subject: String { headers.decoded("Subject") ?? "" }
    /// The addresses of the From field.
    public var from: [MailAddress] { addresses("From") }
    /// The addresses of all To fields.
    public var to: [MailAddress] { addresses("To") }
    /// The addresses of all Cc fields.
    public var cc: [MailAddress] { addresses("Cc") }
    /// The addresses of all Reply-To fields.
    public var replyTo: [MailAddress] { addresses("Reply-To") }

    /// The Message-ID without angle brackets.
    public var messageID: String? {
        guard let raw = headers["Message-ID"] else { return nil }
        return MailMessageID.parseList(raw).first
    }

    /// The msg-ids of In-Reply-To, without angle brackets.
    public var inReplyTo: [String] { headers.all("In-Reply-To").flatMap(MailMessageID.parseList) }
    /// The msg-ids of References, without angle brackets, oldest first.
    public var references: [String] { headers.all("References").flatMap(MailMessageID.parseList) }

    /// The Date field (RFC 5322, obsolete forms tolerated), or nil.
    public var date: Date? { headers["Date"].flatMap(MailDate.parse) }

    /// The best plain text of the message: the first `text/plain` part that is
    /// not an attachment, else the first such `text/html` part reduced to text,
    /// else an empty string. Multipart/alternative therefore prefers plain text.
    public func textBody() throws(MailParseError) -> String {
        let candidates = root.allParts.filter { $0.children.isEmpty && !$0.isAttachment }
        if let plain = candidates.first(where: { $0.contentType.mimeType == "text/plain" }) {
            return try plain.text()
        }
        if let html = candidates.first(where: { $0.contentType.mimeType == "text/html" }) {
            return MailHTML.text(try html.text())
        }
        return ""
    }

    /// Every leaf entity that is an attachment, depth-first.
    public var attachments: [MailPart] {
        root.allParts.filter { $0.children.isEmpty && $0.isAttachment }
    }

    /// Every entity with this MIME type (case-insensitive), depth-first.
    public func parts(mimeType: String) -> [MailPart] {
        let wanted = mimeType.lowercased()
        return root.allParts.filter { $0.contentType.mimeType == wanted }
    }

    private func addresses(_ name: String) -> [MailAddress] {
        headers.all(name).flatMap(MailAddress.parseList)
    }
}

/// Extracts message identifiers from Message-ID, In-Reply-To and References.
public enum MailMessageID {
    /// The msg-ids in a field value without angle brackets. Values without
    /// brackets fall back to whitespace-separated tokens containing `@`.
    public static func parseList(_ value: String) -> [String] {
        var ids: [String] = []
        var current: String.UnicodeScalarView?
        var inComment = 0
        for u in value.unicodeScalars {
            if current == nil {
                if u == "(" { inComment += 1; continue }
                if u == ")" { inComment = max(0, inComment - 1); continue }
                if inComment > 0 { continue }
            }
            if u == "<" {
                current = String.UnicodeScalarView()
            } else if u == ">" {
                if let c = current {
                    let id = String(c).filter { !$0.isWhitespace }
                    if !id.isEmpty { ids.append(id) }
                }
                current = nil
            } else {
                current?.append(u)
            }
        }
        if ids.isEmpty {
            ids = value.split(whereSeparator: { $0.isWhitespace || $0 == "," })
                .map { String($0).filter { $0 != "<" && $0 != ">" } }
                .filter { $0.contains("@") }
        }
        return ids
    }
}
