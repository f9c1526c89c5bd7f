import Foundation

/// One MIME entity (RFC 2045/2046): header fields plus either a leaf body or a list of parts.
///
/// ## Deterministic rendering
/// ``render()`` is a pure function of the entity's stored values: it returns the same bytes on every call.
/// Multipart boundaries are chosen randomly **once, when the entity is created** by one of the factory
/// functions, and stored in the `boundary` parameter of ``Body/multipart(subtype:parameters:parts:)``.
/// This is what makes PGP/MIME signing possible: the bytes you sign are `content.render()`, and
/// ``signed(content:armoredSignature:micalg:)`` embeds exactly those bytes.
/// (If a multipart body has no `boundary` parameter, or its boundary occurs inside a part, a boundary is
/// derived deterministically from the content instead.)
public struct MIMEEntity: Sendable {
    /// Header fields of this entity. Values must already be encoded (ASCII); CR/LF/control characters are
    /// removed and long lines are folded when rendering. For multipart bodies `Content-Type` is generated
    /// from the body and any `Content-Type` entry here is ignored.
    public var headers: [(name: String, value: String)]

    /// The body of an entity.
    public enum Body: Sendable {
        /// Already transfer-encoded body bytes, emitted verbatim after the blank line.
        case bytes([UInt8])
        /// A `multipart/<subtype>` body; `parameters` hold e.g. `boundary`, `protocol`, `micalg`.
        case multipart(subtype: String, parameters: [(String, String)], parts: [MIMEEntity])
        /// A whole entity rendered before (headers, blank line and body), emitted exactly as it is
        /// (`headers` are ignored): content that was signed, or kept to be signed again later.
        case rendered([UInt8])
    }

    /// The body.
    public var body: Body

    /// Creates an entity from raw parts. Prefer the factory functions, which encode content correctly.
    public init(headers: [(name: String, value: String)], body: Body) {
        self.headers = headers
        self.body = body
    }

    /// Serialises the entity (headers, blank line, body) with CRLF line endings. Deterministic.
    public func render() -> [UInt8] {
        var out: [UInt8] = []
        switch body {
        case .rendered(let bytes):
            out += bytes
        case .bytes(let bytes):
            for header in headers { out += HeaderText.renderField(name: header.name, value: header.value) }
            out += [0x0D, 0x0A]
            out += bytes
        case .multipart(let subtype, let parameters, let parts):
            let renderedParts = parts.map { $0.render() }
            let stored = parameters.first { $0.0.lowercased() == "boundary" }?.1
            let boundary = Self.usableBoundary(preferred: stored.map(HeaderText.sanitized), parts: renderedParts)
            var contentType = "multipart/" + (MIMEParameter.isToken(subtype) ? subtype.lowercased() : "mixed")
            for (name, value) in parameters where name.lowercased() != "boundary" && MIMEParameter.isToken(name) {
                contentType += MIMEParameter.simple(name, value)
            }
            contentType += MIMEParameter.simple("boundary", boundary)
            out += HeaderText.renderField(name: "Content-Type", value: contentType)
            for header in headers where header.name.lowercased() != "content-type" {
                out += HeaderText.renderField(name: header.name, value: header.value)
            }
            out += [0x0D, 0x0A]
            let delimiter = Array("--\(boundary)".utf8)
            for (index, part) in renderedParts.enumerated() {
                if index > 0 { out += [0x0D, 0x0A] }
                out += delimiter + [0x0D, 0x0A]
                out += part
            }
            out += [0x0D, 0x0A] + delimiter + Array("--\r\n".utf8)
        }
        return out
    }

    // MARK: - Factories

    /// A `text/<subtype>; charset=utf-8` part. Line endings are normalised to CRLF and the text ends with CRLF.
    /// Uses `quoted-printable` when needed (non-ASCII, lines > 76, trailing whitespace, lines starting with
    /// `From ` or `.`, control characters), `7bit` otherwise.
    public static func text(_ text: String, subtype: String = "plain") -> MIMEEntity {
        let lines = TransferEncoding.lines(of: Array(text.utf8))
        let sub = MIMEParameter.isToken(subtype) ? subtype.lowercased() : "plain"
        let sevenBit = TransferEncoding.isSafe7bit(lines)
        return MIMEEntity(
            headers: [
                ("Content-Type", "text/\(sub); charset=utf-8"),
                ("Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable"),
            ],
            body: .bytes(sevenBit ? TransferEncoding.joinCRLF(lines) : TransferEncoding.quotedPrintable(lines))
        )
    }

    /// A base64 attachment (lines of 76). The file name is sent as RFC 2231 `filename*=UTF-8''…` when it is
    /// not plain ASCII, always followed by an ASCII fallback `filename="…"`. An invalid `contentType`
    /// becomes `application/octet-stream`.
    public static func attachment(fileName: String, contentType: String, data: [UInt8]) -> MIMEEntity {
        let type = MIMEParameter.mediaType(HeaderText.sanitized(contentType)) ?? "application/octet-stream"
        return MIMEEntity(
            headers: [
                ("Content-Type", type + MIMEParameter.fileName("name", fileName)),
                ("Content-Disposition", "attachment" + MIMEParameter.fileName("filename", fileName)),
                ("Content-Transfer-Encoding", "base64"),
            ],
            body: .bytes(TransferEncoding.base64(data))
        )
    }

    /// A `multipart/<subtype>` entity with a fresh random boundary that does not occur in any part.
    public static func multipart(subtype: String, parameters: [(String, String)] = [], parts: [MIMEEntity]) -> MIMEEntity {
        let rendered = parts.map { $0.render() }
        var boundary = randomBoundary()
        while rendered.contains(where: { $0.contains(subsequence: Array("--\(boundary)".utf8)) }) {
            boundary = randomBoundary()
        }
        return MIMEEntity(
            headers: [],
            body: .multipart(subtype: subtype, parameters: parameters + [("boundary", boundary)], parts: parts)
        )
    }

    /// A `multipart/mixed` entity (e.g. text plus attachments).
    public static func mixed(_ parts: [MIMEEntity]) -> MIMEEntity {
        multipart(subtype: "mixed", parts: parts)
    }

    /// RFC 3156 §5 `multipart/signed; micalg=…; protocol="application/pgp-signature"`.
    ///
    /// `armoredSignature` must be a detached signature over exactly `content.render()` (which is
    /// deterministic, see the type documentation). `micalg` is e.g. `pgp-sha256`.
    public static func signed(content: MIMEEntity, armoredSignature: String, micalg: String) -> MIMEEntity {
        let signature = MIMEEntity(
            headers: [
                ("Content-Type", "application/pgp-signature; name=\"signature.asc\""),
                ("Content-Description", "OpenPGP digital signature"),
                ("Content-Disposition", "attachment; filename=\"signature.asc\""),
            ],
            body: .bytes(TransferEncoding.joinCRLF(TransferEncoding.lines(of: Array(armoredSignature.utf8))))
        )
        let alg = MIMEParameter.isToken(micalg) ? micalg.lowercased() : "pgp-sha256"
        return multipart(
            subtype: "signed",
            parameters: [("micalg", alg), ("protocol", "application/pgp-signature")],
            parts: [content, signature]
        )
    }

    /// RFC 3156 §4 `multipart/encrypted; protocol="application/pgp-encrypted"` with the version part
    /// (`Version: 1`) and the armored data as `application/octet-stream; name="encrypted.asc"` (inline).
    public static func encrypted(armored: String) -> MIMEEntity {
        let version = MIMEEntity(
            headers: [
                ("Content-Type", "application/pgp-encrypted"),
                ("Content-Description", "PGP/MIME version identification"),
            ],
            body: .bytes(Array("Version: 1\r\n".utf8))
        )
        let payload = MIMEEntity(
            headers: [
                ("Content-Type", "application/octet-stream; name=\"encrypted.asc\""),
                ("Content-Description", "OpenPGP encrypted message"),
                ("Content-Disposition", "inline; filename=\"encrypted.asc\""),
            ],
            body: .bytes(TransferEncoding.joinCRLF(TransferEncoding.lines(of: Array(armored.utf8))))
        )
        return multipart(subtype: "encrypted", parameters: [("protocol", "application/pgp-encrypted")], parts: [version, payload])
    }

    // MARK: - Boundaries

    private static func randomBoundary() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "=_Qx_" + String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// The stored boundary if it is valid and absent from all parts; otherwise a deterministic derivation.
    private static func usableBoundary(preferred: String?, parts: [[UInt8]]) -> String {
        func isUsable(_ candidate: String) -> Bool {
            !candidate.isEmpty && candidate.utf8.count <= 70 && HeaderText.isPrintableASCII(candidate)
                && !candidate.hasSuffix(" ")
                && !parts.contains { $0.contains(subsequence: Array("--\(candidate)".utf8)) }
        }
        if let preferred, isUsable(preferred) { return preferred }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the parts
        for part in parts { for byte in part { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        var counter = 0
        while true {
            let candidate = "=_Qx_" + String(hash, radix: 16) + "_\(counter)"
            if isUsable(candidate) { return candidate }
            counter += 1
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array (naive search; boundaries are short).
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count, let first = needle.first else { return needle.isEmpty }
        var index = 0
        let lastStart = count - needle.count
        while index <= lastStart {
            if self[index] == first {
                var matched = true
                for offset in 1..<needle.count where self[index + offset] != needle[offset] { matched = false; break }
                if matched { return true }
            }
            index += 1
        }
        return false
    }
}
