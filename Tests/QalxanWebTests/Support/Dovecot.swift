import Foundation
import NIOCore
import NIOPosix
@testable import QalxanWeb

/// A throwaway Dovecot instance (no system service): generated config, self-signed cert, Maildir with messages.
final class Dovecot: @unchecked Sendable {
    static let username = "alice"
    static let password = #"se"cr\et pw"#

    let directory: URL
    let imapPort: Int
    let imapsPort: Int
    let certificate: String
    private var pid: pid_t = 0
    private let logFile: URL

    /// Path of the dovecot binary, or nil when not installed.
    static var binary: String? {
        ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot", "/opt/homebrew/sbin/dovecot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts dovecot with `messages` in alice's Maildir/new (in order; written with distinct names).
    init(messages: [[UInt8]]) async throws {
        guard let binary = Self.binary else { throw SetupError("dovecot not installed (apt-get install dovecot-imapd)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imap-dovecot-\(UUID().uuidString)")
        directory = dir
        let fm = FileManager.default
        let maildir = dir.appendingPathComponent("mail/\(Self.username)/Maildir")
        for sub in ["new", "cur", "tmp"] {
            try fm.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try fm.createDirectory(at: dir.appendingPathComponent("run"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("state"), withIntermediateDirectories: true)
        for (index, message) in messages.enumerated() {
            let name = "\(1_700_000_000 + index).M\(index + 1)P1.imaptest"
            try Data(message).write(to: maildir.appendingPathComponent("new/\(name)"))
        }
        certificate = dir.appendingPathComponent("cert.pem").path
        let key = dir.appendingPathComponent("key.pem").path
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        let passwd = dir.appendingPathComponent("passwd")
        try "\(Self.username):{PLAIN}\(Self.password)\n".write(to: passwd, atomically: true, encoding: .utf8)

        imapPort = try await Self.freePort()
        imapsPort = try await Self.freePort()

        // As root, dovecot refuses to run logins/mail as root: use the package's system users and `nobody` for mail.
        let isRoot = getuid() == 0
        let (internalUser, loginUser, mailUID, mailGID): (String, String, UInt32, UInt32)
        if isRoot {
            internalUser = "dovecot"; loginUser = "dovenull"; mailUID = 65534; mailGID = 65534
            try Self.run("/bin/chown", ["-R", "\(mailUID):\(mailGID)", dir.appendingPathComponent("mail").path])
        } else {
            let name = String(cString: getpwuid(getuid())!.pointee.pw_name)
            internalUser = name; loginUser = name; mailUID = getuid(); mailGID = getgid()
        }
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        let config = """
        base_dir = \(dir.path)/run
        state_dir = \(dir.path)/state
        log_path = /dev/stderr
        protocols = imap
        listen = 127.0.0.1
        default_internal_user = \(internalUser)
        default_login_user = \(loginUser)
        first_valid_uid = 1
        ssl = yes
        ssl_cert = <\(certificate)
        ssl_key = <\(key)
        auth_mechanisms = plain
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u \(passwd.path)
        }
        userdb {
          driver = static
          args = uid=\(mailUID) gid=\(mailGID) home=\(dir.path)/mail/%u
        }
        mail_location = maildir:\(dir.path)/mail/%u/Maildir
        service imap-login {
          inet_listener imap {
            port = \(imapPort)
          }
          inet_listener imaps {
            port = \(imapsPort)
            ssl = yes
          }
        }

        """
        let configFile = dir.appendingPathComponent("dovecot.conf")
        try config.write(to: configFile, atomically: true, encoding: .utf8)

        logFile = dir.appendingPathComponent("dovecot.log")
        _ = fm.createFile(atPath: logFile.path, contents: nil)
        // posix_spawn with an empty signal mask: the test process has signals blocked on its threads and a child
        // started by Foundation.Process inherits that mask, so dovecot would ignore SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, logFile.path, O_WRONLY | O_APPEND, 0)
        let argv = [binary, "-F", "-c", configFile.path]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let status = posix_spawn(&pid, binary, &actions, &attributes, &cArgs, environ)
        guard status == 0 else { throw SetupError("posix_spawn dovecot failed: \(status)") }
        do {
            try await waitForPort(imapsPort)
            try await waitForPort(imapPort)
        } catch {
            stop()
            throw error
        }
    }

    /// Dovecot's log so far (for failure diagnostics).
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func configuration(security: IMAPConfiguration.Security, password: String = Dovecot.password) -> IMAPConfiguration {
        IMAPConfiguration(host: "127.0.0.1", port: security == .tls ? imapsPort : imapPort, security: security,
                          username: Self.username, password: password, timeout: .seconds(20), caFile: certificate)
    }

    /// Terminates dovecot (SIGTERM to the process we started) and removes the directory.
    func stop() {
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A fresh server. The ports are free when chosen but tests run in parallel: when
    /// another one takes a port first, dovecot exits with "Address already in use" and is
    /// started again on new ports.
    static func start(messages: [[UInt8]]) async throws -> Dovecot {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await Dovecot(messages: messages)
            } catch let error as SetupError where attempt < 5
                && (error.description.contains("Address already in use") || error.description.contains("did not listen")) {
                continue
            }
        }
    }

    /// Runs a body with a fresh server and always stops it afterwards.
    /// One server at a time in the whole test run: under a full parallel run several
    /// starting together did not listen within their deadline.
    static func with<T>(messages: [[UInt8]], _ body: (Dovecot) async throws -> T) async throws -> T {
        await DovecotGate.shared.enter()
        let server: Dovecot
        do { server = try await start(messages: messages) } catch {
            await DovecotGate.shared.leave()
            throw error
        }
        do {
            let result = try await body(server)
            server.stop()
            await DovecotGate.shared.leave()
            return result
        } catch {
            print("dovecot log:\n\(server.log)")
            server.stop()
            await DovecotGate.shared.leave()
            throw error
        }
    }

    private func waitForPort(_ port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == 0 else { throw SetupError("dovecot exited: \(log)") }
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get() {
                try? await channel.close().get()
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SetupError("dovecot did not listen on \(port): \(log)")
    }

    /// A port that was free a moment ago.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close().get()
        return port
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SetupError("\(tool) failed with status \(process.terminationStatus)") }
    }
}

/// Lets one Dovecot run at a time.
actor DovecotGate {
    static let shared = DovecotGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
