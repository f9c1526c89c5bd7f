import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Why waiting for a response failed inside the pipeline.
enum IMAPChannelFailure: Error, Sendable {
    /// No bytes from the server within the time limit.
    case timeout
    /// The connection closed before a response arrived.
    case closed
    /// Unparseable server traffic.
    case wire(IMAPWireError)
    /// An error travelled through the pipeline (TLS, I/O).
    case pipeline(any Error)
}

/// Frames inbound bytes into ``IMAPResponse`` values and hands them to ``nextResponse(timeout:on:)`` callers in order.
///
/// Event-loop confined (wrapped in `NIOLoopBound` by ``IMAPConnection``).
final class IMAPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = IMAPResponseParser()
    private var buffered = CircularBuffer<IMAPResponse>()
    private var waiting: EventLoopPromise<IMAPResponse>?
    private var timeout = TimeAmount.seconds(30)
    private var timeoutTask: Scheduled<Void>?
    private var failure: IMAPChannelFailure?
    private var context: ChannelHandlerContext?

    /// Whether any received data has not been consumed yet (must be false before a STARTTLS upgrade).
    var hasPendingInput: Bool { !buffered.isEmpty || parser.hasBufferedData }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = Self.unwrapInboundIn(data)
        guard failure == nil else { return }
        parser.append(&bytes)
        do {
            while let response = try parser.next() {
                if let promise = takeWaiting() { promise.succeed(response) } else { buffered.append(response) }
            }
            // Inactivity timeout: any progress (e.g. part of a large literal) restarts the clock.
            if waiting != nil { scheduleTimeout(on: context.eventLoop) }
        } catch {
            fail(.wire(error))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.pipeline(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    /// The next response; fails with ``IMAPChannelFailure/timeout`` (closing the channel) after `timeout` without input.
    func nextResponse(timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<IMAPResponse> {
        if !buffered.isEmpty { return eventLoop.makeSucceededFuture(buffered.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiting == nil, "only one outstanding response request is supported")
        let promise = eventLoop.makePromise(of: IMAPResponse.self)
        waiting = promise
        self.timeout = timeout
        scheduleTimeout(on: eventLoop)
        return promise.futureResult
    }

    private func scheduleTimeout(on eventLoop: any EventLoop) {
        timeoutTask?.cancel()
        timeoutTask = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, let promise = self.takeWaiting() else { return }
            if self.failure == nil { self.failure = .timeout }
            promise.fail(IMAPChannelFailure.timeout)
            self.context?.close(promise: nil)
        }
    }

    private func takeWaiting() -> EventLoopPromise<IMAPResponse>? {
        timeoutTask?.cancel()
        timeoutTask = nil
        defer { waiting = nil }
        return waiting
    }

    private func fail(_ error: IMAPChannelFailure) {
        if failure == nil { failure = error }
        takeWaiting()?.fail(failure ?? error)
    }
}

/// A connected IMAP channel: write bytes, await responses.
struct IMAPConnection: Sendable {
    private static let handlerName = "imap-responses"

    let channel: any Channel
    private let responses: NIOLoopBound<IMAPResponseHandler>
    private let timeout: TimeAmount

    /// Connects (with implicit TLS when `tls` is given) and installs the response handler.
    static func connect(
        host: String, port: Int, timeout: TimeAmount, tls: (context: NIOSSLContext, serverHostname: String?)?,
        group: any EventLoopGroup
    ) async throws(IMAPError) -> IMAPConnection {
        let installed = NIOLockedValueBox<NIOLoopBound<IMAPResponseHandler>?>(nil)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname))
                    }
                    let handler = IMAPResponseHandler()
                    try sync.addHandler(handler, name: handlerName)
                    installed.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            guard let responses = installed.withLockedValue({ $0 }) else {
                channel.close(promise: nil)
                throw IMAPError.connectFailed("connect to \(host):\(port): pipeline setup failed")
            }
            return IMAPConnection(channel: channel, responses: responses, timeout: timeout)
        } catch {
            throw IMAPErrorMapping.map(error, during: "connect to \(host):\(port)")
        }
    }

    /// Awaits the next response.
    func nextResponse(during step: String) async throws(IMAPError) -> IMAPResponse {
        let responses = self.responses, timeout = self.timeout, eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit { responses.value.nextResponse(timeout: timeout, on: eventLoop) }.get()
        } catch {
            throw IMAPErrorMapping.map(error, during: step)
        }
    }

    /// Writes raw bytes; a failed write closes the channel so a pending read fails promptly.
    func write(_ bytes: [UInt8]) {
        let channel = self.channel
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(buffer).whenFailure { _ in channel.close(promise: nil) }
    }

    /// Puts TLS at the front of the pipeline after the tagged OK to STARTTLS. Fails if the server sent
    /// anything after that OK (plaintext must never be interpreted after the upgrade).
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(IMAPError) {
        let channel = self.channel, responses = self.responses
        do {
            try await channel.eventLoop.submit {
                guard !responses.value.hasPendingInput else {
                    throw IMAPWireError(reason: "unexpected data after STARTTLS response")
                }
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch let error as IMAPWireError {
            channel.close(promise: nil)
            throw IMAPError.protocolError("STARTTLS: \(error.reason)")
        } catch {
            channel.close(promise: nil)
            throw IMAPErrorMapping.map(IMAPChannelFailure.pipeline(error), during: "STARTTLS")
        }
    }

    /// Closes the channel, ignoring errors.
    func close() async {
        try? await channel.close().get()
    }
}

/// Translates NIO/TLS/pipeline errors into ``IMAPError``.
enum IMAPErrorMapping {
    static func map(_ error: any Error, during step: String) -> IMAPError {
        switch error {
        case let error as IMAPError:
            return error
        case IMAPChannelFailure.timeout, ChannelError.connectTimeout:
            return .timeout("\(step): timed out")
        case IMAPChannelFailure.closed, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return .connectFailed("\(step): connection closed by server")
        case IMAPChannelFailure.wire(let wire):
            return .protocolError("\(step): \(wire.reason)")
        case IMAPChannelFailure.pipeline(let inner):
            if isTLSError(inner) { return .tlsFailed("\(step): TLS failure: \(inner)") }
            return .connectFailed("\(step): \(inner)")
        default:
            if isTLSError(error) { return .tlsFailed("\(step): TLS failure: \(error)") }
            return .connectFailed("\(step): \(error)")
        }
    }

    private static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError || error is NIOSSLCloseTimedOutError
    }
}
