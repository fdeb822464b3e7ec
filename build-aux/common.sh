# Sourced by build-aux/run and build-aux/check: package and locale set-up.

CLT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

clt_as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

clt_packages () {
  sed -e 's/#.*//' "$CLT_ROOT/build-aux/deps.txt" | tr -s ' \t' '\n\n' | sed -e '/^$/d'
}

# Calls apt-get only when a package is missing, so a prepared machine needs no network.
clt_install_deps () {
  local pkg missing=()
  for pkg in $(clt_packages); do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}"
  clt_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -q -o DPkg::Lock::Timeout=600 update &&
  clt_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}"
}

# The locales the tests read dates and numbers in: French as France,
# Québec and Switzerland write it, English as the US and Britain do.
CLT_TEST_LOCALES="fr_FR fr_CA fr_CH en_US en_GB"

clt_has_locale () {
  locale -a 2>/dev/null | grep -qiE "^$1\.utf-?8\$"
}

clt_has_test_locales () {
  local name
  for name in $CLT_TEST_LOCALES; do
    clt_has_locale "$name" || return 1
  done
}

# Tests run in fr_FR.UTF-8 as well as C.UTF-8, and read dates in the others.
clt_ensure_locale () {
  local name
  if clt_has_test_locales; then
    return 0
  fi
  echo "Generating the locales the tests use: $CLT_TEST_LOCALES"
  for name in $CLT_TEST_LOCALES; do
    if grep -qE "^# *$name\.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null; then
      clt_as_root sed -i -E "s/^# *($name\.UTF-8 UTF-8)/\1/" /etc/locale.gen
    elif ! grep -qE "^$name\.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null; then
      echo "$name.UTF-8 UTF-8" | clt_as_root tee -a /etc/locale.gen >/dev/null
    fi
  done
  clt_as_root locale-gen && clt_has_test_locales
}
