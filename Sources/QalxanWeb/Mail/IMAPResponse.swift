import NIOCore

/// One complete server response: a line, possibly continued after one or more literals.
///
/// `segments` alternate between `.text` (line bytes without CRLF, ending in `{n}` when a literal follows)
/// and `.literal` (exactly the announced bytes).
struct IMAPResponse: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case text([UInt8])
        case literal([UInt8])
    }

    var segments: [Segment]

    /// Classification of a response by its first line.
    enum Kind: Sendable, Equatable {
        /// `+ text`: the server is ready for more command data.
        case continuation
        /// `* ...`: untagged data or status.
        case untagged
        /// `TAG ...`: completion of a command.
        case tagged(String)
    }

    /// The first text segment as a string (lossy UTF-8).
    var firstLine: String {
        if case .text(let bytes)? = segments.first { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    var kind: Kind {
        let line = firstLine
        if line.hasPrefix("+") { return .continuation }
        if line.hasPrefix("* ") || line == "*" { return .untagged }
        return .tagged(String(line.prefix { $0 != " " }))
    }

    /// Words of the first line after the tag/`*` (first line only).
    var words: [Substring] { firstLine.split(separator: " ", omittingEmptySubsequences: true) }

    /// For tagged and untagged status responses: `OK`, `NO`, `BAD`, `BYE`, `PREAUTH` (upper-cased), else the second word.
    var status: String { words.count > 1 ? words[1].uppercased() : "" }

    /// Text after the status word, e.g. `[UNAVAILABLE] try later`.
    var statusText: String {
        let ws = words
        guard ws.count > 2 else { return "" }
        return String(firstLine[ws[2].startIndex...])
    }

    /// The bracketed response code's atom, e.g. `UNAVAILABLE` for `A1 NO [UNAVAILABLE] ...`.
    var responseCode: String? {
        let text = statusText
        guard text.hasPrefix("[") else { return nil }
        return String(text.dropFirst().prefix { $0 != "]" && $0 != " " }).uppercased()
    }
}

/// Malformed traffic from the server.
struct IMAPWireError: Error, Sendable {
    let reason: String
}

/// Incremental framer: feed bytes with ``append(_:)``, take complete responses with ``next()``.
///
/// Literals (`{n}` / `{n+}` / `~{n}` at the end of a line) are consumed by byte count, never by lines.
struct IMAPResponseParser {
    /// Longest accepted line (excluding literals).
    static let maximumLineLength = 1 << 20
    /// Largest accepted literal.
    static let maximumLiteralSize = 256 << 20

    private var buffer = ByteBuffer()
    private var segments: [IMAPResponse.Segment] = []
    private var pendingLiteral: Int?
    private var scanned = 0

    /// Whether bytes or a partial response are buffered.
    var hasBufferedData: Bool { buffer.readableBytes > 0 || !segments.isEmpty }

    mutating func append(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        buffer.writeBytes(bytes)
    }

    /// The next complete response, or `nil` when more bytes are needed.
    mutating func next() throws(IMAPWireError) -> IMAPResponse? {
        while true {
            if let size = pendingLiteral {
                guard buffer.readableBytes >= size, let literal = buffer.readBytes(length: size) else { return nil }
                segments.append(.literal(literal))
                pendingLiteral = nil
                compact()
                continue
            }
            let view = buffer.readableBytesView
            guard let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanned = view.count
                if buffer.readableBytes > Self.maximumLineLength { throw IMAPWireError(reason: "response line too long") }
                return nil
            }
            scanned = 0
            guard var line = buffer.readBytes(length: newline - view.startIndex + 1) else { return nil }
            line.removeLast()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let literal = try Self.trailingLiteralSize(line)
            segments.append(.text(line))
            if let literal {
                pendingLiteral = literal
                continue
            }
            let response = IMAPResponse(segments: segments)
            segments = []
            compact()
            return response
        }
    }

    private mutating func compact() {
        if buffer.readerIndex > 1 << 16 { buffer.discardReadBytes() }
    }

    /// The size of a literal announced at the end of `line` (`{n}`, `{n+}`, `~{n}`), if any.
    static func trailingLiteralSize(_ line: [UInt8]) throws(IMAPWireError) -> Int? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.count - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 12,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let size = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard size <= maximumLiteralSize else { throw IMAPWireError(reason: "literal of \(size) bytes exceeds limit") }
        return size
    }
}
