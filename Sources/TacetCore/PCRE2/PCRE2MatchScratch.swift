import CPCRE2

/// Per-thread match state: match data, a match context carrying the limits, and a JIT stack.
///
/// Made once per ``Scanner`` and reused for every match, so no match allocates.
/// Not `Sendable`: one thread at a time.
package final class PCRE2MatchScratch {
    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    private let jitStack: OpaquePointer?

    /// - Parameter groups: the largest capture count of any pattern used with this scratch.
    package init(groups: Int, limits: MatchLimits = MatchLimits()) {
        matchData = pcre2_match_data_create_8(UInt32(groups + 1), nil)!
        matchContext = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(matchContext, limits.match)
        pcre2_set_depth_limit_8(matchContext, limits.depth)
        pcre2_set_heap_limit_8(matchContext, limits.heapKiB)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, limits.jitStackBytes, nil)
        if let jitStack { pcre2_jit_stack_assign_8(matchContext, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The byte span of capture `group` from the last match, or `nil` when the group did not
    /// take part in it.
    package func span(ofGroup group: Int) -> Range<Int>? {
        guard group < Int(pcre2_get_ovector_count_8(matchData)) else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let start = ovector[2 * group], end = ovector[2 * group + 1]
        guard start != ~0, end >= start else { return nil }
        return start..<end
    }
}

/// PCRE2 limits applied to every match, so no rule and no input can hang a scan. `match` bounds
/// backtracking steps, `depth` the interpreter's nesting, `heapKiB` its heap; the JIT honours
/// `match` and its own stack size.
public struct MatchLimits: Sendable, Equatable {
    public var match: UInt32 = 200_000
    public var depth: UInt32 = 5_000
    public var heapKiB: UInt32 = 16 * 1024
    public var jitStackBytes: Int = 1 << 20
    public init() {}
}
