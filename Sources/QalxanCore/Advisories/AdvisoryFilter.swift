/// What a list of advisories is narrowed to: kind, severity, year of first publication.
/// The public list, the feeds and the CSAF folders all filter with it.
public struct AdvisoryFilter: Sendable, Equatable {
    public var kind: Advisory.Kind?
    public var severity: Severity?
    public var year: Int?

    public init(kind: Advisory.Kind? = nil, severity: Severity? = nil, year: Int? = nil) {
        self.kind = kind
        self.severity = severity
        self.year = year
    }

    /// Whether `advisory`, first published in `year`, is in the selection.
    public func matches(_ advisory: Advisory, year: Int) -> Bool {
        (kind == nil || advisory.kind == kind) && (severity == nil || advisory.severity == severity)
            && (self.year == nil || year == self.year)
    }

    /// The query items of this filter, for links.
    public var query: [(String, String)] {
        var q: [(String, String)] = []
        if let kind { q.append(("kind", kind.rawValue)) }
        if let severity { q.append(("severity", severity.rawValue)) }
        if let year { q.append(("year", String(year))) }
        return q
    }
}
