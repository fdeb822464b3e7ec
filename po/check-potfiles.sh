#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with a translatable string is listed in POTFILES.in, so
# that no string escapes the translators. Prints TAP.
cd "$1" || exit 1
n=0
status=0
for file in $(git ls-files 'src/*.c' 'src/*.ui' 2>/dev/null || find src -name '*.c' -o -name '*.ui'); do
  if grep -qE '_\("|N_\("|ngettext \(|translatable="yes"' "$file"; then
    n=$((n + 1))
    if grep -qx "$file" po/POTFILES.in; then
      echo "ok $n - $file"
    else
      echo "not ok $n - $file has translatable strings but is not in po/POTFILES.in"
      status=1
    fi
  fi
done
echo "1..$n"
exit $status
