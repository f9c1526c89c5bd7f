import Foundation

/// PGP/MIME wrappers (RFC 3156) built around content that is already rendered, so
/// that what is signed is exactly what is sent: the content's bytes go between the
/// boundaries unchanged.
public enum PGPMIME {
    /// A boundary that does not occur in any of `parts`.
    public static func boundary(avoiding parts: [[UInt8]]) -> String {
        while true {
            let b = "=_qx_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let needle = Array(b.utf8)
            if !parts.contains(where: { contains($0, needle) }) { return b }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first && Array(haystack[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }

    /// `multipart/signed`: its Content-Type header value and its body. `content` is the
    /// rendered entity that was signed (CRLF line endings, 7-bit).
    public static func signed(content: [UInt8], armoredSignature: String, micalg: String) -> (contentType: String, body: [UInt8]) {
        let signature = normalise(armoredSignature)
        let b = boundary(avoiding: [content, signature])
        var body: [UInt8] = []
        body += Array("This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--\(b)\r\n".utf8)
        body += content
        body += Array("\r\n--\(b)\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\n".utf8)
        body += Array("Content-Description: OpenPGP digital signature\r\nContent-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n".utf8)
        body += signature
        body += Array("\r\n--\(b)--\r\n".utf8)
        return ("multipart/signed; micalg=\"\(micalg)\"; protocol=\"application/pgp-signature\"; boundary=\"\(b)\"", body)
    }

    /// `multipart/encrypted`: its Content-Type header value and its body.
    public static func encrypted(armored: String) -> (contentType: String, body: [UInt8]) {
        let data = normalise(armored)
        let b = boundary(avoiding: [data])
        var body: [UInt8] = []
        body += Array("This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--\(b)\r\n".utf8)
        body += Array("Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n".utf8)
        body += Array("--\(b)\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n".utf8)
        body += Array("Content-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n".utf8)
        body += data
        body += Array("\r\n--\(b)--\r\n".utf8)
        return ("multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"\(b)\"", body)
    }

    /// A whole entity: `Content-Type` header, blank line, body.
    public static func entity(contentType: String, body: [UInt8]) -> [UInt8] {
        Array("Content-Type: \(contentType)\r\n\r\n".utf8) + body
    }

    /// ASCII armour with CRLF line endings and no trailing line break.
    static func normalise(_ armored: String) -> [UInt8] {
        let lines = armored.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var text = lines.joined(separator: "\r\n")
        while text.hasSuffix("\r\n") { text.removeLast() }  // "\r\n" is one Character
        return Array(text.utf8)
    }
}

extension MIMEEntity {
    /// An entity whose body is already rendered (a PGP/MIME wrapper from `PGPMIME`).
    public init(contentType: String, rawBody: [UInt8]) {
        self.init(headers: [(name: "Content-Type", value: contentType)], body: .bytes(rawBody))
    }
}

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
