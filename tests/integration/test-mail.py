#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Follow-up e-mail, end to end: the built clientele-cli sends through a real
# SMTP server on loopback (python3-aiosmtpd, in smtp-server.py beside this
# file) with STARTTLS or implicit TLS and AUTH, on a certificate generated
# for the run and trusted through SSL_CERT_FILE; the password goes through
# libsecret into a real gnome-keyring-daemon, unlocked in this test's
# D-Bus session with a temporary HOME.
#
# Each case has its own book and its own server:
#  a. STARTTLS: one message arrives; Python's e-mail parser decodes From,
#     To, Subject and body (accents, a long line, lines starting with a
#     dot) to the originals; the Message-ID is the one "mail" printed; no
#     Bcc; CRLF lines of at most 998 octets; the password is in no output
#     and not in the database files.
#  b. implicit TLS: the same message arrives.
#  c. a wrong password: --send fails, the message stays queued, the output
#     speaks of the password.
#  d. the server down: three messages stay queued; once it runs, each one
#     arrives exactly once.
#  e. a recipient refused with 550: that message fails with the server's
#     words, the others are sent.
#  f. a certificate not trusted (another authority, then the system's
#     store): refused, nothing sent, the output speaks of the certificate.
#  g. the connection dropped after the data: the message may have been
#     sent ("uncertain"); `outbox --send` does not send it again, even with
#     the server back; `outbox --resend` does, with the same Message-ID.
#  j. a crash while a send holds the password leaves no core file (the
#     process is not dumpable then), where the same crash without a
#     password does leave one.
#
# Usage: test-mail.py PATH-TO-CLIENTELE-CLI
# Runs in the session bus it is given (build-aux/check runs the tests under
# dbus-run-session); without one, or when a keyring already answers on it,
# it starts again under a private dbus-run-session. Prints TAP; on failure,
# the programs' output as comments.

import base64
import email
import email.policy
import glob
import importlib.util
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

from taplib import Failure, Skip, comment, emit, run_steps, run_test

PRIVATE_BUS_VARIABLE = "CLT_TEST_MAIL_PRIVATE_BUS"
SECRETS = "org.freedesktop.secrets"

HOST = "localhost"
USER = "reception@tilleuls.example"
# Accented and with shell-hostile characters: it must survive stdin,
# libsecret and AUTH untouched.
PASSWORD = "Mot-de-passe été $42 'x\" !"
WRONG_PASSWORD = "pas-le-bon-mot-de-passe"
SENDER_NAME = "Hôtel des Tilleuls"
SENDER_ADDRESS = "reception@tilleuls.example"
REFUSED = "refuse@clients.example"

SUBJECT = "Votre séjour — merci !"
LONG_LINE = " ".join(["Nous espérons que la chambre côté jardin vous a plu, et que le "
                      "petit-déjeuner était à votre goût."] * 12)
BODY = "\n".join([
    "Chère Hélène,",
    "",
    "Merci pour votre séjour à l’Hôtel des Tilleuls. À très bientôt !",
    LONG_LINE,
    ".Une ligne qui commence par un point",
    "..et une qui commence par deux",
    ".",
    "Bien à vous,",
    "Zoë — Réception",
    "",
])


def load_server_module():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp-server.py")
    spec = importlib.util.spec_from_file_location("smtp_server", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smtp_server = load_server_module()


class Book:
    """One database and the CLI calls made on it."""

    def __init__(self, test, name):
        self.test = test
        self.path = os.path.join(test.tmp, name + ".db")

    def cli(self, *args, stdin=None, trusted=True, ca_file=None, check=True):
        return self.test.cli("--database", self.path, *args, stdin=stdin, trusted=trusted,
                             ca_file=ca_file, check=check)

    def set_account(self, port, security, password=PASSWORD):
        self.cli("account", "smtp", "--host", HOST, "--port", str(port), "--security", security,
                 "--user", USER, "--from", "%s <%s>" % (SENDER_NAME, SENDER_ADDRESS),
                 "--password-stdin", stdin=password + "\n")

    def add_customer(self, name, address):
        result = self.cli("add", name, "--email", address)
        return int(result.stdout.strip())

    def queue(self, customer, subject=SUBJECT, body=BODY):
        body_path = os.path.join(self.test.tmp, "body-%d.txt" % len(self.test.outputs))
        with open(body_path, "w", encoding="utf-8") as body_file:
            body_file.write(body)
        result = self.cli("mail", str(customer), "--subject", subject, "--body-file", body_path)
        message_id = result.stdout.strip()
        if not (message_id.startswith("<") and message_id.endswith(">") and "@" in message_id):
            raise Failure("“mail” printed %r, not a Message-ID" % result.stdout)
        return message_id

    def outbox(self, send=False, trusted=True, ca_file=None):
        """(exit status, rows as lists of fields, all the output)"""
        args = ["outbox"] + (["--send"] if send else [])
        result = self.cli(*args, trusted=trusted, ca_file=ca_file, check=False)
        if result.returncode not in (0, 1):
            raise Failure("outbox exited with %d" % result.returncode,
                          result.stdout + result.stderr)
        rows = [line.split("\t") for line in result.stdout.splitlines() if line]
        for row in rows:
            if len(row) != 5:
                raise Failure("an outbox line has %d fields, not 5: %r" % (len(row), row))
        return result.returncode, rows, result.stdout + result.stderr

    def states(self):
        return {row[2]: row[1] for row in self.outbox()[1]}

    def files(self):
        return sorted(glob.glob(glob.escape(self.path) + "*"))


class Test:
    def __init__(self, cli, clientele=None):
        self.cli_path = cli
        self.clientele = clientele
        self.service = None
        self.tmp = tempfile.mkdtemp(prefix="clientele-mail-")
        self.outputs = []        # every CLI output, to look for the password
        self.logs = []           # (description, path) shown on failure
        self.servers = []
        self.keyring_pid = None
        self.certificate = None
        self.key = None
        self.other_certificate = None
        self.env = self.child_env()

    def child_env(self):
        env = dict(os.environ)
        # Nothing here may touch the real user's data or keyring.
        env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                         "XDG_RUNTIME_DIR"):
            env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(env[variable], mode=0o700, exist_ok=True)
        # The checks read the English messages.
        env["LANG"] = "C.UTF-8"
        env.pop("LC_ALL", None)
        env.pop("LANGUAGE", None)
        env.pop("SSL_CERT_FILE", None)
        return env

    # --- programs ------------------------------------------------------------

    def cli(self, *args, stdin=None, trusted=True, ca_file=None, check=True):
        env = dict(self.env)
        if ca_file is not None:
            env["SSL_CERT_FILE"] = ca_file
        elif trusted:
            env["SSL_CERT_FILE"] = self.certificate
        result = subprocess.run([self.cli_path] + list(args), input=stdin, env=env,
                                capture_output=True, text=True, timeout=120)
        self.outputs.append((args, result.stdout, result.stderr))
        if check and result.returncode != 0:
            raise Failure("clientele-cli %s exited with %d" % (args[2] if len(args) > 2 else "",
                                                                result.returncode),
                          "stdout: %s\nstderr: %s" % (result.stdout, result.stderr))
        return result

    def server(self, name, security, port=None, **options):
        spool = os.path.join(self.tmp, "spool-" + name)
        log_path = os.path.join(self.tmp, "server-%s.log" % name)
        server = smtp_server.SmtpServer(spool, log_path, port=port, security=security,
                                        certificate=self.certificate, key=self.key,
                                        user=USER, password=PASSWORD, **options)
        self.servers.append(server)
        if ("server " + name, log_path) not in self.logs:
            self.logs.append(("server " + name, log_path))
        return server

    def cleanup(self):
        if self.service is not None and self.service.poll() is None:
            self.service.terminate()
            try:
                self.service.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.service.kill()
        for server in self.servers:
            server.stop()
        if self.keyring_pid is not None:
            try:
                os.kill(self.keyring_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def describe_failure(self):
        for description, path in self.logs:
            try:
                with open(path, encoding="utf-8", errors="replace") as log:
                    text = log.read().strip()
            except FileNotFoundError:
                continue
            comment("%s:" % description)
            comment(text[-3000:] or "(nothing)")
        for args, stdout, stderr in self.outputs[-4:]:
            comment("clientele-cli %s" % " ".join(args[2:]))
            comment(("stdout: " + stdout.strip()) if stdout.strip() else "stdout: (nothing)")
            comment(("stderr: " + stderr.strip()) if stderr.strip() else "stderr: (nothing)")

    # --- checks ----------------------------------------------------------------

    @staticmethod
    def expect(condition, message, details=None):
        if not condition:
            raise Failure(message, details)

    def check_sent_message(self, received, message_id, to_name, to_address):
        """The bytes the server got decode to what was written."""
        raw = received["raw"]
        self.expect(received["mail_from"] == SENDER_ADDRESS,
                    "MAIL FROM was %r" % received["mail_from"])
        self.expect(received["rcpt_tos"] == [to_address], "RCPT TO was %r" % received["rcpt_tos"])

        # CRLF everywhere and no line longer than RFC 5322 allows.
        lines = raw.split(b"\r\n")
        self.expect(all(b"\r" not in line and b"\n" not in line for line in lines),
                    "a line does not end with CRLF")
        longest = max(len(line) for line in lines)
        self.expect(longest <= 998, "a line has %d octets" % longest)

        message = email.message_from_bytes(raw, policy=email.policy.default)
        details = raw.decode("utf-8", "replace")[:4000]
        self.expect(message.defects == [], "the parser found defects: %r" % message.defects, details)
        sender = message["From"].addresses
        self.expect(len(sender) == 1 and sender[0].display_name == SENDER_NAME and
                    sender[0].addr_spec == SENDER_ADDRESS,
                    "From decodes to %r" % str(message["From"]), details)
        recipient = message["To"].addresses
        self.expect(len(recipient) == 1 and recipient[0].display_name == to_name and
                    recipient[0].addr_spec == to_address,
                    "To decodes to %r" % str(message["To"]), details)
        self.expect(message["Subject"] == SUBJECT, "Subject decodes to %r" % message["Subject"],
                    details)
        self.expect(message["Message-ID"] == message_id,
                    "Message-ID is %r, “mail” printed %r" % (message["Message-ID"], message_id),
                    details)
        self.expect(message["Date"] is not None, "no Date header", details)
        self.expect("Bcc" not in message and "Cc" not in message, "a Bcc or Cc header", details)
        self.expect(message.get_all("To") is not None and len(message.get_all("To")) == 1,
                    "more than one To header", details)

        part = message.get_body(preferencelist=("plain",))
        self.expect(part is not None, "no text/plain body", details)
        body = part.get_content().replace("\r\n", "\n")
        self.expect(body.rstrip("\n") == BODY.rstrip("\n"),
                    "the body decodes differently", "got:\n%s\nexpected:\n%s" % (body, BODY))

        # Whether the encoded body still had lines starting with a dot, that
        # is whether libcurl's dot-stuffing was put to the test.
        dotted = sum(1 for line in lines if line.startswith(b"."))
        return "%d octets, longest line %d, %d raw lines starting with a dot" % (
            len(raw), longest, dotted)

    def check_no_password(self, book):
        secrets = [PASSWORD.encode("utf-8"), base64.b64encode(PASSWORD.encode("utf-8"))]
        for path in book.files():
            with open(path, "rb") as database_file:
                content = database_file.read()
            for secret in secrets:
                self.expect(secret not in content, "the password is in %s" % os.path.basename(path))
        for args, stdout, stderr in self.outputs:
            for text in (stdout, stderr):
                self.expect(PASSWORD not in text and WRONG_PASSWORD not in text,
                            "the password is in the output of %s" % " ".join(args[2:]))
        return "%d database files and %d outputs" % (len(book.files()), len(self.outputs))

    def received_ids(self, server):
        ids = []
        for received in server.messages():
            message = email.message_from_bytes(received["raw"], policy=email.policy.default)
            ids.append(message["Message-ID"])
        return ids

    # --- steps -----------------------------------------------------------------

    def step_prerequisites(self):
        help_text = subprocess.run([self.cli_path, "--help"], capture_output=True, text=True,
                                   env=self.env).stdout
        missing = [verb for verb in ("account", "mail", "outbox", "templates")
                   if not any(line.strip().startswith(verb + " ") for line in help_text.splitlines())]
        if missing:
            raise Skip("clientele-cli has no %s verb" % ", ".join(missing))
        try:
            import aiosmtpd  # noqa: F401
        except ImportError:
            raise Skip("python3-aiosmtpd is missing")
        for program in ("openssl", "gnome-keyring-daemon"):
            if shutil.which(program) is None:
                raise Skip("%s is missing" % program)
        self.certificate, self.key = smtp_server.make_certificate(self.tmp)
        self.other_certificate, _ = smtp_server.make_certificate(self.tmp, "other")
        return "certificates in %s" % self.tmp

    def step_keyring(self):
        log_path = os.path.join(self.tmp, "keyring.log")
        self.logs.append(("gnome-keyring-daemon", log_path))
        env = dict(self.env)
        # The tests' fatal warnings are for our code: gnome-keyring-daemon
        # warns when an item is stored again, and would abort.
        env.pop("G_DEBUG", None)
        with open(log_path, "wb") as log:
            subprocess.run(["gnome-keyring-daemon", "--daemonize", "--unlock",
                            "--components=secrets"],
                           input=b"keyring-password-for-the-test", stdout=log, stderr=log,
                           env=env, check=True, timeout=30)
        deadline = time.monotonic() + 10
        while self.keyring_pid is None and time.monotonic() < deadline:
            self.keyring_pid = secrets_owner_pid()
            if self.keyring_pid is None:
                time.sleep(0.1)
        self.expect(self.keyring_pid is not None, "the keyring did not appear on the session bus")
        return "gnome-keyring-daemon pid %d" % self.keyring_pid

    def case_starttls(self):
        server = self.server("starttls", "starttls")
        server.start()
        book = Book(self, "starttls")
        book.set_account(server.port, "starttls")
        customer = book.add_customer("Hélène Dupré", "helene.dupre@clients.example")
        message_id = book.queue(customer)

        status, rows, output = book.outbox(send=True)
        self.expect(status == 0, "outbox --send exited with %d" % status, output)
        received = server.messages()
        self.expect(len(received) == 1, "the server got %d messages" % len(received))
        summary = self.check_sent_message(received[0], message_id, "Hélène Dupré",
                                          "helene.dupre@clients.example")
        self.expect([row[1] for row in rows] == ["sent"], "the outbox says %r" % rows)
        self.expect(rows[0][4].startswith("250"), "the last reply is %r" % rows[0][4])
        self.expect(rows[0][3] == SUBJECT, "the outbox shows the subject %r" % rows[0][3])
        return "%s; %s; password in none of %s" % (message_id, summary, self.check_no_password(book))

    def case_implicit_tls(self):
        server = self.server("tls", "tls")
        server.start()
        book = Book(self, "tls")
        book.set_account(server.port, "tls")
        customer = book.add_customer("Hélène Dupré", "helene.dupre@clients.example")
        message_id = book.queue(customer)

        status, rows, output = book.outbox(send=True)
        self.expect(status == 0, "outbox --send exited with %d" % status, output)
        received = server.messages()
        self.expect(len(received) == 1, "the server got %d messages" % len(received))
        summary = self.check_sent_message(received[0], message_id, "Hélène Dupré",
                                          "helene.dupre@clients.example")
        self.expect([row[1] for row in rows] == ["sent"], "the outbox says %r" % rows)
        self.check_no_password(book)
        return "%s; %s" % (message_id, summary)

    def case_wrong_password(self):
        server = self.server("auth", "starttls")
        server.start()
        book = Book(self, "auth")
        book.set_account(server.port, "starttls", password=WRONG_PASSWORD)
        customer = book.add_customer("Marc Aubert", "marc.aubert@clients.example")
        book.queue(customer, subject="Votre commande est arrivée")

        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d" % status, output)
        self.expect([row[1] for row in rows] == ["queued"], "the outbox says %r" % rows, output)
        self.expect("password" in output.lower(), "nothing says the password is wrong", output)
        self.expect(server.messages() == [], "the server got a message")
        self.check_no_password(book)
        said = [line for line in output.splitlines() if "password" in line.lower()]
        return said[0] if said else ""

    def case_server_down(self):
        server = self.server("down", "starttls")
        book = Book(self, "down")
        book.set_account(server.port, "starttls")
        ids = []
        for name, address in (("Hélène Dupré", "helene@clients.example"),
                              ("Marc Aubert", "marc@clients.example"),
                              ("Zoë Lefèvre", "zoe@clients.example")):
            ids.append(book.queue(book.add_customer(name, address)))

        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d with the server down" % status,
                    output)
        self.expect(sorted(row[1] for row in rows) == ["queued"] * 3,
                    "with the server down the outbox says %r" % rows, output)
        down_said = output.strip().splitlines()[0] if output.strip() else ""

        server.start()
        status, rows, output = book.outbox(send=True)
        self.expect(status == 0, "outbox --send exited with %d with the server up" % status,
                    output)
        self.expect(sorted(row[1] for row in rows) == ["sent"] * 3,
                    "with the server up the outbox says %r" % rows, output)
        received = self.received_ids(server)
        self.expect(sorted(received) == sorted(ids),
                    "the server got %r, expected each of %r once" % (received, ids))

        # Nothing left to send: a third run sends nothing again.
        status, rows, output = book.outbox(send=True)
        self.expect(status == 0, "a third outbox --send exited with %d" % status, output)
        self.expect(len(server.messages()) == 3, "a third run sent again")
        return "down: %s" % down_said

    def case_server_stops_mid_queue(self):
        server = self.server("midway", "starttls", stop_after=1)
        server.start()
        book = Book(self, "midway")
        book.set_account(server.port, "starttls")
        ids = []
        for name, address in (("Hélène Dupré", "helene@clients.example"),
                              ("Marc Aubert", "marc@clients.example"),
                              ("Zoë Lefèvre", "zoe@clients.example")):
            ids.append(book.queue(book.add_customer(name, address)))

        # The server takes the first message and goes away.
        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d when the server stopped" % status,
                    output)
        states = sorted(row[1] for row in rows)
        self.expect(states == ["queued", "queued", "sent"],
                    "after the server stopped midway the outbox says %r" % rows, output)
        self.expect(len(self.received_ids(server)) == 1, "the server got %r before stopping"
                    % self.received_ids(server))

        # Back up: the other two go, the first is not sent again.
        server.stop()
        server.stop_after = None
        server.start()
        status, rows, output = book.outbox(send=True)
        self.expect(status == 0, "outbox --send exited with %d after the restart" % status, output)
        self.expect(sorted(row[1] for row in rows) == ["sent"] * 3,
                    "after the restart the outbox says %r" % rows, output)
        received = self.received_ids(server)
        self.expect(sorted(received) == sorted(ids),
                    "the server got %r, expected each of %r once" % (received, ids))
        return "midway: one sent, two waited, each delivered once"

    def case_test_connection(self):
        server = self.server("test", "tls")
        server.start()
        book = Book(self, "test")
        said = []
        for description, password, options, expected in (
                ("the right password", PASSWORD, {}, None),
                ("a wrong password", WRONG_PASSWORD, {}, "password"),
                ("an untrusted certificate", PASSWORD, {"trusted": False}, "certificate")):
            book.set_account(server.port, "tls", password=password)
            result = book.cli("account", "test", check=False, **options)
            output = result.stdout + result.stderr
            if expected is None:
                self.expect(result.returncode == 0 and "Connected and signed in" in result.stdout,
                            "with %s, account test exited with %d" % (description, result.returncode),
                            output)
            else:
                self.expect(result.returncode == 1 and expected in result.stderr.lower(),
                            "with %s, account test exited with %d without speaking of the %s"
                            % (description, result.returncode, expected), output)
            said.append(output.strip())
        book.set_account(smtp_server.free_port(), "tls")
        result = book.cli("account", "test", check=False)
        self.expect(result.returncode == 1 and "port" in result.stderr,
                    "with nothing listening, account test exited with %d" % result.returncode,
                    result.stdout + result.stderr)
        self.expect(server.messages() == [], "testing the connection sent a message")
        self.check_no_password(book)
        return " / ".join(said)

    def case_refused_sender(self):
        server = self.server("sender", "starttls", reject_sender=SENDER_ADDRESS)
        server.start()
        book = Book(self, "sender")
        book.set_account(server.port, "starttls")
        book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"))
        book.queue(book.add_customer("Zoë Lefèvre", "zoe@clients.example"))

        # About the account, not a message: nothing is marked failed, the
        # queue waits for the sender's address to be fixed.
        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d" % status, output)
        self.expect([row[1] for row in rows] == ["queued", "queued"],
                    "after a refused sender the outbox says %r" % rows, output)
        self.expect("refuses to send from" in output, "nothing says the sender was refused", output)
        self.expect(server.messages() == [], "the server got a message")
        return [line for line in output.splitlines() if "refuses" in line][0]

    def case_resident_service(self):
        if self.clientele is None or not os.environ.get("DISPLAY"):
            raise Skip("needs the clientele program and a display (build-aux/check gives both)")
        server = self.server("service", "starttls")
        server.start()
        book = Book(self, "service")
        book.set_account(server.port, "starttls")
        now_id = book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"),
                            subject="Merci pour votre visite")
        later_id = book.queue(book.add_customer("Marc Aubert", "marc@clients.example"),
                              subject="Votre commande est arrivée")
        # "--at" takes minutes; the test moves the second one 8 s ahead.
        database = sqlite3.connect(book.path)
        with database:
            database.execute("UPDATE outbox SET scheduled_at = strftime('%s', 'now') + 8 "
                             "WHERE subject = 'Votre commande est arrivée'")
        database.close()

        # With "Remind Me Even When Clientele Is Closed" on, the service stays
        # and sends: no window is opened.
        env = dict(self.env)
        env["SSL_CERT_FILE"] = self.certificate
        settings_dir = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings_dir, exist_ok=True)
        with open(os.path.join(settings_dir, "keyfile"), "w", encoding="utf-8") as keyfile:
            keyfile.write("[io/github/clientele/Clientele]\nrun-in-background=true\n")
        env["GSETTINGS_BACKEND"] = "keyfile"
        log_path = os.path.join(self.tmp, "service.log")
        self.logs.append(("clientele --gapplication-service", log_path))
        with open(log_path, "ab") as log:
            self.service = subprocess.Popen([self.clientele, "--gapplication-service",
                                             "--database", book.path],
                                            env=env, stdout=log, stderr=log,
                                            stdin=subprocess.DEVNULL)

        def received():
            return self.received_ids(server)

        deadline = time.monotonic() + 20
        while now_id not in received() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.expect(received() == [now_id],
                    "at start the service sent %r, expected only %r" % (received(), now_id))
        self.expect(later_id not in received(), "the scheduled message went before its time")

        deadline = time.monotonic() + 30
        while later_id not in received() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.expect(sorted(received()) == sorted([now_id, later_id]),
                    "the service sent %r, expected %r and %r once each"
                    % (received(), now_id, later_id))
        self.expect(self.service.poll() is None, "the service did not stay")
        self.service.terminate()
        self.service.wait(timeout=10)
        rows = book.outbox()[1]
        self.expect([row[1] for row in rows] == ["sent", "sent"], "the outbox says %r" % rows)
        return "sent at start, and the scheduled one at its time, by the service alone"

    def case_refused_recipient(self):
        server = self.server("refused", "starttls", reject=REFUSED)
        server.start()
        book = Book(self, "refused")
        book.set_account(server.port, "starttls")
        sent = [book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"))]
        book.queue(book.add_customer("Client Inconnu", REFUSED))
        sent.append(book.queue(book.add_customer("Zoë Lefèvre", "zoe@clients.example")))

        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d" % status, output)
        by_address = {row[2]: row for row in rows}
        refused = by_address.get(REFUSED)
        self.expect(refused is not None and refused[1] == "failed",
                    "the refused message is %r" % (refused,), output)
        self.expect(smtp_server.REJECT_REPLY in refused[4],
                    "its last reply is %r, not the server's" % refused[4])
        others = [row[1] for address, row in by_address.items() if address != REFUSED]
        self.expect(others == ["sent", "sent"], "the others are %r" % others, output)
        received = self.received_ids(server)
        self.expect(sorted(received) == sorted(sent), "the server got %r" % received)
        return refused[4]

    def case_untrusted_certificate(self):
        server = self.server("untrusted", "starttls")
        server.start()
        book = Book(self, "untrusted")
        book.set_account(server.port, "starttls")
        book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"))

        said = []
        for description, options in (("another authority", {"ca_file": self.other_certificate}),
                                      ("the system's store", {"trusted": False})):
            status, rows, output = book.outbox(send=True, **options)
            self.expect(status == 1, "with %s, outbox --send exited with %d" % (description, status),
                        output)
            self.expect([row[1] for row in rows] == ["queued"],
                        "with %s, the outbox says %r" % (description, rows), output)
            self.expect("certificate" in output.lower(),
                        "with %s, nothing speaks of the certificate" % description, output)
            said.append([line for line in output.splitlines() if "certificate" in line.lower()][0])
        self.expect(server.messages() == [], "the server got a message")
        return said[-1]

    def case_dropped_after_data(self):
        server = self.server("dropped", "starttls", drop_after_data=True)
        server.start()
        book = Book(self, "dropped")
        book.set_account(server.port, "starttls")
        message_id = book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"))

        status, rows, output = book.outbox(send=True)
        self.expect(status == 1, "outbox --send exited with %d" % status, output)
        self.expect([row[1] for row in rows] == ["uncertain"], "the outbox says %r" % rows, output)
        self.expect(self.received_ids(server) == [message_id],
                    "the server got %r before dropping" % self.received_ids(server))

        self.expect("may have been sent" in output, "outbox --send does not say what to do", output)

        server.stop()
        server = self.server("dropped", "starttls", port=server.port)
        server.start()
        # Never sent again behind the user's back.
        status, rows, output = book.outbox(send=True)
        self.expect(status == 1 and [row[1] for row in rows] == ["uncertain"],
                    "with the server back, outbox --send exited with %d: %r" % (status, rows), output)
        self.expect(self.received_ids(server) == [message_id],
                    "the server got %r without a person asking" % self.received_ids(server))

        # A person asks for it.
        result = book.cli("outbox", "--resend", rows[0][0], "--send", check=False)
        status, rows, output = book.outbox()
        self.expect(result.returncode == 0, "outbox --resend --send exited with %d" % result.returncode,
                    result.stdout + result.stderr)
        self.expect([row[1] for row in rows] == ["sent"], "after the resend: %r" % rows, output)
        received = self.received_ids(server)
        self.expect(received == [message_id, message_id],
                    "the server got %r, expected %s twice" % (received, message_id))
        return "resent as %s" % message_id

    def crash_while_sending(self, name, with_password, port):
        """Starts `outbox --send` towards @port (which never answers), lets
        it block in the middle of the send, kills it with SIGSEGV; returns
        how many core files it left."""
        book = Book(self, name)
        if with_password:
            book.set_account(port, "tls")
        else:
            book.cli("account", "smtp", "--host", HOST, "--port", str(port), "--security", "tls",
                     "--from", "%s <%s>" % (SENDER_NAME, SENDER_ADDRESS))
        book.queue(book.add_customer("Hélène Dupré", "helene@clients.example"))
        folder = tempfile.mkdtemp(prefix=name + "-", dir=self.tmp)
        env = dict(self.env)
        env["SSL_CERT_FILE"] = self.certificate

        def allow_core():
            resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

        process = subprocess.Popen([self.cli_path, "--database", book.path, "outbox", "--send"],
                                   cwd=folder, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, preexec_fn=allow_core)
        # Past the keyring, waiting for the server's TLS greeting.
        time.sleep(1.5)
        if process.poll() is not None:
            raise Failure("%s: outbox --send ended (%d) instead of waiting for the server"
                          % (name, process.returncode))
        process.send_signal(signal.SIGSEGV)
        process.wait(timeout=60)
        cores = [entry for entry in os.listdir(folder) if entry.startswith("core")]
        shutil.rmtree(folder, ignore_errors=True)
        return len(cores)

    def case_no_core_dump(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
            # Connections complete, and nothing is ever said.
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            port = silent.getsockname()[1]
            control = self.crash_while_sending("core-no-password", False, port)
            if control == 0:
                raise Skip("this system writes no core file in the current folder "
                           "(/proc/sys/kernel/core_pattern)")
            cores = self.crash_while_sending("core-password", True, port)
        self.expect(cores == 0, "a crash while holding the password left %d core file(s)" % cores)
        return "without a password: %d core file; holding the password: none" % control

    def run(self):
        setup = [
            ("certificates and prerequisites", self.step_prerequisites),
            ("gnome-keyring-daemon unlocked on the session bus", self.step_keyring),
        ]
        cases = [
            ("a. STARTTLS with AUTH: the message arrives as written", self.case_starttls),
            ("b. implicit TLS with AUTH: the message arrives", self.case_implicit_tls),
            ("c. a wrong password: refused, still queued", self.case_wrong_password),
            ("d. server down: all queued; once up, each delivered once", self.case_server_down),
            ("h. account test: signs in, or says why not", self.case_test_connection),
            ("d2. server stops mid-queue: the rest wait; after a restart each is delivered once",
             self.case_server_stops_mid_queue),
            ("e. a 550 recipient fails with the server's words, the others go",
             self.case_refused_recipient),
            ("e2. a refused sender pauses the queue, no message is blamed",
             self.case_refused_sender),
            ("f. an untrusted certificate is refused", self.case_untrusted_certificate),
            ("g. dropped after the data: uncertain, resent only when asked, same Message-ID",
             self.case_dropped_after_data),
            ("j. a crash while the password is held leaves no core file", self.case_no_core_dump),
            ("i. the resident service sends what is due, and a scheduled message at its time",
             self.case_resident_service),
        ]
        # A failed setup leaves nothing to test; a failed case leaves the
        # others standing (each has its own book and server).
        return run_steps(setup, cases,
                         errors=(Failure, OSError, subprocess.SubprocessError, RuntimeError,
                                 ValueError),
                         describe_failure=self.describe_failure, after_step=self.stop_servers,
                         skip_reason="the setup failed")

    def stop_servers(self):
        for server in self.servers:
            server.stop()
        self.servers = []


def secrets_owner_pid():
    """The process that owns org.freedesktop.secrets on the session bus, or
    None."""
    import gi

    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    try:
        reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                              GLib.Variant("(s)", (SECRETS,)), GLib.VariantType("(u)"),
                              Gio.DBusCallFlags.NONE, 5000, None)
    except GLib.Error:
        return None
    return reply.unpack()[0]


def needs_private_bus():
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    # Someone else's keyring answers there: ours could not take the name.
    return secrets_owner_pid() is not None


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE-CLI [PATH-TO-CLIENTELE]\n" % sys.argv[0])
        return 2

    try:
        import gi

        gi.require_version("Gio", "2.0")
        from gi.repository import Gio  # noqa: F401
    except (ImportError, ValueError) as e:
        emit("1..0 # SKIP python3-gi is missing: %s" % e)
        return 0

    if needs_private_bus():
        if os.environ.get(PRIVATE_BUS_VARIABLE) or shutil.which("dbus-run-session") is None:
            emit("1..0 # SKIP no D-Bus session bus with a free keyring name")
            return 0
        env = dict(os.environ)
        env[PRIVATE_BUS_VARIABLE] = "1"
        sys.stdout.flush()
        os.execvpe("dbus-run-session", ["dbus-run-session", "--", sys.executable,
                                        os.path.abspath(__file__)] + sys.argv[1:], env)

    clientele = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    return run_test(Test(os.path.abspath(sys.argv[1]), clientele))


if __name__ == "__main__":
    sys.exit(main())
