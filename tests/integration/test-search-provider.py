#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GNOME Shell's search provider, end to end: the built
# clientele-search-provider on a session bus of its own, asked as GNOME
# Shell asks it (org.gnome.Shell.SearchProvider2), on a book seeded with
# the built clientele-cli in a temporary $XDG_DATA_HOME, where the provider
# looks for it.
#
# Checks that it links no GTK; that with no book yet it finds no one and
# makes none; the results of GetInitialResultSet and GetSubsearchResultSet
# (terms ANDed, "helene" finds "Hélène", a phone whole or split at its
# spaces); the exact metas of GetResultMetas: a plain alert's text, "Alert"
# alone for a sensitive alert, the preferences without the sensitive one;
# that ActivateResult and LaunchSearch reach the application (the test owns
# its name and records org.freedesktop.Application.ActivateAction) with
# app.open-customer and the customer's id, app.search and the terms; the
# same metas through `gdbus call`; that the provider quits when idle; the
# French of "Alert" (the build's catalogue); and that the .ini and D-Bus
# service files name what it exports.
#
# Usage: test-search-provider.py PROVIDER CLIENTELE-CLI APP-ID INI SERVICE
# Starts again under a private dbus-run-session, so that it can own the
# application's name. Prints TAP; on failure, the provider's output as
# comments.

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from taplib import Failure, Skip, comment, emit, run_steps, run_test, spawn_logged, stop_process_group

try:
    import gi

    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib
except (ImportError, ValueError) as e:
    emit("1..0 # SKIP python3-gi is missing: %s" % e)
    sys.exit(0)

PRIVATE_BUS_VARIABLE = "CLT_TEST_SEARCH_PROVIDER_PRIVATE_BUS"
INTERFACE = "org.gnome.Shell.SearchProvider2"
# The provider's GApplication quits this long after its last call.
IDLE_SECONDS = 10

# (name, options of clientele-cli add)
HELENE = ("Hélène Dupré", ["--alert", "Allergique aux plumes", "--phone", "06 12 34 56 78"])
MARTIN = ("Hélène Martin", ["--alert", "Diabétique"])
MARC = ("Marc Dupré", ["--preference", "Chambre côté cour", "--preference", "Suivi cardiaque",
                       "--preference", "Café sans sucre"])
# Marked sensitive in the database: the CLI has no option for it.
SENSITIVE = ("Diabétique", "Suivi cardiaque")

APPLICATION_XML = """
<node>
  <interface name="org.freedesktop.Application">
    <method name="Activate"><arg type="a{sv}" name="platform_data" direction="in"/></method>
    <method name="Open">
      <arg type="as" name="uris" direction="in"/>
      <arg type="a{sv}" name="platform_data" direction="in"/>
    </method>
    <method name="ActivateAction">
      <arg type="s" name="action_name" direction="in"/>
      <arg type="av" name="parameter" direction="in"/>
      <arg type="a{sv}" name="platform_data" direction="in"/>
    </method>
  </interface>
</node>
"""


def wait_for(condition, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    context = GLib.MainContext.default()
    while True:
        while context.pending():
            context.iteration(False)
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


class Test:
    def __init__(self, provider, cli, app_id, ini, service):
        self.provider = provider
        self.cli = cli
        self.app_id = app_id
        self.ini = ini
        self.service = service
        self.bus_name = app_id + ".SearchProvider"
        self.object_path = "/" + self.bus_name.replace(".", "/")
        self.tmp = tempfile.mkdtemp(prefix="clientele-search-provider-")
        self.env = self.child_env()
        self.database = os.path.join(self.env["XDG_DATA_HOME"], "clientele", "clientele.db")
        self.bus = None
        self.process = None
        self.log_path = None
        self.started = []
        self.ids = {}
        self.activations = []
        self.registration = 0

    def child_env(self):
        env = dict(os.environ)
        # Nothing here may touch the real user's data.
        env["HOME"] = self.tmp
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[variable] = os.path.join(self.tmp, variable.lower())
            os.makedirs(env[variable], exist_ok=True)
        env["LANG"] = "C.UTF-8"
        for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "CLIENTELE_UNINSTALLED"):
            env.pop(variable, None)
        return env

    # --- processes -----------------------------------------------------------

    def start_provider(self, env):
        self.log_path = os.path.join(self.tmp, "provider-%d.log" % len(self.started))
        self.process = spawn_logged([self.provider], env, self.log_path)
        self.started.append(self.process)
        if not wait_for(lambda: self.process.poll() is None and self.has_owner(self.bus_name), 15):
            raise Failure("clientele-search-provider did not take %s" % self.bus_name,
                          self.provider_log())
        return "pid %d" % self.process.pid

    def provider_log(self):
        if self.log_path is None or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as log:
            return "provider: " + log.read().decode(errors="replace")

    def cleanup(self):
        if self.registration:
            self.bus.unregister_object(self.registration)
        for process in self.started:
            stop_process_group(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cli_run(self, *args):
        result = subprocess.run([self.cli, "--database", self.database] + list(args),
                                stdin=subprocess.DEVNULL, capture_output=True, env=self.env,
                                timeout=60)
        if result.returncode != 0:
            raise Failure("clientele-cli %s failed with %d" % (" ".join(args), result.returncode),
                          result.stdout.decode(errors="replace") +
                          result.stderr.decode(errors="replace"))
        return result.stdout.decode().strip()

    # --- D-Bus ---------------------------------------------------------------

    def has_owner(self, name):
        reply = self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "NameHasOwner",
                                   GLib.Variant("(s)", (name,)), GLib.VariantType.new("(b)"),
                                   Gio.DBusCallFlags.NONE, 5000, None)
        return reply.unpack()[0]

    def call(self, method, signature, args, reply):
        result = self.bus.call_sync(self.bus_name, self.object_path, INTERFACE, method,
                                    GLib.Variant(signature, args),
                                    GLib.VariantType.new(reply) if reply else None,
                                    Gio.DBusCallFlags.NO_AUTO_START, 10000, None)
        return result.unpack() if reply else None

    def search(self, *terms):
        return self.call("GetInitialResultSet", "(as)", (list(terms),), "(as)")[0]

    def subsearch(self, previous, *terms):
        return self.call("GetSubsearchResultSet", "(asas)", (previous, list(terms)), "(as)")[0]

    def metas(self, *ids):
        return self.call("GetResultMetas", "(as)", (list(ids),), "(aa{sv})")[0]

    def id_of(self, customer):
        return str(self.ids[customer[0]])

    def expect(self, what, found, expected):
        if found != expected:
            raise Failure("%s: %r, expected %r" % (what, found, expected), self.provider_log())

    def application_call(self, connection, sender, path, interface, method, parameters,
                         invocation):
        self.activations.append((method, parameters.unpack()))
        invocation.return_value(None)

    # --- steps ---------------------------------------------------------------

    def step_no_gtk(self):
        result = subprocess.run(["ldd", self.provider], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise Failure("ldd failed", result.stderr)
        libraries = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
        for forbidden in ("libgtk", "libgdk", "libadwaita", "libportal"):
            found = [name for name in libraries if name.startswith(forbidden)]
            if found:
                raise Failure("the provider links %s" % ", ".join(found), result.stdout)
        if not any(name.startswith("libgio-2.0") for name in libraries):
            raise Failure("ldd listed no libgio: its output was not understood", result.stdout)
        return "%d libraries, none of GTK" % len(libraries)

    def step_bus(self):
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        for name in (self.app_id, self.bus_name):
            if self.has_owner(name):
                raise Failure("%s is already taken on this bus" % name)
        # The application, as far as the provider can tell.
        info = Gio.DBusNodeInfo.new_for_xml(APPLICATION_XML).interfaces[0]
        self.registration = self.bus.register_object("/" + self.app_id.replace(".", "/"), info,
                                                     self.application_call, None, None)
        reply = self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "RequestName",
                                   GLib.Variant("(su)", (self.app_id, 4)),
                                   GLib.VariantType.new("(u)"), Gio.DBusCallFlags.NONE, 5000, None)
        if reply.unpack()[0] != 1:
            raise Failure("could not own %s" % self.app_id)
        return "the test is %s" % self.app_id

    def step_start(self):
        return self.start_provider(self.env)

    def step_no_book(self):
        self.expect("a search with no book", self.search("helene"), [])
        if os.path.exists(self.database):
            raise Failure("the provider made a book at %s" % self.database)
        return "no results, no book"

    def step_seed(self):
        for name, options in (HELENE, MARTIN, MARC):
            self.ids[name] = int(self.cli_run("add", name, *options))
        connection = sqlite3.connect(self.database, timeout=10)
        with connection:
            for text in SENSITIVE:
                changed = connection.execute("UPDATE preferences SET sensitive = 1 WHERE text = ?",
                                             (text,)).rowcount
                if changed != 1:
                    raise Failure("%d preferences “%s”" % (changed, text))
        connection.close()
        return "customers %s" % self.ids

    def step_search(self):
        helene, martin = self.id_of(HELENE), self.id_of(MARTIN)
        self.expect("helene", self.search("helene"), [helene, martin])
        self.expect("helene dupre", self.search("helene", "dupre"), [helene])
        self.expect("DUPRÉ hél", self.search("DUPRÉ", "hél"), [helene])
        self.expect("marc helene", self.search("marc", "helene"), [])
        self.expect("0612345678", self.search("0612345678"), [helene])
        self.expect("06 12 34", self.search("06", "12", "34"), [helene])
        self.expect("nothing typed", self.search(), [])
        return "ok"

    def step_subsearch(self):
        helene, martin = self.id_of(HELENE), self.id_of(MARTIN)
        self.expect("helene, then helene martin",
                    self.subsearch([helene, martin], "helene", "martin"), [martin])
        self.expect("helene, then helene dupré",
                    self.subsearch([helene, martin], "helene", "dupré"), [helene])
        return "ok"

    def step_metas(self):
        ids = [self.id_of(HELENE), self.id_of(MARTIN), self.id_of(MARC)]
        expected = [
            {"id": ids[0], "name": HELENE[0], "description": "Alert: Allergique aux plumes",
             "gicon": "avatar-default-symbolic"},
            {"id": ids[1], "name": MARTIN[0], "description": "Alert",
             "gicon": "avatar-default-symbolic"},
            {"id": ids[2], "name": MARC[0], "description": "Chambre côté cour · Café sans sucre",
             "gicon": "avatar-default-symbolic"},
        ]
        # An id that is not a customer is left out.
        found = self.metas(*ids, "999999", "not-a-number")
        self.expect("GetResultMetas", found, expected)
        for meta in found:
            for text in SENSITIVE:
                if any(text in str(value) for value in meta.values()):
                    raise Failure("“%s” shows in %r" % (text, meta))
        return "ok"

    def step_gdbus(self):
        # The command a packager would type, as the issue asks.
        ids = [self.id_of(HELENE), self.id_of(MARTIN)]
        result = subprocess.run(["gdbus", "call", "--session", "--dest", self.bus_name,
                                 "--object-path", self.object_path,
                                 "--method", INTERFACE + ".GetResultMetas", str(ids)],
                                capture_output=True, text=True, env=self.env, timeout=30)
        if result.returncode != 0:
            raise Failure("gdbus call failed with %d" % result.returncode, result.stderr)
        expected = ("([{'id': <'%s'>, 'name': <'Hélène Dupré'>, "
                    "'description': <'Alert: Allergique aux plumes'>, "
                    "'gicon': <'avatar-default-symbolic'>}, "
                    "{'id': <'%s'>, 'name': <'Hélène Martin'>, 'description': <'Alert'>, "
                    "'gicon': <'avatar-default-symbolic'>}],)" % tuple(ids))
        self.expect("gdbus call", result.stdout.strip(), expected)
        return result.stdout.strip()

    def step_activate(self):
        helene = self.ids[HELENE[0]]
        self.call("ActivateResult", "(sasu)", (str(helene), ["helene"], 1234), None)
        if not wait_for(lambda: self.activations, 10):
            raise Failure("ActivateResult did not reach the application", self.provider_log())
        self.expect("ActivateResult's call", self.activations,
                    [("ActivateAction", ("open-customer", [helene],
                                         {"desktop-startup-id": "_TIME1234"}))])
        return "ok"

    def step_launch_search(self):
        self.activations.clear()
        self.call("LaunchSearch", "(asu)", (["helene", "dupre"], 0), None)
        if not wait_for(lambda: self.activations, 10):
            raise Failure("LaunchSearch did not reach the application", self.provider_log())
        self.expect("LaunchSearch's call", self.activations,
                    [("ActivateAction", ("search", ["helene dupre"], {}))])
        return "ok"

    def step_idle(self):
        start = time.monotonic()
        if not wait_for(lambda: self.process.poll() is not None, IDLE_SECONDS + 10, 0.2):
            raise Failure("the provider was still running %d s after its last call"
                          % (IDLE_SECONDS + 10))
        if self.process.returncode != 0:
            raise Failure("the provider exited with %d" % self.process.returncode,
                          self.provider_log())
        log = self.provider_log()
        if log.strip() != "provider:":
            raise Failure("the provider wrote something", log)
        return "quit %.1f s after the last call" % (time.monotonic() - start)

    def step_french(self):
        if not any(name.lower().replace("-", "") in ("fr_fr.utf8",)
                   for name in subprocess.run(["locale", "-a"], capture_output=True,
                                              text=True).stdout.split()):
            raise Skip("the French locale (fr_FR.UTF-8) is not installed")
        env = dict(self.env)
        env["LANG"] = "fr_FR.UTF-8"
        # The build's catalogue (po/), as `meson devenv` gives it.
        env["CLIENTELE_UNINSTALLED"] = "1"
        self.start_provider(env)
        found = [meta["description"] for meta in self.metas(self.id_of(HELENE), self.id_of(MARTIN))]
        self.expect("the descriptions in French", found,
                    ["Alerte\u00a0: Allergique aux plumes", "Alerte"])
        return "ok"

    def step_files(self):
        ini = configparser.ConfigParser(interpolation=None)
        ini.optionxform = str
        ini.read(self.ini, encoding="utf-8")
        provider = dict(ini["Shell Search Provider"])
        self.expect(".ini", provider, {"DesktopId": self.app_id + ".desktop",
                                       "BusName": self.bus_name,
                                       "ObjectPath": self.object_path,
                                       "Version": "2"})
        service = configparser.ConfigParser(interpolation=None)
        service.optionxform = str
        service.read(self.service, encoding="utf-8")
        section = service["D-BUS Service"]
        self.expect("the service's name", section["Name"], self.bus_name)
        self.expect("the service's program", os.path.basename(section["Exec"]),
                    os.path.basename(self.provider))
        # What the .ini names is what the running provider exports.
        xml = self.bus.call_sync(self.bus_name, self.object_path,
                                 "org.freedesktop.DBus.Introspectable", "Introspect", None,
                                 GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NO_AUTO_START,
                                 5000, None).unpack()[0]
        names = [interface.name for interface in Gio.DBusNodeInfo.new_for_xml(xml).interfaces]
        if INTERFACE not in names:
            raise Failure("%s does not export %s" % (self.object_path, INTERFACE), xml)
        return "ok"

    def run(self):
        steps = [
            ("the provider links no GTK", self.step_no_gtk),
            ("own the application's name on a private bus", self.step_bus),
            ("start the provider", self.step_start),
            ("no book: no results, and no book made", self.step_no_book),
            ("seed a book with clientele-cli", self.step_seed),
            ("GetInitialResultSet: terms ANDed, folded, phones", self.step_search),
            ("GetSubsearchResultSet", self.step_subsearch),
            ("GetResultMetas: alerts, sensitive ones as “Alert”, preferences", self.step_metas),
            ("gdbus call GetResultMetas", self.step_gdbus),
            ("ActivateResult opens the customer in the application", self.step_activate),
            ("LaunchSearch hands the terms to the application", self.step_launch_search),
            ("the provider quits when idle", self.step_idle),
            ("“Alerte” in French", self.step_french),
            ("the .ini and the service name what it exports", self.step_files),
        ]
        return run_steps(steps, errors=(Failure, GLib.Error, sqlite3.Error,
                                               subprocess.SubprocessError))


def main():
    if len(sys.argv) != 6:
        sys.stderr.write("Usage: %s PROVIDER CLIENTELE-CLI APP-ID INI SERVICE\n" % sys.argv[0])
        return 2

    if not os.environ.get(PRIVATE_BUS_VARIABLE):
        if shutil.which("dbus-run-session") is None:
            emit("1..0 # SKIP dbus-run-session is missing (dbus-daemon)")
            return 0
        env = dict(os.environ)
        env[PRIVATE_BUS_VARIABLE] = "1"
        sys.stdout.flush()
        os.execvpe("dbus-run-session", ["dbus-run-session", "--", sys.executable,
                                        os.path.abspath(__file__)] + sys.argv[1:], env)

    return run_test(Test(*[os.path.abspath(arg) if i != 2 else arg
                           for i, arg in enumerate(sys.argv[1:])]))


if __name__ == "__main__":
    sys.exit(main())
