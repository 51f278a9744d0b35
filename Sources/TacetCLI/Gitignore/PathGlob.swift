/// A gitignore glob matched against a `/`-separated relative path, byte by byte.
///
/// - `*` matches any run of bytes within one path component, `?` one byte other than `/`;
/// - `[...]` matches one byte other than `/` from a set: ranges (`a-z`), POSIX classes
///   (`[:alpha:]` …), negation with a leading `!` or `^`, a `]` first in the set is literal;
/// - `\x` matches `x` literally, in and out of sets;
/// - `**` as a whole component matches zero or more components (`**/a`, `a/**/b`); as the last
///   component it matches one or more (`a/**` is everything inside `a`, not `a` itself);
///   elsewhere two stars are one star.
///
/// A set that never closes makes the glob match nothing, as git does.
///
/// - Complexity: O(pattern × path) per component pair, and the component table for `**`.
struct PathGlob: Equatable {
    /// One element of a component pattern; every element but `star` consumes one byte.
    enum Token: Equatable {
        case byte(UInt8)
        case anyByte
        case star
        /// 256 bits: the bytes the set accepts (negation already applied).
        case set([UInt64])
    }

    enum Component: Equatable {
        case tokens([Token])
        /// A whole-component `**`.
        case anyDepth
    }

    /// `nil` when the glob can never match (an unclosed set).
    let components: [Component]?

    init(_ glob: [UInt8]) {
        var components: [Component] = []
        for part in glob.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if part.elementsEqual("**".utf8) {
                if components.last != .anyDepth { components.append(.anyDepth) }
                continue
            }
            guard let tokens = Self.tokens(Array(part)) else {
                self.components = nil
                return
            }
            components.append(.tokens(tokens))
        }
        self.components = components
    }

    func matches(_ path: [UInt8]) -> Bool {
        guard let components else { return false }
        let parts = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        // reachable[i][j]: pattern components from i can match path components from j.
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (parts.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == components.count {
                result = j == parts.count
            } else if case .tokens(let tokens) = components[i] {
                result = j < parts.count && Self.match(tokens, parts[j]) && match(i + 1, j + 1)
            } else if i == components.count - 1 && i > 0 {
                result = j < parts.count  // a trailing `**`: one or more components
            } else {
                // Zero components, or one more and stay on `**`.
                result = match(i + 1, j) || (j < parts.count && match(i, j + 1))
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// Matches one component: a greedy scan that, on a mismatch, lets the last `*` take one more
    /// byte and retries from there (enough, since every other token takes exactly one byte).
    static func match(_ tokens: [Token], _ text: [UInt8]) -> Bool {
        var t = 0, k = 0
        var starToken = -1, starText = 0
        while t < text.count {
            if k < tokens.count, tokens[k] == .star {
                starToken = k
                starText = t
                k += 1
            } else if k < tokens.count, accepts(tokens[k], text[t]) {
                k += 1
                t += 1
            } else if starToken >= 0 {
                starText += 1
                t = starText
                k = starToken + 1
            } else {
                return false
            }
        }
        while k < tokens.count, tokens[k] == .star { k += 1 }
        return k == tokens.count
    }

    private static func accepts(_ token: Token, _ byte: UInt8) -> Bool {
        switch token {
        case .byte(let expected): byte == expected
        case .anyByte: byte != UInt8(ascii: "/")
        case .star: false
        case .set(let bits): bits[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0
        }
    }

    /// The tokens of one component; `nil` for an unclosed set.
    private static func tokens(_ pattern: [UInt8]) -> [Token]? {
        var tokens: [Token] = []
        var i = 0
        while i < pattern.count {
            switch pattern[i] {
            case UInt8(ascii: "*"):
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case UInt8(ascii: "?"):
                tokens.append(.anyByte)
                i += 1
            case UInt8(ascii: "\\") where i + 1 < pattern.count:
                tokens.append(.byte(pattern[i + 1]))
                i += 2
            case UInt8(ascii: "["):
                guard let (set, end) = ByteSet.parse(pattern, from: i + 1) else { return nil }
                tokens.append(.set(set))
                i = end
            default:
                tokens.append(.byte(pattern[i]))
                i += 1
            }
        }
        return tokens
    }
}
