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

runtime_identifier() {
  local os arch
  case "$(uname -s)" in Darwin) os=osx ;; *) os=linux ;; esac
  case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=x64 ;; esac
  echo "$os-$arch"
}

if host_is_stale; then
  echo "Building the pipeline host..." >&2
  mkdir -p "$out"
  touch "$stamp.new"
  # Ahead-of-time (ReadyToRun) code halves the host's start-up; it is rebuilt only when its sources change.
  dotnet publish "$root/build/Build.csproj" --configuration Release --runtime "$(runtime_identifier)" --self-contained false \
    -p:PublishReadyToRun=true --output "$out" --nologo -v:quiet -clp:"NoSummary;ErrorsOnly" >&2
  mv "$stamp.new" "$stamp"
fi

cd "$root"
exec "$out/Build" "$@"
