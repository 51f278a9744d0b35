import CPCRE2

/// A PCRE2 pattern compiled once, with UTF and JIT, shared read-only by every thread.
///
/// Compiled code is immutable after `pcre2_jit_compile`, so one `PCRE2Pattern` may be used
/// by many threads at once; each thread brings its own ``PCRE2MatchScratch``.
package final class PCRE2Pattern: @unchecked Sendable {
    // safe: `code` is written only in init and freed only in deinit; PCRE2 documents compiled
    // code as shareable between threads.
    private let code: OpaquePointer
    /// The number of capture groups, not counting group 0.
    package let captureCount: Int
    /// Whether JIT compilation succeeded (it can fail for very large patterns; matching then
    /// uses the interpreter, still under the same limits).
    package let isJITCompiled: Bool

    /// Compiles `pattern` with `PCRE2_UTF | PCRE2_MATCH_INVALID_UTF`, so bytes that are not UTF-8
    /// never make a match fail: they simply cannot be part of a multi-byte character.
    ///
    /// - Throws: ``PCRE2CompileError`` with PCRE2's message and the byte offset in the pattern.
    package init(_ pattern: String) throws(PCRE2CompileError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(
                buffer.baseAddress, buffer.count,
                UInt32(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF),
                &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw PCRE2CompileError(message: PCRE2Pattern.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        isJITCompiled = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit { pcre2_code_free_8(code) }

    /// Finds the first match in `subject[start..<subject.count]`, writing group spans into
    /// `scratch`. Bytes before `start` are visible to lookbehind and `\b`.
    ///
    /// - Returns: `.match` with the group count, `.noMatch`, or `.limitExceeded` when a match,
    ///   depth or heap limit stopped the search (the caller reports it and goes on).
    package func firstMatch(
        in subject: UnsafeRawBufferPointer, from start: Int, scratch: PCRE2MatchScratch
    ) -> PCRE2MatchResult {
        guard let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .noMatch }
        let rc = pcre2_match_8(code, base, subject.count, start, 0, scratch.matchData, scratch.matchContext)
        if rc > 0 { return .match }
        if rc == 0 { return .match }  // ovector too small; group 0 is still set
        switch rc {
        case PCRE2_ERROR_NOMATCH, PCRE2_ERROR_PARTIAL: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT,
            PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded(PCRE2Pattern.message(for: rc))
        default: return .failed(PCRE2Pattern.message(for: rc))
        }
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer {
            pcre2_get_error_message_8(errorCode, $0.baseAddress, $0.count)
        }
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}

/// The outcome of one match attempt.
package enum PCRE2MatchResult: Equatable {
    case match
    case noMatch
    /// A match, depth, heap or JIT-stack limit stopped the search.
    case limitExceeded(String)
    /// Any other PCRE2 error (it should not happen on valid compiled code).
    case failed(String)
}

/// A pattern that PCRE2 refused, with its message and the byte offset where it stopped.
public struct PCRE2CompileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}
