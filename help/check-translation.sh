#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The help's translation into LANG is whole and up to date: every message of
# the pages (taken again from help/C with itstool) translated, none fuzzy,
# none left over from older pages, the catalogue valid; and the translated
# pages, merged as gnome.yelp installs them, valid Mallard. Prints TAP.
# Usage: check-translation.sh HELP-SOURCE-DIR LANG PAGE…
set -u
src=$1
lang=$2
shift 2
po="$src/$lang/$lang.po"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
status=0

result () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    status=1
  fi
}

# Lists the messages of a catalogue, for the log.
show () {
  sed -n 's/^msgid "\(.*\)"$/#   \1/p' "$1" | grep -v '^#   $' | head -20
}

cd "$src/C" || exit 1
itstool -o "$tmp/help.pot" "$@" >"$tmp/itstool.log" 2>&1
result $? "itstool extracts the messages of the pages"

msgfmt -c --check-format -o "$tmp/$lang.mo" "$po" 2>"$tmp/msgfmt.log"
result $? "msgfmt -c --check-format $lang.po"
sed 's/^/# /' "$tmp/msgfmt.log"

msgattrib --only-fuzzy --no-obsolete "$po" >"$tmp/fuzzy.po"
test ! -s "$tmp/fuzzy.po"
result $? "no fuzzy message in $lang.po"
show "$tmp/fuzzy.po"

msgattrib --untranslated --no-obsolete "$po" >"$tmp/untranslated.po"
test ! -s "$tmp/untranslated.po"
result $? "no untranslated message in $lang.po"
show "$tmp/untranslated.po"

msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/help.pot"
msgattrib --untranslated --no-obsolete "$tmp/merged.po" >"$tmp/missing.po"
test ! -s "$tmp/missing.po"
result $? "every message of the pages is translated in $lang.po"
show "$tmp/missing.po"

msgattrib --only-obsolete "$tmp/merged.po" >"$tmp/stale.po"
test ! -s "$tmp/stale.po"
result $? "$lang.po has no message the pages no longer have"
sed -n 's/^#~ msgid "\(.*\)"$/#   \1/p' "$tmp/stale.po" | head -20

mkdir "$tmp/$lang"
# A translation whose markup is broken is left out with a warning: English
# would show in its place.
itstool -m "$tmp/$lang.mo" --lang "$lang" -o "$tmp/$lang/" "$@" >"$tmp/merge.log" 2>&1 &&
  test ! -s "$tmp/merge.log"
result $? "itstool merges every message of $lang.po into the pages"
sed 's/^/# /' "$tmp/merge.log"

cd "$tmp/$lang" || exit 1
for page in "$@"; do
  case $page in
    *.page)
      out=$(yelp-check validate "$page" 2>&1)
      test -z "$out"
      result $? "the $lang page $page is valid"
      test -z "$out" || printf '%s\n' "$out" | sed 's/^/# /' | head -20
      ;;
  esac
done

echo "1..$n"
exit $status
