import Foundation
import QalxanCore

/// Puts every event into RSIT (`Taxonomy`): fills `classification.taxonomy` from
/// `classification.type`, maps the types IntelMQ has beyond RSIT, and the names of
/// IntelMQ 2.x, to RSIT, and corrects a taxonomy that does not match the type.
///
/// Mapping table (given type → RSIT class / type; the given type is kept in
/// `extra.original_type` whenever it changes):
///
/// | given (IntelMQ)                   | RSIT class / type                              | why |
/// |-----------------------------------|------------------------------------------------|-----|
/// | `blacklist`                       | other / other                                  | a listing without a stated reason; IntelMQ files it under `other` too |
/// | `malware`                         | malicious-code / malware-distribution          | an IoC of a malware sample: what is distributed |
/// | `tor`                             | other / other                                  | a Tor node is no incident by itself |
/// | `proxy`                           | other / other                                  | a proxy is no incident by itself |
/// | `dga-domain`, `dga domain`        | malicious-code / c2-server                     | DGA names are rendezvous points for C2 |
/// | `unknown`                         | other / undetermined                           | IntelMQ 3.0 made the same change |
/// | `dropzone`                        | other / other                                  | as IntelMQ 3.0's upgrade |
/// | `c2server`, `c&c`                 | malicious-code / c2-server                     | IntelMQ 2.x name |
/// | `botnet drone`, `infected system`, `ransomware` | malicious-code / infected-system | IntelMQ 2.x names |
/// | `malware configuration`           | malicious-code / malware-configuration         | IntelMQ 2.x name |
/// | `ids alert`                       | intrusion-attempts / ids-alert                 | IntelMQ 2.x name |
/// | `vulnerable client`, `vulnerable service` | vulnerable / vulnerable-system         | IntelMQ 2.x names |
/// | `leak`                            | information-content-security / data-leak       | IntelMQ 2.x name |
/// | `compromised`, `backdoor`, `unauthorized-login`, `unauthorized-command` | intrusions / system-compromise | IntelMQ 2.x names |
/// | `defacement`                      | information-content-security / unauthorised-information-modification | IntelMQ 2.x name |
/// | `unauthorized-use-of-resources`   | fraud / unauthorised-use-of-resources          | IntelMQ's spelling of the RSIT type |
///
/// Types are compared lower-cased, with `_` and runs of spaces read as `-`, which is how
/// the IntelMQ 2.x names of RSIT types (`infected system`, `malware configuration`,
/// `ids alert`) are found. A type that
/// is neither RSIT nor in the table is refused (`ingest.unknown_type`). A taxonomy that
/// is not the type's class (after the same folding, so IntelMQ 2.x `malicious code` is
/// `malicious-code`) is replaced, and the given one kept in `extra.original_taxonomy`.
/// An event with only a taxonomy keeps it when it is an RSIT class; one with neither is
/// left alone (the pipeline decides what an unclassified event is).
public enum FeedClassifier {
    /// An RSIT class and type.
    public struct Target: Sendable, Equatable {
        /// The RSIT class (`classification.taxonomy`).
        public let taxonomy: String
        /// The RSIT type (`classification.type`).
        public let type: String

        /// A class and type.
        public init(taxonomy: String, type: String) {
            self.taxonomy = taxonomy
            self.type = type
        }
    }

    /// Why an event cannot be classified.
    public struct Rejection: Error, Equatable, Sendable {
        /// The catalog key, `ingest.unknown_type`.
        public let key: String
        /// English detail naming the field and value.
        public let detail: String
    }

    /// The problem key of `classify`.
    public static let problemKey = "ingest.unknown_type"

    /// RSIT types with their class.
    static let rsit: [String: String] = {
        var map: [String: String] = [:]
        for c in Taxonomy.classes { for t in c.types { map[t] = c.key } }
        return map
    }()

    /// Types outside RSIT and where they go; see the table above.
    public static let mapped: [String: Target] = [
        "blacklist": Target(taxonomy: "other", type: "other"),
        "malware": Target(taxonomy: "malicious-code", type: "malware-distribution"),
        "tor": Target(taxonomy: "other", type: "other"),
        "proxy": Target(taxonomy: "other", type: "other"),
        "dga-domain": Target(taxonomy: "malicious-code", type: "c2-server"),
        "unknown": Target(taxonomy: "other", type: "undetermined"),
        "dropzone": Target(taxonomy: "other", type: "other"),
        "c2server": Target(taxonomy: "malicious-code", type: "c2-server"),
        "c&c": Target(taxonomy: "malicious-code", type: "c2-server"),
        "botnet-drone": Target(taxonomy: "malicious-code", type: "infected-system"),
        "ransomware": Target(taxonomy: "malicious-code", type: "infected-system"),
        "vulnerable-client": Target(taxonomy: "vulnerable", type: "vulnerable-system"),
        "vulnerable-service": Target(taxonomy: "vulnerable", type: "vulnerable-system"),
        "leak": Target(taxonomy: "information-content-security", type: "data-leak"),
        "compromised": Target(taxonomy: "intrusions", type: "system-compromise"),
        "backdoor": Target(taxonomy: "intrusions", type: "system-compromise"),
        "unauthorized-login": Target(taxonomy: "intrusions", type: "system-compromise"),
        "unauthorized-command": Target(taxonomy: "intrusions", type: "system-compromise"),
        "defacement": Target(taxonomy: "information-content-security", type: "unauthorised-information-modification"),
        "unauthorized-use-of-resources": Target(taxonomy: "fraud", type: "unauthorised-use-of-resources"),
    ]

    /// Where `type` goes: its RSIT class when it is an RSIT type, the table's target when
    /// it is mapped, nil otherwise.
    public static func resolve(type: String) -> Target? {
        if let c = rsit[type] { return Target(taxonomy: c, type: type) }
        let folded = fold(type)
        if let c = rsit[folded] { return Target(taxonomy: c, type: folded) }
        return mapped[folded]
    }

    /// Classifies `event` in place; see the type's documentation for the rules.
    public static func classify(_ event: inout FeedEvent) throws(Rejection) {
        let givenTaxonomy = event.fields["classification.taxonomy"]
        guard let type = event.fields["classification.type"] else {
            guard let taxonomy = givenTaxonomy else { return }
            let folded = fold(taxonomy)
            guard Taxonomy.isClass(folded) else {
                throw Rejection(key: problemKey,
                                detail: "classification.taxonomy = \"\(taxonomy)\" is not an RSIT class")
            }
            event.fields["classification.taxonomy"] = folded
            return
        }
        guard let target = resolve(type: type) else {
            throw Rejection(key: problemKey,
                            detail: "classification.type = \"\(type)\" is neither an RSIT type nor one Qalxan maps")
        }
        if target.type != type {
            event.fields["classification.type"] = target.type
            event.fields["extra.original_type"] = type
        }
        if let given = givenTaxonomy {
            guard given != target.taxonomy else { return }
            if fold(given) != target.taxonomy { event.fields["extra.original_taxonomy"] = given }
        }
        event.fields["classification.taxonomy"] = target.taxonomy
    }

    /// Lower-cased and trimmed, `_` and runs of spaces as `-`.
    static func fold(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x5F || b == 0x09 {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash { out.append(0x2D); pendingDash = false }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
