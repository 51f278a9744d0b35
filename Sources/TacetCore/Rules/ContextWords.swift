/// A rule's context or veto words, compiled for the search around a confirmed match.
///
/// Matching is ASCII case-insensitive and on word boundaries: the bytes either side of an
/// occurrence are not ASCII letters or digits, nor bytes of a non-ASCII character (so `ssn`
/// is found in `user_ssn:` and `SSN#`, not in `lessness`). Only a word's ASCII letter or digit
/// at either end needs that boundary: a word that ends in `#` may be followed by digits, and
/// one that starts or ends with a non-ASCII character needs none there, since scripts such as
/// Chinese do not separate words (`电话` is found in `电话：`). A space in a phrase matches any run
/// of spaces, tabs, line breaks, `_`, `-` or `.` (`date of birth` finds `Date-of-Birth` and
/// `date_of_birth`).
///
/// - Complexity: O(window × words) per search, run only for matches the regex and validators
///   already confirmed; nothing here touches the rest of the input.
///
/// One pass over the window: at each byte, a table gives the phrases that start with it (most
/// bytes start none), so the cost grows with the window, not with the number of words.
final class ContextWords: Sendable {
    private struct Phrase {
        /// The word lowercased, split at spaces.
        var parts: [[UInt8]]
        /// Whether the bytes before and after it must not be word bytes.
        var boundedStart: Bool
        var boundedEnd: Bool
    }

    private let phrases: [Phrase]
    /// For each lowercased first byte b, the phrases starting with it:
    /// `byFirstByte[firstByteStart[b] ..< firstByteStart[b + 1]]`.
    private let firstByteStart: [Int]
    private let byFirstByte: [Int]

    init(_ words: [String]) {
        phrases = words.map { word in
            let bytes = Array(word.lowercased().utf8)
            return Phrase(
                parts: bytes.split(separator: 0x20).map { Array($0) },
                boundedStart: bytes.first.map(Self.isASCIIWordByte) ?? true,
                boundedEnd: bytes.last.map(Self.isASCIIWordByte) ?? true)
        }
        var buckets = [[Int]](repeating: [], count: 256)
        for (index, phrase) in phrases.enumerated() {
            if let first = phrase.parts.first?.first { buckets[Int(first)].append(index) }
        }
        firstByteStart = buckets.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        byFirstByte = buckets.flatMap { $0 }
    }

    var isEmpty: Bool { byFirstByte.isEmpty }

    /// Whether `word` can be searched for: some letter or digit, no control character.
    static func isValid(_ word: String) -> Bool {
        word.utf8.contains(where: isWordByte) && !word.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// Whether one of the words occurs in `bytes[range]` (it must lie wholly inside the range;
    /// boundaries look one byte past it when there is one).
    func occurs(in bytes: UnsafeRawBufferPointer, range: Range<Int>) -> Bool {
        for i in range {
            let first = Int(Self.lower(bytes[i]))
            let candidates = firstByteStart[first]..<firstByteStart[first + 1]
            if candidates.isEmpty { continue }
            let afterWordByte = i > 0 && Self.isWordByte(bytes[i - 1])
            for index in byFirstByte[candidates] {
                if phrases[index].boundedStart && afterWordByte { continue }
                if let end = match(phrases[index].parts, in: bytes, at: i, limit: range.upperBound),
                    !phrases[index].boundedEnd || end == bytes.count || !Self.isWordByte(bytes[end])
                {
                    return true
                }
            }
        }
        return false
    }

    /// The end of `phrase` if it starts at `start` and ends by `limit`.
    private func match(_ phrase: [[UInt8]], in bytes: UnsafeRawBufferPointer, at start: Int, limit: Int) -> Int? {
        var i = start
        for (position, part) in phrase.enumerated() {
            if position > 0 {
                let gapStart = i
                while i < limit, Self.isPhraseGap(bytes[i]) { i += 1 }
                guard i > gapStart else { return nil }
            }
            guard limit - i >= part.count else { return nil }
            for byte in part {
                guard Self.lower(bytes[i]) == byte else { return nil }
                i += 1
            }
        }
        return i
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether a word starting or ending with `byte` needs a boundary on that side: only ASCII
    /// letters and digits do (`passport #` is found in `passport #123`).
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool { byte < 0x80 && isWordByte(byte) }

    /// ASCII letters and digits, and every byte of a non-ASCII character.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }

    private static func isPhraseGap(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x5F || byte == 0x2D || byte == 0x2E
    }
}
