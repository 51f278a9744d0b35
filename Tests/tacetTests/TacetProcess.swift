import Foundation
import Testing

/// Runs the built `tacet` binary, which SwiftPM puts next to the test bundle.
struct TacetProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The rule arguments every end-to-end test passes: `Fixtures/test-rules.toml` alone, which
    /// finds `tok_` + 16 letters or digits and email addresses.
    static let ruleArguments = [
        "--no-default-rules", "--rules",
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/test-rules.toml").path,
    ]

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tacet")
    }

    /// Runs `tacet arguments` in `folder`, stdin from `input` (or empty), stdout and stderr to
    /// files (no pipe can fill up and stall the child).
    static func run(
        _ arguments: [String], in folder: URL, input: String = "", environment: [String: String] = [:]
    ) throws -> Result {
        let io = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: io) }
        let stdin = io.appendingPathComponent("in"), stdout = io.appendingPathComponent("out"),
            stderr = io.appendingPathComponent("err")
        try Data(input.utf8).write(to: stdin)
        try Data().write(to: stdout)
        try Data().write(to: stderr)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: stdin)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdout, encoding: .utf8),
            stderr: try String(contentsOf: stderr, encoding: .utf8))
    }

    /// Runs `tacet arguments` with standard input from `stdin` and output discarded; returns its
    /// exit status and its peak resident memory in KiB, polled from `/proc/PID/status` while it
    /// runs. (`wait4`'s `ru_maxrss` would also count this big test process, which the child
    /// shares until it execs.)
    static func peakMemory(_ arguments: [String], stdin: String) throws -> (status: Int32, peakKiB: Int) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
            {
                peak = max(peak, kib)
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return (process.terminationStatus, peak)
    }

    /// `tacet scan` with the test rules and no colour.
    static func scan(
        _ arguments: [String], in folder: URL, input: String = "", environment: [String: String] = [:]
    ) throws -> Result {
        try run(["scan"] + ruleArguments + arguments, in: folder, input: input, environment: environment)
    }
}

/// A temporary folder filled from a table of relative paths and contents, removed at the end.
final class TemporaryTree {
    let url: URL

    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (path, contents) in files { try write(path, Data(contents.utf8)) }
    }

    func write(_ path: String, _ data: Data) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
