#!/usr/bin/env bash
# Builds the pipeline's host when its sources changed, runs it, forwards every argument, returns its exit code.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$root/.build/host"
stamp="$out/.stamp"

host_is_stale() {
  [[ ! -f "$stamp" || ! -x "$out/Build" ]] && return 0
  [[ -n "$(find "$root/build" "$root/src/Pipeline.Frosting" "$root/src/Pipeline.Core" \
      "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/Cake.props" "$root/global.json" \
      \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f -newer "$stamp" -print -quit)" ]]
}

if host_is_stale; then
  echo "Building the pipeline host..." >&2
  mkdir -p "$out"
  touch "$stamp.new"
  dotnet build "$root/build/Build.csproj" --configuration Release --output "$out" --nologo -v:quiet -clp:"NoSummary;ErrorsOnly" >&2
  mv "$stamp.new" "$stamp"
fi

cd "$root"
exec "$out/Build" "$@"
