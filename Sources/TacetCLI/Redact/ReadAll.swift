import Glibc

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
