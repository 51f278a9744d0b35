import NIOCore

/// Closes a connection whose client has closed its side of it.
///
/// Hummingbird allows half-closed connections, so a client that goes away mid-answer leaves
/// its channel active and nothing would notice until the next write, which for a streamed
/// answer may be a long time coming. Like nginx (which aborts the upstream request when the
/// client closes), Tacet takes end of input as the client's departure: the channel closes,
/// and the streamed answer, which watches it, cancels its upstream request.
final class ClientDepartureHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
