#!/usr/bin/env python3
"""campaign.py -- fuzz on every core for a bounded time, in-process, and keep
everything found.

    scripts/campaign.py --engine libfuzzer|afl --build DIR --out DIR
                        [--time S] [--cores N] [--corpus DIR]... [--seed N]
                        [--libpython DIR]

libFuzzer: one in-process fuzz_gc per core, all writing to one shared corpus
directory (libFuzzer reloads it every second, so what one process finds the
others fuzz from).  A process that stops on a failure has already written its
input to OUT/artifacts/; it is started again, with a new seed, for the time
that is left: a failure never ends the campaign.  (libFuzzer's -fork mode
restarts the interpreter for every batch and runs at about half the speed.)
AFL++: one -M main and N-1 -S secondaries on one output directory, in
persistent mode; AFL++ restarts the target itself after a crash.

The result is a value, written as OUT/result.json: executions, wall time, the
failing inputs, and a time series of executions, coverage, features and
corpus size (OUT/series.tsv).  Exit status: 0 when nothing failed, 1 when an
input failed, 2 on bad usage or when the engine ran nothing, 3 when interrupted (Ctrl-C, SIGTERM).
"""
import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

MAX_LEN = 192          # bytes: GCFUZZ_MAX_OPS operations (harness/ir/program.h)
INPUT_TIMEOUT = 10     # seconds one program may run before it counts as a hang
MIN_RESTART = 3        # seconds: a restart with less time left is not worth it

# One process's progress line: "#4096 pulse cov: 3862 ft: 14296 corp: 1263/92Kb ... exec/s: 2048"
LIBFUZZER_LINE = re.compile(r"^#(\d+)\s+\w+\s+(?:cov: (\d+) )?(?:ft: (\d+) )?(?:corp: (\d+)/)?")
LIBFUZZER_FINAL = re.compile(r"^stat::number_of_executed_units: (\d+)")


@dataclasses.dataclass
class Sample:
    """What one process had reached t seconds after the campaign started."""
    t: float
    execs: int
    cov: int
    features: int
    corpus: int


@dataclasses.dataclass
class Result:
    """One campaign: one engine against one build, on `cores` cores."""
    engine: str
    build: str
    cores: int
    seconds: float = 0.0
    execs: int = 0
    restarts: int = 0
    interrupted: bool = False
    artifacts: list = dataclasses.field(default_factory=list)
    series: list = dataclasses.field(default_factory=list)

    def rate(self):
        return self.execs / self.seconds if self.seconds else 0.0


class Stop:
    """Set once by SIGINT/SIGTERM; every live child is asked to stop too (each
    engine then writes its final statistics and exits)."""
    def __init__(self):
        self.event = threading.Event()
        self.children = set()
        self.lock = threading.Lock()

    def install(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self.request)

    def request(self, signum=None, frame=None):
        self.event.set()
        with self.lock:
            for p in list(self.children):
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
        # a second Ctrl-C ends at once
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    def spawn(self, cmd, **kw):
        with self.lock:
            if self.event.is_set():
                return None
            p = subprocess.Popen(cmd, **kw)
            self.children.add(p)
            return p

    def reap(self, p, limit):
        try:
            p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        with self.lock:
            self.children.discard(p)
        return p.returncode


def merge_series(per_process):
    """One series from several processes' samples: at each moment, the sum of
    their executions and the largest coverage, feature count and corpus."""
    events = sorted((s.t, i, s) for i, samples in enumerate(per_process) for s in samples)
    latest, merged = {}, []
    for t, i, s in events:
        latest[i] = s
        merged.append(Sample(round(t, 1), sum(x.execs for x in latest.values()),
                             max(x.cov for x in latest.values()),
                             max(x.features for x in latest.values()),
                             max(x.corpus for x in latest.values())))
    return merged


def child_env(args, **extra):
    """The engines' environment: --libpython points the harness at another
    build of the same libpython (runpath), not this script's interpreter."""
    env = dict(os.environ, **extra)
    if args.libpython:
        env["LD_LIBRARY_PATH"] = args.libpython
    # what a harness inside a root (launcher) must see at the same paths
    corpora = [args.corpus] if isinstance(args.corpus, str) else args.corpus
    env["GCFUZZ_BINDS"] = ":".join(str(Path(d).resolve()) for d in [args.out, *corpora])
    return env


def launcher_of(build):
    """The command prefix under which a build tree's programs run: its
    gcfuzz-run (CMakeLists.txt), which for a CPython inside a root (3.14,
    3.15 from scripts/sid-root.sh) runs them there; empty for older trees."""
    run = Path(build) / "gcfuzz-run"
    return [str(run)] if os.access(run, os.X_OK) else []


def launcher(args):
    return launcher_of(args.build)


def libfuzzer_worker(args, slot, start, deadline, stop, out_samples, result, lock, inputs):
    """Keep one in-process fuzz_gc running until the deadline."""
    build, out = Path(args.build), Path(args.out)
    done = 0            # executions of this slot's earlier processes
    restart = 0
    with open(out / f"log-{slot}.txt", "a") as log:
        while not stop.event.is_set():
            left = deadline - time.monotonic()
            if left < MIN_RESTART:
                break
            seed = args.seed + 1009 * slot + restart
            with lock:
                quarantine(out, inputs[1])
            cmd = [*launcher(args), str(build / "fuzz_gc"), str(out / "corpus"), str(inputs[0]),
                   f"-max_total_time={int(left)}", f"-max_len={MAX_LEN}", f"-timeout={INPUT_TIMEOUT}",
                   f"-seed={seed}", f"-artifact_prefix={out / 'artifacts'}/", "-print_final_stats=1"]
            if (build / "gcfuzz.dict").exists():
                cmd.append(f"-dict={build / 'gcfuzz.dict'}")
            log.write(f"# {time.strftime('%H:%M:%S')} {' '.join(cmd)}\n")
            p = stop.spawn(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           errors="replace", env=child_env(args, ASAN_OPTIONS="detect_leaks=0"))
            if p is None:
                break
            last = final = 0
            for line in p.stderr:
                try:
                    log.write(line)
                except OSError:  # a full disk: the log stops, the fuzzer's artifacts are its own
                    pass
                m = LIBFUZZER_LINE.match(line)
                if m and m.group(2):
                    last = int(m.group(1))
                    out_samples.append(Sample(time.monotonic() - start, done + last, int(m.group(2)),
                                              int(m.group(3) or 0), int(m.group(4) or 0)))
                m = LIBFUZZER_FINAL.match(line)
                if m:
                    final = int(m.group(1))
            status = stop.reap(p, max(deadline - time.monotonic(), 0) + 60)
            done += max(final, last)
            restart += 1
            if status != 0 and not stop.event.is_set():
                log.write(f"# exited with status {status}; restarting\n")
                with lock:
                    result.restarts += 1
    with lock:
        result.execs += done


def run_libfuzzer(args, stop):
    out = Path(args.out)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    (out / "artifacts").mkdir(exist_ok=True)
    result = Result("libfuzzer", str(args.build), args.cores)
    start = time.monotonic()
    deadline = start + args.time
    per_process = [[] for _ in range(args.cores)]
    lock = threading.Lock()
    inputs = input_links(args, out)
    failed = []   # OSErrors of the workers (a full disk): raised here, once all have stopped

    def worker(k):
        try:
            libfuzzer_worker(args, k, start, deadline, stop, per_process[k], result, lock, inputs)
        except OSError as e:
            failed.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.cores)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(timeout=0.2)   # short joins: signals reach the main thread
    if failed:
        raise failed[0]
    result.seconds = time.monotonic() - start
    result.series = merge_series(per_process)
    result.artifacts = sorted(str(p) for p in (out / "artifacts").iterdir())
    return result


def input_links(args, out):
    """The read-only corpora as one directory of hard links, or copies across
    file systems (AFL++ takes one input directory of regular files), and an index from each input's SHA-1 (libFuzzer's name for an
    artifact) to its link."""
    d = out / "inputs"
    d.mkdir(parents=True, exist_ok=True)
    index = {}
    for i, corpus in enumerate(args.corpus):
        for f in sorted(Path(corpus).iterdir()):
            if f.is_file() and 0 < f.stat().st_size <= MAX_LEN:
                link = d / f"{i}-{f.name}"
                if not link.exists():
                    try:
                        os.link(f, link)
                    except OSError:
                        shutil.copyfile(f, link)
                index[hashlib.sha1(f.read_bytes()).hexdigest()] = link
    return d, index


def quarantine(out, index):
    """An input that made a process fail is not loaded by its restarts: a
    failing seed would otherwise fail every restart before any fuzzing."""
    for a in (out / "artifacts").iterdir():
        digest = a.name.split("-", 1)[-1]
        (out / "corpus" / digest).unlink(missing_ok=True)
        if digest in index:
            index.pop(digest).unlink(missing_ok=True)


def afl_plot_series(path):
    """Samples from one AFL++ instance's plot_data (columns named in its header)."""
    samples, names = [], None
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.startswith("#"):
            names = [n.strip() for n in line[1:].split(",")]
            continue
        if not names:
            continue
        row = dict(zip(names, (v.strip() for v in line.split(","))))
        samples.append(Sample(int(row["relative_time"]), int(row["total_execs"]),
                              int(row["edges_found"]), 0, int(row["corpus_count"])))
    return samples


def afl_stat(path, key):
    for line in path.read_text().splitlines() if path.exists() else []:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return int(value.strip())
    return 0


def keep_earlier_session(afl_out):
    """afl-fuzz will not start on an earlier session's output directory:
    move it aside (to afl.1, afl.2, ...), so nothing it found is lost."""
    if not afl_out.exists():
        return
    n = 1
    while afl_out.with_name(f"{afl_out.name}.{n}").exists():
        n += 1
    afl_out.rename(afl_out.with_name(f"{afl_out.name}.{n}"))


def afl_env(build):
    """What every afl-fuzz of gcfuzz's is started with (campaigns and
    bench/profile.py): no UI or CPU checks, the custom mutator of the AFL++
    build in `build`, and AFL_FAST_CAL (fewer calibration runs per new input:
    in seeded-bug hunts it found the freeze bug in fewer programs for each
    of three seeds; docs/performance.md, "Where it stands")."""
    return dict(AFL_SKIP_CPUFREQ="1", AFL_NO_UI="1", AFL_NO_AFFINITY="1", AFL_FAST_CAL="1",
                AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="1",
                AFL_CUSTOM_MUTATOR_LIBRARY=str(Path(build) / "libgcfuzz_afl_mutator.so"))


def run_afl(args, stop):
    out = Path(args.out)
    build = Path(args.build)
    inputs, _ = input_links(args, out)
    env = child_env(args, **afl_env(build))
    if launcher(args):
        # afl-fuzz starts the launcher, which becomes the target by exec: it
        # cannot read the target's persistent and deferred-start marks from
        # the launcher script (and, skipping that check, states neither), so
        # the target's AFL++ runtime is told them directly (fuzz_gc_afl has
        # both): otherwise each run would start the interpreter again
        env.update(AFL_SKIP_BIN_CHECK="1", __AFL_PERSISTENT="1", __AFL_DEFER_FORKSRV="1")
    result = Result("afl", str(build), args.cores)
    keep_earlier_session(out / "afl")
    start = time.monotonic()
    procs, names = [], ["main"] + [f"s{k}" for k in range(1, args.cores)]
    for k, name in enumerate(names):
        role = ["-M", name] if k == 0 else ["-S", name]
        cmd = ["afl-fuzz", "-i", str(inputs), "-o", str(out / "afl"), *role, "-V", str(int(args.time)),
               "-t", str(INPUT_TIMEOUT * 1000), "-s", str(args.seed + k), "--", *launcher(args),
               str(build / "fuzz_gc_afl")]
        log = open(out / f"log-{name}.txt", "w")
        p = stop.spawn(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        if p:
            procs.append(p)
    deadline = start + args.time
    for p in procs:
        while p.poll() is None:
            time.sleep(0.2)       # short waits: signals reach the main thread
            if time.monotonic() > deadline + 5:
                # -V counts from the end of AFL++'s dry run; the budget is wall time
                p.send_signal(signal.SIGTERM)
        stop.reap(p, 1)
    result.seconds = time.monotonic() - start
    dirs = [out / "afl" / n for n in names]
    result.execs = sum(afl_stat(d / "fuzzer_stats", "execs_done") for d in dirs)
    result.series = merge_series([afl_plot_series(d / "plot_data") for d in dirs])
    result.artifacts = sorted(str(f) for d in dirs for sub in ("crashes", "hangs")
                              for f in (d / sub).glob("id*"))
    return result


def write_result(result, out):
    with open(out / "series.tsv", "w") as f:
        f.write("# seconds\texecutions\tcoverage\tfeatures\tcorpus\n")
        for s in result.series:
            f.write(f"{s.t}\t{s.execs}\t{s.cov}\t{s.features}\t{s.corpus}\n")
    data = dataclasses.asdict(result)
    data.pop("series")
    data["rate"] = result.rate()
    (out / "result.json").write_text(json.dumps(data, indent=1) + "\n")


def run(args, stop):
    """Run one campaign as args say; the Result, also written to args.out."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result = (run_afl if args.engine == "afl" else run_libfuzzer)(args, stop)
    result.interrupted = stop.event.is_set()
    write_result(result, out)
    return result


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].split("--", 1)[1].strip(),
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--engine", choices=("libfuzzer", "afl"), default="libfuzzer")
    ap.add_argument("--build", required=True, help="build directory with fuzz_gc (or fuzz_gc_afl)")
    ap.add_argument("--out", required=True, help="where the corpus, artifacts, logs and result go")
    ap.add_argument("--time", type=float, default=60, help="seconds to fuzz (default 60)")
    ap.add_argument("--cores", type=int, default=os.cpu_count(), help="processes (default: every core)")
    ap.add_argument("--corpus", action="append", default=[], help="input corpus, read only (repeatable)")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 1000000 + 1,
                    help="first random seed (default: from the clock)")
    ap.add_argument("--libpython", help="directory of another libpython build to run the harness against")
    args = ap.parse_args(argv)
    if args.cores < 1 or args.time <= 0:
        ap.error("--cores and --time must be positive")
    binary = "fuzz_gc_afl" if args.engine == "afl" else "fuzz_gc"
    if not (Path(args.build) / binary).exists():
        ap.error(f"{args.build}/{binary} not found: build the {args.engine} preset first")
    for c in args.corpus:
        if not Path(c).is_dir():
            ap.error(f"corpus {c} is not a directory")
    return args


def main(argv):
    args = parse_args(argv)
    stop = Stop()
    stop.install()
    try:
        r = run(args, stop)
    except OSError as e:
        print(f"campaign: cannot write {e.filename or args.out}: {e.strerror} (a full disk?); every failing "
              f"input written so far is in {args.out}/artifacts", file=sys.stderr)
        return 2
    if r.execs == 0 and not r.interrupted:
        print(f"campaign: {r.engine} ran no program; see the logs in {args.out}", file=sys.stderr)
        return 2
    print(f"campaign: {r.engine}, {r.cores} process(es), {r.seconds:.0f} s, {r.execs} programs "
          f"({r.rate():.0f}/s, {r.rate() / r.cores:.0f}/s per process), {len(r.artifacts)} failing input(s)"
          + (", interrupted" if r.interrupted else ""))
    return 3 if r.interrupted else (1 if r.artifacts else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
