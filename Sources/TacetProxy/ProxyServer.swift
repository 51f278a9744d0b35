import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import TacetCore
import TacetLog

/// The running proxy: one Hummingbird listener, one HTTP client for every upstream, the
/// disclosure log, and the retention schedule.
public final class ProxyServer: Sendable {
    /// The port it listens on (the one the system chose when the configuration said 0).
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let log: DisclosureLog
    private let client: HTTPClient

    private init(port: Int, group: ServiceGroup, running: Task<Void, any Error>, log: DisclosureLog, client: HTTPClient) {
        self.port = port
        self.group = group
        self.running = running
        self.log = log
        self.client = client
    }

    /// Opens the log and starts listening; returns once connections are accepted.
    ///
    /// - Parameters:
    ///   - stopsOnSignals: whether SIGTERM and SIGINT start a graceful shutdown (the command's
    ///     way; tests call ``stop()``).
    public static func start(
        _ configuration: ProxyConfiguration, rules: RuleSet, stopsOnSignals: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger = Logger(label: "tacet.proxy")
    ) async throws -> ProxyServer {
        let digester = try configuration.log.digestKey.load(environment: environment, createIfMissing: true)
        let log = try await DisclosureLog.open(configuration.log)
        do {
            try await log.checkDigestKey(digester)
        } catch {
            await log.close()
            throw error
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration(configuration.limits))
        let handler = ProxyHandler(
            configuration: configuration, inspector: RequestInspector(scanners: ScannerPool(rules: rules), digester: digester),
            log: log, client: client, metrics: ProxyMetrics(), environment: environment)

        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: CallbackResponder<ProxyRequestContext> { request, context in
                await handler.respond(to: request, clientChannel: context.channel)
            },
            server: .http1(configuration: .init(
                additionalChannelHandlers: [ClientDepartureHandler()], idleTimeout: timeAmount(configuration.limits.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tacet"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? configuration.port)
                boundContinuation.finish()
            },
            logger: logger)
        var services: [any Service] = [app]
        if let days = configuration.log.retentionDays { services.append(RetentionService(log: log, days: days, logger: logger)) }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: stopsOnSignals ? [UnixSignal.sigterm, .sigint] : [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.limits.shutdownDrain
        let group = ServiceGroup(configuration: groupConfiguration)
        let running = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The group ended before listening: its error says why (an address in use, say).
            try await running.value
            try await client.shutdown()
            await log.close()
            throw ConfigurationError("the proxy stopped before it could listen on \(configuration.host):\(configuration.port)")
        }
        return ProxyServer(port: port, group: group, running: running, log: log, client: client)
    }

    /// Waits until the proxy stops (after a signal or ``stop()``), then closes the client and the log.
    public func wait() async throws {
        let result = await running.result
        try? await client.shutdown()
        await log.close()
        try result.get()
    }

    /// Stops accepting connections, lets open answers finish (up to the drain limit), and closes.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await wait()
    }

    static func clientConfiguration(_ limits: ProxyConfiguration.Limits) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: timeAmount(limits.upstreamConnectTimeout), read: timeAmount(limits.upstreamReadTimeout))
        // A proxy passes redirects to its client rather than following them.
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        return configuration
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// Applies the log's retention now and then every hour while the proxy runs.
struct RetentionService: Service {
    let log: DisclosureLog
    let days: Int
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await log.applyRetention(days: days)
                if removed > 0 { logger.info("retention: removed \(removed) log entries older than \(days) days") }
            } catch {
                logger.error("retention: \(error)")
            }
            try? await gracefulShutdown(orSleepFor: .seconds(3600))
        }
    }
}

private func gracefulShutdown(orSleepFor duration: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}

/// Hummingbird's request context, keeping the client's channel so a streamed answer can tell
/// when the client has gone.
struct ProxyRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
