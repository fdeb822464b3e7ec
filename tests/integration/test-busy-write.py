#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A change the window's process makes while another program holds the
# book's write lock (F8 of the 2026-12-05 reliability review): the real
# clientele, resident with no window (--gapplication-service), is asked
# over D-Bus, as a reminder notification's "Mark Kept" button does, to keep
# a promise while a second SQLite connection (another program) holds a
# write transaction open.
#
# Asserts that the action is answered at once and the main loop keeps
# answering D-Bus calls while it waits (today's main froze for the 5 s
# busy timeout); that the promise is kept as soon as the other program
# commits; and that when the book stays busy past the wait, the person is
# told in a notification (python3-dbusmock's notification daemon) titled
# "The promise was not marked as kept." saying the book is busy, the
# promise left open — today's main only wrote a log line. Last, that the
# service asked to activate, as the desktop does, opens its window on the
# book it was started with (--database), not on the default one; and that a
# second clientele, started while the service runs, hands its command line
# over (a window on the book it names) and exits.
#
# Usage: test-busy-write.py PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID
# Needs a D-Bus session bus and an X display, as in build-aux/check.

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
# src/gui/clt-application.c, src/core/clt-store.c (LANG is C.UTF-8)
FAILURE_TITLE = "The promise was not marked as kept."
BUSY_TEXT = "busy with another program"
# src/gui/clt-write.h: CLT_WRITE_PATIENCE_MS
PATIENCE_SECONDS = 5
# Longest a D-Bus call may wait for the main loop: a few frames, far from
# the 5 s SQLite would wait on the main thread.
RESPONSIVE_SECONDS = 0.5


def wait_for(condition, timeout, interval=0.05):
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
        self.tmp = tempfile.mkdtemp(prefix="clientele-busy-")
        self.database = os.path.join(self.tmp, "book.db")
        self.started = []
        self.bus = None
        self.app = None
        self.promises = []
        self.env = dict(os.environ)
        self.env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            self.env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(self.env[variable], exist_ok=True)
        self.env.pop("GIO_USE_PORTALS", None)
        self.env["GNOTIFICATION_BACKEND"] = "freedesktop"
        self.env["GSETTINGS_BACKEND"] = "memory"

    def spawn(self, description, argv, env):
        log_path = os.path.join(self.tmp, "%d.log" % len(self.started))
        process = spawn_logged(argv, env, log_path)
        self.started.append((description, process, log_path))
        return process

    def cleanup(self):
        for _description, process, _log in reversed(self.started):
            stop_process_group(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def call(self, name, path, interface, method, args, reply, timeout_ms=30000):
        result = self.bus.call_sync(name, path, interface, method, args,
                                    GLib.VariantType.new(reply) if reply else None,
                                    Gio.DBusCallFlags.NONE, timeout_ms, None)
        return result.unpack() if result is not None else None

    def has_owner(self, name):
        return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         "NameHasOwner", GLib.Variant("(s)", (name,)), "(b)")[0]

    def notifications(self):
        calls = self.call(NOTIFICATIONS, NOTIFICATIONS_PATH, MOCK_INTERFACE, "GetCalls",
                          None, "(a(tsav))")[0]
        return [(args[3], args[4]) for _time, name, args in calls if name == "Notify"]

    def mark_kept(self, promise_id):
        """Seconds until clientele answered the action."""
        start = time.monotonic()
        self.call(self.app_id, self.app_path, "org.freedesktop.Application", "ActivateAction",
                  GLib.Variant("(sava{sv})", ("mark-kept", [GLib.Variant("x", promise_id)], {})), None)
        return time.monotonic() - start

    def ping(self):
        """Seconds the main loop took to answer a D-Bus call."""
        start = time.monotonic()
        self.call(self.app_id, self.app_path, "org.gtk.Actions", "List", None, "(as)")
        return time.monotonic() - start

    def slowest_ping(self, seconds):
        slowest = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            slowest = max(slowest, self.ping())
            time.sleep(0.05)
        return slowest

    def status(self, promise_id):
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            return connection.execute("SELECT status FROM promises WHERE id = ?", (promise_id,)).fetchone()[0]
        finally:
            connection.close()

    def hold_write_lock(self):
        """Another program's open write transaction."""
        connection = sqlite3.connect(self.database, timeout=10, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE customers SET updated_at = updated_at")
        return connection

    # --- steps -----------------------------------------------------------

    def step_mock(self):
        try:
            self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        except GLib.Error as e:
            raise Failure("no D-Bus session bus: run under dbus-run-session (%s)" % e.message)
        for name in (NOTIFICATIONS, self.app_id):
            if self.has_owner(name):
                raise Failure("%s is already taken on this bus" % name)
        process = self.spawn("the mock notification daemon",
                             [sys.executable, "-m", "dbusmock", "--template", "notification_daemon"],
                             dict(os.environ))
        if not wait_for(lambda: process.poll() is None and self.has_owner(NOTIFICATIONS), 15):
            raise Failure("python3 -m dbusmock did not take %s" % NOTIFICATIONS)
        return "pid %d" % process.pid

    def step_seed(self):
        for name, text in (("Hélène Dupré", "Rappeler pour la robe"), ("Marc Aubert", "Envoyer le devis")):
            args = [self.cli, "--database", self.database]
            customer = subprocess.run(args + ["add", name], capture_output=True, check=True,
                                      env=self.env, text=True).stdout.strip()
            promise = subprocess.run(args + ["promise", customer, text, "--due", "2030-01-15"],
                                     capture_output=True, check=True, env=self.env, text=True).stdout.strip()
            self.promises.append(int(promise))
        return "promises %s" % self.promises

    def step_start(self):
        self.app = self.spawn("clientele", [self.clientele, "--gapplication-service",
                                            "--database", self.database], self.env)
        if not wait_for(lambda: self.app.poll() is None and self.has_owner(self.app_id), 15):
            raise Failure("clientele --gapplication-service did not take %s" % self.app_id)
        # The reminders' book is opened once the service runs.
        time.sleep(1)
        return "pid %d, ping %.3f s" % (self.app.pid, self.ping())

    def step_waits_without_freezing(self):
        promise_id = self.promises[0]
        lock = self.hold_write_lock()
        try:
            answered = self.mark_kept(promise_id)
            slowest = self.slowest_ping(1.5)
            if self.status(promise_id) != "open":
                raise Failure("promise %d changed while the other program held the book" % promise_id)
        finally:
            lock.execute("COMMIT")
            lock.close()
        if answered > RESPONSIVE_SECONDS:
            raise Failure("Mark Kept was answered after %.2f s, the main loop blocked" % answered)
        if slowest > RESPONSIVE_SECONDS:
            raise Failure("the main loop took %.2f s to answer while waiting for the book" % slowest)
        if not wait_for(lambda: self.status(promise_id) == "kept", 3):
            raise Failure("promise %d is “%s” after the other program committed, not kept" % (
                promise_id, self.status(promise_id)))
        return "answered in %.3f s, slowest ping %.3f s, kept after the commit" % (answered, slowest)

    def step_fails_with_notification(self):
        promise_id = self.promises[1]
        lock = self.hold_write_lock()
        try:
            answered = self.mark_kept(promise_id)
            slowest = self.slowest_ping(PATIENCE_SECONDS - 1)
            found = wait_for(lambda: [n for n in self.notifications() if n[0] == FAILURE_TITLE],
                             PATIENCE_SECONDS + 3)
            status = self.status(promise_id)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        if answered > RESPONSIVE_SECONDS or slowest > RESPONSIVE_SECONDS:
            raise Failure("the main loop blocked: answered after %.2f s, slowest ping %.2f s" % (
                answered, slowest))
        if not found:
            raise Failure("no notification “%s”" % FAILURE_TITLE, self.notifications())
        if len(found) != 1 or BUSY_TEXT not in found[0][1]:
            raise Failure("the notification does not say the book is busy", found)
        if status != "open":
            raise Failure("promise %d is “%s”, not open" % (promise_id, status))
        return "answered in %.3f s, slowest ping %.3f s, notified: %s / %s" % (
            answered, slowest, found[0][0], found[0][1])

    def step_activate_opens_its_book(self):
        """As the desktop opens a D-Bus activatable application."""
        default_book = os.path.join(self.env["XDG_DATA_HOME"], "clientele", "clientele.db")
        self.call(self.app_id, self.app_path, "org.freedesktop.Application", "Activate",
                  GLib.Variant("(a{sv})", ({},)), None)
        window_path = wait_for(self.window_path, 15)
        if window_path is None:
            raise Failure("no window after Activate")
        time.sleep(0.5)
        if os.path.exists(default_book):
            raise Failure("Activate opened %s, not the service's book %s" % (default_book, self.database))
        return "window %s, on %s" % (window_path, os.path.basename(self.database))

    def step_second_instance_hands_over(self):
        """Started from a terminal while the service runs: it sets GTK up while
        it registers on the bus, then finds the name taken and hands its command
        line over."""
        other_book = os.path.join(os.path.dirname(self.database), "other.db")
        start = time.monotonic()
        second = self.spawn("a second clientele", [self.clientele, "--database", other_book], self.env)
        if not wait_for(lambda: second.poll() is not None, 15):
            raise Failure("the second clientele did not exit")
        if second.returncode != 0:
            raise Failure("the second clientele exited with %d" % second.returncode)
        seconds = time.monotonic() - start
        if not wait_for(lambda: len(self.window_paths()) == 2, 15):
            raise Failure("the service did not open a window on %s" % other_book)
        if not wait_for(lambda: os.path.exists(other_book), 5):
            raise Failure("the service did not make %s" % other_book)
        return "exited 0 after %.2f s; the service has %d windows" % (seconds, len(self.window_paths()))

    def window_paths(self):
        xml = self.call(self.app_id, self.app_path + "/window", "org.freedesktop.DBus.Introspectable",
                        "Introspect", None, "(s)")[0]
        return [node.path for node in Gio.DBusNodeInfo.new_for_xml(xml).nodes]

    def window_path(self):
        """The object path of the first window the application exports."""
        xml = self.call(self.app_id, self.app_path + "/window", "org.freedesktop.DBus.Introspectable",
                        "Introspect", None, "(s)")[0]
        nodes = Gio.DBusNodeInfo.new_for_xml(xml).nodes
        return self.app_path + "/window/" + nodes[0].path if nodes else None

    def describe_failure(self):
        for description, process, log_path in self.started:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                output = log.read().strip()
            comment("%s (pid %d); its output:" % (description, process.pid))
            comment(output or "(nothing)")

    def run(self):
        steps = [
            ("the mock notification daemon runs", self.step_mock),
            ("clientele-cli seeds two promises", self.step_seed),
            ("clientele --gapplication-service starts", self.step_start),
            ("Mark Kept while another program writes waits off the main loop, then keeps",
             self.step_waits_without_freezing),
            ("Mark Kept the book stays too busy for is told in a notification",
             self.step_fails_with_notification),
            ("Activate opens a window on the service's book (--database), not the default one",
             self.step_activate_opens_its_book),
            ("a second clientele hands its command line to the service and exits",
             self.step_second_instance_hands_over),
        ]
        return run_steps(steps, errors=(Failure, GLib.Error, sqlite3.Error, subprocess.CalledProcessError),
                         describe_failure=self.describe_failure)


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("Usage: %s PATH-TO-CLIENTELE PATH-TO-CLIENTELE-CLI APP-ID\n" % sys.argv[0])
        return 2
    if not os.environ.get("DISPLAY"):
        emit("1..0 # SKIP no X display: run under xvfb-run, as build-aux/check does")
        return 0
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
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
