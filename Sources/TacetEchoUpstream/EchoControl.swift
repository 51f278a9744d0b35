import HTTPTypes

/// The `x-echo-*` request headers with which a test steers one answer.
struct EchoControl: Sendable {
    /// `x-echo-status: NNN`: answer this status with the provider's error body.
    var status: Int?
    /// `x-echo-chunk: N`: bytes per streamed piece for this request.
    var chunkSize: Int?
    /// `x-echo-delay-ms: N`: wait before answering at all.
    var delayMilliseconds: Int = 0
    /// `x-echo-stall-ms: N`: in a stream, wait after the first text event.
    var stallMilliseconds: Int = 0
    /// `x-echo-reset: 1`: start the answer, then drop the connection.
    var reset = false

    init(_ headers: HTTPFields) {
        func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
            guard let field = HTTPField.Name(name), let text = headers[field], let value = Int(text),
                range.contains(value)
            else { return nil }
            return value
        }
        status = integer("x-echo-status", in: 100...599)
        chunkSize = integer("x-echo-chunk", in: 1...1_000_000)
        delayMilliseconds = integer("x-echo-delay-ms", in: 0...3_600_000) ?? 0
        stallMilliseconds = integer("x-echo-stall-ms", in: 0...3_600_000) ?? 0
        reset = HTTPField.Name("x-echo-reset").flatMap { headers[$0] } == "1"
    }
}
