import Foundation

/// One `name: value` line of an RPSL object, continuation lines included.
public struct RPSLAttribute: Sendable, Equatable {
    /// Lower case, as RPSL attribute names are case-insensitive.
    public let name: String
    /// Trimmed, end-of-line `#` comments removed, continuation lines joined with one space.
    public let value: String
    /// The line where the attribute starts.
    public let line: Int

    /// An attribute.
    public init(name: String, value: String, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

/// An object of a routing registry database in RPSL (RFC 2622), as the RIPE database
/// publishes it: `organisation`, `role`, `inetnum`, `aut-num` and so on.
public struct RPSLObject: Sendable, Equatable {
    /// The name of the first attribute, which says what the object is (`inetnum`).
    public let objectClass: String
    /// What identifies the object: `nic-hdl` for `person` and `role` objects, the value
    /// of the first attribute for every other class.
    public let primaryKey: String
    public let attributes: [RPSLAttribute]
    /// The line of the first attribute.
    public let line: Int

    /// An object from its attributes; nil when there is none.
    public init?(attributes: [RPSLAttribute]) {
        guard let first = attributes.first else { return nil }
        self.attributes = attributes
        self.objectClass = first.name
        self.line = first.line
        if first.name == "role" || first.name == "person", let handle = attributes.first(where: { $0.name == "nic-hdl" }) {
            self.primaryKey = handle.value
        } else {
            self.primaryKey = first.value
        }
    }

    /// The value of the first attribute called `name` (lower case), or nil.
    public func first(_ name: String) -> String? {
        attributes.first(where: { $0.name == name })?.value
    }

    /// The values of every attribute called `name` (lower case), in order.
    public func all(_ name: String) -> [String] {
        attributes.filter { $0.name == name }.map(\.value)
    }
}

/// Reads RPSL objects one at a time from a database dump such as the RIPE split files
/// (`ripe.db.inetnum`, already un-gzipped), without holding more than one object
/// decoded at a time.
///
/// Objects are separated by empty (or blank) lines; lines starting with `%` or `#` are
/// comments; a line starting with a space, a tab or `+` continues the attribute above.
/// A line that is none of these is reported and skipped; when it is the first line of an
/// object, the whole object is skipped, since its class is unknown.
public struct RPSLReader: Sequence, Sendable {
    /// What one paragraph of the file gave: an object, problems, or both.
    public struct Block: Sendable {
        /// Nil when the first line was malformed.
        public let object: RPSLObject?
        /// `import.rpsl.malformed_line` problems, detail the line as written.
        public let problems: [ImportProblem]
    }

    let bytes: [UInt8]
    let classes: Set<String>?

    /// A reader over `bytes`. With `classes`, objects of other classes are skipped without
    /// decoding or checking them, which makes reading a full dump for a few classes fast.
    public init(_ bytes: [UInt8], classes: Set<String>? = nil) {
        self.bytes = bytes
        self.classes = classes
    }

    /// Walks the objects in order.
    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes, classes: classes)
    }

    /// Walks the objects in order; see `RPSLReader`.
    public struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        let classes: Set<String>?
        var position = 0
        var line = 0

        init(bytes: [UInt8], classes: Set<String>?) {
            self.bytes = bytes
            self.classes = classes
        }

        /// The next object (or malformed paragraph), or nil at the end.
        public mutating func next() -> Block? {
            let bytes = self.bytes
            return bytes.withUnsafeBufferPointer { p in
                while true {
                    switch paragraph(in: p) {
                    case .end: return nil
                    case .unwanted: continue
                    case .block(let block): return block
                    }
                }
            }
        }

        enum Paragraph {
            case end, unwanted, block(Block)
        }

        private mutating func paragraph(in p: UnsafeBufferPointer<UInt8>) -> Paragraph {
            var attributes: [RPSLAttribute] = []
            var problems: [ImportProblem] = []
            var name = "", value = "", valueLine = 0
            // Skipping: the rest of the paragraph is of no interest (unwanted class, or a
            // malformed first line). Orphaned: continuation lines after a malformed line
            // belong to nothing.
            var skipping = false, orphaned = false, started = false
            func flush() {
                if !name.isEmpty { attributes.append(RPSLAttribute(name: name, value: value, line: valueLine)) }
                name = ""
                value = ""
            }
            while position < p.count {
                let start = position
                var end = start
                while end < p.count && p[end] != 0x0A { end += 1 }
                position = end < p.count ? end + 1 : end
                line += 1
                var last = end
                if last > start && p[last - 1] == 0x0D { last -= 1 }
                let text = UnsafeBufferPointer(rebasing: p[start..<last])

                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if started { break }
                    continue
                }
                let first = text[0]
                if first == UInt8(ascii: "%") || first == UInt8(ascii: "#") { continue }
                if skipping { started = true; continue }
                if first == 0x20 || first == 0x09 || first == UInt8(ascii: "+") {
                    started = true
                    if name.isEmpty {
                        if !orphaned { problems.append(ImportProblem(line: line, key: ImportProblem.rpslMalformedLine, detail: Iterator.decode(text))) }
                        if attributes.isEmpty { skipping = true }
                        continue
                    }
                    let content = Iterator.value(UnsafeBufferPointer(rebasing: text[(first == UInt8(ascii: "+") ? 1 : 0)...]))
                    if !content.isEmpty { value = value.isEmpty ? content : value + " " + content }
                    continue
                }
                started = true
                flush()
                guard let colon = text.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                      text[..<colon].allSatisfy({ Iterator.isNameByte($0) }) else {
                    problems.append(ImportProblem(line: line, key: ImportProblem.rpslMalformedLine, detail: Iterator.decode(text)))
                    orphaned = true
                    if attributes.isEmpty { skipping = true }
                    continue
                }
                orphaned = false
                name = String(decoding: text[..<colon], as: UTF8.self).lowercased()
                value = Iterator.value(UnsafeBufferPointer(rebasing: text[(colon + 1)...]))
                valueLine = line
                if attributes.isEmpty, let classes, !classes.contains(name) {
                    name = ""
                    skipping = true
                }
            }
            flush()
            guard started else { return .end }
            if skipping && attributes.isEmpty && problems.isEmpty { return .unwanted }
            return .block(Block(object: RPSLObject(attributes: attributes), problems: problems))
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
        }

        /// The text before any `#` comment, trimmed.
        static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            var end = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
            var start = 0
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            String(decoding: bytes.prefix(400), as: UTF8.self)
        }
    }
}
