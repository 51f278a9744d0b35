import TacetCore

extension Redactor {
    /// The result of redacting a JSON document.
    public struct JSONResult: Sendable {
        public var bytes: [UInt8]
        /// One per value, with the JSON path of the string it was in.
        public var detections: [(path: String, detection: Detection)]
        public var isBlocked: Bool { detections.contains { $0.detection.action == .block } }
    }

    /// Redacts the string values of a JSON document and leaves every other byte as it was:
    /// keys, numbers, whitespace and strings without findings are copied unchanged, and in a
    /// string with findings only the values' bytes are replaced (by the replacement,
    /// JSON-escaped). Each string value is scanned decoded (escapes resolved), so `\u0040`
    /// cannot hide an email's `@`; a value that starts or ends inside an escape (which no rule
    /// match does) makes its string written again whole. Every string, keys included, is
    /// reserved before any placeholder is issued.
    ///
    /// Detection spans are byte offsets in the decoded string at `path`.
    ///
    /// - Throws: ``JSONSyntaxError`` (with its byte offset) for a document that does not parse.
    public func redactJSON(_ document: [UInt8], scanner: TacetCore.Scanner, in session: RedactionSession) throws -> JSONResult {
        let leaves = try JSONLeaves.strings(in: document)
        return try document.withUnsafeBytes { bytes in
            let decoded = leaves.map { JSONString.decode(UnsafeRawBufferPointer(rebasing: bytes[$0.contents])) }
            decoded.forEach(session.reserve)
            var output: [UInt8] = []
            output.reserveCapacity(document.count)
            var detections: [(path: String, detection: Detection)] = []
            var cursor = 0
            for (leaf, text) in zip(leaves, decoded) where !leaf.isKey {
                let findings = scanner.scan(text)
                guard !findings.isEmpty else { continue }
                let result = try redact(text, findings: findings, in: session)
                detections += result.detections.map { (leaf.path, $0) }
                guard result.bytes != text else { continue }
                output += bytes[cursor..<leaf.contents.lowerBound]
                let raw = UnsafeRawBufferPointer(rebasing: bytes[leaf.contents])
                output += result.jsonStringContents(replacing: raw)
                cursor = leaf.contents.upperBound
            }
            output += bytes[cursor...]
            return JSONResult(bytes: output, detections: detections)
        }
    }
}

extension Redactor.Result {
    /// The new raw contents of the JSON string whose raw contents were `raw` and whose decoded
    /// text this result redacted: each edit's span replaced by its replacement, JSON-escaped,
    /// and every other raw byte (escapes included) kept. When an edit starts or ends inside an
    /// escape, the whole redacted text, escaped.
    public func jsonStringContents(replacing raw: UnsafeRawBufferPointer) -> [UInt8] {
        // Without escapes, decoded and raw offsets are the same.
        let escapeFree = !raw.contains(0x5C)
        let rawOffsets = escapeFree ? [] : JSONString.rawOffsets(raw)
        var output: [UInt8] = []
        output.reserveCapacity(raw.count + 64)
        var rawCursor = 0
        for edit in edits {
            let start = escapeFree ? edit.input.lowerBound : rawOffsets[edit.input.lowerBound]
            let end = escapeFree ? edit.input.upperBound : rawOffsets[edit.input.upperBound]
            guard start >= 0, end >= 0 else { return JSONEscaping.escape(bytes) }
            output += raw[rawCursor..<start]
            output += JSONEscaping.escape(bytes[edit.output])
            rawCursor = end
        }
        output += raw[rawCursor...]
        return output
    }
}
