#!/usr/bin/env python3
"""Test SMTP server for Qalxan's SMTPClient tests (aiosmtpd).

Usage: smtp_server.py OUTDIR [--starttls CERT KEY] [--tls CERT KEY] [--auth USER:PASS]
                             [--reject-rcpt ADDR]... [--tempfail] [--auth-exclude MECH]... [--silent]

Prints the listening port on the first stdout line. Every accepted message is saved as
OUTDIR/NNN.eml (raw bytes as received, dot-unstuffed) and OUTDIR/NNN.json (envelope).
Exits when stdin reaches EOF or on SIGTERM/SIGINT.
"""
import argparse, json, os, signal, socket, ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir, reject, tempfail):
        self.outdir, self.reject, self.tempfail = outdir, set(a.lower() for a in reject), tempfail
        self.count = 0
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.tempfail:
            return '451 4.3.0 Temporary failure, try again later'
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return '250 2.1.0 OK'

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return '550 5.1.1 <%s>: Recipient address rejected' % address
        envelope.rcpt_tos.append(address)
        return '250 2.1.5 OK'

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.outdir, '%03d' % n)
        with open(base + '.eml', 'wb') as f:
            f.write(envelope.original_content)
        meta = {'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
                'mail_options': envelope.mail_options, 'tls': session.ssl is not None or server.transport.get_extra_info('ssl_object') is not None,
                'authenticated': bool(session.authenticated)}
        with open(base + '.json.tmp', 'w') as f:
            json.dump(meta, f)
        os.rename(base + '.json.tmp', base + '.json')
        return '250 2.0.0 OK queued as Q%03d' % n


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def server_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


class ImplicitTLSController(Controller):
    """aiosmtpd's readiness probe would wrap its client socket with the server context; use a client one."""

    def _trigger_server(self):
        client = ssl.create_default_context()
        client.check_hostname = False
        client.verify_mode = ssl.CERT_NONE
        with socket.create_connection((self.hostname, self.port), 1.0) as raw:
            with client.wrap_socket(raw) as s:
                s.recv(1024)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('outdir')
    p.add_argument('--starttls', nargs=2, metavar=('CERT', 'KEY'))
    p.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
    p.add_argument('--auth')
    p.add_argument('--reject-rcpt', action='append', default=[])
    p.add_argument('--tempfail', action='store_true')
    p.add_argument('--auth-exclude', action='append', default=[], help='SASL mechanism not to offer')
    p.add_argument('--silent', action='store_true', help='accept connections but never answer')
    a = p.parse_args()

    if a.silent:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(('127.0.0.1', 0))
        listener.listen(8)
        print(listener.getsockname()[1], flush=True)
        held = []
        listener.settimeout(0.2)
        done = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        while not done.is_set():
            try:
                held.append(listener.accept()[0])
            except socket.timeout:
                pass
        return

    handler = Handler(a.outdir, a.reject_rcpt, a.tempfail)
    kwargs = dict(hostname='127.0.0.1', port=free_port(), enable_SMTPUTF8=True)
    cls = Controller
    if a.starttls:
        kwargs.update(tls_context=server_context(*a.starttls), require_starttls=True)
    if a.tls:
        kwargs.update(ssl_context=server_context(*a.tls))
        cls = ImplicitTLSController
    if a.auth:
        user, _, password = a.auth.partition(':')

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
                and auth_data.password == password.encode()
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False,
                      auth_exclude_mechanism=a.auth_exclude)

    controller = cls(handler, **kwargs)
    controller.start()
    print(controller.port, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == '__main__':
    main()
