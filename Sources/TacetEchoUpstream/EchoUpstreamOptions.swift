/// How an ``EchoUpstream`` answers.
public struct EchoUpstreamOptions: Sendable {
    /// Bytes of answer text (or tool-call argument JSON) per streamed event; a request's
    /// `x-echo-chunk: N` header overrides it.
    public var chunkSize: Int = 3
    /// How many requests ``EchoUpstream/received()`` keeps, the most recent ones; benchmarks set 0
    /// so a long run does not grow the echo's memory.
    public var recordLimit: Int = .max

    public init(chunkSize: Int = 3, recordLimit: Int = .max) {
        self.chunkSize = chunkSize
        self.recordLimit = recordLimit
    }
}
