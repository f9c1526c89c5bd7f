import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A connected SMTP channel: write commands, await replies (each bounded by the configured timeout).
struct SMTPConnection: Sendable {
    private static let decoderName = "smtp-decoder"
    private static let repliesName = "smtp-replies"

    let channel: any Channel
    private let replies: NIOLoopBound<SMTPReplyHandler>
    private let timeout: TimeAmount

    /// Connects (with implicit TLS when `tls` is given) and installs the reply pipeline.
    static func connect(
        host: String, port: Int, timeout: TimeAmount, tls: (context: NIOSSLContext, serverHostname: String?)?,
        group: any EventLoopGroup
    ) async throws(SMTPError) -> SMTPConnection {
        // The handler is captured when installed: after a failed TLS handshake the pipeline may already be
        // torn down when `connect` returns, but the handler still holds the failure to report.
        let installed = NIOLockedValueBox<NIOLoopBound<SMTPReplyHandler>?>(nil)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname))
                    }
                    try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()), name: decoderName)
                    let handler = SMTPReplyHandler()
                    try sync.addHandler(handler, name: repliesName)
                    installed.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            guard let replies = installed.withLockedValue({ $0 }) else {
                channel.close(promise: nil)
                throw SMTPError(kind: .temporary, message: "connect to \(host):\(port): pipeline setup failed", keyHint: "mail.smtp.connect_failed")
            }
            return SMTPConnection(channel: channel, replies: replies, timeout: timeout)
        } catch {
            throw SMTPErrorMapping.map(error, during: "connect to \(host):\(port)")
        }
    }

    /// Awaits the next reply.
    func readReply(during step: String) async throws(SMTPError) -> SMTPReply {
        let replies = self.replies, timeout = self.timeout, eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit { replies.value.nextReply(timeout: timeout, on: eventLoop) }.get()
        } catch {
            throw SMTPErrorMapping.map(error, during: step)
        }
    }

    /// Sends one command line (CRLF appended) and awaits its reply. `step` names the command in errors,
    /// so secrets in `line` never reach error messages.
    func command(_ line: String, step: String) async throws(SMTPError) -> SMTPReply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeString("\r\n")
        write(buffer)
        return try await readReply(during: step)
    }

    /// Writes raw bytes; a failed write closes the channel so a pending reply fails promptly.
    func write(_ buffer: ByteBuffer) {
        let channel = self.channel
        channel.writeAndFlush(buffer).whenFailure { _ in channel.close(promise: nil) }
    }

    /// Upgrades the connection after the server's `220` to STARTTLS: replaces the reply decoder (so no
    /// plaintext read before the upgrade can be interpreted afterwards) and puts TLS at the front.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let channel = self.channel, replies = self.replies
        do {
            try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
                guard replies.value.bufferedCount == 0 else {
                    return channel.eventLoop.makeFailedFuture(SMTPWireError(reason: "unexpected reply after STARTTLS"))
                }
                return channel.pipeline.syncOperations.removeHandler(name: Self.decoderName)
            }.flatMapThrowing {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()), name: Self.decoderName, position: .before(replies.value))
                try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch {
            throw SMTPErrorMapping.map(SMTPChannelFailure.pipeline(error), during: "STARTTLS")
        }
    }

    /// Sends QUIT (best effort, bounded by the timeout) and closes the channel.
    func quit() async {
        _ = try? await command("QUIT", step: "QUIT")
        await close()
    }

    /// Closes the channel, ignoring errors.
    func close() async {
        try? await channel.close().get()
    }
}

/// Translates NIO/TLS/pipeline errors into ``SMTPError``.
enum SMTPErrorMapping {
    /// Maps `error` raised during `step`.
    static func map(_ error: any Error, during step: String) -> SMTPError {
        switch error {
        case let error as SMTPError:
            return error
        case SMTPChannelFailure.timeout, ChannelError.connectTimeout:
            return SMTPError(kind: .temporary, message: "\(step): timed out", keyHint: "mail.smtp.timeout")
        case SMTPChannelFailure.closed, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            return SMTPError(kind: .temporary, message: "\(step): connection closed by server", keyHint: "mail.smtp.connection_lost")
        case SMTPChannelFailure.pipeline(let inner):
            if isTLSError(inner) {
                return SMTPError(kind: .temporary, message: "\(step): TLS failure: \(inner)", keyHint: "mail.smtp.tls_failed")
            }
            if let wire = inner as? SMTPWireError {
                return SMTPError(kind: .temporary, message: "\(step): \(wire.reason)", keyHint: "mail.smtp.protocol_error")
            }
            return SMTPError(kind: .temporary, message: "\(step): \(inner)", keyHint: "mail.smtp.connection_lost")
        default:
            if isTLSError(error) {
                return SMTPError(kind: .temporary, message: "\(step): TLS failure: \(error)", keyHint: "mail.smtp.tls_failed")
            }
            return SMTPError(kind: .temporary, message: "\(step): \(error)", keyHint: "mail.smtp.connect_failed")
        }
    }

    private static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError || error is NIOSSLCloseTimedOutError
    }
}
