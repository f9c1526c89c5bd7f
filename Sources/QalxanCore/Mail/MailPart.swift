/// One MIME entity: the root of a message, a part of a multipart, or an
/// embedded message.
public struct MailPart: Sendable {
    /// The entity's own header fields.
    public let headers: MailHeaders
    /// The parsed Content-Type (default `text/plain; charset=us-ascii`).
    public let contentType: MailContentType
    /// The exact bytes of this entity as in the message: header section, blank
    /// line and body, byte for byte. For the first part of a `multipart/signed`
    /// entity these are the bytes a PGP/MIME signature covers (after converting
    /// line endings to CRLF, RFC 3156).
    public let rawBytes: [UInt8]
    /// The body after Content-Transfer-Encoding decoding. For multipart
    /// entities this is the undecoded body including all parts.
    public let body: [UInt8]
    /// Child entities: the parts of a multipart, or for `message/rfc822` the
    /// embedded message's root entity.
    public let children: [MailPart]

    /// Creates a part from already parsed pieces.
    public init(headers: MailHeaders, contentType: MailContentType, rawBytes: [UInt8], body: [UInt8], children: [MailPart]) {
        self.headers = headers
        self.contentType = contentType
        self.rawBytes = rawBytes
        self.body = body
        self.children = children
    }

    /// The parsed Content-Disposition, if present.
    public var disposition: MailContentDisposition? {
        MailContentDisposition.parse(headers["Content-Disposition"])
    }

    /// The file name from Content-Disposition `filename` or else Content-Type
    /// `name`, with RFC 2231 and RFC 2047 encodings decoded; nil when absent or blank.
    public var fileName: String? {
        let candidates = [disposition?.parameters["filename"], contentType.parameters["name"]]
        for case let raw? in candidates {
            let name = MailEncodedWord.decode(raw).mailTrimmed
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// True when the disposition is `attachment`, or the entity is a non-text
    /// leaf that carries a file name.
    public var isAttachment: Bool {
        if disposition?.type == "attachment" { return true }
        guard children.isEmpty, contentType.type != "multipart", contentType.type != "text" else { return false }
        return fileName != nil
    }

    /// The body decoded to text with the part's charset, line endings converted
    /// to LF. Without a charset, or with US-ASCII but 8-bit bytes, UTF-8 is tried
    /// first and windows-1252 used as a fallback.
    /// Throws `mail.error.unknown_charset` for unsupported charsets.
    public func text() throws(MailParseError) -> String {
        let label = contentType.charset?.mailTrimmed.trimmingQuotes() ?? ""
        let canonical = label.isEmpty ? "us-ascii" : MailCharset.canonicalName(label)
        guard let canonical else { throw .unknownCharset(label) }
        let decoded: String
        if canonical == "us-ascii" || canonical == "utf-8" {
            if let s = String(validating: body, as: UTF8.self) {
                decoded = s
            } else if canonical == "utf-8" {
                decoded = String(decoding: body, as: UTF8.self)
            } else {
                decoded = MailCharset.decode(body, charset: "windows-1252") ?? MailBytes.latin1(body)
            }
        } else {
            decoded = MailCharset.decode(body, charset: canonical) ?? MailBytes.latin1(body)
        }
        return MailBytes.normalizeNewlines(decoded)
    }

    /// This part and all its descendants, depth-first, parents before children.
    public var allParts: [MailPart] {
        var result: [MailPart] = []
        var stack: [MailPart] = [self]
        while let part = stack.popLast() {
            result.append(part)
            stack.append(contentsOf: part.children.reversed())
        }
        return result
    }
}
