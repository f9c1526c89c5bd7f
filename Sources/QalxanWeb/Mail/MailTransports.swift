import Foundation
import QalxanCore
import QalxanServices

/// The transport the settings choose.
enum MailTransports {
    /// SMTP, sendmail, or nil (`none`: messages stay queued).
    static func make(_ settings: Settings) -> (any MailTransport)? {
        switch settings.mailTransport {
        case "smtp":
            var config = SMTPConfiguration(host: settings.smtpHost, port: settings.smtpPort,
                                           security: SMTPConfiguration.Security(rawValue: settings.smtpSecurity) ?? .startTLS,
                                           heloName: settings.mailFrom.split(separator: "@").last.map(String.init) ?? "localhost")
            config.username = settings.smtpUser
            config.password = settings.smtpPassword
            config.caFile = settings.smtpCAFile
            return SMTPMailTransport(configuration: config)
        case "sendmail":
            return SendmailMailTransport(executable: settings.sendmailPath)
        default:
            return nil
        }
    }
}

/// Delivery through an SMTP server.
struct SMTPMailTransport: MailTransport {
    let configuration: SMTPConfiguration

    func send(from: String, to: [String], message: [UInt8]) async throws(MailTransportError) -> String {
        do {
            let result = try await SMTPClient.send(from: from, to: to, message: message, configuration: configuration)
            if let rejected = result.rejected.first, result.accepted.isEmpty {
                throw MailTransportError(permanent: rejected.code >= 500, key: "mail.smtp.rejected", detail: "\(rejected.code) \(rejected.message)")
            }
            return result.finalResponse
        } catch let error as SMTPError {
            throw MailTransportError(permanent: error.kind == .permanent, key: error.keyHint,
                                     detail: [error.code.map(String.init), error.message].compactMap { $0 }.joined(separator: " "))
        } catch let error as MailTransportError {
            throw error
        } catch {
            throw MailTransportError(permanent: false, key: "mail.smtp.failed", detail: "\(error)")
        }
    }
}

/// Delivery through the local `sendmail` program.
struct SendmailMailTransport: MailTransport {
    let executable: String

    func send(from: String, to: [String], message: [UInt8]) async throws(MailTransportError) -> String {
        do {
            try await SendmailTransport.send(from: from, to: to, message: message, executable: executable)
            return "sendmail: accepted"
        } catch {
            throw MailTransportError(permanent: error.kind == .permanent, key: error.keyHint, detail: error.message)
        }
    }
}
