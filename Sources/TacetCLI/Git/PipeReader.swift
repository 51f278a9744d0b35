import Glibc
import TacetCore

/// Buffered reads from a pipe: delimited records (a header line, a NUL-terminated field) and
/// exact byte counts (a blob's content) from the same stream.
final class PipeReader {
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0

    init(descriptor: Int32, capacity: Int = 256 * 1024) {
        self.descriptor = descriptor
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The bytes up to the next `delimiter` (which is consumed, not returned); `nil` at the end
    /// of the stream, or the trailing bytes when the stream ends without one.
    func record(endingWith delimiter: UInt8) throws -> [UInt8]? {
        var record: [UInt8] = []
        while true {
            if start == end, try fill() == 0 { return record.isEmpty ? nil : record }
            let view = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
            if let found = view.firstIndex(of: delimiter) {
                record.append(contentsOf: view[..<found])
                start += found + 1
                return record
            }
            record.append(contentsOf: view)
            start = end
        }
    }

    /// Reads up to `min(target.count, limit)` bytes; 0 only at the end of the stream.
    func read(into target: UnsafeMutableRawBufferPointer, limit: Int) throws -> Int {
        let wanted = min(target.count, limit)
        guard wanted > 0 else { return 0 }
        if start == end {
            // A big read goes straight to the caller's buffer.
            if wanted >= buffer.count / 2 { return try readDirect(into: UnsafeMutableRawBufferPointer(rebasing: target[..<wanted])) }
            if try fill() == 0 { return 0 }
        }
        let count = min(wanted, end - start)
        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<start + count]))
        start += count
        return count
    }

    /// Skips `count` bytes; returns false when the stream ends first.
    func skip(_ count: Int) throws -> Bool {
        var remaining = count
        while remaining > 0 {
            if start == end, try fill() == 0 { return false }
            let step = min(remaining, end - start)
            start += step
            remaining -= step
        }
        return true
    }

    struct ReadError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "cannot read from git: \(String(cString: strerror(errno)))" }
    }

    private func fill() throws -> Int {
        start = 0
        end = try readDirect(into: buffer)
        return end
    }

    private func readDirect(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, target.baseAddress, target.count)
            if count >= 0 { return count }
            if errno != EINTR { throw ReadError(errno: errno) }
        }
    }
}
