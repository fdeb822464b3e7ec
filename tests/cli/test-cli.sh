#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of clientele-cli, as a person or a script would use it.
# Usage: test-cli.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
WRITER=
cleanup () {
  if [ -n "$WRITER" ]; then
    touch "$TMP/stop"
    wait "$WRITER" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Nothing here may touch the real user's data.
export XDG_DATA_HOME="$TMP/xdg"
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
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check () {
  local description=$1
  shift
  if "$@"; then pass "$description"; else fail "$description" "exit status $rc"; fi
}

# Runs clientele-cli on the test database; stdout, stderr and the exit
# status land in $TMP/out, $TMP/err and $rc.
rc=0
cli () {
  "$CLI" --database "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
cli_on () {
  local database=$1
  shift
  "$CLI" --database "$database" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

succeeded () { [ "$rc" -eq 0 ]; }
out_is_id () { [ "$rc" -eq 0 ] && grep -Eqx '[0-9]+' "$TMP/out" && [ "$(wc -l <"$TMP/out")" -eq 1 ]; }
refused () {
  # Exit 1, "clientele-cli: MESSAGE" on stderr, nothing on stdout.
  [ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q '^clientele-cli: ..' "$TMP/err"
}
refused_saying () { refused && grep -qiF -- "$1" "$TMP/err"; }
# A search's lines, but for the heading "Close matches" over names a typo away.
three_fields () { [ -s "$TMP/out" ] && awk -F '\t' 'NF != 3 && $0 != "Close matches" { bad = 1 } END { exit bad }' "$TMP/out"; }
first_id () { head -n 1 "$TMP/out" | cut -f 1; }
line_of () { grep -n -F -- "$1" "$TMP/out" | head -n 1 | cut -d : -f 1; }

# Searches for $1 and expects customer $2 first, in lines of three fields.
finds_first () {
  cli search "$1"
  [ "$rc" -eq 0 ] && [ ! -s "$TMP/err" ] && three_fields && [ "$(first_id)" = "$2" ]
}

# --- add ---------------------------------------------------------------

cli add "Mme Hélène Dubois" \
  --email helene@example.org --email h.dubois@example.com \
  --phone "+33 6 12 34 56 78" \
  --preference "Chambre calme, côté jardin" --preference "Thé vert le matin" \
  --alert "Allergique aux plumes" \
  --note "Cliente depuis 2019" --note "Vient avec son chien" \
  --language fr
check "add with every option prints a numeric id" out_is_id
HELENE=$(cat "$TMP/out")

cli add "Zoë Martin" --email zoe@example.net --preference "Table près de la fenêtre"
ZOE=$(cat "$TMP/out")
cli add "Jean Dupont" --phone "01 23 45 67 89"
JEAN=$(cat "$TMP/out")
cli add "Plume Durand"
PLUME=$(cat "$TMP/out")
check "several customers get distinct ids" \
  test -n "$ZOE" -a -n "$JEAN" -a -n "$PLUME" -a "$ZOE" != "$HELENE" -a "$JEAN" != "$ZOE" -a "$PLUME" != "$JEAN"

cli add "   "
check "add with a blank name exits 1 with a message and no output" refused

cli add ""
check "add with an empty name exits 1 with a message and no output" refused

cli add
check "add without a name exits 1 with a message" refused

cli add "Rollback Person" --email rollback@example.org --phone "call me later"
check "add with an invalid phone exits 1 with a message" refused
cli search rollback
check "a refused add leaves nothing behind" test "$rc" -eq 0 -a ! -s "$TMP/out"

# --- add: company, job title, addresses, birthday; names -------------

LC_ALL=C.UTF-8 cli add "Siobhán Ó Súilleabháin" --company "Hôtel du Lac" --title "Head of reception" \
  --address "12 rue des Lilas
75011 Paris" --address "Dublin 2, Ireland" --birthday 1985-03-14 --email siobhan@example.ie
check "add with --company, --title, --address and --birthday prints an id" out_is_id
SIOBHAN=$(cat "$TMP/out")
LC_ALL=C.UTF-8 cli show "$SIOBHAN"
check "show starts with the name, particle and all" test "$(head -n 1 "$TMP/out")" = "Siobhán Ó Súilleabháin"
check "show prints the company" grep -qx "Company: Hôtel du Lac" "$TMP/out"
check "show prints the job title" grep -qx "Job title: Head of reception" "$TMP/out"
check "show prints the birthday" grep -qx "Birthday: 14 March 1985" "$TMP/out"
check "show prints each address, on one line" \
  test "$(grep -c '^Address: ' "$TMP/out")" -eq 2 -a -n "$(grep -x "Address: 12 rue des Lilas, 75011 Paris" "$TMP/out")" \
  -a -n "$(grep -x "Address: Dublin 2, Ireland" "$TMP/out")"
check "show prints the e-mail address" grep -qx "E-mail: siobhan@example.ie" "$TMP/out"
check "the addresses are searched" finds_first "lilas" "$SIOBHAN"

# The particle belongs to the family name, which orders the book: Ó
# Súilleabháin comes before Price, as O comes before P.
cli add "Siobhán Price"
PRICE=$(cat "$TMP/out")
cli search siobhan
check "Ó Súilleabháin is sorted under O, before Price" \
  test "$rc" -eq 0 -a "$(first_id)" = "$SIOBHAN" -a "$(sed -n 2p "$TMP/out" | cut -f 1)" = "$PRICE"

cli add "Ó Súilleabháin, Aoife" --birthday --02-29
AOIFE=$(cat "$TMP/out")
LC_ALL=C.UTF-8 cli show "$AOIFE"
check "a name written family name first, with a comma, is turned round" \
  test "$(head -n 1 "$TMP/out")" = "Aoife Ó Súilleabháin"
check "a birthday without its year is kept so" grep -qx "Birthday: 29 February" "$TMP/out"

cli add "Yearless Birthday" --birthday 12-25
LC_ALL=C.UTF-8 cli show "$(cat "$TMP/out")"
check "--birthday MM-DD is a birthday without its year" grep -qx "Birthday: 25 December" "$TMP/out"

for day in 2026-02-30 2023-02-29 --02-30 13-01 2999-01-01; do
  cli add "Impossible Birthday" --birthday "$day"
  if ! refused || ! grep -q "is not a birthday: that day does not exist" "$TMP/err"; then
    fail "--birthday $day is refused as a day that does not exist"
    continue
  fi
  pass "--birthday $day is refused as a day that does not exist"
done
for day in 14/03/1985 1985-3-14 "" tomorrow 1985-03-14T10:00 --0314x; do
  cli add "Impossible Birthday" --birthday "$day"
  if ! refused || ! grep -q "write it as YYYY-MM-DD, or --MM-DD" "$TMP/err"; then
    fail "--birthday “$day” is refused with how to write it"
    continue
  fi
  pass "--birthday “$day” is refused with how to write it"
done
cli search impossible
check "a refused birthday adds nobody" test "$rc" -eq 0 -a ! -s "$TMP/out"

cli add "Blank Company" --company "   " --title ""
LC_ALL=C.UTF-8 cli show "$(cat "$TMP/out")"
check "a blank company or title is left out" test -z "$(grep -E '^(Company|Job title):' "$TMP/out")"

# --- search ------------------------------------------------------------

check "search helene finds Hélène" finds_first helene "$HELENE"
check "search Hél finds Hélène" finds_first "Hél" "$HELENE"
check "search zoe finds Zoë Martin" finds_first zoe "$ZOE"
check "search 0612 finds +33 6 12 34 56 78" finds_first 0612 "$HELENE"
check "search 612345 finds +33 6 12 34 56 78" finds_first 612345 "$HELENE"
cli search 0612
check "search 0612 does not find 01 23 45 67 89" test -z "$(grep -P "^$JEAN\t" "$TMP/out")"
check "search plumes finds the customer with that alert" finds_first plumes "$HELENE"
check "the result line carries the alert" grep -q 'plumes' <(cut -f 3 "$TMP/out")
check "search by e-mail finds the customer" finds_first zoe@example.net "$ZOE"

LC_ALL=C cli add "Chloé Café" --note "Crème brûlée"
CHLOE=$(cat "$TMP/out")
check "add in the C locale accepts UTF-8 text" out_is_id
LC_ALL=C cli search "Brûlée"
check "search in the C locale accepts UTF-8 text" test "$rc" -eq 0 -a "$(first_id)" = "$CHLOE"
check "... and prints the name in UTF-8" grep -qF "Chloé Café" "$TMP/out"

cli search xyzzyquux
check "search without a match prints nothing and exits 0" test "$rc" -eq 0 -a ! -s "$TMP/out" -a ! -s "$TMP/err"

cli search plume
check "search plume puts Plume Durand before the alert that says plumes" \
  test "$rc" -eq 0 -a "$(first_id)" = "$PLUME" -a -n "$(grep -P "^$HELENE\t" "$TMP/out")"

cli search --limit 1 plume
check "search --limit 1 prints one line" test "$rc" -eq 0 -a "$(wc -l <"$TMP/out")" -eq 1

all_fine=yes
for query in '"' '""' 'NEAR' 'NEAR(helene dubois)' '-' ':' 'name:helene' '*' 'helene*' \
             '%' '_' "'" "'; DROP TABLE customers; --" 'helene AND' 'OR' 'NOT zoe' '(' ')' '^' \
             '\' '{' '+' 'helene OR 1=1' '?'; do
  cli search "$query"
  if [ "$rc" -ne 0 ] || [ -s "$TMP/err" ]; then
    all_fine="no: $query exited $rc"
    break
  fi
done
check "search with FTS syntax and SQL-looking text exits 0 without error" test "$all_fine" = yes
check "the book still has its customers afterwards" finds_first helene "$HELENE"
cli check
check "the book is still sound afterwards" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

cli search -- -helene
check "search -- -helene searches for the text after --" \
  test "$rc" -eq 0 -a "$(first_id)" = "$HELENE"

cli search
check "search without text exits 1 with a message" refused

# --- what the book cannot keep, and text it holds that is not UTF-8 ----

count_customers () { "$CLI" --database "$DB" search "" 2>/dev/null | wc -l; }
before=$(count_customers)
for address in 'a@b.c>, evil9@x.y' 'a b@c.fr' 'a,b@c.fr' 'a@b@c.fr' 'gina'; do
  cli add Gina --email "$address"
  check "add --email “$address” is refused, naming it" refused_saying "“$address” is not an e-mail address"
done
check "no customer was added for a bad address" test "$(count_customers)" -eq "$before"

cli add Gina --birthday 1850-06-01
check "add --birthday 1850-06-01 is refused as too long ago" refused_saying "the book keeps birthdays from 1 January 1900"
cli add Gina --birthday --02-30
check "add --birthday --02-30 is still refused as a day that does not exist" refused_saying "that day does not exist"

# "Hélène" whose last character lost its second byte: shown replaced,
# nothing read past it.
cli add "Hélène Tronquée"
BROKEN=$(cat "$TMP/out")
/usr/bin/python3 - "$DB" "$BROKEN" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE customers SET display_name = CAST(X'48c3a96cc3a86e65c3' AS TEXT) WHERE id = ?",
           (int(sys.argv[2]),))
db.commit()
PY
LC_ALL=C.UTF-8 cli search tronquee
check "a name that is not UTF-8 is searched and shown replaced" \
  test "$rc" -eq 0 -a "$(cut -f 1,2 "$TMP/out")" = "$(printf '%s\tHélène\xef\xbf\xbd' "$BROKEN")"

# --- show --------------------------------------------------------------

cli show "$HELENE"
alert_line=$(line_of "Allergique aux plumes")
preference_line=$(line_of "Chambre calme")
check "show exits 0 and starts with the name" test "$rc" -eq 0 -a "$(head -n 1 "$TMP/out")" = "Hélène Dubois"
check "show prints the alert line before the preferences" \
  test -n "$alert_line" -a -n "$preference_line" -a "${alert_line:-0}" -lt "${preference_line:-0}"

cli show 999999
check "show of an unknown id exits 1 with a message" refused

cli show twelve
check "show of something that is not a number exits 1 with a message" refused

# --- check and backup --------------------------------------------------

cli check
check "check prints ok" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

check "the database file is private (mode 600)" test "$(stat -c %a "$DB")" = 600

chmod 644 "$DB"
cli search helene
check "a database made readable by others is made private again" test "$(stat -c %a "$DB")" = 600

# Another process keeps writing while the backups are taken.
(
  i=0
  while [ ! -e "$TMP/stop" ]; do
    i=$((i + 1))
    "$CLI" --database "$DB" add "Writer $i" --note "written during a backup" >/dev/null 2>>"$TMP/writer-errors" ||
      echo "add $i failed" >>"$TMP/writer-failures"
  done
) &
WRITER=$!
sleep 0.3
backups_ok=yes
for i in 1 2 3; do
  cli backup "$TMP/backup-$i.db"
  if [ "$rc" -ne 0 ] || [ -s "$TMP/out" ]; then backups_ok="no: backup $i exited $rc"; fi
  sleep 0.2
done
touch "$TMP/stop"
wait "$WRITER"
WRITER=
check "backup while another process writes exits 0" test "$backups_ok" = yes
check "the writing process was never refused during the backups" test ! -s "$TMP/writer-failures"

checks_ok=yes
for i in 1 2 3; do
  cli_on "$TMP/backup-$i.db" check
  if [ "$rc" -ne 0 ] || [ "$(cat "$TMP/out")" != ok ]; then checks_ok="no: backup $i: $(cat "$TMP/out")"; fi
done
check "check on each backup prints ok" test "$checks_ok" = yes
cli_on "$TMP/backup-3.db" search helene
check "search on a backup finds the customers" \
  test "$rc" -eq 0 -a "$(first_id)" = "$HELENE"
check "the backup file is private (mode 600)" test "$(stat -c %a "$TMP/backup-3.db")" = 600
check "the backup leaves no temporary file behind" \
  test -z "$(find "$TMP" -maxdepth 1 -name '.clientele-backup-*')"

cli backup
check "backup without a file exits 1 with a message" refused

cli_on "$TMP/missing.db" backup "$TMP/backup-missing.db"
check "backup of a database that does not exist exits 1" refused
check "... and creates neither file" test ! -e "$TMP/missing.db" -a ! -e "$TMP/backup-missing.db"

# --- files that must be refused untouched ------------------------------

printf 'Shopping list\nmilk\neggs\n' >"$TMP/notes.txt"
before=$(sha256sum <"$TMP/notes.txt")
all_refused=yes
for verb in "add Somebody" "search milk" "show 1" "check" "backup $TMP/notes-backup.db" "sample --customers 5"; do
  # shellcheck disable=SC2086 # the verb and its arguments are split on purpose
  cli_on "$TMP/notes.txt" $verb
  if ! refused; then all_refused="no: $verb exited $rc"; fi
done
check "a file that is not SQLite is refused by every command with a message" test "$all_refused" = yes
check "... and its bytes are unchanged" test "$(sha256sum <"$TMP/notes.txt")" = "$before"
check "... and no journal was created beside it" \
  test ! -e "$TMP/notes.txt-wal" -a ! -e "$TMP/notes.txt-shm" -a ! -e "$TMP/notes.txt-journal"

if [ "$(id -u)" -eq 0 ]; then
  skip "a read-only database is refused untouched" "running as root, file permissions do not apply"
else
  cp "$DB" "$TMP/readonly.db"
  chmod 400 "$TMP/readonly.db"
  before=$(sha256sum <"$TMP/readonly.db")
  cli_on "$TMP/readonly.db" add "Not Written"
  check "a read-only database is refused untouched" \
    test "$rc" -eq 1 -a ! -s "$TMP/out" -a -s "$TMP/err" -a "$(sha256sum <"$TMP/readonly.db")" = "$before"
fi

cli_on "$TMP/missing.db" search helene
check "search on a database that does not exist exits 1 and creates nothing" \
  test "$rc" -eq 1 -a -s "$TMP/err" -a ! -e "$TMP/missing.db"

# --- sample ------------------------------------------------------------

cli_on "$TMP/sample.db" sample --customers 50
check "sample --customers 50 into a new file exits 0 quietly" \
  test "$rc" -eq 0 -a ! -s "$TMP/out" -a ! -s "$TMP/err"
cli_on "$TMP/sample.db" show 1
sample_name=$(head -n 1 "$TMP/out")
cli_on "$TMP/sample.db" search "$sample_name"
check "search finds a sample customer" \
  test "$rc" -eq 0 -a -n "$sample_name" -a -n "$(grep -P "^1\t" "$TMP/out")"
check "search on the sample book prints three fields" three_fields
cli_on "$TMP/sample.db" check
check "the sample book is sound" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

cli_on "$TMP/sample.db" sample --customers 5
check "sample into a database that holds customers is refused" refused
cli_on "$TMP/sample.db" show 51
check "... and adds no one" test "$rc" -eq 1
cli sample --customers 5
check "sample into the main book is refused too" refused

cli_on "$TMP/seeded-1.db" sample --customers 5 --seed 7
cli_on "$TMP/seeded-1.db" show 3
first=$(head -n 1 "$TMP/out")
cli_on "$TMP/seeded-2.db" sample --customers 5 --seed 7
cli_on "$TMP/seeded-2.db" show 3
check "the same seed makes the same book" test -n "$first" -a "$first" = "$(head -n 1 "$TMP/out")"

cli_on "$TMP/nothing.db" sample
check "sample without --customers exits 1 with a message" refused
cli_on "$TMP/nothing.db" sample --customers 0
check "sample --customers 0 exits 1 with a message" refused
cli_on "$TMP/nothing.db" sample --customers 5 --seed -3
check "sample with a negative seed exits 1 with a message" refused
check "... none of which creates the file" test ! -e "$TMP/nothing.db"

# --- the command line itself -------------------------------------------

"$CLI" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "no command exits 1 and prints the usage on stderr" \
  test "$rc" -eq 1 -a ! -s "$TMP/out" -a -n "$(grep -F search "$TMP/err")"

"$CLI" --help >"$TMP/out" 2>"$TMP/err"
rc=$?
check "--help exits 0 and lists the commands on stdout" \
  test "$rc" -eq 0 -a -n "$(grep -F backup "$TMP/out")"

# The reliability review's huge customers (F7): show prints them whole,
# every preference and the name to its last letter, at once.
ZED="Zed$(printf ' abcdefg%.0s' $(seq 12800))"
cli add "$ZED"
ZED_ID=$(cat "$TMP/out")
PREFS=()
for i in $(seq -w 0 2999); do PREFS+=("--preference=pref$i-chambre"); done
cli add "Paula Manyprefs" "${PREFS[@]}"
PAULA_ID=$(cat "$TMP/out")
start=$(date +%s%N)
LC_ALL=C.UTF-8 cli show "$ZED_ID"
check "show prints a 100 kB name whole" test "$(head -n 1 "$TMP/out")" = "$ZED"
LC_ALL=C.UTF-8 cli show "$PAULA_ID"
check "show prints every one of 3000 preferences, in order" \
  test "$(grep -c '^Preference: pref[0-9]*-chambre$' "$TMP/out")" -eq 3000 \
       -a "$(grep -m1 '^Preference: ' "$TMP/out")" = "Preference: pref0000-chambre" \
       -a "$(grep '^Preference: ' "$TMP/out" | tail -n 1)" = "Preference: pref2999-chambre"
elapsed=$((($(date +%s%N) - start) / 1000000))
check "show of both took under 5 s ($elapsed ms)" test "$elapsed" -lt 5000

cli frobnicate
check "an unknown command exits 1 with a message" refused

cli search --no-such-option helene
check "an unknown option exits 1 with a message" refused

"$CLI" add --help >"$TMP/out" 2>"$TMP/err"
rc=$?
check "add --help exits 0 and describes --email" test "$rc" -eq 0 -a -n "$(grep -F -- --email "$TMP/out")"
check "nothing was written into the default database's place" test ! -e "$XDG_DATA_HOME/clientele/clientele.db"

echo "1..$n"
