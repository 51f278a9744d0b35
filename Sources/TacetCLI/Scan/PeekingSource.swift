import TacetCore

/// A byte source (a file descriptor, a git blob) read through a first block that can be looked
/// at before scanning (to tell binary files), counting the bytes handed on. Works on pipes too:
/// nothing is read twice.
struct PeekingSource<Base: ByteSource>: ByteSource {
    private var file: Base
    /// The first block, once ``startsBinary()`` has read it.
    private(set) var head: [UInt8] = []
    private var headPosition = 0
    private(set) var bytesRead = 0

    /// How much git and ripgrep look at to call a file binary.
    static var binaryCheckLength: Int { 8 * 1024 }

    init(base: Base) { file = base }

    /// Reads the first block and says whether it holds a NUL byte, git's and ripgrep's sign of a
    /// binary file. Call before any `read(into:)`.
    mutating func startsBinary() throws -> Bool {
        head = [UInt8](repeating: 0, count: Self.binaryCheckLength)
        var filled = 0
        while filled < head.count {
            let count = try head.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if count == 0 { break }
            filled += count
        }
        head.removeLast(head.count - filled)
        return head.contains(0)
    }

    /// The rest of the input, or `nil` when it is longer than `limit` bytes (it is then read
    /// no further than `limit` + 1).
    mutating func readAll(limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while bytes.count <= limit {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
        return nil
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count: Int
        if headPosition < head.count {
            count = min(buffer.count, head.count - headPosition)
            head.withUnsafeBytes { bytes in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[headPosition..<headPosition + count]))
            }
            headPosition += count
        } else {
            count = try file.read(into: buffer)
        }
        bytesRead += count
        return count
    }
}

extension PeekingSource where Base == FileDescriptorSource {
    init(descriptor: Int32) { self.init(base: FileDescriptorSource(descriptor: descriptor)) }
}
