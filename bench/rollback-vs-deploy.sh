#!/usr/bin/env bash
# Time of an application rollback (command start to the old version healthy) against the time of the
# deploy it undoes, in one run, on the development environment, all through ./build.sh (host start included):
# against the whole Deploy graph a user runs, and against the deploy step alone (--exclusive).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Versions are immutable: every run builds and deploys versions of its own.
run="$(date +%Y%m%d%H%M%S)"
a="bench.$run-a"
b="bench.$run-b"

./build.sh --target=Build --exclusive --env=development --app-version="$a" --verbosity=quiet >/dev/null
./build.sh --target=Build --exclusive --env=development --app-version="$b" --verbosity=quiet >/dev/null
./build.sh --target=Deploy --exclusive --env=development --app-version="$a" --verbosity=quiet >/dev/null

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo "scale=3; ($end - $start) / 1000000000" | bc; }

deploy_step=$(seconds ./build.sh --target=Deploy --exclusive --env=development --app-version="$b")
rollback_step=$(seconds ./build.sh --target=Rollback --env=development --component=application)
deploy_full=$(seconds ./build.sh --target=Deploy --env=development)
rollback_full=$(seconds ./build.sh --target=Rollback --env=development --component=application)
live=$(curl -s http://127.0.0.1:5080/version)
size=$(du -sh "artifacts/$b/development" | cut -f1)

printf '%-66s %8s\n' "development, release archive $size" "seconds"
printf '%-66s %8.3f\n' "./build.sh --target=Deploy (the whole graph: Lint ... Deploy, Notify)" "$deploy_full"
printf '%-66s %8.3f\n' "./build.sh --target=Rollback --component=application (undoes it)" "$rollback_full"
printf '%-66s %8.3f\n' "rollback / deploy" "$(echo "$rollback_full / $deploy_full" | bc -l)"
printf '%-66s %8.3f\n' "./build.sh --target=Deploy --exclusive (deploy step only, $a -> $b)" "$deploy_step"
printf '%-66s %8.3f\n' "./build.sh --target=Rollback --component=application (undoes it)" "$rollback_step"
printf '%-66s %8.3f\n' "rollback / deploy step" "$(echo "$rollback_step / $deploy_step" | bc -l)"
echo "live after the last rollback: $live"
