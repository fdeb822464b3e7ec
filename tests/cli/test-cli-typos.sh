#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# clientele-cli search offers names a typo or two away under "Close
# matches" when it finds fewer than five names.
# Usage: test-cli-typos.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_DATA_HOME="$TMP/xdg"
DB="$TMP/book.db"

n=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () {
  n=$((n + 1))
  echo "not ok $n - $1"
  sed 's/^/#   stdout: /' "$TMP/out"
  sed 's/^/#   stderr: /' "$TMP/err"
}
check () {
  local description=$1
  shift
  if "$@"; then pass "$description"; else fail "$description"; fi
}

rc=0
cli () {
  "$CLI" --database "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

cli add "Mme Hélène Dupré"
DUPRE=$(cat "$TMP/out")
cli add "Jürgen Schmidt"
SCHMIDT=$(cat "$TMP/out")
cli add "Paul Dupuis"
DUPUIS=$(cat "$TMP/out")
cli add "Anne Dupri"
DUPRI=$(cat "$TMP/out")

cli search dpure
check "a misheard name is offered under “Close matches”" \
  test "$rc" -eq 0 -a ! -s "$TMP/err" -a \
       "$(printf 'Close matches\n%s\tHélène Dupré\t\n' "$DUPRE")" = "$(cat "$TMP/out")"

cli search schmitt
check "schmitt offers Schmidt" \
  test "$rc" -eq 0 -a "$(printf 'Close matches\n%s\tJürgen Schmidt\t\n' "$SCHMIDT")" = "$(cat "$TMP/out")"

cli search dupre
check "a name found is listed first, the close matches after their heading" \
  test "$rc" -eq 0 -a "$(printf '%s\tHélène Dupré\t\nClose matches\n%s\tAnne Dupri\t\n' "$DUPRE" "$DUPRI")" = "$(cat "$TMP/out")"

cli search dupuiz
check "one edit before two, though later in the book" \
  test "$rc" -eq 0 -a "$(printf 'Close matches\n%s\tPaul Dupuis\t\n%s\tAnne Dupri\t\n' "$DUPUIS" "$DUPRI")" = "$(cat "$TMP/out")"

cli search xyzzyquux
check "no close match: nothing printed" test "$rc" -eq 0 -a ! -s "$TMP/out"

cli search '"dpure" OR {name}'
check "full-text syntax is text" test "$rc" -eq 0 -a ! -s "$TMP/err"

echo "1..$n"
