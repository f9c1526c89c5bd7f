/// Longest-prefix match over one address family, built once and then read by any number
/// of threads without locks (it is an immutable value; a new registry builds a new one).
///
/// Prefixes are either nested or disjoint, so they flatten into disjoint ranges, each
/// carrying the value of the most specific prefix that covers it. A lookup reads one
/// bucket of a direct index on the top bits of the address: the bucket holds the value
/// at its start and where its own range starts begin; most buckets have none, and the
/// answer is right there. Otherwise a short search over the bucket's starts finishes it.
public struct RangeTable<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// Range starts, ascending; range `i` covers `starts[i]..<starts[i + 1]`.
    @usableFromInline let starts: [Key]
    /// Value of range `i`; `-1` for a gap no prefix covers.
    @usableFromInline let values: [Int32]
    /// Per bucket: the first range starting inside it or later, and the value in force
    /// at the bucket's first address (two Int32 side by side: one cache line read).
    @usableFromInline let buckets: [Bucket]
    @usableFromInline let shift: Key

    @usableFromInline
    struct Bucket: Sendable {
        @usableFromInline var first: Int32
        @usableFromInline var value: Int32
    }

    /// Builds the table from closed ranges (each a whole prefix) and their values; later
    /// entries win over earlier ones for the same range. `indexBits` sets the size of
    /// the direct index (2^bits buckets of 8 bytes).
    public init(_ entries: [(range: ClosedRange<Key>, value: Int32)], indexBits: Int) {
        let sorted = entries.enumerated().sorted {
            let a = $0.element.range, b = $1.element.range
            if a.lowerBound != b.lowerBound { return a.lowerBound < b.lowerBound }
            if a.upperBound != b.upperBound { return a.upperBound > b.upperBound }   // outer first
            return $0.offset < $1.offset
        }.map(\.element)
        var starts: [Key] = []
        var values: [Int32] = []
        starts.reserveCapacity(sorted.count * 2 + 1)
        values.reserveCapacity(sorted.count * 2 + 1)
        func emit(_ start: Key, _ value: Int32) {
            if let last = starts.last, last == start {
                values[values.count - 1] = value
                if values.count >= 2, values[values.count - 2] == value { starts.removeLast(); values.removeLast() }
            } else if values.last != value {
                starts.append(start)
                values.append(value)
            }
        }
        var stack: [(end: Key, value: Int32)] = []
        func closeBefore(_ position: Key?) {
            while let top = stack.last, position.map({ top.end < $0 }) ?? true {
                stack.removeLast()
                if top.end < Key.max { emit(top.end + 1, stack.last?.value ?? -1) }
            }
        }
        for entry in sorted {
            closeBefore(entry.range.lowerBound)
            emit(entry.range.lowerBound, entry.value)
            stack.append((entry.range.upperBound, entry.value))
        }
        closeBefore(nil)

        let bits = Swift.max(1, Swift.min(indexBits, Swift.min(Key.bitWidth, 26)))
        let shift = Key(Key.bitWidth - bits)
        let count = 1 << bits
        var buckets = [Bucket](repeating: Bucket(first: 0, value: -1), count: count + 1)
        var i = 0
        var current: Int32 = -1
        for b in 0..<count {
            let bucketStart = Key(b) << shift
            while i < starts.count, starts[i] < bucketStart {
                current = values[i]
                i += 1
            }
            // A range starting exactly at the bucket's start is in force there.
            let atStart = i < starts.count && starts[i] == bucketStart
            buckets[b] = Bucket(first: Int32(atStart ? i + 1 : i), value: atStart ? values[i] : current)
        }
        buckets[count] = Bucket(first: Int32(starts.count), value: -1)
        self.starts = starts
        self.values = values
        self.buckets = buckets
        self.shift = shift
    }

    /// The value of the most specific prefix containing `key`, or -1.
    @inlinable
    public func lookup(_ key: Key) -> Int32 {
        let b = Int(truncatingIfNeeded: key &>> shift)
        return buckets.withUnsafeBufferPointer { bk in
            let bucket = bk[b]
            var lo = Int(bucket.first)
            let hi = Int(bk[b + 1].first)
            // No range starts inside the bucket before `key`: the bucket's value holds.
            if lo == hi { return bucket.value }
            return starts.withUnsafeBufferPointer { s in
                if s[lo] > key { return bucket.value }
                // The last start <= key, by binary search within the bucket.
                var high = hi
                while high - lo > 1 {
                    let mid = (lo + high) >> 1
                    if s[mid] <= key { lo = mid } else { high = mid }
                }
                return values.withUnsafeBufferPointer { $0[lo] }
            }
        }
    }
}
