import Foundation

/// A mailbox: optional display name plus an addr-spec (`local@domain`).
public struct MailboxAddress: Sendable, Equatable, Hashable {
    /// Display name (may contain any Unicode; encoded as needed when rendered).
    public var name: String
    /// The addr-spec. Validate with ``isValid(_:)`` before use; CR/LF are always stripped when rendered.
    public var address: String

    /// Creates a mailbox. No validation happens here; see ``isValid(_:)`` and ``OutgoingMail/validate()``.
    public init(name: String = "", address: String) {
        self.name = name
        self.address = address
    }

    /// `"Name" <addr>` with the name quoted or RFC 2047 encoded as needed; just `addr` without a name.
    /// Control characters and characters that could change the mailbox structure (`<>,;:()"[]\` and spaces)
    /// are removed from the address, so an invalid address can never inject another mailbox or header.
    public var headerValue: String {
        // Characters that could end the addr-spec or start another mailbox are dropped (validate first!).
        let structural: Set<Character> = ["<", ">", " ", ",", ";", ":", "(", ")", "\"", "\\", "[", "]"]
        let cleanAddress = HeaderText.sanitized(address).filter { !structural.contains($0) }
        let cleanName = HeaderText.sanitized(name).trimmingCharacters(in: .whitespaces)
        guard !cleanName.isEmpty else { return cleanAddress }
        return Self.phrase(cleanName) + " <" + cleanAddress + ">"
    }

    /// Whether this mailbox's address is a valid simple addr-spec.
    public var isValid: Bool { Self.isValid(address) }

    /// Validates a simple addr-spec: printable ASCII, exactly one `@`, non-empty local part (≤ 64) and a
    /// dotted domain of non-empty labels, no whitespace and none of `<>()[],;:\"`; total length ≤ 254.
    public static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= 254, HeaderText.isPrintableASCII(address) else { return false }
        let forbidden: Set<Character> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\"", " "]
        guard !address.contains(where: { forbidden.contains($0) }) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
                && !label.hasPrefix("-") && !label.hasSuffix("-")
        }
    }

    /// A display-name phrase: a quoted string, or encoded words for non-ASCII.
    static func phrase(_ name: String) -> String {
        if EncodedWord.needsEncoding(name) { return EncodedWord.encode(name) }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
