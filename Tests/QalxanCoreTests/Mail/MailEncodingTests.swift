import Foundation
import Testing
@testable import QalxanCore

@Suite("RFC 2047, quoted-printable, base64")
struct MailEncodingTests {
    @Test func encodedWordBasics() {
        #expect(MailEncodedWord.decode("=?UTF-8?B?xZ7JmWhlcg==?=") == "Şəher")
        #expect(MailEncodedWord.decode("=?iso-8859-1?q?Caf=E9_cr=E8me?=") == "Café crème")
        #expect(MailEncodedWord.decode("=?KOI8-R?B?8NLJ18XU?=") == "Привет")
        #expect(MailEncodedWord.decode("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=") == "Привет")
        #expect(MailEncodedWord.decode("=?ISO-8859-9?Q?=FD=F0?=") == "ığ")
    }

    @Test func adjacentWordsJoinWithoutWhitespace() {
        #expect(MailEncodedWord.decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?=") == "ab")
        #expect(MailEncodedWord.decode("=?UTF-8?Q?a?=\r\n\t=?UTF-8?Q?b?=") == "ab")
        #expect(MailEncodedWord.decode("=?UTF-8?Q?a?= x =?UTF-8?Q?b?=") == "a x b")
        #expect(MailEncodedWord.decode("Re: =?UTF-8?Q?a?= tail") == "Re: a tail")
        // A multi-byte character split across two words ("ə" is C9 99).
        #expect(MailEncodedWord.decode("=?UTF-8?Q?=C9?= =?UTF-8?Q?=99?=") == "ə")
        #expect(MailEncodedWord.decode("=?UTF-8*az?Q?=C9=99?=") == "ə")
    }

    @Test func malformedEncodedWordsStayLiteral() {
        #expect(MailEncodedWord.decode("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=")
        #expect(MailEncodedWord.decode("=?UTF-8?B?abc") == "=?UTF-8?B?abc")
        #expect(MailEncodedWord.decode("=?UTF-8?Q?a b?=") == "=?UTF-8?Q?a b?=")
        #expect(MailEncodedWord.decode("plain ? text =? no") == "plain ? text =? no")
        #expect(MailEncodedWord.decode("=?bogus-cs?Q?abc?=") == "abc")
    }

    @Test func quotedPrintable() {
        let decode = { (s: String) in String(decoding: MailTransferEncoding.decodeQuotedPrintable(Array(s.utf8)), as: UTF8.self) }
        #expect(decode("a=3Db") == "a=b")
        #expect(decode("soft=\r\nbreak") == "softbreak")
        #expect(decode("soft=\nbreak") == "softbreak")
        #expect(decode("trailing   \r\nnext") == "trailing\r\nnext")
        #expect(decode("bad =ZZ escape and = alone") == "bad =ZZ escape and = alone")
        #expect(decode("end=") == "end")
        #expect(decode("lower =c9=99") == "lower ə")
        #expect(decode("=4") == "=4")
    }

    @Test func base64() {
        let decode = { (s: String) in MailTransferEncoding.decodeBase64(Array(s.utf8)).map { String(decoding: $0, as: UTF8.self) } }
        #expect(decode("aGVsbG8=") == "hello")
        #expect(decode("aGVs\r\nbG8") == "hello")
        #expect(decode(" aGVsbG8gd29ybGQ ") == "hello world")
        #expect(decode("") == "")
        #expect(decode("aGVsbG8*") == nil)
        #expect(decode("a") == "")
    }

    @Test func contentTypeParsing() {
        let ct = MailContentType.parse("Multipart/Mixed; Boundary=\"a;b \\\"c\"; charset=UTF-8 ")
        #expect(ct.mimeType == "multipart/mixed")
        #expect(ct.parameters["boundary"] == "a;b \"c")
        #expect(ct.parameters["charset"] == "UTF-8")
        #expect(MailContentType.parse(nil) == MailContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"]))
        #expect(MailContentType.parse("garbage").mimeType == "text/plain")
        #expect(MailContentType.parse("").mimeType == "text/plain")
    }

    @Test func rfc2231Parameters() {
        let d = MailContentDisposition.parse("attachment; filename*0*=UTF-8''%C9%99%C4%9F; filename*1=\"_part\"; filename*2*=%C4%B1.txt; filename=\"fallback.txt\"")
        #expect(d?.type == "attachment")
        #expect(d?.parameters["filename"] == "əğ_partı.txt")
        let latin = MailContentType.parse("text/plain; name*=iso-8859-1'fr'caf%E9.txt")
        #expect(latin.parameters["name"] == "café.txt")
        let broken = MailContentType.parse("text/plain; name*=%ZZ%; name*x=1; =v; novalue")
        #expect(broken.parameters["name"] == "%ZZ%")
    }
}

@Suite("Charsets")
struct MailCharsetTests {
    @Test(arguments: [
        ("windows-1251", UInt8(0xC0), "А"),
        ("koi8-r", UInt8(0xC1), "а"),
        ("koi8-u", UInt8(0xA4), "є"),
        ("iso-8859-9", UInt8(0xFD), "ı"),
        ("iso-8859-9", UInt8(0xF0), "ğ"),
        ("iso-8859-1", UInt8(0xE9), "é"),
        ("iso-8859-2", UInt8(0xB3), "ł"),
        ("iso-8859-3", UInt8(0xBB), "ğ"),
        ("iso-8859-4", UInt8(0xE7), "į"),
        ("iso-8859-5", UInt8(0xB0), "А"),
        ("iso-8859-6", UInt8(0xC7), "ا"),
        ("iso-8859-7", UInt8(0xE1), "α"),
        ("iso-8859-8", UInt8(0xE0), "א"),
        ("iso-8859-10", UInt8(0xBF), "ŋ"),
        ("iso-8859-11", UInt8(0xA1), "ก"),
        ("iso-8859-13", UInt8(0xE8), "č"),
        ("iso-8859-14", UInt8(0xA2), "ḃ"),
        ("iso-8859-15", UInt8(0xA4), "€"),
        ("iso-8859-16", UInt8(0xAA), "Ș"),
        ("windows-1250", UInt8(0x8A), "Š"),
        ("windows-1252", UInt8(0x80), "€"),
        ("windows-1253", UInt8(0xE1), "α"),
        ("windows-1254", UInt8(0xFD), "ı"),
        ("windows-1255", UInt8(0xE0), "א"),
        ("windows-1256", UInt8(0xC7), "ا"),
        ("windows-1257", UInt8(0xE8), "č"),
        ("windows-1258", UInt8(0x80), "€"),
    ])
    func tableLetter(charset: String, byte: UInt8, expected: String) {
        #expect(MailCharset.decode([0x41, byte], charset: charset) == "A" + expected)
    }

    @Test func everyTableIsReachable() {
        for name in MailCharset.tableCharsetNames {
            #expect(MailCharset.highTable(canonicalName: name)?.count == 128, "\(name)")
            #expect(MailCharset.canonicalName(name.uppercased()) == name)
        }
    }

    @Test func aliases() {
        let cases: [(String, String)] = [
            ("latin1", "iso-8859-1"), ("Latin-1", "iso-8859-1"), ("ISO_8859-1", "iso-8859-1"),
            ("iso8859-1", "iso-8859-1"), ("\"iso-8859-1\"", "iso-8859-1"), ("iso-8859-1:1987", "iso-8859-1"),
            ("cp1251", "windows-1251"), ("win-1251", "windows-1251"), ("x-cp1251", "windows-1251"),
            ("UTF8", "utf-8"), ("utf-8", "utf-8"), ("ascii", "us-ascii"), ("US-ASCII", "us-ascii"),
            ("KOI8R", "koi8-r"), ("x-koi8-u", "koi8-u"), ("latin5", "iso-8859-9"), (" 'windows-1254' ", "windows-1254"),
        ]
        for (alias, canonical) in cases {
            #expect(MailCharset.canonicalName(alias) == canonical, "\(alias)")
        }
        for unknown in ["iso-8859-12", "iso-8859-17", "windows-1249", "gb2312", "", "x-klingon"] {
            #expect(MailCharset.decode([0x41], charset: unknown) == nil, "\(unknown)")
        }
    }

    @Test func utf8AndASCIIReplacement() {
        #expect(MailCharset.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
        #expect(MailCharset.decode([0x61, 0xC9], charset: "utf-8") == "a\u{FFFD}")
        #expect(MailCharset.decode([0x61, 0x80], charset: "us-ascii") == "a\u{FFFD}")
        #expect(MailCharset.decode([0x81], charset: "windows-1252") == "\u{FFFD}")
    }
}
