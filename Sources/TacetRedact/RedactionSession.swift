import Crypto
import Glibc

/// One payload's redaction state: the placeholder map, the text placeholders must avoid and
/// the next number per entity. Make one per request and share it by every part of the payload
/// (every string leaf of a JSON body), so the same value gets the same placeholder throughout.
///
/// **Reserve before issuing.** A placeholder must never equal text already in the payload, or
/// restoring would turn that text into a value. ``reserve(_:)`` records every placeholder-shaped
/// token of a text; call it on every part of a payload before redacting any part.
/// ``Redactor`` reserves the text it redacts too, and if text that equals an already issued
/// placeholder turns up later (a stream cannot be read ahead), it is itself replaced by a
/// placeholder that restores to it, so restoring stays exact.
public final class RedactionSession {
    public let format: PlaceholderFormat
    let hashKey: SymmetricKey?
    public private(set) var map = PlaceholderMap()
    /// Placeholder-shaped tokens seen in the payload, ASCII-lowercased.
    private var reserved: Set<[UInt8]> = []
    private var nextNumber: [String: Int] = [:]
    /// (entity, kind, value) → placeholder, so a value repeats as the same placeholder.
    private var issued: [[UInt8]: [UInt8]] = [:]

    /// The longest token ``reserve(_:)`` records: no placeholder is longer than this.
    public static let maxTokenLength = 256

    /// - Parameter hashKey: the key of `hash` pseudonyms; needed only when the policy hashes.
    public init(format: PlaceholderFormat = .standard, hashKey: SymmetricKey? = nil) {
        self.format = format
        self.hashKey = hashKey
    }

    /// Records the placeholder-shaped tokens of `text` so no placeholder will equal them.
    public func reserve(_ text: String) {
        var text = text
        text.withUTF8 { reserve(UnsafeRawBufferPointer($0)) }
    }

    public func reserve(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { reserve($0) }
    }

    public func reserve(_ bytes: UnsafeRawBufferPointer) {
        forEachToken(in: bytes, starting: 0..<bytes.count) { _, folded in reserved.insert(folded) }
    }

    /// Reserves the tokens that start in `range` and returns the spans of those that equal an
    /// issued placeholder (in any ASCII case): text that must itself be replaced.
    func reserveAndFindCollisions(in bytes: UnsafeRawBufferPointer, starting range: Range<Int>) -> [Range<Int>] {
        var collisions: [Range<Int>] = []
        forEachToken(in: bytes, starting: range) { span, folded in
            if map.containsFolded(folded) { collisions.append(span) } else { reserved.insert(folded) }
        }
        return collisions
    }

    /// Calls `body` for each token that starts in `range`: the format's open delimiter, up to
    /// ``maxTokenLength`` bytes that can occur in a placeholder, then its close delimiter.
    private func forEachToken(
        in bytes: UnsafeRawBufferPointer, starting range: Range<Int>, _ body: (Range<Int>, [UInt8]) -> Void
    ) {
        let open = format.open, close = format.close
        var position = range.lowerBound
        while position < range.upperBound {
            // memchr: the open delimiter (`<`) is common in code, and this pass sees every byte.
            guard let found = memchr(bytes.baseAddress! + position, Int32(open), range.upperBound - position) else { return }
            let start = UnsafeRawPointer(found) - bytes.baseAddress!
            let limit = min(bytes.count, start + Self.maxTokenLength)
            var end = start + 1
            while end < limit && format.isInnerByte[Int(bytes[end])] { end += 1 }
            if end < limit && bytes[end] == close {
                body(start..<end + 1, ASCII.lowercased(bytes[start...end]))
                position = end + 1
            } else {
                position = end
            }
        }
    }

    /// The placeholder for `value` of `entity`: the one it already has in this payload, or a
    /// new numbered one (`hashed` false) or keyed pseudonym (`hashed` true) that equals no
    /// reserved text and no other placeholder.
    func placeholder(for value: [UInt8], entity: String, hashed: Bool) throws(RedactionError) -> [UInt8] {
        let name = Self.entityName(entity)
        let key = Array(name.utf8) + [0, hashed ? 1 : 0] + value
        if let existing = issued[key] { return existing }
        var placeholder: [UInt8]
        if hashed {
            guard let hashKey else { throw RedactionError.noHashKey(entity: entity) }
            let digest = HMAC<SHA256>.authenticationCode(for: Array(name.utf8) + [0] + value, using: hashKey)
            let digits = Array("0123456789abcdef".utf8)
            let hex = String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
            // Lengthen the digest in the unlikely case that its short form is taken.
            var length = 10
            repeat {
                placeholder = format.make(entity: name, number: String(hex.prefix(length)))
                length += 6
            } while isTaken(placeholder) && length <= hex.count
        } else {
            repeat {
                let number = (nextNumber[name] ?? 0) + 1
                nextNumber[name] = number
                placeholder = format.make(entity: name, number: String(number))
            } while isTaken(placeholder)
        }
        issued[key] = placeholder
        map.add(PlaceholderMap.Entry(placeholder: placeholder, entity: name, value: value))
        return placeholder
    }

    private func isTaken(_ placeholder: [UInt8]) -> Bool {
        let folded = ASCII.lowercased(placeholder)
        return reserved.contains(folded) || map.containsFolded(folded)
    }

    /// Entity names keep letters, digits and `_`; anything else becomes `_`, so a placeholder
    /// never holds a delimiter.
    static func entityName(_ entity: String) -> String {
        String(decoding: entity.utf8.map { PlaceholderFormat.isNameByte($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }
}

/// Redaction that cannot go on; messages name entities and rules, never values.
public enum RedactionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noHashKey(entity: String)

    public var description: String {
        switch self {
        case .noHashKey(let entity): "the policy hashes \(entity) values but no hash key is configured"
        }
    }
}
