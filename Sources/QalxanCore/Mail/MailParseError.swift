/// An error raised while parsing or decoding a mail message.
///
/// `key` is a catalog key the application translates (for example
/// `mail.error.empty`); `detail` is an untranslated English explanation for logs.
public struct MailParseError: Error, Sendable, Equatable {
    /// The translatable catalog key, e.g. `mail.error.bad_encoding`.
    public let key: String
    /// A short English explanation meant for logs, not for end users.
    public let detail: String

    /// Creates an error from a catalog key and a detail text.
    public init(key: String, detail: String) {
        self.key = key
        self.detail = detail
    }

    /// The input had no bytes or only whitespace.
    static func empty() -> MailParseError {
        MailParseError(key: "mail.error.empty", detail: "The message has no content.")
    }

    /// The first line of the message is not a header field.
    static func noHeaders() -> MailParseError {
        MailParseError(key: "mail.error.no_headers", detail: "The first line is not a header field.")
    }

    /// A multipart entity has no boundary, or the boundary never occurs.
    static func missingBoundary(_ detail: String) -> MailParseError {
        MailParseError(key: "mail.error.missing_boundary", detail: detail)
    }

    /// The MIME structure is nested deeper than allowed.
    static func tooDeep(_ maxDepth: Int) -> MailParseError {
        MailParseError(key: "mail.error.too_deep", detail: "MIME nesting exceeds \(maxDepth) levels.")
    }

    /// The charset of a text part is not supported.
    static func unknownCharset(_ name: String) -> MailParseError {
        MailParseError(key: "mail.error.unknown_charset", detail: "Unsupported charset \"\(name)\".")
    }

    /// A body could not be decoded with its transfer encoding.
    static func badEncoding(_ detail: String) -> MailParseError {
        MailParseError(key: "mail.error.bad_encoding", detail: detail)
    }
}
