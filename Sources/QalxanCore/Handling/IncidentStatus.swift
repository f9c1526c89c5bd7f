import Foundation

/// Where an incident stands in its handling.
///
/// new → open → in progress → waiting → resolved → closed, or rejected / merged.
public enum IncidentStatus: String, Sendable, CaseIterable, Codable {
    case new
    case open
    case inProgress = "in_progress"
    case waiting
    case resolved
    case closed
    case rejected
    case merged

    /// Statuses an incident may move to from this one.
    public var allowedTargets: [IncidentStatus] {
        switch self {
        case .new: [.open, .inProgress, .rejected, .merged]
        case .open: [.inProgress, .waiting, .resolved, .rejected, .merged]
        case .inProgress: [.open, .waiting, .resolved, .rejected, .merged]
        case .waiting: [.open, .inProgress, .resolved, .merged]
        case .resolved: [.inProgress, .closed]
        case .closed: [.open]
        case .rejected: [.open]
        // A merged incident lives on in its target; it never moves again.
        case .merged: []
        }
    }

    /// Whether moving from this status to `target` is allowed.
    public func canMove(to target: IncidentStatus) -> Bool { allowedTargets.contains(target) }

    /// Whether the incident still needs work.
    public var isActive: Bool {
        switch self {
        case .new, .open, .inProgress, .waiting: true
        case .resolved, .closed, .rejected, .merged: false
        }
    }

    /// Catalog key of the label.
    public var labelKey: String { "status.\(rawValue)" }
}

/// The times the workflow keeps on an incident.
public struct IncidentClock: Sendable, Equatable {
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?

    public init(firstResponseAt: Date? = nil, resolvedAt: Date? = nil, closedAt: Date? = nil) {
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
    }
}

/// Why a status change was refused.
public enum WorkflowError: Error, Equatable, Sendable {
    case transitionNotAllowed(from: IncidentStatus, to: IncidentStatus)
    case mergeNeedsTarget
    case mergeIntoSelf
    case mergeTargetNotActive
}

/// The rules of the handling workflow, free of storage.
public enum Workflow {
    /// Applies a status change to the clock: the first move out of `new` is the first
    /// response; entering `resolved` or `closed` stamps those times; reopening clears them.
    public static func transition(
        from current: IncidentStatus, to target: IncidentStatus, clock: IncidentClock, at now: Date
    ) throws(WorkflowError) -> IncidentClock {
        guard current.canMove(to: target) else {
            throw .transitionNotAllowed(from: current, to: target)
        }
        var clock = clock
        if current == .new, clock.firstResponseAt == nil { clock.firstResponseAt = now }
        switch target {
        case .resolved:
            clock.resolvedAt = now
            clock.closedAt = nil
        case .closed:
            if clock.resolvedAt == nil { clock.resolvedAt = now }
            clock.closedAt = now
        case .rejected, .merged:
            clock.closedAt = now
        case .open, .inProgress, .waiting:
            // Reopened: the incident is no longer resolved or closed.
            clock.resolvedAt = nil
            clock.closedAt = nil
        case .new:
            break
        }
        return clock
    }

    /// Staff activity other than a status change (a comment, a note) also counts as the
    /// first response if none was recorded yet.
    public static func recordResponse(clock: IncidentClock, at now: Date) -> IncidentClock {
        var clock = clock
        if clock.firstResponseAt == nil { clock.firstResponseAt = now }
        return clock
    }
}
