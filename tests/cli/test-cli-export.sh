#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# clientele-cli export: the whole book as CSV or vCard, one customer's data
# for an access request, and the failures that must leave nothing behind.
# Usage: test-cli-export.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP"; rm -rf "$TMP"' EXIT

export XDG_DATA_HOME="$TMP/xdg"
DB="$TMP/book.db"
OUT="$TMP/out"
mkdir "$OUT"

n=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () {
  n=$((n + 1))
  echo "not ok $n - $1"
  shift
  for line in "$@"; do
    echo "# $line"
  done
  if [ -s "$TMP/stdout" ]; then sed 's/^/#   stdout: /' "$TMP/stdout"; fi
  if [ -s "$TMP/stderr" ]; then sed 's/^/#   stderr: /' "$TMP/stderr"; fi
}
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check () {
  local description=$1
  shift
  if "$@"; then pass "$description"; else fail "$description" "exit status $rc"; fi
}

rc=0
cli () {
  "$CLI" --database "$DB" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
  rc=$?
}

succeeded () { [ "$rc" -eq 0 ]; }
refused () {
  # Exit 1, "clientele-cli: MESSAGE" on stderr, nothing on stdout.
  [ "$rc" -eq 1 ] && [ ! -s "$TMP/stdout" ] && grep -q '^clientele-cli: ..' "$TMP/stderr"
}
says () { grep -q -F -- "$1" "$TMP/stderr"; }
prints () { [ "$(cat "$TMP/stdout")" = "$1" ]; }
# Nothing in $OUT but the files named.
only_files () { [ "$(cd "$OUT" && ls -A | sort | tr '\n' ' ')" = "$*" ]; }
csv_rows () {
  python3 -c 'import csv, sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))' "$1"
}
cards () { grep -c '^BEGIN:VCARD' "$1"; }
private () { [ "$(stat -c %a "$1")" = 600 ]; }

# --- usage, before any book is opened -------------------------------------

cli export --help
check "export --help names the formats and the formula guard" \
  eval 'succeeded && grep -q -- --without-sensitive "$TMP/stdout" && grep -q "formula" "$TMP/stdout"'

cli export "$OUT/book.csv"
check "a book that does not exist is refused and not created" \
  eval 'refused && [ ! -e "$DB" ] && only_files'

"$CLI" --database "$DB" sample --customers 300 --seed 3 >/dev/null 2>&1
check "a sample book of 300 customers" [ -s "$DB" ]

cli export
check "export without a file is refused" refused
cli export "$OUT/a.csv" "$OUT/b.csv"
check "export of two files is refused" eval 'refused && only_files'
cli export "$OUT/book.txt"
check "an unknown extension is refused, naming the formats" \
  eval 'refused && says ".vcf" && says ".csv" && only_files'
cli export --customer abc "$OUT/c.json"
check "a customer number that is not one is refused" eval 'refused && only_files'
cli export --customer 5 --without-sensitive "$OUT/c.json"
check "--without-sensitive does not apply to an access request" eval 'refused && only_files'

# --- the whole book ---------------------------------------------------------

cli export "$OUT/book.csv"
check "the book as CSV: the count on stdout" \
  eval 'succeeded && prints "300 customers written to $OUT/book.csv"'
check "the sensitive-data warning on stderr" \
  eval 'says "health" && says "keep it safe" && says "--without-sensitive"'
check "the CSV: a BOM, a header and one row per customer" \
  eval '[ "$(head -c 3 "$OUT/book.csv" | od -An -tx1 | tr -d " ")" = efbbbf ] && [ "$(csv_rows "$OUT/book.csv")" = 301 ]'
check "the CSV ends its rows with CRLF" \
  eval '[ "$(head -n 1 "$OUT/book.csv" | tail -c 2 | od -An -c | tr -d " ")" = "\r\n" ]'
check "the CSV holds the sensitive preferences, and only its owner may read it" \
  eval 'grep -q "\[sensitive\]" "$OUT/book.csv" && private "$OUT/book.csv"'

cli export --without-sensitive "$OUT/safe.csv"
check "--without-sensitive: no warning, the same count" \
  eval 'succeeded && [ ! -s "$TMP/stderr" ] && prints "300 customers written to $OUT/safe.csv"'
check "--without-sensitive leaves the sensitive preferences out" \
  eval '! grep -q "\[sensitive\]" "$OUT/safe.csv" && grep -q "\[alert\]" "$OUT/safe.csv" && [ "$(csv_rows "$OUT/safe.csv")" = 301 ]'

cli export "$OUT/book.VCF"
check "the book as vCard 4.0, one card per customer" \
  eval 'succeeded && prints "300 customers written to $OUT/book.VCF" && [ "$(cards "$OUT/book.VCF")" = 300 ] && grep -q "^VERSION:4.0" "$OUT/book.VCF"'

cli export "$OUT/book.csv"
check "an existing file is replaced" eval 'succeeded && [ "$(csv_rows "$OUT/book.csv")" = 301 ]'
check "no temporary file is left" only_files "book.VCF book.csv safe.csv "

# --- one customer -------------------------------------------------------------

cli export --customer 5 "$OUT/customer-5.json"
check "--customer writes the JSON and the vCard beside it" \
  eval 'succeeded && prints "Wrote $OUT/customer-5.json and $OUT/customer-5.vcf" && [ -s "$OUT/customer-5.json" ] && [ "$(cards "$OUT/customer-5.vcf")" = 1 ]'
check "the JSON is the customer's" \
  eval 'python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d[\"customer\"][\"number\"] != 5)" "$OUT/customer-5.json"'

cli export --customer 99999 "$OUT/nobody.json"
check "an unknown customer is refused, nothing written" \
  eval 'refused && says "There is no customer number 99999" && [ ! -e "$OUT/nobody.json" ] && [ ! -e "$OUT/nobody.vcf" ]'

# --- failures leave nothing behind ---------------------------------------------

cli export "$OUT/missing/book.csv"
check "a folder that does not exist is refused" eval 'refused && says "missing"'

if [ "$(id -u)" -eq 0 ]; then
  skip "a read-only folder is refused, nothing left in it" "running as root, file permissions do not apply"
else
  mkdir "$OUT/locked"
  chmod 0500 "$OUT/locked"
  cli export "$OUT/locked/book.csv"
  check "a read-only folder is refused, nothing left in it" \
    eval 'refused && says "locked" && [ -z "$(ls -A "$OUT/locked")" ]'
  chmod 0700 "$OUT/locked"
  rmdir "$OUT/locked"
fi

# A disk that fills up: the file-size limit makes writing fail past 40 KiB
# (the book's shared-memory file needs 32), as a full disk would.
(
  trap '' XFSZ
  ulimit -f 40
  "$CLI" --database "$DB" export "$OUT/full-disk.csv" >"$TMP/stdout" 2>"$TMP/stderr"
)
rc=$?
check "a write that fails halfway exits 1 and says why" eval 'refused && says "could not be written"'
check "and leaves neither the file nor a temporary one" \
  only_files "book.VCF book.csv customer-5.json customer-5.vcf safe.csv "

# An export killed (SIGKILL) while it writes, as it starts, a third and two
# thirds of the way: nothing is left beside the destination, which keeps
# the earlier export whole.
BIG="$TMP/big.db"
"$CLI" --database "$BIG" sample --customers 3000 >/dev/null 2>&1
mkdir "$TMP/killed"
"$CLI" --database "$BIG" export "$TMP/killed/book.csv" >/dev/null 2>&1
whole_rows=$(csv_rows "$TMP/killed/book.csv")
for part in 0 0.33 0.67; do
  python3 "$(dirname "$0")/kill-while-writing.py" "$TMP/killed/book.csv" "$part" \
    "$CLI" --database "$BIG" export "$TMP/killed/book.csv"
  killed=$?
  rc=$killed
  check "an export killed at $part of its file was killed while writing" [ "$killed" -eq 0 ]
  check "... leaves nothing beside its destination" \
    eval '[ "$(cd "$TMP/killed" && ls -A)" = book.csv ]'
  check "... which is the earlier export, whole" [ "$(csv_rows "$TMP/killed/book.csv")" = "$whole_rows" ]
done

cli check
check "the book is untouched" eval 'succeeded && prints ok'

echo "1..$n"
