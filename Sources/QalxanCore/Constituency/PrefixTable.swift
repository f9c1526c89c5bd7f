/// Longest-prefix match over one address family, built once and then read by any number
/// of threads without locks (it is an immutable value; a new registry builds a new one).
///
/// Prefixes are either nested or disjoint, so they flatten into disjoint ranges, each
/// carrying the value of the most specific prefix that covers it. The ranges are stored
/// as a trie: the root is a direct array over the top `rootBits` bits of the address;
/// each of its entries is either the answer (no range starts inside that slice) or a node
/// over the next bits, and so on. A node is sparse — the chunks where something changes,
/// as sorted keys, then one entry per key — or, when it holds very many keys, dense (a
/// direct array). Values are 16-bit codes into a palette of the distinct values where
/// possible (else the values themselves), so that a typical node fits in one 64-byte
/// cache line, and a node that fits in a line never straddles two: a lookup reads the
/// root, one line, and the palette.
///
/// On the machines this runs on (virtual, where a cache or TLB miss costs 100–150 ns),
/// the dependent misses are what a lookup costs; the batch lookup works on groups of
/// addresses level by level so that the misses of a group overlap.
///
/// IPv4 (root on 18 bits for large tables) needs the root and at most one node. A node
/// splits on 32 bits when that keeps it within a line, else on 16, so IPv6 up to /64
/// usually needs two or three nodes, and longer prefixes (/65–/128) cost a level more
/// only in the slices that hold them.
struct PrefixTable<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// The nodes and the palette, in memory of their own (64-byte aligned; immutable
    /// once built, so shared freely between threads).
    final class Storage: @unchecked Sendable {
        /// The root's entries (4 bytes each) at offset 0, then the other nodes.
        let nodes: UnsafeMutableRawPointer
        let nodeBytes: Int
        /// The value of each code; code 0 is -1 (no prefix).
        let palette: UnsafeMutablePointer<Int32>
        let paletteCount: Int

        init(nodes units: [UInt16], palette values: [Int32]) {
            // A search may read up to the end of the last node's line.
            let bytes = units.count * 2 + 64
            let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            memory.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            units.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            nodeBytes = bytes
            nodes = memory
            paletteCount = values.count
            palette = .allocate(capacity: Swift.max(1, values.count))
            palette.initialize(from: values, count: values.count)
        }

        deinit {
            nodes.deallocate()
            palette.deallocate()
        }
    }

    let storage: Storage
    let rootBits: Int
    /// Whether entries hold values + 1 rather than codes (no palette).
    let direct: Bool

    // A node starts with a 4-byte header: its key count in bits 0–19, its kind in bits
    // 20–21, and its width (how many address bits it splits on, 1–32) in bits 24–29.
    // Keys are 16-bit, or 32-bit for a width over 16. Entries follow the keys.
    /// Sparse; entries are 16-bit codes.
    static var leafKind: UInt32 { 0 }
    /// Sparse; entries are 32-bit (codes or children).
    static var wideKind: UInt32 { 1 }
    /// A direct array of 2^width 32-bit entries, no keys.
    static var denseKind: UInt32 { 2 }
    /// A 32-bit entry with this bit set is a child node at byte `(entry & 0x7FFF_FFFF) * 2`;
    /// otherwise it is a code.
    static var childBit: UInt32 { 0x8000_0000 }

    static func header(kind: UInt32, width: Int, count: Int) -> UInt32 {
        precondition(count < 1 << 20 && width <= 32)
        return UInt32(width) << 24 | kind << 20 | UInt32(count)
    }

    var topShift: Int { Key.bitWidth - rootBits }

    /// Builds the table from `count` prefixes: `prefix(i)` gives the address (host bits
    /// are ignored), the length in bits (clamped to the width of `Key`) and the value of
    /// prefix `i`. A later prefix wins over an earlier one for the same prefix; negative
    /// values mean "no organisation". The root splits on enough bits for about 4–8
    /// ranges per slice, within `rootBits`: small tables get a small root (they stay in
    /// cache whatever their shape).
    init(count: Int, rootBits: ClosedRange<Int>, _ prefix: (Int) -> (address: Key, length: Int, value: Int32)) {
        var (starts, codes, palette) = Self.flatten(count: count, prefix)
        let rootBits = Swift.max(rootBits.lowerBound, Swift.min(rootBits.upperBound, Int.bitWidth - starts.count.leadingZeroBitCount - 2))
        precondition(rootBits >= 1 && rootBits <= 24 && rootBits < Key.bitWidth)
        let narrow = palette.count <= 1 << 16
        // Too many values for 16-bit codes (as when every network is its own value): the
        // entries hold the value + 1 itself, sparing the read of a large palette.
        let direct = !narrow && !palette.contains(.max)
        if direct {
            for i in codes.indices { codes[i] = UInt32(palette[Int(codes[i])] + 1) }
            palette = []
        }
        let units = Self.buildTrie(starts: starts, codes: codes, narrow: narrow, rootBits: rootBits)
        self.storage = Storage(nodes: units, palette: palette)
        self.rootBits = rootBits
        self.direct = direct
    }

    /// Bytes held by the table.
    var memoryBytes: Int { storage.nodeBytes + storage.paletteCount * 4 }

    // MARK: Building

    @inline(__always)
    static func mask(_ length: Int) -> Key {
        length <= 0 ? 0 : (length >= Key.bitWidth ? ~0 : ~Key(0) << Key(Key.bitWidth - length))
    }

    /// Disjoint ranges: `starts` ascending, range `i` covers `starts[i]..<starts[i + 1]`
    /// and has value `palette[codes[i]]` (code 0: a gap); no two neighbours have the same
    /// code, and the space before `starts[0]` is a gap.
    static func flatten(count: Int, _ prefix: (Int) -> (address: Key, length: Int, value: Int32)) -> ([Key], [UInt32], [Int32]) {
        // Codes for the values, in order of first use; a direct map when the values are
        // small numbers (organisation indices), else a dictionary.
        var palette: [Int32] = [-1]
        var maxValue: Int32 = -1
        for i in 0..<count { maxValue = Swift.max(maxValue, prefix(i).value) }
        let direct = Int(maxValue) < Swift.max(1 << 16, 4 * count)
        var directCodes = [UInt32](repeating: .max, count: direct ? Int(maxValue) + 1 : 0)
        var codeOf: [Int32: UInt32] = [:]
        func code(_ value: Int32) -> UInt32 {
            if value < 0 { return 0 }
            if direct {
                if directCodes[Int(value)] == .max {
                    directCodes[Int(value)] = UInt32(palette.count)
                    palette.append(value)
                }
                return directCodes[Int(value)]
            }
            if let c = codeOf[value] { return c }
            let c = UInt32(palette.count)
            codeOf[value] = c
            palette.append(value)
            return c
        }

        // Sorted by (start, length, input order): the outer prefix first, and of two equal
        // prefixes the later one last, so that it wins. IPv4 sorts packed 64-bit numbers.
        var order: [(start: Key, length: Int, index: Int)] = []
        order.reserveCapacity(count)
        if Key.bitWidth <= 32 && count < 1 << 26 {
            var packed: [UInt64] = []
            packed.reserveCapacity(count)
            for i in 0..<count {
                let p = prefix(i)
                let length = Swift.max(0, Swift.min(Key.bitWidth, p.length))
                packed.append(UInt64(p.address & mask(length)) << 32 | UInt64(length) << 26 | UInt64(i))
            }
            packed.sort()
            for x in packed { order.append((Key(truncatingIfNeeded: x >> 32), Int(x >> 26 & 63), Int(x & (1 << 26 - 1)))) }
        } else {
            for i in 0..<count {
                let p = prefix(i)
                let length = Swift.max(0, Swift.min(Key.bitWidth, p.length))
                order.append((p.address & mask(length), length, i))
            }
            order.sort { ($0.start, $0.length, $0.index) < ($1.start, $1.length, $1.index) }
        }

        var starts: [Key] = []
        var codes: [UInt32] = []
        starts.reserveCapacity(count * 2 + 1)
        codes.reserveCapacity(count * 2 + 1)
        func emit(_ start: Key, _ code: UInt32) {
            if let last = starts.last, last == start {
                codes[codes.count - 1] = code
                let before = codes.count >= 2 ? codes[codes.count - 2] : 0
                if before == code { starts.removeLast(); codes.removeLast() }
            } else if (codes.last ?? 0) != code {
                starts.append(start)
                codes.append(code)
            }
        }
        // The prefixes containing the current position, innermost last.
        var stack: [(end: Key, code: UInt32)] = []
        stack.reserveCapacity(Key.bitWidth + 2)
        for item in order {
            while let top = stack.last, top.end < item.start {
                stack.removeLast()
                emit(top.end + 1, stack.last?.code ?? 0)
            }
            let c = code(prefix(item.index).value)
            emit(item.start, c)
            stack.append((item.start | ~mask(item.length), c))
        }
        while let top = stack.popLast() {
            if top.end < Key.max { emit(top.end + 1, stack.last?.code ?? 0) }
        }
        return (starts, codes, palette)
    }

    @inline(__always)
    static func chunk(_ key: Key, _ shift: Int, _ width: Int) -> Int {
        Int(truncatingIfNeeded: key &>> Key(truncatingIfNeeded: shift)) & ((1 &<< width) &- 1)
    }

    static func buildTrie(starts: [Key], codes: [UInt32], narrow: Bool, rootBits: Int) -> [UInt16] {
        starts.withUnsafeBufferPointer { s in
            codes.withUnsafeBufferPointer { c in
                var builder = Builder(starts: s, codes: c, narrow: narrow, pool: [])
                builder.pool.reserveCapacity(2 << rootBits + s.count * 3)
                let atZero = s.first == 0
                _ = builder.node(lo: atZero ? 1 : 0, hi: s.count, bits: Key.bitWidth, first: atZero ? c[0] : 0, rootBits: rootBits)
                return builder.pool
            }
        }
    }

    private enum Pending {
        case code(UInt32)
        case child(lo: Int, hi: Int, first: UInt32)
    }

    private struct Builder {
        let starts: UnsafeBufferPointer<Key>
        let codes: UnsafeBufferPointer<UInt32>
        /// Whether every code fits in 16 bits.
        let narrow: Bool
        /// The table being built, in 16-bit units.
        var pool: [UInt16]

        /// Room for a node of `units` 16-bit units, 4-byte aligned; a node that fits in
        /// a 64-byte line never straddles two, a longer one starts a line.
        mutating func place(_ units: Int) -> Int {
            var o = (pool.count + 1) & ~1
            if units * 2 > 64 - (o * 2) & 63 { o = (o + 31) & ~31 }
            pool.append(contentsOf: repeatElement(0, count: o + units - pool.count))
            return o
        }

        mutating func set32(_ unit: Int, _ v: UInt32) {
            pool[unit] = UInt16(truncatingIfNeeded: v)
            pool[unit + 1] = UInt16(truncatingIfNeeded: v >> 16)
        }

        /// `count` 32-bit entries of `v` from `unit` on.
        mutating func fill32(_ unit: Int, _ count: Int, _ v: UInt32) {
            pool.withUnsafeMutableBytes { raw in
                for i in 0..<count { raw.storeBytes(of: v, toByteOffset: 2 * unit + 4 * i, as: UInt32.self) }
            }
        }

        /// Keys and entries of a node splitting, on the `width` bits at `shift`, the slice
        /// of 2^(shift+width) addresses in which the ranges `lo..<hi` start (strictly
        /// inside it) and which begins with code `first`.
        func gather(lo: Int, hi: Int, shift: Int, width: Int, first: UInt32) -> (keys: [Int], entries: [Pending]) {
            let low: Key = shift == 0 ? 0 : (Key(1) &<< Key(shift)) &- 1
            let lastChunk = (1 << width) - 1
            var keys: [Int] = [0]
            var entries: [Pending] = [.code(first)]
            func add(_ key: Int, _ entry: Pending) {
                if keys[keys.count - 1] == key {
                    entries[entries.count - 1] = entry
                } else {
                    if case .code(let v) = entry, case .code(let w) = entries[entries.count - 1], v == w { return }
                    keys.append(key)
                    entries.append(entry)
                }
            }
            var current = first
            var i = lo
            while i < hi {
                let c = chunk(starts[i], shift, width)
                var j = i + 1
                while j < hi && chunk(starts[j], shift, width) == c { j += 1 }
                let atBoundary = starts[i] & low == 0
                let value = atBoundary ? codes[i] : current
                let inside = atBoundary ? i + 1 : i
                current = codes[j - 1]
                if inside < j {
                    add(c, .child(lo: inside, hi: j, first: value))
                    // The child covers chunk `c` only: what follows it needs its own key.
                    if c < lastChunk && (j == hi || chunk(starts[j], shift, width) != c + 1) { add(c + 1, .code(current)) }
                } else {
                    add(c, .code(value))
                }
                i = j
            }
            return (keys, entries)
        }

        /// The entry for the slice of 2^bits addresses in which the ranges `lo..<hi`
        /// start (strictly inside it) and which begins with code `first`: that code when
        /// nothing starts inside, else a node. The root splits on its top `rootBits` bits;
        /// a node on the next 32 bits when that keeps it within a cache line, otherwise
        /// on the next 16 (or fewer, at the end of the address).
        mutating func node(lo: Int, hi: Int, bits: Int, first: UInt32, rootBits: Int = 0) -> UInt32 {
            let root = rootBits > 0
            if lo == hi && !root { return first }
            var width = root ? rootBits : Swift.min(16, bits)
            var keys: [Int] = [], entries: [Pending] = []
            if !root && bits >= 32 && hi - lo <= 12 {
                (keys, entries) = gather(lo: lo, hi: hi, shift: bits - 32, width: 32, first: first)
                let hasChild = entries.contains { if case .child = $0 { true } else { false } }
                // Within a line: 4 + 4n + 2n (or + 4n) bytes.
                if keys.count <= (hasChild || !narrow ? 7 : 10) { width = 32 }
            }
            if width != 32 { (keys, entries) = gather(lo: lo, hi: hi, shift: bits - width, width: width, first: first) }
            let shift = bits - width
            let n = keys.count
            if n == 1 && !root, case .code(let v) = entries[0] { return v }
            let hasChild = entries.contains { if case .child = $0 { true } else { false } }

            // Where each entry goes (for children, filled in once they are built).
            var slots: [Int] = []
            slots.reserveCapacity(n)
            let offset: Int
            if root || (width <= 16 && n > Swift.max(64, (1 << width) / 10)) {
                let entriesAt: Int
                if root {
                    offset = 0
                    entriesAt = 0
                    pool.append(contentsOf: repeatElement(0, count: 2 << width))
                } else {
                    offset = place(2 + 2 << width)
                    set32(offset, PrefixTable.header(kind: PrefixTable.denseKind, width: width, count: 0))
                    entriesAt = offset + 2
                }
                for k in 0..<n {
                    let from = keys[k], to = k + 1 < n ? keys[k + 1] : 1 << width
                    if case .code(let v) = entries[k] { fill32(entriesAt + 2 * from, to - from, v) }
                    slots.append(entriesAt + 2 * from)
                }
            } else {
                let wide = hasChild || !narrow
                let keyUnits = width > 16 ? 2 : 1
                let entriesAt = wide ? 2 + (keyUnits * n + 1) & ~1 : 2 + keyUnits * n
                offset = place(entriesAt + (wide ? 2 * n : n))
                set32(offset, PrefixTable.header(kind: wide ? PrefixTable.wideKind : PrefixTable.leafKind, width: width, count: n))
                for k in 0..<n {
                    if keyUnits == 2 { set32(offset + 2 + 2 * k, UInt32(keys[k])) } else { pool[offset + 2 + k] = UInt16(keys[k]) }
                    let slot = offset + entriesAt + (wide ? 2 * k : k)
                    if case .code(let v) = entries[k] {
                        if wide { set32(slot, v) } else { pool[slot] = UInt16(v) }
                    }
                    slots.append(slot)
                }
            }
            precondition(offset < 0x7FFF_FFFF, "prefix table too large")
            for k in 0..<n {
                if case .child(let clo, let chi, let cfirst) = entries[k] {
                    set32(slots[k], node(lo: clo, hi: chi, bits: shift, first: cfirst))
                }
            }
            return PrefixTable.childBit | UInt32(offset)
        }
    }

    // MARK: Lookup

    /// The index of the last of `n` ascending keys (the first is 0) that is `<= c`. When
    /// the keys lie in one cache line within 32 bytes (16 keys of 16 bits, 8 of 32: the
    /// nodes that fit a line), they are compared all at once, with two vector compares
    /// over 32 bytes of that line: no branch on the data, no chain of reads, no read
    /// outside the line. Otherwise, by binary lifting.
    @inline(__always)
    static func search<K: FixedWidthInteger & UnsignedInteger>(_ keys: UnsafeRawPointer, _ n: Int, _ c: Int, _ type: K.Type) -> Int {
        let address = Int(bitPattern: keys)
        // The 32 bytes read: from the first key, or the last 32 of its line.
        let from = Swift.min(address, (address | 63) &- 31)
        let skip = (address &- from) / MemoryLayout<K>.size   // lanes before the first key
        let window = keys - (address &- from)
        if K.self == UInt16.self && n &+ skip <= 16 {
            let cc = SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: c))
            let lo = SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: skip))
            let hi = SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: skip &+ n))
            let lanes = SIMD8<UInt16>(0, 1, 2, 3, 4, 5, 6, 7), lanes8 = lanes &+ 8
            let a = window.loadUnaligned(as: SIMD8<UInt16>.self)
            let b = window.loadUnaligned(fromByteOffset: 16, as: SIMD8<UInt16>.self)
            let one = SIMD8<UInt16>(repeating: 1), zero = SIMD8<UInt16>(repeating: 0)
            let counts = zero.replacing(with: one, where: (a .<= cc) .& (lanes .>= lo) .& (lanes .< hi))
                &+ zero.replacing(with: one, where: (b .<= cc) .& (lanes8 .>= lo) .& (lanes8 .< hi))
            return Int(counts.wrappedSum()) &- 1
        }
        if K.self == UInt32.self && n &+ skip <= 8 {
            let cc = SIMD4<UInt32>(repeating: UInt32(truncatingIfNeeded: c))
            let lo = SIMD4<UInt32>(repeating: UInt32(truncatingIfNeeded: skip))
            let hi = SIMD4<UInt32>(repeating: UInt32(truncatingIfNeeded: skip &+ n))
            let lanes = SIMD4<UInt32>(0, 1, 2, 3), lanes4 = lanes &+ 4
            let a = window.loadUnaligned(as: SIMD4<UInt32>.self)
            let b = window.loadUnaligned(fromByteOffset: 16, as: SIMD4<UInt32>.self)
            let one = SIMD4<UInt32>(repeating: 1), zero = SIMD4<UInt32>(repeating: 0)
            let counts = zero.replacing(with: one, where: (a .<= cc) .& (lanes .>= lo) .& (lanes .< hi))
                &+ zero.replacing(with: one, where: (b .<= cc) .& (lanes4 .>= lo) .& (lanes4 .< hi))
            return Int(counts.wrappedSum()) &- 1
        }
        // Binary lifting: from the largest power of two below n down to 1, step up if
        // the key there is <= c. Written out (entered at the first step needed) rather
        // than as a loop, where the compiler would turn the selects back into branches.
        var base = 0
        @inline(__always) func lift(_ step: Int) {
            let probe = base &+ step
            let k = Int(keys.load(fromByteOffset: MemoryLayout<K>.size &* Swift.min(probe, n &- 1), as: K.self))
            // All ones when probe < n and k <= c (both differences are far from overflow).
            base &+= step & ~((c &- k) &>> 63) & ((probe &- n) &>> 63)
        }
        switch Int.bitWidth &- (n &- 1).leadingZeroBitCount {
        case 17...: // more than 2^16 keys: only in a dense node, never searched
            var step = 1 &<< (Int.bitWidth &- 1 &- (n &- 1).leadingZeroBitCount)
            while step > 0 { lift(step); step &>>= 1 }
            return base
        case 16: lift(1 << 15); fallthrough
        case 15: lift(1 << 14); fallthrough
        case 14: lift(1 << 13); fallthrough
        case 13: lift(1 << 12); fallthrough
        case 12: lift(1 << 11); fallthrough
        case 11: lift(1 << 10); fallthrough
        case 10: lift(1 << 9); fallthrough
        case 9: lift(1 << 8); fallthrough
        case 8: lift(1 << 7); fallthrough
        case 7: lift(1 << 6); fallthrough
        case 6: lift(1 << 5); fallthrough
        case 5: lift(1 << 4); fallthrough
        case 4: lift(1 << 3); fallthrough
        case 3: lift(1 << 2); fallthrough
        case 2: lift(1 << 1); fallthrough
        case 1: lift(1)
        default: break
        }
        return base
    }

    /// One level down: the entry of child `e` for `key`, of which the bits below `shift`
    /// are still unread (updated); `header` is the node's first word.
    @inline(__always)
    static func step(_ base: UnsafeRawPointer, _ e: UInt32, _ header: UInt32, _ key: Key, _ shift: inout Int) -> UInt32 {
        let o = 2 &* Int(e & 0x7FFF_FFFF)
        let width = Int(header &>> 24)
        shift &-= width
        let c = chunk(key, shift, width)
        let n = Int(header & 0xF_FFFF)
        let kind = header &>> 20 & 3
        if kind == denseKind { return base.load(fromByteOffset: o &+ 4 &+ 4 &* c, as: UInt32.self) }
        let keyBytes = width > 16 ? 4 : 2
        let keys = base + (o &+ 4)
        let i = keyBytes == 2 ? search(keys, n, c, UInt16.self) : search(keys, n, c, UInt32.self)
        if kind == leafKind {
            return UInt32(base.load(fromByteOffset: o &+ 4 &+ keyBytes &* n &+ 2 &* i, as: UInt16.self))
        }
        return base.load(fromByteOffset: o &+ 4 &+ ((keyBytes &* n &+ 3) & ~3) &+ 4 &* i, as: UInt32.self)
    }

    /// The value of the most specific prefix containing `key`, or -1.
    @inline(__always)
    func lookup(_ key: Key) -> Int32 {
        let base = UnsafeRawPointer(storage.nodes)
        var shift = topShift
        var e = base.load(fromByteOffset: 4 &* Self.chunk(key, shift, rootBits), as: UInt32.self)
        while e >= Self.childBit {
            let header = base.load(fromByteOffset: 2 &* Int(e & 0x7FFF_FFFF), as: UInt32.self)
            e = Self.step(base, e, header, key, &shift)
        }
        return direct ? Int32(bitPattern: e) &- 1 : storage.palette[Int(e)]
    }

    /// Looks up `keys[i]` into `out[i]` (-1: none), by groups of 32 keys level by level:
    /// the root entries of the group, then the first line of each node they lead to (a
    /// read per key, nothing depending on it: the misses overlap), then the searches
    /// in those lines, and so on down; last the palette.
    func lookup(_ keys: UnsafeBufferPointer<Key>, into out: UnsafeMutableBufferPointer<Int32>) {
        precondition(out.count >= keys.count, "the output is shorter than the input")
        guard let kp = keys.baseAddress, let op = out.baseAddress else { return }
        let group = 32
        let base = UnsafeRawPointer(storage.nodes)
        let palette = UnsafePointer(storage.palette)
        let rootBits = self.rootBits, topShift = self.topShift, direct = self.direct
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * group) { scratch in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: group) { shifts in
                let entries = scratch.baseAddress!, headers = entries + group, shifts = shifts.baseAddress!
                var start = 0
                while start < keys.count {
                    let m = Swift.min(group, keys.count - start)
                    let k = kp + start
                    var any: UInt32 = 0
                    for j in 0..<m {
                        let e = base.load(fromByteOffset: 4 &* Self.chunk(k[j], topShift, rootBits), as: UInt32.self)
                        entries[j] = e
                        shifts[j] = topShift
                        any |= e
                    }
                    while any >= Self.childBit {
                        for j in 0..<m {
                            let e = entries[j]
                            headers[j] = e >= Self.childBit ? base.load(fromByteOffset: 2 &* Int(e & 0x7FFF_FFFF), as: UInt32.self) : 0
                        }
                        any = 0
                        for j in 0..<m where entries[j] >= Self.childBit {
                            let e = Self.step(base, entries[j], headers[j], k[j], &shifts[j])
                            entries[j] = e
                            any |= e
                        }
                    }
                    let o = op + start
                    if direct {
                        for j in 0..<m { o[j] = Int32(bitPattern: entries[j]) &- 1 }
                    } else {
                        for j in 0..<m { o[j] = palette[Int(entries[j])] }
                    }
                    start += m
                }
            }
        }
    }
}
