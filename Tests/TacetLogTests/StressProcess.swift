import Foundation
import Glibc

/// A running `tacet-log-stress`, its standard output (acknowledged ids, one a line) and error
/// going to files so no pipe can fill up and stall it.
final class StressProcess {
    private let process = Process()
    private let folder: URL
    private var stdout: URL { folder.appendingPathComponent("out") }
    private var stderr: URL { folder.appendingPathComponent("err") }

    static func start(_ arguments: [String]) throws -> StressProcess {
        let stress = StressProcess(folder: FileManager.default.temporaryDirectory.appendingPathComponent("tacet-stress-\(UUID().uuidString)"))
        try stress.run(arguments)
        return stress
    }

    private init(folder: URL) { self.folder = folder }

    private func run(_ arguments: [String]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: stdout)
        try Data().write(to: stderr)
        process.executableURL = builtProduct("tacet-log-stress")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The ids printed so far; a torn last line (no newline yet) is not counted.
    func acknowledged() -> Set<String> {
        let text = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
        guard let end = text.lastIndex(of: "\n") else { return [] }
        return Set(text[..<end].split(separator: "\n").map(String.init))
    }

    func standardError() -> String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
