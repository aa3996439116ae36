#!/usr/bin/env bash
# Install the given Debian packages if (and only if) some are missing.
#   scripts/apt-ensure.sh pkg1 pkg2 ...
# Fast when everything is installed (one dpkg-query per package, no network).
# Runs 'apt-get update' once, and only when something has to be installed.
set -euo pipefail

missing=()
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "apt-ensure: missing Debian packages: ${missing[*]}" >&2
        echo "apt-ensure: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi

echo "apt-ensure: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "apt-ensure: installed ${missing[*]}" >&2
