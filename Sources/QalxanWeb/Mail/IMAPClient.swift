import NIOCore
import NIOPosix
import NIOSSL

/// A small IMAP4rev1 client (RFC 3501) for polling one mailbox for unseen messages.
public enum IMAPClient {
    /// Logs in, selects the mailbox and, for each message without `\Seen` (`UID SEARCH UNSEEN`), oldest first,
    /// up to `limit`: fetches the raw message (`UID FETCH n BODY.PEEK[]`) and calls `handle` with its bytes.
    /// When `handle` returns `true` the message is marked `\Seen`; when it returns `false` it stays unseen and is
    /// fetched again by the next poll. Logs out at the end.
    ///
    /// - Returns: The number of messages for which `handle` returned `true`.
    /// - Throws: ``IMAPError``. A failure after some messages were handled loses the count; those messages
    ///   are already marked seen on the server.
    public static func poll(
        _ configuration: IMAPConfiguration, limit: Int = 100, handle: @Sendable ([UInt8]) async -> Bool
    ) async throws(IMAPError) -> Int {
        try await poll(configuration, limit: limit, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, handle: handle)
    }

    /// Same as ``poll(_:limit:handle:)`` on a specific event loop group.
    public static func poll(
        _ configuration: IMAPConfiguration, limit: Int = 100, eventLoopGroup: any EventLoopGroup,
        handle: @Sendable ([UInt8]) async -> Bool
    ) async throws(IMAPError) -> Int {
        try validate(configuration)
        let tlsContext = try makeTLSContext(configuration)
        let timeout = TimeAmount.duration(configuration.timeout)
        let serverHostname = Self.serverHostname(configuration)
        let implicitTLS = configuration.security == .tls ? tlsContext.map { (context: $0, serverHostname: serverHostname) } : nil
        let connection = try await IMAPConnection.connect(
            host: configuration.bareHost, port: configuration.port, timeout: timeout, tls: implicitTLS, group: eventLoopGroup)
        var session = IMAPSession(connection: connection)
        do {
            try await session.open(configuration, tlsContext: tlsContext, serverHostname: serverHostname)
            let handled = try await session.pollUnseen(limit: limit, handle: handle)
            await session.logout()
            await connection.close()
            return handled
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Checks settings that must fail before any connection is made.
    static func validate(_ configuration: IMAPConfiguration) throws(IMAPError) {
        guard (1...65535).contains(configuration.port) else {
            throw IMAPError.connectFailed("invalid port \(configuration.port)", .permanent)
        }
        if IMAPEncoding.hasForbiddenControl(configuration.username) || IMAPEncoding.hasForbiddenControl(configuration.password) {
            throw IMAPError.loginFailed("username or password contains CR, LF or NUL")
        }
        if IMAPEncoding.hasForbiddenControl(configuration.mailbox) || configuration.mailbox.isEmpty {
            throw IMAPError.protocolError("invalid mailbox name", .permanent)
        }
        if configuration.security == .none && !configuration.isLoopback {
            throw IMAPError.tlsFailed(
                "refusing to send credentials without TLS to \(configuration.host); use tls or starttls", .permanent)
        }
    }

    /// A client TLS context for `.tls`/`.startTLS`, `nil` for `.none`.
    static func makeTLSContext(_ configuration: IMAPConfiguration) throws(IMAPError) -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        do {
            return try MailServerHost.tlsContext(caFile: configuration.caFile)
        } catch {
            throw IMAPError.tlsFailed("cannot set up TLS: \(error)", .permanent)
        }
    }

    /// SNI/verification host name; `nil` for IP literals (verified against IP SANs).
    static func serverHostname(_ configuration: IMAPConfiguration) -> String? { MailServerHost.tlsServerName(configuration.host) }
}

/// The command/response conversation on one connection.
struct IMAPSession {
    /// A command's tagged completion plus the untagged responses received while it ran.
    struct Completion {
        let response: IMAPResponse
        let untagged: [IMAPResponse]
        var status: String { response.status }
        var text: String { response.statusText }
        var code: String? { response.responseCode }
    }

    let connection: IMAPConnection
    private var tagNumber = 0

    init(connection: IMAPConnection) { self.connection = connection }

    private mutating func nextTag() -> String {
        tagNumber += 1
        return "A\(tagNumber)"
    }

    /// Sends `pieces` (awaiting a `+` continuation between pieces) and collects responses until the tagged one.
    /// `step` names the command in errors so secrets never reach messages.
    private func execute(_ tag: String, _ pieces: [[UInt8]], step: String, allowBye: Bool = false) async throws(IMAPError) -> Completion {
        var remaining = pieces[...]
        connection.write(remaining.removeFirst())
        var untagged: [IMAPResponse] = []
        while true {
            let response = try await connection.nextResponse(during: step)
            switch response.kind {
            case .continuation:
                guard let piece = remaining.popFirst() else {
                    throw IMAPError.protocolError("\(step): unexpected continuation request")
                }
                connection.write(piece)
            case .untagged:
                if response.status == "BYE" && !allowBye {
                    throw IMAPError.connectFailed("\(step): server closed the session: \(response.statusText)")
                }
                untagged.append(response)
            case .tagged(let responseTag):
                guard responseTag == tag else {
                    throw IMAPError.protocolError("\(step): response with unexpected tag \(responseTag.prefix(20))")
                }
                return Completion(response: response, untagged: untagged)
            }
        }
    }

    private mutating func simple(_ command: String, step: String) async throws(IMAPError) -> Completion {
        let tag = nextTag()
        return try await execute(tag, [Array("\(tag) \(command)\r\n".utf8)], step: step)
    }

    /// Greeting, optional STARTTLS and authentication, then SELECT.
    mutating func open(_ configuration: IMAPConfiguration, tlsContext: NIOSSLContext?, serverHostname: String?) async throws(IMAPError) {
        let greeting = try await connection.nextResponse(during: "greeting")
        guard greeting.kind == .untagged else { throw IMAPError.protocolError("unexpected greeting: \(greeting.firstLine.prefix(100))") }
        var authenticated = false
        switch greeting.status {
        case "OK": break
        case "PREAUTH": authenticated = true
        case "BYE": throw IMAPError.connectFailed("server refused the connection: \(greeting.statusText)")
        default: throw IMAPError.protocolError("unexpected greeting: \(greeting.firstLine.prefix(100))")
        }

        if configuration.security == .startTLS, let tlsContext {
            guard !authenticated else {
                throw IMAPError.tlsFailed("server sent PREAUTH; STARTTLS is impossible", .permanent)
            }
            let completion = try await simple("STARTTLS", step: "STARTTLS")
            guard completion.status == "OK" else {
                throw IMAPError.tlsFailed("server refused STARTTLS: \(completion.text)", .permanent)
            }
            try await connection.startTLS(context: tlsContext, serverHostname: serverHostname)
        }

        if !authenticated {
            let capabilities = try await capabilities()
            try await login(configuration, capabilities: capabilities)
        }

        let tag = nextTag()
        let mailbox = IMAPEncoding.astring(IMAPEncoding.mailboxName(configuration.mailbox))
        let selected = try await execute(tag, IMAPEncoding.pieces("\(tag) SELECT", [mailbox]), step: "SELECT")
        guard selected.status == "OK" else {
            let temporary = ["UNAVAILABLE", "INUSE", "SERVERBUG"].contains(selected.code ?? "")
            throw IMAPError.protocolError("cannot select mailbox \(configuration.mailbox): \(selected.text)", temporary ? .temporary : .permanent)
        }
    }

    /// The server's current capabilities (upper-cased).
    private mutating func capabilities() async throws(IMAPError) -> Set<String> {
        let completion = try await simple("CAPABILITY", step: "CAPABILITY")
        guard completion.status == "OK" else { throw IMAPError.protocolError("CAPABILITY failed: \(completion.text)") }
        var capabilities = Set<String>()
        for response in completion.untagged where response.status == "CAPABILITY" {
            capabilities.formUnion(response.words.dropFirst(2).map { $0.uppercased() })
        }
        return capabilities
    }

    /// LOGIN, or AUTHENTICATE PLAIN when the server advertises LOGINDISABLED.
    private mutating func login(_ configuration: IMAPConfiguration, capabilities: Set<String>) async throws(IMAPError) {
        let tag = nextTag()
        let pieces: [[UInt8]]
        if capabilities.contains("LOGINDISABLED") {
            guard capabilities.contains("AUTH=PLAIN") else {
                throw IMAPError.loginFailed("server disables LOGIN and does not offer AUTH=PLAIN")
            }
            let credentials = [0] + Array(configuration.username.utf8) + [0] + Array(configuration.password.utf8)
            pieces = [Array("\(tag) AUTHENTICATE PLAIN\r\n".utf8), Array((IMAPEncoding.base64(credentials) + "\r\n").utf8)]
        } else {
            pieces = IMAPEncoding.pieces(
                "\(tag) LOGIN", [IMAPEncoding.astring(configuration.username), IMAPEncoding.astring(configuration.password)])
        }
        let completion = try await execute(tag, pieces, step: "LOGIN")
        switch completion.status {
        case "OK":
            return
        case "NO":
            let temporary = ["UNAVAILABLE", "SERVERBUG", "LIMIT", "INUSE"].contains(completion.code ?? "")
            throw IMAPError.loginFailed("login rejected: \(completion.text)", temporary ? .temporary : .permanent)
        default:
            throw IMAPError.loginFailed("login failed: \(completion.text)")
        }
    }

    /// Fetches unseen messages oldest first, hands them to `handle`, marks accepted ones `\Seen`.
    mutating func pollUnseen(limit: Int, handle: @Sendable ([UInt8]) async -> Bool) async throws(IMAPError) -> Int {
        guard limit > 0 else { return 0 }
        let search = try await simple("UID SEARCH UNSEEN", step: "SEARCH")
        guard search.status == "OK" else { throw IMAPError.protocolError("SEARCH failed: \(search.text)") }
        var uids = Set<UInt32>()
        for response in search.untagged where response.status == "SEARCH" {
            for word in response.words.dropFirst(2) { if let uid = UInt32(word) { uids.insert(uid) } }
        }
        var handled = 0
        for uid in uids.sorted().prefix(limit) {
            if Task.isCancelled { break }
            let fetch = try await simple("UID FETCH \(uid) BODY.PEEK[]", step: "FETCH")
            guard fetch.status == "OK" else { throw IMAPError.protocolError("FETCH failed: \(fetch.text)") }
            guard let message = IMAPFetchParser.body(forUID: uid, in: fetch.untagged) else { continue } // expunged meanwhile
            guard await handle(message) else { continue }
            let store = try await simple("UID STORE \(uid) +FLAGS.SILENT (\\Seen)", step: "STORE")
            guard store.status == "OK" else { throw IMAPError.protocolError("STORE \\Seen failed: \(store.text)") }
            handled += 1
        }
        return handled
    }

    /// LOGOUT, best effort.
    mutating func logout() async {
        let tag = nextTag()
        _ = try? await execute(tag, [Array("\(tag) LOGOUT\r\n".utf8)], step: "LOGOUT", allowBye: true)
    }
}

/// Extracts `BODY[]` from untagged FETCH responses.
enum IMAPFetchParser {
    /// The message bytes for `uid` (a FETCH without a UID item is accepted when it is the only one).
    static func body(forUID uid: UInt32, in responses: [IMAPResponse]) -> [UInt8]? {
        var candidates: [(uid: UInt32?, body: [UInt8])] = []
        for response in responses where response.words.count >= 3 && response.words[2].uppercased() == "FETCH" {
            if let body = body(in: response) { candidates.append((self.uid(in: response), body)) }
        }
        if let match = candidates.first(where: { $0.uid == uid }) { return match.body }
        if candidates.count == 1, candidates[0].uid == nil { return candidates[0].body }
        return nil
    }

    /// The `UID` item's value in a FETCH response (text segments only).
    static func uid(in response: IMAPResponse) -> UInt32? {
        for segment in response.segments {
            guard case .text(let bytes) = segment else { continue }
            let tokens = String(decoding: bytes, as: UTF8.self)
                .split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
            for (index, token) in tokens.enumerated() where token.uppercased() == "UID" && index + 1 < tokens.count {
                if let value = UInt32(tokens[index + 1]) { return value }
            }
        }
        return nil
    }

    /// The `BODY[]` item's value: a literal, a quoted string or NIL.
    static func body(in response: IMAPResponse) -> [UInt8]? {
        let marker = Array("BODY[]".utf8)
        let segments = response.segments
        for (index, segment) in segments.enumerated() {
            guard case .text(let text) = segment else { continue }
            let upper = text.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            guard let position = find(marker, in: upper) else { continue }
            var cursor = position + marker.count
            while cursor < text.count, text[cursor] == UInt8(ascii: " ") { cursor += 1 }
            if cursor < text.count, text[cursor] == UInt8(ascii: "~") { cursor += 1 }
            if cursor < text.count, text[cursor] == UInt8(ascii: "{") {
                // Literal: it must be the one announced at the end of this segment.
                if index + 1 < segments.count, case .literal(let literal) = segments[index + 1] { return literal }
                return nil
            }
            if cursor < text.count, text[cursor] == UInt8(ascii: "\"") {
                var value: [UInt8] = []
                cursor += 1
                while cursor < text.count, text[cursor] != UInt8(ascii: "\"") {
                    if text[cursor] == UInt8(ascii: "\\"), cursor + 1 < text.count { cursor += 1 }
                    value.append(text[cursor])
                    cursor += 1
                }
                return value
            }
            if upper[cursor...].starts(with: Array("NIL".utf8)) { return [] }
            return nil
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

// `TimeAmount.duration(_:)` is shared with the SMTP client (SMTPClient.swift).
