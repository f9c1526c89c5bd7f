import Foundation
import QalxanCore
import QalxanServices
import Vapor

/// While serving: delivers queued mail that is due and queues the digests that are due.
enum MailScheduler {
    static func run(_ app: Application, every seconds: Int) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(seconds))
            await tick(app)
        }
    }

    static func tick(_ app: Application, now: Date = Date()) async {
        if MailFetcher.configuration(app.qalxan.settings) != nil {
            do { _ = try await MailFetcher.fetch(app) } catch {
                // The reason only: the settings (and their password) are never logged.
                app.logger.warning("IMAP fetch failed: \(error.key)")
            }
        }
        do {
            _ = try await app.qalxan.digests.run(actor: MailIntakeService.actor, on: app.db, now: now)
        } catch {
            app.logger.error("digests failed: \(String(describing: error))")
        }
        guard let transport = MailTransports.make(app.qalxan.settings) else { return }
        do {
            _ = try await app.qalxan.mailDelivery.deliverDue(transport: transport, on: app.db, now: now)
        } catch {
            app.logger.error("mail delivery failed: \(String(describing: error))")
        }
    }
}

/// Starts the mail scheduler unless `QALXAN_MAIL_INTERVAL` is 0.
public func startMailScheduler(_ app: Application) -> Task<Void, Never>? {
    let seconds = app.qalxan.settings.mailIntervalSeconds
    guard seconds > 0 else { return nil }
    return Task { await MailScheduler.run(app, every: seconds) }
}
