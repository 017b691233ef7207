#!/usr/bin/env python3.11
"""profile.py -- where a fuzzing core's time goes, and how its rate compares
with the harness replaying the same inputs.

    bench/profile.py [--time S] [--grow S] [--build DIR] [--afl-build DIR] [--out DIR] [--no-afl]
                     [--flags "NAME=OPTIONS;..."]

In one run, on one core each, one after another:
 1. grow a corpus: libFuzzer from corpus/ for --grow seconds (default 60);
 2. libFuzzer from that corpus for --time seconds (default 20) under
    `perf record`, once per --flags set of libFuzzer options (default: one
    run with libFuzzer's defaults); then AFL++ (persistent, custom mutator)
    likewise;
 3. gcfuzz-bench --corpus on the same corpus: the harness alone.
It prints, per engine, the share of CPU samples in libpython, the engine
(libFuzzer's or afl-fuzz's own code), coverage instrumentation hooks
(__sanitizer_cov_*, AFL++'s), gcfuzz's code (harness and custom mutator),
and libc and the kernel; and the engine's programs/s against
gcfuzz-bench's.  Writes OUT/profile.md.  Figures depend on what else the
machine runs: run it on a quiet machine.  Needs perf (linux-perf) and the
libfuzzer and afl presets (it builds them).
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


def profile_libfuzzer(build, grown, out, seconds, options):
    """One libFuzzer run from a copy of the grown corpus under perf: its shares and programs/s."""
    print(f"profile: libFuzzer {' '.join(options) or '(defaults)'} under perf for {seconds} s", file=sys.stderr)
    out.mkdir()
    work = out / "corpus"
    shutil.copytree(grown, work)
    lf = subprocess.run(["perf", "record", "-g", "-o", str(out / "perf.data"), "--", str(build / "fuzz_gc"),
                         str(work), f"-max_total_time={seconds}", "-max_len=192", "-seed=2",
                         f"-dict={build / 'gcfuzz.dict'}", "-print_final_stats=1", *options],
                        capture_output=True, text=True, errors="replace")
    (out / "libfuzzer.log").write_text(lf.stderr)
    if not re.search(r"INITED.*", lf.stderr):
        print(f"profile: libFuzzer did not start; see {out / 'libfuzzer.log'}", file=sys.stderr)
    execs = re.findall(r"stat::number_of_executed_units: (\d+)", lf.stderr)
    return shares(out / "perf.data"), int(execs[-1]) / seconds if execs else None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time", type=int, default=20, help="seconds each engine runs under perf (default 20)")
    ap.add_argument("--grow", type=int, default=60, help="seconds of libFuzzer that grow the corpus (default 60)")
    ap.add_argument("--build", default=str(ROOT / "build-fuzz"), help="libFuzzer build (default build-fuzz)")
    ap.add_argument("--afl-build", default=str(ROOT / "build-afl"), help="AFL++ build (default build-afl)")
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
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    build, afl_build = Path(args.build), Path(args.afl_build)
    presets = [("libfuzzer", build)] + ([] if args.no_afl else [("afl", afl_build)])
    for preset, tree in presets:
        print(f"profile: building {tree}", file=sys.stderr)
        run(["cmake", "--preset", preset, "-B", str(tree)], stdout=subprocess.DEVNULL, cwd=ROOT)
        run(["cmake", "--build", str(tree), "-j"], stdout=subprocess.DEVNULL, cwd=ROOT)
    run(["cmake", "--build", str(build), "--target", "gcfuzz-bench"], stdout=subprocess.DEVNULL)

    print(f"profile: growing a corpus for {args.grow} s", file=sys.stderr)
    grown = out / "corpus"
    run([sys.executable, str(ROOT / "scripts" / "campaign.py"), "--build", str(build), "--out", str(out / "grow"),
         "--time", str(args.grow), "--cores", "1", "--corpus", str(ROOT / "corpus"), "--seed", "1"],
        stdout=subprocess.DEVNULL)
    shutil.copytree(out / "grow" / "corpus", grown)
    n_inputs = sum(1 for _ in grown.iterdir())

    rows = {}
    for name, options in flag_sets:
        row = "libFuzzer" if len(flag_sets) == 1 else f"libFuzzer, {name}"
        rows[row] = profile_libfuzzer(build, grown, out / f"libfuzzer-{name}", args.time, options.split())

    if not args.no_afl:
        print(f"profile: AFL++ under perf for {args.time} s", file=sys.stderr)
        env = dict(AFL_SKIP_CPUFREQ="1", AFL_NO_UI="1", AFL_NO_AFFINITY="1", AFL_FAST_CAL="1",
                   AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                   AFL_CUSTOM_MUTATOR_LIBRARY=str(afl_build / "libgcfuzz_afl_mutator.so"))
        env = dict(os.environ, **env)
        afl = subprocess.run(["perf", "record", "-g", "-o", str(out / "afl.data"), "--", "afl-fuzz", "-i", str(grown),
                              "-o", str(out / "afl"), "-V", str(args.time), "-t", "10000", "-s", "2", "--",
                              str(afl_build / "fuzz_gc_afl")], capture_output=True, text=True, errors="replace",
                             env=env)
        (out / "afl.log").write_text(afl.stdout + afl.stderr)
        stats = out / "afl" / "default" / "fuzzer_stats"
        rate = None
        if stats.exists():
            kv = {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in stats.read_text().splitlines() if ":" in l)}
            rate = int(kv["execs_done"]) / max(int(kv["run_time"]), 1)
        rows["AFL++"] = (shares(out / "afl.data"), rate)

    print("profile: gcfuzz-bench on the same corpus", file=sys.stderr)
    bench = run([str(build / "gcfuzz-bench"), "--corpus", str(grown), "--rounds", "3"], capture_output=True).stdout
    harness = float(re.search(r"harness: (\d+)", bench).group(1))
    raw = float(re.search(r"raw compile\+exec: (\d+)", bench).group(1))

    md = [f"# Where a fuzzing core's time goes ({time.strftime('%Y-%m-%d %H:%M')})", "",
          f"Corpus: {n_inputs} inputs grown by {args.grow} s of libFuzzer from corpus/; each engine "
          f"{args.time} s on one core under `perf record -g`; `{bench.splitlines()[0]}`.", "",
          "| engine | " + " | ".join(CATEGORIES) + " | programs/s | of gcfuzz-bench on the same corpus |",
          "|---|" + "---|" * (len(CATEGORIES) + 2)]
    for name, (share, rate) in rows.items():
        cells = " | ".join(f"{share[c]:.1f}%" for c in CATEGORIES)
        md.append(f"| {name} | {cells} | {rate:,.0f} | {rate / harness:.2f} |" if rate else
                  f"| {name} | {cells} | ? | ? |")
    md += ["", f"gcfuzz-bench on that corpus: harness {harness:,.0f} programs/s, raw compile+exec {raw:,.0f}/s "
               f"({100 * harness / raw:.0f}% of raw)."]
    (out / "profile.md").write_text("\n".join(md) + "\n")
    (out / "profile.json").write_text(json.dumps({n: {"shares": s, "rate": r} for n, (s, r) in rows.items()} |
                                                 {"bench": {"harness": harness, "raw": raw}}, indent=1))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
