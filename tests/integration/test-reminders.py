#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reminders, end to end: the real clientele, resident with no window
# (--gapplication-service), notifying a mock notification daemon.
#
# Seeds a book with the built clientele-cli: a promise whose reminder came
# due in the current minute, before clientele runs (caught up at start),
# and a second one made due a few seconds after the start (straight in the
# database: the CLI takes minutes). Starts python3-dbusmock's
# notification_daemon on the session bus and clientele with the
# "run-in-background" setting on, then asserts through the mock's recorded
# calls that each promise notifies exactly once, titled with the customer
# and the promise, with the customer's alert as body and the buttons Open,
# Snooze 1 Hour, Tomorrow and Mark Kept; that no wall clock check (the
# tick, shortened here) notifies them again; that Mark Kept and Snooze,
# called over D-Bus as org.freedesktop.Application.ActivateAction, keep
# (withdrawing its notification) and snooze the promises in the database;
# that Open opens a window, with no warning; that the
# setting wrote the autostart entry; and that on a book damaged where no
# query of the reminders goes, the reminder due is neither recorded nor
# shown (the book is written only once checked) and a notification says
# the book is damaged.
#
# Usage: test-reminders.py PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID
# Needs a D-Bus session bus (dbus-run-session) and an X display (Xvfb), as
# in build-aux/check. Prints TAP; on failure, the programs' output as
# comments.

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from taplib import Failure, comment, emit, run_steps, run_test, spawn_logged, stop_process_group

try:
    import gi

    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib
except (ImportError, ValueError) as e:
    emit("1..0 # SKIP python3-gi is missing: %s" % e)
    sys.exit(0)

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
MOCK_INTERFACE = "org.freedesktop.DBus.Mock"
SETTINGS_PATH = "io/github/clientele/Clientele"
TICK_SECONDS = 2

# (customer, alert, promise)
CAUGHT_UP = ("Hélène Dupré", "Allergique aux plumes", "Rappeler pour la robe")
ON_TIME = ("Marc Aubert", "Ne jamais appeler avant 10 h", "Envoyer le devis")
DAMAGED = ("Louise Girard", "Chambre calme", "Confirmer la navette")
# The labels of the buttons, in src/gui/clt-reminders.c (not translated:
# LANG is C.UTF-8).
BUTTONS = ["Open", "Snooze 1 Hour", "Tomorrow", "Mark Kept"]


def wait_for(condition, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


class Test:
    def __init__(self, clientele, cli, app_id):
        self.clientele = clientele
        self.cli = cli
        self.app_id = app_id
        self.app_path = "/" + app_id.replace(".", "/")
        self.tmp = tempfile.mkdtemp(prefix="clientele-reminders-")
        self.database = os.path.join(self.tmp, "book.db")
        self.started = []      # (description, Popen, log path)
        self.app = None
        self.bus = None
        self.promises = {}     # promise text: id
        self.customers = {}    # name: id
        self.env = self.child_env()

    def child_env(self):
        env = dict(os.environ)
        # Nothing here may touch the real user's data or settings.
        env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(env[variable], exist_ok=True)
        # GNotification must talk to org.freedesktop.Notifications, the
        # mock, not to a portal or GNOME Shell.
        env.pop("GIO_USE_PORTALS", None)
        env["GNOTIFICATION_BACKEND"] = "freedesktop"
        env["CLT_REMINDER_TICK_SECONDS"] = str(TICK_SECONDS)
        env["GSETTINGS_BACKEND"] = "memory"
        return env

    def spawn(self, description, argv, env):
        log_path = os.path.join(self.tmp, "%d.log" % len(self.started))
        process = spawn_logged(argv, env, log_path)
        self.started.append((description, process, log_path))
        return process

    def cleanup(self):
        for _description, process, _log in reversed(self.started):
            stop_process_group(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- D-Bus -----------------------------------------------------------

    def call(self, name, path, interface, method, args, reply):
        result = self.bus.call_sync(name, path, interface, method, args,
                                    GLib.VariantType.new(reply) if reply else None,
                                    Gio.DBusCallFlags.NONE, 10000, None)
        return result.unpack() if result is not None else None

    def has_owner(self, name):
        return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         "NameHasOwner", GLib.Variant("(s)", (name,)), "(b)")[0]

    def calls(self, method):
        calls = self.call(NOTIFICATIONS, NOTIFICATIONS_PATH, MOCK_INTERFACE, "GetCalls",
                          None, "(a(tsav))")[0]
        return [args for _time, name, args in calls if name == method]

    def notifications(self, text):
        return [args for args in self.calls("Notify") if text in args[3]]

    def activate_action(self, action, parameter):
        self.call(self.app_id, self.app_path, "org.freedesktop.Application", "ActivateAction",
                  GLib.Variant("(sava{sv})", (action, [parameter], {})), None)

    # --- the book ----------------------------------------------------------

    def cli_run(self, *args):
        result = subprocess.run([self.cli, "--database", self.database] + list(args),
                                stdin=subprocess.DEVNULL, capture_output=True,
                                env=self.env, timeout=60)
        if result.returncode != 0:
            raise Failure("clientele-cli %s failed with %d" % (" ".join(args), result.returncode),
                          result.stdout.decode(errors="replace") +
                          result.stderr.decode(errors="replace"))
        return result.stdout.decode().strip()

    def query(self, sql, *args):
        connection = sqlite3.connect(self.database, timeout=10)
        try:
            return connection.execute(sql, args).fetchone()
        finally:
            connection.close()

    # --- steps ---------------------------------------------------------------

    def step_mock(self):
        try:
            self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        except GLib.Error as e:
            raise Failure("no D-Bus session bus: run under dbus-run-session (%s)" % e.message)
        if self.has_owner(NOTIFICATIONS):
            raise Failure("%s is already taken on this bus" % NOTIFICATIONS)
        if self.has_owner(self.app_id):
            raise Failure("%s is already running on this bus" % self.app_id)
        process = self.spawn("the mock notification daemon",
                             [sys.executable, "-m", "dbusmock", "--template", "notification_daemon"],
                             dict(os.environ))
        if not wait_for(lambda: process.poll() is None and self.has_owner(NOTIFICATIONS), 15):
            raise Failure("python3 -m dbusmock did not take %s" % NOTIFICATIONS)
        return "pid %d" % process.pid

    def step_seed(self):
        now = time.time()
        today = time.strftime("%Y-%m-%d", time.localtime(now))
        for customer, alert, text in (CAUGHT_UP, ON_TIME):
            customer_id = self.cli_run("add", customer, "--alert", alert)
            self.customers[customer] = int(customer_id)
            self.promises[text] = int(self.cli_run("promise", customer_id, text, "--due", today,
                                                   "--remind", time.strftime("%Y-%m-%dT%H:%M",
                                                                             time.localtime(now))))
        # Due a few seconds after clientele starts: its timer must fire.
        self.on_time_at = int(now) + 6
        connection = sqlite3.connect(self.database, timeout=10)
        with connection:
            connection.execute("UPDATE promises SET remind_at = ? WHERE id = ?",
                               (self.on_time_at, self.promises[ON_TIME[2]]))
        connection.close()
        return "promises %s" % self.promises

    def step_start(self):
        env = dict(self.env)
        # The setting asks for a resident service.
        settings_dir = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings_dir, exist_ok=True)
        with open(os.path.join(settings_dir, "keyfile"), "w", encoding="utf-8") as keyfile:
            keyfile.write("[%s]\nrun-in-background=true\n" % SETTINGS_PATH)
        env["GSETTINGS_BACKEND"] = "keyfile"
        self.app = self.spawn("clientele", [self.clientele, "--gapplication-service",
                                            "--database", self.database], env)
        if not wait_for(lambda: self.app.poll() is None and self.has_owner(self.app_id), 15):
            raise Failure("clientele --gapplication-service did not take %s" % self.app_id)
        return "pid %d" % self.app.pid

    def check_notification(self, customer, alert, text):
        found = self.notifications(text)
        if len(found) != 1:
            raise Failure("%d notifications for “%s”, not 1" % (len(found), text), self.calls("Notify"))
        _app, _replaces, _icon, summary, body, actions, hints, _timeout = found[0]
        if customer not in summary or text not in summary:
            raise Failure("the title “%s” lacks “%s” or “%s”" % (summary, customer, text))
        if body != alert:
            raise Failure("the body is “%s”, not the alert “%s”" % (body, alert))
        # Pairs of action key, label.
        labels = actions[1::2]
        missing = [button for button in BUTTONS if button not in labels]
        if missing:
            raise Failure("buttons missing: %s" % ", ".join(missing), actions)
        return "“%s” / “%s”, actions %s" % (summary, body, actions)

    def step_caught_up(self):
        customer, alert, text = CAUGHT_UP
        if not wait_for(lambda: self.notifications(text), 10):
            raise Failure("no notification for “%s” within 10 s" % text, self.calls("Notify"))
        return self.check_notification(customer, alert, text)

    def step_on_time(self):
        customer, alert, text = ON_TIME
        if self.notifications(text) and time.time() < self.on_time_at:
            raise Failure("“%s” notified before its time" % text)
        if not wait_for(lambda: self.notifications(text), self.on_time_at - time.time() + 10):
            raise Failure("no notification for “%s” within 10 s of its time" % text,
                          self.calls("Notify"))
        late = time.time() - self.on_time_at
        return "%s; %.1f s after its time" % (self.check_notification(customer, alert, text), late)

    def step_once(self):
        # Several wall clock checks later.
        time.sleep(3 * TICK_SECONDS + 1)
        notify = self.calls("Notify")
        if len(notify) != 2:
            raise Failure("%d notifications in all, not 2" % len(notify), notify)
        for customer, alert, text in (CAUGHT_UP, ON_TIME):
            self.check_notification(customer, alert, text)
        return "2 notifications after %d more s" % (3 * TICK_SECONDS + 1)

    def step_mark_kept(self):
        promise_id = self.promises[CAUGHT_UP[2]]
        closed = len(self.calls("CloseNotification"))
        self.activate_action("mark-kept", GLib.Variant("x", promise_id))
        status = wait_for(lambda: self.query("SELECT status FROM promises WHERE id = ?",
                                             promise_id)[0] == "kept", 10)
        if not status:
            raise Failure("promise %d is “%s”, not kept" % (
                promise_id, self.query("SELECT status FROM promises WHERE id = ?", promise_id)[0]))
        if not wait_for(lambda: len(self.calls("CloseNotification")) > closed, 5):
            raise Failure("the notification was not withdrawn")
        return "promise %d kept, notification withdrawn" % promise_id

    def step_snooze(self):
        promise_id = self.promises[ON_TIME[2]]
        before = int(time.time())
        self.activate_action("snooze", GLib.Variant("(xs)", (promise_id, "hour")))

        def snoozed():
            remind_at, reminded_at = self.query("SELECT remind_at, reminded_at FROM promises WHERE id = ?",
                                                promise_id)
            return remind_at >= before + 3600 and reminded_at is None and (remind_at, reminded_at)

        result = wait_for(snoozed, 10)
        if not result:
            raise Failure("promise %d not snoozed an hour: remind_at, reminded_at = %s" % (
                promise_id, self.query("SELECT remind_at, reminded_at FROM promises WHERE id = ?",
                                       promise_id)))
        time.sleep(2 * TICK_SECONDS)
        notify = self.calls("Notify")
        if len(notify) != 2:
            raise Failure("%d notifications in all after the snooze, not 2" % len(notify), notify)
        return "reminded again in %d s" % (result[0] - before)

    def step_open(self):
        # A window on the book, at the customer; warnings are fatal here.
        customer_id = self.customers[ON_TIME[0]]
        if self.windows():
            raise Failure("clientele, a service, has a window before Open")
        self.activate_action("open-customer", GLib.Variant("x", customer_id))
        windows = wait_for(self.windows, 10)
        if not windows:
            raise Failure("no window exported on the bus after Open")
        time.sleep(1)
        if self.app.poll() is not None:
            raise Failure("clientele exited with %d" % self.app.returncode)
        return "customer %d, windows %s" % (customer_id, windows)

    def windows(self):
        """The windows GtkApplication exports under its object path."""
        xml = self.call(self.app_id, self.app_path + "/window", "org.freedesktop.DBus.Introspectable",
                        "Introspect", None, "(s)")[0]
        return [node.path for node in Gio.DBusNodeInfo.new_for_xml(xml).nodes]

    def step_autostart(self):
        path = os.path.join(self.env["XDG_CONFIG_HOME"], "autostart", self.app_id + ".desktop")
        # Written a second after start-up, once libportal's module says
        # there is no sandbox.
        if not wait_for(lambda: os.path.exists(path), 10):
            raise Failure("no autostart entry %s" % path)
        keyfile = GLib.KeyFile()
        keyfile.load_from_file(path, GLib.KeyFileFlags.NONE)
        exec_line = keyfile.get_string("Desktop Entry", "Exec")
        if exec_line != "clientele --gapplication-service":
            raise Failure("the autostart entry runs “%s”" % exec_line)
        if self.app.poll() is not None:
            raise Failure("clientele exited with %d" % self.app.returncode)
        return "%s, Exec=%s" % (path, exec_line)

    def step_damaged(self):
        # The service stops; another starts on a book whose page of
        # postponements is lost (zeros), where no query of the reminders
        # goes: a reminder due there must not be recorded, nor shown, and
        # the book not written; the notification says the book is damaged.
        stop_process_group(self.app)
        if not wait_for(lambda: not self.has_owner(self.app_id), 10):
            raise Failure("%s still owned after the service stopped" % self.app_id)
        database = os.path.join(self.tmp, "damaged.db")
        now = time.time()
        customer_id = self.cli_run("--database", database, "add", DAMAGED[0], "--alert", DAMAGED[1])
        promise_id = int(self.cli_run("--database", database, "promise", customer_id, DAMAGED[2],
                                      "--due", time.strftime("%Y-%m-%d", time.localtime(now)),
                                      "--remind", time.strftime("%Y-%m-%dT%H:%M", time.localtime(now))))
        connection = sqlite3.connect(database, timeout=10)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            page_size = connection.execute("PRAGMA page_size").fetchone()[0]
            root = connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                                      ("promise_postponements",)).fetchone()[0]
        finally:
            connection.close()
        with open(database, "r+b") as book:
            book.seek((root - 1) * page_size)
            book.write(bytes(page_size))
        with open(database, "rb") as book:
            before = book.read()

        self.app = self.spawn("clientele on the damaged book",
                              [self.clientele, "--gapplication-service", "--database", database],
                              self.env)
        if not wait_for(lambda: self.app.poll() is None and self.has_owner(self.app_id), 15):
            raise Failure("clientele --gapplication-service did not take %s" % self.app_id)
        said = wait_for(lambda: self.notifications("The Customer Book Is Damaged"), 20)
        if not said:
            raise Failure("no notification that the book is damaged within 20 s", self.calls("Notify"))
        # Its reminder would have fired at the start.
        time.sleep(TICK_SECONDS + 1)
        if self.notifications(DAMAGED[2]):
            raise Failure("the reminder of the damaged book was shown", self.calls("Notify"))
        with open(database, "rb") as book:
            if book.read() != before:
                raise Failure("the damaged book's file was written")
        wal = database + "-wal"
        wal_size = os.path.getsize(wal) if os.path.exists(wal) else 0
        if wal_size != 0:
            raise Failure("%d bytes written to the damaged book's journal" % wal_size)
        reminded = self.query_book(database, "SELECT reminded_at FROM promises WHERE id = ?", promise_id)[0]
        if reminded is not None:
            raise Failure("the damaged book's reminder was recorded as fired at %s" % reminded)
        return "“%s”; the book and its journal unwritten, promise %d not reminded" % (
            said[0][4], promise_id)

    def query_book(self, database, sql, *args):
        connection = sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=10)
        try:
            return connection.execute(sql, args).fetchone()
        finally:
            connection.close()

    def describe_failure(self):
        for description, process, log_path in self.started:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                output = log.read().strip()
            status = process.poll()
            comment("%s (pid %d) %s; its output:" % (
                description, process.pid, "is running" if status is None else "exited with %d" % status))
            comment(output or "(nothing)")

    def run(self):
        steps = [
            ("the mock notification daemon runs", self.step_mock),
            ("clientele-cli seeds two promises", self.step_seed),
            ("clientele --gapplication-service starts", self.step_start),
            ("the reminder missed before the start notifies", self.step_caught_up),
            ("the reminder due after the start notifies on time", self.step_on_time),
            ("no reminder notifies twice", self.step_once),
            ("Mark Kept over D-Bus keeps the promise", self.step_mark_kept),
            ("Snooze 1 Hour over D-Bus snoozes the promise", self.step_snooze),
            ("Open over D-Bus opens a window on the book", self.step_open),
            ("run-in-background wrote the autostart entry", self.step_autostart),
            ("a book damaged deep inside is said so, and nothing is recorded in it", self.step_damaged),
        ]
        return run_steps(steps, errors=(Failure, GLib.Error, sqlite3.Error),
                         describe_failure=self.describe_failure)


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID\n" % sys.argv[0])
        return 2

    if not os.environ.get("DISPLAY"):
        emit("1..0 # SKIP no X display: run under xvfb-run, as build-aux/check does")
        return 0
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and \
            not (runtime_dir and os.path.exists(os.path.join(runtime_dir, "bus"))):
        emit("1..0 # SKIP no D-Bus session bus: run under dbus-run-session, as build-aux/check does")
        return 0
    try:
        import dbusmock  # noqa: F401
    except ImportError:
        emit("1..0 # SKIP python3-dbusmock is missing")
        return 0

    return run_test(Test(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]))


if __name__ == "__main__":
    sys.exit(main())
