import NIOCore

/// One complete (possibly multi-line) SMTP reply.
struct SMTPReply: Sendable, Equatable {
    /// Three-digit reply code.
    let code: Int
    /// Text of each line after the code and separator.
    let lines: [String]

    /// Lines joined with a space.
    var text: String { lines.joined(separator: " ") }
    /// 2xx.
    var isPositive: Bool { (200..<300).contains(code) }
}

/// Malformed traffic from the server.
struct SMTPWireError: Error, Sendable {
    /// What went wrong.
    let reason: String
}

/// Frames server bytes into ``SMTPReply`` values; accepts CRLF or bare LF line ends and aggregates
/// `250-…`/`250 …` continuation lines.
///
/// When removed from the pipeline before EOF (the STARTTLS upgrade), any buffered bytes are an error:
/// plaintext received after the `220` to STARTTLS must never be interpreted after the TLS upgrade.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// Longest accepted reply line (RFC 5321 allows 512; be lenient).
    static let maximumLineLength = 8192
    /// Most lines accepted in one multi-line reply.
    static let maximumLines = 1000

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPWireError(reason: "reply line too long") }
            return .needMoreData
        }
        let length = newline - view.startIndex + 1
        guard var line = buffer.readBytes(length: length) else { return .needMoreData }
        line.removeLast()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.count >= 3, line.count <= Self.maximumLineLength,
              line[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-") else {
            throw SMTPWireError(reason: "malformed reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if let pendingCode, pendingCode != code { throw SMTPWireError(reason: "inconsistent multi-line reply codes") }
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        if line.count > 3 && line[3] == UInt8(ascii: "-") {
            guard pendingLines.count < Self.maximumLines else { throw SMTPWireError(reason: "reply has too many lines") }
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        context.fireChannelRead(Self.wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        if !seenEOF && (buffer.readableBytes > 0 || pendingCode != nil) {
            throw SMTPWireError(reason: "unexpected plaintext data before TLS upgrade")
        }
        return .needMoreData
    }
}
