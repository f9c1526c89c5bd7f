import Foundation

/// A CVSS v3.1 (or v3.0) vector with its base, temporal and environmental scores, as the
/// FIRST specification defines them (https://www.first.org/cvss/v3.1/specification-document,
/// sections 7.1–7.4 and Appendix A).
///
/// Parsing is strict about the vector itself (upper-case metric names and values, each metric
/// at most once, all eight base metrics) and lenient only about order and surrounding
/// whitespace, so that what a coordinator pastes either scores exactly as the FIRST
/// calculator does or fails with a message that names the offending metric.
public struct CVSS31: Sendable, Hashable {
    /// The qualitative severity rating scale of the specification (section 5).
    public enum Rating: String, Sendable, CaseIterable, Codable {
        case none, low, medium, high, critical

        /// The rating for a score: 0.0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high,
        /// 9.0–10.0 critical.
        public init(score: Double) {
            switch score {
            case ..<0.1: self = .none
            case ..<4.0: self = .low
            case ..<7.0: self = .medium
            case ..<9.0: self = .high
            default: self = .critical
            }
        }

        /// The platform's severity for this rating; `none` has no counterpart and becomes `low`.
        public var severity: Severity {
            switch self {
            case .none, .low: .low
            case .medium: .medium
            case .high: .high
            case .critical: .critical
            }
        }
    }

    /// Why a vector was refused: a message-catalog key and the values its message needs.
    ///
    /// Keys: `advisory.cvss.prefix` (`value`: what stood before the first `/`),
    /// `advisory.cvss.malformed` (`value`: a part that is not `NAME:VALUE`),
    /// `advisory.cvss.unknown_metric` (`metric`), `advisory.cvss.bad_value` (`metric`, `value`),
    /// `advisory.cvss.duplicate` (`metric`), `advisory.cvss.missing` (`metric`).
    public struct Failure: Error, Equatable, Sendable {
        /// The message-catalog key.
        public let key: String
        /// The placeholders of the message, such as `["metric": "AV", "value": "Q"]`.
        public let values: [String: String]

        /// A failure with a catalog key and its placeholder values.
        public init(key: String, values: [String: String] = [:]) {
            self.key = key
            self.values = values
        }
    }

    /// The CVSS version named by the prefix: `"3.1"` or `"3.0"`.
    public let version: String
    /// The base score, 0.0–10.0.
    public let baseScore: Double
    /// The temporal score, or nil when the vector names no temporal metric.
    public let temporalScore: Double?
    /// The environmental score, or nil when the vector names no environmental metric.
    public let environmentalScore: Double?
    private let metrics: [Metric: String]

    /// Parses a vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`, optionally
    /// followed by temporal and environmental metrics in any order; `X` (Not Defined) is
    /// accepted for those.
    public init(vector: String) throws(Failure) {
        let text = vector.trimmingCharacters(in: .whitespacesAndNewlines)
        let body: Substring
        if text.hasPrefix("CVSS:3.1/") {
            version = "3.1"
            body = text.dropFirst(9)
        } else if text.hasPrefix("CVSS:3.0/") {
            version = "3.0"
            body = text.dropFirst(9)
        } else {
            let head = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            throw Failure(key: "advisory.cvss.prefix", values: ["value": String(head)])
        }

        var metrics: [Metric: String] = [:]
        let parts = body.isEmpty ? [] : body.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            guard let colon = part.firstIndex(of: ":"), colon != part.startIndex else {
                throw Failure(key: "advisory.cvss.malformed", values: ["value": String(part)])
            }
            let name = String(part[..<colon])
            let value = String(part[part.index(after: colon)...])
            guard let metric = Metric(rawValue: name) else {
                throw Failure(key: "advisory.cvss.unknown_metric", values: ["metric": name])
            }
            guard metrics[metric] == nil else {
                throw Failure(key: "advisory.cvss.duplicate", values: ["metric": name])
            }
            guard metric.values.contains(where: { $0.code == value }) else {
                throw Failure(key: "advisory.cvss.bad_value", values: ["metric": name, "value": value])
            }
            metrics[metric] = value
        }
        for metric in Metric.base where metrics[metric] == nil {
            throw Failure(key: "advisory.cvss.missing", values: ["metric": metric.rawValue])
        }

        self.metrics = metrics
        let scores = Scores(metrics, version: version)
        baseScore = scores.base
        temporalScore = Metric.temporal.contains { metrics[$0] != nil } ? scores.temporal : nil
        environmentalScore = Metric.environmental.contains { metrics[$0] != nil } ? scores.environmental : nil
    }

    /// The normalised vector: base metrics in the specification's order, then the temporal
    /// and environmental metrics that are present and not `X`.
    public var vectorString: String {
        let parts = Metric.allCases.compactMap { metric -> String? in
            guard let value = metrics[metric], value != "X" else { return nil }
            return "\(metric.rawValue):\(value)"
        }
        return (["CVSS:\(version)"] + parts).joined(separator: "/")
    }

    /// The rating of the base score.
    public var baseSeverity: Rating { Rating(score: baseScore) }

    /// The platform's severity for the base score (a 0.0 score counts as low).
    public var severity: Severity { baseSeverity.severity }

    /// Every metric present, named as the FIRST CVSS v3.x JSON schema (and so CSAF 2.0's
    /// `cvss_v3`) names it, with the schema's enum value: `("attackVector", "NETWORK")`,
    /// `("exploitCodeMaturity", "NOT_DEFINED")` for `E:X`.
    public var csafMetrics: [(name: String, value: String)] {
        Metric.allCases.compactMap { metric in
            guard let code = metrics[metric], let value = metric.values.first(where: { $0.code == code }) else {
                return nil
            }
            return (metric.schemaName, value.name)
        }
    }

    /// The specification's Roundup (Appendix A): the smallest number with one decimal that is
    /// equal to or higher than `value`, computed on integers so that floating-point noise
    /// (4.000000000000001) does not round up to the next tenth.
    public static func roundUp(_ value: Double) -> Double {
        let scaled = Int((value * 100_000).rounded())
        if scaled % 10_000 == 0 {
            return Double(scaled) / 100_000
        }
        return Double(scaled / 10_000 + 1) / 10
    }
}

extension CVSS31 {
    /// The metrics of the vector string, in the order of the specification's tables.
    enum Metric: String, CaseIterable, Sendable {
        case attackVector = "AV", attackComplexity = "AC", privilegesRequired = "PR"
        case userInteraction = "UI", scope = "S"
        case confidentialityImpact = "C", integrityImpact = "I", availabilityImpact = "A"
        case exploitCodeMaturity = "E", remediationLevel = "RL", reportConfidence = "RC"
        case confidentialityRequirement = "CR", integrityRequirement = "IR", availabilityRequirement = "AR"
        case modifiedAttackVector = "MAV", modifiedAttackComplexity = "MAC"
        case modifiedPrivilegesRequired = "MPR", modifiedUserInteraction = "MUI", modifiedScope = "MS"
        case modifiedConfidentialityImpact = "MC", modifiedIntegrityImpact = "MI"
        case modifiedAvailabilityImpact = "MA"

        static let base: [Metric] = [
            .attackVector, .attackComplexity, .privilegesRequired, .userInteraction, .scope,
            .confidentialityImpact, .integrityImpact, .availabilityImpact,
        ]
        static let temporal: [Metric] = [.exploitCodeMaturity, .remediationLevel, .reportConfidence]
        static let environmental: [Metric] = Array(allCases.dropFirst(base.count + temporal.count))

        /// The property name in FIRST's cvss-v3.x JSON schema.
        var schemaName: String {
            switch self {
            case .attackVector: "attackVector"
            case .attackComplexity: "attackComplexity"
            case .privilegesRequired: "privilegesRequired"
            case .userInteraction: "userInteraction"
            case .scope: "scope"
            case .confidentialityImpact: "confidentialityImpact"
            case .integrityImpact: "integrityImpact"
            case .availabilityImpact: "availabilityImpact"
            case .exploitCodeMaturity: "exploitCodeMaturity"
            case .remediationLevel: "remediationLevel"
            case .reportConfidence: "reportConfidence"
            case .confidentialityRequirement: "confidentialityRequirement"
            case .integrityRequirement: "integrityRequirement"
            case .availabilityRequirement: "availabilityRequirement"
            case .modifiedAttackVector: "modifiedAttackVector"
            case .modifiedAttackComplexity: "modifiedAttackComplexity"
            case .modifiedPrivilegesRequired: "modifiedPrivilegesRequired"
            case .modifiedUserInteraction: "modifiedUserInteraction"
            case .modifiedScope: "modifiedScope"
            case .modifiedConfidentialityImpact: "modifiedConfidentialityImpact"
            case .modifiedIntegrityImpact: "modifiedIntegrityImpact"
            case .modifiedAvailabilityImpact: "modifiedAvailabilityImpact"
            }
        }

        /// The letters the vector string allows for this metric, with the schema's enum value.
        var values: [(code: String, name: String)] {
            let notDefined = [(code: "X", name: "NOT_DEFINED")]
            let attackVector = [("N", "NETWORK"), ("A", "ADJACENT_NETWORK"), ("L", "LOCAL"), ("P", "PHYSICAL")]
            let complexity = [("L", "LOW"), ("H", "HIGH")]
            let privileges = [("N", "NONE"), ("L", "LOW"), ("H", "HIGH")]
            let interaction = [("N", "NONE"), ("R", "REQUIRED")]
            let scope = [("U", "UNCHANGED"), ("C", "CHANGED")]
            let impact = [("N", "NONE"), ("L", "LOW"), ("H", "HIGH")]
            let requirement = [("L", "LOW"), ("M", "MEDIUM"), ("H", "HIGH")]
            switch self {
            case .attackVector: return attackVector
            case .attackComplexity: return complexity
            case .privilegesRequired: return privileges
            case .userInteraction: return interaction
            case .scope: return scope
            case .confidentialityImpact, .integrityImpact, .availabilityImpact: return impact
            case .exploitCodeMaturity:
                return notDefined + [("U", "UNPROVEN"), ("P", "PROOF_OF_CONCEPT"), ("F", "FUNCTIONAL"), ("H", "HIGH")]
            case .remediationLevel:
                return notDefined + [("O", "OFFICIAL_FIX"), ("T", "TEMPORARY_FIX"), ("W", "WORKAROUND"), ("U", "UNAVAILABLE")]
            case .reportConfidence:
                return notDefined + [("U", "UNKNOWN"), ("R", "REASONABLE"), ("C", "CONFIRMED")]
            case .confidentialityRequirement, .integrityRequirement, .availabilityRequirement:
                return notDefined + requirement
            case .modifiedAttackVector: return notDefined + attackVector
            case .modifiedAttackComplexity: return notDefined + complexity
            case .modifiedPrivilegesRequired: return notDefined + privileges
            case .modifiedUserInteraction: return notDefined + interaction
            case .modifiedScope: return notDefined + scope
            case .modifiedConfidentialityImpact, .modifiedIntegrityImpact, .modifiedAvailabilityImpact:
                return notDefined + impact
            }
        }
    }

    /// The three scores, computed with the formulas of sections 7.1–7.3 (7.4 for the weights).
    struct Scores {
        let base: Double
        let temporal: Double
        let environmental: Double

        init(_ metrics: [Metric: String], version: String) {
            // A metric that is absent or X counts as Not Defined; a modified metric that is Not
            // Defined takes the base metric's value (section 4).
            func value(_ metric: Metric) -> String {
                metrics[metric] ?? "X"
            }
            func modified(_ metric: Metric, _ base: Metric) -> String {
                let code = value(metric)
                return code == "X" ? value(base) : code
            }

            let scopeChanged = value(.scope) == "C"
            let impactSubScore = 1 - (1 - Self.impact(value(.confidentialityImpact)))
                * (1 - Self.impact(value(.integrityImpact)))
                * (1 - Self.impact(value(.availabilityImpact)))
            let impact = scopeChanged
                ? 7.52 * (impactSubScore - 0.029) - 3.25 * pow(impactSubScore - 0.02, 15)
                : 6.42 * impactSubScore
            let exploitability = 8.22 * Self.attackVector(value(.attackVector))
                * Self.attackComplexity(value(.attackComplexity))
                * Self.privilegesRequired(value(.privilegesRequired), scopeChanged: scopeChanged)
                * Self.userInteraction(value(.userInteraction))
            if impact <= 0 {
                base = 0
            } else if scopeChanged {
                base = CVSS31.roundUp(min(1.08 * (impact + exploitability), 10))
            } else {
                base = CVSS31.roundUp(min(impact + exploitability, 10))
            }

            let temporalFactor = Self.exploitCodeMaturity(value(.exploitCodeMaturity))
                * Self.remediationLevel(value(.remediationLevel))
                * Self.reportConfidence(value(.reportConfidence))
            temporal = CVSS31.roundUp(base * temporalFactor)

            let modifiedScopeChanged = modified(.modifiedScope, .scope) == "C"
            let modifiedImpactSubScore = min(
                1 - (1 - Self.requirement(value(.confidentialityRequirement))
                        * Self.impact(modified(.modifiedConfidentialityImpact, .confidentialityImpact)))
                    * (1 - Self.requirement(value(.integrityRequirement))
                        * Self.impact(modified(.modifiedIntegrityImpact, .integrityImpact)))
                    * (1 - Self.requirement(value(.availabilityRequirement))
                        * Self.impact(modified(.modifiedAvailabilityImpact, .availabilityImpact))),
                0.915)
            let modifiedImpact: Double
            if !modifiedScopeChanged {
                modifiedImpact = 6.42 * modifiedImpactSubScore
            } else if version == "3.0" {
                // v3.1 changed this term (specification, section 7.3); a 3.0 vector keeps the old one.
                modifiedImpact = 7.52 * (modifiedImpactSubScore - 0.029) - 3.25 * pow(modifiedImpactSubScore - 0.02, 15)
            } else {
                modifiedImpact = 7.52 * (modifiedImpactSubScore - 0.029)
                    - 3.25 * pow(modifiedImpactSubScore * 0.9731 - 0.02, 13)
            }
            let modifiedExploitability = 8.22
                * Self.attackVector(modified(.modifiedAttackVector, .attackVector))
                * Self.attackComplexity(modified(.modifiedAttackComplexity, .attackComplexity))
                * Self.privilegesRequired(
                    modified(.modifiedPrivilegesRequired, .privilegesRequired), scopeChanged: modifiedScopeChanged)
                * Self.userInteraction(modified(.modifiedUserInteraction, .userInteraction))
            if modifiedImpact <= 0 {
                environmental = 0
            } else {
                let sum = modifiedScopeChanged
                    ? min(1.08 * (modifiedImpact + modifiedExploitability), 10)
                    : min(modifiedImpact + modifiedExploitability, 10)
                environmental = CVSS31.roundUp(CVSS31.roundUp(sum) * temporalFactor)
            }
        }

        // The weights of section 7.4.
        static func attackVector(_ code: String) -> Double {
            switch code {
            case "N": 0.85
            case "A": 0.62
            case "L": 0.55
            default: 0.2
            }
        }

        static func attackComplexity(_ code: String) -> Double {
            code == "L" ? 0.77 : 0.44
        }

        static func privilegesRequired(_ code: String, scopeChanged: Bool) -> Double {
            switch code {
            case "N": 0.85
            case "L": scopeChanged ? 0.68 : 0.62
            default: scopeChanged ? 0.5 : 0.27
            }
        }

        static func userInteraction(_ code: String) -> Double {
            code == "N" ? 0.85 : 0.62
        }

        static func impact(_ code: String) -> Double {
            switch code {
            case "H": 0.56
            case "L": 0.22
            default: 0
            }
        }

        static func exploitCodeMaturity(_ code: String) -> Double {
            switch code {
            case "F": 0.97
            case "P": 0.94
            case "U": 0.91
            default: 1
            }
        }

        static func remediationLevel(_ code: String) -> Double {
            switch code {
            case "W": 0.97
            case "T": 0.96
            case "O": 0.95
            default: 1
            }
        }

        static func reportConfidence(_ code: String) -> Double {
            switch code {
            case "R": 0.96
            case "U": 0.92
            default: 1
            }
        }

        static func requirement(_ code: String) -> Double {
            switch code {
            case "H": 1.5
            case "L": 0.5
            default: 1
            }
        }
    }
}
