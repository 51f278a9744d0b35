import ArgumentParser
import Foundation
import TacetLog
import TacetProxy

/// `tacet proxy`: the forwarding proxy agent runtimes send their provider calls through.
public struct Proxy: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Forward OpenAI, Anthropic and Gemini calls with secrets and personal data redacted, and log each disclosure.",
        discussion: """
            Point an SDK's base URL at the proxy (OpenAI: http://HOST:PORT/v1, Anthropic and Gemini: \
            http://HOST:PORT). Without a configuration file the proxy forwards to the providers' \
            public endpoints with the client's own API key, redacts every detected value into a \
            placeholder it restores in the answer, and logs to SQLite in the data directory.
            Stops gracefully on SIGTERM or SIGINT, letting open streams finish.
            """)

    @OptionGroup var store: LogStoreOptions

    @Option(help: ArgumentHelp("Where to listen. (default: 127.0.0.1:8787, or [proxy] listen)", valueName: "host:port"))
    var listen: String?

    @Option(name: .customLong("upstream"), help: ArgumentHelp(
        "Send an upstream's requests to another base URL; repeatable. openai, anthropic and gemini name the built-in ones.",
        valueName: "name=url"))
    var upstreams: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rules to add to the default pack; repeatable.", valueName: "file"))
    var ruleFiles: [String] = []

    public init() {}

    public func run() throws {
        let file = store.configFile ?? (FileManager.default.fileExists(atPath: "tacet.toml") ? "tacet.toml" : nil)
        var configuration: ProxyConfiguration
        do {
            configuration = try ProxyConfiguration.load(file: file, dataDirectory: LogConfiguration.dataDirectory(option: store.dataDirectory))
            if let listen { try configuration.setListen(listen, place: "--listen") }
            for upstream in upstreams { try configuration.setUpstream(upstream) }
        } catch let error as ConfigurationError {
            throw CLIError(error.description)
        } catch let error as LogError {
            throw CLIError(error.description)
        }
        try FileManager.default.createDirectory(atPath: configuration.log.dataDirectory, withIntermediateDirectories: true)
        let rules = try loadRuleSet(ruleFiles: ruleFiles, useDefaults: true, discoveryFolder: ".", configFile: nil)
        let ready = configuration
        ProxyServer.runTasksOnEventLoops()
        try runBlocking {
            let server = try await ProxyServer.start(ready, rules: rules, stopsOnSignals: true)
            let names = ready.upstreams.map { "\($0.name)=\($0.baseURL)" }.joined(separator: ", ")
            let log = switch ready.log.store {
            case .sqlite(let path): path
            case .postgres: "PostgreSQL"
            }
            StandardError.write("tacet proxy listening on http://\(ready.host):\(server.port) (\(names)); log: \(log)\n")
            try await server.wait()
        }
    }
}
