/// Traffic Light Protocol 2.0 (FIRST): who may receive a piece of information.
public enum TLP: String, Sendable, CaseIterable, Codable, Comparable {
    case clear = "TLP:CLEAR"
    case green = "TLP:GREEN"
    case amber = "TLP:AMBER"
    case amberStrict = "TLP:AMBER+STRICT"
    case red = "TLP:RED"

    /// The label a new report gets when the reporter chooses none.
    public static let defaultForReports: TLP = .amber

    /// Order of restriction: CLEAR is the least restricted, RED the most.
    public var rank: Int {
        switch self {
        case .clear: 0
        case .green: 1
        case .amber: 2
        case .amberStrict: 3
        case .red: 4
        }
    }

    public static func < (lhs: TLP, rhs: TLP) -> Bool { lhs.rank < rhs.rank }

    /// Lower-case key used in URLs, forms and catalog keys (`clear`, `amber-strict`, …).
    public var slug: String {
        switch self {
        case .clear: "clear"
        case .green: "green"
        case .amber: "amber"
        case .amberStrict: "amber-strict"
        case .red: "red"
        }
    }

    /// Parses the label (`TLP:AMBER+STRICT`), the slug (`amber-strict`) or the bare
    /// colour (`amber`), ignoring case; `WHITE` is read as `CLEAR` (TLP 1.0).
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasPrefix("TLP:") { s.removeFirst(4) }
        switch s {
        case "CLEAR", "WHITE": self = .clear
        case "GREEN": self = .green
        case "AMBER": self = .amber
        case "AMBER+STRICT", "AMBER-STRICT", "AMBER_STRICT": self = .amberStrict
        case "RED": self = .red
        default: return nil
        }
    }
}

/// Permissible Actions Protocol (FIRST): what a recipient may do with information.
public enum PAP: String, Sendable, CaseIterable, Codable {
    case clear = "PAP:CLEAR"
    case green = "PAP:GREEN"
    case amber = "PAP:AMBER"
    case red = "PAP:RED"

    public var slug: String {
        switch self {
        case .clear: "clear"
        case .green: "green"
        case .amber: "amber"
        case .red: "red"
        }
    }

    /// Parses the label or the bare colour, ignoring case; `WHITE` is read as `CLEAR`.
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasPrefix("PAP:") { s.removeFirst(4) }
        switch s {
        case "CLEAR", "WHITE": self = .clear
        case "GREEN": self = .green
        case "AMBER": self = .amber
        case "RED": self = .red
        default: return nil
        }
    }
}

import Foundation
