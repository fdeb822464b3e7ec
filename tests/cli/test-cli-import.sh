#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of "clientele-cli import": what it prints, the reasons
# on stderr with their file and line, all files or none, importing twice,
# the country of phone numbers, and an import killed halfway.
# Usage: test-cli-import.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
CSV="$HERE/../data/csv"
VCARD="$HERE/../data/vcard"
DATA="$HERE/../data/import"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

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
# Runs in the data folders, so that files are named as a user types them.
cli_in () {
  local dir=$1
  shift
  (cd "$dir" && "$CLI" --database "$DB" "$@") >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

said () { [ "$rc" -eq 0 ] && [ "$(cat "$TMP/out")" = "$1" ]; }
err_has () { grep -qxF -- "$1" "$TMP/err"; }
err_lines () { [ "$(wc -l <"$TMP/err")" -eq "$1" ]; }
refused_saying () {
  [ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q "^clientele-cli: .*$1" "$TMP/err"
}
# Every row of the book, to see that nothing changed.
dump () {
  /usr/bin/python3 - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for line in db.iterdump():
    print(line)
EOF
}
snapshot () { dump "$DB" >"$TMP/$1"; }
unchanged_since () { dump "$DB" | cmp -s - "$TMP/$1"; }
found () { cli search "$1"; [ "$rc" -eq 0 ] && [ "$(cut -f1,2 "$TMP/out")" = "$2" ]; }

# --- a Google Contacts export ------------------------------------------

cli_in "$CSV" import google-en.csv
check "a Google export: what was done" said "imported 3, merged 0, skipped 1"
check "the row left out, by file and line" \
  err_has "google-en.csv:9: Line 9 has no name, e-mail or phone number: it was left out."
check "nothing else on stderr" err_lines 1
check "the customers are found" found "Dupré" "1	Hélène Dupré"

# --- an Outlook export of the same people, in French Windows-1252 ------

cli_in "$CSV" import outlook-fr.csv
check "an Outlook export: merged by phone number" said "imported 1, merged 2, skipped 0"
check "06 12 34 56 78 is +33 6 12 34 56 78: Hélène got her other address" \
  found "helene@example.fr" "1	Hélène Dupré"
check "a bakery known by its company got its baker's name" \
  found "f.lefevre@example.fr" "3	François Lefèvre"
check "one Hélène Dupré" found "helene dupre" "1	Hélène Dupré"

# --- twice --------------------------------------------------------------

snapshot twice
cli_in "$CSV" import google-en.csv outlook-fr.csv
check "importing again adds nobody" said "imported 0, merged 0, skipped 7"
check "and changes nothing" unchanged_since twice

# --- same name only -----------------------------------------------------

cli_in "$DATA" import kept-apart.csv
check "a namesake is added" said "imported 2, merged 0, skipped 0"
check "and reported as kept apart" \
  err_has "kept-apart.csv:2: kept apart from customer 1 “Hélène Dupré”: same name only"
check "only the namesake is reported" err_lines 1

# --- vCard files, into another book -------------------------------------

BOOK=$DB
DB="$TMP/cards.db"
cli_in "$VCARD" import google-contacts.vcf iphone-icloud.vcf
check "vCards from Google and an iPhone" said "imported 4, merged 0, skipped 0"
check "nothing said on stderr" err_lines 0
cli_in "$VCARD" import bom-crlf.vcf nextcloud-4.0.vcf
check "two files at once: the same e-mail across them is merged" said "imported 5, merged 1, skipped 0"
check "a namesake with a middle name is reported" \
  err_has "bom-crlf.vcf:1: kept apart from customer 1 “Hélène Dupré”: same name only"
check "a namesake from the other file too" \
  err_has "nextcloud-4.0.vcf:16: kept apart from customer 8 “Œdipe Roi”: same name only"
check "nothing else on stderr" err_lines 2
cli_in "$VCARD" import truncated.vcf
check "a truncated file: its whole cards are read" said "imported 0, merged 0, skipped 2"
check "the cut card is reported by its line" \
  err_has "truncated.vcf:6: Card at line 6 has no END:VCARD line (the file may be cut short): skipped."
snapshot cards
cli_in "$VCARD" import google-contacts.vcf iphone-icloud.vcf bom-crlf.vcf nextcloud-4.0.vcf
check "the vCards again add nobody" said "imported 0, merged 0, skipped 10"
check "and change nothing" unchanged_since cards
cli check
check "the book passes check" said "ok"
DB=$BOOK

# --- files that cannot be read -----------------------------------------

snapshot unreadable
cli_in "$CSV" import google-fr.csv junk.bin
check "a file that is not a contacts file is refused" refused_saying "junk.bin.*neither a vCard file nor a CSV file"
check "and nothing of the other file is imported" unchanged_since unreadable

cli_in "$CSV" import empty.csv
check "an empty file is refused" refused_saying "empty.csv.*is empty"
cli import "$TMP/missing.vcf"
check "a missing file is refused" refused_saying "There is no file .*missing.vcf"
cli import "$TMP"
check "a folder is refused" refused_saying "is a folder"
cli import
check "no file at all is refused" refused_saying "Give one or more"
check "the book is still as it was" unchanged_since unreadable

"$CLI" --database "$TMP/new.db" import "$CSV/junk.bin" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "no book is created for a file that cannot be read" test "$rc" -eq 1 -a ! -e "$TMP/new.db"

# --- the country of phone numbers --------------------------------------

cli add "Reto Meier" --phone "+41 79 123 45 67"
RETO=$(cat "$TMP/out")
cp "$DB" "$TMP/before-swiss.db"
if [ "${CLT_TEST_PHONES:-parsed}" = digits ]; then
  # evolution-data-server without libphonenumber (the Flatpak): no list of
  # countries, and numbers the same by their digits but for 0 or +41.
  cli import --country 1Z "$DATA/swiss.csv"
  check "what is not two letters is refused" refused_saying "“1Z” is not a country code"
  cli import "$DATA/swiss.csv"
  check "by digits, 079 123 45 67 is +41 79 123 45 67 even in a French book" \
    said "imported 0, merged 1, skipped 0"
  cp "$TMP/before-swiss.db" "$DB"
  cli import --country ZZ "$DATA/swiss.csv"
  check "by digits, any two letters are a country" said "imported 0, merged 1, skipped 0"
else
  cli import --country ZZ "$DATA/swiss.csv"
  check "an unknown country is refused" refused_saying "“ZZ” is not a country code"
  cli import "$DATA/swiss.csv"
  check "079 is a French number in a French book" said "imported 1, merged 0, skipped 0"
  cp "$TMP/before-swiss.db" "$DB"
  cli import --country ch "$DATA/swiss.csv"
  check "and a Swiss number with --country CH" said "imported 0, merged 1, skipped 0"
fi
check "Reto got his address" found "reto@example.ch" "$RETO	Reto Meier"

# --- killed halfway ------------------------------------------------------

awk 'BEGIN {
  print "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Notes"
  for (i = 0; i < 20000; i++)
    printf "Client%d,Famille%d,client%d@example.org,07 %02d %02d %02d %02d,Note %d\n",
           i % 97, i, i, int(i / 1000000) % 100, int(i / 10000) % 100, int(i / 100) % 100, i % 100, i
}' >"$TMP/big.csv"

# How long the whole import takes, on a copy of the book.
cp "$DB" "$TMP/copy.db"
start=$(date +%s%N)
"$CLI" --database "$TMP/copy.db" import "$TMP/big.csv" >"$TMP/out" 2>"$TMP/err"
rc=$?
whole=$(( ($(date +%s%N) - start) / 1000000 ))
check "a large file imports in one go" said "imported 20000, merged 0, skipped 0"

# Killed at half that time; where the machine was busy while it was timed
# and the import ends sooner, at a quarter, then an eighth, the book put
# back as it was each time.
snapshot killed
cp "$DB" "$TMP/before-kill.db"
killed_at=
for part in 2000 4000 8000 16000; do
  rm -f "$DB-wal" "$DB-shm"
  cp "$TMP/before-kill.db" "$DB"
  "$CLI" --database "$DB" import "$TMP/big.csv" >"$TMP/out" 2>"$TMP/err" &
  pid=$!
  sleep "$(awk -v ms="$whole" -v part="$part" 'BEGIN { printf "%.3f", ms / part }')"
  if kill -KILL "$pid" 2>/dev/null; then
    wait "$pid"
    rc=$?
    killed_at=$((whole * 1000 / part))
    break
  fi
  wait "$pid"
done
if [ -n "$killed_at" ]; then
  check "the import was killed before its end (after $killed_at of $whole ms)" test "$rc" -eq 137
else
  fail "the import was killed before its end" "it ended before $((whole / 16)) ms"
fi
check "the book is exactly as it was" unchanged_since killed
cli check
check "and check passes" said "ok"
cli import "$TMP/big.csv"
check "the import can be run again" said "imported 20000, merged 0, skipped 0"

echo "1..$n"
