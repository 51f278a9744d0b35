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
    /// keys, numbers, whitespace and strings without findings are copied unchanged; a string
    /// with findings is written again, JSON-escaped, with its values replaced. Each string
    /// value is scanned decoded (escapes resolved), so `\u0040` cannot hide an email's `@`.
    /// Every string, keys included, is reserved before any placeholder is issued.
    ///
    /// Detection spans are byte offsets in the decoded string at `path`.
    ///
    /// - Throws: ``JSONSyntaxError`` (with its byte offset) for a document that does not parse.
    public func redactJSON(_ document: [UInt8], scanner: TacetCore.Scanner, in session: RedactionSession) throws -> JSONResult {
        try document.withUnsafeBytes { bytes in
            let leaves = try JSONLeaves.strings(in: bytes)
            let decoded = leaves.map { JSONString.decode(UnsafeRawBufferPointer(rebasing: bytes[$0.contents])) }
            for text in decoded { text.withUnsafeBytes { session.reserve($0) } }
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
                output += JSONString.escape(result.bytes)
                cursor = leaf.contents.upperBound
            }
            output += bytes[cursor...]
            return JSONResult(bytes: output, detections: detections)
        }
    }
}
