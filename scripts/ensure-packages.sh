#!/usr/bin/env bash
# ensure-packages.sh — installs Debian packages whose commands are missing, for the test suite.
#
# Usage:
#   scripts/ensure-packages.sh COMMAND=PACKAGE [COMMAND=PACKAGE…]
#   scripts/ensure-packages.sh promtool=prometheus chromedriver=chromium-driver chromium=chromium
#
# For each pair whose COMMAND is not on PATH, installs PACKAGE with apt-get (as root, or through
# sudo), then checks every COMMAND is there. Prints what it installed; exits 1 naming what is still
# missing. Nothing happens when every command is present.
set -euo pipefail

case ${1:-} in -h | --help | help | "") sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;; esac

commands=()
packages=()
for pair in "$@"; do
  [[ $pair == *=* ]] || { echo "ensure-packages.sh: '$pair' is not COMMAND=PACKAGE" >&2; exit 2; }
  commands+=("${pair%%=*}")
  command -v "${pair%%=*}" >/dev/null 2>&1 || packages+=("${pair#*=}")
done
(( ${#packages[@]} == 0 )) && exit 0

sudo=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-packages.sh: need root (or sudo) to install ${packages[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "ensure-packages.sh: installing ${packages[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null 2>&1 || { echo "ensure-packages.sh: $c still missing after apt-get install" >&2; exit 1; }
done
