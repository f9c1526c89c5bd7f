/// Parses RFC 5322 / MIME messages from raw bytes.
public enum MailParser {
    /// Parses one message. Throws `mail.error.empty`, `mail.error.no_headers`,
    /// `mail.error.missing_boundary`, `mail.error.too_deep` or
    /// `mail.error.bad_encoding`; a missing multipart close delimiter is tolerated.
    /// - Parameter maxDepth: the deepest allowed nesting of MIME entities (root is 0).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 20) throws(MailParseError) -> MailMessage {
        guard bytes.contains(where: { !MailBytes.isWhitespace($0) }) else { throw .empty() }
        var start = 0
        while start < bytes.count, bytes[start] == MailBytes.cr || bytes[start] == MailBytes.lf { start += 1 }
        let section = MailHeaderSection.parse(bytes, from: start, skipMboxFromLine: true)
        guard section.firstLineIsHeader, !section.fields.isEmpty else { throw .noHeaders() }
        let root = try parseEntity(bytes, section: section, depth: 0, maxDepth: maxDepth, defaultType: nil)
        return MailMessage(headers: root.headers, root: root)
    }

    /// Parses the bytes of one entity (headers, blank line, body).
    static func parseEntity(_ raw: [UInt8], section given: MailHeaderSection?, depth: Int, maxDepth: Int,
                            defaultType: MailContentType?) throws(MailParseError) -> MailPart {
        guard depth <= maxDepth else { throw .tooDeep(maxDepth) }
        let section = given ?? MailHeaderSection.parse(raw, from: 0)
        let headers = MailHeaders(fields: section.fields)
        let bodyRaw = Array(raw[min(section.bodyStart, raw.count)...])
        let typeValue = headers["Content-Type"]
        let contentType = (typeValue == nil ? defaultType : nil) ?? MailContentType.parse(typeValue)

        if contentType.type == "multipart" {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                throw .missingBoundary("A \(contentType.mimeType) entity has no boundary parameter.")
            }
            guard let ranges = MailMultipart.split(bodyRaw, boundary: boundary) else {
                throw .missingBoundary("The boundary of a \(contentType.mimeType) entity never occurs in its body.")
            }
            let childDefault: MailContentType? = contentType.subtype == "digest"
                ? MailContentType(type: "message", subtype: "rfc822") : nil
            var children: [MailPart] = []
            for range in ranges {
                children.append(try parseEntity(Array(bodyRaw[range]), section: nil, depth: depth + 1,
                                                maxDepth: maxDepth, defaultType: childDefault))
            }
            return MailPart(headers: headers, contentType: contentType, rawBytes: raw, body: bodyRaw, children: children)
        }

        let body = try MailTransferEncoding.decodeBody(bodyRaw, encoding: headers["Content-Transfer-Encoding"])
        var children: [MailPart] = []
        if contentType.mimeType == "message/rfc822" || contentType.mimeType == "message/global",
           body.contains(where: { !MailBytes.isWhitespace($0) }) {
            var start = 0
            while start < body.count, body[start] == MailBytes.cr || body[start] == MailBytes.lf { start += 1 }
            let inner = Array(body[start...])
            children.append(try parseEntity(inner, section: nil, depth: depth + 1, maxDepth: maxDepth, defaultType: nil))
        }
        return MailPart(headers: headers, contentType: contentType, rawBytes: raw, body: body, children: children)
    }
}

/// Splits multipart bodies at their boundary delimiter lines (RFC 2046).
enum MailMultipart {
    /// Returns the byte ranges of the body parts, excluding the line break that
    /// precedes each delimiter (it belongs to the delimiter). Returns nil when
    /// the boundary never occurs. A missing close delimiter is tolerated.
    static func split(_ body: [UInt8], boundary: String) -> [Range<Int>]? {
        let delimiter = Array("--".utf8) + Array(boundary.utf8)
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var found = false
        var pos = 0
        while let line = MailBytes.line(in: body, from: pos) {
            if let isClose = delimiterKind(body, line, delimiter) {
                found = true
                if let s = partStart {
                    ranges.append(s..<max(s, contentEnd(body, before: line.start, notBefore: s)))
                }
                if isClose {
                    partStart = nil
                    break
                }
                partStart = line.next
            }
            if line.next == line.end { break }
            pos = line.next
        }
        if let s = partStart, s < body.count { ranges.append(s..<body.count) }
        return found ? ranges : nil
    }

    /// nil when the line is not a delimiter, otherwise whether it is the close delimiter.
    private static func delimiterKind(_ body: [UInt8], _ line: MailBytes.Line, _ delimiter: [UInt8]) -> Bool? {
        guard line.end - line.start >= delimiter.count, MailBytes.hasPrefix(body, at: line.start, delimiter) else { return nil }
        var i = line.start + delimiter.count
        var isClose = false
        if i + 2 <= line.end, body[i] == 0x2D, body[i + 1] == 0x2D {
            isClose = true
            i += 2
        }
        while i < line.end {
            guard body[i] == MailBytes.space || body[i] == MailBytes.tab else { return nil }
            i += 1
        }
        return isClose
    }

    /// The end of a part's content: `lineStart` minus the preceding line break.
    private static func contentEnd(_ body: [UInt8], before lineStart: Int, notBefore start: Int) -> Int {
        var e = lineStart
        if e > start, body[e - 1] == MailBytes.lf {
            e -= 1
            if e > start, body[e - 1] == MailBytes.cr { e -= 1 }
        } else if e > start, body[e - 1] == MailBytes.cr {
            e -= 1
        }
        return e
    }
}
