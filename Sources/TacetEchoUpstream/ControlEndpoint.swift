import HTTPTypes
import Hummingbird
import NIOCore

/// The echo's own endpoints for scripts outside the process: `GET /_echo/received` (JSON array of
/// `{method, path, body}`, body as UTF-8 text) and `POST /_echo/clear`. They are never recorded.
enum ControlEndpoint {
    case received, clear

    init?(method: String, target: String) {
        switch (method, target) {
        case ("GET", "/_echo/received"): self = .received
        case ("POST", "/_echo/clear"): self = .clear
        default: return nil
        }
    }

    func respond(_ recorder: RequestRecorder) -> Response {
        let body: JSONValue
        switch self {
        case .received:
            body = .array(recorder.all().map { request in
                ["method": .string(request.method), "path": .string(request.path), "body": .string(request.bodyText)]
            })
        case .clear:
            recorder.clear()
            body = ["cleared": true]
        }
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: body.serialized)))
    }
}
