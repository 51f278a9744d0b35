import Crypto
import Foundation
import Glibc
import TacetCore

/// Where the digest key comes from: an environment variable holding 64 hex digits, else a key
/// file (created with 32 random bytes and mode 0600 on first use when allowed).
public struct DigestKeySource: Sendable, Equatable {
    public var environmentVariable: String
    public var file: String

    public init(environmentVariable: String = "TACET_LOG_KEY", file: String) {
        self.environmentVariable = environmentVariable
        self.file = file
    }

    /// Reads the key; creates the key file when neither exists and `createIfMissing`.
    public func load(environment: [String: String] = ProcessInfo.processInfo.environment, createIfMissing: Bool) throws -> ValueDigester {
        if let text = environment[environmentVariable] {
            guard let key = Self.parseHex(text) else {
                throw LogError("\(environmentVariable) must be 64 hexadecimal digits (a 32-byte key)")
            }
            return ValueDigester(key: key)
        }
        if FileManager.default.fileExists(atPath: file) { return ValueDigester(key: try readFile()) }
        guard createIfMissing else {
            throw LogError("no digest key: set \(environmentVariable) or create the key file \(file) (the proxy creates it on first use)")
        }
        return ValueDigester(key: try createFile())
    }

    private func readFile() throws -> [UInt8] {
        var info = stat()
        guard stat(file, &info) == 0 else { throw LogError("cannot read the digest key file \(file): \(String(cString: strerror(errno)))") }
        if info.st_mode & 0o077 != 0 {
            throw LogError("the digest key file \(file) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw LogError("cannot read the digest key file \(file): \(error.localizedDescription)")
        }
        guard let key = Self.parseHex(text) else { throw LogError("the digest key file \(file) must hold 64 hexadecimal digits") }
        return key
    }

    private func createFile() throws -> [UInt8] {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = Hex.string(key) + "\n"
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            // Another process may have created it a moment ago.
            if errno == EEXIST { return try readFile() }
            throw LogError("cannot create the digest key file \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count, fsync(fd) == 0 else {
            unlink(file)
            throw LogError("cannot write the digest key file \(file): \(String(cString: strerror(errno)))")
        }
        return key
    }

    /// The 32-byte key that 64 hex digits (with surrounding whitespace) spell, or `nil`.
    static func parseHex(_ text: String) -> [UInt8]? {
        guard let key = HexText.bytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 else { return nil }
        return key
    }
}
