import CZlib
import Foundation

/// Un-gzips files people upload or name on the command line (RIPE split files and RIR
/// statistics are published gzip-compressed).
public enum Gzip {
    /// Why a gzip stream could not be read.
    public enum Failure: Error, Equatable {
        case damaged
        /// The output would pass the limit (a "zip bomb", or simply too big).
        case tooLarge
    }

    /// The decompressed bytes of a gzip (or zlib) stream; concatenated gzip members are
    /// read one after the other, as `gzip -d` does.
    public static func decompress(_ input: [UInt8], limit: Int = 2 << 30) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 4))
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: Failure?
        input.withUnsafeBufferPointer { inBuf in
            guard let base = inBuf.baseAddress else { failure = .damaged; return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(inBuf.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { failure = .tooLarge; return }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another member may follow (files joined with `cat`).
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else { failure = .damaged; return }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { failure = .damaged; return }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    // Input ended before the stream did.
                    failure = .damaged
                    return
                default:
                    failure = .damaged
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
