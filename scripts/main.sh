#!/usr/bin/env bash
# The main job on the embedded development environment, from a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/prerequisites.sh
exec ./build.sh --target=Default --env=development "$@"
