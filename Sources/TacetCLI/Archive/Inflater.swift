import CZlib

/// zlib's inflate over a buffer in memory: raw deflate (zip members) or gzip.
enum Inflater {
    enum Format {
        case rawDeflate, gzip

        var windowBits: Int32 { self == .rawDeflate ? -15 : 16 + 15 }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The inflated bytes, at most `limit` of them.
    ///
    /// - Returns: the bytes and whether there were more than `limit`.
    /// - Throws: ``Failure`` when the data is not valid.
    static func inflate(_ input: ArraySlice<UInt8>, format: Format, limit: Int) throws(Failure) -> ([UInt8], Bool) {
        try input.withUnsafeBytes { inflate(buffer: $0, format: format, limit: limit) }.get()
    }

    private static func inflate(buffer input: UnsafeRawBufferPointer, format: Format, limit: Int) -> Result<([UInt8], Bool), Failure> {
        var stream = z_stream()
        guard tacet_inflate_init2(&stream, format.windowBits) == Z_OK else { return .failure(Failure(description: "zlib: cannot start")) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBytes { buffer -> (Int32, Int) in
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            output += chunk[..<min(produced, limit - output.count)]
            if output.count >= limit && (produced > 0 && status != Z_STREAM_END) { return .success((output, true)) }
            switch status {
            case Z_STREAM_END: return .success((output, false))
            case Z_OK: continue
            case Z_BUF_ERROR where stream.avail_in == 0: return .failure(Failure(description: "compressed data ends early"))
            default: return .failure(Failure(description: "compressed data is corrupt (zlib status \(status))"))
            }
        }
    }
}
