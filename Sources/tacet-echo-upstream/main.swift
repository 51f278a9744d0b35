import TacetEchoUpstream
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tacet-echo-upstream [--host 127.0.0.1] [--port 9000] [--chunk-size 3] [--record-limit N]`:
/// the echo upstream as a process, for scripts and benchmarks. Prints `listening on HOST:PORT`
/// once bound and serves until SIGTERM or SIGINT.
struct EchoArguments {
    var host = "127.0.0.1"
    var port = 9000
    var options = EchoUpstreamOptions()

    static let usage = "usage: tacet-echo-upstream [--host 127.0.0.1] [--port 9000] [--chunk-size 3] [--record-limit N]"

    init(_ arguments: ArraySlice<String>) throws(UsageError) {
        var rest = arguments
        while let flag = rest.popFirst() {
            if flag == "--help" || flag == "-h" { throw UsageError(message: Self.usage, status: 0) }
            guard let value = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value\n\(Self.usage)") }
            func number(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
                guard let number = Int(value), range.contains(number) else {
                    throw UsageError(message: "\(flag) takes a whole number in \(range), not '\(value)'")
                }
                return number
            }
            switch flag {
            case "--host": host = value
            case "--port": port = try number(0...65535)
            case "--chunk-size": options.chunkSize = try number(1...1_000_000)
            case "--record-limit": options.recordLimit = try number(0...Int.max)
            default: throw UsageError(message: "unknown option \(flag)\n\(Self.usage)")
            }
        }
    }
}

/// Writes one line straight to a file descriptor (unbuffered, so a reader of a pipe sees it at once).
func writeLine(_ text: String, to descriptor: Int32) {
    let bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        guard written > 0 else { return }
        offset += written
    }
}

struct UsageError: Error {
    var message: String
    var status: Int32 = 2
}

let arguments: EchoArguments
do {
    arguments = try EchoArguments(CommandLine.arguments.dropFirst())
} catch {
    writeLine(error.message, to: error.status == 0 ? STDOUT_FILENO : STDERR_FILENO)
    exit(error.status)
}

let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
let echo: EchoUpstream
do {
    echo = try await EchoUpstream.start(host: arguments.host, port: arguments.port, options: arguments.options)
} catch {
    writeLine("tacet-echo-upstream: cannot listen on \(arguments.host):\(arguments.port): \(error)", to: STDERR_FILENO)
    exit(1)
}
writeLine("listening on \(arguments.host):\(echo.port)", to: STDOUT_FILENO)
for await _ in signals { break }
await echo.stop()
