import Foundation

/// Delivery through a local `sendmail`-compatible binary (`sendmail -i -f FROM -- rcpt…`).
public enum SendmailTransport {
    /// Pipes `message` to sendmail via a temporary file (no pipe deadlock for large messages).
    ///
    /// Exit code 75 (`EX_TEMPFAIL`) → temporary error; any other non-zero code → permanent error carrying
    /// stderr; failure to launch → temporary error. Line endings are left as given (sendmail expects LF or
    /// CRLF; `-i` disables the lone-dot terminator).
    public static func send(from: String, to: [String], message: [UInt8], executable: String = "/usr/sbin/sendmail") async throws(SMTPError) {
        try Envelope.validate(from: from, to: to)
        for address in [from] + to where address.hasPrefix("-") {
            throw SMTPError(kind: .permanent, message: "invalid envelope address: \(address)", keyHint: "mail.smtp.invalid_address")
        }
        do {
            try await runSendmail(from: from, to: to, message: message, executable: executable)
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(kind: .temporary, message: "sendmail: \(error.localizedDescription)", keyHint: "mail.sendmail.failed")
        }
    }

    private static func runSendmail(from: String, to: [String], message: [UInt8], executable: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qalxan-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("message"), errors = directory.appendingPathComponent("stderr")
        try Data(message).write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-i", "-f", from, "--"] + to
        let stdin = try FileHandle(forReadingFrom: input)
        let stderr = try FileHandle(forWritingTo: errors)
        defer { try? stdin.close(); try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = stderr
        let outcome: Result<(Int32, Bool), SMTPError> = await withCheckedContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: .success((finished.terminationStatus, finished.terminationReason == .uncaughtSignal)))
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: .failure(SMTPError(
                    kind: .temporary, message: "cannot run \(executable): \(error.localizedDescription)", keyHint: "mail.sendmail.failed")))
            }
        }
        let (status, signalled) = try outcome.get()
        guard status != 0 else { return }
        let text = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = "sendmail exited with \(status)\(text.isEmpty ? "" : ": " + String(text.prefix(2000)))"
        throw SMTPError(kind: status == 75 || signalled ? .temporary : .permanent,
                        code: Int(status), message: detail, keyHint: "mail.sendmail.failed")
    }
}
