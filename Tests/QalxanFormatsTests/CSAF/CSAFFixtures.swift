import Foundation
@testable import QalxanFormats
import QalxanCore
// import QalxanCore

/// Advisories that cover what the CSAF mapping has to handle, and the team that publishes them.
enum CSAFFixtures {
    static let publisher = CSAFPublisher(
        name: "CERT.AZ", namespace: "https://cert.example.az", category: .coordinator,
        contactDetails: "cert@cert.example.az, +994 12 345 67 89",
        issuingAuthority: "National CERT of the Republic of Azerbaijan for its constituency.",
        baseURL: "https://cert.example.az")

    /// 2026-03-02 09:30:00 UTC.
    static let day1 = Date(timeIntervalSince1970: 1_772_443_800)
    /// 2026-03-05 16:45:10 UTC.
    static let day4 = Date(timeIntervalSince1970: 1_772_729_110)
    /// 2026-03-10 08:00:00 UTC, when the documents are made.
    static let generated = Date(timeIntervalSince1970: 1_773_129_600)

    /// Products, two CVEs, a CVSS vector, a single version, a range and a fixed version, two
    /// revisions, both languages.
    static let apache = Advisory(
        trackingID: "QX-SA-2026-0007", kind: .advisory, severity: .critical, tlp: .clear,
        title: [.en: "Apache HTTP Server: request smuggling and SSRF", .az: "Apache HTTP Server: sorğu qaçaqmalçılığı və SSRF"],
        summary: [.en: "Two flaws in mod_proxy let a remote attacker reach internal hosts.",
                  .az: "mod_proxy-dəki iki qüsur uzaqdan hücumçuya daxili hostlara çatmağa imkan verir."],
        body: [.en: "## Details\n\nApache HTTP Server up to **2.4.57** is affected.\n\n- CVE-2026-10001\n- CVE-2026-10002\n",
               .az: "## Təfərrüatlar\n\nApache HTTP Server **2.4.57** daxil olmaqla təsirə məruz qalır.\n"],
        recommendations: [.en: "Update to 2.4.58. Until then, disable `mod_proxy`.",
                          .az: "2.4.58 versiyasına yeniləyin. O vaxta qədər `mod_proxy`-ni söndürün."],
        cves: ["CVE-2026-10001", "cve-2026-10002"],
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        products: [Advisory.Product(vendor: "Apache", name: "HTTP Server", affected: ["2.4.57", "< 2.4.57"], fixed: ["2.4.58"])],
        references: [Advisory.Reference(url: "https://httpd.apache.org/security/vulnerabilities_24.html", summary: "Apache advisory"),
                     Advisory.Reference(url: "https://www.cve.org/CVERecord?id=CVE-2026-10001")],
        revisions: [
            Advisory.Revision(number: 1, date: day1, note: [.en: "Initial release", .az: "İlk buraxılış"]),
            Advisory.Revision(number: 2, date: day4, note: [.en: "Fixed version added", .az: "Düzəldilmiş versiya əlavə edildi"]),
        ])

    /// TLP:AMBER, ranges (`>= 1.0, < 1.2`, `all`), no fix, recommendations; a CVSS vector and
    /// no CVE.
    static let ranges = Advisory(
        trackingID: "QX-SA-2026-0008", kind: .alert, severity: .high, tlp: .amber,
        title: [.en: "Exploited flaw in Example VPN gateways"],
        summary: [.en: "Attackers exploit an authentication bypass in Example VPN gateways."],
        recommendations: [.en: "Restrict the management interface to trusted networks and watch the logs for `admin` logins."],
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        products: [Advisory.Product(vendor: "Example Networks", name: "VPN Gateway", affected: [">= 1.0, < 1.2"]),
                   Advisory.Product(vendor: "Example Networks", name: "Legacy Gateway", affected: ["all"])],
        revisions: [Advisory.Revision(number: 1, date: day1, note: [.en: "Initial release"])])

    /// TLP:AMBER+STRICT, two vendors, one with a fix and one without, no recommendations.
    static let strict = Advisory(
        trackingID: "QX-SA-2026-0009", tlp: .amberStrict,
        title: [.en: "Flaws in two SCADA gateways"],
        body: [.en: "Details are shared with operators only."],
        cves: ["CVE-2026-20001"],
        cvssVector: "CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N",
        products: [Advisory.Product(vendor: "Acme", name: "Gate 5", affected: ["5.1.0", "5.1.1"], fixed: ["5.1.2", "5.2.0"]),
                   Advisory.Product(vendor: "Bolt", name: "RTU", affected: ["< 3.0"])],
        revisions: [Advisory.Revision(number: 1, date: day4, note: [.en: "Initial release"])])

    /// News without products: `csaf_base`; Azerbaijani only; TLP:GREEN.
    static let news = Advisory(
        trackingID: "QX-NEWS-2026-0003", kind: .news, severity: .low, tlp: .green,
        title: [.az: "Fişinq kampaniyası: bankların adından saxta məktublar"],
        summary: [.az: "Son həftədə bankların adından göndərilən saxta məktubların sayı artıb."],
        body: [.az: "Məktublarda **şəxsi məlumatları** yeniləmək üçün keçid var. Keçidə klikləməyin."],
        references: [Advisory.Reference(url: "https://cert.example.az/az/xeberler/2026/fisinq", summary: "Ətraflı məlumat")],
        revisions: [Advisory.Revision(number: 1, date: day1, note: [.az: "İlk buraxılış"])])

    /// Azerbaijani text, published in Azerbaijani; TLP:RED; fixed versions only; CVSS 3.0.
    static let azerbaijani = Advisory(
        trackingID: "QX-SA-2026-0010", tlp: .red,
        title: [.az: "Yerli ERP sistemində SQL inyeksiyası", .en: "SQL injection in a local ERP system"],
        summary: [.az: "Hücumçu autentifikasiyadan keçmədən verilənlər bazasını oxuya bilər."],
        recommendations: [.az: "Sistemi 4.2.1 versiyasına yeniləyin və giriş jurnallarını yoxlayın."],
        cves: ["CVE-2026-30003"],
        cvssVector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        products: [Advisory.Product(vendor: "Ölçü Soft", name: "Mühasib ERP", affected: [], fixed: ["4.2.1"])],
        revisions: [Advisory.Revision(number: 1, date: day1, note: [:]),
                    Advisory.Revision(number: 2, date: day4, note: [.en: "Fixed version published"])])

    /// A CVE without products: `csaf_base` with a vulnerability.
    static let cveOnly = Advisory(
        trackingID: "QX-SA-2026-0011", kind: .alert,
        title: [.en: "Mass exploitation of CVE-2026-40004"],
        summary: [.en: "A flaw in a widely used library is being exploited."],
        cves: ["CVE-2026-40004"],
        revisions: [Advisory.Revision(number: 1, date: day4, note: [.en: "Initial release"])])

    /// Products without a vulnerability: `csaf_base` without a product tree.
    static let productsOnly = Advisory(
        trackingID: "QX-SA-2026-0012", kind: .alert,
        title: [.en: "End of support for Example OS 7"],
        body: [.en: "Example OS 7 gets no more security updates."],
        products: [Advisory.Product(vendor: "Example", name: "OS", affected: ["7"])],
        revisions: [Advisory.Revision(number: 1, date: day4, note: [.en: "Initial release"])])

    /// Products and a CVE but no CVSS vector: valid, but recommended test 6.2.3 (Missing
    /// Score) fails.
    static let unscored = Advisory(
        trackingID: "QX-SA-2026-0013",
        title: [.en: "Path traversal in Example CMS"],
        summary: [.en: "A path traversal lets visitors read files outside the web root."],
        cves: ["CVE-2026-50005"],
        products: [Advisory.Product(vendor: "Example", name: "CMS", affected: ["< 3.4.1"], fixed: ["3.4.1"])],
        revisions: [Advisory.Revision(number: 1, date: day4, note: [.en: "Initial release"])])

    /// Every advisory above but `unscored`, with the language its document is made in.
    static let all: [(Advisory, Language)] = [
        (apache, .en), (apache, .az), (ranges, .en), (strict, .en), (news, .az), (news, .en),
        (azerbaijani, .az), (cveOnly, .en), (productsOnly, .en),
    ]

    static func document(_ advisory: Advisory, _ language: Language = .en) throws -> CSAFDocument {
        try CSAFDocument.make(advisory, publisher: publisher, language: language, generated: generated)
    }
}
