import Crypto
import Foundation
import TacetCore

extension PlaceholderMap {
    /// The header of a sealed map: a format name and version, then the AES-GCM box.
    static let magic = Array("TACETMAP1\n".utf8)

    /// The map encrypted and authenticated with AES-256-GCM under `key`, for a tool that
    /// restores later: `TACETMAP1\n` ‖ nonce ‖ ciphertext ‖ tag. The plaintext is JSON.
    public func sealed(with key: SymmetricKey) throws -> [UInt8] {
        let plaintext = try JSONEncoder().encode(entries)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Self.magic)
        guard let combined = box.combined else { throw SealError("AES-GCM gave no combined box") }
        return Self.magic + Array(combined)
    }

    /// Opens a map made by ``sealed(with:)``.
    ///
    /// - Throws: ``SealError`` when the bytes are not a sealed map or the key is wrong (the two
    ///   cannot be told apart, by design of the authentication).
    public init(sealed bytes: [UInt8], key: SymmetricKey) throws {
        guard bytes.starts(with: Self.magic) else { throw SealError("not a sealed placeholder map (no TACETMAP1 header)") }
        let entries: [Entry]
        do {
            let box = try AES.GCM.SealedBox(combined: bytes[Self.magic.count...])
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Self.magic)
            entries = try JSONDecoder().decode([Entry].self, from: plaintext)
        } catch {
            throw SealError("cannot open the placeholder map: wrong key or damaged file")
        }
        self.init(entries: entries)
    }

    /// Reads a 256-bit key written as 64 hex digits or as base64.
    public static func key(fromText text: String) throws -> SymmetricKey {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = HexText.bytes(text) { return SymmetricKey(data: bytes) }
        if let data = Data(base64Encoded: text), data.count == 32 { return SymmetricKey(data: data) }
        throw SealError("a map key must be 32 bytes written as 64 hex digits or as base64")
    }
}

/// A sealed map or key that cannot be used; the message never holds map contents.
public struct SealError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
