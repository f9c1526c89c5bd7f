import Foundation

extension MIMEEntity {
    /// Adds the real subject inside the content (protected headers): an encrypted
    /// message's outer subject is then only the tracking number and the TLP label.
    public mutating func protectSubject(_ subject: String) {
        let value = EncodedWord.needsEncoding(subject) ? EncodedWord.encode(subject) : subject
        headers.append((name: "Subject", value: value))
        if case .bytes = body {
            // Single-part content: the Content-Type parameter marks protected headers.
            headers = headers.map { h in
                h.name.lowercased() == "content-type" && !h.value.contains("protected-headers") ? (h.name, h.value + "; protected-headers=\"v1\"") : h
            }
        }
    }
}
