/// The message padding and output encoding that SHA-1 and SHA-256 share.
enum MerkleDamgardPadding {
    /// Appends 0x80, zeros and the 64-bit big-endian bit length so the result is a whole number
    /// of 64-byte blocks.
    static func pad(_ message: [UInt8]) -> [UInt8] {
        var padded = message
        let bitLength = UInt64(message.count) &* 8
        padded.reserveCapacity(message.count + 72)
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        return padded
    }

    /// Serialises the hash state words big-endian, as both digests are defined.
    static func bigEndianBytes(_ words: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(words.count * 4)
        for word in words {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }
}
