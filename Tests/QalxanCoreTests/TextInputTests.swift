import Testing
@testable import QalxanCore

@Suite struct TextInputTests {
    @Test(arguments: [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("C:\\Users\\aysel\\Desktop\\evidence.pcap", "evidence.pcap"),
        ("/var/log/auth.log", "auth.log"),
        ("logs/", "logs"),
        ("mixed/..\\../x.txt", "x.txt"),
        (".htaccess", "htaccess"),
        ("...hidden", "hidden"),
        ("../.ssh/.authorized_keys", "authorized_keys"),
        ("report.pdf", "report.pdf"),
        ("  spaced name.txt  ", "spaced name.txt"),
        ("hesabat ə.docx", "hesabat ə.docx"),
        ("a\u{0}b\u{7}c\u{1B}.txt", "abc.txt"),
        ("new\nline\r.txt", "newline.txt"),
        ("tab\tname.txt", "tabname.txt"),
        ("bad\u{85}c1\u{9B}.txt", "badc1.txt"),
        ("\"quoted\".txt", "'quoted'.txt"),
        ("", "file"),
        (".", "file"),
        ("..", "file"),
        ("../..", "file"),
        ("/", "file"),
        ("\\\\", "file"),
        ("   ", "file"),
        ("\u{0}\u{1}", "file"),
        ("dir/\u{0}", "dir"),
    ])
    func fileNameIsSafe(name: String, expected: String) {
        #expect(TextInput.fileName(name) == expected)
    }

    @Test func fileNameIsCappedAt200Characters() {
        let long = String(repeating: "ə", count: 300) + ".txt"
        let safe = TextInput.fileName(long)
        #expect(safe.count == 200)
        #expect(safe == String(repeating: "ə", count: 200))
    }

    @Test func fileNameNeverHoldsAPathSeparatorOrStartsWithADot() {
        let hostile = ["../../../../etc/shadow", "..%2f..%2fetc", "....//....//etc", "..\\/..\\/x", "./.././.x",
                       ".\u{0}./evil", "a/b\\c/.d", "\u{0}../x"]
        for name in hostile {
            let safe = TextInput.fileName(name)
            #expect(!safe.contains("/") && !safe.contains("\\"), "\(name) → \(safe)")
            #expect(!safe.hasPrefix("."), "\(name) → \(safe)")
            #expect(!safe.isEmpty)
        }
    }

    @Test func fileNameDropsBidirectionalOverrides() {
        // "invoice‮fdp.exe" shows as "invoiceexe.pdf": an evidence list must not show that.
        #expect(TextInput.fileName("invoice\u{202E}fdp.exe") == "invoicefdp.exe")
        #expect(TextInput.fileName("a\u{2066}b\u{2069}c\u{200F}.txt") == "abc.txt")
    }

    @Test(arguments: [
        "a@b.co", "aysel@example.az", "first.last+tag@sub.example.org", "x_y-z@mail.gov.az",
        "ülvi@nümunə.az", "o'brien@example.ie", String(repeating: "a", count: 64) + "@example.az",
    ])
    func acceptsEmail(email: String) {
        #expect(TextInput.isEmail(email))
    }

    @Test(arguments: [
        "", "plain", "a@b", "@example.az", "a@", "a@@example.az", "a@b@example.az", "a b@example.az", "a@example .az",
        "<a@example.az>", "Aysel <a@example.az>", "a@example.az,b@example.az", "a;b@example.az", "a@[1.2.3.4]",
        "a@example..az", "a@.example.az", "a@example.az.", "a@-example.az", "a@example-.az", "\"a\"@example.az",
        "a@example.az\n", "\ta@example.az", "a\\b@example.az", "a:b@example.az", "a(b)@example.az",
        String(repeating: "a", count: 65) + "@example.az",
        "a@" + String(repeating: "b", count: 250) + ".az",
    ])
    func rejectsEmail(email: String) {
        #expect(!TextInput.isEmail(email), "\(email) was accepted")
    }

    @Test(arguments: [
        "+994 12 345 67 89", "(012) 345-67-89", "012.345.67.89", "12345", "+994123456789", "+1 (555) 010-0000",
        "+994/12/3456789", String(repeating: "1", count: 20),
    ])
    func acceptsPhone(phone: String) {
        #expect(TextInput.isPhone(phone))
    }

    @Test(arguments: [
        "", "1234", "+994", String(repeating: "1", count: 21), "call me", "+994 12 ABC 67 89", "12345 ext 6",
        "١٢٣٤٥٦", "１２３４５６", "+994-12-345-67-89#", "12345;DROP", String(repeating: " ", count: 36) + "12345",
        "+994\n12 345 67 89",
    ])
    func rejectsPhone(phone: String) {
        #expect(!TextInput.isPhone(phone), "\(phone) was accepted")
    }

    @Test func cleanKeepsTabsNewlinesAndEverythingPrintable() {
        let text = "a\tb\nc\r\nd <b>&amp;</b> \"q\" ə ✓ \u{1F6E1}"
        #expect(TextInput.clean(text) == text)
        #expect(TextInput.clean("a\u{0}b\u{1F}c\u{7F}d\u{80}e\u{9F}f\u{A0}g") == "abcdef\u{A0}g")
    }

    @Test func fieldCleansAndTrims() {
        #expect(TextInput.field(nil) == "")
        #expect(TextInput.field("  \u{0} x y \n") == "x y")
        #expect(TextInput.field("\n\t\r") == "")
    }
}
