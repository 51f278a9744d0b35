import Crypto
import Foundation
import TacetRedact

/// Configuration read from the environment: keys never go on a command line, where `ps` and
/// shell history would show them.
enum RedactEnvironment {
    static let mapKeyVariable = "TACET_MAP_KEY"
    static let hashKeyVariable = "TACET_HASH_KEY"

    /// The AES-256 key of sealed placeholder maps: 64 hex digits or base64 of 32 bytes.
    static func mapKey(for option: String) throws -> SymmetricKey {
        guard let text = ProcessInfo.processInfo.environment[mapKeyVariable], !text.isEmpty else {
            throw CLIError("\(option) needs a key in \(mapKeyVariable) (32 bytes as 64 hex digits or base64; `openssl rand -hex 32` makes one)")
        }
        do {
            return try PlaceholderMap.key(fromText: text)
        } catch {
            throw CLIError("\(mapKeyVariable): \(error)")
        }
    }

    /// The key of `hash` pseudonyms: at least 16 bytes of any text.
    static func hashKey() throws -> [UInt8]? {
        guard let text = ProcessInfo.processInfo.environment[hashKeyVariable], !text.isEmpty else { return nil }
        guard text.utf8.count >= 16 else { throw CLIError("\(hashKeyVariable) must be at least 16 bytes long") }
        return Array(text.utf8)
    }
}
