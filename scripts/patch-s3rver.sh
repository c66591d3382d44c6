#!/usr/bin/env bash
# Applies tools/s3rver/patches/ to the s3rver that `npm ci` installed in tools/s3rver: s3rver 3.7.1 decodes a copy
# source with decodeURI, so AWSSDK 4's fully encoded x-amz-copy-source is read as a bucket name (see the patch file).
# Only the pinned version is patched; any other version, or a file that differs from the published one, stops here
# with what to do, so the S3 tests never run against an s3rver nobody checked. Quick and quiet when already applied.
# Usage: scripts/patch-s3rver.sh [s3rver package directory]   (default tools/s3rver/node_modules/s3rver)
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${1:-$repository/tools/s3rver/node_modules/s3rver}"
pinned="3.7.1"
patch_file="$repository/tools/s3rver/patches/s3rver-$pinned-copy-source.patch"
# Prerequisites (src/Pipeline.Core/Quality/Prerequisites.cs) look for this stamp; `npm ci` removes it with the package.
stamp="$package/.pipeline-copy-source-patch"

fail() {
  echo "patch-s3rver: $*" >&2
  exit 1
}

[[ -f "$package/package.json" ]] || fail "no s3rver package at $package (package.json missing); run npm ci in tools/s3rver first."
version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$package/package.json" | head -n 1)"
[[ "$version" == "$pinned" ]] || fail "s3rver ${version:-(no version)} is installed at $package, but $patch_file is for s3rver $pinned only. Install the pinned version (npm ci in tools/s3rver), or check whether $version still decodes x-amz-copy-source with decodeURI (lib/controllers/object.js) and write a patch for it."

if patch --quiet --dry-run --reverse --force --fuzz=0 -p1 -d "$package" <"$patch_file" >/dev/null 2>&1; then
  touch "$stamp"
  exit 0
fi

patch --quiet --dry-run --forward --fuzz=0 -p1 -d "$package" <"$patch_file" >/dev/null 2>&1 \
  || fail "$patch_file does not apply to $package/lib/controllers/object.js: the file is not s3rver $pinned as published. Reinstall it (rm -rf tools/s3rver/node_modules; npm ci in tools/s3rver). Nothing was changed."
patch --quiet --forward --fuzz=0 --no-backup-if-mismatch -p1 -d "$package" <"$patch_file"
touch "$stamp"
echo "patch-s3rver: applied $(basename "$patch_file") to $package" >&2
