import Foundation
import Testing
@testable import QalxanCore

@Suite("CVSS v3.1 vectors and scores")
struct CVSS31Tests {
    /// A vector and the scores worked out from the formulas of the specification (sections
    /// 7.1–7.3); the working for several is in the comments of `knownScores`.
    struct Case: Sendable, CustomTestStringConvertible {
        let vector: String
        let base: Double
        let temporal: Double?
        let environmental: Double?
        var testDescription: String { vector }

        init(_ vector: String, _ base: Double, temporal: Double? = nil, environmental: Double? = nil) {
            self.vector = vector
            self.base = base
            self.temporal = temporal
            self.environmental = environmental
        }
    }

    // Weights (7.4): AV N .85 A .62 L .55 P .2; AC L .77 H .44; PR N .85, L .62 (.68 changed),
    // H .27 (.5 changed); UI N .85 R .62; CIA H .56 L .22 N 0.
    static let cases: [Case] = [
        // ISS = 1 - .44³ = .914816; Impact = 6.42 × ISS = 5.87312;
        // Exploitability = 8.22 × .85 × .77 × .85 × .85 = 3.88704; sum 9.76016 → 9.8.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        // CVE-2021-44228. Impact = 7.52 × (.914816 - .029) - 3.25 × (.914816 - .02)¹⁵ = 6.04767;
        // 1.08 × (6.04767 + 3.88704) = 10.73 → capped at 10.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        // Exploitability = 8.22 × .55 × .77 × .62 × .85 = 1.83458; 5.87312 + 1.83458 = 7.7077 → 7.8.
        Case("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        // ISS = .22, Impact = 1.4124; Exploitability = 8.22 × .85 × .44 × .85 × .62 = 1.62015;
        // 3.03255 → 3.1.
        Case("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),
        // ISS = 0, so Impact = 0 and the score is 0 whatever the exploitability.
        Case("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0),
        // Scope changed, PR:L weighs .68: Exploitability = 3.10963; 1.08 × 9.15730 = 9.88988 → 9.9.
        Case("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
        // Scope changed, PR:H weighs .5: Exploitability = 2.28649; 1.08 × 8.33416 = 9.00089 → 9.1.
        Case("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1),
        Case("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
        Case("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:N", 5.5),
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),
        Case("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
        Case("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 8.8),

        // Temporal: Roundup(Base × E × RL × RC).
        // 6.1 × .94 × .97 × 1 = 5.56198 → 5.6 (the FIRST calculator's own example vector).
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C", 6.1, temporal: 5.6),
        // 9.8 × .97 × .95 = 9.0307 → 9.1.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:C", 9.8, temporal: 9.1),
        // 9.8 × .91 × .95 × .92 = 7.79433 → 7.8.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U", 9.8, temporal: 7.8),
        // Roundup edge case (Appendix A): 10 × .92 is 9.200000000000001 in binary floating
        // point; a plain ceiling gives 9.3, the specification's Roundup 9.2.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H/RC:U", 10.0, temporal: 9.2),
        // Only Not Defined: temporal equals base.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X", 9.8, temporal: 9.8),

        // Environmental. MISS = min(1 - (1 - CR×MC)(1 - IR×MI)(1 - AR×MA), .915).
        // CR/IR/AR L = .5: MISS = 1 - .72³ = .626752; 6.42 × MISS = 4.02375; + 3.88704 = 7.91079 → 8.0.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L", 9.8, environmental: 8.0),
        // CR/IR/AR H = 1.5: 1 - (1 - .84)³ = .995904, capped at .915; 5.8743 + 3.88704 → 9.8.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H", 9.8, environmental: 9.8),
        // MAV:L, MPR:H: 8.22 × .55 × .77 × .27 × .85 = .79893; 5.87312 + .79893 = 6.67205 → 6.7.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L/MPR:H", 9.8, environmental: 6.7),
        // Every modified impact None: modified impact 0, score 0.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N", 9.8, environmental: 0.0),
        // MS:U on a scope-changed vector: 6.42 × (1 - .78²) = 2.51407; 8.22 × .85 × .77 × .85 × .62
        // = 2.83526; 5.34933 → 5.4.
        Case("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/MS:U", 6.1, environmental: 5.4),
        // MS:C in v3.1: 7.52 × (.914816 - .029) - 3.25 × (.914816 × .9731 - .02)¹³ = 6.12808;
        // PR:L now .68: + 3.10963, × 1.08 = 9.97673 → 10.0.
        Case("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/MS:C", 8.8, environmental: 10.0),
        // The same vector in v3.0 keeps the old term, 3.25 × (MISS - .02)¹⁵: 6.04767;
        // 1.08 × 9.15730 = 9.88988 → 9.9.
        Case("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/MS:C", 8.8, environmental: 9.9),
        // Everything at once. Temporal: 9.8 × .94 × .96 × .96 = 8.48978 → 8.5.
        // MISS = 1 - (1 - 1.5×.22)(1 - 1×.56)(1 - .5×0) = .7052; changed:
        // 7.52 × .6762 - 3.25 × (.7052 × .9731 - .02)¹³ = 5.06847; MAV:A MAC:H MPR:L(.68) MUI:R:
        // 8.22 × .62 × .44 × .68 × .62 = .94540; 1.08 × 6.01387 = 6.49498 → 6.5;
        // 6.5 × .866304 = 5.63098 → 5.7.
        Case(
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:T/RC:R/CR:H/IR:M/AR:L/MAV:A/MAC:H/MPR:L/MUI:R/MS:C/MC:L/MI:H/MA:N",
            9.8, temporal: 8.5, environmental: 5.7),
        // In v3.0: 7.52 × .6762 - 3.25 × .6852¹⁵ = 5.07382; 1.08 × 6.01922 = 6.50076 → 6.6;
        // 6.6 × .866304 = 5.71761 → 5.8.
        Case(
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:T/RC:R/CR:H/IR:M/AR:L/MAV:A/MAC:H/MPR:L/MUI:R/MS:C/MC:L/MI:H/MA:N",
            9.8, temporal: 8.5, environmental: 5.8),
    ]

    @Test("Known vectors score as the specification's formulas give", arguments: cases)
    func knownScores(_ example: Case) throws {
        let cvss = try CVSS31(vector: example.vector)

        #expect(cvss.baseScore == example.base)
        #expect(cvss.temporalScore == example.temporal)
        #expect(cvss.environmentalScore == example.environmental)
    }

    @Test("Roundup: 4.02 → 4.1, 4.00 → 4.0, and floating-point noise does not round up")
    func roundUp() {
        #expect(CVSS31.roundUp(4.02) == 4.1)
        #expect(CVSS31.roundUp(4.00) == 4.0)
        #expect(CVSS31.roundUp(4.000000000000001) == 4.0)
        #expect(CVSS31.roundUp(10 * 0.92) == 9.2)
        #expect(CVSS31.roundUp(9.00089) == 9.1)
        #expect(CVSS31.roundUp(0) == 0)
        #expect(CVSS31.roundUp(10) == 10)
    }

    @Test("The normalised vector puts metrics in the specification's order and drops X")
    func normalisedVector() throws {
        let cvss = try CVSS31(vector: "  CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/MAV:L/E:X/CR:H/RL:O/MC:X\n")

        #expect(cvss.version == "3.1")
        #expect(cvss.vectorString == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RL:O/CR:H/MAV:L")
        #expect(try CVSS31(vector: cvss.vectorString).vectorString == cvss.vectorString)
    }

    @Test("A CVSS:3.0 vector keeps its version")
    func version30() throws {
        let cvss = try CVSS31(vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")

        #expect(cvss.version == "3.0")
        #expect(cvss.vectorString == "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        #expect(cvss.baseScore == 9.8)
    }

    @Test("No temporal or environmental metric: no temporal or environmental score")
    func absentScores() throws {
        let cvss = try CVSS31(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")

        #expect(cvss.temporalScore == nil)
        #expect(cvss.environmentalScore == nil)
    }

    @Test("Rating bands of the specification and the platform severity")
    func ratings() throws {
        let bands: [(Double, CVSS31.Rating)] = [
            (0.0, .none), (0.1, .low), (3.9, .low), (4.0, .medium), (6.9, .medium),
            (7.0, .high), (8.9, .high), (9.0, .critical), (10.0, .critical),
        ]
        for (score, rating) in bands {
            #expect(CVSS31.Rating(score: score) == rating, "score \(score)")
        }
        #expect(CVSS31.Rating.allCases.map(\.severity) == [.low, .low, .medium, .high, .critical])

        let zero = try CVSS31(vector: "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N")
        #expect(zero.baseSeverity == .none)
        #expect(zero.severity == .low)
        let critical = try CVSS31(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
        #expect(critical.baseSeverity == .critical)
        #expect(critical.severity == .critical)
    }

    @Test("CSAF metric names and values follow FIRST's cvss-v3.1 JSON schema")
    func csafMetrics() throws {
        let cvss = try CVSS31(vector:
            "CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H/E:P/RL:O/RC:C/CR:H/IR:M/AR:X/MAV:P/MAC:X/MPR:H/MUI:N/MS:U/MC:N/MI:L/MA:X")

        let metrics = cvss.csafMetrics.map { "\($0.name)=\($0.value)" }

        #expect(metrics == [
            "attackVector=ADJACENT_NETWORK", "attackComplexity=HIGH", "privilegesRequired=LOW",
            "userInteraction=REQUIRED", "scope=CHANGED", "confidentialityImpact=LOW",
            "integrityImpact=NONE", "availabilityImpact=HIGH",
            "exploitCodeMaturity=PROOF_OF_CONCEPT", "remediationLevel=OFFICIAL_FIX", "reportConfidence=CONFIRMED",
            "confidentialityRequirement=HIGH", "integrityRequirement=MEDIUM", "availabilityRequirement=NOT_DEFINED",
            "modifiedAttackVector=PHYSICAL", "modifiedAttackComplexity=NOT_DEFINED",
            "modifiedPrivilegesRequired=HIGH", "modifiedUserInteraction=NONE", "modifiedScope=UNCHANGED",
            "modifiedConfidentialityImpact=NONE", "modifiedIntegrityImpact=LOW",
            "modifiedAvailabilityImpact=NOT_DEFINED",
        ])
    }

    @Test("CSAF values of the other letters")
    func csafValues() throws {
        let cvss = try CVSS31(vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N/E:U/RL:T/RC:U/MAV:N")
        let metrics = Dictionary(uniqueKeysWithValues: cvss.csafMetrics.map { ($0.name, $0.value) })
        #expect(metrics["attackVector"] == "LOCAL")
        #expect(metrics["exploitCodeMaturity"] == "UNPROVEN")
        #expect(metrics["remediationLevel"] == "TEMPORARY_FIX")
        #expect(metrics["reportConfidence"] == "UNKNOWN")
        #expect(metrics["modifiedAttackVector"] == "NETWORK")
        #expect(metrics.count == 12)

        let other = try CVSS31(vector: "CVSS:3.1/AV:P/AC:L/PR:H/UI:N/S:U/C:N/I:N/A:N/E:F/RL:W/RC:R/CR:L")
        let more = Dictionary(uniqueKeysWithValues: other.csafMetrics.map { ($0.name, $0.value) })
        #expect(more["attackVector"] == "PHYSICAL")
        #expect(more["exploitCodeMaturity"] == "FUNCTIONAL")
        #expect(more["remediationLevel"] == "WORKAROUND")
        #expect(more["reportConfidence"] == "REASONABLE")
        #expect(more["confidentialityRequirement"] == "LOW")

        let last = try CVSS31(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/RL:U")
        let rest = Dictionary(uniqueKeysWithValues: last.csafMetrics.map { ($0.name, $0.value) })
        #expect(rest["exploitCodeMaturity"] == "HIGH")
        #expect(rest["remediationLevel"] == "UNAVAILABLE")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let vector: String
        let failure: CVSS31.Failure
        var testDescription: String { vector.isEmpty ? "(empty)" : vector }
    }

    static let base = "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"

    static let refusals: [Refusal] = [
        Refusal(vector: "", failure: .init(key: "advisory.cvss.prefix", values: ["value": ""])),
        Refusal(vector: base, failure: .init(key: "advisory.cvss.prefix", values: ["value": "AV:N"])),
        Refusal(vector: "CVSS:2.0/" + base, failure: .init(key: "advisory.cvss.prefix", values: ["value": "CVSS:2.0"])),
        Refusal(vector: "cvss:3.1/" + base, failure: .init(key: "advisory.cvss.prefix", values: ["value": "cvss:3.1"])),
        Refusal(vector: "CVSS:3.1/AV:N//AC:L", failure: .init(key: "advisory.cvss.malformed", values: ["value": ""])),
        Refusal(vector: "CVSS:3.1/AVN/AC:L", failure: .init(key: "advisory.cvss.malformed", values: ["value": "AVN"])),
        Refusal(vector: "CVSS:3.1/:N", failure: .init(key: "advisory.cvss.malformed", values: ["value": ":N"])),
        Refusal(vector: "CVSS:3.1/" + base + "/", failure: .init(key: "advisory.cvss.malformed", values: ["value": ""])),
        Refusal(vector: "CVSS:3.1/" + base + "/XX:1", failure: .init(key: "advisory.cvss.unknown_metric", values: ["metric": "XX"])),
        Refusal(vector: "CVSS:3.1/av:N", failure: .init(key: "advisory.cvss.unknown_metric", values: ["metric": "av"])),
        Refusal(vector: "CVSS:3.1/AV:Q/AC:L", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "AV", "value": "Q"])),
        Refusal(vector: "CVSS:3.1/AV:X", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "AV", "value": "X"])),
        Refusal(vector: "CVSS:3.1/AV:", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "AV", "value": ""])),
        Refusal(vector: "CVSS:3.1/AV:NL", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "AV", "value": "NL"])),
        Refusal(vector: "CVSS:3.1/" + base + "/E:Z", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "E", "value": "Z"])),
        Refusal(vector: "CVSS:3.1/" + base + "/CR:N", failure: .init(key: "advisory.cvss.bad_value", values: ["metric": "CR", "value": "N"])),
        Refusal(vector: "CVSS:3.1/AV:N/AV:N", failure: .init(key: "advisory.cvss.duplicate", values: ["metric": "AV"])),
        Refusal(vector: "CVSS:3.1/" + base + "/E:X/E:P", failure: .init(key: "advisory.cvss.duplicate", values: ["metric": "E"])),
        Refusal(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", failure: .init(key: "advisory.cvss.missing", values: ["metric": "A"])),
        Refusal(vector: "CVSS:3.1/", failure: .init(key: "advisory.cvss.missing", values: ["metric": "AV"])),
        Refusal(vector: "CVSS:3.1/E:P/AC:L", failure: .init(key: "advisory.cvss.missing", values: ["metric": "AV"])),
    ]

    @Test("Refused vectors name the failure and the metric", arguments: refusals)
    func refused(_ refusal: Refusal) {
        #expect(throws: refusal.failure) {
            try CVSS31(vector: refusal.vector)
        }
    }
}
