#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What is not a customer book is refused as it is, by every verb; a damaged
# book is said damaged and not written; a backup killed while being written
# leaves nothing behind once the next one ran (reliability review, F1, F2,
# F13).
# Usage: test-cli-book-file.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

export XDG_DATA_HOME="$TMP/xdg"

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
cli_on () {
  local database=$1
  shift
  "$CLI" --database "$database" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
sql () { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()' "$@"; }
query () { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(" ".join(str(r[0]) for r in c.execute(sys.argv[2]))); c.close()' "$@"; }
digest () { sha256sum < "$1" | cut -c1-16; }
# Exit 1, nothing on stdout, the message $1 on stderr.
refused_saying () { [ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q "$1" "$TMP/err"; }
no_journal () { [ ! -e "$1-wal" ] && [ ! -e "$1-shm" ] && [ ! -e "$1-journal" ]; }
found_something () { [ "$rc" -eq 0 ] && [ -s "$TMP/out" ]; }
check_failed_listing_pages () { [ "$rc" -eq 1 ] && grep -q "Page" "$TMP/out"; }
check_ok () { [ "$rc" -eq 0 ] && [ "$(cat "$TMP/out")" = ok ]; }

# A foreign SQLite file, and one with a schema version this program knows:
# every verb refuses them; the file, its tables, journal mode and version
# stay as they were, and nothing is made beside them.
foreign_case () {
  local name=$1 script=$2 tables=$3 version=$4
  local db="$TMP/$name.db"
  sql "$db" "$script"
  local before
  before=$(digest "$db")
  for verb in "search a" "add X" "check" "today"; do
    cli_on "$db" $verb
    check "$name: $verb refused, saying it is another program's database" \
      refused_saying "is a database of another program, not a Clientele customer book"
  done
  check "$name: file unchanged" [ "$(digest "$db")" = "$before" ]
  check "$name: no journal made beside it" no_journal "$db"
  check "$name: tables unchanged" [ "$(query "$db" 'SELECT name FROM sqlite_schema ORDER BY name')" = "$tables" ]
  check "$name: journal mode unchanged" [ "$(query "$db" 'PRAGMA journal_mode')" = "delete" ]
  check "$name: version unchanged" [ "$(query "$db" 'PRAGMA user_version')" = "$version" ]
}

foreign_case photos "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos VALUES (1, 'a.jpg');" "photos" 0
foreign_case v3 "CREATE TABLE photos (id INTEGER PRIMARY KEY); PRAGMA user_version = 3;" "photos" 3

# A new book is marked; one made before the mark is stamped on first use.
GOOD="$TMP/good.db"
cli_on "$GOOD" sample --customers 300
check "a sample book is made" [ "$rc" -eq 0 ]
check "a new book has the application ID" [ "$(query "$GOOD" 'PRAGMA application_id')" = 1131181157 ]
sql "$GOOD" "PRAGMA application_id = 0"
cli_on "$GOOD" search a
check "a book from before the mark opens" found_something
check "and is stamped" [ "$(query "$GOOD" 'PRAGMA application_id')" = 1131181157 ]

# Random bytes over pages in the middle (the review's "corrupt-middle"):
# reading may not go there, but the first write checks the book.
cli_on "$GOOD" check
SIZE=$(stat -c %s "$GOOD")
DAMAGED="$TMP/damaged.db"
cp "$GOOD" "$DAMAGED"
head -c 8192 /dev/urandom | dd of="$DAMAGED" bs=4096 seek=$((SIZE / 4096 / 2)) conv=notrunc status=none
before=$(digest "$DAMAGED")
cli_on "$DAMAGED" add X
check "add into a damaged book is refused, saying it is damaged" refused_saying "is damaged, and nothing more is saved in it"
cli_on "$DAMAGED" promise 1 "Call back" --due 2030-01-01
check "promise into a damaged book is refused" refused_saying "is damaged"
check "the damaged book was not written" [ "$(digest "$DAMAGED")" = "$before" ]
cli_on "$DAMAGED" check
check "check reports the damage" check_failed_listing_pages

# Zeroed pages that reading meets: said damaged, not "not a book".
ZEROED="$TMP/zeroed.db"
cp "$GOOD" "$ZEROED"
head -c 40960 /dev/zero | dd of="$ZEROED" bs=4096 seek=$((SIZE / 4096 / 3)) conv=notrunc status=none
cli_on "$ZEROED" search a
check "search in a book with zeroed pages says it is damaged" refused_saying "is damaged"

# Half a book: its header is a book's, so it is damaged, not foreign.
HALF="$TMP/half.db"
head -c $((SIZE / 2)) "$GOOD" > "$HALF"
cli_on "$HALF" search a
check "half a book is said damaged" refused_saying "is damaged"

# A damaged book is restored from a copy: its files saved aside as they
# are, the copy in their place.
COPY="$TMP/good-copy.db"
cli_on "$GOOD" backup "$COPY"
check "a copy of the sound book is saved" [ "$rc" -eq 0 ]
restored_whole () { [ "$rc" -eq 0 ] && grep -q "^Restored" "$TMP/out"; }
for damaged in "$DAMAGED" "$HALF"; do
  name=$(basename "$damaged")
  cli_on "$damaged" restore "$COPY"
  check "$name: restore replaces the damaged book" restored_whole
  aside=$(sed -n 's/^Restored. The customer book as it was before is saved as //p' "$TMP/out")
  check "$name: the damaged book is saved aside as it was" [ -f "$aside" ]
  cli_on "$damaged" check
  check "$name: the restored book is sound" check_ok
  cli_on "$damaged" add "After Restore"
  check "$name: and takes new customers" [ "$rc" -eq 0 ]
done

# F13: backups killed (SIGKILL) while writing their copy: as it starts, a
# third and two thirds of the way. The copy has no name until it is whole,
# so nothing is left beside the destination, which stays a whole book.
BIG="$TMP/big.db"
cli_on "$BIG" sample --customers 3000
mkdir -p "$TMP/copies"
DEST="$TMP/copies/copy.db"
cli_on "$BIG" backup "$DEST"
check "a first backup is written" [ "$rc" -eq 0 ]
for part in 0 0.33 0.67; do
  python3 "$(dirname "$0")/kill-while-writing.py" "$DEST" "$part" \
    "$CLI" --database "$BIG" backup "$DEST"
  killed=$?
  left=$(find "$TMP/copies" -mindepth 1 ! -name copy.db | wc -l)
  what="killed at ${part} of its copy"
  check "$what: the backup was killed while writing" [ "$killed" -eq 0 ]
  check "$what: nothing is left beside the destination" [ "$left" -eq 0 ]
  cli_on "$DEST" check
  check "$what: the destination is still a whole book" check_ok
  cli_on "$BIG" backup "$DEST"
  check "$what: the next backup succeeds" [ "$rc" -eq 0 ]
done

# A file system without unnamed files (FAT), as a preloaded library makes
# it: a copy or an export takes a hidden named temporary file, which a
# killed backup leaves and the next copy into the folder removes.
if [ -n "${CLT_TEST_NO_UNNAMED_FILES:-}" ]; then
  # ASan wants its own library first; this one only wraps open().
  fat_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
  fat_on () {
    local database=$1
    shift
    LD_PRELOAD="$CLT_TEST_NO_UNNAMED_FILES" ASAN_OPTIONS="$fat_asan" \
      "$CLI" --database "$database" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
  }
  only_copy () { [ "$(ls -A "$TMP/fat")" = "copy.db" ]; }
  mkdir -p "$TMP/fat"
  FAT_DEST="$TMP/fat/copy.db"
  fat_on "$BIG" backup "$FAT_DEST"
  check "without unnamed files: a backup is written" [ "$rc" -eq 0 ]
  check "... and nothing beside it" only_copy
  cli_on "$FAT_DEST" check
  check "... a whole book" check_ok
  python3 "$(dirname "$0")/kill-while-writing.py" "$FAT_DEST" 0.33 \
    env LD_PRELOAD="$CLT_TEST_NO_UNNAMED_FILES" ASAN_OPTIONS="$fat_asan" \
    "$CLI" --database "$BIG" backup "$FAT_DEST"
  killed=$?
  left=$(find "$TMP/fat" -name '.clientele-backup-??????' | wc -l)
  check "without unnamed files: a backup killed while writing" [ "$killed" -eq 0 ]
  check "... leaves its hidden temporary file" [ "$left" -eq 1 ]
  fat_on "$BIG" backup "$FAT_DEST"
  check "... which the next backup removes" eval '[ "$rc" -eq 0 ] && only_copy'
  fat_on "$BIG" export "$TMP/fat/book.csv"
  check "without unnamed files: an export is written, nothing beside it" \
    eval '[ "$rc" -eq 0 ] && [ "$(ls -A "$TMP/fat" | tr "\n" " ")" = "book.csv copy.db " ]'
else
  pass "without unnamed files: not tested (no preloaded library) # SKIP"
fi

echo "1..$n"
