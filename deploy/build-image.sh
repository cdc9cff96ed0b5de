#!/usr/bin/env bash
# Build the portal's container image with podman, with no container registry: the Debian 12 base is made with
# debootstrap from Debian's own package mirror, then deploy/Containerfile installs the app on it.
# Usage: deploy/build-image.sh [TAG]   (default portal:latest). Needs root, podman and debootstrap.
# RUN steps use chroot isolation (BUILD_ISOLATION=oci for namespaced containers where the host allows them).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="${1:-portal:latest}"
BASE=localhost/portal-base:bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if ! podman image exists "$BASE"; then
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  echo "build-image: Debian 12 base with debootstrap ($MIRROR) ..." >&2
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >/dev/null
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE" >/dev/null
fi
echo "build-image: $TAG ..." >&2
# A host behind a TLS-inspecting proxy trusts its CA; the build's downloads need it too (not kept in the image).
ca_bundle="${BUILD_CA_BUNDLE:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}"
ca_mount=()
[ -s "$ca_bundle" ] && ca_mount=(--volume "$ca_bundle:/run/host-ca.crt:ro")
podman build "${ca_mount[@]}" --quiet --format docker --isolation "${BUILD_ISOLATION:-chroot}" --file deploy/Containerfile --tag "$TAG" .
