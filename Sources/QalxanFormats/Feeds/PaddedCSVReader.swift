import Foundation

/// Reads comma-separated records whose fields may be padded with spaces outside their
/// quotes, as ThreatFox writes them (`"2024-11-20 10:05:11", "1356789", "ip:port"`).
/// `CSVReader` follows RFC 4180, where ` "x"` is an unquoted field holding the quotes,
/// and a quoted `"elf, mirai"` after a space would be cut at its comma.
///
/// Otherwise the rules are `CSVReader`'s: `""` is a quote inside quotes, line breaks may
/// be quoted, empty lines are skipped, and a bad quote ends its record at the end of the
/// line it opened on, with the rest of that line as the last field and `error` set.
struct PaddedCSVReader: Sequence {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func makeIterator() -> Iterator {
        Iterator(bytes: bytes, position: bytes.starts(with: CSVReader.bom) ? 3 : 0)
    }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position: Int
        var line = 1
        var scratch: [UInt8] = []

        init(bytes: [UInt8], position: Int) {
            self.bytes = bytes
            self.position = position
        }

        mutating func next() -> CSVReader.Row? {
            bytes.withUnsafeBufferPointer { record(in: $0) }
        }

        static func isPad(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        static func isEnd(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }

        private mutating func record(in p: UnsafeBufferPointer<UInt8>) -> CSVReader.Row? {
            let n = p.count
            while position < n, Self.isEnd(p[position]) { skipLineEnd(p) }
            guard position < n else { return nil }
            var row = CSVReader.Row(fields: [], line: line)
            row.fields.reserveCapacity(16)
            while true {
                while position < n, Self.isPad(p[position]) { position += 1 }
                if position < n, p[position] == 0x22 {
                    let open = position, openLine = line
                    guard readQuoted(p) else {
                        recover(p, &row, from: open, line: openLine, error: .unterminatedQuote)
                        return row
                    }
                    while position < n, Self.isPad(p[position]) { position += 1 }
                    if position < n, p[position] != 0x2C, !Self.isEnd(p[position]) {
                        recover(p, &row, from: open, line: openLine, error: line == openLine ? .textAfterQuote : .unterminatedQuote)
                        return row
                    }
                    row.fields.append(scratch.withUnsafeBufferPointer { decode($0, &row.lossy) })
                } else {
                    let start = position
                    while position < n, p[position] != 0x2C, !Self.isEnd(p[position]) { position += 1 }
                    var end = position
                    while end > start, Self.isPad(p[end - 1]) { end -= 1 }
                    row.fields.append(decode(UnsafeBufferPointer(rebasing: p[start..<end]), &row.lossy))
                }
                guard position < n else { return row }
                if p[position] == 0x2C { position += 1; continue }
                skipLineEnd(p)
                return row
            }
        }

        /// Reads a quoted field at its opening quote into `scratch`; false at the end of
        /// input before the closing quote.
        private mutating func readQuoted(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = p.count
            position += 1
            scratch.removeAll(keepingCapacity: true)
            var segment = position
            while position < n {
                let c = p[position]
                if c == 0x22 {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<position]))
                    if position + 1 < n, p[position + 1] == 0x22 {
                        scratch.append(0x22)
                        position += 2
                        segment = position
                        continue
                    }
                    position += 1
                    return true
                }
                if c == 0x0A || (c == 0x0D && (position + 1 >= n || p[position + 1] != 0x0A)) { line += 1 }
                position += 1
            }
            return false
        }

        private mutating func recover(_ p: UnsafeBufferPointer<UInt8>, _ row: inout CSVReader.Row, from open: Int,
                                      line openLine: Int, error: CSVReader.RowError) {
            var end = open
            while end < p.count, !Self.isEnd(p[end]) { end += 1 }
            row.fields.append(decode(UnsafeBufferPointer(rebasing: p[open..<end]), &row.lossy))
            row.error = error
            position = end
            line = openLine
            if position < p.count { skipLineEnd(p) }
        }

        private mutating func skipLineEnd(_ p: UnsafeBufferPointer<UInt8>) {
            if p[position] == 0x0D, position + 1 < p.count, p[position + 1] == 0x0A { position += 1 }
            position += 1
            line += 1
        }

        /// ASCII (nearly every field) decodes without validation, as in `CSVReader`.
        private func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ lossy: inout Bool) -> String {
            if bytes.isEmpty { return "" }
            if CSVReader.isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            lossy = true
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
