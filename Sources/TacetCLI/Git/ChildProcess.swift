import Foundation
import Glibc

/// A child process (found on `PATH`) with a pipe from its standard output and, optionally, one
/// to its standard input; its standard error is ours, so its own messages reach the user.
final class ChildProcess {
    let pid: pid_t
    /// The write end of the child's standard input, or -1.
    private(set) var input: Int32
    /// The read end of the child's standard output.
    let output: Int32
    private var exitStatus: Int32?
    /// Pipes are made close-on-exec a step after they are made (Glibc's `pipe2` is not imported),
    /// so creating them and starting a child happen under this lock: no other child of ours can
    /// inherit them in between.
    private static let spawnLock = NSLock()

    /// - Throws: ``CLIError`` naming the program when it cannot be started.
    init(_ arguments: [String], withInput: Bool) throws(CLIError) {
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var outputPipe: [Int32] = [-1, -1], inputPipe: [Int32] = [-1, -1]
        // Close-on-exec, so no other child holds our ends open.
        guard Self.makePipe(&outputPipe), !withInput || Self.makePipe(&inputPipe) else {
            throw CLIError("\(arguments[0]): cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        if withInput { posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0) }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawnp(&child, arguments[0], &actions, nil, &argv, environ)
        close(outputPipe[1])
        if withInput { close(inputPipe[0]) }
        guard result == 0 else {
            close(outputPipe[0])
            if withInput { close(inputPipe[1]) }
            throw CLIError("\(arguments[0]): cannot start: \(String(cString: strerror(result)))")
        }
        pid = child
        output = outputPipe[0]
        // A bigger pipe lets the child work further ahead of us (git cat-file keeps inflating
        // while the workers scan); the default is 64 KiB. Best effort: the limit may be lower.
        _ = fcntl(output, Self.setPipeSize, Self.outputPipeSize)
        input = withInput ? inputPipe[1] : -1
    }

    private static let outputPipeSize: Int32 = 1 << 20
    /// Linux's `F_SETPIPE_SZ`, which Glibc does not export to Swift.
    private static let setPipeSize: Int32 = 1031

    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Writes all of `bytes` to the child's standard input.
    func write(_ bytes: [UInt8]) throws(CLIError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw CLIError("git: cannot write to it: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Closes both pipes and waits for the child; returns its exit status (128 + signal when
    /// killed by one).
    @discardableResult
    func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        closeInput()
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        exitStatus = code
        return code
    }

    deinit { wait() }
}
