#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of the promise verbs of clientele-cli (promise, promises,
# keep, break, cancel, postpone) and of log, in a zone with daylight saving.
# Usage: test-cli-promises.sh PATH-TO-CLIENTELE-CLI
# Prints TAP.

set -u

CLI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Nothing here may touch the real user's data.
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

# Runs clientele-cli on the test database; stdout, stderr and the exit
# status land in $TMP/out, $TMP/err and $rc.
rc=0
cli () {
  "$CLI" --database "$DB" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

out_is_id () { [ "$rc" -eq 0 ] && grep -Eqx '[0-9]+' "$TMP/out" && [ "$(wc -l <"$TMP/out")" -eq 1 ]; }
quiet_success () { [ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ]; }
refused () {
  # Exit 1, "clientele-cli: MESSAGE" on stderr, nothing on stdout.
  [ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q '^clientele-cli: ..' "$TMP/err"
}
refused_saying () { refused && grep -qiF -- "$1" "$TMP/err"; }
five_fields () { awk -F '\t' 'NF != 5 { bad = 1 } END { exit bad }' "$TMP/out"; }
# The line of promise $1 in the last listing, empty when it is not there.
line_of () { awk -F '\t' -v id="$1" '$1 == id' "$TMP/out"; }
listed () { [ -n "$(line_of "$1")" ]; }
not_listed_customer () { ! cut -f 4 "$TMP/out" | grep -qxF -- "$1"; }
not_listed () { [ -z "$(line_of "$1")" ]; }
# Field $2 (1: id, 2: due, 3: status, 4: customer, 5: text) of promise $1.
field_of () { line_of "$1" | cut -f "$2"; }
# Lists every promise and keeps the listing, to see that nothing changed.
snapshot () { cli promises --all; cp "$TMP/out" "$TMP/$1"; }
unchanged_since () { cli promises --all; cmp -s "$TMP/out" "$TMP/$1"; }

# Days counted from today's noon, which a daylight-saving change (an hour)
# cannot push into another day.
TODAY=$(date +%F)
NOON=$(date -d "$TODAY 12:00" +%s)
day_after () { date -d "@$((NOON + $1 * 86400))" +%F; }
YESTERDAY=$(day_after -1)
TOMORROW=$(day_after 1)
LATER=$(day_after 10)

cli add "Hélène Dubois"
HELENE=$(cat "$TMP/out")
cli add "Jean Dupont"
JEAN=$(cat "$TMP/out")

# --- promise -----------------------------------------------------------

cli promise "$HELENE" "Call back about the garden room" --due "$TOMORROW" --by "Anna"
check "promise with a due day prints a numeric id" out_is_id
DAY=$(cat "$TMP/out")

cli promise "$HELENE" "Send the invoice" --due "${TOMORROW}T15:30" --remind "${TOMORROW}T10:00"
check "promise with a due day and time (and --remind) prints a numeric id" out_is_id
TIMED=$(cat "$TMP/out")

cli promise "$JEAN" "Find a vegetarian menu" --due "$YESTERDAY"
OVERDUE=$(cat "$TMP/out")
cli promise "$JEAN" "Book the taxi" --due "$TODAY"
DUE_TODAY=$(cat "$TMP/out")
cli promise "$JEAN" "Lend an umbrella" --due "$LATER"
TO_BREAK=$(cat "$TMP/out")
cli promise "$JEAN" "Reserve the table" --due "$LATER"
TO_CANCEL=$(cat "$TMP/out")
check "promises get distinct ids" \
  test -n "$OVERDUE" -a -n "$DUE_TODAY" -a -n "$TO_BREAK" -a -n "$TO_CANCEL" \
  -a "$DAY" != "$TIMED" -a "$OVERDUE" != "$TIMED" -a "$TO_BREAK" != "$TO_CANCEL"

cli promise "$HELENE" Bring the "newspaper" at breakfast --due "$LATER"
check "promise joins words of the text that were not quoted" out_is_id
UNQUOTED=$(cat "$TMP/out")

# --- promises ----------------------------------------------------------

cli promises --open
check "promises --open exits 0 quietly on stderr" test "$rc" -eq 0 -a ! -s "$TMP/err"
check "... in lines of five tab-separated fields" five_fields
check "... with the day alone for a promise due on a day" \
  test "$(field_of "$DAY" 2)" = "$TOMORROW"
check "... with the day and time (local) for a promise due at a time" \
  test "$(field_of "$TIMED" 2)" = "$TOMORROW 15:30"
check "... the status open" test "$(field_of "$DAY" 3)" = open
check "... the customer's name" test "$(field_of "$TIMED" 4)" = "Hélène Dubois"
check "... and the text" test "$(field_of "$DAY" 5)" = "Call back about the garden room"
check "... of unquoted words too" test "$(field_of "$UNQUOTED" 5)" = "Bring the newspaper at breakfast"
check "... soonest due first" \
  test "$(head -n 1 "$TMP/out" | cut -f 1)" = "$OVERDUE" -a "$(sed -n 2p "$TMP/out" | cut -f 1)" = "$DUE_TODAY"

cli promises
check "promises without an option lists the open ones" \
  test "$rc" -eq 0 -a "$(wc -l <"$TMP/out")" -eq 7

# Times are stored in UTC: in another zone, the same promise shows its time there.
expected_utc=$(date -u -d "TZ=\"Europe/Paris\" $TOMORROW 15:30" "+%F %H:%M")
TZ=UTC cli promises --open
check "the same promise read in UTC is due at $expected_utc" \
  test "$(field_of "$TIMED" 2)" = "$expected_utc"

cli promises --overdue
check "promises --overdue lists the one due yesterday" listed "$OVERDUE"
check "... and not the one due tomorrow" not_listed "$DAY"
check "... nor the one due at the end of today" not_listed "$DUE_TODAY"

cli promises --today
check "promises --today lists the one due today" listed "$DUE_TODAY"
only_today () { not_listed "$OVERDUE" && not_listed "$DAY" && not_listed "$TIMED"; }
check "... and neither yesterday's nor tomorrow's" only_today

cli promises --overdue --today
check "promises with two filters is refused" refused
cli promises something
check "promises with an argument is refused" refused

# --- keep, break, cancel -----------------------------------------------

cli keep "$DAY"
check "keep exits 0 quietly" quiet_success
cli promises --all
check "promises --all shows it kept" test "$(field_of "$DAY" 3)" = kept
cli promises --open
check "... and promises --open no longer lists it" not_listed "$DAY"

cli keep "$DAY"
check "keeping it again exits 1 with the store's message" refused_saying "already kept"

cli break "$TO_BREAK"
check "break exits 0 quietly" quiet_success
cli cancel "$TO_CANCEL"
check "cancel exits 0 quietly" quiet_success
cli promises --all
check "promises --all shows broken and cancelled" \
  test "$(field_of "$TO_BREAK" 3)" = broken -a "$(field_of "$TO_CANCEL" 3)" = cancelled

cli cancel "$TO_BREAK"
check "cancelling a broken promise exits 1" refused_saying "broken"
cli break "$DAY"
check "breaking a kept promise exits 1" refused

cli keep 999999
check "keep of an unknown promise exits 1 with a message" refused_saying "999999"
cli keep twelve
check "keep of something that is not a number exits 1" refused
cli keep
check "keep without a number exits 1" refused

cli reopen "$TO_CANCEL"
check "reopen exits 0 quietly" quiet_success
cli promises --open
check "... and promises --open lists it again" listed "$TO_CANCEL"
cli reopen "$TO_CANCEL"
check "reopening an open promise exits 1 with the store's message" refused_saying "already open"
cli cancel "$TO_CANCEL"
check "a reopened promise can be cancelled again" quiet_success

# --- postpone ----------------------------------------------------------

cli postpone "$TIMED" --due "$LATER" --reason "The accountant is away"
check "postpone exits 0 quietly" quiet_success
cli promises --open
check "postpone changes the due date (and makes it a day)" test "$(field_of "$TIMED" 2)" = "$LATER"

cli postpone "$TIMED" --due "${LATER}T09:15"
check "postpone without a reason, to a time, exits 0" quiet_success
cli promises --open
check "... and shows the new time" test "$(field_of "$TIMED" 2)" = "$LATER 09:15"

cli postpone "$DAY" --due "$LATER"
check "postponing a kept promise exits 1 with the store's message" refused_saying "already kept"
cli postpone "$TIMED"
check "postpone without --due exits 1" refused
cli postpone 999999 --due "$LATER"
check "postpone of an unknown promise exits 1" refused_saying "999999"

# --- dates that are refused, leaving nothing behind --------------------

snapshot before-bad-dates
all_refused=yes
for due in 2026-02-30 tomorrow 2026-13-01 "2026-1-5" "${TODAY}T25:00" "${TODAY}T9:30" \
           "${TODAY}T09:30:00" " $TODAY" "+2026-01-05" ""; do
  cli promise "$HELENE" "Never written" --due "$due"
  if ! refused; then all_refused="no: --due \"$due\" exited $rc"; fi
done
check "promise with a bad --due (2026-02-30, tomorrow, …) exits 1 with a message" test "$all_refused" = yes
cli promise "$HELENE" "Never written" --due 2026-02-30
check "... the message names the date" refused_saying "2026-02-30"
cli promise "$HELENE" "Never written" --due "$TOMORROW" --remind "$TOMORROW"
check "promise with a --remind without a time exits 1" refused
cli promise "$HELENE" "Never written" --due "$TOMORROW" --remind 2026-02-30T09:00
check "promise with a --remind on a day that does not exist exits 1" refused
cli promise "$HELENE" "Never written"
check "promise without --due exits 1" refused
cli promise "$HELENE" --due "$TOMORROW"
check "promise without a text exits 1" refused
cli promise "$HELENE" "   " --due "$TOMORROW"
check "promise with a blank text exits 1" refused
cli promise 999999 "Never written" --due "$TOMORROW"
check "promise to an unknown customer exits 1 with a message" refused_saying "999999"
cli postpone "$OVERDUE" --due tomorrow
check "postpone to \"tomorrow\" exits 1" refused
cli postpone "$OVERDUE" --due 2026-02-30
check "postpone to 2026-02-30 exits 1" refused
check "none of them wrote anything" unchanged_since before-bad-dates

cli_on_missing () { "$CLI" --database "$TMP/missing.db" "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; }
cli_on_missing promises
check "promises on a database that does not exist exits 1" refused
cli_on_missing promise 1 "Text" --due "$TOMORROW"
check "promise on a database that does not exist exits 1" refused
check "... and neither creates it" test ! -e "$TMP/missing.db"

# --- log ---------------------------------------------------------------

all_logged=yes
for kind in visit stay call purchase complaint other; do
  cli log "$JEAN" --kind "$kind" --note "A $kind" --by "Anna"
  if ! out_is_id; then all_logged="no: --kind $kind exited $rc"; fi
done
check "log with each kind prints a numeric id" test "$all_logged" = yes

cli log "$HELENE" --kind call
check "log without a note prints a numeric id" out_is_id

cli add "Plume Durand"
PLUME=$(cat "$TMP/out")
cli log "$PLUME" --kind visit --at "${YESTERDAY}T16:45" --note "Came to see the room"
check "log --at in the past prints a numeric id" out_is_id
cli show "$PLUME"
past_contact () { grep -q "Visit" "$TMP/out" && ! grep -q "^Expected" "$TMP/out"; }
check "... and is a contact, not an expected one" past_contact

cli log "$PLUME" --kind stay --at "${LATER}T15:00" --note "Arrives with her dog"
check "log --at in the future prints a numeric id" out_is_id
cli show "$PLUME"
check "... and records an expected contact" grep -q "^Expected" "$TMP/out"

cli log "$JEAN" --kind dinner
check "log with a bad kind exits 1 with a message" refused_saying "dinner"
cli log "$JEAN" --kind email-in
check "log with an e-mail kind (not logged by hand) exits 1" refused
cli log "$JEAN" --note "No kind"
check "log without --kind exits 1" refused
cli log "$JEAN" --kind visit --at 2026-02-30T10:00
check "log --at a day that does not exist exits 1" refused
cli log "$JEAN" --kind visit --at yesterday
check "log --at a word exits 1" refused
cli log 999999 --kind visit
check "log for an unknown customer exits 1 with a message" refused_saying "999999"
cli log "$JEAN" --kind visit "loose words"
check "log with a stray argument exits 1" refused
cli log
check "log without a customer exits 1" refused

cli check
check "the book is sound afterwards" test "$rc" -eq 0 -a "$(cat "$TMP/out")" = ok

# --- today ---------------------------------------------------------------

cli today
today_reads_well () {
  [ "$rc" -eq 0 ] && head -n 1 "$TMP/out" | grep -q '^Today, ' || return 1
  # Overdue first, then today's, and nothing beyond the week ahead.
  [ "$(grep -nF "Find a vegetarian menu" "$TMP/out" | cut -d: -f1)" -lt \
    "$(grep -nF "Book the taxi" "$TMP/out" | cut -d: -f1)" ] || return 1
  grep -qF "Overdue promises" "$TMP/out" && grep -qF "Due today" "$TMP/out" || return 1
  ! grep -qF "Lend an umbrella" "$TMP/out"
}
check "today prints the briefing, overdue first, nothing beyond the week" today_reads_well
cli today extra
check "today refuses an argument" refused

# --- dates the book cannot keep -------------------------------------------

cli add "Dates Lointaines"
FAR=$(cat "$TMP/out")
for date in 9999-12-31 9999-01-01 1970-01-01 1960-05-01T10:00; do
  cli promise "$FAR" "Hors du temps" --due "$date"
  check "promise --due $date is refused, saying which dates the book keeps" \
    refused_saying "keeps dates from 1 January 1971 to 31 December 9998"
  cli log "$FAR" --kind call --at "$date"
  check "log --at $date is refused, saying which dates the book keeps" \
    refused_saying "keeps dates from 1 January 1971 to 31 December 9998"
done
cli promises --all
check "nothing was promised to them" not_listed_customer "Dates Lointaines"
cli promise "$FAR" "Au plus tard" --due 9998-12-31
check "promise --due 9998-12-31, the last day kept, is taken" out_is_id
LAST=$(cat "$TMP/out")
cli show "$FAR"
check "it is due on 31 December 9998, not overdue" grep -q "31 December 9998" "$TMP/out"
cli promise "$FAR" "Rappel" --due 2030-01-01 --remind 10000-01-01T09:00
check "promise --remind in year 10000 is refused" refused

# --- the command line itself -------------------------------------------

"$CLI" --help >"$TMP/out" 2>"$TMP/err"
rc=$?
all_listed=yes
for verb in promise promises keep break cancel postpone log today; do
  grep -Eq "^  $verb( |\$)" "$TMP/out" || all_listed="no: $verb"
done
check "--help lists the promise verbs and log" test "$rc" -eq 0 -a "$all_listed" = yes

"$CLI" promise --help >"$TMP/out" 2>"$TMP/err"
rc=$?
help_describes () {
  [ "$rc" -eq 0 ] || return 1
  for option in "$@"; do
    grep -qF -- "$option" "$TMP/out" || return 1
  done
}
check "promise --help exits 0 and describes --due and --remind" help_describes --due --remind
"$CLI" help log >"$TMP/out" 2>"$TMP/err"
rc=$?
check "help log describes --kind and --at" help_describes --kind --at
check "nothing was written into the default database's place" test ! -e "$XDG_DATA_HOME/clientele/clientele.db"

echo "1..$n"
