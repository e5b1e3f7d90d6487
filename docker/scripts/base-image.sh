#!/usr/bin/env bash
# Makes sure a local stand-in for the Dockerfile's base image exists and prints the path of its
# archive (a `podman save` docker-archive). No image registry is reachable from CI, so the stand-in
# is built from Debian bookworm (debootstrap minbase) plus this machine's own node and npm, laid out
# as the official node image lays them out: node and npm under /usr/local, user and group node
# with uid/gid 1000 and home /home/node, CMD ["node"]. When this machine reaches the npm registry
# through a TLS proxy (NODE_EXTRA_CA_CERTS set), the stand-in trusts the same CA bundle, so `npm ci`
# in the build works here as it does with the official image on an open network.
# The archive is cached in $LAPTIME_CI_CACHE (default /var/cache/laptime-ci), keyed by the FROM
# image name, the node version and this script, so it is built once per machine and reused; older
# archives of the same image are removed.
# Needs root, debootstrap and podman.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DOCKERFILE="$HERE/../Dockerfile"
CACHE_DIR="${LAPTIME_CI_CACHE:-/var/cache/laptime-ci}"
DEBIAN_MIRROR="${LAPTIME_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Every FROM of an official image in the Dockerfile names the same image; stage names are skipped.
image="$(awk 'toupper($1) == "FROM" && $2 ~ /^node:/ { print $2; exit }' "$DOCKERFILE")"
if [ -z "$image" ]; then
  echo "base-image: no 'FROM node:...' line in $DOCKERFILE" >&2
  exit 1
fi
full_name="docker.io/library/$image"
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
node_version="$("$node_bin" --version)"
script_hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
archive_prefix="$CACHE_DIR/base-${image//[:\/]/_}"
archive="$archive_prefix-node${node_version#v}-$script_hash.tar"

if [ -s "$archive" ]; then
  echo "$archive"
  exit 0
fi

work="$(mktemp -d /var/tmp/laptime-base.XXXXXX)"
cleanup() {
  podman --root "$work/graph" --runroot "$work/run" --storage-driver overlay rmi -a -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "base-image: building $full_name from debootstrap bookworm and node $node_version" >&2
rootfs="$work/rootfs"
debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
}

install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# What the slim image leaves out too: package lists, caches, docs.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
ca_env=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -s "$NODE_EXTRA_CA_CERTS" ]; then
  install -D -m 0644 "$NODE_EXTRA_CA_CERTS" "$rootfs/etc/ssl/certs/laptime-ci-extra-ca.crt"
  ca_env=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/laptime-ci-extra-ca.crt')
fi
chroot "$rootfs" env -u NODE_EXTRA_CA_CERTS node --version >/dev/null
chroot "$rootfs" env -u NODE_EXTRA_CA_CERTS npm --version >/dev/null

export CONTAINERS_CONF="$HERE/containers.conf"
podman=(podman --root "$work/graph" --runroot "$work/run" --storage-driver overlay)
tar -C "$rootfs" -c . | "${podman[@]}" import \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  "${ca_env[@]}" \
  - "$full_name" >/dev/null
mkdir -p "$CACHE_DIR"
"${podman[@]}" save --format docker-archive -o "$archive.partial" "$full_name" >/dev/null
for stale in "$archive_prefix"-node*.tar; do
  [ "$stale" = "$archive" ] || rm -f "$stale"
done
mv "$archive.partial" "$archive"
echo "$archive"
