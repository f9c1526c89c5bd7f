import Foundation
@testable import QalxanCore

/// The real message catalogs of QalxanCore, for section titles.
enum Catalogs {
    /// The QalxanCore catalog of `language`.
    static let core: [Language: [String: String]] = Dictionary(uniqueKeysWithValues: Language.allCases.map {
        ($0, Catalog.all[$0]?.strings ?? [:])
    })

    /// The title lookup `RFC2350Document.text` takes, from the real catalog; a missing key
    /// comes back as the key, as `Catalog.t` does.
    static func title(_ language: Language) -> (String) -> String {
        let strings = core[language] ?? [:]
        return { strings[$0] ?? $0 }
    }
}

/// Dates and texts the tests share.
enum Fixtures {
    /// 2026-11-23T14:05:09Z
    static let date = Date(timeIntervalSince1970: 1_795_442_709)

    static let documentURL = "https://cert.example.org/rfc2350.txt"

    /// A profile with what administrators write: addresses line by line, long paragraphs,
    /// lists, URLs and addresses longer than a line, Windows line ends, tabs, decomposed
    /// letters, stray control characters, and sections left empty or not translated.
    static let profile = TeamProfile(text: [
        "1.2": [
            .en: "Changes to this document are announced on our news page https://cert.example.org/en/news and in the Atom feed of advisories; there is no mailing list.",
            .az: "Bu sənəddəki dəyişikliklər xəbərlər səhifəsində https://cert.example.org/az/news və tövsiyələrin Atom lentində elan olunur; poçt siyahısı yoxdur.",
        ],
        "1.4": [.en: "This document is signed with the team's OpenPGP key (section 2.8)."],
        "2.1": [.en: "Qalxan CERT", .az: "Qalxan CERT"],
        "2.2": [
            .en: "Qalxan CERT\r\nİstiqlaliyyət küçəsi 1\r\nBaku AZ1001\r\nAzerbaijan",
            .az: "Qalxan CERT\nİstiqlaliyyət küçəsi 1\nBakı AZ1001\nAzərbaycan",
        ],
        "2.3": [.en: "Asia/Baku (UTC+04:00)"],
        "2.7": [.en: "cert@example.org — for incident reports and everything else."],
        "2.8": [
            .en: "The team key is at https://cert.example.org/.well-known/openpgpkey/hu/very/long/path/that/does/not/fit/on/one/line/team-key.asc and on the keyservers.\n\nFingerprint:\n\tA1B2 C3D4 E5F6 0718 293A  4B5C 6D7E 8F90 A1B2 C3D4",
        ],
        "3.1": [
            .en: "The mission of Qalxan CERT is to help the organisations of its constituency prevent, detect and respond to computer security incidents, and to share what it learns with them and with other teams.   \n\n\n\nIt works with its partners at home and abroad.\u{7}",
            // "ö" and "ü" decomposed (o + U+0308, u + U+0308): the document must be NFC.
            .az: "Qalxan CERT-in missiyası xidmət dairəsindəki təşkilatlara kompüter təhlükəsizliyi insidentlərinin qarşısını almaqda, onları aşkar etməkdə və onlara cavab verməkdə ko\u{308}mək etmək, o\u{308}yrəndiklərini onlarla və digər komandalarla bo\u{308}lüşməkdir.",
        ],
        "4.1": [
            .en: """
            Qalxan CERT handles incidents of every type of the Reference Security Incident Taxonomy. The level of support depends on the severity:
            - critical: we answer within one hour, around the clock, and coordinate the response with the affected organisation and its providers;
            - high: within four working hours;
              * low: as time allows.
            1. Report the incident.
            2. Receive a tracking number such as QX-2026-00042 and keep it in the subject of every later message about the same incident.
            """,
        ],
        "5.1.1": [.en: "Every report is triaged within one working day; reports that are not incidents are answered with advice."],
        "6": [
            .en: "Use the form at https://cert.example.org/en/report or write to cert@example.org.\n-----BEGIN NOT A SIGNATURE-----\n- a line that starts with a dash\nFrom here on, gpg may escape this line.",
        ],
        "7": [.en: "While every precaution will be taken in the preparation of information, notifications and alerts, Qalxan CERT assumes no responsibility for errors or omissions, or for damages resulting from the use of the information contained within.", .az: ""],
    ])
}
