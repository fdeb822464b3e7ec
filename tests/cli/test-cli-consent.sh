#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A new customer gets the same e-mail consent from the window's New Customer
# dialog and from `clientele-cli add`: personal follow-ups, with no record;
# a consent given otherwise on the command line is recorded, by --by or
# "not recorded" (no author).
# Usage: test-cli-consent.sh PATH-TO-CLIENTELE-CLI PATH-TO-GUI-ADD-CUSTOMER
# Prints TAP.

set -u

CLI=$1
GUI_ADD=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

export XDG_DATA_HOME="$TMP/xdg"
DB="$TMP/book.db"

n=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () {
  n=$((n + 1))
  echo "not ok $n - $1"
  for file in "$TMP/out" "$TMP/err"; do
    if [ -s "$file" ]; then sed 's/^/#   /' "$file"; fi
  done
}
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
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

# The customer's "email_consent" of an access request, as one line:
# what they accept, whether a time is recorded, and by whom.
consent_of () {
  "$CLI" --database "$DB" export --customer "$1" "$TMP/c$1.json" >/dev/null 2>&1 || return 1
  python3 - "$TMP/c$1.json" <<'PY'
import json, sys
consent = json.load(open(sys.argv[1]))["email_consent"]
print(consent.get("accepts"), "recorded" if consent.get("recorded") else "no-record",
      consent.get("recorded_by") or "-")
PY
}

echo "1..8"

cli add "Jean Morel" --email jean.morel@example.org
check "add: a new customer" [ "$rc" -eq 0 ]
CLI_ID=$(cat "$TMP/out")
check "add: personal follow-ups, no record" eval '[ "$(consent_of "$CLI_ID")" = "follow-ups no-record -" ]'

cli add "Paul Martin" --email paul@example.org --no-email --by Camille
PAUL=$(cat "$TMP/out")
check "add --no-email --by: recorded, by Camille" eval '[ "$(consent_of "$PAUL")" = "none recorded Camille" ]'

cli add "Anne Roux" --email anne@example.org --marketing
ANNE=$(cat "$TMP/out")
check "add --marketing without --by: recorded, its author not" \
  eval '[ "$(consent_of "$ANNE")" = "marketing recorded -" ]'

cli add "Luc Blanc" --by Camille
LUC=$(cat "$TMP/out")
check "add --by alone records nothing" eval '[ "$(consent_of "$LUC")" = "follow-ups no-record -" ]'

if ! command -v xvfb-run >/dev/null || ! command -v dbus-run-session >/dev/null; then
  skip "the window's New Customer dialog" "xvfb-run or dbus-run-session is missing"
  skip "the window and the command line agree" "no window"
  skip "the window records nothing" "no window"
  exit 0
fi

xvfb-run -a -s '-screen 0 1024x768x24' dbus-run-session -- \
  "$GUI_ADD" "$DB" "Hélène" "Dupré" helene.dupre@example.fr >"$TMP/out" 2>"$TMP/err"
rc=$?
GUI_ID=$(tail -n 1 "$TMP/out")
check "the window's New Customer dialog adds her" eval '[ "$rc" -eq 0 ] && [ "$GUI_ID" -gt "$LUC" ]'
check "the window and the command line agree" \
  eval '[ "$(consent_of "$GUI_ID")" = "$(consent_of "$CLI_ID")" ]'
check "the window records nothing either" eval '[ "$(consent_of "$GUI_ID")" = "follow-ups no-record -" ]'
