#!/usr/bin/python3
"""TAP test of flatpak/check-manifest.py: it passes the repository's manifests
and fails, naming the module and the option, on the mistakes it is there for,
first of all the manifest of before GNOME 51 (libportal 0.6 given 0.7's
option names).

    test-check-manifest.py SOURCE_ROOT
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
FLATPAK = os.path.join(ROOT, "flatpak")
CHECKER = os.path.join(FLATPAK, "check-manifest.py")
APP = os.path.join(FLATPAK, "io.github.clientele.Clientele.json")
DEVEL = os.path.join(FLATPAK, "io.github.clientele.Clientele.Devel.json")
TODAY = os.path.join(FLATPAK, "tests", "today-libportal-0.6.json")

with open(os.path.join(FLATPAK, "options.json"), encoding="utf-8") as f:
    OPTIONS = json.load(f)
with open(os.path.join(FLATPAK, "tests", "options-libportal.json"), encoding="utf-8") as f:
    OPTIONS_WITH_LIBPORTAL = copy.deepcopy(OPTIONS)
    OPTIONS_WITH_LIBPORTAL["modules"].update(json.load(f)["modules"])

tmp = tempfile.TemporaryDirectory(prefix="clt-flatpak-")
results = []


def load(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    # Written to a temporary directory: the app's "dir" source by absolute path.
    for module in manifest["modules"]:
        for source in module.get("sources", []):
            if source.get("type") == "dir":
                source["path"] = ROOT
    return manifest


def write(name, data):
    path = os.path.join(tmp.name, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)
    return path


def run(manifests, options=OPTIONS):
    args = [sys.executable, CHECKER, "--options", write("options.json", options)]
    proc = subprocess.run(args + manifests, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def module(manifest, name):
    return next(m for m in manifest["modules"] if m.get("name") == name)


def expect(title, manifests, status, needles=(), absent=(), options=OPTIONS):
    code, out = run(manifests, options)
    lines = out.splitlines()
    ok = code == status
    for needle in needles:
        ok = ok and any(all(part in line for part in needle) for line in lines)
    for needle in absent:
        ok = ok and not any(all(part in line for part in needle) for line in lines)
    results.append((ok, title, out))


# The repository's two manifests pass, together.
expect("the repository's manifests pass", [APP, DEVEL], 0,
       needles=[("2 manifest(s) checked: no problem",)])

# Before GNOME 51: libportal 0.6 given 0.7's option names, GNOME 47, no pin.
expect("today's manifest fails on libportal 0.6's -Dbackend-gtk4",
       [TODAY], 1, options=OPTIONS_WITH_LIBPORTAL,
       needles=[("module libportal", "0.6", "unknown option “backend-gtk4”", "backends"),
                ("module libportal", "unknown option “backend-gtk3”"),
                ("module libportal", "is not pinned"),
                ("module gmime", "--disable-crypto"),
                ("runtime org.gnome.Platform//47",)])

# The same module with 0.6's own option names, pinned, passes.
fixed = json.load(open(TODAY, encoding="utf-8"))
portal = module(fixed, "libportal")
portal["config-opts"] = ["-Dbackends=gtk4", "-Ddocs=false", "-Dtests=false",
                         "-Dintrospection=false", "-Dvapi=false"]
portal["sources"][0]["commit"] = "13df0b887a7eb7b0f9b14069561a41f62e813155"
expect("libportal 0.6 with -Dbackends=gtk4, pinned: nothing said of libportal",
       [write("fixed.json", fixed)], 1, options=OPTIONS_WITH_LIBPORTAL,
       absent=[("module libportal",)])

# A feature option given a boolean (libportal 0.10).
portal["config-opts"] = ["-Dbackend-gtk4=true"]
portal["sources"][0]["commit"] = "c23024018c8eb076549a1517fcb2d7f80d3e2ed5"
expect("libportal 0.10.0 -Dbackend-gtk4=true fails: a feature",
       [write("feature.json", fixed)], 1, options=OPTIONS_WITH_LIBPORTAL,
       needles=[("module libportal", "0.10.0", "“backend-gtk4” is a feature, not “true”")])

# A pin changed without taking the options again.
repinned = load(APP)
module(repinned, "uchardet")["sources"][0]["sha256"] = "0" * 64
expect("a changed pin fails until options.json follows",
       [write("repinned.json", repinned)], 1,
       needles=[("module uchardet", "0000000000", "not one flatpak/options.json lists")])

# GNOME Contacts' EDS options that 3.60 does not declare.
contacts = load(APP)
module(contacts, "evolution-data-server")["config-opts"] += [
    "-DENABLE_GOOGLE=OFF", "-DENABLE_WITH_PHONENUMBER=OFF"]
expect("EDS 3.60 rejects -DENABLE_GOOGLE and -DENABLE_WITH_PHONENUMBER",
       [write("contacts.json", contacts)], 1,
       needles=[("module evolution-data-server", "3.60.0", "unknown option “ENABLE_GOOGLE”"),
                ("module evolution-data-server", "unknown option “ENABLE_WITH_PHONENUMBER”")])

# The app's own options come from meson_options.txt.
typo = load(APP)
module(typo, "clientele")["config-opts"] = ["-Ddevel=true"]
expect("an option Clientele's meson_options.txt lacks fails",
       [write("typo.json", typo)], 1,
       needles=[("module clientele", "unknown option “devel”", "development")])

# An unpinned archive, an unknown key, a wider sandbox.
loose = load(APP)
del module(loose, "gmime")["sources"][0]["sha256"]
module(loose, "libcsv")["config-args"] = []
loose["finish-args"].append("--filesystem=home")
expect("unpinned archive, unknown key and --filesystem=home fail",
       [write("loose.json", loose)], 1,
       needles=[("module gmime", "is not pinned"),
                ("module libcsv", "unknown module key “config-args”"),
                ("finish-arg “--filesystem=home”",)])

# The .Devel manifest must build the development profile, and only it.
devel = load(DEVEL)
module(devel, "clientele").pop("config-opts")
expect("a .Devel manifest without -Ddevelopment=true fails",
       [write("app.json", load(APP)), write("devel.json", devel)], 1,
       needles=[("devel.json", "io.github.clientele.Clientele.Devel must build",
                 "-Ddevelopment=true")])

# The two manifests' dependencies are the same.
drift = load(DEVEL)
module(drift, "uchardet")["config-opts"].append("-DCHECK_SSE2=OFF")
expect("dependencies that differ between the manifests fail",
       [write("app.json", load(APP)), write("drift.json", drift)], 1,
       needles=[("drift.json", "dependencies differ")])

print(f"1..{len(results)}")
for number, (ok, title, out) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {title}")
    if not ok:
        for line in out.splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
