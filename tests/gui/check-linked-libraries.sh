#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window's program does not link what only some tasks need: each costs
# every start its loading before main(). GMime, libsecret and libportal are
# modules loaded on first use (or, libportal, a second after start-up);
# evolution-data-server is in the helpers only.
# Usage: check-linked-libraries.sh PATH-TO-CLIENTELE
# Prints TAP.

set -u

program=$1
needed=$(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')

n=0
for library in libgmime libsecret libportal libebook libedataserver libcurl; do
  n=$((n + 1))
  if printf '%s\n' "$needed" | grep -q "^$library"; then
    echo "not ok $n - $(basename "$program") does not link $library"
  else
    echo "ok $n - $(basename "$program") does not link $library"
  fi
done
n=$((n + 1))
if printf '%s\n' "$needed" | grep -q '^libgtk-4'; then
  echo "ok $n - $(basename "$program") links GTK (the check reads its libraries)"
else
  echo "not ok $n - $(basename "$program") links GTK (the check reads its libraries)"
fi
echo "1..$n"
