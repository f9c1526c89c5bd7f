import Foundation
import QalxanCore

/// A URL from a feed, split by hand into what events store about it: the URL text, its
/// host as an address or a domain name, and an explicit port.
///
/// The check is the one IntelMQ's `URL` type makes (a scheme and a non-empty host), plus
/// a port that is a port; the path is not looked at, since malicious URLs are often not
/// valid by RFC 3986 and are still what a constituent has to find in its logs.
public struct FeedURL: Sendable, Equatable {
    /// The URL, trimmed, with a defanged `hxxp`/`hxxps` scheme restored.
    public let text: String
    /// The host as written (without brackets for IPv6).
    public let host: String
    /// The host when it is an IP address, in canonical form.
    public let ip: String?
    /// The host when it is a domain name, normalised.
    public let fqdn: String?
    /// The port when the URL names one.
    public let port: Int?

    /// Splits `raw`; nil when it has no `scheme://host`, holds control characters, or
    /// names a port that is not 0–65535.
    public init?(_ raw: String) {
        var bytes = Array(FeedFields.trimmed(raw).utf8)
        guard !bytes.isEmpty, !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        // Scheme: a letter, then letters, digits, `+ - .`, then `://`.
        var i = 0
        while i < bytes.count, FeedURL.isSchemeByte(bytes[i], first: i == 0) { i += 1 }
        guard i > 0, i + 2 < bytes.count, bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F else { return nil }
        let scheme = bytes[0..<i].map { $0 | 0x20 }
        if scheme.elementsEqual("hxxp".utf8) || scheme.elementsEqual("hxxps".utf8) {
            bytes[1] = UInt8(ascii: "t")
            bytes[2] = UInt8(ascii: "t")
        }
        let authorityStart = i + 3
        var end = authorityStart
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
        var hostStart = authorityStart
        if let at = bytes[authorityStart..<end].lastIndex(of: 0x40) { hostStart = at + 1 }
        var hostEnd = end
        var portText: ArraySlice<UInt8> = []
        if hostStart < end, bytes[hostStart] == 0x5B {
            // `[2001:db8::1]:8080`
            guard let close = bytes[hostStart..<end].firstIndex(of: 0x5D) else { return nil }
            hostEnd = close
            hostStart += 1
            if close + 1 < end {
                guard bytes[close + 1] == 0x3A else { return nil }
                portText = bytes[(close + 2)..<end]
            }
        } else if let colon = bytes[hostStart..<end].firstIndex(of: 0x3A) {
            hostEnd = colon
            portText = bytes[(colon + 1)..<end]
        }
        guard hostEnd > hostStart else { return nil }
        var port: Int?
        if !portText.isEmpty {
            guard portText.count <= 5, portText.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let n = portText.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard n <= 65535 else { return nil }
            port = n
        }
        let host = String(decoding: bytes[hostStart..<hostEnd], as: UTF8.self)
        self.text = String(decoding: bytes, as: UTF8.self)
        self.host = host
        self.port = port
        if let ip = FeedValues.canonicalIP(host) {
            self.ip = ip
            self.fqdn = nil
        } else {
            self.ip = nil
            self.fqdn = DomainName.normalise(host)
        }
    }

    static func isSchemeByte(_ b: UInt8, first: Bool) -> Bool {
        let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
        if first { return letter }
        return letter || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
    }
}
