import Foundation
import QalxanCore

/// One resource that a regional registry has given out, and the country it was given to.
public struct DelegatedRecord: Sendable, Equatable {
    /// The numbers given out.
    public enum Resource: Sendable, Equatable {
        /// Consecutive IPv4 addresses; not always a prefix (`IPPrefix.covering` splits it).
        case ipv4(ClosedRange<UInt32>)
        case ipv6(IPPrefix)
        /// Consecutive AS numbers.
        case asn(ClosedRange<UInt32>)
    }

    /// ISO 3166 alpha-2, upper case.
    public let country: String
    public let resource: Resource
    /// The registry that wrote the record: `afrinic`, `apnic`, `arin`, `lacnic`, `ripencc`.
    public let registry: String

    /// A record.
    public init(country: String, resource: Resource, registry: String) {
        self.country = country
        self.resource = resource
        self.registry = registry
    }
}

/// Reads the RIR statistics exchange format ("delegated" and "delegated-extended"
/// files), from which a CERT learns which address space and AS numbers belong to its
/// country: `registry|cc|type|start|value|date|status[|opaque-id[|extensions]]`.
///
/// Only `allocated` and `assigned` records are returned; `available` and `reserved`
/// ones, records for `ZZ` or no country, the version line, `summary` lines, `#` comments
/// and empty lines are skipped. Other lines are reported as `import.geo.bad_line`.
public enum DelegatedStats {
    /// All records in `data`, in file order. The whole file of every registry (~50 MB)
    /// takes well under a few seconds: lines are parsed as bytes, and only registry and
    /// country become strings, each made once.
    public static func read(_ data: [UInt8]) -> (records: [DelegatedRecord], problems: [ImportProblem]) {
        var parser = Parser()
        data.withUnsafeBufferPointer { parser.run($0) }
        return (parser.records, parser.log.all)
    }

    struct Parser {
        var records: [DelegatedRecord] = []
        var log = ProblemLog()
        var countries: [UInt16: String] = [:]
        var registries: [[UInt8]: String] = [:]
        var lastRegistry: (bytes: [UInt8], name: String)?
        var fields: [Range<Int>] = []

        mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
            var position = 0
            var line = 0
            fields.reserveCapacity(12)
            while position < p.count {
                let start = position
                var end = start
                while end < p.count && p[end] != 0x0A { end += 1 }
                position = end + 1
                line += 1
                if end > start && p[end - 1] == 0x0D { end -= 1 }
                guard end > start, p[start] != UInt8(ascii: "#") else { continue }
                if !record(p, start..<end) {
                    log.add(line, ImportProblem.geoBadLine, String(decoding: p[start..<min(end, start + 400)], as: UTF8.self))
                }
            }
        }

        /// Reads one line; false when it is malformed.
        mutating func record(_ p: UnsafeBufferPointer<UInt8>, _ text: Range<Int>) -> Bool {
            fields.removeAll(keepingCapacity: true)
            var s = text.lowerBound
            for i in text where p[i] == UInt8(ascii: "|") {
                fields.append(s..<i)
                s = i + 1
            }
            fields.append(s..<text.upperBound)
            // The version line starts with the format version, a number; registry names
            // are letters.
            if let first = fields.first?.first, (0x30...0x39).contains(p[first]) { return fields.count >= 3 }
            if fields.count >= 6 && equals(p, fields[5], "summary") { return true }
            guard fields.count >= 7 else { return false }
            let status = fields[6]
            if equals(p, status, "available") || equals(p, status, "reserved") { return true }
            guard equals(p, status, "allocated") || equals(p, status, "assigned") else { return false }
            let cc = fields[1]
            if cc.isEmpty || equals(p, cc, "ZZ") { return true }
            guard cc.count == 2, isLetter(p[cc.lowerBound]), isLetter(p[cc.lowerBound + 1]), !fields[0].isEmpty else { return false }
            let resource: DelegatedRecord.Resource
            if equals(p, fields[2], "ipv4") {
                guard let first = AddressText.ipv4(p[fields[3]]), let count = number(p, fields[4]), count > 0,
                      UInt64(first) + count - 1 <= UInt64(UInt32.max) else { return false }
                resource = .ipv4(first...UInt32(UInt64(first) + count - 1))
            } else if equals(p, fields[2], "ipv6") {
                guard let length = number(p, fields[4]), length <= 128,
                      let address = IPAddress(String(decoding: p[fields[3]], as: UTF8.self)), case .v6 = address
                else { return false }
                resource = .ipv6(IPPrefix(address: address, length: Int(length)))
            } else if equals(p, fields[2], "asn") {
                guard let first = number(p, fields[3]), let count = number(p, fields[4]), count > 0,
                      first + count - 1 <= UInt64(UInt32.max) else { return false }
                resource = .asn(UInt32(first)...UInt32(first + count - 1))
            } else {
                return false
            }
            records.append(DelegatedRecord(country: country(p, cc), resource: resource, registry: registry(p, fields[0])))
            return true
        }

        mutating func country(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
            let code = UInt16(p[r.lowerBound] & 0xDF) << 8 | UInt16(p[r.lowerBound + 1] & 0xDF)
            if let known = countries[code] { return known }
            let s = String(decoding: [p[r.lowerBound] & 0xDF, p[r.lowerBound + 1] & 0xDF], as: UTF8.self)
            countries[code] = s
            return s
        }

        mutating func registry(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
            // Files come from one registry at a time, so the last one is nearly always it.
            if let last = lastRegistry, last.bytes.elementsEqual(p[r]) { return last.name }
            let bytes = Array(p[r])
            defer { lastRegistry = (bytes, registries[bytes]!) }
            if let known = registries[bytes] { return known }
            let s = String(decoding: bytes, as: UTF8.self).lowercased()
            registries[bytes] = s
            return s
        }

        func isLetter(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }

        /// ASCII comparison without regard to case.
        func equals(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ word: StaticString) -> Bool {
            guard r.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for (k, i) in r.enumerated() where p[i] | 0x20 != w[k] | 0x20 { return false }
            return true
        }

        /// A decimal number of at most 19 digits, so it fits in 64 bits.
        func number(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64? {
            guard !r.isEmpty, r.count <= 19 else { return nil }
            var v: UInt64 = 0
            for i in r {
                let d = p[i] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + UInt64(d)
            }
            return v
        }
    }
}
