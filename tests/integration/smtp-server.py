#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real SMTP server on loopback for the integration tests: Debian's
# python3-aiosmtpd with implicit TLS or STARTTLS, AUTH PLAIN/LOGIN, one
# recipient refused with 550 and, on request, the connection dropped once
# the message's data has arrived (before the final reply), or the final
# reply delayed.
#
# As a program it serves until SIGTERM, printing "ready PORT" on stdout
# once it listens. Every message it takes is saved in --spool as NAME.eml
# (the raw bytes, dot-unstuffed, as received) with NAME.json beside it
# ({"mail_from", "rcpt_tos", "dropped"}), written before the reply; with a
# --reply-delay, NAME.replied is written once the final "250" is sent.
#
# As a module (it has a hyphen: load it with importlib), it offers
# make_certificate(), free_port(), SmtpServer (runs the program above as a
# subprocess that can be stopped and started again on the same port) and
# read_spool().

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

REJECT_REPLY = "550 5.1.1 Recipient address rejected: user unknown"
SENDER_REPLY = "553 5.7.1 Sender address rejected: not owned by user"


# --- for the tests -----------------------------------------------------------

def make_certificate(directory, name="server"):
    """A self-signed certificate for localhost and 127.0.0.1; returns
    (certificate path, key path). The certificate is also the authority to
    trust (SSL_CERT_FILE)."""
    certificate = os.path.join(directory, name + "-cert.pem")
    key = os.path.join(directory, name + "-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", certificate, "-days", "2",
                    "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return certificate, key


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_spool(spool):
    """The messages received so far, oldest first: a list of dicts with
    "raw" (bytes), "mail_from", "rcpt_tos" and "dropped"."""
    messages = []
    if not os.path.isdir(spool):
        return messages
    for name in sorted(os.listdir(spool)):
        if not name.endswith(".json"):
            continue
        base = os.path.join(spool, name[:-len(".json")])
        with open(base + ".json", encoding="utf-8") as envelope_file:
            message = json.load(envelope_file)
        with open(base + ".eml", "rb") as raw_file:
            message["raw"] = raw_file.read()
        messages.append(message)
    return messages


class SmtpServer:
    """The server as a subprocess: start() waits until it listens, stop()
    ends it (its connections with it); both can be called again."""

    def __init__(self, spool, log_path, port=None, security="starttls",
                 certificate=None, key=None, user=None, password=None,
                 reject=None, drop_after_data=False, stop_after=None, reject_sender=None,
                 reply_delay=None):
        self.spool = spool
        self.log_path = log_path
        self.port = port or free_port()
        self.security = security
        self.certificate = certificate
        self.key = key
        self.user = user
        self.password = password
        self.reject = reject
        self.drop_after_data = drop_after_data
        self.stop_after = stop_after
        self.reject_sender = reject_sender
        self.reply_delay = reply_delay
        self.process = None

    def argv(self):
        argv = [sys.executable, os.path.abspath(__file__), "--port", str(self.port),
                "--security", self.security, "--spool", self.spool]
        if self.certificate:
            argv += ["--certificate", self.certificate, "--key", self.key]
        if self.user is not None:
            argv += ["--user", self.user]
        if self.reject:
            argv += ["--reject", self.reject]
        if self.drop_after_data:
            argv.append("--drop-after-data")
        if self.stop_after is not None:
            argv += ["--stop-after", str(self.stop_after)]
        if self.reject_sender:
            argv += ["--reject-sender", self.reject_sender]
        if self.reply_delay:
            argv += ["--reply-delay", str(self.reply_delay)]
        return argv

    def start(self, timeout=20):
        if self.process is not None and self.process.poll() is not None:
            self.stop()
        if self.process is not None:
            return
        os.makedirs(self.spool, exist_ok=True)
        env = dict(os.environ)
        if self.password is not None:
            # Not on the command line, where ps would show it.
            env["SMTP_SERVER_PASSWORD"] = self.password
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.argv(), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=log, env=env,
                                        start_new_session=True)
        log.close()
        ready = []
        reader = threading.Thread(target=lambda: ready.append(self.process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        if not ready or not ready[0].startswith(b"ready"):
            self.stop()
            raise RuntimeError("the SMTP server did not start (see %s)" % self.log_path)

    def stop(self):
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.stdout.close()

    def messages(self):
        return read_spool(self.spool)


# --- the server ----------------------------------------------------------------

class Handler:
    def __init__(self, spool, reject, drop_after_data, stop_after=None, stopped=None,
                 reject_sender=None, reply_delay=None):
        self.spool = spool
        self.reply_delay = reply_delay
        self.reject = reject
        self.reject_sender = reject_sender
        self.drop_after_data = drop_after_data
        self.stop_after = stop_after
        self.stopped = stopped
        self.controller = None
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.reject_sender is not None and address.lower() == self.reject_sender.lower():
            return SENDER_REPLY
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject is not None and address.lower() == self.reject.lower():
            return REJECT_REPLY
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def save(self, envelope):
        self.count += 1
        # Ordered across restarts of the server.
        base = os.path.join(self.spool, "%020d-%04d" % (time.time_ns(), self.count))
        with open(base + ".eml.tmp", "wb") as raw_file:
            raw_file.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".json.tmp", "w", encoding="utf-8") as envelope_file:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "dropped": self.drop_after_data}, envelope_file)
        os.rename(base + ".json.tmp", base + ".json")
        return base

    async def handle_DATA(self, server, session, envelope):
        base = self.save(envelope)
        if self.reply_delay:
            # The message is here; the client waits for the final reply.
            await asyncio.sleep(self.reply_delay)
            # The reply goes out as soon as this returns.
            asyncio.get_running_loop().call_soon(lambda: open(base + ".replied", "w").close())
        if self.drop_after_data:
            # The client handed everything over and waits for the final
            # reply, which never comes.
            server.transport.abort()
            return "421 4.3.0 Connection dropped on purpose"
        if self.stop_after is not None and self.count >= self.stop_after:
            # Accept this one, then go away in the middle of the queue:
            # stop listening now, so that the next connection finds nobody,
            # and end the process once this reply is out.
            self.controller.server.close()
            threading.Timer(0.5, self.stopped.set).start()
        return "250 2.0.0 Ok: queued as %04d" % self.count


def serve(arguments):
    # Imported here so that the test can load this file for its helpers
    # and report a missing python3-aiosmtpd itself.
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    # aiosmtpd 1.4 logs warnings about its own use of Session.login_data.
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    user = arguments.user
    password = os.environ.get("SMTP_SERVER_PASSWORD", "")

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login.decode("utf-8", "replace") == user and
              auth_data.password.decode("utf-8", "replace") == password)
        return AuthResult(success=ok, handled=False)

    context = None
    if arguments.security != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.certificate, arguments.key)

    kwargs = {}
    if user is not None:
        # aiosmtpd only counts a STARTTLS session as secure: with implicit
        # TLS, requiring TLS for AUTH would hide AUTH.
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=arguments.security == "starttls")
    if arguments.security == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif arguments.security == "tls":
        kwargs.update(ssl_context=context)

    stopped = threading.Event()
    handler = Handler(arguments.spool, arguments.reject, arguments.drop_after_data,
                      arguments.stop_after, stopped, arguments.reject_sender,
                      arguments.reply_delay)
    controller = Controller(handler, hostname="127.0.0.1", port=arguments.port,
                            server_hostname="localhost", **kwargs)
    handler.controller = controller
    controller.start()

    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print("ready", arguments.port, flush=True)
    stopped.wait()
    controller.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--security", choices=["tls", "starttls", "none"], default="starttls")
    parser.add_argument("--certificate")
    parser.add_argument("--key")
    parser.add_argument("--user", help="require AUTH as this user; the password is "
                        "read from $SMTP_SERVER_PASSWORD")
    parser.add_argument("--reject", help="refuse this recipient with 550")
    parser.add_argument("--drop-after-data", action="store_true",
                        help="save each message, then close the connection without a reply")
    parser.add_argument("--reject-sender", help="refuse this sender with 553")
    parser.add_argument("--stop-after", type=int,
                        help="stop listening once this many messages were accepted")
    parser.add_argument("--reply-delay", type=float,
                        help="wait this many seconds before the final reply to the data")
    parser.add_argument("--spool", required=True)
    arguments = parser.parse_args()
    if arguments.security != "none" and not (arguments.certificate and arguments.key):
        parser.error("--certificate and --key are needed with TLS")
    os.makedirs(arguments.spool, exist_ok=True)
    serve(arguments)


if __name__ == "__main__":
    main()
