#!/usr/bin/env bash
# Prepares a Debian machine for `npm run test:docker`: installs podman, buildah and what they need
# (only what is missing), then builds or reuses the cached stand-in base image
# (base-image.sh, cached under $LAPTIME_CI_CACHE, default /var/cache/laptime-ci). Idempotent and
# quiet; prints the base image archive's path. Needs root.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(podman buildah runc iptables uidmap fuse-overlayfs containernetworking-plugins debootstrap)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$HERE/base-image.sh"
