import Testing
@testable import TacetCLI

/// The glob language of gitignore(5), case by case.
@Suite struct PathGlobTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var glob: String
        var path: String
        var matches: Bool
        var testDescription: String { "\(glob) ~ \(path) → \(matches)" }
        init(_ glob: String, _ path: String, _ matches: Bool) {
            self.glob = glob
            self.path = path
            self.matches = matches
        }
    }

    static let cases: [Case] = [
        // Literals and single-component wildcards.
        Case("build", "build", true), Case("build", "builds", false), Case("", "", true),
        Case("*.log", "app.log", true), Case("*.log", ".log", true), Case("*.log", "app.log.1", false),
        Case("*.log", "logs/app.log", false), Case("app*", "app", true), Case("*", "anything", true),
        Case("*", "a/b", false), Case("a*b*c", "abc", true), Case("a*b*c", "axxbyyc", true),
        Case("a*b*c", "axxbyy", false), Case("*aab", "aaaab", true), Case("*ab*ab", "abxabyab", true),
        Case("???", "abc", true), Case("???", "ab", false), Case("a?c", "a/c", false),
        Case("a**b", "axyb", true), Case("a**b", "ax/yb", false),
        // Escapes.
        Case("\\*.txt", "*.txt", true), Case("\\*.txt", "a.txt", false), Case("a\\?", "a?", true),
        Case("\\#notes", "#notes", true), Case("back\\\\slash", "back\\slash", true),
        // Sets.
        Case("file[0-9].txt", "file7.txt", true), Case("file[0-9].txt", "filex.txt", false),
        Case("[abc]", "b", true), Case("[!abc]", "b", false), Case("[^abc]", "d", true),
        Case("[]x]", "]", true), Case("[]x]", "x", true), Case("[a-]", "-", true),
        Case("[\\]]", "]", true), Case("[[:digit:]]x", "5x", true), Case("[[:upper:]]", "q", false),
        Case("[[:alpha:][:digit:]]", "7", true), Case("[!a]", "/", false), Case("a[/]b", "a/b", false),
        Case("[z-a]", "m", false), Case("[abc", "a", false), Case("x[abc", "x[abc", false),
        // Components and `**`.
        Case("docs/*.md", "docs/readme.md", true), Case("docs/*.md", "docs/api/readme.md", false),
        Case("**/node_modules", "node_modules", true), Case("**/node_modules", "a/b/node_modules", true),
        Case("**/node_modules", "a/node_modules/x", false), Case("a/**/b", "a/b", true),
        Case("a/**/b", "a/x/y/b", true), Case("a/**/b", "a/x/y/c", false), Case("a/**", "a/x", true),
        Case("a/**", "a/x/y", true), Case("a/**", "a", false), Case("**", "a/b/c", true),
        Case("**/*.tmp", "x/y/z.tmp", true), Case("a/**/**/b", "a/b", true), Case("a/b", "a/b/c", false),
    ]

    @Test(arguments: cases)
    func matchesAsGitignoreDocuments(_ c: Case) {
        #expect(PathGlob(Array(c.glob.utf8)).matches(Array(c.path.utf8)) == c.matches)
    }
}
