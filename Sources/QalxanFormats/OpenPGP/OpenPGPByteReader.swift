/// A bounds-checked cursor over one packet body.
///
/// Every read that would run past the end throws `malformedPacket` instead of trapping, because
/// the bytes come from whoever pasted the key.
struct OpenPGPByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    mutating func uint8() throws(OpenPGPKeyError) -> UInt8 {
        guard remaining >= 1 else { throw .malformedPacket }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws(OpenPGPKeyError) -> Int {
        let high = try uint8(), low = try uint8()
        return Int(high) << 8 | Int(low)
    }

    mutating func uint32() throws(OpenPGPKeyError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 { value = value << 8 | UInt32(try uint8()) }
        return value
    }

    mutating func bytes(_ count: Int) throws(OpenPGPKeyError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .malformedPacket }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    /// Reads a multiprecision integer and returns its real bit length.
    ///
    /// The length is counted from the value rather than taken from the MPI header, the way
    /// GnuPG reports key sizes, so a sloppy header cannot make a key look bigger than it is.
    mutating func mpiBitLength() throws(OpenPGPKeyError) -> Int {
        let declaredBits = try uint16()
        let value = try bytes((declaredBits + 7) / 8)
        guard let firstNonZero = value.firstIndex(where: { $0 != 0 }) else { return 0 }
        let leading = value[firstNonZero]
        return (value.count - firstNonZero - 1) * 8 + (8 - leading.leadingZeroBitCount)
    }
}
