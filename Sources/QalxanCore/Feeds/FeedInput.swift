import Foundation

/// A feed's settings as an administrator types them: what the console form shows and
/// what `FeedService` checks and saves.
public struct FeedInput: Sendable, Equatable {
    public var name: String
    public var provider: String
    public var format: String
    public var report: String
    public var url: String
    public var directory: String
    /// Minutes between fetches as typed; `0`: only by hand.
    public var scheduleMinutes: String
    /// A TLP label (`TLP:AMBER`).
    public var tlp: String
    public var enabled: Bool
    /// The column mapping of a generic CSV feed.
    public var mapping: String

    public init(name: String = "", provider: String = "", format: String = "", report: String = "", url: String = "",
                directory: String = "", scheduleMinutes: String = "0", tlp: String = TLP.amber.rawValue, enabled: Bool = true,
                mapping: String = "") {
        self.name = name
        self.provider = provider
        self.format = format
        self.report = report
        self.url = url
        self.directory = directory
        self.scheduleMinutes = scheduleMinutes
        self.tlp = tlp
        self.enabled = enabled
        self.mapping = mapping
    }
}
