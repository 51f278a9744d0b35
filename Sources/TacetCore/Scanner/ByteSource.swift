import Glibc

/// Something the scanner can read bytes from, a chunk at a time.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file descriptor (a file, a pipe, standard input) with `read(2)`.
public struct FileDescriptorSource: ByteSource {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw ReadError(errno: errno) }
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let errno: Int32
        public var description: String { String(cString: strerror(errno)) }
    }
}

/// Reads the bytes `range` of a file with `pread(2)`, so threads can share one descriptor.
public struct FileRangeSource: ByteSource {
    public let descriptor: Int32
    private var offset: Int
    private let end: Int

    public init(descriptor: Int32, range: Range<Int>) {
        self.descriptor = descriptor
        offset = range.lowerBound
        end = range.upperBound
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - offset)
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count >= 0 {
                offset += count
                return count
            }
            if errno != EINTR { throw FileDescriptorSource.ReadError(errno: errno) }
        }
    }
}

/// Reads from a byte array in slices of at most `sliceSize` bytes, to exercise chunking.
public struct ArraySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let sliceSize: Int

    public init(_ bytes: [UInt8], sliceSize: Int = .max) {
        self.bytes = bytes
        self.sliceSize = sliceSize
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, sliceSize, bytes.count - position)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
        }
        position += count
        return count
    }
}
