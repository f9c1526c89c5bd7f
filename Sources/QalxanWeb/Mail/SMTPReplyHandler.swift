import NIOCore

/// Why waiting for a reply failed inside the pipeline.
enum SMTPChannelFailure: Error, Sendable {
    /// No reply within the time limit.
    case timeout
    /// The connection closed before a reply arrived.
    case closed
    /// An error travelled through the pipeline (TLS, decoding, I/O).
    case pipeline(any Error)
}

/// Bridges decoded replies to callers: each ``nextReply(timeout:)`` yields the next reply in order.
///
/// Must be used on its channel's event loop only (it is wrapped in `NIOLoopBound` by ``SMTPConnection``).
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var buffered = CircularBuffer<SMTPReply>()
    private var waiting: EventLoopPromise<SMTPReply>?
    private var timeoutTask: Scheduled<Void>?
    private var failure: SMTPChannelFailure?
    private var context: ChannelHandlerContext?

    /// Number of replies received but not yet consumed.
    var bufferedCount: Int { buffered.count }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = Self.unwrapInboundIn(data)
        if let promise = takeWaiting() { promise.succeed(reply) } else { buffered.append(reply) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.pipeline(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    /// The next reply, failing with ``SMTPChannelFailure/timeout`` (and closing the channel) after `timeout`.
    func nextReply(timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !buffered.isEmpty { return eventLoop.makeSucceededFuture(buffered.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiting == nil, "only one outstanding reply request is supported")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting = promise
        timeoutTask = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, let promise = self.takeWaiting() else { return }
            self.failure = self.failure ?? .timeout
            promise.fail(SMTPChannelFailure.timeout)
            self.context?.close(promise: nil)
        }
        return promise.futureResult
    }

    private func takeWaiting() -> EventLoopPromise<SMTPReply>? {
        timeoutTask?.cancel()
        timeoutTask = nil
        defer { waiting = nil }
        return waiting
    }

    private func fail(_ error: SMTPChannelFailure) {
        if failure == nil { failure = error }
        takeWaiting()?.fail(failure ?? error)
    }
}
