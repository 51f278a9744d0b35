import Testing
@testable import TacetCLI

@Suite struct GitignoreTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The root `.gitignore`.
        var lines: [String]
        var path: String
        var isDirectory = false
        var ignored: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "literal name at top", lines: ["secret.txt"], path: "secret.txt", ignored: true),
        Case(name: "name without slash matches at any depth", lines: ["secret.txt"], path: "a/b/secret.txt", ignored: true),
        Case(name: "name is not a substring match", lines: ["secret.txt"], path: "a/mysecret.txt", ignored: false),
        Case(name: "star stays within a name", lines: ["*.log"], path: "logs/app.log", ignored: true),
        Case(name: "star suffix", lines: ["*.log"], path: "app.log.txt", ignored: false),
        Case(name: "question mark", lines: ["file?.txt"], path: "file1.txt", ignored: true),
        Case(name: "question mark needs one", lines: ["file?.txt"], path: "file.txt", ignored: false),
        Case(name: "class", lines: ["file[0-9].txt"], path: "file7.txt", ignored: true),
        Case(name: "class miss", lines: ["file[0-9].txt"], path: "filex.txt", ignored: false),
        Case(name: "negated class", lines: ["file[!0-9].txt"], path: "filex.txt", ignored: true),
        Case(name: "leading slash anchors", lines: ["/build"], path: "build", isDirectory: true, ignored: true),
        Case(name: "leading slash anchors, not deeper", lines: ["/build"], path: "src/build", isDirectory: true, ignored: false),
        Case(name: "middle slash anchors", lines: ["doc/frotz"], path: "doc/frotz", ignored: true),
        Case(name: "middle slash anchors, not deeper", lines: ["doc/frotz"], path: "a/doc/frotz", ignored: false),
        Case(name: "trailing slash matches a folder", lines: ["cache/"], path: "x/cache", isDirectory: true, ignored: true),
        Case(name: "trailing slash skips a file", lines: ["cache/"], path: "x/cache", ignored: false),
        Case(name: "anchored folder with trailing slash", lines: ["/out/"], path: "out", isDirectory: true, ignored: true),
        Case(name: "leading double star", lines: ["**/foo"], path: "a/b/foo", ignored: true),
        Case(name: "leading double star at top", lines: ["**/foo"], path: "foo", ignored: true),
        Case(name: "double star then path", lines: ["**/foo/bar"], path: "x/foo/bar", ignored: true),
        Case(name: "trailing double star", lines: ["abc/**"], path: "abc/x/y", ignored: true),
        Case(name: "trailing double star, not the folder", lines: ["abc/**"], path: "abc", isDirectory: true, ignored: false),
        Case(name: "middle double star, zero folders", lines: ["a/**/b"], path: "a/b", ignored: true),
        Case(name: "middle double star, many folders", lines: ["a/**/b"], path: "a/x/y/b", ignored: true),
        Case(name: "star does not cross folders", lines: ["a/*/b"], path: "a/x/y/b", ignored: false),
        Case(name: "negation re-includes", lines: ["*.env", "!example.env"], path: "example.env", ignored: false),
        Case(name: "negation keeps the rest", lines: ["*.env", "!example.env"], path: "prod.env", ignored: true),
        Case(name: "last match wins", lines: ["!keep.txt", "*.txt"], path: "keep.txt", ignored: true),
        Case(name: "comment", lines: ["# secret.txt"], path: "# secret.txt", ignored: false),
        Case(name: "escaped hash", lines: ["\\#notes"], path: "#notes", ignored: true),
        Case(name: "escaped bang", lines: ["\\!important"], path: "!important", ignored: true),
        Case(name: "blank lines", lines: ["", "   ", "x"], path: "x", ignored: true),
        Case(name: "trailing spaces dropped", lines: ["trail   "], path: "trail", ignored: true),
        Case(name: "escaped trailing space kept", lines: ["trail\\ "], path: "trail ", ignored: true),
        Case(name: "escaped trailing space needed", lines: ["trail\\ "], path: "trail", ignored: false),
        Case(name: "escaped star is literal", lines: ["a\\*b"], path: "a*b", ignored: true),
        Case(name: "escaped star matches only a star", lines: ["a\\*b"], path: "axb", ignored: false),
        Case(name: "posix class", lines: ["v[[:digit:]]"], path: "v1", ignored: true),
        Case(name: "CRLF line ends", lines: ["crlf\r", "other\r"], path: "crlf", ignored: true),
        Case(name: "unrelated path", lines: ["*.log"], path: "main.swift", ignored: false),
    ]

    @Test(arguments: cases)
    func matchesLikeGit(_ testCase: Case) {
        var rules = IgnoreRules()
        rules.add(Gitignore(folder: [], contents: Array(testCase.lines.joined(separator: "\n").utf8)))
        #expect(rules.isIgnored(Array(testCase.path.utf8), isDirectory: testCase.isDirectory) == testCase.ignored)
    }

    @Test func nestedFileIsRelativeToItsFolderAndWins() {
        var rules = IgnoreRules()
        rules.add(Gitignore(folder: [], contents: Array("*.txt\n".utf8)))
        rules.add(Gitignore(folder: Array("sub/".utf8), contents: Array("!keep.txt\n/local\n".utf8)))
        #expect(rules.isIgnored(Array("a.txt".utf8), isDirectory: false))
        #expect(!rules.isIgnored(Array("sub/keep.txt".utf8), isDirectory: false))
        #expect(rules.isIgnored(Array("sub/other.txt".utf8), isDirectory: false))
        #expect(rules.isIgnored(Array("sub/local".utf8), isDirectory: false))
        // `/local` is anchored at sub/, so it does not reach sub/x/local or the top's local.
        #expect(!rules.isIgnored(Array("sub/x/local".utf8), isDirectory: false))
        #expect(!rules.isIgnored(Array("local".utf8), isDirectory: false))
        // A nested file's patterns do not apply outside its folder.
        #expect(rules.isIgnored(Array("keep.txt".utf8), isDirectory: false))
    }

    @Test func excludeFileHasLowestPrecedence() {
        var rules = IgnoreRules()
        rules.add(Gitignore(folder: [], contents: Array("*.key\n".utf8)))  // .git/info/exclude
        rules.add(Gitignore(folder: [], contents: Array("!public.key\n".utf8)))  // .gitignore
        #expect(rules.isIgnored(Array("private.key".utf8), isDirectory: false))
        #expect(!rules.isIgnored(Array("public.key".utf8), isDirectory: false))
    }

    @Test func byteOrderMarkIsSkipped() {
        let file = Gitignore(folder: [], contents: [0xEF, 0xBB, 0xBF] + Array("bom\n".utf8))
        #expect(file.patterns.map(\.glob) == [PathGlob(Array("bom".utf8))])
    }
}
