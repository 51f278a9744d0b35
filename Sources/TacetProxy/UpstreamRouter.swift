import TacetProviders

/// Finds the upstream, provider shape and upstream URL for a client's request path.
///
/// One listener serves every upstream: each owns the paths under its prefix (none for the
/// built-in providers), and among upstreams with the same prefix the path itself tells the
/// provider (see ``Endpoint``).
struct UpstreamRouter: Sendable {
    struct Route: Sendable {
        var upstream: ProxyConfiguration.Upstream
        var endpoint: Endpoint
        /// The URL to send the request to, without the query.
        var url: String
        /// The client path without the upstream's prefix, for the log.
        var path: String
    }

    /// Longest prefix first, so `/mistral/v1/…` is not taken by the unprefixed OpenAI upstream.
    private let upstreams: [ProxyConfiguration.Upstream]

    init(upstreams: [ProxyConfiguration.Upstream]) {
        self.upstreams = upstreams.sorted { $0.pathPrefix.count > $1.pathPrefix.count }
    }

    /// The route for `method path`, or `nil` for a path no upstream serves (404).
    func route(method: String, path: String, hasAnthropicVersion: Bool) -> Route? {
        for upstream in upstreams {
            guard let rest = Self.strip(upstream.pathPrefix, from: path) else { continue }
            if let (kind, endpoint) = Endpoint.known(method: method, path: rest) {
                guard kind == upstream.kind else { continue }
                return Route(upstream: upstream, endpoint: endpoint, url: url(upstream, rest), path: rest)
            }
            if Endpoint.providerOfOtherPath(rest, hasAnthropicVersion: hasAnthropicVersion) == upstream.kind {
                return Route(upstream: upstream, endpoint: .other, url: url(upstream, rest), path: rest)
            }
        }
        return nil
    }

    private static func strip(_ prefix: String, from path: String) -> String? {
        guard !prefix.isEmpty else { return path }
        guard path.hasPrefix(prefix) else { return nil }
        let rest = String(path.dropFirst(prefix.count))
        return rest.hasPrefix("/") ? rest : nil
    }

    /// The base URL the provider's SDK takes, plus the path below the SDK's base path.
    private func url(_ upstream: ProxyConfiguration.Upstream, _ path: String) -> String {
        var base = upstream.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let sdkBase = upstream.kind.sdkBasePath
        let below = !sdkBase.isEmpty && path.hasPrefix(sdkBase + "/") ? String(path.dropFirst(sdkBase.count)) : path
        return base + below
    }
}
