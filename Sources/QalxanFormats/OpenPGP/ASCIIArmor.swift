/// Finds the one `PGP PUBLIC KEY BLOCK` in pasted text and turns it back into binary packets.
///
/// Staff paste keys out of e-mails and web pages, so everything outside the block is ignored and
/// each line is trimmed of the whitespace that mail clients add (trailing spaces, CRLF, a
/// non-breaking space). Inside the block the rules are strict: a wrong character or a wrong
/// CRC-24 means the key was damaged on the way and must not be trusted to describe anything.
enum ASCIIArmor {
    /// Returns the binary content of the single public key block in `text`.
    ///
    /// Any private key block anywhere in the text is refused first, even next to a public one,
    /// because accepting the paste would mean the secret key passed through our server.
    static func decodePublicKeyBlock(_ text: String, maximumBytes: Int) throws(OpenPGPKeyError) -> [UInt8] {
        guard text.utf8.count <= maximumBytes else { throw .tooLarge }
        let lines = splitTrimmedLines(Array(text.utf8))

        var publicBegins: [Int] = []
        var otherArmor = false
        for (index, line) in lines.enumerated() {
            switch classify(line) {
            case .beginPublic: publicBegins.append(index)
            case .beginPrivate: throw .privateKey
            case .otherArmor: otherArmor = true
            case .endPublic, .text: break
            }
        }
        if publicBegins.isEmpty {
            if lines.allSatisfy(\.isEmpty) { throw .empty }
            throw otherArmor ? .notAPublicKey : .notArmored
        }
        guard publicBegins.count == 1, let begin = publicBegins.first else { throw .multipleKeys }
        guard let end = lines[(begin + 1)...].firstIndex(where: { classify($0) == .endPublic }) else {
            throw .truncated
        }
        return try decodeBody(lines[(begin + 1)..<end])
    }

    private enum LineKind: Equatable {
        case beginPublic, beginPrivate, endPublic, otherArmor, text
    }

    private static func classify(_ line: [UInt8]) -> LineKind {
        guard line.count >= 10, line.starts(with: dashes), line.suffix(5).elementsEqual(dashes) else {
            return .text
        }
        switch String(decoding: line, as: UTF8.self) {
        case "-----BEGIN PGP PUBLIC KEY BLOCK-----": return .beginPublic
        case "-----END PGP PUBLIC KEY BLOCK-----": return .endPublic
        // PGP 2.x called it SECRET; both must be refused.
        case "-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----BEGIN PGP SECRET KEY BLOCK-----":
            return .beginPrivate
        case let other where other.hasPrefix("-----BEGIN PGP "): return .otherArmor
        default: return .text
        }
    }

    private static let dashes = Array("-----".utf8)

    /// Splits on LF (a lone CR also ends a line, for old Mac text) and trims both ends, so that
    /// quoted or indented pastes still match the armor lines exactly.
    private static func splitTrimmedLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D {
                lines.append(trim(bytes[start..<index]))
                if index < bytes.count, bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    index += 1
                }
                start = index + 1
            }
            index += 1
        }
        return lines
    }

    private static func trim(_ line: ArraySlice<UInt8>) -> [UInt8] {
        var slice = line
        while true {
            if let first = slice.first, isBlank(first) {
                slice = slice.dropFirst()
            } else if slice.starts(with: [0xEF, 0xBB, 0xBF]) || slice.starts(with: [0xC2, 0xA0]) {
                // A byte-order mark or a non-breaking space that a mail client put in.
                slice = slice.dropFirst(slice.first == 0xEF ? 3 : 2)
            } else {
                break
            }
        }
        while true {
            if let last = slice.last, isBlank(last) {
                slice = slice.dropLast()
            } else if slice.count >= 2, slice.suffix(2).elementsEqual([0xC2, 0xA0]) {
                slice = slice.dropLast(2)
            } else {
                break
            }
        }
        return Array(slice)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// Decodes the lines between BEGIN and END: armor headers, blank line, base64, optional CRC.
    private static func decodeBody(_ lines: ArraySlice<[UInt8]>) throws(OpenPGPKeyError) -> [UInt8] {
        var index = lines.startIndex
        // Header lines ("Comment: …") always contain a colon, which base64 never does; this also
        // copes with pastes that lost the blank line after the headers.
        while index < lines.endIndex, lines[index].contains(UInt8(ascii: ":")) { index += 1 }

        var body: [UInt8] = []
        var checksumLine: [UInt8]?
        for line in lines[index...] where !line.isEmpty {
            if checksumLine != nil { throw .badBase64 }
            if line.first == UInt8(ascii: "="), line.count == 5 {
                checksumLine = Array(line.dropFirst())
            } else {
                body.append(contentsOf: line)
            }
        }
        let decoded = try decodeBase64(body)
        guard !decoded.isEmpty else { throw .truncated }
        if let checksumLine {
            // The CRC line is not part of the data, so a bad character in it is a bad checksum.
            guard let expected = try? decodeBase64(checksumLine), expected.count == 3 else { throw .badChecksum }
            let value = UInt32(expected[0]) << 16 | UInt32(expected[1]) << 8 | UInt32(expected[2])
            guard crc24(decoded) == value else { throw .badChecksum }
        }
        return decoded
    }

    /// Strict base64 (RFC 4648 alphabet, padding only at the very end).
    static func decodeBase64(_ chars: [UInt8]) throws(OpenPGPKeyError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(chars.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bitCount = 0
        var padding = 0
        for char in chars {
            if char == UInt8(ascii: "=") {
                padding += 1
                guard padding <= 2 else { throw .badBase64 }
                continue
            }
            guard padding == 0 else { throw .badBase64 }
            let value = base64Values[Int(char)]
            guard value != 0xFF else { throw .badBase64 }
            accumulator = (accumulator << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        // One dangling base64 character cannot encode a whole byte.
        guard bitCount != 6 else { throw .badBase64 }
        return output
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(char)] = UInt8(index)
        }
        return table
    }()

    /// CRC-24 as defined for OpenPGP armor (RFC 4880 section 6.1).
    static func crc24(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xB7_04CE
        for byte in data {
            crc ^= UInt32(byte) << 16
            for _ in 0..<8 {
                crc <<= 1
                if crc & 0x100_0000 != 0 { crc ^= 0x186_4CFB }
            }
        }
        return crc & 0xFF_FFFF
    }
}
