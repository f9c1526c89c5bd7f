/// What a staff member may do. Checked on every route and every service call.
public enum Role: String, Sendable, CaseIterable, Codable {
    case administrator
    case coordinator
    case handler
    case viewer
    /// A partner team's account: reads advisories (TLP:GREEN and AMBER, never RED) and
    /// constituent articles, and keeps its own API tokens; sees nothing else.
    case partner

    /// Catalog key of the label.
    public var labelKey: String { "role.\(rawValue)" }

    /// Whether this role grants `permission`.
    public func allows(_ permission: Permission) -> Bool {
        if self == .partner { return permission == .viewAdvisories || permission == .manageOwnTokens }
        switch permission {
        case .viewIncidents, .manageOwnTokens, .viewConstituency, .viewEvents, .viewAdvisories, .readStaffArticles:
            return true
        case .viewRestricted:
            // TLP:RED is for named recipients: viewers do not see it.
            return self != .viewer
        case .triageReports, .editIncidents, .comment, .ingestEvents, .editAdvisories, .editArticles, .readMail, .sendMail:
            return self != .viewer
        case .assignOthers, .reopenClosed, .editConstituency, .publishAdvisories, .manageMailTemplates:
            return self == .administrator || self == .coordinator
        case .manageUsers, .editTeamProfile, .readAudit, .manageFeeds:
            return self == .administrator
        }
    }

    /// API scopes a token of a user with this role may carry.
    public var grantableScopes: [APIScope] {
        APIScope.allCases.filter { allows($0.permission) }
    }
}

/// One thing a role may or may not do.
public enum Permission: String, Sendable, CaseIterable {
    case viewIncidents
    case viewRestricted
    case triageReports
    case editIncidents
    case comment
    case assignOthers
    case reopenClosed
    case manageUsers
    case editTeamProfile
    case readAudit
    case manageOwnTokens
    /// Read organisations, contacts and networks; use the lookup.
    case viewConstituency
    /// Create, edit, merge and import organisations, contacts and networks.
    case editConstituency
    /// Read feed events, ingest runs and quarantined rows (TLP:RED events still need
    /// `viewRestricted`).
    case viewEvents
    /// Ingest files and bulk events, replay runs, promote events into incidents.
    case ingestEvents
    /// Configure feeds: sources, formats, schedules, TLP.
    case manageFeeds
    /// Read every advisory, drafts and TLP-restricted ones included (TLP:RED still needs
    /// `viewRestricted`); partner teams get it through an API token.
    case viewAdvisories
    /// Write and edit advisories, alerts and news as drafts.
    case editAdvisories
    /// Publish them: on the site, in the feeds and as CSAF documents.
    case publishAdvisories
    /// Write, edit and publish knowledge-base articles.
    case editArticles
    /// Read the team's own articles (handling procedures), not only those for the
    /// constituency.
    case readStaffArticles
    /// Reads the mail gateway's messages, the quarantine and the outbox.
    case readMail
    /// Writes to constituents, reporters and partners; replays quarantined mail.
    case sendMail
    case manageMailTemplates
}

/// What an API token may be used for. A token never grants more than its owner's role.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    case reportsWrite = "reports:write"
    case incidentsRead = "incidents:read"
    case incidentsWrite = "incidents:write"
    case constituencyRead = "constituency:read"
    case constituencyWrite = "constituency:write"
    case eventsRead = "events:read"
    case eventsWrite = "events:write"
    case advisoriesRead = "advisories:read"

    /// The role permission that backs this scope.
    public var permission: Permission {
        switch self {
        // Writing reports changes the triage queue: not for a read-only role.
        case .reportsWrite: .triageReports
        case .incidentsRead: .viewIncidents
        case .incidentsWrite: .editIncidents
        case .constituencyRead: .viewConstituency
        case .constituencyWrite: .editConstituency
        case .eventsRead: .viewEvents
        case .eventsWrite: .ingestEvents
        case .advisoriesRead: .viewAdvisories
        }
    }
}
