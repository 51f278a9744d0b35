import Foundation

/// The shape of placeholders, such as `<{entity}_{n}>`: `{entity}` becomes the entity name,
/// `{n}` the number (or, for `hash`, the pseudonym's hex digest).
///
/// The format must start and end with punctuation characters (the delimiters) that occur
/// nowhere else in it, and hold `{n}` once. Entity names and numbers never contain them either,
/// so no placeholder can overlap another or hide inside one: the restorer then never has to
/// choose between two readings of the same text.
public struct PlaceholderFormat: Sendable, Equatable, CustomStringConvertible {
    public let template: String
    let prefix: [UInt8]
    let middle: [UInt8]
    let suffix: [UInt8]
    let entityBeforeNumber: Bool
    let hasEntity: Bool
    /// The first and last bytes of every placeholder.
    public let open: UInt8
    public let close: UInt8
    /// By byte: whether it can occur between the delimiters (letters, digits, `_`, and the
    /// format's own literal characters).
    let isInnerByte: [Bool]

    public static let standard = try! PlaceholderFormat("<{entity}_{n}>")

    public var description: String { template }

    /// - Throws: ``PolicyError`` saying what is wrong with the template.
    public init(_ template: String) throws(PolicyError) {
        let bytes = Array(template.utf8)
        func fail(_ message: String) -> PolicyError {
            PolicyError(key: "placeholder.format", message: "\"\(template)\": \(message)")
        }
        guard let open = bytes.first, let close = bytes.last, bytes.count >= 2 else {
            throw fail("too short")
        }
        let isDelimiter = { (byte: UInt8) in byte < 0x80 && byte > 0x20 && !Self.isNameByte(byte) && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "}") }
        guard isDelimiter(open), isDelimiter(close), open != close else {
            throw fail("must start and end with two different punctuation characters other than braces, like < and >")
        }
        let inner = bytes.dropFirst().dropLast()
        guard !inner.contains(open), !inner.contains(close) else {
            throw fail("its first and last characters must not occur inside it")
        }
        let text = String(decoding: inner, as: UTF8.self)
        let numberParts = text.components(separatedBy: "{n}")
        guard numberParts.count == 2 else { throw fail("must contain {n} exactly once") }
        let entityCount = text.components(separatedBy: "{entity}").count - 1
        guard entityCount <= 1 else { throw fail("may contain {entity} at most once") }
        let literal = text.replacingOccurrences(of: "{n}", with: "").replacingOccurrences(of: "{entity}", with: "")
        guard literal.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "}") }) else {
            throw fail("only printable ASCII without spaces or other braces may surround {entity} and {n}")
        }
        var innerBytes = (0..<256).map { Self.isNameByte(UInt8($0)) }
        for byte in literal.utf8 { innerBytes[Int(byte)] = true }
        isInnerByte = innerBytes
        self.template = template
        self.open = open
        self.close = close
        hasEntity = entityCount == 1
        if hasEntity, let entityRange = text.range(of: "{entity}"), let numberRange = text.range(of: "{n}") {
            entityBeforeNumber = entityRange.lowerBound < numberRange.lowerBound
            let (first, second) = entityBeforeNumber ? (entityRange, numberRange) : (numberRange, entityRange)
            prefix = [open] + Array(text[..<first.lowerBound].utf8)
            middle = Array(text[first.upperBound..<second.lowerBound].utf8)
            suffix = Array(text[second.upperBound...].utf8) + [close]
        } else {
            entityBeforeNumber = true
            prefix = [open] + Array(numberParts[0].utf8)
            middle = []
            suffix = Array(numberParts[1].utf8) + [close]
        }
    }

    /// The placeholder for `entity` and `number` (a decimal number or a hex digest).
    public func make(entity: String, number: String) -> [UInt8] {
        guard hasEntity else { return prefix + Array(number.utf8) + suffix }
        let (first, second) = entityBeforeNumber ? (entity, number) : (number, entity)
        return prefix + Array(first.utf8) + middle + Array(second.utf8) + suffix
    }

    /// Letters, digits and `_`: what entity names and numbers are made of.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
}
