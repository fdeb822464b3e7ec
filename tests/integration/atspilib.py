# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the tests that drive the real clientele window through AT-SPI share:
# the accessibility bus (started when the session has none), a book seeded
# with the built clientele-cli, the window started on it and found in the
# AT-SPI desktop by process id, and the walk and description of its
# accessible tree.
#
# Imported as "atspilib" by the test-*.py scripts beside it. Importing it
# prints a TAP skip and exits when python3-gi or gir1.2-atspi-2.0 is
# missing; check_session() says why a test cannot run here.

import os
import shutil
import subprocess
import sys
import tempfile
import time

from taplib import Failure, comment, emit, spawn_logged, stop_process_group

SETTINGS_PATH = "io/github/clientele/Clientele"

BUS_LAUNCHERS = [
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
]
REGISTRY_DAEMONS = [
    "/usr/libexec/at-spi2-registryd",
    "/usr/lib/at-spi2-core/at-spi2-registryd",
]

XK_RETURN = 0xff0d
XK_BACKSPACE = 0xff08


# test_env makes warnings fatal, for the programs under test. libatspi warns
# about what GTK does not implement (its cache interface, for one): that is
# not a failure of this test, so not here. GLib reads G_DEBUG when loaded.
CHILD_G_DEBUG = os.environ.get("G_DEBUG")
if CHILD_G_DEBUG is not None:
    os.environ["G_DEBUG"] = ",".join(flag for flag in CHILD_G_DEBUG.split(",")
                                     if flag not in ("fatal-warnings", "fatal-criticals"))

try:
    import gi

    gi.require_version("Atspi", "2.0")
    gi.require_version("Gio", "2.0")
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as e:
    emit("1..0 # SKIP python3-gi or gir1.2-atspi-2.0 is missing: %s" % e)
    sys.exit(0)


def wait_for(condition, timeout, interval=0.1):
    """Polls condition() until it returns something true; returns that, or
    None after timeout seconds. Exceptions from condition() count as not
    yet (the accessible tree changes under our feet)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except GLib.Error:
            result = None
        if result:
            return result
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def first_existing(paths):
    for path in paths:
        if os.access(path, os.X_OK):
            return path
    return None


def dbus_call(connection, name, path, interface, method, args, reply):
    result = connection.call_sync(name, path, interface, method, args,
                                  GLib.VariantType.new(reply),
                                  Gio.DBusCallFlags.NONE, 10000, None)
    return result.unpack()


def name_has_owner(connection, name):
    return dbus_call(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                     "org.freedesktop.DBus", "NameHasOwner",
                     GLib.Variant("(s)", (name,)), "(b)")[0]


def name_is_activatable(connection, name):
    return name in dbus_call(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                             "org.freedesktop.DBus", "ListActivatableNames",
                             None, "(as)")[0]



class AtspiApp:
    """The built clientele on a book of its own, seen through AT-SPI."""

    def __init__(self, clientele, cli, prefix="clientele-atspi-"):
        self.clientele = clientele
        self.cli = cli
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.database = os.path.join(self.tmp, "book.db")
        self.started = []      # (description, Popen, log path) of helpers we started
        self.app = None
        self.app_log = os.path.join(self.tmp, "clientele.log")
        self.app_accessible = None
        self.window = None
        self.env = self.child_env()

    def child_env(self):
        env = dict(os.environ)
        # Nothing here may touch the real user's data or settings.
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(env[variable], exist_ok=True)
        env.setdefault("GSETTINGS_BACKEND", "memory")
        if CHILD_G_DEBUG is not None:
            env["G_DEBUG"] = CHILD_G_DEBUG
        # The application must talk to the accessibility bus, on X11, where
        # at-spi2-registryd can press keys.
        env.pop("NO_AT_BRIDGE", None)
        env["GTK_A11Y"] = "atspi"
        env["GDK_BACKEND"] = "x11"
        return env

    # --- helpers we start -------------------------------------------------

    def spawn_helper(self, description, argv, env=None):
        """Starts a daemon of the desktop, with this script's environment
        (warnings not fatal: they are not under test)."""
        if env is None:
            env = dict(os.environ)
            env.pop("NO_AT_BRIDGE", None)
        log_path = os.path.join(self.tmp, os.path.basename(argv[0]) + ".log")
        process = spawn_logged(argv, env, log_path)
        self.started.append((description, process, log_path))
        return process

    def stop(self, process):
        stop_process_group(process)

    def cleanup(self):
        self.stop_app()
        for _description, process, _log in reversed(self.started):
            self.stop(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- steps ------------------------------------------------------------

    def step_accessibility_bus(self):
        try:
            session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        except GLib.Error as e:
            raise Failure("no D-Bus session bus: run under dbus-run-session (%s)" % e.message)

        how = "already running"
        if not name_has_owner(session, "org.a11y.Bus"):
            launcher = first_existing(BUS_LAUNCHERS)
            if launcher is None:
                raise Failure("at-spi-bus-launcher not found (package at-spi2-core)")
            process = self.spawn_helper("at-spi-bus-launcher",
                                        [launcher, "--launch-immediately"])
            if not wait_for(lambda: process.poll() is None and name_has_owner(session, "org.a11y.Bus"), 15):
                raise Failure("at-spi-bus-launcher did not take org.a11y.Bus")
            how = "started at-spi-bus-launcher (pid %d)" % process.pid

        address = wait_for(lambda: dbus_call(session, "org.a11y.Bus", "/org/a11y/bus",
                                             "org.a11y.Bus", "GetAddress", None, "(s)")[0], 15)
        if not address:
            raise Failure("org.a11y.Bus gives no address")
        self.env["AT_SPI_BUS_ADDRESS"] = address

        a11y = Gio.DBusConnection.new_for_address_sync(
            address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        registry = "org.a11y.atspi.Registry"
        if not name_has_owner(a11y, registry) and not name_is_activatable(a11y, registry):
            daemon = first_existing(REGISTRY_DAEMONS)
            if daemon is None:
                raise Failure("at-spi2-registryd not found (package at-spi2-core)")
            env = dict(os.environ, AT_SPI_BUS_ADDRESS=address)
            env.pop("NO_AT_BRIDGE", None)
            process = self.spawn_helper("at-spi2-registryd", [daemon], env)
            if not wait_for(lambda: process.poll() is None and name_has_owner(a11y, registry), 15):
                raise Failure("at-spi2-registryd did not take %s" % registry)
            how += ", started at-spi2-registryd"
        # Starts the registry if it is only activatable.
        dbus_call(a11y, registry, "/org/a11y/atspi/accessible/root",
                  "org.freedesktop.DBus.Properties", "Get",
                  GLib.Variant("(ss)", ("org.a11y.atspi.Accessible", "ChildCount")), "(v)")
        a11y.close_sync(None)

        # libatspi finds the bus the same way the application does.
        if Atspi.init() not in (0, 1):
            raise Failure("Atspi.init() failed")
        # The application may be busy building its window: be patient.
        Atspi.set_timeout(5000, 15000)
        return how

    def run_cli(self, *args):
        """Runs the built clientele-cli on the book; returns its output."""
        result = subprocess.run([self.cli, "--database", self.database] + list(args),
                                stdin=subprocess.DEVNULL, capture_output=True,
                                env=self.env, timeout=60)
        if result.returncode != 0:
            raise Failure("clientele-cli %s failed with %d" % (" ".join(args), result.returncode),
                          result.stdout.decode(errors="replace") +
                          result.stderr.decode(errors="replace"))
        return result.stdout.decode()

    def start_app(self, name, width, height, args=()):
        """Starts clientele with a window of @width × @height, and waits for
        its window in the AT-SPI desktop."""
        self.stop_app()
        # The window takes its size from GSettings: a key file of our own.
        settings_dir = os.path.join(self.env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings_dir, exist_ok=True)
        with open(os.path.join(settings_dir, "keyfile"), "w", encoding="utf-8") as keyfile:
            keyfile.write("[%s]\nwindow-width=%d\nwindow-height=%d\nwindow-maximized=false\n"
                          % (SETTINGS_PATH, width, height))
        self.env["GSETTINGS_BACKEND"] = "keyfile"

        self.app_log = os.path.join(self.tmp, "clientele-%s.log" % name)
        log = open(self.app_log, "wb")
        self.app = subprocess.Popen([self.clientele, "--database", self.database] + list(args),
                                    stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, env=self.env,
                                    start_new_session=True)
        log.close()

        def find():
            if self.app.poll() is not None:
                raise Failure("clientele exited with %d before it showed up in AT-SPI"
                              % self.app.returncode)
            desktop = Atspi.get_desktop(0)
            desktop.clear_cache()
            for i in range(desktop.get_child_count()):
                application = desktop.get_child_at_index(i)
                if application is None:
                    continue
                try:
                    if application.get_process_id() == self.app.pid:
                        return application
                except GLib.Error:
                    pass
            return None

        application = wait_for(find, 20)
        if application is None:
            raise Failure("no application with process id %d in the AT-SPI desktop"
                          % self.app.pid, self.describe_desktop())
        self.app_accessible = application

        self.window = wait_for(self.find_window, 20)
        if self.window is None:
            raise Failure("the application has no window", self.describe_desktop())
        size = wait_for(lambda: self.window_size() if self.window_size()[0] > 0 else None, 10)
        return "application “%s”, pid %d, window “%s”, %s" % (
            application.get_name(), self.app.pid, self.window.get_name(),
            "%d×%d" % size if size else "no size")

    def stop_app(self):
        if self.app is not None:
            self.stop(self.app)
        self.app = None
        self.app_accessible = None
        self.window = None

    def find_window(self):
        self.app_accessible.clear_cache()
        for i in range(self.app_accessible.get_child_count()):
            child = self.app_accessible.get_child_at_index(i)
            if child is not None and child.get_role() in (Atspi.Role.FRAME, Atspi.Role.WINDOW):
                return child
        return None

    def window_size(self):
        size = self.window.get_size()
        return (size.x, size.y)

    @staticmethod
    def describe_extents(node):
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        return "%d,%d %d×%d" % (extents.x, extents.y, extents.width, extents.height)

    # --- the accessible tree ----------------------------------------------

    @staticmethod
    def node_text(node):
        name = node.get_name() or ""
        try:
            text = Atspi.Text.get_text(node, 0, -1) or ""
        except (GLib.Error, NotImplementedError, TypeError, AttributeError):
            text = ""
        return name + "\n" + text

    @staticmethod
    def same(a, b):
        return a is b or (a is not None and b is not None and a.path == b.path)

    def walk(self, root=None, skip=None, limit=5000):
        """Yields (node, depth) depth first, leaving out @skip and what it
        holds; the tree is read afresh."""
        root = root or self.app_accessible
        root.clear_cache()
        stack = [(root, 0)]
        seen = 0
        while stack and seen < limit:
            node, depth = stack.pop()
            if skip is not None and self.same(node, skip):
                continue
            seen += 1
            yield node, depth
            try:
                n = node.get_child_count()
            except GLib.Error:
                continue
            children = []
            for i in range(n):
                try:
                    child = node.get_child_at_index(i)
                except GLib.Error:
                    child = None
                if child is not None:
                    children.append((child, depth + 1))
            stack.extend(reversed(children))

    def describe_tree(self, root=None):
        lines = []
        try:
            for node, depth in self.walk(root):
                try:
                    name = node.get_name() or ""
                    text = self.node_text(node).split("\n", 1)[1]
                    line = "%s%s “%s”" % ("  " * depth, node.get_role_name(), name)
                    if text and text != name:
                        line += " text “%s”" % text.replace("\n", " ")
                    if "Component" in node.get_interfaces():
                        line += " at %s" % self.describe_extents(node)
                    if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                        line += " [focused]"
                    lines.append(line)
                except GLib.Error as e:
                    lines.append("%s(gone: %s)" % ("  " * depth, e.message))
        except GLib.Error as e:
            lines.append("(cannot read the tree: %s)" % e.message)
        return "\n".join(lines)

    def describe_desktop(self):
        lines = []
        try:
            desktop = Atspi.get_desktop(0)
            desktop.clear_cache()
            for i in range(desktop.get_child_count()):
                application = desktop.get_child_at_index(i)
                if application is not None:
                    lines.append("desktop child %d: “%s”, pid %d" % (
                        i, application.get_name(), application.get_process_id()))
            if not lines:
                lines.append("the AT-SPI desktop has no applications")
        except GLib.Error as e:
            lines.append("cannot read the AT-SPI desktop: %s" % e.message)
        return "\n".join(lines)

    def describe_failure(self):
        if self.app_accessible is not None:
            comment("Accessible tree of the application (position and size in the window):")
            comment(self.describe_tree())
        if self.app is not None and os.path.exists(self.app_log):
            with open(self.app_log, encoding="utf-8", errors="replace") as log:
                output = log.read().strip()
            status = self.app.poll()
            comment("clientele %s; its output:" % (
                "is running" if status is None else "exited with %d" % status))
            comment(output or "(nothing)")
        for description, process, log_path in self.started:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                output = log.read().strip()
            if output:
                comment("%s (pid %d) said:" % (description, process.pid))
                comment(output)

    @staticmethod
    def format_error(error):
        if isinstance(error, GLib.Error):
            return "AT-SPI or D-Bus error: %s" % error.message
        return str(error)


def check_session():
    """None when there is an X display and a D-Bus session bus, else why
    not, for a TAP skip."""
    if not os.environ.get("DISPLAY"):
        return "no X display: run under xvfb-run, as build-aux/check does"
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and \
            not (runtime_dir and os.path.exists(os.path.join(runtime_dir, "bus"))):
        return "no D-Bus session bus: run under dbus-run-session, as build-aux/check does"
    return None
