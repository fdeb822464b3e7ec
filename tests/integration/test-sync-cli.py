#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sync from the command line, under faults: the built clientele-cli shares
# books (desks) through a real Radicale on loopback that this test starts,
# stops, kills and starts again on the same storage and port, with the
# password in a real gnome-keyring-daemon in this test's D-Bus session.
# Each case has its own user on the server (its own address book and task
# list) and its own books.
#
#  a. setup: a wrong password exits 1, says so, sets nothing up; the right
#     one is in the keyring and in no database file; status before and
#     after a round; sync without setup, --password-stdin without the
#     keyring, and a wrong use, with their exit codes.
#  b. a small book: "pushed N, pulled M, merged K" with the right numbers
#     on two desks, 0/0/0 when nothing changed.
#  c. the server stopped: sync exits 1 and says it cannot be reached,
#     status says offline, changes made meanwhile go out once it is back.
#  d. the server killed in the middle of a first push of 300 customers,
#     then started again: the next round completes, the server holds
#     exactly the book's customers, no uid or name twice, and a second
#     desk gets the same.
#  e. `clientele-cli sync` itself killed (SIGKILL) at several points of a
#     push, then of a pull on a second desk, with an edit made between the
#     kill and the next round: nothing lost, nothing twice, the edit kept.
#  f. the same customers changed on two desks, the merging round killed
#     at several points: every change kept on both desks, none twice.
#  g. sixty customers erased on one desk (a phone added to ten of them on
#     the other), the round killed at several points: gone from both desks
#     and from the server's cards.
#  h. two rounds started at once on one book (the window's and the
#     service's): the second waits for the first, nothing is sent twice.
#
# Usage: test-sync-cli.py PATH-TO-CLIENTELE-CLI
# Runs in the session bus it is given, or under a private
# dbus-run-session when there is none or a keyring already answers there.
# Prints TAP; on failure, the programs' output as comments.

import collections
import datetime
import glob
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

from taplib import Failure, Skip, comment, emit, run_steps, run_test

PRIVATE_BUS_VARIABLE = "CLT_TEST_SYNC_CLI_PRIVATE_BUS"
SECRETS = "org.freedesktop.secrets"
PYTHON = "/usr/bin/python3"

# Accented and with shell-hostile characters: it must survive stdin,
# libsecret and HTTP Basic untouched.
PASSWORD = "Mot-de-passe été $42 'x\" !"
WRONG_PASSWORD = "pas-le-bon-mot-de-passe"

DUE = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
SUMMARY = re.compile(r"^pushed (\d+), pulled (\d+), merged (\d+)$")

FAMILIES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Roux",
            "Fournier", "Girard", "Bonnet", "Dupont"]
GIVEN = ["Hélène", "Marc", "Zoë", "Léa", "Chloé", "Noël", "Anaïs", "Jérôme", "Agnès", "Loïc",
         "Cécile", "Benoît", "Maëlle", "François", "Inès"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def people(count, prefix=""):
    """@count customers with names and e-mail addresses all different."""
    result = []
    for i in range(count):
        given = GIVEN[i % len(GIVEN)]
        family = FAMILIES[(i // len(GIVEN)) % len(FAMILIES)]
        number = i // (len(GIVEN) * len(FAMILIES))
        name = "%s%s %s%s" % (prefix, given, family, " %d" % number if number else "")
        address = "client%s%04d@exemple.fr" % (prefix.lower().strip(), i)
        result.append((name, address))
    return result


def write_vcards(path, entries):
    """entries: (name, e-mail, phone or None)"""
    with open(path, "w", encoding="utf-8") as out:
        for name, address, phone in entries:
            family = name.split(" ")[-1] if " " in name else name
            given = name.split(" ")[0]
            out.write("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:%s\r\nN:%s;%s;;;\r\nEMAIL:%s\r\n"
                      % (name, family, given, address))
            if phone:
                out.write("TEL;TYPE=cell:%s\r\n" % phone)
            out.write("END:VCARD\r\n")


def read_server_items(folder):
    """{file name: text} of the items in a Radicale collection folder."""
    items = {}
    for path in sorted(glob.glob(os.path.join(glob.escape(folder), "*"))):
        name = os.path.basename(path)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as item:
            items[name] = item.read()
    return items


def unfold(text):
    return re.sub(r"\r?\n[ \t]", "", text)


def properties(text, name):
    return [line.split(":", 1)[1] for line in unfold(text).splitlines()
            if line.split(":", 1)[0].split(";")[0].upper() == name]


class Radicale:
    """A Radicale on loopback that can be stopped, killed and started again
    on the same storage and port."""

    def __init__(self, tmp, env):
        self.dir = os.path.join(tmp, "radicale")
        os.makedirs(self.dir)
        self.env = env
        self.port = free_port()
        self.url = "http://127.0.0.1:%d/" % self.port
        self.users_path = os.path.join(self.dir, "users")
        self.storage = os.path.join(self.dir, "storage")
        self.log_path = os.path.join(self.dir, "radicale.log")
        self.config_path = os.path.join(self.dir, "config")
        self.process = None
        self.users = {}
        with open(self.config_path, "w") as config:
            config.write("[server]\nhosts = 127.0.0.1:%d\n"
                         "[auth]\ntype = htpasswd\nhtpasswd_filename = %s\n"
                         "htpasswd_encryption = plain\ndelay = 0\n"
                         "[storage]\nfilesystem_folder = %s\n"
                         "[logging]\nlevel = warning\n" % (self.port, self.users_path, self.storage))
        self.write_users()

    def write_users(self):
        with open(self.users_path, "w", encoding="utf-8") as users:
            for user, password in self.users.items():
                users.write("%s:%s\n" % (user, password))

    def add_user(self, user, password=PASSWORD):
        self.users[user] = password
        self.write_users()

    def start(self):
        assert self.process is None
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([PYTHON, "-m", "radicale", "--config", self.config_path],
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                        env=self.env)
        log.close()
        deadline = time.monotonic() + 20
        while not answers(self.port):
            if self.process.poll() is not None:
                raise Failure("Radicale stopped at start with %d" % self.process.returncode)
            if time.monotonic() > deadline:
                raise Failure("Radicale does not answer on port %d" % self.port)
            time.sleep(0.05)

    def stop(self, signal_number=signal.SIGTERM):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def kill(self):
        self.stop(signal.SIGKILL)

    def folder(self, user, suffix):
        """The folder of the user's collection whose name ends in @suffix."""
        folders = glob.glob(os.path.join(glob.escape(self.storage), "collection-root",
                                         glob.escape(user), "*" + suffix))
        if len(folders) != 1:
            raise Failure("the server has %d collections ending in %s for %s"
                          % (len(folders), suffix, user))
        return folders[0]

    def collection(self, user, suffix):
        """{file name: text} of the user's collection whose name ends in @suffix."""
        return read_server_items(self.folder(user, suffix))

    def write_cards(self, user, entries, prefix):
        """Cards written straight into the user's address book, as if a desk
        had sent them: Radicale takes tens of milliseconds a PUT, each
        longer than the last (it reads the collection at each)."""
        folder = self.folder(user, "contacts")
        for i, (name, address) in enumerate(entries):
            family = name.split(" ")[-1] if " " in name else name
            given = name.split(" ")[0]
            with open(os.path.join(folder, "%s-%04d.vcf" % (prefix, i)), "w",
                      encoding="utf-8", newline="") as card:
                card.write("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:%s-%04d\r\nFN:%s\r\n"
                           "N:%s;%s;;;\r\nEMAIL:%s\r\nEND:VCARD\r\n"
                           % (prefix, i, name, family, given, address))


class Desk:
    """One book and the CLI calls made on it."""

    def __init__(self, test, name, user):
        self.test = test
        self.name = name
        self.user = user
        self.path = os.path.join(test.tmp, name + ".db")

    def cli(self, *args, stdin=None, check=True, env=None):
        return self.test.cli("--database", self.path, *args, stdin=stdin, check=check, env=env)

    def setup(self, password=PASSWORD, check=True):
        return self.cli("sync", "setup", "--url", self.test.radicale.url, "--user", self.user,
                        "--password-stdin", stdin=password + "\n", check=check)

    def sync(self, expect=None, check=True):
        """(pushed, pulled, merged) of a round that must succeed"""
        start = time.monotonic()
        result = self.cli("sync", check=check)
        self.test.rounds.append((self.name, time.monotonic() - start, result.stdout.strip()))
        match = SUMMARY.match(result.stdout.strip())
        if match is None:
            raise Failure("sync printed %r" % result.stdout,
                          "stderr: %s" % result.stderr)
        counts = tuple(int(n) for n in match.groups())
        if expect is not None and counts != expect:
            raise Failure("%s synced %r, not %r" % (self.name, counts, expect))
        return counts

    def status(self):
        return self.cli("sync", "status").stdout

    def add(self, name, *options):
        return int(self.cli("add", name, *options).stdout.strip())

    def import_people(self, entries, file_name):
        path = os.path.join(self.test.tmp, file_name)
        write_vcards(path, entries)
        self.cli("import", path)

    def query(self, sql, *parameters):
        connection = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True)
        try:
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()

    def customers(self):
        """[(uid, name)] of the customers in the book"""
        return sorted(self.query("SELECT uid, display_name FROM customers "
                                 "WHERE trashed_at IS NULL AND anonymised = 0"))

    def promises(self):
        return sorted(self.query("SELECT uid, text, status FROM promises"))

    def contacts(self):
        return sorted(row[0] for row in self.query("SELECT uid FROM interactions"))

    def listing(self):
        """What `search` prints, without the numbers each book gives."""
        lines = self.cli("search", "").stdout.splitlines()
        return sorted(line.split("\t", 1)[1] for line in lines if line)

    def pending(self):
        return self.query("SELECT count(*) FROM sync_journal")[0][0]

    def files(self):
        return sorted(glob.glob(glob.escape(self.path) + "*"))


class Test:
    def __init__(self, cli):
        self.cli_path = cli
        self.tmp = tempfile.mkdtemp(prefix="clientele-sync-cli-")
        self.outputs = []
        self.rounds = []         # (desk, seconds, summary)
        self.keyring_pid = None
        self.radicale = None
        self.env = self.child_env()

    def child_env(self):
        env = dict(os.environ)
        # Nothing here may touch the real user's data or keyring.
        env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                         "XDG_RUNTIME_DIR"):
            env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(env[variable], mode=0o700, exist_ok=True)
        env["LANG"] = "C.UTF-8"
        env.pop("LC_ALL", None)
        env.pop("LANGUAGE", None)
        return env

    def cli(self, *args, stdin=None, check=True, env=None):
        result = subprocess.run([self.cli_path] + list(args), input=stdin, env=env or self.env,
                                capture_output=True, text=True, timeout=300)
        self.outputs.append((args, result.returncode, result.stdout, result.stderr))
        if check and result.returncode != 0:
            raise Failure("clientele-cli %s exited with %d" % (" ".join(args[2:]), result.returncode),
                          "stdout: %s\nstderr: %s" % (result.stdout, result.stderr))
        return result

    def start_sync(self, desk):
        """A round in the background, to be killed."""
        return subprocess.Popen([self.cli_path, "--database", desk.path, "sync"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env, text=True)

    def cleanup(self):
        if self.radicale is not None:
            self.radicale.stop()
        if self.keyring_pid is not None:
            try:
                os.kill(self.keyring_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def describe_failure(self):
        if self.radicale is not None:
            try:
                with open(self.radicale.log_path, encoding="utf-8", errors="replace") as log:
                    comment("radicale: " + (log.read().strip()[-2000:] or "(nothing)"))
            except FileNotFoundError:
                pass
        for args, code, stdout, stderr in self.outputs[-4:]:
            comment("clientele-cli %s (exit %d)" % (" ".join(args[2:]), code))
            comment(("stdout: " + stdout.strip()[-1500:]) if stdout.strip() else "stdout: (nothing)")
            comment(("stderr: " + stderr.strip()[-1500:]) if stderr.strip() else "stderr: (nothing)")

    @staticmethod
    def expect(condition, message, details=None):
        if not condition:
            raise Failure(message, details)

    def expect_fails(self, result, words, what):
        output = result.stdout + result.stderr
        self.expect(result.returncode == 1, "%s exited with %d, not 1" % (what, result.returncode),
                    output)
        self.expect(all(word.lower() in output.lower() for word in words),
                    "%s does not say %s" % (what, " and ".join("“%s”" % w for w in words)), output)
        return output.strip().splitlines()[-1] if output.strip() else ""

    def check_no_password(self, desk):
        secret = PASSWORD.encode("utf-8")
        for path in desk.files():
            with open(path, "rb") as database_file:
                self.expect(secret not in database_file.read(),
                            "the password is in %s" % os.path.basename(path))
        for args, _, stdout, stderr in self.outputs:
            self.expect(PASSWORD not in stdout + stderr and WRONG_PASSWORD not in stdout + stderr,
                        "the password is in the output of %s" % " ".join(args[2:]))
        return len(desk.files())

    def server_customers(self, user):
        """[(uid, name)] on the server, checking each file holds one card."""
        result = []
        for name, text in self.radicale.collection(user, "contacts").items():
            uids = properties(text, "UID")
            names = properties(text, "FN")
            self.expect(len(uids) == 1 and len(names) == 1, "%s has %r and %r" % (name, uids, names))
            uid = uids[0][len("urn:uuid:"):] if uids[0].startswith("urn:uuid:") else uids[0]
            if properties(text, "X-CLIENTELE-STATE") and \
               not properties(text, "X-CLIENTELE-STATE")[0].startswith("live"):
                continue
            result.append((uid, names[0].replace("\\,", ",")))
        return sorted(result)

    def server_tasks(self, user):
        """(promise uids, journal uids) on the server"""
        todos, journals = [], []
        for text in self.radicale.collection(user, "tasks").values():
            uids = properties(text, "UID")
            self.expect(len(uids) == 1, "a task file has the uids %r" % uids)
            (journals if "BEGIN:VJOURNAL" in text else todos).append(uids[0])
        return sorted(todos), sorted(journals)

    def check_consistent(self, user, desks, customers=None):
        """The server and every desk hold the same records, none twice."""
        server = self.server_customers(user)
        uids = collections.Counter(uid for uid, _ in server)
        names = collections.Counter(name for _, name in server)
        twice = [uid for uid, n in uids.items() if n > 1]
        self.expect(not twice, "the server holds %d uids twice: %r" % (len(twice), twice[:5]))
        twice = [name for name, n in names.items() if n > 1]
        self.expect(not twice, "the server holds %d names twice: %r" % (len(twice), twice[:5]))
        if customers is not None:
            self.expect(len(server) == customers, "the server holds %d customers, not %d"
                        % (len(server), customers))
        todos, journals = self.server_tasks(user)
        self.expect(len(set(todos)) == len(todos), "a promise is twice on the server")
        for desk in desks:
            book = desk.customers()
            missing = sorted(set(book) - set(server))
            extra = sorted(set(server) - set(book))
            self.expect(not missing and not extra,
                        "%s has %d customers the server lacks and lacks %d it has"
                        % (desk.name, len(missing), len(extra)),
                        "missing there: %r\nextra there: %r" % (missing[:5], extra[:5]))
            promises = [row[0] for row in desk.promises()]
            self.expect(promises == todos, "%s has %d promises, the server %d"
                        % (desk.name, len(promises), len(todos)))
            contacts = desk.contacts()
            self.expect(contacts == journals, "%s has %d logged contacts, the server %d"
                        % (desk.name, len(contacts), len(journals)))
            self.expect(desk.pending() == 0, "%s still has %d changes waiting"
                        % (desk.name, desk.pending()))
        listings = [desk.listing() for desk in desks]
        for desk, listing in zip(desks[1:], listings[1:]):
            self.expect(listing == listings[0], "%s and %s list different customers"
                        % (desks[0].name, desk.name),
                        "\n".join(sorted(set(listing) ^ set(listings[0]))[:10]))
        return "%d customers, %d promises, %d contacts" % (len(server), len(todos), len(journals))

    def timing(self, since):
        return ", ".join("%s %.2f s" % (name, seconds) for name, seconds, _ in self.rounds[since:])

    # --- steps -----------------------------------------------------------------

    def step_prerequisites(self):
        help_text = subprocess.run([self.cli_path, "--help"], capture_output=True, text=True,
                                   env=self.env).stdout
        if not any(line.strip().startswith("sync ") for line in help_text.splitlines()):
            raise Skip("clientele-cli has no sync verb")
        probe = subprocess.run([PYTHON, "-c", "import radicale"], capture_output=True)
        if probe.returncode != 0:
            raise Skip("radicale is missing")
        if shutil.which("gnome-keyring-daemon") is None:
            raise Skip("gnome-keyring-daemon is missing")
        return "in %s" % self.tmp

    def step_keyring(self):
        log_path = os.path.join(self.tmp, "keyring.log")
        env = dict(self.env)
        # gnome-keyring-daemon warns when an item is stored again.
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

    def step_radicale(self):
        self.radicale = Radicale(self.tmp, self.env)
        for user in ("setup", "small", "offline", "killed", "kill9", "merge", "erase", "twice",
                     "progress"):
            self.radicale.add_user(user)
        self.radicale.start()
        return "%s, pid %d" % (self.radicale.url, self.radicale.process.pid)

    # --- cases -----------------------------------------------------------------

    def case_setup(self):
        desk = Desk(self, "setup", "setup")
        other = Desk(self, "setup-other", "setup")
        desk.add("Hélène Dupré", "--email", "helene@exemple.fr")
        desk.add("Marc Aubert", "--phone", "06 12 34 56 78")

        said = []
        # Before setup: a round says what to do.
        said.append(self.expect_fails(desk.cli("sync", check=False), ["sync setup"],
                                      "sync before setup"))
        self.expect("not shared" in desk.status(), "status before setup: %r" % desk.status())

        # A wrong password: nothing set up.
        said.append(self.expect_fails(desk.setup(WRONG_PASSWORD, check=False), ["password"],
                                      "setup with a wrong password"))
        self.expect("not shared" in desk.status(),
                    "status after a refused setup: %r" % desk.status())
        self.expect(keyring_password(self.radicale.url, "setup") is None,
                    "a refused setup left a password in the keyring")
        said.append(self.expect_fails(desk.cli("sync", check=False), ["sync setup"],
                                      "sync after a refused setup"))

        # Wrong uses of the command.
        for args in (("sync", "setup", "--url", self.radicale.url, "--user", "setup"),
                     ("sync", "now"), ("sync", "status", "again")):
            result = desk.cli(*args, check=False)
            self.expect(result.returncode == 1, "%s exited with %d" % (" ".join(args),
                                                                     result.returncode))
        result = desk.cli("sync", "--frobnicate", check=False)
        self.expect(result.returncode != 0, "sync --frobnicate exited with 0")

        # A reader kept open keeps the write-ahead log from being removed
        # when the CLI closes the book, so that it can be searched too.
        reader = sqlite3.connect("file:%s?mode=ro" % desk.path, uri=True)
        try:
            reader.execute("SELECT count(*) FROM customers").fetchall()
            output = desk.setup().stdout
            self.expect(self.radicale.url in output and "setup" in output,
                        "setup does not say where the book is shared: %r" % output)
            self.expect(os.path.exists(desk.path + "-wal"), "the book has no write-ahead log")
            self.expect(keyring_password(self.radicale.url, "setup") == PASSWORD,
                        "the keyring does not hold the password")
            self.check_no_password(desk)
        finally:
            reader.close()
        status = desk.status()
        self.expect("Shared through %s as setup" % self.radicale.url in status,
                    "status does not say where: %r" % status)
        self.expect("Not synced yet." in status, "status before a round: %r" % status)
        self.expect("2 changes waiting to be sent" in status,
                    "status before the first round: %r" % status)
        desk.sync(expect=(2, 0, 0))
        status = desk.status()
        self.expect(re.search(r"^Last synced .* at \d\d:\d\d\.$", status, re.M),
                    "status after a round: %r" % status)
        self.expect("0 changes waiting to be sent" in status, "status after a round: %r" % status)
        files = self.check_no_password(desk)

        # The password changed on the server: the round says so, status too.
        self.radicale.add_user("setup", WRONG_PASSWORD)
        try:
            said.append(self.expect_fails(desk.cli("sync", check=False), ["password"],
                                          "sync with a password the server no longer takes"))
            status = desk.status()
            self.expect(status.splitlines()[1].startswith("The last sync failed: ") and
                        "password" in status and "Last synced" in status,
                        "status after a refused round: %r" % status)
        finally:
            self.radicale.add_user("setup", PASSWORD)

        # A round with the password on standard input needs no keyring entry:
        # another desk set up, then its keyring entry wrong.
        other.setup()
        result = other.cli("sync", "--password-stdin", stdin=WRONG_PASSWORD + "\n", check=False)
        said.append(self.expect_fails(result, ["password"], "sync --password-stdin, wrong"))
        result = other.cli("sync", "--password-stdin", stdin=PASSWORD + "\n")
        self.expect(result.stdout.strip() == "pushed 0, pulled 2, merged 0",
                    "sync --password-stdin printed %r" % result.stdout)
        # No keyring at all: the password on standard input, or a message
        # that says to give it so.
        no_keyring = dict(self.env)
        no_keyring["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=%s/no-bus" % self.tmp
        other.add("Léa Girard", "--email", "lea@exemple.fr")
        result = other.cli("sync", "--password-stdin", stdin=PASSWORD + "\n", env=no_keyring)
        self.expect(result.stdout.strip() == "pushed 1, pulled 0, merged 0",
                    "sync --password-stdin without a keyring printed %r" % result.stdout)
        said.append(self.expect_fails(other.cli("sync", env=no_keyring, check=False),
                                      ["keyring", "could not be reached", "--password-stdin"],
                                      "sync without a keyring"))
        self.expect("mail" not in self.outputs[-1][3], "the keyring's message speaks of mail: %r"
                    % self.outputs[-1][3])
        # The window reads why from the book.
        status = other.status()
        self.expect(status.splitlines()[1].startswith("The last sync failed: The keyring") and
                    "Last synced" in status, "status after a round without a keyring: %r" % status)
        desk.sync(expect=(0, 1, 0))
        self.check_consistent("setup", [desk, other], customers=3)
        return "password in none of %d files; %s" % (files, " | ".join(said))

    def case_small_book(self):
        a = Desk(self, "small-a", "small")
        b = Desk(self, "small-b", "small")
        since = len(self.rounds)
        helene = a.add("Hélène Dupré", "--email", "helene@exemple.fr")
        a.add("Marc Aubert", "--phone", "06 12 34 56 78")
        a.add("Zoë Lefèvre", "--email", "zoe@exemple.fr")
        a.cli("promise", str(helene), "Rappeler pour la chambre 12", "--due", DUE)
        a.setup()
        b.setup()
        a.sync(expect=(4, 0, 0))
        a.sync(expect=(0, 0, 0))
        b.sync(expect=(0, 4, 0))
        b.sync(expect=(0, 0, 0))
        a.sync(expect=(0, 0, 0))

        # One new customer on B, one changed on A (a phone added by import).
        b.add("Noël Garnier", "--email", "noel@exemple.fr")
        a.import_people([("Hélène Dupré", "helene@exemple.fr", "+33 6 11 22 33 44")], "small.vcf")
        b.sync(expect=(1, 0, 0))
        a.sync(expect=(1, 1, 0))
        b.sync(expect=(0, 1, 0))

        # The same customer changed on both desks: merged on the second.
        a.import_people([("Zoë Lefèvre", "zoe@exemple.fr", "+33 6 55 66 77 88")], "small-a.vcf")
        b.import_people([("Zoë Lefèvre", "zoe@exemple.fr", "+33 7 99 88 77 66")], "small-b.vcf")
        a.sync(expect=(1, 0, 0))
        b.sync(expect=(0, 0, 1))
        a.sync(expect=(0, 1, 0))
        a.sync(expect=(0, 0, 0))
        b.sync(expect=(0, 0, 0))
        for desk in (a, b):
            shown = desk.cli("show", str(desk.query("SELECT id FROM customers WHERE display_name = ?",
                                                    "Zoë Lefèvre")[0][0])).stdout
            self.expect("55 66 77 88" in shown and "99 88 77 66" in shown,
                        "%s does not show both phones of the merged customer" % desk.name, shown)
        return "%s; rounds: %s" % (self.check_consistent("small", [a, b], customers=4),
                                   self.timing(since))

    def case_server_stopped(self):
        a = Desk(self, "offline-a", "offline")
        b = Desk(self, "offline-b", "offline")
        a.add("Hélène Dupré", "--email", "helene@exemple.fr")
        a.setup()
        b.setup()
        a.sync(expect=(1, 0, 0))
        b.sync(expect=(0, 1, 0))

        self.radicale.stop()
        try:
            a.add("Marc Aubert", "--email", "marc@exemple.fr")
            b.add("Zoë Lefèvre", "--email", "zoe@exemple.fr")
            said = self.expect_fails(a.cli("sync", check=False), ["cannot be reached"],
                                     "sync with the server stopped")
            status = a.status()
            self.expect(status.splitlines()[1].startswith("Offline:"),
                        "status with the server stopped: %r" % status)
            self.expect("1 change waiting to be sent" in status,
                        "status with the server stopped: %r" % status)
            a.add("Léa Girard", "--email", "lea@exemple.fr")
            self.expect("2 changes waiting to be sent" in a.status(),
                        "status: %r" % a.status())
        finally:
            self.radicale.start()

        a.sync(expect=(2, 0, 0))
        b.sync(expect=(1, 2, 0))
        a.sync(expect=(0, 1, 0))
        status = a.status()
        self.expect(status.splitlines()[1].startswith("Last synced"),
                    "status once the server is back: %r" % status)
        return "%s; %s" % (said, self.check_consistent("offline", [a, b], customers=4))

    def case_server_killed(self):
        a = Desk(self, "killed-a", "killed")
        b = Desk(self, "killed-b", "killed")
        entries = [(name, address, None) for name, address in people(300)]
        a.import_people(entries, "killed.vcf")
        a.setup()
        b.setup()
        self.expect(len(a.customers()) == 300, "the book has %d customers" % len(a.customers()))

        since = len(self.rounds)
        round_ = self.start_sync(a)
        # Until the server holds some of them, not all.
        deadline = time.monotonic() + 60
        held = 0
        while time.monotonic() < deadline and round_.poll() is None:
            try:
                held = len(self.radicale.collection("killed", "contacts"))
            except Failure:
                held = 0
            if held >= 40:
                break
            time.sleep(0.02)
        self.radicale.kill()
        stdout, stderr = round_.communicate(timeout=120)
        self.outputs.append((("", "", "sync (server killed)"), round_.returncode, stdout, stderr))
        self.expect(round_.returncode == 1, "the round cut off exited with %d" % round_.returncode,
                    stdout + stderr)
        self.expect("cannot be reached" in stderr, "the round cut off says %r" % stderr)
        cut = len(self.radicale.collection("killed", "contacts"))
        self.expect(0 < cut < 300, "the server held %d customers when it was killed" % cut)

        recorded = a.query("SELECT count(*) FROM sync_items WHERE kind = 0 AND href IS NOT NULL")[0][0]
        self.radicale.start()
        # What the server took is not sent again, even when the round was
        # cut off before the book recorded it; nothing was merged.
        a.sync(expect=(300 - cut, 0, 0))
        a.sync(expect=(0, 0, 0))
        b.sync(expect=(0, 300, 0))
        b.sync(expect=(0, 0, 0))
        return "killed with %d on the server, %d recorded; %s; rounds: %s" % (
            cut, recorded, self.check_consistent("killed", [a, b], customers=300), self.timing(since))

    def kill_round(self, desk, after_ms):
        """A round of @desk killed after @after_ms; whether it was still running."""
        round_ = self.start_sync(desk)
        time.sleep(after_ms / 1000)
        running = round_.poll() is None
        round_.send_signal(signal.SIGKILL)
        stdout, stderr = round_.communicate(timeout=60)
        self.outputs.append((("", "", "sync (killed after %d ms)" % after_ms), round_.returncode,
                             stdout, stderr))
        return running

    def case_cli_killed(self):
        a = Desk(self, "kill9-a", "kill9")
        b = Desk(self, "kill9-b", "kill9")
        entries = [(name, address, None) for name, address in people(240)]
        a.import_people(entries, "kill9.vcf")
        first = a.query("SELECT id FROM customers ORDER BY id LIMIT 1")[0][0]
        for i in range(20):
            a.cli("promise", str(first + i), "Promesse %d" % i, "--due", DUE)
            a.cli("log", str(first + i), "--kind", "call", "--note", "Appel %d" % i)
        a.setup()
        b.setup()
        customers = 240
        since = len(self.rounds)
        notes = []

        # Pushes cut off, each followed by an edit, then a complete round:
        # at 50, 200 and 800 ms, then every 250 ms until a round ends.
        kills = [50, 200, 800] + [250] * 12
        for n, after_ms in enumerate(kills):
            running = self.kill_round(a, after_ms)
            notes.append("%d%s" % (after_ms, "" if running else " (over)"))
            name, address = "Tué%d Après%d" % (n, after_ms), "tue%d@exemple.fr" % n
            a.add(name, "--email", address)
            customers += 1
            a.import_people([(entries[n][0], entries[n][1], "+33 6 00 00 00 %02d" % n)],
                            "kill9-edit-%d.vcf" % n)
            if not running:
                break
        edits = n + 1
        a.sync()
        a.sync(expect=(0, 0, 0))
        self.check_consistent("kill9", [a], customers=customers)
        notes = ["push killed after " + " ".join(notes) + " ms"]

        # Pulls cut off on the second desk, each followed by an edit there.
        pulls = []
        for n, after_ms in enumerate([50, 150, 300] + [150] * 8):
            running = self.kill_round(b, after_ms)
            pulls.append("%d%s" % (after_ms, "" if running else " (over)"))
            b.add("Bé%d Après%d" % (n, after_ms), "--email", "be%d@exemple.fr" % n)
            customers += 1
            if not running:
                break
        notes.append("pull killed after " + " ".join(pulls) + " ms")
        b.sync()
        b.sync(expect=(0, 0, 0))
        a.sync()
        a.sync(expect=(0, 0, 0))

        # The edits made between a kill and the next round are everywhere.
        for n in range(edits):
            text = [t for name, t in self.radicale.collection("kill9", "contacts").items()
                    if properties(t, "FN") == [entries[n][0]]]
            self.expect(len(text) == 1 and "+33 6 00 00 00 %02d" % n in unfold(text[0]),
                        "the phone added to %s after a kill is not on the server" % entries[n][0])
        summary = self.check_consistent("kill9", [a, b], customers=customers)
        return "%s; %s; rounds: %s" % (", ".join(notes), summary, self.timing(since))

    def case_merge_killed(self):
        a = Desk(self, "merge-a", "merge")
        b = Desk(self, "merge-b", "merge")
        entries = people(120)
        a.import_people([(name, address, None) for name, address in entries], "merge.vcf")
        a.setup()
        b.setup()
        a.sync(expect=(120, 0, 0))
        b.sync(expect=(0, 120, 0))
        # Every customer changed on both desks, A first on the server.
        a.import_people([(name, address, "+33 6 11 00 %02d %02d" % (i // 100, i % 100))
                         for i, (name, address) in enumerate(entries)], "merge-a.vcf")
        b.import_people([(name, address, "+33 7 22 00 %02d %02d" % (i // 100, i % 100))
                         for i, (name, address) in enumerate(entries)], "merge-b.vcf")
        a.sync(expect=(120, 0, 0))
        kills = []
        for after_ms in (100, 300, 500, 700, 900, 1200, 1600, 2000):
            running = self.kill_round(b, after_ms)
            kills.append("%d%s" % (after_ms, "" if running else " (over)"))
            if not running:
                break
        b.sync()
        b.sync(expect=(0, 0, 0))
        a.sync(expect=(0, 120, 0))
        a.sync(expect=(0, 0, 0))
        summary = self.check_consistent("merge", [a, b], customers=120)
        # Both phones on every customer, once each, on both desks.
        for desk in (a, b):
            rows = desk.query("SELECT c.display_name, group_concat (p.number, '|') FROM customers c "
                              "JOIN phones p ON p.customer_id = c.id GROUP BY c.id")
            wrong = [(name, phones) for name, phones in rows
                     if sorted(set(phones.split("|"))) != sorted(phones.split("|")) or
                     len(phones.split("|")) != 2]
            self.expect(len(rows) == 120 and not wrong, "%s: %d customers with phones, wrong: %r"
                        % (desk.name, len(rows), wrong[:5]))
        return "merge killed after %s ms; %s" % (" ".join(kills), summary)

    def case_erasures_killed(self):
        a = Desk(self, "erase-a", "erase")
        b = Desk(self, "erase-b", "erase")
        entries = people(150)
        a.import_people([(name, address, None) for name, address in entries], "erase.vcf")
        a.setup()
        b.setup()
        a.sync(expect=(150, 0, 0))
        b.sync(expect=(0, 150, 0))
        erased = [row[0] for row in a.query("SELECT id FROM customers ORDER BY id LIMIT 60")]
        for number in erased:
            a.cli("erase", str(number), "--yes")
        # Meanwhile B adds a phone to ten of them: the erasure still wins.
        b.import_people([(name, address, "+33 6 99 00 00 %02d" % i)
                         for i, (name, address) in enumerate(entries[:10])], "erase-b.vcf")
        kills = []
        for after_ms in (100, 200, 300, 400, 500, 600, 800):
            running = self.kill_round(a, after_ms)
            kills.append("%d%s" % (after_ms, "" if running else " (over)"))
            if not running:
                break
        a.sync()
        a.sync(expect=(0, 0, 0))
        b.sync()
        b.sync(expect=(0, 0, 0))
        a.sync(expect=(0, 0, 0))
        summary = self.check_consistent("erase", [a, b], customers=90)
        for desk in (a, b):
            left = desk.query("SELECT count(*) FROM customers")[0][0]
            phones = desk.query("SELECT count(*) FROM phones WHERE number LIKE '%99 00 00%'")[0][0]
            self.expect(left == 90 and phones == 0, "%s keeps %d customers and %d phones of the "
                        "erased" % (desk.name, left, phones))
        names = [name for name, _ in entries[:60]]
        for text in self.radicale.collection("erase", "contacts").values():
            self.expect(not any(name in unfold(text) for name in names),
                        "an erased customer's name is still on the server")
        return "erasures killed after %s ms; %s" % (" ".join(kills), summary)

    def case_two_rounds(self):
        a = Desk(self, "twice-a", "twice")
        a.import_people([(name, address, None) for name, address in people(150)], "twice.vcf")
        a.setup()
        rounds = [self.start_sync(a) for _ in range(2)]
        outputs = [r.communicate(timeout=120) for r in rounds]
        self.outputs.extend((("", "", "sync (two at once)"), r.returncode, out, err)
                            for r, (out, err) in zip(rounds, outputs))
        self.expect([r.returncode for r in rounds] == [0, 0],
                    "two rounds at once exited with %r" % [r.returncode for r in rounds],
                    "\n".join(out + err for out, err in outputs))
        summaries = sorted(out.strip() for out, _ in outputs)
        self.expect(summaries == ["pushed 0, pulled 0, merged 0", "pushed 150, pulled 0, merged 0"],
                    "two rounds at once printed %r" % summaries)
        self.expect(sum("Waiting for another sync" in err for _, err in outputs) == 1,
                    "no round said it waited for the other", "\n".join(err for _, err in outputs))
        return self.check_consistent("twice", [a], customers=150)

    def case_progress_cancel(self):
        a = Desk(self, "progress-a", "progress")
        b = Desk(self, "progress-b", "progress")
        count = 800
        # One customer sent by the first desk, the rest written on the
        # server beside it.
        entries = people(count)
        a.import_people([(name, address, None) for name, address in entries[:1]], "progress.vcf")
        a.setup()
        a.sync(expect=(1, 0, 0))
        self.radicale.write_cards("progress", entries[1:], "progress")
        b.setup()

        line_form = re.compile(r"^progress (connecting|customers|tasks|sending) (\d+) (\d+)$")
        round_ = subprocess.Popen([self.cli_path, "--database", b.path, "sync", "--progress"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=self.env, text=True)
        start = time.monotonic()
        lines = []
        # Stopped once customers come in, not all: at the first line that
        # says some are in (ten lines a second at most, so a few hundred
        # on a fast machine), the whole pull taking a third of a second.
        for line in round_.stdout:
            lines.append(line.rstrip("\n"))
            match = line_form.match(lines[-1])
            if match and match.group(1) == "customers" and int(match.group(2)) > 0:
                # Held still first, or the pull could end before the
                # signal is taken; SIGTERM is taken as it goes on, before
                # the next record.
                round_.send_signal(signal.SIGSTOP)
                round_.send_signal(signal.SIGTERM)
                round_.send_signal(signal.SIGCONT)
                break
        rest, stderr = round_.communicate(timeout=120)
        seconds = time.monotonic() - start
        lines.extend(rest.splitlines())
        self.outputs.append((("", "", "sync --progress (SIGTERM)"), round_.returncode,
                             "\n".join(lines), stderr))
        self.expect(round_.returncode == 1, "the stopped round exited with %d" % round_.returncode,
                    stderr)
        parsed = [line_form.match(line) for line in lines]
        self.expect(all(parsed), "not a progress line: %r" % [l for l, m in zip(lines, parsed) if not m])
        self.expect(lines[0] == "progress connecting 0 0", "the first line is %r" % lines[0])
        customers = [(int(m.group(2)), int(m.group(3))) for m in parsed if m.group(1) == "customers"]
        self.expect(customers[0] == (0, count), "the customers start at %r" % (customers[0],))
        self.expect(all(total == count for _, total in customers), "a total is not %d" % count)
        dones = [done for done, _ in customers]
        self.expect(dones == sorted(dones), "the counts go back: %r" % dones)
        # Ten a second, and each phase's first and last.
        self.expect(len(lines) <= seconds * 10 + 4, "%d lines in %.1f s" % (len(lines), seconds))
        stopped_at = dones[-1]
        self.expect(0 < stopped_at < count, "stopped at %d of %d" % (stopped_at, count))

        # Exactly what the last line says, each with its agreed version.
        held = len(b.customers())
        agreed = b.query("SELECT count(*) FROM sync_items WHERE kind = 0 AND href IS NOT NULL "
                         "AND etag IS NOT NULL")[0][0]
        self.expect(held == stopped_at and agreed == stopped_at,
                    "the book holds %d customers (%d agreed), the last line said %d"
                    % (held, agreed, stopped_at))
        said = "Sync was stopped with %d of %d customers received. " \
               "The next sync receives the rest, none twice." % (stopped_at, count)
        self.expect(said in stderr, "the stopped round says %r" % stderr)
        status = b.status()
        self.expect(status.splitlines()[1] == said, "status after the stop: %r" % status)

        b.sync(expect=(0, count - stopped_at, 0))
        b.sync(expect=(0, 0, 0))
        a.sync(expect=(0, count - 1, 0))
        self.expect(b.status().splitlines()[1].startswith("Last synced"), "status: %r" % b.status())
        return "stopped at %d of %d after %d lines in %.1f s; %s" % (
            stopped_at, count, len(lines), seconds,
            self.check_consistent("progress", [a, b], customers=count))

    def run(self):
        steps = [
            ("prerequisites: clientele-cli sync, radicale, gnome-keyring-daemon",
             self.step_prerequisites),
            ("a keyring on the session bus", self.step_keyring),
            ("a Radicale on loopback", self.step_radicale),
        ]
        cases = [
            ("setup: the password in the keyring only; a wrong one sets nothing up; "
             "status; --password-stdin; exit codes", self.case_setup),
            ("a small book: pushed, pulled, merged with the right numbers, 0/0/0 "
             "when nothing changed", self.case_small_book),
            ("the server stopped: exit 1, offline, changes kept and sent once it is back",
             self.case_server_stopped),
            ("the server killed in a first push of 300: the next round completes, "
             "nothing twice, a second desk the same", self.case_server_killed),
            ("sync killed during pushes and pulls: nothing lost, nothing twice, "
             "edits kept", self.case_cli_killed),
            ("sync killed while it merges a change made on both desks: both kept, once",
             self.case_merge_killed),
            ("sync killed while it sends erasures: every desk and the server forget them",
             self.case_erasures_killed),
            ("two rounds at once on one book: the second waits, nothing is sent twice",
             self.case_two_rounds),
            ("sync --progress: its lines; SIGTERM in a first pull leaves exactly the "
             "customers of the last line, the next round the rest, none twice",
             self.case_progress_cancel),
        ]
        return run_steps(steps, cases, describe_failure=self.describe_failure)


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


def keyring_password(url, user):
    """The sharing password the keyring holds for @url and @user, None when
    it holds none; raises Skip without libsecret's GObject bindings."""
    import gi

    try:
        gi.require_version("Secret", "1")
        from gi.repository import Secret
    except (ImportError, ValueError):
        raise Skip("no GObject bindings for libsecret")
    schema = Secret.Schema.new("io.github.clientele.Clientele.Sync", Secret.SchemaFlags.NONE,
                               {"url": Secret.SchemaAttributeType.STRING,
                                "user": Secret.SchemaAttributeType.STRING})
    return Secret.password_lookup_sync(schema, {"url": url, "user": user}, None)


def needs_private_bus():
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    # Someone else's keyring answers there: ours could not take the name.
    return secrets_owner_pid() is not None


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE-CLI\n" % sys.argv[0])
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
        os.execvpe("dbus-run-session", ["dbus-run-session", "--", PYTHON,
                                        os.path.abspath(__file__)] + sys.argv[1:], env)

    return run_test(Test(os.path.abspath(sys.argv[1])))


if __name__ == "__main__":
    sys.exit(main())
