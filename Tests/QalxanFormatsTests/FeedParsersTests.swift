import Foundation
import QalxanCore
import Testing
@testable import QalxanFormats

/// 2026-11-23 00:00 UTC, the "now" of these tests (as in the Shadowserver tests).
private let now = Date(timeIntervalSince1970: 1_795_392_000)

/// Every outcome of `parser` over `bytes`, whole or cut into pieces of `pieceSize` bytes
/// by `FeedPieces` as a file read from disk would be.
private func outcomes<P: FeedParser>(_ parser: P, _ bytes: [UInt8], pieceSize: Int? = nil) -> [FeedOutcome] {
    var p = parser
    var out: [FeedOutcome] = []
    guard let size = pieceSize else {
        p.parse(bytes, firstLine: 1) { out.append($0) }
        p.finish { out.append($0) }
        return out
    }
    var pieces = FeedPieces(framing: p.framing)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + size)
        if let (piece, line) = pieces.add(Array(bytes[start..<end])) { p.parse(piece, firstLine: line) { out.append($0) } }
        start = end
    }
    if let (piece, line) = pieces.finish() { p.parse(piece, firstLine: line) { out.append($0) } }
    p.finish { out.append($0) }
    return out
}

/// Events and problems of a whole-file parse.
private func parsed<P: FeedParser>(_ parser: P, _ text: String) -> (events: [FeedEvent], problems: [FeedProblem]) {
    parser.parseAll(Array(text.utf8))
}

/// `line key` for each problem, the shape most assertions compare.
private func summary(_ problems: [FeedProblem]) -> [String] {
    problems.map { "\($0.line) \($0.key)" }
}

/// Checks that pieces of 1, 7 and 64 bytes give exactly the outcomes of the whole file.
private func expectSameInPieces<P: FeedParser>(_ parser: P, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let whole = outcomes(parser, bytes)
    #expect(!whole.isEmpty, sourceLocation: sourceLocation)
    for size in [1, 7, 64] {
        #expect(outcomes(parser, bytes, pieceSize: size) == whole, "piece size \(size)", sourceLocation: sourceLocation)
    }
}

private let abuseCHBanner = """
    ################################################################
    # abuse.ch URLhaus Database Dump (CSV - recent URLs)           #
    # Last updated: 2024-11-20 10:10:06 (UTC)                      #
    #                                                              #
    # Terms Of Use: https://urlhaus.abuse.ch/api/                  #
    # For questions please contact urlhaus [at] abuse.ch           #
    ################################################################
    #

    """

// MARK: - URLhaus

@Suite("URLhaus parser")
struct URLhausParserTests {
    static let sample = abuseCHBanner + """
        # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
        "3312520","2024-11-20 10:05:06","http://198.51.100.23:43210/i","online","2024-11-20 10:05:06","malware_download","32-bit,elf,mips,Mozi","https://urlhaus.abuse.ch/url/3312520/","geenensp"
        "3312519","2024-11-20 10:04:07","https://Files.Example-Bad.com/load/x.exe","offline","None","malware_download","exe,RemcosRAT","https://urlhaus.abuse.ch/url/3312519/","abuse_ch"
        "3312518","2024-11-20 10:03:44","http://[2001:DB8::7]:8080/bins/arm7","online","","malware_download","None","https://urlhaus.abuse.ch/url/3312518/","lrz_urlhaus"

        """

    @Test func readsTheDumpIntoEvents() throws {
        let (events, problems) = parsed(URLhausParser(feedURL: "https://urlhaus.abuse.ch/downloads/csv_recent/", now: now), Self.sample)
        #expect(problems.isEmpty)
        try #require(events.count == 3)
        #expect(events.first?.fields == [
            "feed.provider": "abuse.ch",
            "feed.name": "URLhaus",
            "feed.url": "https://urlhaus.abuse.ch/downloads/csv_recent/",
            "classification.taxonomy": "malicious-code",
            "classification.type": "malware-distribution",
            "time.source": "2024-11-20T10:05:06+00:00",
            "source.url": "http://198.51.100.23:43210/i",
            "source.ip": "198.51.100.23",
            "source.port": "43210",
            "extra.urlhaus_id": "3312520",
            "extra.url_status": "online",
            "extra.last_online": "2024-11-20T10:05:06+00:00",
            "extra.threat": "malware_download",
            "extra.tags": "32-bit,elf,mips,Mozi",
            "event_description.url": "https://urlhaus.abuse.ch/url/3312520/",
            "extra.reporter": "geenensp",
        ])
        let domain = events[1]
        #expect(domain["source.fqdn"] == "files.example-bad.com")
        #expect(domain["source.url"] == "https://Files.Example-Bad.com/load/x.exe")
        #expect(domain["source.ip"] == nil && domain["source.port"] == nil)
        #expect(domain["extra.last_online"] == nil)  // "None"
        let v6 = events[2]
        #expect(v6["source.ip"] == "2001:db8::7")
        #expect(v6["source.port"] == "8080")
        #expect(v6["extra.tags"] == nil && v6["extra.last_online"] == nil)
    }

    @Test func eventsCarryTheLineTheyWereOn() {
        let lines = outcomes(URLhausParser(now: now), Array(Self.sample.utf8)).compactMap { o -> Int? in
            if case .event(_, let line) = o { return line }
            return nil
        }
        #expect(lines == [10, 11, 12])
    }

    @Test func badRowsBecomeProblemsAndTheRestParses() throws {
        var bytes = Array((abuseCHBanner + """
            # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
            "1","2024-11-20 10:00:00","http://198.51.100.1/a","online","","malware_download","elf","https://urlhaus.abuse.ch/url/1/","r"
            "2","2024-11-20 10:00:00","http://198.51.100.2:70000/a","online","","malware_download","elf","https://urlhaus.abuse.ch/url/2/","r"
            "3","2024-11-20 10:00:00","http://x.example.com/a"b","online","","malware_download","elf","https://urlhaus.abuse.ch/url/3/","r"
            4;2024-11-20 10:00:00;http://198.51.100.4/a;online;;malware_download;elf;https://urlhaus.abuse.ch/url/4/;r
            "5","2027-01-01 00:00:00","http://198.51.100.5/a","online","","malware_download","elf","https://urlhaus.abuse.ch/url/5/","r"
            "6","2024-13-01 00:00:00","http://198.51.100.6/a","online","","malware_download","elf","https://urlhaus.abuse.ch/url/6/","r"
            "7","2024-11-20 10:00:00","","online","","malware_download","elf","https://urlhaus.abuse.ch/url/7/","r"
            "8","2024-11-20 10:00:00","not a url","online","","malware_download","elf","https://urlhaus.abuse.ch/url/8/","r"

            """).utf8)
        bytes += Array("\"9\",\"2024-11-20 10:00:00\",\"http://198.51.100.9/a\",\"online\",\"\",\"malware_download\",\"".utf8)
            + [0xFF, 0xFE] + Array("\",\"https://urlhaus.abuse.ch/url/9/\",\"r\"\n".utf8)
        bytes += Array("\"10\",\"2024-11-20 10:00:00\",\"http://198.51.100.10/a\",\"online\",\"\",\"malware_download\",\"elf\",\"https://urlhaus.abuse.ch/url/10/\",\"r\"\n".utf8)
        bytes += Array("\"11\",\"2024-11-20 10:00:00\",\"http://198.51.100.11/a\",\"onl".utf8)  // truncated download
        let (events, problems) = URLhausParser(now: now).parseAll(bytes)
        #expect(events.map { $0["extra.urlhaus_id"] } == ["1", "10"])
        try #require(summary(problems) == [
            "11 ingest.invalid_url", "12 ingest.broken_quoting", "13 ingest.column_count", "14 ingest.future_time",
            "15 ingest.invalid_time", "16 ingest.missing_field", "17 ingest.invalid_url", "18 ingest.invalid_utf8",
            "20 ingest.broken_quoting",
        ])
        #expect(problems[0].detail.contains("70000"))
        #expect(problems[0].raw.hasPrefix("2,2024-11-20 10:00:00,http://198.51.100.2:70000/a,online,,"))
        #expect(problems[2].detail.contains("1 fields"))
        #expect(problems[3].detail.contains("dateadded") && problems[3].detail.contains("2027-01-01"))
        expectSameInPieces(URLhausParser(now: now), bytes)
    }

    @Test func withoutAHeaderThePublishedOrderIsUsed() throws {
        let current = """
            "3312520","2024-11-20 10:05:06","http://198.51.100.23/i","online","2024-11-20 10:05:06","malware_download","elf","https://urlhaus.abuse.ch/url/3312520/","geenensp"

            """
        let e1 = parsed(URLhausParser(now: now), current)
        #expect(e1.problems.isEmpty)
        #expect(e1.events.first?["extra.reporter"] == "geenensp")
        #expect(e1.events.first?["extra.last_online"] == "2024-11-20T10:05:06+00:00")
        let older = """
            "1","2019-03-01 10:05:06","http://198.51.100.23/i","offline","malware_download","elf","https://urlhaus.abuse.ch/url/1/","someone"
            "2","2019-03-01 10:05:07","http://198.51.100.24/i","offline","malware_download","elf"

            """
        let e2 = parsed(URLhausParser(now: now), older)
        #expect(e2.events.count == 1)
        #expect(e2.events.first?["extra.threat"] == "malware_download")
        #expect(e2.events.first?["extra.reporter"] == "someone")
        try #require(summary(e2.problems) == ["2 ingest.column_count"])
        let odd = parsed(URLhausParser(now: now), "\"1\",\"2019-03-01 10:05:06\",\"http://198.51.100.23/i\"\n")
        #expect(summary(odd.problems) == ["1 ingest.column_count"])
        #expect(odd.problems.first?.detail.contains("9 or 8") == true)
    }

    @Test func emptyFilesAndCommentOnlyFiles() {
        #expect(summary(parsed(URLhausParser(now: now), "").problems) == ["1 ingest.empty_file"])
        #expect(summary(parsed(URLhausParser(now: now), "\n\r\n").problems) == ["1 ingest.empty_file"])
        let onlyComments = parsed(URLhausParser(now: now), abuseCHBanner)
        #expect(onlyComments.events.isEmpty && onlyComments.problems.isEmpty)
    }

    @Test func piecesGiveTheSameOutcomes() {
        expectSameInPieces(URLhausParser(now: now), Array(Self.sample.utf8))
    }
}

// MARK: - Feodo Tracker

@Suite("Feodo Tracker parser")
struct FeodoParserTests {
    static let sample = """
        ################################################################
        # abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)          #
        # Last updated: 2024-11-20 13:14:07 UTC                        #
        #                                                              #
        # Terms Of Use: https://feodotracker.abuse.ch/blocklist/       #
        # For questions please contact feodotracker [at] abuse.ch      #
        ################################################################
        #
        "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
        "2021-01-17 07:44:46","203.0.113.32","4643","online","2024-11-20","Dridex"
        "2023-06-08 19:01:12","198.51.100.77","443","offline","2024-11-19","QakBot"
        # END 2 entries

        """

    @Test func readsTheBlocklist() {
        let (events, problems) = parsed(FeodoParser(now: now), Self.sample)
        #expect(problems.isEmpty)
        #expect(events.first?.fields == [
            "feed.provider": "abuse.ch",
            "feed.name": "Feodo Tracker",
            "classification.taxonomy": "malicious-code",
            "classification.type": "c2-server",
            "time.source": "2021-01-17T07:44:46+00:00",
            "source.ip": "203.0.113.32",
            "source.port": "4643",
            "extra.c2_status": "online",
            "extra.last_online": "2024-11-20",
            "malware.name": "dridex",
        ])
        #expect(events.last?["malware.name"] == "qakbot")
        #expect(events.last?.sourcePort == 443)
    }

    @Test func commentedAndOlderHeadersAndNoHeader() {
        let commented = """
            # "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
            "2021-01-17 07:44:46","203.0.113.32","4643","online","2024-11-20","Dridex"

            """
        #expect(parsed(FeodoParser(now: now), commented).events.first?["source.ip"] == "203.0.113.32")
        let older = """
            # Firstseen,DstIP,DstPort,LastOnline,Malware
            2019-05-02 19:42:10,203.0.113.90,447,2019-05-03,TrickBot

            """
        let o = parsed(FeodoParser(now: now), older)
        #expect(o.problems.isEmpty)
        #expect(o.events.first?["malware.name"] == "trickbot")
        #expect(o.events.first?["extra.last_online"] == "2019-05-03")
        #expect(o.events.first?["extra.c2_status"] == nil)
        let bare = "\"2021-01-17 07:44:46\",\"203.0.113.32\",\"4643\",\"online\",\"2024-11-20\",\"Dridex\"\n"
        #expect(parsed(FeodoParser(now: now), bare).events.first?["malware.name"] == "dridex")
    }

    @Test func badRowsBecomeProblems() throws {
        let text = """
            "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
            "2021-01-17 07:44:46","999.1.1.1","4643","online","2024-11-20","Dridex"
            "2021-01-17 07:44:46","203.0.113.33","70000","online","2024-11-20","Dridex"
            "2021-01-17 07:44:46","203.0.113.34","4643","online","2024-11-20","Dridex"
            "2028-01-17 07:44:46","203.0.113.35","4643","online","2024-11-20","Dridex"
            "2021-01-17 07:44:46";"203.0.113.36";"4643";"online";"2024-11-20";"Dridex"
            "2021-01-17 07:44:46","","4643","online","2024-11-20","Dridex"
            "2021-01-17 07:44:46","203.0.113.37","4643"
            """
        let (events, problems) = parsed(FeodoParser(now: now), text)
        #expect(events.map { $0["source.ip"] } == ["203.0.113.34"])
        try #require(summary(problems) == [
            "2 ingest.invalid_ip", "3 ingest.invalid_port", "5 ingest.future_time", "6 ingest.broken_quoting",
            "7 ingest.missing_field", "8 ingest.column_count",
        ])
        #expect(problems[0].detail.contains("999.1.1.1"))
        #expect(problems[1].detail.contains("dst_port") && problems[1].detail.contains("70000"))
        expectSameInPieces(FeodoParser(now: now), Array(text.utf8))
    }

    @Test func piecesGiveTheSameOutcomes() {
        expectSameInPieces(FeodoParser(now: now), Array(Self.sample.utf8))
    }
}

// MARK: - ThreatFox

@Suite("ThreatFox parser")
struct ThreatFoxParserTests {
    static let header = """
        ################################################################
        # ThreatFox IOCs: CSV export                                   #
        # Last updated: 2024-11-20 10:10:13 UTC                        #
        #                                                              #
        # Terms Of Use: https://threatfox.abuse.ch/api/                #
        # For questions please contact threatfox [at] abuse.ch         #
        ################################################################
        #
        # "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware","malware_alias","malware_printable","last_seen_utc","confidence_level","reference","tags","anonymous","reporter"

        """
    static let sample = header + """
        "2024-11-20 10:05:11", "1356789", "203.0.113.16:80", "ip:port", "botnet_cc", "win.stealc", "None", "Stealc", "", "100", "None", "None", "0", "abuse_ch"
        "2024-11-20 09:58:40", "1356788", "Update-Check.example.net", "domain", "botnet_cc", "win.lumma", "LummaC2 Stealer", "Lumma Stealer", "2024-11-20 10:00:00", "75", "https://bazaar.abuse.ch/sample/abc/", "LummaStealer,stealer", "0", "Anonymous"
        "2024-11-20 09:41:02", "1356787", "http://198.51.100.9:8080/payload.bin", "url", "payload_delivery", "elf.mirai", "None", "Mirai", "", "50", "None", "elf, mirai", "1", "r3dbU7z"
        "2024-11-20 09:40:00", "1356786", "D41D8CD98F00B204E9800998ECF8427E", "md5_hash", "payload", "unknown", "None", "Unknown malware", "", "25", "None", "None", "0", "abuse_ch"
        "2024-11-20 09:39:00", "1356785", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256_hash", "cc_skimming", "js.magecart", "None", "magecart", "", "100", "None", "None", "0", "abuse_ch"

        """

    @Test func readsEveryIndicatorType() throws {
        let (events, problems) = parsed(ThreatFoxParser(now: now), Self.sample)
        #expect(problems.isEmpty)
        try #require(events.count == 5)
        #expect(events.first?.fields == [
            "feed.provider": "abuse.ch",
            "feed.name": "ThreatFox",
            "classification.taxonomy": "malicious-code",
            "classification.type": "c2-server",
            "time.source": "2024-11-20T10:05:11+00:00",
            "source.ip": "203.0.113.16",
            "source.port": "80",
            "extra.ioc_type": "ip:port",
            "extra.threat_type": "botnet_cc",
            "extra.threatfox_id": "1356789",
            "extra.malware": "win.stealc",
            "malware.name": "stealc",
            "extra.confidence_level": "100",
            "extra.anonymous": "false",
            "extra.reporter": "abuse_ch",
        ])
        let domain = events[1]
        #expect(domain["source.fqdn"] == "update-check.example.net")
        #expect(domain["malware.name"] == "lumma stealer")
        #expect(domain["extra.malware_alias"] == "LummaC2 Stealer")
        #expect(domain["extra.last_seen"] == "2024-11-20T10:00:00+00:00")
        #expect(domain["extra.reference"] == "https://bazaar.abuse.ch/sample/abc/")
        #expect(domain["extra.tags"] == "LummaStealer,stealer")
        let url = events[2]
        #expect(url["source.url"] == "http://198.51.100.9:8080/payload.bin")
        #expect(url["source.ip"] == "198.51.100.9" && url["source.port"] == "8080")
        #expect(url["classification.type"] == "malware-distribution")
        // A quoted comma after the padding space stays inside the field.
        #expect(url["extra.tags"] == "elf, mirai")
        #expect(url["extra.anonymous"] == "true")
        let md5 = events[3]
        #expect(md5["malware.hash.md5"] == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(md5["classification.type"] == "malware-distribution")
        #expect(md5["malware.name"] == nil)
        let sha = events[4]
        #expect(sha["malware.hash.sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha["classification.type"] == "c2-server")
    }

    @Test func threatTypesOutsideTheTableAreInfectedSystems() {
        let text = Self.header + """
            "2024-11-20 10:05:11", "1", "203.0.113.16:80", "ip:port", "brand_new_kind", "win.x", "None", "X", "", "100", "None", "None", "0", "abuse_ch"

            """
        #expect(parsed(ThreatFoxParser(now: now), text).events.first?["classification.type"] == "infected-system")
        for (threat, type) in ThreatFoxParser.threatTypes {
            #expect(FeedClassifier.resolve(type: type) == FeedClassifier.Target(taxonomy: "malicious-code", type: type), "\(threat)")
        }
    }

    @Test func badRowsBecomeProblems() throws {
        var bytes = Array((Self.header + """
            "2024-11-20 10:05:11", "1", "999.1.1.1:80", "ip:port", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "2", "203.0.113.2:70000", "ip:port", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "3", "someone@example.com", "email", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "4", "203.0.113.4:443", "ip:port", "botnet_cc", "win.x", "None", "X", "", "high", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "5", "d41d8cd98f", "md5_hash", "payload", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "6", "not_a_domain", "domain", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "7", "203.0.113.7:443", "ip:port", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "8", "203.0.113.8:443" x, "ip:port", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2029-11-20 10:05:11", "9", "203.0.113.9:443", "ip:port", "botnet_cc", "win.x", "None", "X", "", "100", "None", "None", "0", "a"
            "2024-11-20 10:05:11", "10", "203.0.113.10:443", "ip:port", "botnet_cc"

            """).utf8)
        bytes += Array("\"2024-11-20 10:05:11\", \"11\", \"203.0.113.11:443\", \"ip:port\", \"botnet_cc\", \"win.x\", \"None\", \"".utf8)
            + [0xC3, 0x28] + Array("\", \"\", \"100\", \"None\", \"None\", \"0\", \"a\"\n".utf8)
        bytes += Array("\"2024-11-20 10:05:11\", \"12\", \"203.0.113.12:443\", \"ip:p".utf8)
        let (events, problems) = ThreatFoxParser(now: now).parseAll(bytes)
        #expect(events.map { $0["extra.threatfox_id"] } == ["7"])
        try #require(summary(problems) == [
            "10 ingest.invalid_ip", "11 ingest.invalid_port", "12 ingest.unknown_ioc_type", "13 ingest.invalid_number",
            "14 ingest.invalid_value", "15 ingest.invalid_domain", "17 ingest.broken_quoting", "18 ingest.future_time",
            "19 ingest.column_count", "20 ingest.invalid_utf8", "21 ingest.broken_quoting",
        ])
        #expect(problems[2].detail.contains("email"))
        #expect(problems[0].raw.hasPrefix("2024-11-20 10:05:11,1,999.1.1.1:80,ip:port,"))
        expectSameInPieces(ThreatFoxParser(now: now), bytes)
    }

    @Test func paddedReaderKeepsCSVRules() {
        let rows = Array(PaddedCSVReader(Array("\"a\" , \"b,c\",  d  ,\"e \"\"q\"\"\"\n\n \"multi\nline\", x\r\n".utf8)))
        #expect(rows.map(\.fields) == [["a", "b,c", "d", "e \"q\""], ["multi\nline", "x"]])
        #expect(rows.map(\.line) == [1, 3])
        let bad = Array(PaddedCSVReader(Array("\"a\" b, c\nd, e\n".utf8)))
        #expect(bad.first?.error == .textAfterQuote)
        #expect(bad.last?.fields == ["d", "e"])
    }

    @Test func piecesGiveTheSameOutcomes() {
        expectSameInPieces(ThreatFoxParser(now: now), Array(Self.sample.utf8))
    }
}

// MARK: - Spamhaus DROP

@Suite("Spamhaus DROP parser")
struct SpamhausDROPParserTests {
    static let text = """
        ; Spamhaus DROP List 2024/11/20 - (c) 2024 The Spamhaus Project SLU
        ; https://www.spamhaus.org/drop/drop.txt
        ; Last-Modified: Wed, 20 Nov 2024 16:04:32 GMT
        ; Expires: Thu, 21 Nov 2024 04:05:27 GMT
        1.10.16.0/20 ; SBL256894
        1.19.0.0/16 ; SBL434604
        2.57.122.0/24 ; SBL636050

        """

    static let json = """
        {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
        {"cidr":"2.56.192.0/22","sblid":"SBL459831","rir":"ripencc"}
        {"type":"metadata","timestamp":1732117472,"size":2545,"records":2,"copyright":"(c) 2024 The Spamhaus Project SLU","terms":"https://www.spamhaus.org/drop/terms/"}

        """

    @Test func readsTheTextList() throws {
        let (events, problems) = parsed(SpamhausDROPParser(list: .drop, now: now), Self.text)
        #expect(problems.isEmpty)
        try #require(events.count == 3)
        #expect(events.first?.fields == [
            "feed.provider": "Spamhaus",
            "feed.name": "Spamhaus DROP",
            "extra.blocklist": "drop",
            "classification.taxonomy": "other",
            "classification.type": "other",
            "extra.original_type": "blacklist",
            "source.network": "1.10.16.0/20",
            "extra.sblid": "SBL256894",
            "time.source": "2024-11-20T16:04:32+00:00",
        ])
        #expect(events.last?["source.network"] == "2.57.122.0/24")
    }

    @Test func readsTheJSONListAndItsTimeComesLast() {
        var parser = SpamhausDROPParser(list: .edrop, now: now)
        var events: [FeedEvent] = [], problems: [FeedProblem] = []
        parser.parse(Array(Self.json.utf8), firstLine: 1) { o in
            switch o {
            case .event(let e, _): events.append(e)
            case .problem(let p): problems.append(p)
            }
        }
        parser.finish { _ in Issue.record("nothing to report") }
        #expect(problems.isEmpty)
        #expect(events.map { $0["source.network"] } == ["1.10.16.0/20", "2.56.192.0/22"])
        #expect(events.map { $0["source.registry"] } == ["APNIC", "RIPE"])
        #expect(events.allSatisfy { $0["time.source"] == nil && $0["extra.blocklist"] == "edrop" })
        #expect(events.first?["feed.name"] == "Spamhaus EDROP")
        #expect(parser.listTime == "2024-11-20T15:44:32+00:00")
    }

    @Test func badLinesBecomeProblems() throws {
        var bytes = Array("""
            ; Last-Modified: Wed, 45 Nov 2024 16:04:32 GMT
            999.1.1.0/24 ; SBL1
            1.2.3.0/33 ; SBL2
            10.0.0.0/8 ; SBL3
            10.0.0.1 ; SBL4
            {"cidr":"2001:db8::/32","sblid":"SBL5"}
            {"cidr":"2001:db8::/32","sbl
            {"sblid":"SBL7"}

            """.utf8)
        bytes += Array("192.0.2.0/24 ; SBL".utf8) + [0xE2, 0x28] + [0x0A]
        bytes += Array("; Last-Modified: Wed, 20 Nov 2030 16:04:32 GMT\n198.51.100.0/24 ; SBL9\n".utf8)
        let (events, problems) = SpamhausDROPParser(now: now).parseAll(bytes)
        #expect(events.map { $0["source.network"] } == ["10.0.0.0/8", "2001:db8::/32", "198.51.100.0/24"])
        #expect(events.allSatisfy { $0["time.source"] == nil })
        try #require(summary(problems) == [
            "1 ingest.invalid_time", "2 ingest.invalid_network", "3 ingest.invalid_network", "5 ingest.invalid_network",
            "7 ingest.invalid_json", "8 ingest.missing_field", "9 ingest.invalid_utf8", "10 ingest.future_time",
        ])
        #expect(problems[1].raw == "999.1.1.0/24 ; SBL1")
        #expect(problems[1].detail.contains("999.1.1.0/24"))
        expectSameInPieces(SpamhausDROPParser(now: now), bytes)
    }

    @Test func listFromFileName() {
        #expect(SpamhausDROPParser.List.detect(fileName: "/feeds/edrop.txt") == .edrop)
        #expect(SpamhausDROPParser.List.detect(fileName: "drop_v6.json") == .dropV6)
        #expect(SpamhausDROPParser.List.detect(fileName: "DROPv6.txt") == .dropV6)
        #expect(SpamhausDROPParser.List.detect(fileName: "drop_v4.json") == .drop)
    }

    @Test func emptyFile() {
        #expect(summary(parsed(SpamhausDROPParser(now: now), "\n\n").problems) == ["1 ingest.empty_file"])
    }

    @Test func piecesGiveTheSameOutcomes() {
        expectSameInPieces(SpamhausDROPParser(now: now), Array(Self.text.utf8))
        expectSameInPieces(SpamhausDROPParser(now: now), Array(Self.json.utf8))
    }
}

// MARK: - Mapping files

@Suite("Feed mapping files")
struct FeedMappingTests {
    static let config = """
        # CERT-XY botnet feed
        delimiter = ;
        header = yes
        skip = 1
        comment = #
        time_format = %d.%m.%Y %H:%M:%S
        timezone = +04:00
        column Zaman = time.source
        column ip = source.ip
        column 3 = source.port
        column "Zərərli proqram" = malware.name
        column ASN = source.asn
        column Şəbəkə = source.network
        column Domen = source.fqdn
        constant feed.name = CERT-XY Botnet
        constant feed.provider = CERT-XY
        constant classification.type = botnet drone
        required = source.ip, time.source
        """

    @Test func readsEverySetting() throws {
        let m = try FeedMapping.parse(Self.config)
        #expect(m.delimiter == .semicolon)
        #expect(m.header && m.skip == 1 && m.comment == "#")
        #expect(m.timezoneOffset == 14_400)
        #expect(m.columns.map(\.field) == ["time.source", "source.ip", "source.port", "malware.name", "source.asn",
                                           "source.network", "source.fqdn"])
        #expect(m.columns[2].reference == .position(3))
        #expect(m.columns[3].reference == .name("Zərərli proqram"))
        #expect(m.constants.map(\.field) == ["feed.name", "feed.provider", "classification.type"])
        #expect(m.required == ["source.ip", "time.source"])
        guard case .pattern(let p) = m.timeFormat else { Issue.record("no pattern"); return }
        #expect(p.text == "%d.%m.%Y %H:%M:%S")
    }

    @Test func theDocumentedExampleIsValid() throws {
        let text = try String(contentsOf: packageFile("docs/feed-mapping-example.conf"), encoding: .utf8)
        let m = try FeedMapping.parse(text)
        #expect(m.columns.count == 7)
        #expect(m.constants.contains { $0.field == "tlp" && $0.value == "AMBER" })
    }

    @Test(arguments: [
        ("column ip = source.ipp", 1, "source.ipp"),
        ("delimter = ;\ncolumn 1 = source.ip", 1, "unknown setting"),
        ("delimiter = |\ncolumn 1 = source.ip", 1, "delimiter"),
        ("column 1 = source.ip\ncolumn 2 = source.ip", 2, "already set on line 1"),
        ("header = no\n\ncolumn ip = source.ip", 3, "header = yes"),
        ("column 1 = source.ip\ntime_format = %d.%m.%Y %Q", 2, "%Q"),
        ("column 1 = source.ip\ntime_format = %H:%M", 2, "%Y"),
        ("column 1 = source.ip\ntime_format = sometimes", 2, "time_format"),
        ("# nothing\nskip = 2", 0, "no `column` line"),
        ("column 1 = source.ip\nconstant source.asn = ASX", 2, "AS number"),
        ("column 1 = source.ip\nconstant source.ip = 192.0.2.1", 2, "already set"),
        ("column 1 = source.ip\nrequired = source.port", 2, "source.port is set by no column"),
        ("column 1 = source.ip\nrequired = source.teapot", 2, "source.teapot"),
        ("column 1 = source.ip\njust some words", 2, "expected"),
        ("column 1 = source.ip\nskip = -1", 2, "skip"),
        ("column 1 = source.ip\ntimezone = Baku", 2, "timezone"),
        ("column 0 = source.ip", 1, "start at 1"),
        ("column \"open = source.ip", 1, "not closed"),
        ("column 1 = source.ip\nheader = maybe", 2, "header"),
        ("column 1 = source.ip\nheader = no\nheader = yes", 3, "twice"),
        ("column 1 = extra.", 1, "extra."),
    ])
    func errorsNameTheLineAndTheProblem(text: String, line: Int, fragment: String) throws {
        do {
            _ = try FeedMapping.parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
            if line > 0 { #expect(error.description.hasPrefix("line \(line): ")) }
            #expect(error.key == "ingest.error.mapping")
        }
    }

    @Test func windowsLineEndsAndAByteOrderMark() throws {
        let m = try FeedMapping.parse("\u{FEFF}# saved by Notepad\r\ndelimiter = tab\r\ncolumn 1 = source.ip\r\n")
        #expect(m.delimiter == .tab && m.columns.count == 1)
        #expect(throws: FeedMapping.Error(line: 3, message: "\"source.ipp\" is not a harmonisation field (see FeedFields.known) nor extra.*")) {
            try FeedMapping.parse("# x\r\ncolumn 1 = source.ip\r\ncolumn 2 = source.ipp\r\n")
        }
    }

    @Test func extraFieldsAndQuotedNamesWithEquals() throws {
        let m = try FeedMapping.parse("column \"a = b\" = extra.a_b\nCOLUMN 2=extra.second\nconstant extra.note = x = y")
        #expect(m.columns.map(\.reference) == [.name("a = b"), .position(2)])
        #expect(m.constants == [FeedMapping.Constant(field: "extra.note", value: "x = y")])
    }

    @Test func timePatterns() throws {
        let apache = try FeedTimePattern("%d/%b/%Y:%H:%M:%S %z")
        #expect(apache.seconds(Array("22/Nov/2026:14:15:00 +0400".utf8)[...]) == 1_795_342_500)
        #expect(apache.seconds(Array("22/November/2026:10:15:00 Z".utf8)[...]) == 1_795_342_500)
        #expect(apache.seconds(Array("22/Nox/2026:10:15:00 Z".utf8)[...]) == nil)
        let european = try FeedTimePattern("%d.%m.%Y %H:%M")
        #expect(european.seconds(Array("22.11.2026  14:15".utf8)[...], defaultOffset: 14_400) == 1_795_342_500)
        #expect(european.seconds(Array("31.11.2026 14:15".utf8)[...]) == nil)
        #expect(european.seconds(Array("22.11.2026 14:15 extra".utf8)[...]) == nil)
        let fraction = try FeedTimePattern("%Y%m%dT%H%M%S.%f")
        #expect(fraction.seconds(Array("20261122T101500.25".utf8)[...]) == 1_795_342_500.25)
        #expect(throws: FeedTimePattern.Invalid.self) { try FeedTimePattern("%Y-%m-%d %Y") }
    }

    @Test func timeFormats() throws {
        var m = FeedMapping()
        m.timeFormat = .unix
        #expect(m.seconds("1795342500") == 1_795_342_500)
        #expect(m.seconds("1795342500.5") == 1_795_342_500.5)
        #expect(m.seconds("soon") == nil)
        m.timeFormat = .unixMilliseconds
        #expect(m.seconds("1795342500250") == 1_795_342_500.25)
        m.timeFormat = .auto
        m.timezoneOffset = 14_400
        #expect(m.seconds("2026-11-22 14:15:00") == 1_795_342_500)
        #expect(m.seconds("2026-11-22T10:15:00Z") == 1_795_342_500)
        #expect(m.seconds("2026-11-22T12:15:00+02:00") == 1_795_342_500)
        #expect(m.seconds("2026-11-22 10:15:00 UTC") == 1_795_342_500)
        #expect(m.seconds("Sun, 22 Nov 2026 10:15:00 GMT") == 1_795_342_500)
    }
}

// MARK: - Mapped CSV

@Suite("Mapped CSV parser")
struct MappedCSVParserTests {
    static let csv = """
        Hesabat: CERT-XY botnet, 2026-11-22
        Zaman;IP;Port;Zərərli proqram;ASN;Şəbəkə;Domen
        # sinkhole 3 was down 02:00-03:00
        22.11.2026 14:15:00;192.0.2.10;8080;Mirai;AS64500;192.0.2.0/24;Host.Example.AZ
        22.11.2026 14:16:00;2001:DB8::1;;Mozi;64501;2001:db8::/32;

        """

    static func parser(_ config: String = FeedMappingTests.config) throws -> MappedCSVParser {
        MappedCSVParser(mapping: try FeedMapping.parse(config), now: now)
    }

    @Test func readsRowsAsTheMappingSays() throws {
        let (events, problems) = parsed(try Self.parser(), Self.csv)
        #expect(problems.isEmpty)
        #expect(events.first?.fields == [
            "time.source": "2026-11-22T10:15:00+00:00",
            "source.ip": "192.0.2.10",
            "source.port": "8080",
            "malware.name": "mirai",
            "source.asn": "64500",
            "source.network": "192.0.2.0/24",
            "source.fqdn": "host.example.az",
            "feed.name": "CERT-XY Botnet",
            "feed.provider": "CERT-XY",
            "classification.taxonomy": "malicious-code",
            "classification.type": "infected-system",
            "extra.original_type": "botnet drone",
        ])
        #expect(events.last?["source.ip"] == "2001:db8::1")
        #expect(events.last?["source.port"] == nil && events.last?["source.fqdn"] == nil)
        #expect(events.last?["source.network"] == "2001:db8::/32")
    }

    @Test func badRowsBecomeProblems() throws {
        var bytes = Array("""
            Hesabat: CERT-XY botnet, 2026-11-22
            Zaman;IP;Port;Zərərli proqram;ASN;Şəbəkə;Domen
            22.11.2026 14:15:00;192.0.2.1;70000;Mirai;AS64500;192.0.2.0/24;a.example.az
            22.11.2026 14:15:00;999.1.1.1;80;Mirai;AS64500;192.0.2.0/24;a.example.az
            01.06.2027 14:15:00;192.0.2.3;80;Mirai;AS64500;192.0.2.0/24;a.example.az
            22.11.2026 14:15:00,192.0.2.4,80,Mirai,AS64500,192.0.2.0/24,a.example.az
            22.11.2026 14:15:00;192.0.2.5;80;"Mirai"x;AS64500;192.0.2.0/24;a.example.az
            22.11.2026 14:15:00;;80;Mirai;AS64500;192.0.2.0/24;a.example.az
            32.11.2026 14:15:00;192.0.2.7;80;Mirai;AS64500;192.0.2.0/24;a.example.az
            22.11.2026 14:15:00;192.0.2.8;80;Mirai;AS64500;192.0.2.0/33;a.example.az
            22.11.2026 14:15:00;192.0.2.9;80;Mirai;ASX;192.0.2.0/24;a.example.az
            22.11.2026 14:15:00;192.0.2.10;80;Mirai;AS64500;192.0.2.0/24;-bad-.example.az
            22.11.2026 14:15:00;192.0.2.11;80;Mirai;AS64500;192.0.2.0/24;a.example.az

            """.utf8)
        bytes += Array("22.11.2026 14:15:00;192.0.2.12;80;Mi".utf8) + [0xFF] + Array("rai;AS64500;192.0.2.0/24;a.example.az\n".utf8)
        bytes += Array("22.11.2026 14:15:00;192.0.2.13;80".utf8)  // truncated
        let (events, problems) = try Self.parser().parseAll(bytes)
        #expect(events.map { $0["source.ip"] } == ["192.0.2.11"])
        try #require(summary(problems) == [
            "3 ingest.invalid_port", "4 ingest.invalid_ip", "5 ingest.future_time", "6 ingest.column_count",
            "7 ingest.broken_quoting", "8 ingest.missing_field", "9 ingest.invalid_time", "10 ingest.invalid_network",
            "11 ingest.invalid_number", "12 ingest.invalid_domain", "14 ingest.invalid_utf8", "15 ingest.column_count",
        ])
        #expect(problems[0].detail == "column 3 = \"70000\" is not a port (0–65535)")
        #expect(problems[1].detail.contains("column \"ip\"") && problems[1].detail.contains("999.1.1.1"))
        #expect(problems[3].detail.contains("1 fields, the header has 7"))
        #expect(problems[5].detail.contains("source.ip"))
        #expect(problems[3].raw == "\"22.11.2026 14:15:00,192.0.2.4,80,Mirai,AS64500,192.0.2.0/24,a.example.az\"")
        expectSameInPieces(try Self.parser(), bytes)
    }

    @Test func missingHeaderColumnIsReportedOnce() throws {
        let text = "skipped\nZaman;IP;Port\n22.11.2026 14:15:00;192.0.2.1;80\n22.11.2026 14:15:00;192.0.2.2;81\n"
        let (events, problems) = parsed(try Self.parser(), text)
        try #require(summary(problems) == ["2 ingest.missing_field"])
        #expect(problems.first?.detail.contains("\"Zərərli proqram\" (for malware.name)") == true)
        #expect(events.map { $0["source.port"] } == ["80", "81"])
        #expect(events.allSatisfy { $0["malware.name"] == nil })
    }

    @Test func withoutHeaderUnixTimesAndPerRowTypes() throws {
        let config = """
            header = no
            time_format = unix
            column 1 = time.source
            column 2 = source.ip
            column 3 = classification.type
            column 4 = source.url
            """
        let text = """
            1795342500,192.0.2.1,scanner,
            1795342500,192.0.2.2,teapot,
            1795342500,192.0.2.3,Blacklist,hxxp://bad.example.com/x
            1795342500,192.0.2.4,scanner,not a url
            1795342500,192.0.2.5,scanner

            """
        let (events, problems) = parsed(try Self.parser(config), text)
        try #require(events.count == 2)
        #expect(events[0]["classification.taxonomy"] == "information-gathering")
        #expect(events[0]["time.source"] == "2026-11-22T10:15:00+00:00")
        // classification.type is lower-cased as a value before it is classified.
        #expect(events[1]["classification.type"] == "other" && events[1]["extra.original_type"] == "blacklist")
        #expect(events[1]["source.url"] == "http://bad.example.com/x")
        try #require(summary(problems) == ["2 ingest.unknown_type", "4 ingest.invalid_url", "5 ingest.column_count"])
        #expect(problems[0].detail.contains("teapot"))
    }

    @Test func autoDelimiterLooksPastSkippedLinesAndComments() throws {
        let config = "skip = 2\ncomment = //\ncolumn IP = source.ip\ncolumn when = time.source"
        let text = "Report, generated, by, hand\nanother, preamble, line\n// a, comment, too\nIP\twhen\n192.0.2.1\t2026-11-22 10:15:00\n"
        let parser = try Self.parser(config)
        let (events, problems) = parsed(parser, text)
        #expect(problems.isEmpty)
        #expect(events.first?["source.ip"] == "192.0.2.1")
        expectSameInPieces(parser, Array(text.utf8))
    }

    @Test func emptyFilesAndHeaderOnly() throws {
        #expect(summary(parsed(try Self.parser(), "").problems) == ["1 ingest.empty_file"])
        #expect(summary(parsed(try Self.parser(), "skipped line\n# only a comment\n").problems) == ["1 ingest.empty_file"])
        let headerOnly = parsed(try Self.parser(), "skipped\nZaman;IP;Port;Zərərli proqram;ASN;Şəbəkə;Domen\n")
        #expect(headerOnly.events.isEmpty && headerOnly.problems.isEmpty)
    }

    @Test func piecesGiveTheSameOutcomes() throws {
        expectSameInPieces(try Self.parser(), Array(Self.csv.utf8))
    }
}

// MARK: - IntelMQ JSON lines

@Suite("IntelMQ JSON lines parser")
struct IntelMQJSONParserTests {
    static let sample = #"""
        {"__type": "Event", "feed.accuracy": 100.0, "feed.name": "Spamhaus CERT", "feed.provider": "Spamhaus", "time.observation": "2026-11-22T10:20:01.123456+00:00", "time.source": "2026-11-22T10:15:00+00:00", "source.ip": "192.0.2.55", "source.port": 4431, "source.asn": 64500, "source.geolocation.cc": "az", "classification.taxonomy": "malicious code", "classification.type": "infected-system", "malware.name": "Mirai", "protocol.transport": "TCP", "extra.destination.local_port": 23, "extra.flags": ["syn", "ack"], "source.tor_node": false, "raw": "MTkyLjAuMi41NQ=="}

        {"source": {"ip": "2001:db8::5", "geolocation": {"cc": "AZ"}, "fqdn": "Mail.Example.AZ."}, "classification": {"type": "c2server"}, "time": {"source": "2026-11-22 09:00:00"}, "extra": {"reason": "sinkhole", "meta": {"hits": 3, "ok": true}}}
        {"source.url": "hxxp://bad.example.com/x", "classification.type": "phishing", "extra": "{\"campaign\": \"Q4 \\u00e7\"}", "comment": null, "event_description.text": "Bakı \ud83d\ude00"}
        """#

    @Test func readsFlatAndHierarchicalEvents() throws {
        let (events, problems) = parsed(IntelMQJSONParser(now: now), Self.sample)
        #expect(problems.isEmpty, "\(problems)")
        try #require(events.count == 3)
        #expect(events.first?.fields == [
            "feed.accuracy": "100",
            "feed.name": "Spamhaus CERT",
            "feed.provider": "Spamhaus",
            "time.observation": "2026-11-22T10:20:01.123456+00:00",
            "time.source": "2026-11-22T10:15:00+00:00",
            "source.ip": "192.0.2.55",
            "source.port": "4431",
            "source.asn": "64500",
            "source.geolocation.cc": "AZ",
            "classification.taxonomy": "malicious-code",
            "classification.type": "infected-system",
            "malware.name": "mirai",
            "protocol.transport": "tcp",
            "extra.destination.local_port": "23",
            "extra.flags": #"["syn","ack"]"#,
            "source.tor_node": "false",
            "raw": "MTkyLjAuMi41NQ==",
        ])
        #expect(events[1].fields == [
            "source.ip": "2001:db8::5",
            "source.geolocation.cc": "AZ",
            "source.fqdn": "mail.example.az",
            "classification.type": "c2-server",
            "classification.taxonomy": "malicious-code",
            "extra.original_type": "c2server",
            "time.source": "2026-11-22T09:00:00+00:00",
            "extra.reason": "sinkhole",
            "extra.meta": #"{"hits":3,"ok":true}"#,
        ])
        #expect(events[2].fields == [
            "source.url": "http://bad.example.com/x",
            "classification.type": "phishing",
            "classification.taxonomy": "fraud",
            "extra.campaign": "Q4 ç",
            "event_description.text": "Bakı 😀",
        ])
    }

    @Test func eventsKeepTheirLineNumbersAcrossBlankLines() {
        let lines = outcomes(IntelMQJSONParser(now: now), Array(Self.sample.utf8)).compactMap { o -> Int? in
            if case .event(_, let line) = o { return line }
            return nil
        }
        #expect(lines == [1, 3, 4])
    }

    @Test func badLinesBecomeProblems() throws {
        var bytes = Array(#"""
            {"source.ip": "192.0.2.1", "classification.type": "scanner"}
            {"source.ip": "999.1.1.1"}
            {"source.port": 70000}
            {"source.ipaddress": "192.0.2.1"}
            {"source.ip": "192.0.2.1", "classifi
            [1, 2]
            {"time.source": "2027-06-01T00:00:00+00:00"}
            {"classification.type": "teapot"}
            {"source": {"nosuch": 1}}
            {}
            {"source.network": "10.0.0.0/33"}
            {"classification.taxonomy": "vulnerable", "classification.type": "phishing"}
            {"source.ip": "192.0.2.1"} trailing
            {"time.source": "yesterday"}
            {"extra": [1]}

            """#.utf8)
        bytes += Array(#"{"comment": ""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8) + [0x0A]
        bytes += Array(#"{"source.ip": "192.0.2.99"}"#.utf8)
        let (events, problems) = IntelMQJSONParser(now: now).parseAll(bytes)
        try #require(events.map { $0["source.ip"] } == ["192.0.2.1", nil, "192.0.2.99"])
        #expect(events[1]["classification.taxonomy"] == "fraud" && events[1]["extra.original_taxonomy"] == "vulnerable")
        try #require(summary(problems) == [
            "2 ingest.invalid_ip", "3 ingest.invalid_port", "4 ingest.unknown_field", "5 ingest.invalid_json",
            "6 ingest.invalid_json", "7 ingest.future_time", "8 ingest.unknown_type", "9 ingest.unknown_field",
            "10 ingest.missing_field", "11 ingest.invalid_network", "13 ingest.invalid_json", "14 ingest.invalid_time",
            "15 ingest.invalid_json", "16 ingest.invalid_utf8",
        ])
        #expect(problems[2].detail.contains("\"source.ipaddress\""))
        #expect(problems[7].detail.contains("\"source.nosuch\""))
        #expect(problems[3].raw == #"{"source.ip": "192.0.2.1", "classifi"#)
        expectSameInPieces(IntelMQJSONParser(now: now), bytes)
    }

    @Test func jsonReaderFollowsTheGrammar() throws {
        func parse(_ s: String) throws(FeedJSON.SyntaxError) -> FeedJSON { try FeedJSON.parse(Array(s.utf8)[...]) }
        #expect(try parse(#" {"a": [1, -0.5, 2e3, true, null, "x\n\"y\""]} "#)
            == .object([("a", .array([.number("1"), .number("-0.5"), .number("2e3"), .bool(true), .null, .string("x\n\"y\"")]))]))
        for bad in ["{", "01", "1.", "-", "\"\\x\"", "\"\\ud800\"", "{\"a\" 1}", "[1,]", "nul", "\"a\tb\"", "{} {}",
                    String(repeating: "[", count: 70) + String(repeating: "]", count: 70)] {
            #expect(throws: FeedJSON.SyntaxError.self, "\(bad)") { try parse(bad) }
        }
        #expect(FeedJSON.decimalText("2.5e1") == "25")
        #expect(FeedJSON.decimalText("1.5") == "1.5")
        #expect(FeedJSON.decimalText("12345678901234567890") == "12345678901234567890")
        #expect(FeedJSON.object([("k", .string("a\"b\u{1}"))]).jsonText == #"{"k":"a\"b\u0001"}"#)
    }

    @Test func emptyFile() {
        #expect(summary(parsed(IntelMQJSONParser(now: now), " \n\n").problems) == ["1 ingest.empty_file"])
    }

    @Test func piecesGiveTheSameOutcomes() {
        expectSameInPieces(IntelMQJSONParser(now: now), Array(Self.sample.utf8))
    }
}

// MARK: - Field values

@Suite("Feed field values")
struct FeedFieldsTests {
    @Test func kindsFollowTheFieldName() {
        #expect(FeedFields.kind(of: "destination.ip") == .ip)
        #expect(FeedFields.kind(of: "source.local_ip") == .ip)
        #expect(FeedFields.kind(of: "destination.port") == .port)
        #expect(FeedFields.kind(of: "source.asn") == .asn)
        #expect(FeedFields.kind(of: "destination.network") == .network)
        #expect(FeedFields.kind(of: "source.fqdn") == .fqdn)
        #expect(FeedFields.kind(of: "source.url") == .url)
        #expect(FeedFields.kind(of: "time.observation") == .time)
        #expect(FeedFields.kind(of: "extra.source.ip") == .text)
        #expect(FeedFields.kind(of: "source.geolocation.cc") == .countryCode)
    }

    @Test func normalisesValues() {
        func n(_ text: String, _ field: String) -> FeedFields.Value {
            FeedFields.normalise(text, kind: FeedFields.kind(of: field), label: field)
        }
        #expect(n(" 2001:DB8:0:0::1 ", "source.ip") == .value("2001:db8::1"))
        #expect(n("AS64500", "source.asn") == .value("64500"))
        #expect(n("as1.10", "source.asn") == .value("65546"))
        #expect(n("0", "source.asn") == .none)
        #expect(n("10.1.2.3/8", "source.network") == .value("10.0.0.0/8"))
        #expect(n("BAKI.az.", "source.fqdn") == .value("baki.az"))
        #expect(n("Host_1.Example.AZ.", "source.reverse_dns") == .value("host_1.example.az"))
        #expect(n("tlp:amber+strict", "tlp") == .value("AMBER+STRICT"))
        #expect(n("white", "tlp") == .value("CLEAR"))
        #expect(n("ripencc", "source.registry") == .value("RIPE"))
        #expect(n("", "source.ip") == .none)
        #expect(n("1", "source.tor_node") == .value("true"))
        #expect(n("52.5", "source.geolocation.latitude") == .value("52.5"))
        guard case .invalid(let key, let detail) = n("65536", "destination.port") else { Issue.record("accepted"); return }
        #expect(key == "ingest.invalid_port" && detail.contains("destination.port") && detail.contains("65536"))
        guard case .invalid(let k2, _) = n("Azerbaijan", "source.geolocation.cc") else { Issue.record("accepted"); return }
        #expect(k2 == "ingest.invalid_value")
    }

    @Test func networksAreCanonical() {
        #expect(FeedFields.canonicalNetwork("192.0.2.0/24") == "192.0.2.0/24")
        #expect(FeedFields.canonicalNetwork("192.0.2.77/24") == "192.0.2.0/24")
        #expect(FeedFields.canonicalNetwork("0.0.0.0/0") == "0.0.0.0/0")
        #expect(FeedFields.canonicalNetwork(" 192.0.2.0/24") == "192.0.2.0/24")
        #expect(FeedFields.canonicalNetwork("2001:DB8::1/32") == "2001:db8::/32")
        for bad in ["256.0.0.0/8", "192.0.2.0/33", "010.0.0.0/8", "192.0.2/24", "192.0.2.0/", "/24", "x/8"] {
            #expect(FeedFields.canonicalNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test func urlsAreSplitByHand() throws {
        let u = try #require(FeedURL("  hxxps://user:pw@[2001:db8::1]:8443/a?b#c "))
        #expect(u.text == "https://user:pw@[2001:db8::1]:8443/a?b#c")
        #expect(u.ip == "2001:db8::1" && u.port == 8443 && u.fqdn == nil)
        let d = try #require(FeedURL("http://Bakı.az/x"))
        #expect(d.fqdn == "xn--bak-lua.az" && d.ip == nil && d.port == nil)
        for bad in ["example.com/x", "http://", "http://:80/", "http://h:99999/", "http://h:8o/", "1http://h/", "http://a b\u{1}/"] {
            #expect(FeedURL(bad) == nil, "\(bad)")
        }
    }

    @Test func everyShadowserverFieldIsKnown() throws {
        let schema = try ShadowserverFixture.load()
        var unknown: Set<String> = []
        for r in schema.reports {
            for m in r.required + r.optional where !m.field.isEmpty && !FeedFields.isKnown(m.field) { unknown.insert(m.field) }
            for c in r.constants where !FeedFields.isKnown(c.field) { unknown.insert(c.field) }
        }
        #expect(unknown.isEmpty, "\(unknown.sorted())")
        #expect(!FeedFields.isKnown("source.ipaddress") && !FeedFields.isKnown("extra."))
    }
}

// MARK: - Classification

@Suite("Feed classifier")
struct FeedClassifierTests {
    func classify(_ fields: [String: String]) throws(FeedClassifier.Rejection) -> [String: String] {
        var e = FeedEvent(fields: fields)
        try FeedClassifier.classify(&e)
        return e.fields
    }

    @Test func everyRSITTypeGetsItsClass() throws {
        for c in Taxonomy.classes {
            for t in c.types {
                #expect(try classify(["classification.type": t]) == ["classification.type": t, "classification.taxonomy": c.key])
            }
        }
    }

    @Test(arguments: [
        ("blacklist", "other", "other"),
        ("malware", "malicious-code", "malware-distribution"),
        ("tor", "other", "other"),
        ("proxy", "other", "other"),
        ("dga-domain", "malicious-code", "c2-server"),
        ("dga domain", "malicious-code", "c2-server"),
        ("unknown", "other", "undetermined"),
        ("c2server", "malicious-code", "c2-server"),
        ("c&c", "malicious-code", "c2-server"),
        ("botnet drone", "malicious-code", "infected-system"),
        ("infected system", "malicious-code", "infected-system"),
        ("ransomware", "malicious-code", "infected-system"),
        ("malware configuration", "malicious-code", "malware-configuration"),
        ("ids alert", "intrusion-attempts", "ids-alert"),
        ("vulnerable service", "vulnerable", "vulnerable-system"),
        ("vulnerable client", "vulnerable", "vulnerable-system"),
        ("leak", "information-content-security", "data-leak"),
        ("compromised", "intrusions", "system-compromise"),
        ("backdoor", "intrusions", "system-compromise"),
        ("unauthorized-login", "intrusions", "system-compromise"),
        ("defacement", "information-content-security", "unauthorised-information-modification"),
        ("dropzone", "other", "other"),
        ("unauthorized-use-of-resources", "fraud", "unauthorised-use-of-resources"),
        ("Unauthorised-information-access", "information-content-security", "unauthorised-information-access"),
    ])
    func mapsNonRSITTypes(given: String, taxonomy: String, type: String) throws {
        #expect(try classify(["classification.type": given]) == [
            "classification.type": type, "classification.taxonomy": taxonomy, "extra.original_type": given,
        ])
    }

    @Test func everyMappedTargetIsRSITAndNoMappedNameIsRSIT() {
        for (name, target) in FeedClassifier.mapped {
            #expect(Classification(className: target.taxonomy, type: target.type) != nil, "\(name)")
            #expect(FeedClassifier.rsit[name] == nil, "\(name) is RSIT already")
        }
    }

    @Test func theTypeWinsOverAWrongTaxonomy() throws {
        #expect(try classify(["classification.type": "phishing", "classification.taxonomy": "vulnerable"]) == [
            "classification.type": "phishing", "classification.taxonomy": "fraud", "extra.original_taxonomy": "vulnerable",
        ])
        // IntelMQ 2.x spelling of the right class: corrected silently.
        #expect(try classify(["classification.type": "c2-server", "classification.taxonomy": "malicious code"]) == [
            "classification.type": "c2-server", "classification.taxonomy": "malicious-code",
        ])
    }

    @Test func unknownTypesAndTaxonomiesAreRefused() throws {
        #expect(throws: FeedClassifier.Rejection.self) { try classify(["classification.type": "teapot"]) }
        #expect(throws: FeedClassifier.Rejection.self) { try classify(["classification.taxonomy": "teapots"]) }
        do {
            _ = try classify(["classification.type": "teapot", "source.ip": "192.0.2.1"])
        } catch {
            #expect(error.key == "ingest.unknown_type")
            #expect(error.detail.contains("teapot"))
        }
    }

    @Test func aTaxonomyAloneAndNothingAtAll() throws {
        #expect(try classify(["classification.taxonomy": "Information Gathering"]) == ["classification.taxonomy": "information-gathering"])
        #expect(try classify(["source.ip": "192.0.2.1"]) == ["source.ip": "192.0.2.1"])
    }

    @Test func everyShadowserverTypeResolves() throws {
        let schema = try ShadowserverFixture.load()
        for r in schema.reports {
            guard let type = r.constants.first(where: { $0.field == "classification.type" })?.value else { continue }
            let target = FeedClassifier.resolve(type: type)
            #expect(target != nil, "\(r.name): \(type)")
            if let given = r.constants.first(where: { $0.field == "classification.taxonomy" })?.value,
               FeedClassifier.rsit[type] != nil {
                #expect(target?.taxonomy == given, "\(r.name)")
            }
        }
    }

    @Test func abuseCHAndSpamhausEventsAreAlreadyClassified() throws {
        let samples: [(any FeedParser, String)] = [
            (URLhausParser(now: now), URLhausParserTests.sample), (FeodoParser(now: now), FeodoParserTests.sample),
            (ThreatFoxParser(now: now), ThreatFoxParserTests.sample), (SpamhausDROPParser(now: now), SpamhausDROPParserTests.text),
        ]
        for (parser, text) in samples {
            for e in parser.parseAll(Array(text.utf8)).events {
                var again = e
                try FeedClassifier.classify(&again)
                #expect(again == e)
            }
        }
    }
}

// MARK: - Formats

@Suite("Feed formats")
struct FeedFormatTests {
    @Test(arguments: [
        ("2026-11-22-scan_http-azerbaijan-geo.csv", "", FeedFormat.shadowserver),
        ("/in/2026-11-22-event4_sinkhole_http-azerbaijan-geo.csv.gz", "", .shadowserver),
        ("urlhaus_csv_recent.csv", "", .urlhaus),
        ("csv_recent.txt", "#####\n# abuse.ch URLhaus Database Dump (CSV - recent URLs) #\n", .urlhaus),
        ("ipblocklist.csv", "", .feodo),
        ("download.csv", "# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)\n", .feodo),
        ("threatfox-full.csv", "", .threatfox),
        ("export.csv", "# ThreatFox IOCs: CSV export\n", .threatfox),
        ("drop.txt", "", .spamhausDROP),
        ("EDROP.txt", "", .spamhausDROP),
        ("drop_v4.json", "{\"cidr\":\"1.10.16.0/20\"}", .spamhausDROP),
        ("spamhaus_drop_v6.json", "", .spamhausDROP),
        ("list.txt", "; Spamhaus DROP List 2024/11/20\n", .spamhausDROP),
        ("feed.json", "\u{FEFF}\n {\"cidr\":\"1.10.16.0/20\",\"sblid\":\"SBL1\"}\n", .spamhausDROP),
        ("events.jsonl", "", .intelmq),
        ("upload.bin", "{\"source.ip\": \"192.0.2.1\"}\n", .intelmq),
        ("events.json", "{\"source.ip\": \"192.0.2.1\", \"comment\": \"cidr\"}", .intelmq),
    ])
    func guessesFromNameAndContent(name: String, head: String, expected: FeedFormat) {
        #expect(FeedFormat.guess(fileName: name, firstBytes: Array(head.utf8)) == expected)
    }

    @Test func guessesNothingWhenNothingTells() throws {
        for name in ["data.csv", "dropbox-export.csv", "airdrop.txt", "2026-11-22.csv", "report.txt"] {
            #expect(FeedFormat.guess(fileName: name, firstBytes: Array("a,b\n1,2\n".utf8)) == nil, "\(name)")
        }
        #expect(throws: FeedFormat.Failure.unknownFormat(file: "data.csv")) {
            try FeedFormat.guessOrThrow(fileName: "data.csv", firstBytes: [])
        }
    }

    @Test func makesTheRightParser() throws {
        let schema = try ShadowserverFixture.load()
        let s = try FeedFormat.parser(format: .shadowserver, fileName: "2026-11-22-scan_http-azerbaijan-geo.csv", schema: schema, now: now)
        #expect((s as? ShadowserverParser)?.report.fileName == "scan_http")
        let named = try FeedFormat.parser(format: .shadowserver, fileName: "upload.csv", schema: schema, report: "scan_http", now: now)
        #expect((named as? ShadowserverParser)?.report.name == "scan_http")
        let drop = try FeedFormat.parser(format: .spamhausDROP, fileName: "edrop.txt", now: now)
        #expect((drop as? SpamhausDROPParser)?.list == .edrop)
        #expect(try FeedFormat.parser(format: .urlhaus, fileName: "x", now: now) is URLhausParser)
        #expect(try FeedFormat.parser(format: .feodo, fileName: "x", now: now) is FeodoParser)
        #expect(try FeedFormat.parser(format: .threatfox, fileName: "x", now: now) is ThreatFoxParser)
        #expect(try FeedFormat.parser(format: .intelmq, fileName: "x", now: now) is IntelMQJSONParser)
        let mapping = try FeedMapping.parse("column 1 = source.ip")
        #expect(try FeedFormat.parser(format: .csv, fileName: "x", mapping: mapping, now: now) is MappedCSVParser)
    }

    @Test func failuresNameTheFile() throws {
        let schema = try ShadowserverFixture.load()
        #expect(throws: FeedFormat.Failure.noSchema(file: "a.csv")) {
            try FeedFormat.parser(format: .shadowserver, fileName: "a.csv")
        }
        #expect(throws: FeedFormat.Failure.unknownReport(file: "2026-11-22-scan_teapot-az.csv", type: "scan_teapot")) {
            try FeedFormat.parser(format: .shadowserver, fileName: "2026-11-22-scan_teapot-az.csv", schema: schema)
        }
        #expect(throws: FeedFormat.Failure.unknownReport(file: "a.csv", type: "teapot")) {
            try FeedFormat.parser(format: .shadowserver, fileName: "a.csv", schema: schema, report: "teapot")
        }
        #expect(throws: FeedFormat.Failure.noMapping(file: "b.csv")) { try FeedFormat.parser(format: .csv, fileName: "b.csv") }
        for failure in [FeedFormat.Failure.noSchema(file: "a.csv"), .unknownReport(file: "a.csv", type: "t"),
                        .noMapping(file: "a.csv"), .unknownFormat(file: "a.csv")] {
            #expect(failure.description.hasPrefix("a.csv: "), "\(failure)")
            #expect(failure.values["file"] == "a.csv")
        }
    }

    @Test func formatNames() throws {
        #expect(try FeedFormat.named("spamhaus-drop") == .spamhausDROP)
        #expect(try FeedFormat.named(" EDROP ") == .spamhausDROP)
        #expect(try FeedFormat.named("jsonl") == .intelmq)
        #expect(try FeedFormat.named("ThreatFox") == .threatfox)
        #expect(throws: FeedFormat.Failure.unknownFormatName("xml")) { try FeedFormat.named("xml") }
        #expect(FeedFormat.Failure.unknownFormatName("xml").description.contains("spamhaus-drop"))
    }
}

// MARK: - Catalog

@Suite("Feed message catalog")
struct FeedCatalogTests {
    static let errors: [(key: String, values: [String: String])] = {
        var list: [(key: String, values: [String: String])] = [
            FeedFormat.Failure.noSchema(file: "upload-1.csv"), .unknownReport(file: "upload-2.csv", type: "scan_teapot"),
            .noMapping(file: "upload-3.csv"), .unknownFormat(file: "upload-4.bin"), .unknownFormatName("xml"),
        ].map { ($0.key, $0.values) }
        let mappingError = FeedMapping.Error(line: 7, message: "\"source.ipp\" is not a harmonisation field")
        list.append((mappingError.key, mappingError.values))
        return list
    }()

    @Test func catalogHasEveryProblemAndErrorKey() {
        let keys = FeedFormat.allCases.flatMap(\.problemKeys) + [FeedClassifier.problemKey]
            + URLhausParser.problemKeys + FeodoParser.problemKeys + ThreatFoxParser.problemKeys
            + SpamhausDROPParser.problemKeys + MappedCSVParser.problemKeys + IntelMQJSONParser.problemKeys
            + Self.errors.map(\.key)
        for language in Language.allCases {
            let l = Localizer(language)
            for key in Set(keys) { #expect(l.has(key), "\(language) \(key)") }
        }
    }

    @Test func errorTextsUseOnlyTheValuesGiven() {
        for language in Language.allCases {
            let l = Localizer(language)
            for (key, values) in Self.errors {
                let text = l.t(key, values)
                #expect(!text.contains("{") && !text.contains("}"), "\(language) \(key): \(text)")
                for v in values.values { #expect(text.contains(v), "\(language) \(key) lacks \(v)") }
            }
        }
    }
}
