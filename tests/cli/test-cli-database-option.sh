#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# --database may come after the verb, in either spelling, and without it
# the default database under $XDG_DATA_HOME is used.
# Usage: test-cli-database-option.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

export XDG_DATA_HOME="$TMP/xdg"
DB="$TMP/book.db"
DEFAULT_DB="$XDG_DATA_HOME/clientele/clientele.db"

n=0
check () {
  local description=$1
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    echo "# exit status $rc"
    sed 's/^/#   stdout: /' "$TMP/out"
    sed 's/^/#   stderr: /' "$TMP/err"
  fi
}

rc=0
cli () {
  "$CLI" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
first_id () { head -n 1 "$TMP/out" | cut -f 1; }

cli add "Léa Fontaine" --database "$DB" --email lea@example.org
check "add with --database after the name prints an id" grep -Eqx '[0-9]+' "$TMP/out"
LEA=$(cat "$TMP/out")

cli add "Marc Petit" --phone "04 78 12 34 56" --database "$DB" --note "Préfère le matin"
check "add with --database between other options prints an id" grep -Eqx '[0-9]+' "$TMP/out"
MARC=$(cat "$TMP/out")

check "nothing was written into the default database" test ! -e "$DEFAULT_DB"
check "the database was created where --database said" test -s "$DB"

cli search lea --database "$DB"
check "search with --database after the text finds the customer" \
  test "$rc" -eq 0 -a "$(first_id)" = "$LEA"

cli search --database="$DB" 0478
check "search with --database=PATH finds the customer" \
  test "$rc" -eq 0 -a "$(first_id)" = "$MARC"

cli show "$MARC" --database "$DB"
check "show with --database after the id prints the card" \
  test "$rc" -eq 0 -a "$(head -n 1 "$TMP/out")" = "Marc Petit"

cli check --database "$DB"
check "check with --database after the verb prints ok" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

cli --database "$DB" search -- --database
check "a search for the text --database after -- is a search, not an option" \
  test "$rc" -eq 0 -a ! -s "$TMP/err"

cli search lea --database
check "--database without a path exits 1 with a message" \
  test "$rc" -eq 1 -a ! -s "$TMP/out" -a -n "$(grep '^clientele-cli: ' "$TMP/err")"

cli add "Paul Defaut"
check "add without --database writes into the default database" \
  test "$rc" -eq 0 -a -s "$DEFAULT_DB"
PAUL=$(cat "$TMP/out")
check "the default database is private (mode 600, folder 700)" \
  test "$(stat -c %a "$DEFAULT_DB")" = 600 -a "$(stat -c %a "$(dirname "$DEFAULT_DB")")" = 700

cli search defaut
check "search without --database reads the default database" \
  test "$rc" -eq 0 -a "$(first_id)" = "$PAUL"

cli search lea
check "... which does not hold the other database's customers" test "$rc" -eq 0 -a ! -s "$TMP/out"

echo "1..$n"
