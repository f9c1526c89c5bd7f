/// One header field of a message or MIME entity.
public struct MailHeaderField: Sendable, Equatable {
    /// The field name as written (case preserved), e.g. `Subject`.
    public let name: String
    /// The unfolded value, trimmed, not RFC 2047 decoded. Bytes are read as
    /// UTF-8, or as ISO-8859-1 when they are not valid UTF-8.
    public let value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The ordered header fields of a message or MIME entity.
public struct MailHeaders: Sendable, Equatable {
    /// All fields in their original order, duplicates included.
    public let fields: [MailHeaderField]

    /// Creates a header list from fields.
    public init(fields: [MailHeaderField]) {
        self.fields = fields
    }

    /// The raw value of the first field with this name (case-insensitive).
    public subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value
    }

    /// The raw values of every field with this name (case-insensitive), in order.
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name.lowercased() == key }.map(\.value)
    }

    /// The first field with this name with RFC 2047 encoded-words decoded, trimmed.
    public func decoded(_ name: String) -> String? {
        guard let raw = self[name] else { return nil }
        return MailEncodedWord.decode(raw).mailTrimmed
    }

    /// Parses a header block (for example the body of a `message/feedback-report`
    /// part) up to its first blank line. Never fails; unreadable lines are skipped.
    public static func parse(_ bytes: [UInt8]) -> MailHeaders {
        parseBlocks(bytes).first ?? MailHeaders(fields: [])
    }

    /// Parses a sequence of header blocks separated by blank lines, as found in
    /// `message/delivery-status` bodies. Empty blocks are left out.
    public static func parseBlocks(_ bytes: [UInt8]) -> [MailHeaders] {
        var blocks: [MailHeaders] = []
        var pos = 0
        while pos < bytes.count {
            guard let line = MailBytes.line(in: bytes, from: pos) else { break }
            if line.isEmpty || bytes[line.start..<line.end].allSatisfy(MailBytes.isWhitespace) {
                pos = line.next
                continue
            }
            let section = MailHeaderSection.parse(bytes, from: pos)
            if !section.fields.isEmpty { blocks.append(MailHeaders(fields: section.fields)) }
            // Always make progress, even when the line was not a header field.
            pos = section.bodyStart > pos ? section.bodyStart : line.next
        }
        return blocks
    }
}

/// The result of reading a header section: its fields and where the body starts.
struct MailHeaderSection {
    let fields: [MailHeaderField]
    /// Offset of the first body byte (just after the blank line).
    let bodyStart: Int
    /// False when the very first line was neither a header field nor blank.
    let firstLineIsHeader: Bool

    /// Reads header fields from `start` until a blank line, unfolding
    /// continuation lines. A non-header line ends the section early (lenient).
    static func parse(_ bytes: [UInt8], from start: Int, skipMboxFromLine: Bool = false) -> MailHeaderSection {
        var names: [String] = []
        var values: [[UInt8]] = []
        var pos = start
        var isFirst = true
        var bodyStart = bytes.count
        var firstValid = true
        while let line = MailBytes.line(in: bytes, from: pos) {
            if line.isEmpty {
                bodyStart = line.next
                break
            }
            let b0 = bytes[line.start]
            if b0 == MailBytes.space || b0 == MailBytes.tab {
                if !values.isEmpty {
                    values[values.count - 1].append(contentsOf: bytes[line.start..<line.end])
                } else if isFirst && !bytes[line.start..<line.end].allSatisfy(MailBytes.isWhitespace) {
                    firstValid = false
                    bodyStart = line.start
                    break
                }
                pos = line.next
                isFirst = false
                continue
            }
            if let colon = headerColon(bytes, line) {
                var nameEnd = colon
                while nameEnd > line.start, bytes[nameEnd - 1] == MailBytes.space || bytes[nameEnd - 1] == MailBytes.tab {
                    nameEnd -= 1
                }
                names.append(MailBytes.latin1(bytes[line.start..<nameEnd]))
                values.append(Array(bytes[(colon + 1)..<line.end]))
            } else if isFirst && skipMboxFromLine && MailBytes.hasPrefix(bytes, at: line.start, Array("From ".utf8)) {
                // mbox separator line: ignore it.
            } else {
                if isFirst { firstValid = false }
                bodyStart = line.start
                break
            }
            pos = line.next
            isFirst = false
        }
        var fields: [MailHeaderField] = []
        fields.reserveCapacity(names.count)
        for (name, value) in zip(names, values) {
            fields.append(MailHeaderField(name: name, value: MailBytes.string(value).mailTrimmed))
        }
        return MailHeaderSection(fields: fields, bodyStart: min(bodyStart, bytes.count), firstLineIsHeader: firstValid)
    }

    /// Position of the colon ending a valid field name on this line, or nil.
    /// Names are printable ASCII without spaces; spaces before the colon are tolerated.
    private static func headerColon(_ bytes: [UInt8], _ line: MailBytes.Line) -> Int? {
        var i = line.start
        var sawName = false
        var sawSpace = false
        while i < line.end {
            let b = bytes[i]
            if b == 0x3A { return sawName ? i : nil }
            if b == MailBytes.space || b == MailBytes.tab {
                guard sawName else { return nil }
                sawSpace = true
            } else if b > 0x20 && b < 0x7F {
                if sawSpace { return nil }
                sawName = true
            } else {
                return nil
            }
            i += 1
        }
        return nil
    }
}
