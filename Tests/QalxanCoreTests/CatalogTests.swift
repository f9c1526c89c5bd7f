import Foundation
import QalxanCore
import QalxanViews
import Testing

/// The language catalogs: complete, consistent between languages, and holding every key
/// the code asks for.
@Suite struct CatalogTests {
    static let en = Catalog.bundled(.en).strings
    static let az = Catalog.bundled(.az).strings

    @Test func catalogsHaveTheSameKeys() {
        let onlyEn = Set(Self.en.keys).subtracting(Self.az.keys).sorted()
        let onlyAz = Set(Self.az.keys).subtracting(Self.en.keys).sorted()
        #expect(onlyEn.isEmpty, "keys missing in az.json: \(onlyEn)")
        #expect(onlyAz.isEmpty, "keys missing in en.json: \(onlyAz)")
        #expect(Self.en.count > 300)
    }

    @Test(arguments: Language.allCases)
    func everyValueIsNonEmptyAndEveryKeyWellFormed(_ language: Language) throws {
        let strings = Catalog.bundled(language).strings
        let keyPattern = try Regex("^[a-z0-9_.-]+$")
        for (key, value) in strings {
            #expect(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(language.rawValue): \(key) is empty")
            #expect(key.wholeMatch(of: keyPattern) != nil, "badly formed key \(key)")
        }
    }

    @Test func placeholdersMatchBetweenLanguages() {
        for (key, enValue) in Self.en {
            guard let azValue = Self.az[key] else { continue }
            #expect(Self.placeholders(enValue) == Self.placeholders(azValue), "placeholders differ in \(key)")
        }
    }

    @Test func azerbaijaniIsWrittenInAzerbaijani() {
        // Latin script with the Azerbaijani letters, no Cyrillic, and not just English copied.
        let all = Self.az.values.joined(separator: " ")
        for letter in ["ə", "ğ", "ı", "ö", "ü", "ç", "ş", "İ"] {
            #expect(all.contains(letter), "no \(letter) anywhere in az.json")
        }
        #expect(!all.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "Cyrillic in az.json")
        let same = Self.en.filter { Self.az[$0.key] == $0.value }.count
        #expect(Double(same) / Double(Self.en.count) < 0.1, "\(same) az values are identical to English")
        #expect(Self.az["nav.report"] == "İnsidenti bildirin")
        #expect(Self.az["login.submit"] == "Daxil ol")
        #expect(Self.az["console.logout"] == "Çıxış")
    }

    @Test func localizerFillsPlaceholders() {
        let l = Localizer(.en)
        #expect(l.t("incidents.total", ["count": "7"]) == "Incidents found: 7")
        #expect(Localizer(.az).t("incidents.total", ["count": "7"]) == "Tapılan insidentlər: 7")
        #expect(l.t("no.such.key") == "no.such.key")
    }

    /// Every `.t("…")` literal in the sources names a key of both catalogs.
    @Test func everyKeyUsedInTheSourcesExists() throws {
        let used = try Self.literalKeysInSources()
        // The scan itself must work: the views alone use a few hundred keys.
        #expect(used.count > 200, "found only \(used.count) keys: is the scan broken?")
        #expect(used["nav.report"] != nil && used["report.submit"] != nil)
        for (key, file) in used.sorted(by: { $0.key < $1.key }) {
            #expect(Self.en[key] != nil, "\(key) (used in \(file)) is missing in en.json")
            #expect(Self.az[key] != nil, "\(key) (used in \(file)) is missing in az.json")
        }
    }

    /// Keys that code builds from enum values, which the source scan cannot see.
    @Test func keyFamiliesExist() {
        var required: [String] = ["app.name"]
        for c in Taxonomy.classes {
            required.append(Taxonomy.labelKey(class: c.key))
            required += c.types.map { Taxonomy.labelKey(class: c.key, type: $0) }
        }
        #expect(required.count == 1 + 11 + 39)
        required += IncidentStatus.allCases.map(\.labelKey)
        required += Role.allCases.flatMap { [$0.labelKey, $0.labelKey + ".help"] }
        required += Severity.allCases.map { "severity.\($0.rawValue)" }
        required += TeamProfile.sections.map(\.labelKey)
        required += Advisory.Kind.allCases.flatMap { [$0.labelKey, $0.pluralKey] }
        required += Article.Audience.allCases.map(\.labelKey)
        required += Severity.allCases.map(\.labelKey)
        required += ["advisory_created", "advisory_published"].map { "flash.\($0)" }
        required += ReportStatusModel.PublicState.allCases.flatMap { [$0.labelKey, $0.labelKey + ".help"] }
        required += TLP.allCases.map { "tlp.\($0.slug).help" }
        required += ReportSummary.State.allCases.map { "report_state.\($0.rawValue)" }
        required += ReportSummary.Channel.allCases.map { "channel.\($0.rawValue)" }
        required += TimelineItem.Kind.allCases.map { "timeline.\($0.rawValue)" }
        required += APIScope.allCases.map { "scope." + $0.rawValue.replacingOccurrences(of: ":", with: "_") }
        // Mail: the labels of every state, kind and signature check, the placeholders the
        // editor explains, every error a message can be quarantined, held or failed with.
        required += MailState.allCases.map(\.labelKey) + MailDirection.allCases.map(\.labelKey)
        required += MailSignatureState.allCases.map(\.labelKey) + MailKind.allCases.map(\.labelKey)
        required += Set(MailKind.allCases.flatMap(\.placeholders)).map { "mail.placeholder.\($0)" }
        required += Language.allCases.map { "mail.language.\($0.rawValue)" }
        required += ["attention", "quarantine", "inbound", "outbound"].flatMap { ["mail.view.\($0)", "mail.view.\($0).lead"] }
        required += ["empty", "no_headers", "missing_boundary", "too_deep", "unknown_charset", "bad_encoding"].map { "mail.error.\($0)" }
        required += ["mail_queued", "mail_held", "mail_replayed", "mail_released", "template_saved", "template_reset", "team_key_saved"].map { "flash.\($0)" }
        required += [
            "required", "too_long", "email", "phone", "category", "date", "date_future", "tlp", "pap", "severity",
            "status", "transition", "merge_target", "password_short", "password_mismatch", "email_taken", "role",
            "login_failed", "rate_limited", "csrf", "incident_not_found", "scopes", "assignee", "upload_too_large",
            "upload_too_many", "upload_empty",
        ].map { "error.\($0)" }
        required += [400, 403, 404, 405, 413, 422, 429, 500].flatMap { ["errorpage.\($0).title", "errorpage.\($0).message"] }
        required += [
            "saved", "report_opened", "report_linked", "report_rejected", "status_changed", "comment_added",
            "incident_created", "user_created", "token_revoked", "signed_out", "setup_done",
        ].map { "flash.\($0)" }
        for key in required {
            #expect(Self.en[key] != nil, "\(key) is missing in en.json")
            #expect(Self.az[key] != nil, "\(key) is missing in az.json")
        }
        #expect(Self.en["app.name"] == "Qalxan")
    }

    @Test func englishLabelsFollowTheirStandards() throws {
        // RSIT "expanded" names and the RFC 2350 appendix A titles.
        #expect(Self.en["rsit.intrusion-attempts.brute-force"] == "Login Attempts")
        #expect(Self.en["rsit.abusive-content.violence"] == "(Child) Sexual Exploitation/Sexual/Violent Content")
        #expect(Self.en["rsit.other.other"] == "Uncategorised")
        #expect(Self.en["profile.2.7"] == "Electronic mail address")
        #expect(Self.en["profile.5.1.1"] == "Incident triage")
        #expect(Self.en["profile.7"] == "Disclaimers")
        // Every label of the taxonomy's machine tag, where the shared copy is at hand.
        let root = try Self.realPackageRoot()
        let tag = root.deletingLastPathComponent().appendingPathComponent("shared/data/rsit/machinetag.json")
        if let data = try? Data(contentsOf: tag),
           let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
           let values = json["values"] as? [[String: Any]] {
            for group in values {
                let predicate = group["predicate"] as? String ?? ""
                for entry in group["entry"] as? [[String: Any]] ?? [] {
                    let key = "rsit.\(predicate).\(entry["value"] as? String ?? "")"
                    #expect(Self.en[key] == entry["expanded"] as? String, "\(key)")
                }
            }
        }
    }

    // MARK: - Helpers

    static func placeholders(_ s: String) -> [String] {
        s.matches(of: /\{[a-z_]+\}/).map { String(s[$0.range]) }.sorted()
    }

    /// The folder with `Package.swift` and `Sources/`, found upwards from this file.
    static func packageRoot() throws -> URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: dir.appendingPathComponent("Sources").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// The package root with symbolic links resolved (a build may see the sources
    /// through a link).
    static func realPackageRoot() throws -> URL {
        try packageRoot().appendingPathComponent("Sources").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Key → file of every `.t("key"` literal in `Sources/**/*.swift` (comments skipped).
    static func literalKeysInSources() throws -> [String: String] {
        let sources = try realPackageRoot().appendingPathComponent("Sources")
        var keys: [String: String] = [:]
        let pattern = /\.t\("([^"\\]*)"/
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for match in line.matches(of: pattern) {
                    keys[String(match.1)] = url.lastPathComponent
                }
            }
        }
        return keys
    }
}
