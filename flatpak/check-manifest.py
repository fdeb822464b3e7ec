#!/usr/bin/python3
"""Checks Flatpak manifests without building them.

    check-manifest.py --options flatpak/options.json MANIFEST...

For each manifest: its keys and its modules' and sources' keys are ones
flatpak-builder knows; the runtime is one options.json allows; finish-args
are no wider than options.json's; every source is pinned (sha256 or git
commit); each module's pin is one options.json lists, and each config-opt
names an option that the pinned version's build system declares (the list
in options.json, taken once from the pinned sources; for a "dir" source, its
meson_options.txt or meson.options). With several manifests, all but the
last module are the same in each, and the one whose id ends in ".Devel"
builds with -Ddevelopment=true.

Prints each problem as "MANIFEST: module NAME: ..." and exits 1 if any.
Python standard library only.
"""

import argparse
import json
import os
import re
import sys

# The keys flatpak-builder reads (its GObject properties, flatpak-builder
# 1.4, src/builder-manifest.c, builder-module.c, builder-source-*.c).
MANIFEST_KEYS = {
    "add-build-extensions", "add-extensions", "app-id", "appdata-license",
    "appstream-compose", "base", "base-commit", "base-extensions", "base-version",
    "branch", "build-extension", "build-options", "build-runtime", "cleanup",
    "cleanup-commands", "cleanup-platform", "cleanup-platform-commands",
    "collection-id", "command", "copy-icon", "default-branch",
    "desktop-file-name-prefix", "desktop-file-name-suffix", "extension-tag",
    "finish-args", "id", "id-platform", "inherit-extensions",
    "inherit-sdk-extensions", "metadata", "metadata-platform", "modules",
    "platform-extensions", "prepare-platform-commands", "rename-appdata-file",
    "rename-desktop-file", "rename-icon", "rename-mime-file", "rename-mime-icons",
    "runtime", "runtime-commit", "runtime-version", "sdk", "sdk-commit",
    "sdk-extensions", "separate-locales", "source-date-epoch", "tags",
    "token-type", "var", "writable-sdk",
}
MODULE_KEYS = {
    "build-commands", "build-options", "builddir", "buildsystem", "cleanup",
    "cleanup-platform", "config-opts", "disabled", "ensure-writable",
    "install-rule", "license-files", "make-args", "make-install-args", "modules",
    "name", "no-autogen", "no-make-install", "no-parallel-make",
    "no-python-timestamp-fix", "only-arches", "post-install", "rm-configure",
    "run-tests", "secret-env", "secret-opts", "skip-arches", "sources", "subdir",
    "test-commands", "test-rule",
}
BUILDSYSTEMS = {"autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake"}
SOURCE_COMMON_KEYS = {"type", "dest", "only-arches", "skip-arches"}
SOURCE_KEYS = {
    "archive": {"url", "path", "md5", "sha1", "sha256", "sha512", "archive-type",
                "dest-filename", "disable-http-decompression", "git-init",
                "mirror-urls", "referer", "strip-components"},
    "git": {"url", "path", "branch", "commit", "tag", "disable-fsckobjects",
            "disable-lfs", "disable-shallow-clone", "disable-submodules"},
    "dir": {"path", "skip"},
    "file": {"url", "path", "md5", "sha1", "sha256", "sha512", "dest-filename",
             "mirror-urls"},
    "patch": {"path", "paths", "strip-components", "use-git", "use-git-am",
              "options"},
}
REQUIRED_KEYS = ("runtime", "runtime-version", "sdk", "command", "modules")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
MESON_OPTION = re.compile(r"option\s*\(\s*'([^']+)'\s*,\s*type\s*:\s*'([^']+)'")
MESON_VALUES = {
    "boolean": {"true", "false"},
    "feature": {"enabled", "disabled", "auto"},
}


def read_meson_options(directory):
    """{name: type} from a source tree's meson.options or meson_options.txt."""
    for name in ("meson.options", "meson_options.txt"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return dict(MESON_OPTION.findall(f.read()))
    return {}


def source_pin(source):
    """The sha256 or commit that pins @source, or None."""
    if source.get("type") == "git":
        commit = source.get("commit", "")
        return commit if COMMIT.match(commit) else None
    sha = source.get("sha256", "")
    return sha if SHA256.match(sha) else None


def parse_opt(buildsystem, opt):
    """(name, value) of a config-opt, or None when it names no option."""
    if buildsystem == "meson":
        m = re.match(r"^-D([^=]+)=(.*)$", opt) or re.match(r"^--([a-z_]+)=(.*)$", opt)
        return (m.group(1), m.group(2)) if m else None
    if buildsystem in ("cmake", "cmake-ninja"):
        m = re.match(r"^-D([A-Za-z0-9_]+)(?::[A-Z]+)?=(.*)$", opt)
        return (m.group(1), m.group(2)) if m else None
    if buildsystem == "autotools":
        m = re.match(r"^--(enable|disable|with|without)-([A-Za-z0-9_-]+)(?:=(.*))?$", opt)
        if m:
            kind = {"disable": "enable", "without": "with"}.get(m.group(1), m.group(1))
            return (kind + "-" + m.group(2), m.group(3))
        m = re.match(r"^--([a-z-]+)(?:=(.*))?$", opt)
        return (m.group(1), m.group(2)) if m else None
    return None


class Checker:
    def __init__(self, options):
        self.options = options
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    def check_keys(self, where, obj, allowed, what):
        for key in obj:
            if key not in allowed and not key.startswith("x-"):
                self.problem(where, f"unknown {what} key “{key}”")

    def check_manifest(self, path):
        where = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                manifest = json.load(f)
        except (OSError, ValueError) as e:
            self.problem(where, f"cannot read: {e}")
            return None
        self.check_keys(where, manifest, MANIFEST_KEYS, "manifest")
        if not (manifest.get("id") or manifest.get("app-id")):
            self.problem(where, "missing key “id”")
        for key in REQUIRED_KEYS:
            if not manifest.get(key):
                self.problem(where, f"missing key “{key}”")
        for key, allowed_key in (("runtime", "runtimes"), ("sdk", "sdks")):
            allowed = self.options.get(allowed_key, {})
            name = manifest.get(key)
            version = str(manifest.get("runtime-version"))
            if name not in allowed or version not in allowed[name]:
                self.problem(where, f"{key} {name}//{version} is not one options.json "
                                    f"allows ({', '.join(f'{n}//{v}' for n, vs in allowed.items() for v in vs)})")
        wide = [arg for arg in manifest.get("finish-args", [])
                if arg not in self.options.get("finish-args", [])]
        for arg in wide:
            self.problem(where, f"finish-arg “{arg}” is wider than options.json allows")
        base = os.path.dirname(os.path.abspath(path))
        for module in manifest.get("modules", []):
            self.check_module(where, base, module)
        return manifest

    def check_module(self, where, base, module):
        if not isinstance(module, dict):
            self.problem(where, f"module “{module}” must be written out, not included")
            return
        name = module.get("name", "?")
        here = f"{where}: module {name}"
        self.check_keys(here, module, MODULE_KEYS, "module")
        buildsystem = module.get("buildsystem", "autotools")
        if buildsystem not in BUILDSYSTEMS:
            self.problem(here, f"unknown buildsystem “{buildsystem}”")
        sources = module.get("sources", [])
        if not sources:
            self.problem(here, "no sources")
        accepted = None
        version = None
        for source in sources:
            kind = source.get("type")
            if kind not in SOURCE_KEYS:
                self.problem(here, f"unknown source type “{kind}”")
                continue
            self.check_keys(here, source, SOURCE_KEYS[kind] | SOURCE_COMMON_KEYS, f"{kind} source")
            if kind == "dir":
                meson = read_meson_options(os.path.join(base, source.get("path", "")))
                accepted, version = meson, "the repository's own"
                continue
            pin = source_pin(source)
            if pin is None:
                self.problem(here, f"{kind} source {source.get('url', '')} is not pinned "
                                   "(a git commit or an archive's sha256)")
            entry = self.find_entry(name, pin, source)
            if entry is None:
                self.problem(here, f"its source (pin {pin or source.get('tag') or '?'}) is not one "
                                   "flatpak/options.json lists: take the option names from the "
                                   "pinned sources and add them there")
                continue
            accepted, version = entry["options"], entry["version"]
            for opt in entry.get("required", []):
                if opt not in module.get("config-opts", []):
                    self.problem(here, f"{version}: must be built with {opt}")
        if accepted is not None:
            self.check_opts(here, buildsystem, module.get("config-opts", []), accepted, version)
        for sub in module.get("modules", []):
            self.check_module(where, base, sub)

    def find_entry(self, name, pin, source):
        entries = self.options.get("modules", {}).get(name, [])
        for entry in entries:
            if pin is not None and entry.get("pin") == pin:
                return entry
        # Unpinned (reported already): check the options of the tag's version.
        tag = source.get("tag")
        for entry in entries:
            if pin is None and tag is not None and tag.lstrip("v") == entry.get("version"):
                return entry
        return None

    def check_opts(self, here, buildsystem, opts, accepted, version):
        builtins = set(self.options.get("builtins", {}).get(
            "cmake" if buildsystem == "cmake-ninja" else buildsystem, []))
        for opt in opts:
            parsed = parse_opt(buildsystem, opt)
            if parsed is None:
                self.problem(here, f"cannot read config-opt “{opt}” for {buildsystem}")
                continue
            option, value = parsed
            if option in builtins:
                continue
            if option not in accepted:
                known = ", ".join(sorted(accepted)) or "none of its own"
                self.problem(here, f"{version}: unknown option “{option}” in “{opt}” "
                                   f"(its {buildsystem} options: {known})")
                continue
            if isinstance(accepted, dict):
                values = MESON_VALUES.get(accepted[option])
                if values is not None and value not in values:
                    self.problem(here, f"{version}: option “{option}” is a {accepted[option]}, "
                                       f"not “{value}”")

    def check_together(self, manifests):
        named = [(path, m) for path, m in manifests if m and m.get("modules")]
        if len(named) > 1:
            first_path, first = named[0]
            for path, m in named[1:]:
                if m["modules"][:-1] != first["modules"][:-1]:
                    self.problem(os.path.basename(path),
                                 f"its dependencies differ from {os.path.basename(first_path)}'s")
        for path, m in named:
            app_id = m.get("id") or m.get("app-id") or ""
            devel = "-Ddevelopment=true" in m["modules"][-1].get("config-opts", [])
            if app_id.endswith(".Devel") != devel:
                self.problem(os.path.basename(path),
                             f"{app_id} must {'' if app_id.endswith('.Devel') else 'not '}"
                             "build its last module with -Ddevelopment=true")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", required=True, help="flatpak/options.json")
    parser.add_argument("manifests", nargs="+")
    args = parser.parse_args(argv)
    with open(args.options, encoding="utf-8") as f:
        checker = Checker(json.load(f))
    manifests = [(path, checker.check_manifest(path)) for path in args.manifests]
    checker.check_together(manifests)
    for problem in checker.problems:
        print(problem)
    if checker.problems:
        return 1
    print(f"{len(args.manifests)} manifest(s) checked: no problem")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
