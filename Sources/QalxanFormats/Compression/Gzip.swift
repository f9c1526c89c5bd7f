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
        guard !input.isEmpty else { throw .damaged }
        let inflater = try GzipInflater()
        let output = try inflater.add(input, limit: limit)
        try inflater.finish()
        return output
    }
}
