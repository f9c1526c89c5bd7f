import Foundation

/// Whether a message came in or goes out.
public enum MailDirection: String, Sendable, Codable, CaseIterable {
    case inbound = "in"
    case outbound = "out"

    public var labelKey: String { "mail.direction.\(rawValue)" }
}

/// Where a message is in its life.
public enum MailState: String, Sendable, Codable, CaseIterable {
    // Inbound.
    /// Stored raw; not yet read (or reading was interrupted).
    case received
    /// Added to an incident's (or a report's) correspondence.
    case threaded
    /// Became a new report in the triage queue.
    case report
    /// A delivery status notification matched to the message that bounced.
    case bounce
    /// Could not be read or trusted; staff see the reason and can replay it.
    case quarantined
    // Outbound.
    /// Not sent and not queued: a rule refused it (no key for an organisation that
    /// requires encryption, no team key to sign with); can be released after a fix.
    case held
    case queued
    case sending
    case sent
    /// Given up: a permanent refusal or too many temporary failures.
    case failed
    /// Sent, then returned by a delivery status notification.
    case bounced

    public var labelKey: String { "mail.state.\(rawValue)" }

    /// An inbound message in this state may be read again (staff replay it).
    public var canReplay: Bool { self == .quarantined || self == .received }
    /// An outbound message in this state may be composed and queued again.
    public var canRelease: Bool { self == .held || self == .failed }
}

/// What checking an OpenPGP signature found.
public enum MailSignatureState: String, Sendable, Codable, CaseIterable {
    case none
    case valid
    case bad
    /// Signed with a key the team does not have.
    case unknownKey = "unknown_key"
    case error

    public var labelKey: String { "mail.signature.\(rawValue)" }
}

/// Fixed rules of the mail system.
public enum MailPolicy {
    /// Bounces in a row after which a contact is flagged on its organisation.
    public static let bounceFlagThreshold = 3
    /// Delivery attempts before a message is given up.
    public static let maxAttempts = 8

    /// The wait before attempt `attempt + 1` after `attempt` temporary failures:
    /// 1, 5, 15, 30 minutes, then 1, 2, 4 hours.
    public static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let minutes = [1, 5, 15, 30, 60, 120, 240]
        return Double(minutes[max(0, min(attempt - 1, minutes.count - 1))]) * 60
    }

    /// Whether a message must not be answered automatically (RFC 3834): it says it was
    /// generated automatically, comes from a list or a bulk sender, or from a mailer.
    public static func isAutomatic(autoSubmitted: String?, precedence: String?, listID: String?, from: String) -> Bool {
        if let a = autoSubmitted?.trimmingCharacters(in: .whitespaces).lowercased(), !a.isEmpty, a != "no" { return true }
        if let p = precedence?.trimmingCharacters(in: .whitespaces).lowercased(), ["bulk", "list", "junk", "auto_reply"].contains(p) { return true }
        if let l = listID, !l.isEmpty { return true }
        let local = from.lowercased().split(separator: "@").first.map(String.init) ?? ""
        return from.isEmpty || ["mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply", "donotreply"].contains(local)
            || local.hasPrefix("bounce") || local.hasPrefix("owner-") || local.hasSuffix("-request")
    }
}
