import Foundation
import Testing
import QalxanCore
@testable import QalxanFormats

@Suite("Constituency CSV")
struct ConstituencyCSVTests {
    static let header = ConstituencyCSV.columns.joined(separator: ",")

    /// A file with the documented header and `rows`.
    func read(_ rows: [String]) -> ImportBatch {
        ConstituencyCSV.read(utf8(([Self.header] + rows).joined(separator: "\n")))
    }

    func keys(_ batch: ImportBatch) -> [String] { batch.problems.map(\.key) }

    func withoutLines(_ orgs: [ImportedOrganisation]) -> [ImportedOrganisation] {
        orgs.map { org in
            var o = org
            o.line = 0
            o.contacts = o.contacts.map { var c = $0; c.line = 0; return c }
            return o
        }
    }

    func sample() throws -> [UInt8] {
        Array(try Data(contentsOf: packageFile("docs/constituency-sample.csv")))
    }

    @Test("The sample file reads without problems")
    func sampleFile() throws {
        let batch = ConstituencyCSV.read(try sample())
        #expect(batch.problems == [])
        #expect(batch.organisations.map(\.key) == ["az-edunet", "genclik-bank", "genclik-lizinq", "sumqayit-su", "ganja-hospital",
                                                   "digital-agency", "shusha-soft", "caspian-csirt"])
        let edunet = batch.organisations[0]
        #expect(edunet.nameAz == "AzEduNet Elm və Təhsil Şəbəkəsi")
        #expect(edunet.sector == "education_research")
        #expect(edunet.languages == ["az", "en"])
        #expect(edunet.encryptedMail == true)
        #expect(edunet.networks == ["192.0.2.0/25", "AS64496", "edunet.example.az"])
        #expect(edunet.contacts.map(\.name) == ["Şəbəkə təhlükəsizliyi qrupu", "Rüstəm Əliyev"])
        #expect(edunet.contacts[0].phone == "+994 12 555 01 01")
        #expect(edunet.contacts[0].primary && !edunet.contacts[1].primary)
        #expect(edunet.contacts[1].role == "technical")
        #expect(edunet.contacts.map(\.line) == [2, 3])
        let bank = batch.organisations[1]
        #expect(bank.networks == ["198.51.100.0/25", "2001:db8:100::/48", "AS64497", "genclikbank.example.az"])
        #expect(batch.organisations[2].parentKey == "genclik-bank")
        #expect(batch.organisations[2].notification == "daily")
        let water = batch.organisations[3]
        #expect(water.notes == "SCADA şəbəkəsi ayrıdır.\nGecə növbəsi: \"Dispetçer\" xidməti.")
        #expect(batch.organisations[4].line == 9)
        #expect(batch.organisations[6].kind == "vendor")
        #expect(batch.organisations[6].sector == "it_software")
        #expect(batch.organisations[7].kind == "partner_cert")
        #expect(batch.organisations[7].country == "GE")
        #expect(batch.organisations[7].sector == "")
    }

    @Test("Writing and reading again gives the same organisations")
    func roundTrip() throws {
        let first = ConstituencyCSV.read(try sample()).organisations
        let written = ConstituencyCSV.write(first)
        let again = ConstituencyCSV.read(utf8(written))
        #expect(again.problems == [])
        #expect(withoutLines(again.organisations) == withoutLines(first))
        #expect(ConstituencyCSV.read(utf8(ConstituencyCSV.write(again.organisations))) == again)
        #expect(ConstituencyCSV.write(again.organisations) == written)
    }

    @Test("Reading twice gives the same batch")
    func idempotent() throws {
        let bytes = try sample() + utf8("\nbroken,,vendor\nx,y,,kind?\n")
        #expect(ConstituencyCSV.read(bytes) == ConstituencyCSV.read(bytes))
    }

    @Test("The writer puts a BOM and the header first, one row per contact, networks on the first")
    func writerLayout() {
        let org = ImportedOrganisation(key: "k", nameEn: "K", contacts: [ImportedContact(email: "a@example.az"), ImportedContact(name: "B")],
                                       networks: ["192.0.2.0/24", "AS64496"])
        let bare = ImportedOrganisation(key: "z", nameEn: "Z")
        let lines = ConstituencyCSV.write([org, bare]).components(separatedBy: "\r\n")
        #expect(lines[0] == "\u{FEFF}" + Self.header)
        #expect(lines[1] == "k,K,,constituent,,,,,immediate,,,,a@example.az,,abuse,,no,192.0.2.0/24 AS64496")
        #expect(lines[2] == "k,K,,constituent,,,,,immediate,,,B,,,abuse,,no,")
        #expect(lines[3] == "z,Z,,constituent,,,,,immediate,,,,,,,,,")
        #expect(lines.count == 5 && lines[4].isEmpty)
    }

    @Test("Formula-looking values are guarded in the file and come back as they were")
    func formulas() {
        let org = ImportedOrganisation(key: "=cmd|' /C calc'!A0", nameEn: "@SUM(1+1)", nameAz: "-2+3", notes: "+994 55",
                                       contacts: [ImportedContact(name: "=HYPERLINK(\"http://evil.example\")", phone: "+994 12 555 01 01")])
        let text = ConstituencyCSV.write([org])
        #expect(text.contains("'=cmd") && text.contains("'@SUM") && text.contains("'-2+3") && text.contains("'+994 12"))
        let back = ConstituencyCSV.read(utf8(text))
        #expect(back.problems == [])
        #expect(withoutLines(back.organisations) == [org])
    }

    @Test("Excel in an az locale: semicolons, BOM, CRLF, Windows line ends in quoted notes")
    func excelSemicolons() {
        let text = "\u{FEFF}org_key;name_en;name_az;notes;networks;contact_email\r\n"
            + "ndu;Nakhchivan State University;Naxçıvan Dövlət Universiteti;\"Qeyd; iki\r\nsətir\";192.0.2.0/24, 203.0.113.0/24;abuse@ndu.example.az\r\n"
        let batch = ConstituencyCSV.read(utf8(text))
        #expect(batch.problems == [])
        #expect(batch.organisations.first?.nameAz == "Naxçıvan Dövlət Universiteti")
        #expect(batch.organisations.first?.notes == "Qeyd; iki\r\nsətir")
        #expect(batch.organisations.first?.networks == ["192.0.2.0/24", "203.0.113.0/24"])
        #expect(batch.organisations.first?.contacts.first?.email == "abuse@ndu.example.az")
    }

    @Test("Excel's Unicode text: UTF-16 with tabs")
    func utf16() {
        let text = "org_key\tname_en\tname_az\r\nx\tX\tŞəki\r\n"
        var le: [UInt8] = [0xFF, 0xFE], be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        for bytes in [le, be] {
            let batch = ConstituencyCSV.read(bytes)
            #expect(batch.problems == [])
            #expect(batch.organisations.map(\.nameAz) == ["Şəki"])
        }
    }

    @Test("Columns in any order, names in any case, unknown columns reported once and ignored")
    func columnsByName() {
        let batch = ConstituencyCSV.read(utf8("Name EN,Extra,ORG-KEY,Country,Whatever,\nBank,zzz,b1,az,1,\n"))
        #expect(batch.organisations == [ImportedOrganisation(key: "b1", nameEn: "Bank", country: "AZ", line: 2)])
        #expect(batch.problems == [ImportProblem(line: 1, key: ImportProblem.csvUnknownColumn, detail: "Extra, Whatever")])
    }

    @Test("Without org_key or name_en the whole file is refused", arguments: ["name_en,kind\nX,vendor", "org_key,name_az\nx,X",
                                                                               "org_key\nx"])
    func missingColumn(_ text: String) {
        let batch = ConstituencyCSV.read(utf8(text))
        #expect(batch.organisations.isEmpty)
        #expect(keys(batch) == [ImportProblem.csvMissingColumn])
        #expect(batch.problems[0].line == 1)
    }

    @Test("An empty file, or one with only a byte order mark or blank lines", arguments: [[], [0xEF, 0xBB, 0xBF], utf8("\r\n\n")])
    func empty(_ bytes: [UInt8]) {
        #expect(ConstituencyCSV.read(bytes) == ImportBatch(problems: [ImportProblem(line: 1, key: ImportProblem.csvEmpty, detail: "")]))
    }

    @Test("A header with a broken quote refuses the file")
    func brokenHeader() {
        #expect(keys(ConstituencyCSV.read(utf8("org_key,\"name_en\nx,y"))) == [ImportProblem.csvUnterminatedQuote])
    }

    @Test("A column given twice is read once")
    func duplicateColumn() {
        let batch = ConstituencyCSV.read(utf8("org_key,name_en,name_en\nk,First,Second"))
        #expect(batch.organisations.map(\.nameEn) == ["First"])
        #expect(batch.problems == [ImportProblem(line: 1, key: ImportProblem.csvDuplicateColumn, detail: "name_en")])
    }

    @Test("Rows without org_key or name_en are refused, the others go on")
    func refusedRows() {
        let batch = read([",Nameless Key", "k1,", "k2,Good", "  ,  "])
        #expect(batch.organisations.map(\.key) == ["k2"])
        #expect(batch.problems.map(\.key) == [ImportProblem.missingKey, ImportProblem.missingName])
        #expect(batch.problems.map(\.line) == [2, 3])
        #expect(batch.problems[1].detail == "k1")
    }

    @Test("Rows of empty cells are not records")
    func emptyRows() {
        let batch = ConstituencyCSV.read(utf8("org_key;name_en;kind\n;;\n ; ;\nk;K;\n;;\n"))
        #expect(batch.problems == [])
        #expect(batch.organisations.map(\.line) == [4])
    }

    /// One row with `column` set to `value`.
    func single(_ column: String, _ value: String) -> ImportBatch {
        var fields = Array(repeating: "", count: ConstituencyCSV.columns.count)
        fields[0] = "k"
        fields[1] = "K"
        fields[ConstituencyCSV.columns.firstIndex(of: column)!] = value
        let text = CSVWriter(guardFormulas: false).write([ConstituencyCSV.columns, fields])
        return ConstituencyCSV.read(utf8(text))
    }

    @Test("Each bad value is reported and the field falls back", arguments: [
        ("kind", "ministry", ImportProblem.badKind), ("notification", "hourly", ImportProblem.badNotification),
        ("contact_role", "ceo", ImportProblem.badRole), ("contact_email", "***@ripe", ImportProblem.badEmail),
        ("contact_phone", "call me", ImportProblem.badPhone), ("country", "AZE", ImportProblem.badCountry),
        ("languages", "azeri", ImportProblem.badLanguage), ("contact_languages", "az, russian", ImportProblem.badLanguage),
        ("sector", "Образование", ImportProblem.badSector), ("encrypted_mail", "sometimes", ImportProblem.badBoolean),
        ("contact_primary", "perhaps", ImportProblem.badBoolean), ("networks", "192.0.2.0/33", ImportProblem.badNetwork),
        ("parent_key", "k", ImportProblem.badParent),
    ])
    func badValue(_ column: String, _ value: String, _ key: String) throws {
        let batch = single(column, value)
        #expect(batch.problems.map(\.key) == [key])
        #expect(batch.problems.first?.line == 2)
        let org = try #require(batch.organisations.first)
        #expect(org.kind == "constituent" && org.notification == "immediate" && org.country == "" && org.sector == "")
        #expect(org.languages == [] && org.encryptedMail == nil && org.networks == [] && org.parentKey == "")
        #expect(org.contacts.allSatisfy { $0.role == "abuse" && $0.email == "" && $0.phone == "" && !$0.primary })
    }

    @Test("A bad e-mail leaves a contact with a name, and none without")
    func contactWithoutAddress() {
        let named = read(["k,K,,,,,,,,,,Aysel,not-an-address"])
        #expect(named.organisations[0].contacts == [ImportedContact(name: "Aysel", line: 2)])
        let nameless = read(["k,K,,,,,,,,,,,not-an-address,,technical,,yes"])
        #expect(nameless.organisations[0].contacts == [])
        #expect(keys(nameless) == [ImportProblem.badEmail])
    }

    @Test("Later rows add contacts and networks; different organisation fields are reported and the first kept")
    func laterRows() {
        let batch = read([
            "k,Bank,Bank az,constituent,Finance,AZ,,az,,,,A,a@example.az,,,,yes,192.0.2.0/24",
            "k,Other Bank,,vendor,finance,AZ,,,,,,B,b@example.az,,security,,,198.51.100.0/24 192.0.2.0/24",
            "k,Bank,,,,,,,,,,A,a@example.az,,,,yes,",
        ])
        let org = batch.organisations[0]
        #expect(batch.organisations.count == 1)
        #expect(org.nameEn == "Bank" && org.kind == "constituent" && org.sector == "finance")
        #expect(org.contacts.map(\.email) == ["a@example.az", "b@example.az"])
        #expect(org.networks == ["192.0.2.0/24", "198.51.100.0/24"])
        #expect(batch.problems == [ImportProblem(line: 3, key: ImportProblem.conflict, detail: "name_en: Other Bank"),
                                   ImportProblem(line: 3, key: ImportProblem.conflict, detail: "kind: vendor")])
    }

    @Test("Parents that go round in a loop are cut where the loop closes")
    func parentLoop() {
        let batch = read(["a,A,,,,,b", "b,B,,,,,c", "c,C,,,,,a", "d,D,,,,,a", "e,E,,,,,outside"])
        #expect(batch.organisations.map(\.parentKey) == ["b", "c", "", "a", "outside"])
        #expect(batch.problems == [ImportProblem(line: 4, key: ImportProblem.badParent, detail: "a")])
    }

    @Test("More fields than columns are reported and ignored")
    func extraFields() {
        let batch = ConstituencyCSV.read(utf8("org_key,name_en,kind\nk,Bakı, Dövlət Universiteti,constituent\nj,J,,,\n"))
        #expect(batch.problems.map(\.key) == [ImportProblem.csvExtraFields, ImportProblem.badKind])
        #expect(batch.problems[0].detail == "constituent")
        #expect(batch.organisations.count == 2)
    }

    @Test("A row with a broken quote is refused, the rest of the file imports")
    func brokenQuotes() {
        let batch = read(["a,\"Unclosed", "b,B", "c,\"C\"x", "d,D"])
        #expect(batch.organisations.map(\.key) == ["b", "d"])
        #expect(batch.problems == [ImportProblem(line: 2, key: ImportProblem.csvUnterminatedQuote, detail: "\"Unclosed"),
                                   ImportProblem(line: 4, key: ImportProblem.csvBadQuote, detail: "\"C\"x")])
        let atEnd = read(["b,B", "a,\"never closed"])
        #expect(atEnd.organisations.map(\.key) == ["b"])
        #expect(keys(atEnd) == [ImportProblem.csvUnterminatedQuote])
    }

    @Test("A file that is not UTF-8 is reported once and read as well as it can be")
    func notUTF8() {
        // "Şəki" as a Windows-1254 spreadsheet would save it, with ə unencodable: "?".
        let bytes = utf8(Self.header + "\n") + [0x6B, 0x2C, 0xDE, 0x3F, 0x6B, 0x69, 0x0A] + [0x6A, 0x2C, 0xFD, 0x0A]
        let batch = ConstituencyCSV.read(bytes)
        #expect(keys(batch) == [ImportProblem.csvNotUTF8])
        #expect(batch.organisations.map(\.nameEn) == ["\u{FFFD}?ki", "\u{FFFD}"])
        let badHeader = ConstituencyCSV.read(utf8("org_key,name_en,x") + [0xFF] + utf8("\nk,K\n"))
        #expect(keys(badHeader) == [ImportProblem.csvNotUTF8, ImportProblem.csvUnknownColumn])
        #expect(badHeader.organisations.count == 1)
    }

    @Test("Over-long values: names cut, keys refused")
    func tooLong() {
        let long = String(repeating: "ə", count: 400)
        let batch = read(["k," + long + ",,,,,,,,,,", String(repeating: "k", count: 101) + ",K", "j,J,,,,,,,,,,\(long)"])
        #expect(batch.organisations.map(\.key) == ["k", "j"])
        #expect(batch.organisations[0].nameEn.count == ConstituencyRules.nameLimit)
        #expect(batch.organisations[1].contacts[0].name.count == ConstituencyRules.contactNameLimit)
        #expect(keys(batch) == [ImportProblem.tooLong, ImportProblem.tooLong, ImportProblem.tooLong])
        #expect(batch.problems.allSatisfy { $0.detail.count <= 200 })
    }

    @Test("Markup in names is data, kept verbatim")
    func markup() {
        let batch = read(["k,<script>alert('x')</script>,\"<img src=x onerror=alert(1)>\""])
        #expect(batch.problems == [])
        #expect(batch.organisations[0].nameEn == "<script>alert('x')</script>")
        #expect(batch.organisations[0].nameAz == "<img src=x onerror=alert(1)>")
    }

    @Test("Ten thousand unknown columns make one problem")
    func wideHeader() {
        let header = Self.header + "," + (0..<10_000).map { "x\($0)" }.joined(separator: ",")
        let batch = ConstituencyCSV.read(utf8(header + "\nk,K"))
        #expect(batch.problems.count == 1)
        #expect(batch.problems[0].key == ImportProblem.csvUnknownColumn)
        #expect(batch.problems[0].detail.count == 200)
        #expect(batch.organisations.count == 1)
    }

    @Test("A very long line is read")
    func longLine() {
        let networks = (0..<20_000).map { "AS\(64496 + $0)" }.joined(separator: " ")
        let batch = read(["k,K" + String(repeating: ",", count: 16) + networks])
        #expect(batch.problems == [])
        #expect(batch.organisations[0].networks.count == 20_000)
    }

    @Test("Random bytes and random CSV never crash, and read the same twice")
    func hostile() {
        var rng = FormatsRng(state: 21)
        let alphabet = utf8("\",;\r\n kK@.=/:ə1") + [0xFF]
        for round in 0..<200 {
            let body = round % 2 == 0 ? rng.bytes(rng.below(600)) : rng.bytes(rng.below(600), from: alphabet)
            let bytes = (round % 3 == 0 ? [] : utf8(Self.header + "\n")) + body
            let batch = ConstituencyCSV.read(bytes)
            #expect(batch == ConstituencyCSV.read(bytes))
            #expect(batch.problems.allSatisfy { ImportProblem.allKeys.contains($0.key) && $0.detail.count <= 200 })
            #expect(batch.organisations.allSatisfy { !$0.key.isEmpty && !$0.nameEn.isEmpty })
        }
    }
}
