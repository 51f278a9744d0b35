import Glibc

/// Buffered bytes to a file descriptor (standard output), for the filters `redact` and
/// `restore`; a reader that went away (`tacet redact | head`) is told apart from other errors.
final class ByteOutput {
    enum Failure: Error {
        case brokenPipe
        case failed(String)
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let capacity = 256 * 1024

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.capacity)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        buffer += bytes
        if buffer.count >= Self.capacity { try flush() }
    }

    func write(_ bytes: [UInt8]) throws(Failure) {
        buffer += bytes
        if buffer.count >= Self.capacity { try flush() }
    }

    func flush() throws(Failure) {
        defer { buffer.removeAll(keepingCapacity: true) }
        var failure: Int32 = 0
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        if failure == EPIPE { throw .brokenPipe }
        if failure != 0 { throw .failed("standard output: \(String(cString: strerror(failure)))") }
    }
}

/// Reads all of a file descriptor (the `--json` document, which is held whole).
func readAll(descriptor: Int32, name: String) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return bytes }
        if count < 0 {
            if errno == EINTR { continue }
            throw CLIError("\(name): \(String(cString: strerror(errno)))")
        }
        bytes += chunk[..<count]
    }
}
