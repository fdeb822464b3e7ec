#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The outbox's decisions and its lock, with clientele-cli and no server
# (sqlite3 stands in for a sender that died or is still sending):
#  - a message that may have been sent ("uncertain") is listed, said on
#    stderr with what to do, and never sent by `outbox --send`;
#    `--resend` queues it again (same Message-ID), `--mark-sent` takes it as
#    sent; neither works on another state; a bad number is refused;
#  - a message left "sending" by a sender that died is queued again when it
#    never reached DATA, uncertain when it did;
#  - the lock follows the book: while a sender holds it, `outbox --send`
#    through a symbolic link, or through a relative path from another
#    folder, waits, and leaves that sender's message alone.
# The real sends, kills and deletions are in
# tests/integration/test-outbox-crash.py.
# Usage: test-cli-outbox.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
HOLDER=
SENDER=
cleanup () {
  [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
  [ -n "$SENDER" ] && kill "$SENDER" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

export XDG_DATA_HOME="$TMP/xdg"
mkdir -p "$TMP/real" "$TMP/elsewhere"
DB="$TMP/real/book.db"

n=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () {
  n=$((n + 1))
  echo "not ok $n - $1"
  shift
  for line in "$@"; do
    echo "# $line"
  done
  if [ -s "$TMP/out" ]; then sed 's/^/#   stdout: /' "$TMP/out"; fi
  if [ -s "$TMP/err" ]; then sed 's/^/#   stderr: /' "$TMP/err"; fi
}
check () {
  local description=$1
  shift
  if "$@"; then pass "$description"; else fail "$description" "exit status $rc"; fi
}

rc=0
cli () {
  "$CLI" --database "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
sql () { /usr/bin/python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
for row in db.execute(sys.argv[2]):
    print("|".join(str(v) for v in row))' "$DB" "$1"; }
state_of () { cli outbox; awk -F '\t' -v id="$1" '$1 == id { print $2 }' "$TMP/out"; }
done_and_now () { local was=$rc; [ "$was" -eq 0 ] && [ "$(state_of "$1")" = "$2" ]; }
refused_saying () { [ "$rc" -eq 1 ] && grep -q '^clientele-cli: ..' "$TMP/err" && grep -qiF -- "$1" "$TMP/err"; }
closed_port () {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
printf 'Bonjour,\n' >"$TMP/body.txt"
queue () {
  "$CLI" --database "$DB" mail 1 --subject "$1" --body-file "$TMP/body.txt" >"$TMP/out" 2>"$TMP/err"
  sql "SELECT id FROM outbox WHERE subject = '$1'"
}

cli add "Hélène Dupré" --email helene@example.fr
cli account smtp --host 127.0.0.1 --port "$(closed_port)" --security none --from "Boutique <shop@example.fr>"

# --- may have been sent: a person decides ---------------------------------
A=$(queue "Peut-être A")
B=$(queue "Peut-être B")
MID_A=$(sql "SELECT message_id FROM outbox WHERE id = $A")
sql "UPDATE outbox SET state = 'uncertain', attempts = 1 WHERE id IN ($A, $B)"

cli outbox --send
check "outbox --send exits 1 while a message may have been sent" [ "$rc" -eq 1 ]
check "… and says what to do, on stderr" \
  grep -qF "2 messages may have been sent" "$TMP/err"
check "… naming --resend and --mark-sent" \
  sh -c "grep -qF 'outbox --resend NUMBER' '$TMP/err' && grep -qF 'outbox --mark-sent NUMBER' '$TMP/err'"
check "… and sends neither: both still uncertain, one attempt each" \
  [ "$(sql "SELECT group_concat(state || attempts, ',') FROM outbox WHERE id IN ($A, $B)")" = "uncertain1,uncertain1" ]

cli outbox --resend "$A"
check "--resend queues it again" done_and_now "$A" queued
check "… with the same Message-ID and bytes" \
  [ "$(sql "SELECT message_id FROM outbox WHERE id = $A")" = "$MID_A" ]
cli outbox --mark-sent "$B"
check "--mark-sent takes it as sent" done_and_now "$B" sent
check "… and it joins the customer's history" \
  [ "$(sql "SELECT count(*) FROM interactions WHERE kind = 'email-out' AND note = 'Peut-être B'")" = 1 ]

cli outbox --mark-sent "$A"
check "--mark-sent of a queued message is refused" refused_saying "not waiting for a decision"
cli outbox --resend "$B"
check "--resend of a sent message is refused" refused_saying "not waiting for a decision"
cli outbox --resend 12x
check "a bad number is refused" refused_saying "is not a message number"
cli outbox --resend "$A" --mark-sent "$A"
check "--resend and --mark-sent together are refused" refused_saying "cannot go together"

# --- a sender that died -----------------------------------------------------
C=$(queue "Mort avant DATA")
D=$(queue "Mort après DATA")
sql "DELETE FROM outbox WHERE id = $A"
sql "UPDATE outbox SET state = 'sending', attempts = 1 WHERE id IN ($C, $D)"
sql "UPDATE outbox SET data_at = strftime('%s') WHERE id = $D"
cli outbox --send
check "died before DATA: queued again (and tried: nothing listens)" [ "$(state_of "$C")" = queued ]
check "died after DATA began: may have been sent" [ "$(state_of "$D")" = uncertain ]

# --- the lock follows the book ----------------------------------------------
ln -s "$DB" "$TMP/elsewhere/link.db"
E=$(queue "Envoi en cours")
sql "DELETE FROM outbox WHERE id IN ($C, $D)"
sql "UPDATE outbox SET state = 'sending', attempts = 1, data_at = strftime('%s') WHERE id = $E"
for way in "symbolic link" "relative path"; do
  # A first sender holds the lock beside the real book.
  rm -f "$TMP/holder"
  /usr/bin/python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX); print("held", flush=True); time.sleep(60)' \
    "$DB-outbox.lock" >"$TMP/holder" &
  HOLDER=$!
  for _ in $(seq 100); do grep -q held "$TMP/holder" && break; sleep 0.05; done
  if [ "$way" = "symbolic link" ]; then
    "$CLI" --database "$TMP/elsewhere/link.db" outbox --send >/dev/null 2>&1 &
  else
    (cd "$TMP/elsewhere" && exec "$CLI" --database ../real/book.db outbox --send) >/dev/null 2>&1 &
  fi
  SENDER=$!
  sleep 1.5
  check "through a $way: the second sender waits for the first" kill -0 "$SENDER"
  check "… and leaves its message alone" \
    [ "$(sql "SELECT state FROM outbox WHERE id = $E")" = sending ]
  kill "$SENDER" "$HOLDER" 2>/dev/null
  wait "$SENDER" "$HOLDER" 2>/dev/null
  SENDER=
  HOLDER=
done

echo "1..$n"
