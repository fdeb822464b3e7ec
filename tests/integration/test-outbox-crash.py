#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The outbox never sends twice behind the user's back, and always ends:
# the built clientele-cli against the SMTP server of smtp-server.py on
# loopback (no TLS, no AUTH: nothing here needs the keyring).
#
#  1. `outbox --send` SIGKILLed at random moments of a send, against a
#     prompt server and one that waits before its final "250". After each
#     kill, and after an uninterrupted `outbox --send` that follows it, no
#     Message-ID was received twice; a message is "sent" and was received
#     once, or "uncertain" (may have been sent) and was received at most
#     once; one listed "queued" right after the kill was not received.
#  2. Killed between the server's final "250" and the recorded outcome
#     (another program holds the book, so the outcome waits): "uncertain",
#     received once, and not sent again by the next `outbox --send`.
#  3. A person decides: `outbox --resend` sends it again with the same
#     Message-ID, `outbox --mark-sent` takes it as sent without sending.
#  4. Two senders at once, the second through a symbolic link to the book,
#     then through a relative path: one delivery, both end.
#  5. The customer deleted while the server takes its time: `outbox --send`
#     ends at once, nothing left "sending", delivered once.
#
# Usage: test-outbox-crash.py PATH-TO-CLIENTELE-CLI
# Prints TAP; on failure, what was seen as comments.

import collections
import email
import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from taplib import Failure, Skip, comment, run_steps, run_test

HERE = os.path.dirname(os.path.abspath(__file__))
SEND_TIMEOUT = 30


def load_smtp_server():
    path = os.path.join(HERE, "smtp-server.py")
    spec = importlib.util.spec_from_file_location("smtp_server", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Test:
    def __init__(self, cli):
        self.cli_path = os.path.abspath(cli)
        self.tmp = tempfile.mkdtemp(prefix="clt-outbox-crash-")
        self.smtp = load_smtp_server()
        self.servers = []
        self.rnd = random.Random(11)
        self.figures = collections.Counter()
        self.env = dict(os.environ)
        self.env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            self.env[variable] = os.path.join(self.tmp, variable.lower())
        self.env["LANGUAGE"] = "C"
        self.env["LC_ALL"] = "C.UTF-8"
        self.body = os.path.join(self.tmp, "body.txt")
        with open(self.body, "w", encoding="utf-8") as body:
            body.write("Bonjour,\n\nà bientôt.\n")

    # --- helpers ----------------------------------------------------------

    def cli(self, db, *args, cwd=None, check=True):
        result = subprocess.run([self.cli_path, "--database", db] + list(args), env=self.env,
                                cwd=cwd, capture_output=True, timeout=SEND_TIMEOUT)
        if check and result.returncode != 0:
            raise Failure("clientele-cli %s: rc %d" % (" ".join(args), result.returncode),
                          result.stderr.decode("utf-8", "replace"))
        return result

    def popen_send(self, db, cwd=None):
        return subprocess.Popen([self.cli_path, "--database", db, "outbox", "--send"],
                                env=self.env, cwd=cwd, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def server(self, name, reply_delay=None):
        server = self.smtp.SmtpServer(os.path.join(self.tmp, name + "-spool"),
                                      os.path.join(self.tmp, name + "-server.log"),
                                      security="none", reply_delay=reply_delay)
        server.start()
        self.servers.append(server)
        return server

    def book(self, name, server, folder=None):
        folder = folder or os.path.join(self.tmp, name)
        os.makedirs(folder, exist_ok=True)
        db = os.path.join(folder, "book.db")
        self.cli(db, "add", "Anne Envoi", "--email", "anne@example.com")
        self.cli(db, "add", "Bruno Envoi", "--email", "bruno@example.com")
        self.cli(db, "account", "smtp", "--host", "127.0.0.1", "--port", str(server.port),
                 "--security", "none", "--from", "Boutique <shop@example.com>")
        return db

    def queue(self, db, subject, customer="1"):
        out = self.cli(db, "mail", customer, "--subject", subject, "--body-file", self.body)
        return out.stdout.decode().strip()

    @staticmethod
    def received(server):
        counts = collections.Counter()
        for message in server.messages():
            counts[email.message_from_bytes(message["raw"]).get("Message-ID")] += 1
        return counts

    @staticmethod
    def replies(server):
        return sum(1 for name in os.listdir(server.spool) if name.endswith(".replied"))

    def listing(self, db):
        rows = {}
        for line in self.cli(db, "outbox", check=False).stdout.decode().splitlines():
            fields = line.split("\t")
            if len(fields) >= 5:
                rows[fields[3]] = (fields[0], fields[1])
        return rows

    def state(self, db, subject):
        return self.listing(db).get(subject, (None, None))[1]

    def sqlite(self, db):
        return sqlite3.connect(db, timeout=10, isolation_level=None)

    def wait_for(self, predicate, what, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return
            time.sleep(0.01)
        raise Failure("timed out waiting for " + what)

    # --- 1. random kills --------------------------------------------------

    def kill_rounds(self, name, reply_delay, kills):
        server = self.server(name, reply_delay)
        db = self.book(name, server)
        durations = []
        for i in range(3):
            self.queue(db, "%s-warm-%d" % (name, i))
            start = time.monotonic()
            self.cli(db, "outbox", "--send")
            durations.append(time.monotonic() - start)
        typical = sorted(durations)[1]
        problems = []
        after_kill = collections.Counter()
        outcome = collections.Counter()
        done = 0
        i = 0
        while done < kills:
            i += 1
            subject = "%s-%d" % (name, i)
            mid = self.queue(db, subject)
            process = self.popen_send(db)
            time.sleep(self.rnd.uniform(0, typical * 1.2))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.communicate()
            if process.returncode != -signal.SIGKILL:
                continue
            done += 1
            got = self.received(server)[mid]
            state = self.state(db, subject)
            after_kill["%s, received %d" % (state, got)] += 1
            if got > 1 or (state == "queued" and got != 0) or (state == "sent" and got != 1):
                problems.append("%s right after the kill: %s, received %d times" % (subject, state, got))
            result = self.cli(db, "outbox", "--send", check=False)
            state = self.state(db, subject)
            got = self.received(server)[mid]
            outcome["%s, received %d" % (state, got)] += 1
            if not ((state == "sent" and got == 1) or (state == "uncertain" and got <= 1)):
                problems.append("%s after another send: %s, received %d times (rc %d)"
                                % (subject, state, got, result.returncode))
        twice = sum(1 for count in self.received(server).values() if count > 1)
        self.figures[name + " kills"] += done
        self.figures[name + " received twice"] += twice
        if problems or twice:
            raise Failure("%d problems, %d Message-IDs received twice" % (len(problems), twice),
                          "\n".join(problems[:20]))
        return ("%d kills (typical send %.2f s); right after the kill: %s; after another send: %s"
                % (done, typical, dict(after_kill), dict(outcome)))

    def test_prompt_server(self):
        return self.kill_rounds("prompt", None, 22)

    def test_slow_server(self):
        return self.kill_rounds("slow", 0.3, 16)

    # --- 2. killed between "250" and the recorded outcome -----------------

    def test_killed_after_reply(self):
        server = self.server("after-reply", 0.5)
        db = self.book("after-reply", server)
        mids = []
        for i in range(3):
            subject = "after-reply-%d" % i
            mid = self.queue(db, subject)
            process = self.popen_send(db)
            try:
                self.wait_for(lambda: self.received(server)[mid] == 1, "the message to arrive")
                # Another program takes the book: the outcome cannot be
                # written when the "250" comes.
                holder = self.sqlite(db)
                holder.execute("BEGIN IMMEDIATE")
                self.wait_for(lambda: self.replies(server) == i + 1, "the server's final reply")
                time.sleep(0.4)
                if process.poll() is not None:
                    raise Failure("the sender ended while the book was held (rc %d)" % process.returncode,
                                  process.stderr.read().decode("utf-8", "replace"))
                process.send_signal(signal.SIGKILL)
                process.communicate()
                holder.execute("ROLLBACK")
                holder.close()
            finally:
                if process.poll() is None:
                    process.kill()
                    process.communicate()
            state = self.state(db, subject)
            if state != "sending":
                raise Failure("right after the kill the message is %s, not sending" % state)
            result = self.cli(db, "outbox", "--send", check=False)
            state = self.state(db, subject)
            got = self.received(server)[mid]
            if state != "uncertain" or got != 1 or result.returncode != 1:
                raise Failure("after another send: %s, received %d times, rc %d"
                              % (state, got, result.returncode), result.stderr.decode())
            if b"may have been sent" not in result.stderr:
                raise Failure("outbox --send does not say what to do", result.stderr.decode())
            mids.append((subject, mid))
        self.after_reply = (db, server, mids)
        return "3 kills after the 250: uncertain, received once, not resent"

    # --- 3. a person decides ----------------------------------------------

    def test_person_decides(self):
        if not hasattr(self, "after_reply"):
            raise Skip("no uncertain message")
        db, server, mids = self.after_reply
        rows = self.listing(db)
        (resend_subject, resend_mid), (mark_subject, mark_mid) = mids[0], mids[1]
        # The third one still waits: --send exits 1 and says so.
        self.cli(db, "outbox", "--resend", rows[resend_subject][0], "--send", check=False)
        self.cli(db, "outbox", "--mark-sent", rows[mark_subject][0], check=False)
        counts = self.received(server)
        states = (self.state(db, resend_subject), self.state(db, mark_subject),
                  self.state(db, mids[2][0]))
        if states != ("sent", "sent", "uncertain") or counts[resend_mid] != 2 or counts[mark_mid] != 1:
            raise Failure("after the decisions: %r, received %d and %d times"
                          % (states, counts[resend_mid], counts[mark_mid]))
        # Only an uncertain message can be decided about.
        wrong = self.cli(db, "outbox", "--resend", rows[resend_subject][0], check=False)
        if wrong.returncode != 1 or b"not waiting for a decision" not in wrong.stderr:
            raise Failure("--resend of a sent message: rc %d" % wrong.returncode, wrong.stderr.decode())
        return "resent once with the same Message-ID; marked sent without sending"

    # --- 4. the lock follows the book -------------------------------------

    def test_two_senders(self):
        server = self.server("two-senders", 1.0)
        db = self.book("two-senders", server, os.path.join(self.tmp, "two-senders", "real"))
        other = os.path.join(self.tmp, "two-senders", "other")
        os.makedirs(other)
        link = os.path.join(other, "book.db")
        os.symlink(db, link)
        ways = (("symlink", link, None),
                ("relative path", os.path.join("..", "real", "book.db"), other))
        seen = []
        for way, path, cwd in ways:
            subject = "two-senders-" + way
            mid = self.queue(db, subject)
            first = self.popen_send(db)
            self.wait_for(lambda: self.received(server)[mid] == 1, "the message to arrive")
            second = self.popen_send(path, cwd=cwd)
            try:
                first.communicate(timeout=SEND_TIMEOUT)
                second.communicate(timeout=SEND_TIMEOUT)
            except subprocess.TimeoutExpired:
                first.kill()
                second.kill()
                raise Failure("%s: a sender did not end in %d s" % (way, SEND_TIMEOUT))
            got = self.received(server)[mid]
            state = self.state(db, subject)
            if (first.returncode, second.returncode, got, state) != (0, 0, 1, "sent"):
                raise Failure("%s: senders rc %d and %d, received %d times, %s"
                              % (way, first.returncode, second.returncode, got, state))
            seen.append(way)
        return "one delivery each: " + ", ".join(seen)

    # --- 5. the customer deleted while sending ----------------------------

    def test_customer_deleted(self):
        server = self.server("deleted", 1.0)
        db = self.book("deleted", server)
        mid = self.queue(db, "deleted-while-sending", customer="2")
        self.queue(db, "after-the-deleted-one", customer="1")
        start = time.monotonic()
        process = self.popen_send(db)
        self.wait_for(lambda: self.received(server)[mid] == 1, "the message to arrive")
        other = self.sqlite(db)
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM customers WHERE id = 2")
        other.close()
        try:
            out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise Failure("outbox --send did not end in 15 s")
        took = time.monotonic() - start
        rows = self.listing(db)
        if process.returncode != 0 or "deleted-while-sending" in rows or \
                rows.get("after-the-deleted-one", (None, None))[1] != "sent" or \
                any(state == "sending" for _, state in rows.values()):
            raise Failure("rc %d, outbox %r" % (process.returncode, rows), err.decode())
        if self.received(server)[mid] != 1:
            raise Failure("received %d times" % self.received(server)[mid])
        return "ended after %.1f s, rc 0, the next message sent, nothing left sending" % took

    def run(self):
        cases = [
            ("SIGKILL during sends to a prompt server: never received twice", self.test_prompt_server),
            ("SIGKILL during sends to a server slow to say 250: never received twice", self.test_slow_server),
            ("SIGKILL between the 250 and the recorded outcome: may have been sent, not resent",
             self.test_killed_after_reply),
            ("a person decides: --resend (same Message-ID) or --mark-sent", self.test_person_decides),
            ("two senders through a symbolic link or a relative path: one delivery",
             self.test_two_senders),
            ("customer deleted while sending: outbox --send ends", self.test_customer_deleted),
        ]
        ok = run_steps([], cases)
        comment("figures: %s" % dict(self.figures))
        return ok

    def cleanup(self):
        for server in self.servers:
            server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        print("1..0 # SKIP python3-aiosmtpd is not installed")
        return 0
    return run_test(Test(sys.argv[1]))


if __name__ == "__main__":
    sys.exit(main())
