import Foundation
import QalxanCore
import QalxanFormats
import QalxanServices
import QalxanViews

extension EventFilter {
    /// The explorer's (and the API's) filter values as a search; field → catalog key of
    /// what cannot be read. A date without a time in `to` means the end of that day when
    /// `wholeDays`, its start otherwise (the API's documented, exclusive bound).
    func search(perPage: Int = 50, wholeDays: Bool = true, errors: inout [String: String]) -> EventSearch {
        func time(_ text: String, _ field: String, endOfDay: Bool) -> Int64? {
            guard !text.isEmpty else { return nil }
            if let t = FeedTime.parse(text) { return Int64(t) }
            if let t = FeedTime.parse(text + " 00:00:00") { return Int64(t) + (endOfDay ? 86_400 : 0) }
            errors[field] = "error.date"
            return nil
        }
        let from = time(self.from, "from", endOfDay: false), to = time(self.to, "to", endOfDay: wholeDays)
        var asn: Int64? = nil
        if !self.asn.isEmpty {
            if case .success(.asn(let n)) = NetworkValue.parse(self.asn.uppercased().hasPrefix("AS") ? self.asn : "AS" + self.asn) {
                asn = Int64(n)
            } else { errors["asn"] = "error.network.asn" }
        }
        var organisation: UUID? = nil
        if !self.organisation.isEmpty {
            if let id = UUID(uuidString: self.organisation) { organisation = id } else { errors["organisation"] = "error.choice" }
        }
        if !ip.isEmpty, IPAddress(ip) == nil, IPPrefix(ip) == nil { errors["ip"] = "error.network.prefix" }
        return EventSearch(from: from, to: to, feed: feed.isEmpty ? nil : feed, classification: type.isEmpty ? nil : type,
                           organisation: organisation, network: ip.isEmpty ? nil : ip, asn: asn, page: page, perPage: perPage)
    }
}
