#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of the e-mail verbs of clientele-cli (account, templates,
# mail, outbox) that need no server and no keyring: consent, refusals,
# templates, queueing, scheduling, and a server that is not there. The
# real SMTP server and keyring are in tests/integration/test-mail.py.
# Usage: test-cli-mail.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

export XDG_DATA_HOME="$TMP/xdg"
export TZ=Europe/Paris
DB="$TMP/book.db"

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

quiet_success () { [ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ]; }
refused () { [ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q '^clientele-cli: ..' "$TMP/err"; }
refused_saying () { refused && grep -qiF -- "$1" "$TMP/err"; }
prints_message_id () { [ "$rc" -eq 0 ] && grep -Eqx '<[0-9a-f]+\.[0-9a-f]{16,}@tilleuls\.fr>' "$TMP/out"; }
five_fields () { awk -F '\t' 'NF != 5 { bad = 1 } END { exit bad }' "$TMP/out"; }
line_of () { awk -F '\t' -v id="$1" '$1 == id' "$TMP/out"; }
state_of () { line_of "$1" | cut -f 2; }
outbox_count () { [ "$(wc -l <"$TMP/out")" -eq "$1" ]; }
# A port on this machine where nothing listens.
closed_port () {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cli add "Hélène Dupré" --email helene@example.fr --language fr
HELENE=$(cat "$TMP/out")
cli add "John Smith" --email john@example.com --language en --marketing
JOHN=$(cat "$TMP/out")
cli add "Paul Martin" --email paul@example.fr --no-email
PAUL=$(cat "$TMP/out")
cli add "Sans Adresse"
NOBODY=$(cat "$TMP/out")
cli add "Both Ways" --no-email --marketing
check "--no-email and --marketing together are refused" refused_saying "--no-email"

# --- templates ---------------------------------------------------------

cli templates
check "templates lists the built-ins" [ "$rc" -eq 0 ]
for name in thank-you-visit thank-you-stay order-arrived promise-kept apology miss-you; do
  for language in fr en; do
    check "template $name in $language" grep -q "^$name	$language	" "$TMP/out"
  done
done
check "miss-you says it needs marketing consent" grep -q "^miss-you	fr	.*marketing" "$TMP/out"

# --- before an account -------------------------------------------------

cli mail "$HELENE" --template thank-you-visit
check "mail without an account is refused" refused_saying "account smtp"

cli account smtp --host smtp.example.com --port 25 --security none --from "Hôtel <reception@tilleuls.fr>"
check "no encryption to another machine is refused" refused_saying "only allowed to a server on this computer"
cli account smtp --host 127.0.0.1 --security none --from "pas une adresse"
check "a bad sender is refused" refused_saying "not an e-mail address"
cli account smtp --host 127.0.0.1 --security smoke --from "reception@tilleuls.fr"
check "an unknown security is refused" refused_saying "--security"
cli account smtp --host 127.0.0.1 --security none --from "x@tilleuls.fr" --password-stdin </dev/null
check "a password needs a user" refused_saying "--user"

PORT=$(closed_port)
printf 'Hôtel des Tilleuls\n--\nLa réception\n' >"$TMP/signature"
cli account smtp --host 127.0.0.1 --port "$PORT" --security none \
  --from "Hôtel des Tilleuls <reception@tilleuls.fr>" --business "Hôtel des Tilleuls" \
  --signature-file "$TMP/signature"
check "account smtp on this machine is accepted quietly" quiet_success

# --- mail --------------------------------------------------------------

cli mail "$HELENE" --template thank-you-visit
check "mail --template prints the Message-ID" prints_message_id
FIRST_ID=$(cat "$TMP/out")

cli mail "$JOHN" --template thank-you-visit
check "an English customer gets the English template" prints_message_id

cli mail "$PAUL" --template thank-you-visit
check "a customer who wants no e-mail cannot be written to" refused_saying "does not want"
cli mail "$HELENE" --template miss-you
check "miss-you needs marketing consent" refused_saying "consent"
cli mail "$JOHN" --template miss-you
check "miss-you without a last visit is refused, not sent with a gap" refused_saying "No visit is recorded"
cli log "$JOHN" --kind visit --at 2026-03-12T10:00
cli mail "$JOHN" --template miss-you
check "miss-you goes to a customer who consented" prints_message_id
cli mail "$NOBODY" --template thank-you-visit
check "a customer without an address cannot be written to" refused_saying "no e-mail address"
cli mail 9999 --template thank-you-visit
check "an unknown customer is refused" refused_saying "no customer number 9999"
cli mail "$HELENE" --template no-such-template
check "an unknown template is refused" refused_saying "templates"
cli mail "$HELENE" --subject "Seul"
check "--subject without --body-file is refused" refused_saying "--body-file"
cli mail "$HELENE" --template thank-you-visit --subject "Les deux"
check "--template with --subject is refused" refused_saying "either"

printf 'Bonjour Hélène,\n\n.Une ligne qui commence par un point.\n' >"$TMP/body"
cli mail "$HELENE" --subject "Votre séjour — merci !" --body-file "$TMP/body"
check "mail --subject --body-file prints the Message-ID" prints_message_id

printf 'binary\0file' >"$TMP/binary"
cli mail "$HELENE" --subject "x" --body-file "$TMP/binary"
check "a binary body is refused" refused_saying "not a text file"

cli mail "$HELENE" --template thank-you-stay --at 2099-12-24T09:30
check "mail --at queues a message for later" prints_message_id
cli mail "$HELENE" --template thank-you-stay --at 2099-02-30T09:30
check "mail --at with a day that does not exist is refused" refused_saying "--at"

# Several customers: one personal message each, or none at all.
cli mail "$HELENE" "$JOHN" --template thank-you-stay
check "mail to two customers prints two Message-IDs" [ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 2 ] && [ "$(sort -u "$TMP/out" | wc -l)" -eq 2 ]
cli mail "$HELENE" "$PAUL" --template thank-you-stay
check "one customer who wants no e-mail stops the whole batch" refused_saying "Paul Martin"
cli mail "$HELENE" abc --template thank-you-stay
check "a batch with a bad number is refused" refused_saying "abc"

# --- outbox ------------------------------------------------------------

cli outbox
check "outbox lists every message, none from the refused batch" outbox_count 7
check "each message of the batch is in its customer's language" bash -c "grep -q '	helene@example.fr	Merci pour votre séjour' '$TMP/out' && grep -q '	john@example.com	Thank you for staying with us' '$TMP/out'"
check "outbox lines have five fields" five_fields
check "queued messages are listed as queued" [ "$(state_of 1)" = queued ]
check "the French subject is listed" grep -q "	helene@example.fr	Merci de votre visite	" "$TMP/out"
check "the English subject is listed" grep -q "	john@example.com	Thank you for your visit	" "$TMP/out"

cli outbox --send
check "outbox --send exits 1 when the server cannot be reached" [ "$rc" -eq 1 ]
check "and says why" grep -q "port $PORT" "$TMP/err"
check "the messages stay queued" [ "$(state_of 1)" = queued ]
check "with the reason as the last reply" bash -c "awk -F '\t' '\$1 == 1 { print \$5 }' '$TMP/out' | grep -q 'port $PORT'"
check "the message for later is still waiting for its time" [ "$(state_of 5)" = queued ]

# The body kept its accents and its dot.
/usr/bin/python3 - "$DB" "$FIRST_ID" >"$TMP/out" 2>"$TMP/err" <<'PY'
import email, email.policy, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
raw = db.execute("SELECT bytes FROM outbox WHERE subject LIKE 'Votre séjour%'").fetchone()[0]
msg = email.message_from_bytes(raw, policy=email.policy.default)
assert msg["Subject"] == "Votre séjour — merci !", msg["Subject"]
assert msg["From"].addresses[0].display_name == "Hôtel des Tilleuls"
assert msg["To"].addresses[0].display_name == "Hélène Dupré"
assert ".Une ligne qui commence par un point." in msg.get_content()
assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
first = db.execute("SELECT bytes FROM outbox WHERE id = 1").fetchone()[0]
first = email.message_from_bytes(first, policy=email.policy.default)
assert first["Message-ID"] == sys.argv[2], (first["Message-ID"], sys.argv[2])
assert "La réception" in first.get_content()
print("ok")
PY
check "the queued bytes decode to the original text" grep -qx ok "$TMP/out"

check "nothing was written into the default database's place" test ! -e "$XDG_DATA_HOME/clientele/clientele.db"

echo "1..$n"
