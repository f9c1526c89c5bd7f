import Foundation
import Testing
@testable import QalxanFormats

@Suite("CSV reading and writing")
struct CSVTests {
    func rows(_ text: String, _ delimiter: CSVReader.Delimiter = .comma) -> [CSVReader.Row] {
        Array(CSVReader(utf8(text), delimiter: delimiter))
    }

    @Test("Plain records carry the line they start on")
    func plain() {
        let r = rows("a,b,c\n1,2,3\n")
        #expect(r == [CSVReader.Row(fields: ["a", "b", "c"], line: 1), CSVReader.Row(fields: ["1", "2", "3"], line: 2)])
    }

    @Test("Quoted fields: doubled quotes, delimiters and line breaks inside, and line numbers after them")
    func quoted() {
        let r = rows("name,notes\r\n\"Bakı \"\"Mərkəz\"\"\",\"one,\r\ntwo\nthree\"\r\nx,y\r\n")
        #expect(r.count == 3)
        #expect(r[1].fields == ["Bakı \"Mərkəz\"", "one,\r\ntwo\nthree"])
        #expect(r[1].line == 2)
        #expect(r[2] == CSVReader.Row(fields: ["x", "y"], line: 5))
    }

    @Test("CRLF, LF and lone CR end lines alike; empty lines are skipped but counted")
    func lineEnds() {
        let r = rows("a\r\nb\nc\rd\n\n\r\n\ne")
        #expect(r.map(\.fields) == [["a"], ["b"], ["c"], ["d"], ["e"]])
        #expect(r.map(\.line) == [1, 2, 3, 4, 8])
    }

    @Test("Empty fields, a trailing delimiter and a row of delimiters")
    func emptyFields() {
        #expect(rows("a,,c,\n,,\n\"\",x").map(\.fields) == [["a", "", "c", ""], ["", "", ""], ["", "x"]])
    }

    @Test("A UTF-8 byte order mark is not part of the first field")
    func bom() {
        let r = Array(CSVReader([0xEF, 0xBB, 0xBF] + utf8("org_key,name_en\nx,y")))
        #expect(r[0].fields == ["org_key", "name_en"])
    }

    @Test("The delimiter is detected from the first line, outside quotes",
          arguments: [("a;b;c\n1;2;3", UInt8(ascii: ";")), ("a,b;c,d\n", UInt8(ascii: ",")), ("\"x;y;z\",b\n1;2", UInt8(ascii: ",")),
                      ("\n\na;b\n", UInt8(ascii: ";")), ("a\tb\tc\n", UInt8(ascii: "\t")), ("", UInt8(ascii: ",")), ("a;b,c", UInt8(ascii: ","))])
    func detect(_ text: String, _ expected: UInt8) {
        #expect(CSVReader(utf8(text), delimiter: .detect).delimiter == expected)
    }

    @Test("Semicolon files as Excel writes them in az and ru locales")
    func semicolons() {
        let r = rows("\u{FEFF}ad;qeyd\r\n\"Şirkət; MMC\";\"1,5\"\r\n", .detect)
        #expect(r.map(\.fields) == [["ad", "qeyd"], ["Şirkət; MMC", "1,5"]])
    }

    @Test("Invalid UTF-8 is replaced and flagged, not fatal")
    func lossy() {
        let r = Array(CSVReader(utf8("a,b\n") + [0x41, 0xFF, 0xC3, 0x2C, 0x42] + utf8("\nc,d")))
        #expect(r.count == 3)
        #expect(r[1].fields == ["A\u{FFFD}\u{FFFD}", "B"])
        #expect(r[1].lossy)
        #expect(!r[0].lossy && !r[2].lossy)
    }

    @Test("A quote that never closes spoils its own record only")
    func unterminated() {
        let r = rows("a,b\n1,\"abc\n2,3\n4,5\n")
        #expect(r.count == 4)
        #expect(r[1] == CSVReader.Row(fields: ["1", "\"abc"], line: 2, error: .unterminatedQuote))
        #expect(r[2] == CSVReader.Row(fields: ["2", "3"], line: 3))
        #expect(r[3] == CSVReader.Row(fields: ["4", "5"], line: 4))
    }

    @Test("A stray quote that a later quote closes is caught and does not swallow the lines between")
    func strayQuote() {
        let r = rows("a,\"b\nc,d\ne,\"f\"\n")
        #expect(r.map(\.fields) == [["a", "\"b"], ["c", "d"], ["e", "f"]])
        #expect(r.map(\.error) == [.unterminatedQuote, nil, nil])
        #expect(r.map(\.line) == [1, 2, 3])
        let same = rows("1,\"ab\"c,3\n4,5")
        #expect(same[0].error == .textAfterQuote)
        #expect(same[0].fields == ["1", "\"ab\"c,3"])
        #expect(same[1] == CSVReader.Row(fields: ["4", "5"], line: 2))
    }

    @Test("A quote inside an unquoted field is text")
    func quoteInsideField() {
        #expect(rows("5\" disk,x\n").map(\.fields) == [["5\" disk", "x"]])
    }

    @Test("Data, a Data slice and an array read the same")
    func dataInput() {
        let text = "\u{FEFF}a;b\n\"x\ny\";z\n"
        let data = Data(text.utf8)
        let fromArray = Array(CSVReader(utf8(text), delimiter: .detect))
        #expect(Array(CSVReader(data, delimiter: .detect)) == fromArray)
        let padded = Data([0x41, 0x42] + utf8(text))
        let slice = padded[2...]
        #expect(slice.startIndex == 2)
        #expect(Array(CSVReader(slice, delimiter: .detect)) == fromArray)
    }

    @Test("Ten thousand columns and a megabyte field")
    func large() {
        let wide = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        let long = String(repeating: "ə", count: 500_000)
        let r = rows(wide + "\n\"" + long + "\",x\n")
        #expect(r[0].fields.count == 10_000)
        #expect(r[0].fields[9_999] == "c9999")
        #expect(r[1].fields == [long, "x"])
    }

    @Test("Random bytes never crash the reader, and line numbers stay within the input")
    func randomBytes() {
        var rng = FormatsRng(state: 11)
        let alphabet = utf8("\",;\r\n ab\u{7F}") + [0xFF, 0xC3, 0x00]
        for round in 0..<300 {
            let bytes = round % 2 == 0 ? rng.bytes(rng.below(400)) : rng.bytes(rng.below(400), from: alphabet)
            let lines = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            for delimiter in [CSVReader.Delimiter.comma, .detect] {
                let r = Array(CSVReader(bytes, delimiter: delimiter))
                #expect(r.allSatisfy { (1...lines).contains($0.line) })
                #expect(r.map(\.line) == r.map(\.line).sorted())
            }
        }
    }

    @Test("Many bad quotes are still read in linear time")
    func pathologicalQuotes() {
        var text = ""
        for i in 0..<40_000 { text += i % 3 == 0 ? "\"x\n" : (i % 3 == 1 ? "a,\"b\"c\n" : "\"\n") }
        text += String(repeating: "plain,line\n", count: 40_000)
        let bytes = utf8(text)
        var count = 0
        let t = seconds { count = CSVReader(bytes).reduce(0) { n, _ in n + 1 } }
        #expect(count > 40_000)
        #expect(t < 10)
    }

    @Test("Fields are quoted only when needed")
    func writerQuoting() {
        let w = CSVWriter()
        #expect(w.record(["plain", "a,b", "say \"hi\"", "two\nlines", " edge", "Bakı", ""]) ==
                "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" edge\",Bakı,\r\n")
        #expect(CSVWriter(delimiter: ";").record(["a,b", "c;d"]) == "a,b;\"c;d\"\r\n")
    }

    @Test("Formula-looking values are guarded, plain numbers are not",
          arguments: [("=1+1", "'=1+1"), ("+994 12 555 01 01", "'+994 12 555 01 01"), ("-5", "-5"), ("+3.5", "+3.5"),
                      ("-1,5", "\"-1,5\""), ("@SUM(A1)", "'@SUM(A1)"), ("-", "'-"), ("-5x", "'-5x"), ("\tx", "'\tx"),
                      ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("'=x", "''=x"), ("'plain", "'plain"),
                      ("a=b", "a=b"), ("", "")])
    func guardFormulas(_ value: String, _ expected: String) {
        #expect(CSVWriter().field(value) == expected)
    }

    @Test("Without the guard, values are written as they are")
    func noGuard() {
        #expect(CSVWriter(guardFormulas: false).field("=1+1") == "=1+1")
    }

    @Test("Whatever is written reads back the same once unguarded")
    func roundTrip() {
        var rng = FormatsRng(state: 5)
        let pieces = ["=", "+", "-", "@", "'", "\t", "\r", "\n", "\r\n", "\"", ",", ";", " ", "ə", "5", "x", "<script>"]
        var rows: [[String]] = []
        for _ in 0..<500 {
            rows.append((0..<(2 + rng.below(4))).map { _ in (0..<rng.below(6)).map { _ in pieces[rng.below(pieces.count)] }.joined() })
        }
        for delimiter in [Character(","), ";"] {
            let text = CSVWriter(delimiter: delimiter).write(rows)
            let read = Array(CSVReader(utf8(text), delimiter: delimiter == "," ? .comma : .semicolon))
            #expect(read.map { $0.fields.map(CSVWriter.unguarded) } == rows)
            #expect(read.allSatisfy { $0.error == nil })
        }
    }
}
