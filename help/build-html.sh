#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The help in HTML, read in a web browser where no help viewer is installed
# (F1 offers it). LANG "C" is the pages as written; another language has
# its catalogue merged first, as gnome.yelp does.
# Usage: build-html.sh OUTPUT-DIR HELP-SOURCE-DIR LANG PAGE…
set -eu
out=$1
src=$2
lang=$3
shift 3
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ "$lang" = C ]; then
  pages="$src/C"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  msgfmt -o "$tmp/$lang.mo" "$src/$lang/$lang.po"
  mkdir "$tmp/pages"
  (cd "$src/C" && itstool -m "$tmp/$lang.mo" --lang "$lang" -o "$tmp/pages/" "$@")
  pages="$tmp/pages"
fi
(cd "$pages" && yelp-build html -o "$out/" $(printf '%s\n' "$@" | grep '\.page$'))
