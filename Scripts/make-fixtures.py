#!/usr/bin/env python3
"""Write the .eml test fixtures under Tests/QalxanCoreTests/Mail/Fixtures/.

Fixtures are written as bytes so charsets and line endings are exact.
Most use CRLF; a few deliberately use LF. Usage (from the package root):
    python3 Scripts/make-fixtures.py
"""
import base64
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "QalxanCoreTests", "Mail", "Fixtures")


def write(name, text, eol="\r\n", charset="utf-8", raw=None):
    """Write `text` (with \n line ends) encoded in `charset`, converting to `eol`."""
    data = raw if raw is not None else text.replace("\n", eol).encode(charset)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def b64(data, width=76):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def ew(text, charset="utf-8", enc="B"):
    data = text.encode(charset)
    if enc == "B":
        return "=?%s?B?%s?=" % (charset, base64.b64encode(data).decode("ascii"))
    out = ""
    for byte in data:
        c = chr(byte)
        if c == " ":
            out += "_"
        elif c.isalnum() and byte < 128:
            out += c
        else:
            out += "=%02X" % byte
    return "=?%s?Q?%s?=" % (charset, out)


HEAD = """From: CERT Test <test@cert.example>
To: Analyst <analyst@cert.example>
Date: Mon, 2 Feb 2026 10:15:00 +0400
Message-ID: <{mid}@cert.example>
MIME-Version: 1.0
"""

AZ = "Salam! Azərbaycan dili: ə ğ ı ö ü ç ş — Ə Ğ I Ö Ü Ç Ş"


def head(mid):
    return HEAD.format(mid=mid)


def main():
    os.makedirs(OUT, exist_ok=True)

    write("plain-ascii.eml", head("plain") + """Subject: Plain ASCII test
Content-Type: text/plain; charset=us-ascii

Hello,

this is a plain message.
-- 
CERT
""")

    write("utf8-8bit-az.eml", head("az8bit") + """Subject: {subj}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{az}
""".format(subj=ew("Hesabat: ə ğ ı ö ü ç ş"), az=AZ), eol="\n")

    qp_body = "Bu sınaq məktubudur: ə ğ ı ö ü ç ş. " * 3
    import quopri
    qp = quopri.encodestring(qp_body.encode("utf-8")).decode("ascii")
    write("qp-utf8.eml", head("qp") + """Subject: Quoted-printable
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

""" + qp + "\nSecond line with soft=\nbreak and =3D sign.\n")

    write("base64-body.eml", head("b64") + """Subject: Base64 body
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

""" + b64(("Base64 mətn: " + AZ + "\n").encode("utf-8")) + "\n")

    write("subject-2047.eml", head("ew") + """Subject: {s1}
 {s2}
X-Latin1: {l1}
X-Koi8r: {k1}
From: {fromname} <Sender@Example.ORG>
Content-Type: text/plain

Body.
""".format(s1=ew("Təhlükəsizlik "), s2=ew("hadisəsi"), l1=ew("Café crème", "iso-8859-1", "Q"),
           k1=ew("Привет мир", "koi8-r", "B"), fromname=ew("Jürgen Müller", "iso-8859-1", "Q")))

    samples = [
        ("iso-8859-2.eml", "iso-8859-2", "Zażółć gęślą jaźń. Příliš žluťoučký kůň."),
        ("iso-8859-9.eml", "iso-8859-9", "Şişli'de ığdır: ğ ı İ ş ç ö ü."),
        ("windows-1251.eml", "windows-1251", "Привет, мир! Съешь же ещё этих булок."),
        ("windows-1252.eml", "windows-1252", "Café – “quoted” 5 € naïve."),
        ("koi8-r.eml", "koi8-r", "Съешь же ещё этих мягких французских булок."),
    ]
    for name, cs, text in samples:
        write(name, head(cs) + "Subject: Charset %s\nContent-Type: text/plain; charset=%s\n"
              "Content-Transfer-Encoding: 8bit\n\n%s\n" % (cs, cs.upper(), text), charset=cs)

    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) + b"\n%%EOF\n"
    write("mixed-attachments.eml", head("mixed") + """Subject: Two attachments
Content-Type: multipart/mixed; boundary="mixed-b"

This is the preamble.
--mixed-b
Content-Type: text/plain; charset=utf-8

See the attached files.
--mixed-b
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

""" + b64(pdf) + """
--mixed-b
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment;
 filename*=UTF-8''hesabat%20%C9%99%C4%9F%C4%B1.txt
Content-Transfer-Encoding: 8bit

Qoşma mətni
--mixed-b--
This is the epilogue.
""")

    write("alternative.eml", head("alt") + """Subject: Alternative
Content-Type: multipart/alternative; boundary=alt-b

--alt-b
Content-Type: text/plain; charset=utf-8

Plain version.
--alt-b
Content-Type: text/html; charset=utf-8

<html><body><p>HTML <b>version</b>.</p></body></html>
--alt-b--
""")

    write("html-only.eml", head("html") + """Subject: HTML only
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html><head><title>T</title><style>p {color:red}</style></head><body>
<h1>Incident</h1><p>Dear team,<br>please see <a href=3D"https://cert.example/=
i/42">the ticket</a>.</p><ul><li>one</li><li>two &amp; three</li></ul>
<script>alert(1)</script><!-- hidden --><p>Caf&eacute; &#8364;5</p></body></html>
""", eol="\n")

    write("nested.eml", head("nested") + """Subject: Nested
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

Nested plain.
--inner
Content-Type: text/html; charset=utf-8

<p>Nested html.</p>
--inner--

--outer
Content-Type: image/png; name="pixel.png"
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
--outer--
""")

    write("forward-rfc822.eml", head("fwd") + """Subject: Fwd: Suspicious mail
Content-Type: multipart/mixed; boundary="fwd-b"

--fwd-b
Content-Type: text/plain; charset=utf-8

Forwarding a suspicious message.
--fwd-b
Content-Type: message/rfc822
Content-Disposition: attachment; filename="original.eml"

From: "Bank Support" <support@bank-secure.example>
To: victim@cert.example
Subject: Verify your account
Message-ID: <phish-1@bank-secure.example>
Date: Sun, 1 Feb 2026 08:00:00 GMT
Content-Type: text/plain; charset=utf-8

Click here: http://bank-secure.example/login
--fwd-b--
""")

    write("arf.eml", """From: <abusedesk@example.com>
Date: Thu, 8 Mar 2005 17:40:36 EDT
Subject: FW: Earn money
To: <abuse@example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
     boundary="part1_13d.2e68ed54_boundary"

--part1_13d.2e68ed54_boundary
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
about this format please see http://www.mipassoc.org/arf/.

--part1_13d.2e68ed54_boundary
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <somespammer@example.net>
Original-Rcpt-To: <user@example.com>
Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT
Reporting-MTA: dns; mail.example.com
Source-IP: 192.0.2.1
Authentication-Results: mail.example.com;
               spf=fail smtp.mail=somespammer@example.com
Reported-Domain: example.net
Reported-Uri: http://example.net/earn_money.html
Reported-Uri: mailto:user@example.com
Removal-Recipient: user@example.com

--part1_13d.2e68ed54_boundary
Content-Type: message/rfc822
Content-Disposition: inline

From: <somespammer@example.net>
Received: from mailserver.example.net (mailserver.example.net
        [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
        Thu, 08 Mar 2005 14:00:00 -0400
To: <Undisclosed Recipients>
Subject: Earn money
MIME-Version: 1.0
Content-type: text/plain
Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net
Date: Thu, 02 Sep 2004 12:31:03 -0500

Spam Spam Spam
Spam Spam Spam
Spam Spam Spam
Spam Spam Spam
--part1_13d.2e68ed54_boundary--
""")

    xarf = {
        "Version": "4",
        "ReporterInfo": {
            "ReporterOrg": "ExampleOrg",
            "ReporterOrgDomain": "example.com",
            "ReporterOrgEmail": "reports@example.com",
            "ReporterContactEmail": "contact@example.com",
            "ReporterContactName": "Mr. Example",
        },
        "Disclosure": True,
        "Report": {
            "ReportClass": "Activity",
            "ReportType": "LoginAttack",
            "Date": "2026-02-05T14:17:10Z",
            "SourceIp": "192.0.2.55",
            "SourcePort": 54321,
            "DestinationIp": "198.51.100.33",
            "DestinationPort": 22,
            "Ongoing": True,
            "Samples": [{"ContentType": "text/plain", "Base64Encoded": False,
                         "Description": "Log entry", "Payload": "sshd: 123 failed logins \u00e7"}],
        },
    }
    write("xarf.eml", """Content-Type: multipart/report; report-type=feedback-report;
    boundary="--_NmP-f348b15e0b4a4931-Part_1"
From: Abusix <noreply@abusix.example>
To: CERT <abuse@cert.example>
Subject: XARF test
X-XARF: PLAIN
Message-ID: <9a271f0f-8929-421b-5bfa-80e50dabf32d@abusix.example>
Date: Tue, 21 Apr 2026 10:25:47 +0000
MIME-Version: 1.0

----_NmP-f348b15e0b4a4931-Part_1
Content-Type: text/plain
Content-Transfer-Encoding: 7bit

This is the human readable description
----_NmP-f348b15e0b4a4931-Part_1
Content-Type: message/feedback-report
Content-Disposition: inline

Feedback-Type: xarf
User-Agent: Abusix/1.0
Version: 1
----_NmP-f348b15e0b4a4931-Part_1
Content-Type: application/json; name=xarf.json
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename=xarf.json

""" + b64(json.dumps(xarf, indent=2, ensure_ascii=False).encode("utf-8")) + """
----_NmP-f348b15e0b4a4931-Part_1--
""")

    xarf4 = {
        "xarf_version": "4.0.0",
        "report_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "timestamp": "2026-01-15T14:30:25Z",
        "reporter": {"org": "Example Security", "contact": "reports@security.example", "domain": "security.example"},
        "sender": {"org": "Example Security", "contact": "noc@security.example", "domain": "security.example"},
        "source_identifier": "203.0.113.7",
        "source_port": 443,
        "category": "connection",
        "type": "port_scan",
        "evidence_source": "honeypot",
        "destination_ip": "198.51.100.10",
    }
    write("xarf-v4.eml", head("xarf4") + """Subject: XARF v4 report
Content-Type: multipart/mixed; boundary=x4

--x4
Content-Type: text/plain

Port scan detected.
--x4
Content-Type: text/plain; name="report.json"
Content-Disposition: attachment; filename="report.json"

""" + json.dumps(xarf4, indent=1) + """
--x4--
""", eol="\n")

    write("dsn.eml", """Date: Mon, 2 Feb 2026 10:20:05 +0000
From: Mail Delivery Subsystem <MAILER-DAEMON@mx.partner.example>
Message-Id: <20260202102005.AA1@mx.partner.example>
Subject: Returned mail: User unknown
To: <bounces+d8f2a9c0e1@cert.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
    boundary="RAA14128.773615765/mx.partner.example"

--RAA14128.773615765/mx.partner.example

   The original message was received at Mon, 2 Feb 2026 10:19:58 +0000

      ----- The following addresses had delivery problems -----
<nobody@partner.example>  (unrecoverable error)

--RAA14128.773615765/mx.partner.example
content-type: message/delivery-status

Reporting-MTA: dns; mx.partner.example
Original-Envelope-Id: QX-2026-00042-1
Arrival-Date: Mon, 2 Feb 2026 10:19:58 +0000

Original-Recipient: rfc822;nobody@partner.example
Final-Recipient: rfc822; nobody@partner.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mail.partner.example
Diagnostic-Code: smtp; 550 5.1.1 <nobody@partner.example>... User unknown
Last-Attempt-Date: Mon, 2 Feb 2026 10:20:04 +0000

Final-Recipient: rfc822; slow@partner.example
Action: delayed
Status: 4.4.7
Will-Retry-Until: Tue, 3 Feb 2026 10:20:04 +0000

--RAA14128.773615765/mx.partner.example
content-type: text/rfc822-headers

From: CERT <incident@cert.example>
To: nobody@partner.example
Subject: [QX-2026-00042] TLP:AMBER Phishing
Message-ID: <d8f2a9c0e1@cert.example>
Date: Mon, 2 Feb 2026 10:19:57 +0000

--RAA14128.773615765/mx.partner.example--
""")

    write("reply.eml", """From: "Doe, John" <John.Doe@Partner.EXAMPLE>
To: incident@cert.example, "Team (CERT)" <team@cert.example>
Cc: undisclosed-recipients:;
Reply-To: noc@partner.example (NOC desk)
Subject: Re: [QX-2026-00042] TLP:AMBER Phishing
Date: Tue, 3 Feb 2026 09:00:00 +0100
Message-ID: <reply-1@partner.example>
In-Reply-To: <d8f2a9c0e1@cert.example>
References: <root-0@cert.example>
 <d8f2a9c0e1@cert.example>
Content-Type: text/plain; charset=utf-8

Thanks, we are on it.
""")

    write("pgp-signed.eml", head("pgp") + """Subject: Signed
Content-Type: multipart/signed; micalg=pgp-sha256;
 protocol="application/pgp-signature"; boundary="sig-b"

This is an OpenPGP/MIME signed message (RFC 4880 and 3156)
--sig-b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Signed text line one.
Line two=20
--sig-b
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="signature.asc"

-----BEGIN PGP SIGNATURE-----

iQEzBAEBCAAdFiEEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE
=FAKE
-----END PGP SIGNATURE-----
--sig-b--
""")

    # Malformed inputs.
    write("no-boundary.eml", head("nob") + """Subject: No boundary
Content-Type: multipart/mixed

--x
Content-Type: text/plain

hi
--x--
""")
    write("boundary-missing.eml", head("bm") + """Subject: Boundary never used
Content-Type: multipart/mixed; boundary="never-used"

--other
Content-Type: text/plain

hi
--other--
""")
    write("unterminated.eml", head("unterm") + """Subject: Unterminated
Content-Type: multipart/mixed; boundary="u"

--u
Content-Type: text/plain

first
--u
Content-Type: text/plain

second, no close delimiter
""", eol="\n")
    rnd = random.Random(42)
    write("garbage.bin", None, raw=b"\x00\xff\xfe" + bytes(rnd.getrandbits(8) for _ in range(2048)))
    write("headers-only.eml", head("ho") + "Subject: Headers only\n")
    write("unknown-charset.eml", head("uc") + """Subject: Unknown charset
Content-Type: text/plain; charset=x-klingon-42

Qapla'
""")
    write("broken-base64.eml", head("bb64") + """Subject: Broken base64
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

!!!! this is *not* base64 ####
""")
    depth = 200
    parts = "Content-Type: text/plain\n\ninnermost\n"
    for n in range(depth, 0, -1):
        parts = "Content-Type: multipart/mixed; boundary=\"d%d\"\n\n--d%d\n%s\n--d%d--\n" % (n, n, parts, n)
    write("deep-nesting.eml", head("deep") + "Subject: Deep\n" + parts, eol="\n")
    print("fixtures written to", OUT)


if __name__ == "__main__":
    main()
