import Crypto
import Foundation
import QalxanCore
import QalxanFormats

/// One event as the `events` table stores it: the columns that filters use, the whole
/// event as JSON, and the deduplication key.
public struct EventRow: Sendable {
    public var timeSource: Int64?
    public var timeObservation: Int64
    public var feedName: String
    public var feedProvider: String?
    public var taxonomy: String?
    public var type: String?
    public var identifier: String?
    public var sourceIP: String?
    public var sourceIPv4: Int64?
    public var sourcePort: Int?
    public var sourceASN: Int64?
    public var sourceNetwork: String?
    public var sourceFQDN: String?
    public var sourceURL: String?
    public var sourceCC: String?
    public var destinationIP: String?
    public var destinationPort: Int?
    public var malwareName: String?
    public var organisation: UUID?
    public var tlp: String
    public var dedupKey: String
    public var line: Int64
    public var fields: String

    /// The fields that say *what* was observed. Two events of one feed with the same
    /// values here, in the same time bucket, are the same observation reported twice.
    /// Enrichment (`source.asn`, geolocation, reverse DNS), times and `extra.*` are left
    /// out: they describe an observation, they do not tell two apart.
    public static let identityFields = [
        "classification.identifier", "classification.type",
        "destination.fqdn", "destination.ip", "destination.network", "destination.port", "destination.url",
        "malware.hash.md5", "malware.hash.sha1", "malware.hash.sha256", "malware.name",
        "protocol.application", "protocol.transport",
        "source.fqdn", "source.ip", "source.network", "source.port", "source.url",
    ]

    /// The length of a dedup time bucket: one day, as the daily reports come.
    public static let bucketSeconds: Int64 = 86_400

    /// The row for `event`. `observed` is when the file was first received: it is the
    /// event's `time.observation` when the feed gave none, and its dedup time when it has
    /// no `time.source` (so the same file twice lands in the same bucket).
    public init(event: FeedEvent, line: Int, feedName: String, observed: Int64, tlp: String,
                attribution: ConstituencyTable.Attribution) {
        var f = event.fields
        f["feed.name"] = feedName
        let observation: Int64
        if let t = f["time.observation"], let s = FeedTime.parse(t) {
            observation = Int64(s.rounded(.down))
        } else {
            observation = observed
            f["time.observation"] = FeedTime.format(Double(observed))
        }
        if f["source.geolocation.cc"] == nil, let cc = attribution.country { f["source.geolocation.cc"] = cc }
        timeSource = f["time.source"].flatMap(FeedTime.parse).map { Int64($0.rounded(.down)) }
        timeObservation = observation
        self.feedName = feedName
        feedProvider = f["feed.provider"]
        taxonomy = f["classification.taxonomy"]
        type = f["classification.type"]
        identifier = f["classification.identifier"]
        sourceIP = f["source.ip"]
        sourceIPv4 = sourceIP.flatMap(IPAddress.dottedQuad).map(Int64.init)
        sourcePort = f["source.port"].flatMap { Int($0) }
        sourceASN = f["source.asn"].flatMap { Int64($0) }
        sourceNetwork = f["source.network"]
        sourceFQDN = f["source.fqdn"]
        sourceURL = f["source.url"]
        sourceCC = f["source.geolocation.cc"]
        destinationIP = f["destination.ip"]
        destinationPort = f["destination.port"].flatMap { Int($0) }
        malwareName = f["malware.name"]
        organisation = attribution.organisation
        self.tlp = tlp
        self.line = Int64(line)
        let bucket = (timeSource ?? observed) / EventRow.bucketSeconds
        dedupKey = EventRow.dedupKey(feed: feedName, fields: f, bucket: bucket)
        fields = EventRow.json(f)
    }

    /// 128 bits of SHA-256 over the feed, the identity fields in a fixed order and the
    /// time bucket, as hex: a collision between two real observations is not a concern.
    public static func dedupKey(feed: String, fields: [String: String], bucket: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(contentsOf: feed.utf8)
        for name in identityFields {
            bytes.append(0)
            if let v = fields[name] { bytes.append(contentsOf: v.utf8) }
        }
        bytes.append(0)
        bytes.append(contentsOf: String(bucket).utf8)
        let digest = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: 32) { out in
            var i = 0
            for b in digest.prefix(16) {
                out[i] = hex[Int(b >> 4)]; out[i + 1] = hex[Int(b & 15)]; i += 2
            }
            return 32
        }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The fields as a compact JSON object (written by hand: this runs once per event;
    /// keys are not sorted, which would cost more than the rest of the row together).
    public static func json(_ fields: [String: String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        out.append(0x7B)
        var first = true
        for (key, value) in fields {
            if !first { out.append(0x2C) }
            first = false
            appendJSONString(key, to: &out)
            out.append(0x3A)
            appendJSONString(value, to: &out)
        }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most values need no escaping: copied whole, checked over the raw bytes.
        let clean = s.utf8.withContiguousStorageIfAvailable { p -> Bool in
            for b in p where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            return true
        }
        if clean == true {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// Reads a `fields` JSON object back.
    public static func fields(fromJSON text: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in object { out[k] = v as? String ?? "\(v)" }
        return out
    }
}
