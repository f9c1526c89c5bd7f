import Foundation

/// A record of a feed that could not become an event: kept in quarantine with where it
/// was, why, and the record as read, so it can be seen and replayed.
public struct FeedProblem: Sendable, Equatable {
    /// The 1-based line where the record starts.
    public var line: Int
    /// The message catalog key (`ingest.invalid_port`, …).
    public var key: String
    /// What was wrong, naming the column and value.
    public var detail: String
    /// The record as read (a CSV record re-encoded, or the line).
    public var raw: String

    /// A problem at `line`.
    public init(line: Int, key: String, detail: String, raw: String) {
        self.line = line
        self.key = key
        self.detail = detail
        self.raw = raw
    }
}

/// What one record of a feed became.
public enum FeedOutcome: Sendable, Equatable {
    /// A good record, with the line it started on.
    case event(FeedEvent, line: Int)
    /// A bad record.
    case problem(FeedProblem)
}

/// How the records of a feed end, so that a large file can be cut into pieces that
/// each end on a record boundary.
public enum FeedFraming: Sendable, Equatable {
    /// CSV: a line break outside double quotes ends a record.
    case csv
    /// One record per line (JSON lines, plain text lists).
    case lines
}

/// A streaming feed parser: it is given the file in pieces, in order, each ending on a
/// record boundary (see `FeedFraming`), and calls `body` once per record.
///
/// Parsers keep state between pieces (the CSV header, comment lines seen); a parser is
/// used for one file.
public protocol FeedParser: Sendable {
    /// How records end in this format.
    var framing: FeedFraming { get }
    /// Parses one piece; `firstLine` is the 1-based line number of its first byte.
    mutating func parse(_ piece: [UInt8], firstLine: Int, _ body: (FeedOutcome) -> Void)
    /// Called once after the last piece (an empty file is reported here).
    mutating func finish(_ body: (FeedOutcome) -> Void)
}

extension FeedParser {
    /// Parses all of `bytes` as one piece with a fresh copy of this parser.
    public func parseAll(_ bytes: [UInt8]) -> (events: [FeedEvent], problems: [FeedProblem]) {
        var parser = self
        var events: [FeedEvent] = [], problems: [FeedProblem] = []
        let collect: (FeedOutcome) -> Void = { outcome in
            switch outcome {
            case .event(let e, _): events.append(e)
            case .problem(let p): problems.append(p)
            }
        }
        parser.parse(bytes, firstLine: 1, collect)
        parser.finish(collect)
        return (events, problems)
    }
}

/// Cuts a byte stream into pieces that end on record boundaries and hands them to a
/// `FeedParser`, so a file of any size is parsed in memory of about one piece.
public struct FeedPieces: Sendable {
    /// How records end.
    public let framing: FeedFraming
    var carry: [UInt8] = []
    var line = 1
    /// Bytes handed on so far.
    public private(set) var consumed: Int = 0

    /// A cutter for `framing`.
    public init(framing: FeedFraming) {
        self.framing = framing
    }

    /// Adds `bytes` read from the stream and returns the complete records among what has
    /// been added so far, with the line number of their first byte (nil when no record
    /// boundary has been seen yet).
    public mutating func add(_ bytes: [UInt8]) -> (piece: [UInt8], firstLine: Int)? {
        carry.append(contentsOf: bytes)
        var cut = FeedPieces.lastBoundary(in: carry, framing: framing)
        // A quote that never closes would hold the rest of the file: past 64 MB the
        // last line feed is a boundary anyway, and the parser reports the broken record.
        if cut == 0 && carry.count > 64 << 20 { cut = FeedPieces.lastBoundary(in: carry, framing: .lines) }
        // No line feed at all in 64 MB (CR-only line ends, a file without lines): handed on
        // as it is, so memory stays bounded; the parser reports what it cannot read.
        if cut == 0 && carry.count > 64 << 20 { cut = carry.count }
        guard cut > 0 else { return nil }
        let piece = Array(carry[..<cut])
        carry.removeFirst(cut)
        return hand(piece)
    }

    /// The rest of the stream after the last `add` (a last record without a line end).
    public mutating func finish() -> (piece: [UInt8], firstLine: Int)? {
        guard !carry.isEmpty else { return nil }
        let piece = carry
        carry = []
        return hand(piece)
    }

    private mutating func hand(_ piece: [UInt8]) -> (piece: [UInt8], firstLine: Int) {
        let first = line
        line += piece.withUnsafeBufferPointer { p in
            var n = 0
            for b in p where b == 0x0A { n += 1 }
            return n
        }
        consumed += piece.count
        return (piece, first)
    }

    /// The index just after the last line feed that ends a record, or 0.
    ///
    /// For CSV, quotes are followed from the start of `bytes` (itself a record boundary)
    /// the way `CSVReader` reads them: a quote opens a field only at its start (after a
    /// delimiter, a line end or padding spaces), `""` inside quotes is a quote, and a
    /// stray quote inside an unquoted field (`5" screen`) is text.
    static func lastBoundary(in bytes: [UInt8], framing: FeedFraming) -> Int {
        bytes.withUnsafeBufferPointer { p in
            switch framing {
            case .lines:
                var i = p.count
                while i > 0 { if p[i - 1] == 0x0A { return i }; i -= 1 }
                return 0
            case .csv:
                var quoted = false, atFieldStart = true, last = 0
                var i = 0
                let n = p.count
                while i < n {
                    let b = p[i]
                    if quoted {
                        if b == 0x22 {
                            if i + 1 < n && p[i + 1] == 0x22 { i += 2; continue }
                            quoted = false
                        }
                    } else {
                        switch b {
                        case 0x22: quoted = atFieldStart; atFieldStart = false
                        case 0x0A: last = i + 1; atFieldStart = true
                        case 0x0D, 0x2C, 0x3B, 0x09: atFieldStart = true
                        case 0x20: break
                        default: atFieldStart = false
                        }
                    }
                    i += 1
                }
                return last
            }
        }
    }
}

extension FeedParser {
    /// Reads the file at `path` in pieces of about `pieceSize` bytes and parses it,
    /// calling `progress` with the bytes of the file read so far after each piece.
    public mutating func parse(fileAt path: String, pieceSize: Int = 4 << 20,
                               progress: (Int64) -> Void = { _ in },
                               _ body: (FeedOutcome) -> Void) throws {
        var reader = try FeedFileReader(path: path, pieceSize: pieceSize)
        var pieces = FeedPieces(framing: framing)
        while let chunk = try reader.next() {
            if let (piece, line) = pieces.add(chunk) { parse(piece, firstLine: line, body) }
            progress(reader.read)
        }
        if let (piece, line) = pieces.finish() { parse(piece, firstLine: line, body) }
        finish(body)
    }
}

/// Reads a feed file in chunks of about `pieceSize` bytes; a gzip file is inflated piece
/// by piece as it is read.
public struct FeedFileReader {
    let handle: FileHandle
    let inflater: GzipInflater?
    let pieceSize: Int
    /// Bytes of the file read so far.
    public private(set) var read: Int64 = 0
    var done = false

    /// A reader of the file at `path`.
    public init(path: String, pieceSize: Int) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        self.pieceSize = pieceSize
        let head = try handle.read(upToCount: 2) ?? Data()
        try handle.seek(toOffset: 0)
        inflater = head.starts(with: [0x1F, 0x8B]) ? try GzipInflater() : nil
    }

    /// The next bytes (inflated), nil at the end of the file.
    public mutating func next() throws -> [UInt8]? {
        while !done {
            // Compressed reads are smaller: they inflate to several times their size.
            guard let data = try handle.read(upToCount: inflater == nil ? pieceSize : pieceSize / 4), !data.isEmpty else {
                done = true
                try? handle.close()
                try inflater?.finish()
                return nil
            }
            read += Int64(data.count)
            guard let inflater else { return [UInt8](data) }
            let bytes = try inflater.add([UInt8](data))
            if !bytes.isEmpty { return bytes }
        }
        return nil
    }
}
