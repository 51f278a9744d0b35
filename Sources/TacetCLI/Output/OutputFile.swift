import Glibc

/// The report's destination (stdout or `--output FILE`), or the output of the `redact` and
/// `restore` filters, buffered, telling a reader that went away (`tacet scan | head`) apart from
/// other write errors so the command can end quietly.
final class OutputFile {
    enum Failure: Error {
        case brokenPipe
        case failed(String)
    }

    let descriptor: Int32
    let name: String
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private static let capacity = 64 * 1024

    static func standardOutput() -> OutputFile { OutputFile(descriptor: 1, name: "stdout", ownsDescriptor: false) }

    private init(descriptor: Int32, name: String, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        buffer.reserveCapacity(Self.capacity)
    }

    /// Creates or truncates `path`.
    static func create(_ path: String) throws(CLIError) -> OutputFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CLIError("--output \(path): \(String(cString: strerror(errno)))") }
        return OutputFile(descriptor: descriptor, name: path, ownsDescriptor: true)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    var isTerminal: Bool { isatty(descriptor) == 1 }

    func write(_ text: String) throws(Failure) {
        buffer += text.utf8
        if buffer.count >= Self.capacity { try flush() }
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
        if failure != 0 { throw .failed("\(name): \(String(cString: strerror(failure)))") }
    }
}
