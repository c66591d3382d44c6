#!/usr/bin/env bash
# Warm overhead of the pipeline host against the Cake script runner (Cake.Tool 7.0.0, `dotnet cake`)
# running the same no-op target, in one run, interleaved. Prints per-tool times and the ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-10}"
script_dir=bench/host-overhead

(cd "$script_dir" && dotnet tool restore >/dev/null)
./build.sh --target=Noop --verbosity=quiet >/dev/null                                   # build the host once
(cd "$script_dir" && dotnet cake build.cake --target=Noop --verbosity=quiet >/dev/null)  # warm the SDK and tool

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo "scale=4; ($end - $start) / 1000000000" | bc; }
host() { ./build.sh --target=Noop --verbosity=quiet; }
cake() { (cd "$script_dir" && dotnet cake build.cake --target=Noop --verbosity=quiet); }
cake_cached() { (cd "$script_dir" && CAKE_SETTINGS_ENABLESCRIPTCACHE=true dotnet cake build.cake --target=Noop --verbosity=quiet); }

declare -a t_host t_cake t_cached
for ((i = 0; i < runs; i++)); do
  t_host+=("$(seconds host)")
  t_cake+=("$(seconds cake)")
  t_cached+=("$(seconds cake_cached)")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {printf "%.3f", s/NR}'; }

m_host=$(median "${t_host[@]}"); m_cake=$(median "${t_cake[@]}"); m_cached=$(median "${t_cached[@]}")
printf '%-44s %10s %10s %10s\n' "no-op target, $runs warm runs each" "median s" "mean s" "vs host"
printf '%-44s %10.3f %10s %10s\n' "./build.sh --target=Noop (this host)" "$m_host" "$(mean "${t_host[@]}")" "1.0x"
printf '%-44s %10.3f %10s %9.1fx\n' "dotnet cake build.cake (Cake.Tool 7.0.0)" "$m_cake" "$(mean "${t_cake[@]}")" "$(echo "$m_cake / $m_host" | bc -l)"
printf '%-44s %10.3f %10s %9.1fx\n' "dotnet cake, script cache enabled" "$m_cached" "$(mean "${t_cached[@]}")" "$(echo "$m_cached / $m_host" | bc -l)"
