/// One OpenPGP packet: its tag and its body, framing removed (RFC 9580 section 4.2).
struct OpenPGPPacket: Sendable, Equatable {
    /// Packet tags this reader cares about.
    enum Tag {
        static let signature = 2
        static let secretKey = 5
        static let publicKey = 6
        static let secretSubkey = 7
        static let marker = 10
        static let trust = 12
        static let userID = 13
        static let publicSubkey = 14
        static let userAttribute = 17
        static let padding = 21
    }

    let tag: Int
    let body: [UInt8]

    /// Splits a binary key into packets, accepting the old (RFC 1991) and the new header format.
    ///
    /// Partial body lengths and the old format's "indeterminate length" are refused: RFC 9580
    /// only allows them for data packets, never in a key (GnuPG refuses them too), so meeting
    /// one means the input is something else or was tampered with.
    static func readAll(_ bytes: [UInt8], maximumPackets: Int) throws(OpenPGPKeyError) -> [OpenPGPPacket] {
        var packets: [OpenPGPPacket] = []
        var index = 0

        func lengthBytes(_ count: Int) throws(OpenPGPKeyError) -> Int {
            guard bytes.count - index >= count else { throw .truncated }
            var value = 0
            for _ in 0..<count {
                value = value << 8 | Int(bytes[index])
                index += 1
            }
            return value
        }

        while index < bytes.count {
            guard packets.count < maximumPackets else { throw .tooManyPackets }
            let header = bytes[index]
            index += 1
            guard header & 0x80 != 0 else { throw .malformedPacket }

            let tag: Int
            let length: Int
            if header & 0x40 != 0 {
                tag = Int(header & 0x3F)
                let first = try lengthBytes(1)
                switch first {
                case 0..<192: length = first
                case 192..<224: length = ((first - 192) << 8) + (try lengthBytes(1)) + 192
                case 255: length = try lengthBytes(4)
                default: throw .malformedPacket
                }
            } else {
                tag = Int((header >> 2) & 0x0F)
                switch header & 0x03 {
                case 0: length = try lengthBytes(1)
                case 1: length = try lengthBytes(2)
                case 2: length = try lengthBytes(4)
                default: throw .malformedPacket
                }
            }
            guard tag != 0 else { throw .malformedPacket }
            guard bytes.count - index >= length else { throw .truncated }
            packets.append(OpenPGPPacket(tag: tag, body: Array(bytes[index..<(index + length)])))
            index += length
        }
        return packets
    }
}
