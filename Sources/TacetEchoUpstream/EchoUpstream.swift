import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A fake model provider on loopback that answers at once with "echo: " + the last user turn's
/// text, in the exact wire shape of OpenAI, Anthropic or Gemini (JSON or streamed), so the
/// placeholders a proxy sent upstream come back in the answer.
///
/// ```swift
/// let echo = try await EchoUpstream.start()
/// // POST http://127.0.0.1:\(echo.port)/v1/chat/completions …
/// let seen = echo.received()
/// await echo.stop()
/// ```
///
/// Paths are matched by suffix (`…/chat/completions`, `…/messages`, `…/models/{m}:generateContent`),
/// so any base path works. Headers steer one answer: `x-echo-status`, `x-echo-delay-ms`,
/// `x-echo-stall-ms`, `x-echo-reset: 1`, `x-echo-chunk`.
public final class EchoUpstream: Sendable {
    /// The bound port (the one chosen by the system when started with port 0).
    public let port: Int
    private let recorder: RequestRecorder
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(port: Int, recorder: RequestRecorder, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.recorder = recorder
        self.group = group
        self.running = running
    }

    /// Starts serving on `host:port` and returns once the socket is bound.
    /// - Throws: the bind error when the address cannot be used.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, options: EchoUpstreamOptions = .init()
    ) async throws -> EchoUpstream {
        let recorder = RequestRecorder(limit: options.recordLimit)
        let responder = EchoResponder(options: options, recorder: recorder)
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "tacet-echo-upstream")
        logger.logLevel = .warning
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await responder.respond(to: request) },
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }
        var ports = bound.makeAsyncIterator()
        guard let boundPort = await ports.next() else {
            try await running.value
            throw EchoUpstreamError.stoppedBeforeBinding(host: host, port: port)
        }
        return EchoUpstream(port: boundPort, recorder: recorder, group: group, running: running)
    }

    /// Every request seen (except the `/_echo/` control endpoints), in arrival order, up to
    /// ``EchoUpstreamOptions/recordLimit`` most recent.
    public func received() -> [EchoRequest] { recorder.all() }

    public func clearReceived() { recorder.clear() }

    /// Stops accepting connections, lets answers in flight finish, then returns.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}

public enum EchoUpstreamError: Error, CustomStringConvertible {
    case stoppedBeforeBinding(host: String, port: Int)

    public var description: String {
        switch self {
        case .stoppedBeforeBinding(let host, let port): "echo upstream stopped before binding \(host):\(port)"
        }
    }
}
