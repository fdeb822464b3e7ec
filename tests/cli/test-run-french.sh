#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The development build speaks French from the README's first command:
# `LANG=fr_FR.UTF-8 build-aux/run` runs the window through `meson devenv`,
# which must give it the build's own catalogue (po/), not the installed one.
# Usage: test-run-french.sh MESON BUILD-DIR
# Prints TAP.

set -u

MESON=$1
BUILD=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$'; then
  echo "1..0 # SKIP the French locale (fr_FR.UTF-8) is not installed"
  exit 0
fi

n=0
check_output () {
  local description=$1 expected=$2
  shift 2
  n=$((n + 1))
  if (cd "$TMP" && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 \
        "$MESON" devenv -C "$BUILD" -w "$TMP" "$@") >"$TMP/out" 2>"$TMP/err" &&
     grep -qF -- "$expected" "$TMP/out"; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    echo "# expected: $expected"
    sed 's/^/#   stdout: /' "$TMP/out"
    sed 's/^/#   stderr: /' "$TMP/err"
  fi
}

# The window, as build-aux/run starts it.
check_output "the window's --help is in French" \
  "Ouvrir le carnet de clients enregistré dans CHEMIN" \
  "$BUILD/src/clientele" --help
check_output "the window's summary is in French" \
  "Souvenez-vous de vos clients et tenez vos promesses." \
  "$BUILD/src/clientele" --help
# The command line, from the same build.
check_output "the command line's --help is in French" \
  "Utiliser la base de données située à CHEMIN" \
  "$BUILD/src/cli/clientele-cli" --help

# The French above must come from this build, not from a copy installed
# under the prefix: devenv marks the program as uninstalled, and the program
# opens the build's catalogue (seen with strace, where it is installed).
n=$((n + 1))
if "$MESON" devenv -C "$BUILD" --dump 2>/dev/null | grep -qx 'CLIENTELE_UNINSTALLED="\?1"\?;\?'; then
  echo "ok $n - meson devenv marks the program as uninstalled"
else
  echo "not ok $n - meson devenv marks the program as uninstalled"
  "$MESON" devenv -C "$BUILD" --dump 2>&1 | sed 's/^/#   /'
fi
n=$((n + 1))
if ! command -v strace >/dev/null; then
  echo "ok $n # SKIP strace is not installed"
# LeakSanitizer cannot work under ptrace: an ASan build leaves it out here.
elif (cd "$TMP" && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        "$MESON" devenv -C "$BUILD" -w "$TMP" \
        strace -f -e trace=openat -o "$TMP/trace" "$BUILD/src/clientele" --help) >/dev/null 2>&1 &&
     grep -F "$BUILD/po/fr/LC_MESSAGES/clientele.mo" "$TMP/trace" | grep -qv ENOENT; then
  echo "ok $n - the window reads the build's French catalogue"
else
  echo "not ok $n - the window reads the build's French catalogue"
  grep -F clientele.mo "$TMP/trace" 2>/dev/null | sed 's/^/#   /'
fi

echo "1..$n"
