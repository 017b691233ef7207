#!/usr/bin/env bash
# campaign-rate.sh — programs per second of the ways to fuzz on every core,
# measured one after another in one run from the seed corpus, each for the
# same time and with the same first seed:
#   alone   one in-process fuzz_gc (scripts/campaign.py --cores 1)
#   cores   one in-process fuzz_gc per core on a shared corpus
#           (scripts/campaign.py --cores N: what fuzz.sh and nightly run)
#   fork    libFuzzer's -fork=N (what fuzz.sh ran before campaign.py), which
#           restarts the interpreter for every batch
# The table gives each rate, the rate per core, and the share of N times
# the rate alone.  Figures depend on what else the machine runs: run it on
# a quiet machine.
#
#   bench/campaign-rate.sh [--time S] [--cores N] [--build DIR] [--out DIR]
#
#   --time S    seconds per way (default 60)
#   --cores N   processes for "cores" and "fork" (default: every core)
#   --build D   libFuzzer build (default build-fuzz: cmake --preset libfuzzer)
#   --out D     work directory (default bench-out/campaign-rate): D/rate.tsv,
#               D/rate.md
set -euo pipefail
cd "$(dirname "$0")/.."

time_limit=60 cores=$(nproc) build=build-fuzz out=bench-out/campaign-rate
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time_limit=$2; shift ;;
    --cores) cores=$2; shift ;;
    --build) build=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "campaign-rate.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for f in fuzz_gc gcfuzz.dict; do
  [ -e "$build/$f" ] || { echo "campaign-rate.sh: no $build/$f (cmake --preset libfuzzer && cmake --build --preset libfuzzer)" >&2; exit 2; }
done
rm -rf "$out" && mkdir -p "$out"
seed=1

# The executions a campaign.py run wrote to its result.json.
campaign_execs() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["execs"])' "$1/result.json"; }

measure_campaign() { # NAME CORES: prints executions
  python3 scripts/campaign.py --build "$build" --out "$out/$1" --time "$time_limit" --cores "$2" \
    --corpus corpus --seed "$seed" >"$out/$1.log" 2>&1 || [ $? -eq 1 ] # a failing input is kept, not fatal
  campaign_execs "$out/$1"
}

measure_fork() { # prints executions: the last "#N: cov: ..." line of -fork's parent
  mkdir -p "$out/fork/corpus" "$out/fork/artifacts"
  ASAN_OPTIONS=detect_leaks=0 "$build/fuzz_gc" "$out/fork/corpus" corpus -seed="$seed" \
    -fork="$cores" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$time_limit" -max_len=192 -timeout=10 -dict="$build/gcfuzz.dict" \
    -artifact_prefix="$out/fork/artifacts/" >"$out/fork.log" 2>&1 || true
  grep -oE '^#[0-9]+' "$out/fork.log" | tail -n 1 | tr -d '#' || true # none: the table says 0
}

echo "campaign-rate: $time_limit s each: alone, $cores cores in-process, -fork=$cores"
alone=$(measure_campaign alone 1)
echo "  alone: $alone programs"
many=$(measure_campaign cores "$cores")
echo "  cores: $many programs"
fork=$(measure_fork)
echo "  fork:  ${fork:-0} programs"

python3 - "$out" "$time_limit" "$cores" "$alone" "$many" "${fork:-0}" <<'EOF'
import sys
out, t, n, alone, many, fork = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), *map(int, sys.argv[4:])
base = alone / t
rows = [("alone (1 in-process)", 1, alone), (f"campaign.py, {n} in-process", n, many), (f"libFuzzer -fork={n}", n, fork)]
with open(f"{out}/rate.tsv", "w") as f:
    f.write("way\tprocesses\tprograms\tseconds\tprograms_per_s\tper_core\tshare_of_n_alone\n")
    for way, k, e in rows:
        f.write(f"{way}\t{k}\t{e}\t{t:g}\t{e / t:.0f}\t{e / t / k:.0f}\t{e / t / (k * base) if base else 0:.2f}\n")
lines = ["| way | processes | programs | programs/s | per core | of N x alone |", "|---|---|---|---|---|---|"]
lines += [f"| {way} | {k} | {e} | {e / t:.0f} | {e / t / k:.0f} | {e / t / (k * base) if base else 0:.0%} |" for way, k, e in rows]
open(f"{out}/rate.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
