import Foundation

/// A labelled span: bytes `start..<end` of a record's UTF-8 text hold a value of `entity`.
struct LabelledSpan: Codable, Hashable, Sendable {
    var start: Int
    var end: Int
    var entity: String

    func overlaps(_ other: LabelledSpan) -> Bool {
        entity == other.entity && start < other.end && other.start < end
    }
}

/// One line of a labelled corpus, as `corpora/generate` writes them: a text, what is planted in
/// it, and for a hard negative the kind of look-alike it is.
struct LabelledRecord: Decodable, Sendable {
    var id: String
    var text: String
    var spans: [LabelledSpan]
    var negative: String?
}

/// One line of a predictions file: what another tool reported for the record with this id.
struct PredictionRecord: Decodable, Sendable {
    var id: String
    var spans: [LabelledSpan]
}

enum JSONLines {
    /// Decodes every non-empty line of the file at `path`.
    ///
    /// - Throws: ``CLIError`` naming the file, the line and what is wrong with it.
    static func read<Record: Decodable>(_ type: Record.Type, from path: String) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): cannot read file")
        }
        let decoder = JSONDecoder()
        var records: [Record] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw CLIError("\(path):\(index + 1): not a valid record: \(Self.describe(error))")
            }
        }
        return records
    }

    /// What a decoding error says about the record's shape (never the text it holds).
    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \(Self.path(context.codingPath))"
        case .dataCorrupted?:
            return "malformed JSON"
        default:
            return "unreadable"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}

extension LabelledRecord {
    /// Checks that every span lies inside the text and on character boundaries.
    ///
    /// - Throws: ``CLIError`` naming the corpus, the record and the span.
    func validate(in path: String) throws {
        let bytes = Array(text.utf8)
        for (index, span) in spans.enumerated() {
            guard 0 <= span.start, span.start < span.end, span.end <= bytes.count,
                  !Self.isContinuation(bytes, at: span.start), !Self.isContinuation(bytes, at: span.end)
            else {
                throw CLIError("\(path): record \(id): span \(index) (\(span.start)..<\(span.end)) is not a character range of its text")
            }
        }
    }

    private static func isContinuation(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] & 0xC0 == 0x80
    }
}
