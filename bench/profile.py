#!/usr/bin/env python3.11
"""profile.py -- where a fuzzing core's time goes, and how its rate compares
with the harness replaying the same inputs.

    bench/profile.py [--time S] [--grow S | --corpus DIR] [--build DIR ...] [--afl-build DIR ...] [--out DIR]
                     [--no-afl] [--flags "NAME=OPTIONS;..."]

In one run, on one core each, one after another:
 1. grow a corpus: libFuzzer from corpus/ for --grow seconds (default 60),
    or take --corpus DIR as it is;
 2. libFuzzer from a fresh copy of that corpus for --time seconds (default
    20) under `perf record`, once per --flags set of libFuzzer options
    (default: one run with libFuzzer's defaults) and per --build tree; then
    AFL++ (persistent, custom mutator) per --afl-build tree;
 3. for each of those rows, the same engine run again without perf (its
    programs/s: perf slows a core by a fifth to a third), then
    gcfuzz-bench --corpus on the corpus (the harness alone), so that the
    two rates compared were taken minutes apart at most: this machine's
    speed drifts by a third from one minute to the next.
It prints, per engine, the share of CPU samples in libpython, the engine
(libFuzzer's or afl-fuzz's own code), coverage instrumentation hooks
(__sanitizer_cov_*, AFL++'s), gcfuzz's code (harness and custom mutator),
and libc and the kernel; and the engine's programs/s against
gcfuzz-bench's.  AFL++'s programs include its calibration and trimming
runs, which are shorter programs than the corpus's: its ratio overstates.
Writes OUT/profile.md.  Figures depend on what else the machine runs: run
it on a quiet machine.  Needs perf (linux-perf) and the libfuzzer and afl
presets (it builds them; a --build tree keeps its own cache, e.g.
-DGCFUZZ_HARNESS_COVERAGE).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import campaign  # noqa: E402  (afl_env: how gcfuzz starts afl-fuzz)
CATEGORIES = ("libpython", "engine", "instrumentation", "gcfuzz", "libc and kernel", "other")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def category(dso, sym):
    """Which part of the process a sample's function belongs to."""
    if sym.startswith(("__sanitizer_cov", "__afl_", "__cmplog")) or "trace_cmp" in sym or "trace_pc" in sym:
        return "instrumentation"
    if "libpython" in dso:
        return "libpython"
    if dso.startswith(("fuzz_gc", "libgcfuzz")):
        # libFuzzer is linked into fuzz_gc: its C++ namespaces tell it apart
        if dso.startswith("fuzz_gc") and (sym.startswith(("fuzzer::", "std::", "__sanitizer", "__interceptor"))
                                          or "Fuzzer" in sym or sym.startswith("operator ")):
            return "engine"
        return "gcfuzz"
    if dso.startswith("afl-fuzz"):
        return "engine"
    if dso.startswith(("libc.so", "libm.so", "ld-linux", "[kernel", "libstdc++", "libgcc")) or dso == "[unknown]":
        return "libc and kernel"
    return "other"


def shares(data):
    """Per-category share of samples, from perf report's flat profile."""
    out = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", "dso,sym", "--stdio",
                          "-F", "overhead,dso,sym"], capture_output=True, text=True, errors="replace").stdout
    total = {c: 0.0 for c in CATEGORIES}
    line_re = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$")
    for line in out.splitlines():
        m = line_re.match(line)
        if m:
            total[category(m.group(2), m.group(3).strip())] += float(m.group(1))
    return total


def libfuzzer(build, corpus, out, seconds, options, perf):
    """One libFuzzer run from a fresh copy of the corpus: its programs/s, and
    with perf its samples in out/perf.data."""
    out.mkdir(parents=True)
    work = out / "corpus"
    shutil.copytree(corpus, work)
    wrap = ["perf", "record", "-o", str(out / "perf.data"), "--"] if perf else []
    lf = subprocess.run([*wrap, str(build / "fuzz_gc"), str(work), f"-max_total_time={seconds}", "-max_len=192",
                         "-seed=2", f"-dict={build / 'gcfuzz.dict'}", "-print_final_stats=1", *options],
                        capture_output=True, text=True, errors="replace")
    (out / "libfuzzer.log").write_text(lf.stderr)
    if not re.search(r"INITED.*", lf.stderr):
        print(f"profile: libFuzzer did not start; see {out / 'libfuzzer.log'}", file=sys.stderr)
    execs = re.findall(r"stat::number_of_executed_units: (\d+)", lf.stderr)
    return int(execs[-1]) / seconds if execs else None


def afl(build, corpus, out, seconds, perf):
    """One AFL++ run (persistent, the custom mutator) from the corpus: its
    programs/s (calibration and trimming included), and with perf its samples."""
    env = dict(os.environ, **campaign.afl_env(build))
    out.mkdir(parents=True)
    wrap = ["perf", "record", "-o", str(out / "perf.data"), "--"] if perf else []
    run_ = subprocess.run([*wrap, "afl-fuzz", "-i", str(corpus), "-o", str(out / "afl"), "-V", str(seconds),
                           "-t", "10000", "-s", "2", "--", str(build / "fuzz_gc_afl")],
                          capture_output=True, text=True, errors="replace", env=env)
    (out / "afl.log").write_text(run_.stdout + run_.stderr)
    stats = out / "afl" / "default" / "fuzzer_stats"
    if not stats.exists():
        print(f"profile: AFL++ did not start; see {out / 'afl.log'}", file=sys.stderr)
        return None
    kv = {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in stats.read_text().splitlines() if ":" in l)}
    return int(kv["execs_done"]) / max(int(kv["run_time"]), 1)


def bench(build, corpus):
    """gcfuzz-bench --corpus: the harness's and the raw loop's programs/s."""
    text = run([str(build / "gcfuzz-bench"), "--corpus", str(corpus), "--rounds", "3"], capture_output=True).stdout
    return (float(re.search(r"harness: (\d+)", text).group(1)),
            float(re.search(r"raw compile\+exec: (\d+)", text).group(1)), text.splitlines()[0])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time", type=int, default=20, help="seconds each engine runs under perf (default 20)")
    ap.add_argument("--grow", type=int, default=60, help="seconds of libFuzzer that grow the corpus (default 60)")
    ap.add_argument("--corpus", help="profile from this corpus instead of growing one")
    ap.add_argument("--build", action="append", help="libFuzzer build, one row each (default build-fuzz)")
    ap.add_argument("--afl-build", action="append", help="AFL++ build, one row each (default build-afl)")
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "profile"))
    ap.add_argument("--no-afl", action="store_true", help="libFuzzer only")
    ap.add_argument("--flags", default="default=",
                    help="libFuzzer option sets, NAME=OPTIONS separated by ';', one row each "
                         "(e.g. 'default=;no-entropic=-entropic=0')")
    args = ap.parse_args(argv)
    flag_sets = [f.split("=", 1) for f in args.flags.split(";") if f]
    if any(len(f) != 2 or not f[0] for f in flag_sets):
        sys.exit(f"profile: a --flags set is NAME=OPTIONS, not {args.flags!r}")
    if not shutil.which("perf"):
        sys.exit("profile: perf is missing (apt-get install linux-perf)")
    if args.corpus and not Path(args.corpus).is_dir():
        sys.exit(f"profile: --corpus {args.corpus} is not a directory")
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    builds = [Path(b) for b in args.build or [ROOT / "build-fuzz"]]
    afl_builds = [] if args.no_afl else [Path(b) for b in args.afl_build or [ROOT / "build-afl"]]
    presets = [("libfuzzer", b) for b in builds] + [("afl", b) for b in afl_builds]
    for preset, tree in presets:
        print(f"profile: building {tree}", file=sys.stderr)
        run(["cmake", "--preset", preset, "-B", str(tree)], stdout=subprocess.DEVNULL, cwd=ROOT)
        run(["cmake", "--build", str(tree), "-j"], stdout=subprocess.DEVNULL, cwd=ROOT)
    bench_build = builds[0]
    run(["cmake", "--build", str(bench_build), "--target", "gcfuzz-bench"], stdout=subprocess.DEVNULL)

    grown = out / "corpus"
    if args.corpus:
        shutil.copytree(args.corpus, grown)
        origin = f"from {args.corpus}"
    else:
        print(f"profile: growing a corpus for {args.grow} s", file=sys.stderr)
        run([sys.executable, str(ROOT / "scripts" / "campaign.py"), "--build", str(builds[0]),
             "--out", str(out / "grow"), "--time", str(args.grow), "--cores", "1", "--corpus", str(ROOT / "corpus"),
             "--seed", "1"], stdout=subprocess.DEVNULL)
        shutil.copytree(out / "grow" / "corpus", grown)
        origin = f"grown by {args.grow} s of libFuzzer from corpus/"
    n_inputs = sum(1 for _ in grown.iterdir())

    # each row: a function of (out, perf) that runs one engine and returns its programs/s
    engines = {}
    for b in builds:
        for name, options in flag_sets:
            parts = ([b.name] if len(builds) > 1 else []) + ([name] if len(flag_sets) > 1 else [])
            label = ", ".join(["libFuzzer", *parts])
            engines[label] = (lambda d, perf, b=b, o=options.split(): libfuzzer(b, grown, d, args.time, o, perf))
    for b in afl_builds:
        label = "AFL++" + (f", {b.name}" if len(afl_builds) > 1 else "")
        engines[label] = lambda d, perf, b=b: afl(b, grown, d, args.time, perf)

    rows, bench_line = {}, ""
    for i, (label, go) in enumerate(engines.items()):
        where = out / f"engine-{i}"
        print(f"profile: {label} under perf for {args.time} s", file=sys.stderr)
        go(where / "perf", True)
        print(f"profile: {label} for {args.time} s, then gcfuzz-bench", file=sys.stderr)
        rate = go(where / "plain", False)
        harness, raw, bench_line = bench(bench_build, grown)
        rows[label] = (shares(where / "perf" / "perf.data"), rate, harness, raw)

    md = [f"# Where a fuzzing core's time goes ({time.strftime('%Y-%m-%d %H:%M')})", "",
          f"Corpus: {n_inputs} inputs {origin}; each engine {args.time} s on one core under "
          f"`perf record` for the shares, then {args.time} s without it for its programs/s, then "
          f"`gcfuzz-bench --corpus` (harness; raw compile+exec loop); `{bench_line}`.", "",
          "| engine | " + " | ".join(CATEGORIES) + " | programs/s | gcfuzz-bench harness, raw | "
          "of gcfuzz-bench |", "|---|" + "---|" * (len(CATEGORIES) + 3)]
    for name, (share, rate, harness, raw) in rows.items():
        cells = " | ".join(f"{share[c]:.1f}%" for c in CATEGORIES)
        ratio = f"{rate:,.0f} | {harness:,.0f}, {raw:,.0f} | {rate / harness:.2f}" if rate else \
            f"? | {harness:,.0f}, {raw:,.0f} | ?"
        md.append(f"| {name} | {cells} | {ratio} |")
    (out / "profile.md").write_text("\n".join(md) + "\n")
    (out / "profile.json").write_text(json.dumps(
        {n: {"shares": s, "rate": r, "bench": {"harness": h, "raw": w}} for n, (s, r, h, w) in rows.items()},
        indent=1))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
