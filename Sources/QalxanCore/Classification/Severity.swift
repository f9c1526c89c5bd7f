/// How serious an incident is; drives sorting, queues and (later) SLA targets.
public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case low, medium, high, critical

    /// Numeric rank stored beside the label so that lists sort by severity.
    public var rank: Int {
        switch self {
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public init?(rank: Int) {
        guard let s = Severity.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = s
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// Catalog key of the label.
    public var labelKey: String { "severity.\(rawValue)" }
}
