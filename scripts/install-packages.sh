#!/usr/bin/env bash
# Installs the named Debian packages that are missing: apt-get as root, sudo otherwise. On a
# system without apt-get it says what to install and fails.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]})) || exit 0
if ! command -v apt-get > /dev/null; then
  echo "Folio needs these packages (Debian names): ${missing[*]}" >&2
  echo "Install the equivalents with your system's package manager (cmark-gfm with extensions, libyaml, mimalloc, libcurl, pkg-config; git, python3 and curl for the tests)." >&2
  exit 1
fi
run=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo > /dev/null || { echo "installing ${missing[*]} needs root or sudo" >&2; exit 1; }
  run=(sudo)
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
