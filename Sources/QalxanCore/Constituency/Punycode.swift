/// RFC 3492 Punycode, the bootstring encoding under IDNA's `xn--` labels. It works on one
/// label at a time, without the `xn--` prefix and without any IDNA mapping or checks:
/// those belong to `DomainName`.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128
    // RFC 3492 section 6.4 asks for overflow detection against the integer type in use;
    // a 32-bit bound keeps results identical to the common C implementations, and no
    // real label (63 octets at most) comes near it.
    private static let maxInt = Int(Int32.max)

    /// The Punycode form of `input` (basic code points first, then the deltas in
    /// lower-case digits); nil only when the arithmetic would overflow.
    static func encode(_ input: [Unicode.Scalar]) -> String? {
        let codes = input.map { Int($0.value) }
        var output: [UInt8] = codes.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < codes.count {
            // The smallest code point not yet handled; the input is at most a label long
            // in practice, so the quadratic pass over it is harmless.
            var m = Int.max
            for c in codes where c >= n && c < m { m = c }
            guard m - n <= (maxInt - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in codes {
                if c < n {
                    delta += 1
                    guard delta <= maxInt else { return nil }
                }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, firstTime: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The code points that `input` encodes; nil when it is not well-formed Punycode
    /// (a non-basic character before the last delimiter, a bad digit, a truncated
    /// number, overflow, or a result that is a surrogate, basic, or beyond U+10FFFF).
    static func decode(_ input: String) -> [Unicode.Scalar]? {
        let bytes = Array(input.utf8)
        let delimiter = bytes.lastIndex(of: UInt8(ascii: "-"))
        var output: [Int] = []
        if let delimiter {
            for b in bytes[..<delimiter] {
                guard b < 0x80 else { return nil }
                output.append(Int(b))
            }
        }
        // RFC 3492 6.2: reading starts after the last delimiter only if there were basic
        // code points before it; a lone leading '-' is then read as a (bad) digit.
        var index = (delimiter ?? 0) > 0 ? delimiter! + 1 : 0
        var n = initialN
        var i = 0
        var bias = initialBias
        while index < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < bytes.count, let d = value(bytes[index]) else { return nil }
                index += 1
                guard d <= (maxInt - i) / w else { return nil }
                i += d * w
                let t = threshold(k, bias)
                if d < t { break }
                guard w <= maxInt / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, firstTime: oldI == 0)
            guard i / count <= maxInt - n else { return nil }
            n += i / count
            i %= count
            guard n >= 0x80, n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        return output.map { Unicode.Scalar(UInt32($0))! }
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func adapt(_ delta: Int, _ count: Int, firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
    }

    private static func value(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(b - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(b - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0")) + 26
        default: nil
        }
    }
}
