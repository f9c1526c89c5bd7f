import CZlib
import Foundation

/// Un-gzips a stream piece by piece, so a compressed feed file of any size is read in the
/// memory of one piece and what it inflates to. Concatenated gzip members are read one
/// after the other, as `gzip -d` does.
public final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var ended = false
    private var sawInput = false

    /// A new inflater (gzip or zlib headers, detected).
    public init() throws(Gzip.Failure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw .damaged
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `input` (the next bytes of the file) and returns what it decompressed to;
    /// more than `limit` bytes from one piece is refused as a "zip bomb".
    public func add(_ input: [UInt8], limit: Int = 256 << 20) throws(Gzip.Failure) -> [UInt8] {
        guard !input.isEmpty else { return [] }
        sawInput = true
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: Gzip.Failure?
        input.withUnsafeBufferPointer { inBuf in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress!)
            stream.pointee.avail_in = uInt(inBuf.count)
            while stream.pointee.avail_in > 0 || !ended {
                if ended {
                    // Another member follows (files joined with `cat`).
                    guard inflateReset(stream) == Z_OK else { failure = .damaged; return }
                    ended = false
                }
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    return inflate(stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.pointee.avail_out)
                if output.count + produced > limit { failure = .tooLarge; return }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    ended = true
                    if stream.pointee.avail_in == 0 { return }
                case Z_OK:
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    return  // needs the next piece
                default:
                    failure = .damaged
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Checks that the stream ended where the file did (a truncated file is damaged).
    public func finish() throws(Gzip.Failure) {
        if sawInput && !ended { throw .damaged }
    }
}
