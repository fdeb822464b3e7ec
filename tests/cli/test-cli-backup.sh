#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The automatic copy, backup, restore and erase through clientele-cli.
# Usage: test-cli-backup.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Nothing here may touch the real user's data.
export XDG_DATA_HOME="$TMP/xdg"
BACKUPS="$XDG_DATA_HOME/clientele/backups"
DB="$TMP/book.db"
TODAY=$(date +%Y-%m-%d)

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
cli_on () {
  local database=$1
  shift
  "$CLI" --database "$database" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

# Exit $1, "clientele-cli: MESSAGE" on stderr, nothing on stdout.
refused_with () {
  [ "$rc" -eq "$1" ] && [ ! -s "$TMP/out" ] && grep -q '^clientele-cli: ..' "$TMP/err"
}
refused () { refused_with 1; }
bad_usage () { refused_with 2; }
quiet_success () { [ "$rc" -eq 0 ] && [ ! -s "$TMP/err" ]; }
first_id () { head -n 1 "$TMP/out" | cut -f 1; }
daily_copies () { find "$BACKUPS" -maxdepth 1 -name "book-*-$TODAY.db" 2>/dev/null | wc -l; }
aside_copies () { find "$BACKUPS" -maxdepth 1 -name 'book-*-before-restore-*.db' 2>/dev/null | wc -l; }
# Whether a word is in the bytes of the book, its WAL or a copy, in any case.
in_files () {
  local word=$1
  shift
  cat "$@" 2>/dev/null | tr 'A-Z' 'a-z' | grep -a -q -F -- "$word"
}
# (fresh.db below is another book, with copies of its own.)
book_files () { echo "$DB" "$DB-wal" "$BACKUPS"/book-*; }

# A SQLite file of another program, and a copy of the book made newer.
make_foreign () {
  /usr/bin/python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE recipes (name TEXT)")
db.execute("INSERT INTO recipes VALUES ('Tarte Tatin')")
db.commit()
PY
}
set_version () {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA user_version = %d" % int(sys.argv[2]))
db.commit()
PY
}

# --- the day's automatic copy ------------------------------------------

"$CLI" --database "$DB" erase --help >"$TMP/out" 2>"$TMP/err"
rc=$?
check "erase --help exits 0 and describes --yes and --keep-counts" \
  test "$rc" -eq 0 -a -n "$(grep -F -- --yes "$TMP/out")" -a -n "$(grep -F -- --keep-counts "$TMP/out")"
check "... and writes nothing, not even a copy" test ! -e "$DB" -a ! -e "$XDG_DATA_HOME/clientele"

cli add "Zygmunt Quarkbottle" --email zygmunt.q@quarkmail.example --phone "+33 6 98 76 54 32" \
  --note "Allergic to xylophonium"
ZYGMUNT=$(cat "$TMP/out")
check "no copy of a book that had no customer yet" test "$(daily_copies)" -eq 0

cli add "Hortense Vandersteen" --note "Likes marmalade"
HORTENSE=$(cat "$TMP/out")
check "the next command takes the day's copy, quietly" \
  test "$rc" -eq 0 -a ! -s "$TMP/err" -a "$(daily_copies)" -eq 1
COPY=$(find "$BACKUPS" -maxdepth 1 -name "book-*-$TODAY.db")
check "the copy and its folder are private (600, 700)" \
  test "$(stat -c %a "$COPY")" = 600 -a "$(stat -c %a "$BACKUPS")" = 700
cli_on "$COPY" search zygmunt
check "the copy holds the book as it was before the command" \
  test "$rc" -eq 0 -a "$(first_id)" = "$ZYGMUNT" -a "$(wc -l <"$TMP/out")" -eq 1
check "... and looking into it makes no copy of the copy" test "$(find "$BACKUPS" -type f | wc -l)" -eq 1
# Opening the copy switches it to WAL, which touches it: measure after.
before=$(stat -c %Y.%s "$COPY")
sleep 1
cli add "Yves Third"
YVES=$(cat "$TMP/out")
check "later commands the same day leave the copy alone" \
  test "$(daily_copies)" -eq 1 -a "$(stat -c %Y.%s "$COPY")" = "$before"

printf 'Shopping list\nmilk\neggs\n' >"$TMP/notes.txt"
cli_on "$TMP/notes.txt" search milk
check "a refused book gets no copy" test "$rc" -eq 1 -a "$(find "$BACKUPS" -name 'notes*' | wc -l)" -eq 0

# --- backup and restore ------------------------------------------------

cli backup "$TMP/saved.db"
check "backup FILE exits 0 quietly" test "$rc" -eq 0 -a ! -s "$TMP/out" -a ! -s "$TMP/err"
cli add "Late Customer"
LATE=$(cat "$TMP/out")

cli restore
check "restore without a file exits 2 with a message" bad_usage
cli restore "$TMP/saved.db" "$TMP/other.db"
check "restore with two files exits 2 with a message" bad_usage

sum=$(sha256sum <"$TMP/notes.txt")
cli restore "$TMP/notes.txt"
check "restore of a text file exits 1 with a message" refused
check "... saying it is not a copy of a customer book" grep -q "not a copy of a Clientele customer book" "$TMP/err"
check "... and leaves the file as it was, alone" \
  test "$(sha256sum <"$TMP/notes.txt")" = "$sum" -a ! -e "$TMP/notes.txt-wal" -a ! -e "$TMP/notes.txt-shm"

make_foreign "$TMP/recipes.db"
cli restore "$TMP/recipes.db"
check "restore of another program's database exits 1" refused
check "... saying it is not a customer book" grep -q "not a Clientele customer book" "$TMP/err"

cp "$TMP/saved.db" "$TMP/newer.db"
set_version "$TMP/newer.db" 99
cli restore "$TMP/newer.db"
check "restore of a book from a newer Clientele exits 1" refused
check "... saying to update Clientele" grep -q "newer version of Clientele" "$TMP/err"

cp "$TMP/saved.db" "$TMP/damaged.db"
size=$(stat -c %s "$TMP/damaged.db")
head -c 8192 /dev/urandom | dd of="$TMP/damaged.db" bs=4096 seek=2 conv=notrunc status=none
cli restore "$TMP/damaged.db"
check "restore of a damaged copy exits 1" refused
check "... saying it is damaged" grep -q "damaged" "$TMP/err"
check "... and the copy keeps its size" test "$(stat -c %s "$TMP/damaged.db")" = "$size"

cli restore "$TMP/missing.db"
check "restore of a file that does not exist exits 1" refused

cli search late
check "after every refusal the book is as it was" test "$rc" -eq 0 -a "$(first_id)" = "$LATE"
check "... and nothing was saved aside" test "$(aside_copies)" -eq 0

cli_on "$TMP/new-book.db" restore "$TMP/notes.txt"
check "restore of a bad file into a new book exits 1 and creates no book" \
  test "$rc" -eq 1 -a ! -e "$TMP/new-book.db"

cli restore "$TMP/saved.db"
check "restore FILE exits 0" test "$rc" -eq 0 -a ! -s "$TMP/err"
ASIDE=$(find "$BACKUPS" -maxdepth 1 -name 'book-*-before-restore-*.db')
check "... says where the book as it was is saved" \
  test -n "$ASIDE" -a -n "$(grep -F -- "$ASIDE" "$TMP/out")"
cli search late
check "... and the book is the copy's" test "$rc" -eq 0 -a ! -s "$TMP/out"
cli search quarkbottle
check "... with its customers" test "$rc" -eq 0 -a "$(first_id)" = "$ZYGMUNT"
cli_on "$ASIDE" search late
check "the book saved aside holds what the copy did not" test "$rc" -eq 0 -a "$(first_id)" = "$LATE"
cli check
check "the restored book is sound" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

cli_on "$TMP/fresh.db" restore "$TMP/saved.db"
check "restore into a book that does not exist yet creates it" test "$rc" -eq 0 -a -s "$TMP/fresh.db"
cli_on "$TMP/fresh.db" search vandersteen
check "... with the copy's customers" test "$rc" -eq 0 -a "$(first_id)" = "$HORTENSE"

# --- erase -------------------------------------------------------------

cli erase "$ZYGMUNT"
check "erase without --yes exits 2" bad_usage
check "... explaining that it cannot be undone" grep -q "cannot be undone" "$TMP/err"
check "... and that --yes confirms" grep -q -F -- "--yes" "$TMP/err"
cli search zygmunt
check "... and erases nobody" test "$rc" -eq 0 -a "$(first_id)" = "$ZYGMUNT"

cli erase zygmunt --yes
check "erase of something that is not a number exits 2" bad_usage
cli erase 9999 --yes
check "erase of a customer who does not exist exits 1" refused
check "... saying so" grep -q "There is no customer number 9999" "$TMP/err"
cli erase "$ZYGMUNT" "$HORTENSE" --yes
check "erase of two customers at once exits 2" bad_usage

check "before the erasure, the words are in the files" in_files xylophonium $(book_files)
cli erase "$ZYGMUNT" --yes
check "erase ID --yes exits 0 quietly" quiet_success
cli show "$ZYGMUNT"
check "... and the customer is gone" refused
for word in zygmunt quarkbottle quarkmail xylophonium "98 76 54 32" 98765432; do
  check "... and \"$word\" is nowhere in the book, its WAL or its copies" \
    eval '! in_files "$word" $(book_files)'
done
check "... while the other customers are still there" in_files vandersteen "$DB"
check "... in the copies too" in_files vandersteen "$BACKUPS"/book-*
cli check
check "the book is sound after the erasure" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

cli log "$YVES" --kind visit --note "Bought a hat"
cli erase "$YVES" --keep-counts --yes
check "erase --keep-counts exits 0 quietly" quiet_success
cli show "$YVES"
check "... and leaves a row with no name" test "$rc" -eq 0 -a "$(head -n 1 "$TMP/out")" = "Erased customer"
cli search yves
check "... which no search finds" test "$rc" -eq 0 -a ! -s "$TMP/out"
cli search erased
check "... not even by its placeholder" test "$rc" -eq 0 -a ! -s "$TMP/out"
check "... and nothing of the customer stays in the files" eval '! in_files "bought a hat" $(book_files)'

cli restore "$TMP/saved.db"
check "restoring a copy older than the erasures exits 0" test "$rc" -eq 0
cli search zygmunt
check "... and the erased customer stays erased" test "$rc" -eq 0 -a ! -s "$TMP/out"
cli search vandersteen
check "... while the others come back" test "$rc" -eq 0 -a "$(first_id)" = "$HORTENSE"
cli search third
check "... and the one erased with counts kept too" test "$rc" -eq 0 -a ! -s "$TMP/out"

echo "1..$n"
