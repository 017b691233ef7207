#!/usr/bin/env python3
"""nightly.py -- the nightly campaign: fuzz, merge, record, report.

    scripts/nightly [--minutes M] [--corpus DIR] [--out DIR] [--cores N]
                    [--lanes NAME,...] [--seed N]

(scripts/nightly installs what is missing, builds the harnesses, then runs
this.)  Phases, in order:

 1. calibration: one in-process libFuzzer alone, against the release
    libpython, for a short time: the single-process rate the report compares
    the per-core rates with;
 2. the lanes, one after another, each on every core (scripts/campaign.py):
    libFuzzer and AFL++ against Debian's release libpython, libFuzzer against
    its debug libpython and against Debian sid's debug 3.14 and 3.15 (in the
    root of scripts/sid-root.sh), and libFuzzer against every instrumented
    build that is configured (build-fuzz-asan-3.11, build-fuzz-tsan-3.13t:
    free-threaded 3.13 under ThreadSanitizer, THREADs on threads);
 3. merge: AFL++'s queues pruned with afl-cmin, then everything the lanes
    found and the old corpus merged into DIR with libFuzzer's -merge=1 (the
    previous corpus stays in DIR.prev);
 4. record: each failing input reduced into OUT/regressions/ by the
    gcfuzz-record built against the libpython it failed on, unless
    regressions/ (or an earlier failure of this campaign) has its signature;
 5. report: OUT/report.md and OUT/report.html, with plots (gnuplot) of
    executions, coverage, features and corpus size over time, and for each new
    failure its verdict, reduced script, object-graph picture and repro command.

OUT must be new or empty; a second campaign on it refuses.  Ctrl-C or SIGTERM
ends the fuzzing early: the report is still written, says so, and every
failing input and the corpora are kept (no merge, no reduction).
Exit status: 0 when nothing new failed, 1 when a new failure was found,
2 on bad usage or a broken set-up, 3 when interrupted.
"""
import argparse
import dataclasses
import fcntl
import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import campaign  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus"


@dataclasses.dataclass
class Lane:
    """One engine against one libpython; `tools` is the replay build made
    against the same libpython (gcfuzz-record, gcfuzz-repro)."""
    name: str
    engine: str
    build: Path
    tools: Path
    weight: int


LANES = [
    Lane("libfuzzer-release", "libfuzzer", ROOT / "build-fuzz", ROOT / "build-fuzz", 2),
    Lane("afl-release", "afl", ROOT / "build-afl", ROOT / "build-fuzz", 2),
    Lane("libfuzzer-debug", "libfuzzer", ROOT / "build-fuzz-debug", ROOT / "build-fuzz-debug", 1),
    Lane("libfuzzer-asan-3.11", "libfuzzer", ROOT / "build-fuzz-asan-3.11", ROOT / "build-fuzz-asan-3.11", 1),
    # Debian sid's debug builds, in the root of scripts/sid-root.sh
    Lane("libfuzzer-debug-3.14", "libfuzzer", ROOT / "build-fuzz-3.14d", ROOT / "build-fuzz-3.14d", 1),
    Lane("libfuzzer-debug-3.15", "libfuzzer", ROOT / "build-fuzz-3.15d", ROOT / "build-fuzz-3.15d", 1),
    # free-threaded 3.13 under ThreadSanitizer, threads mode (scripts/tsan.sh)
    Lane("libfuzzer-tsan-3.13t", "libfuzzer", ROOT / "build-fuzz-tsan-3.13t", ROOT / "build-fuzz-tsan-3.13t", 1),
]
# only when their builds exist (scripts/nightly makes the 3.14/3.15 ones
# where it can make the sid root, the TSan one once its CPython is built)
OPTIONAL_LANES = {"libfuzzer-asan-3.11", "libfuzzer-debug-3.14", "libfuzzer-debug-3.15", "libfuzzer-tsan-3.13t"}


@dataclasses.dataclass
class Failure:
    """A failing input and what recording it gave: new (a regression written
    to OUT/regressions), known (a regression already had its signature), or
    not reproduced (it passed when run again)."""
    lane: str
    artifact: str
    outcome: str                 # "new" | "known" | "not reproduced" | "not recorded"
    regression: str = ""         # the .py written, or the one it duplicates
    verdict: str = ""
    picture: str = ""
    plain: str = ""              # its plain reproducer for a bug report (gcfuzz-record's .plain.py), if written
    issue: str = ""              # its issue-ready report (scripts/gcfuzz-report), if written


@dataclasses.dataclass
class Report:
    started: str
    minutes: float
    cores: int
    calibration: campaign.Result = None
    lanes: dict = dataclasses.field(default_factory=dict)    # name -> campaign.Result
    pythons: dict = dataclasses.field(default_factory=dict)  # name -> version line
    corpus_before: int = 0
    corpus_after: int = 0
    failures: list = dataclasses.field(default_factory=list)
    interrupted: bool = False
    libpython: str = ""
    notes: list = dataclasses.field(default_factory=list)

    def new_failures(self):
        return [f for f in self.failures if f.outcome == "new"]


def python_of(build):
    """The version line of the interpreter a build was configured with."""
    for line in (build / "CMakeCache.txt").read_text().splitlines():
        if line.startswith("Python3_EXECUTABLE:"):
            exe = line.split("=", 1)[1]
            r = subprocess.run([*campaign.launcher_of(build), exe, "-c", "import sys; print(sys.version.split()[0], sys.executable,"
                                " 'debug' if hasattr(sys, 'gettotalrefcount') else 'release')"],
                               capture_output=True, text=True, errors="replace")
            return r.stdout.strip() or exe
    return "unknown"


def count_files(d):
    return sum(1 for f in Path(d).iterdir() if f.is_file()) if Path(d).is_dir() else 0


def lane_args(args, engine, build, out, seconds, cores, seed):
    return argparse.Namespace(engine=engine, build=str(build), out=str(out), time=seconds, cores=cores,
                              corpus=[str(args.corpus), str(SEEDS)], seed=seed, libpython=args.libpython)


def tool_env(args):
    """The environment of the tools that replay inputs: the same libpython
    as the engines (campaign.child_env)."""
    return campaign.child_env(args, ASAN_OPTIONS="detect_leaks=0")


def short_of_space(args):
    """A sentence when OUT's or the corpus's file system has less than
    --min-free MB free (a fuzzer that cannot write would lose what it
    finds), else ''."""
    for path in (Path(args.out), Path(args.corpus)):
        free = shutil.disk_usage(path).free // 2**20
        if free < args.min_free:
            return (f"only {free} MB free on the file system of {path}; the campaign needs {args.min_free} MB "
                    "(--min-free) to keep what it finds")
    return ""


def fuzz(args, lanes, report, stop):
    """Phases 1 and 2: calibration, then each lane on every core.  A lane
    starts only with room on the disk; one that fails to write stops the
    fuzzing there, keeping what the lanes before it found."""
    out = Path(args.out)
    budget = args.minutes * 60
    calibrate = min(30.0, max(5.0, budget * 0.05))
    left = budget - calibrate
    weights = sum(lane.weight for lane in lanes)
    runs = [("calibration", "libfuzzer", LANES[0].build, out / "calibration", calibrate, 1)]
    runs += [(lane.name, lane.engine, lane.build, out / "lanes" / lane.name, max(5.0, left * lane.weight / weights),
              args.cores) for lane in lanes]
    for i, (name, engine, build, where, seconds, cores) in enumerate(runs):
        if stop.event.is_set():
            break
        short = short_of_space(args)
        if short:
            report.notes.append(f"fuzzing stopped before {name}: {short}")
            print(f"nightly: {report.notes[-1]}", file=sys.stderr)
            break
        if name != "calibration":
            print(f"nightly: {name} on {cores} core(s) for {seconds:.0f} s", flush=True)
        try:
            result = campaign.run(lane_args(args, engine, build, where, seconds, cores, args.seed + 100 * i), stop)
        except OSError as e:
            report.notes.append(f"fuzzing stopped in {name}: {e.filename or where}: {e.strerror} (a full disk?); "
                                "what it found so far is in its artifacts/")
            print(f"nightly: {report.notes[-1]}", file=sys.stderr)
            break
        if name == "calibration":
            report.calibration = result
        else:
            report.lanes[name] = result


def merge(args, lanes, report):
    """Phase 3: prune AFL++'s queues, then merge everything into the corpus."""
    out, corpus = Path(args.out), Path(args.corpus)
    found = []
    for lane in lanes:
        d = out / "lanes" / lane.name
        if lane.engine == "libfuzzer":
            found.append(d / "corpus")
        elif (d / "afl").is_dir():
            queue = d / "afl-queue"
            queue.mkdir(exist_ok=True)
            for f in (d / "afl").glob("*/queue/id*"):
                shutil.copyfile(f, queue / f"{f.parent.parent.name}-{f.name.replace(':', '_')}")
            pruned = d / "afl-cmin"
            r = subprocess.run(["afl-cmin", "-i", str(queue), "-o", str(pruned), "-t", "10000", "--",
                                str(lane.build / "fuzz_gc_afl")],
                               capture_output=True, text=True, errors="replace",
                               env=dict(os.environ, AFL_SKIP_CPUFREQ="1", AFL_ALLOW_TMP="1"))
            (d / "afl-cmin.log").write_text(r.stdout + r.stderr)
            if r.returncode == 0:
                found.append(pruned)
            else:
                report.notes.append(f"afl-cmin failed (status {r.returncode}, see {d / 'afl-cmin.log'}); "
                                    "AFL++'s whole queue was merged")
                found.append(queue)
    merged = Path(f"{corpus}.new")
    shutil.rmtree(merged, ignore_errors=True)   # a crashed earlier merge's
    merged.mkdir()
    r = subprocess.run([str(LANES[0].build / "fuzz_gc"), "-merge=1", f"-max_len={campaign.MAX_LEN}",
                        "-timeout=10", str(merged), str(corpus), *map(str, found)],
                       capture_output=True, text=True, errors="replace", env=tool_env(args))
    (out / "merge.log").write_text(r.stdout + r.stderr)
    if r.returncode != 0 or count_files(merged) == 0:
        report.notes.append(f"the corpus merge failed (status {r.returncode}, see merge.log); {corpus} unchanged")
        return
    previous = Path(f"{corpus}.prev")
    shutil.rmtree(previous, ignore_errors=True)
    corpus.rename(previous)
    merged.rename(corpus)
    report.corpus_after = count_files(corpus)


def record_one(args, lane, artifact):
    """Phase 4 for one input: reduce and record it, or find it known."""
    out = Path(args.out)
    r = subprocess.run([*campaign.launcher_of(lane.tools), str(lane.tools / "gcfuzz-record"), "--dir", str(out / "regressions"),
                        "--known", args.regressions, "--origin", lane.engine, artifact],
                       capture_output=True, text=True, errors="replace", env=tool_env(args))
    words = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in r.stdout.splitlines() if ":" in line}
    if "recorded" in words:
        py = words["recorded"].split()[0]
        f = Failure(lane.name, artifact, "new", py)
        f.verdict = repro(args, lane, py)
        f.picture = py[:-3] + ".svg" if Path(py[:-3] + ".svg").exists() else ""
        f.plain = words.get("plain reproducer", "")
        f.issue = issue_report(args, lane, py)
        return f
    if "duplicate" in words:
        return Failure(lane.name, artifact, "known", words["duplicate"].split()[0])
    if "does not fail here" in r.stdout:
        return Failure(lane.name, artifact, "not reproduced")
    last = (r.stdout + r.stderr).strip().splitlines()[-1:] or [f"gcfuzz-record exited with status {r.returncode}"]
    return Failure(lane.name, artifact, "not recorded", verdict=last[0].replace("|", "/")[:300])


def issue_report(args, lane, py):
    """scripts/gcfuzz-report's issue for a new regression, beside it (.report.md), or why there is none."""
    path = py[:-3] + ".report.md"
    lib = ["--libpython", args.libpython] if args.libpython else []
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}  # --libpython names it, for the lane only
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gcfuzz-report"), "--build", str(lane.tools), *lib,
                        "--out", path, py], capture_output=True, text=True, errors="replace", env=env)
    if Path(path).exists():
        return path
    last = (r.stdout + r.stderr).strip().splitlines()[-1:] or [f"exit status {r.returncode}"]
    return "not written: " + last[0][:300]


def repro(args, lane, py):
    """The one-line verdict of a recorded script, and its picture beside it."""
    r = subprocess.run([*campaign.launcher_of(lane.tools), str(lane.tools / "gcfuzz-repro"), "--quiet", "--dot", py[:-3] + ".svg", py],
                       capture_output=True, text=True, errors="replace", env=tool_env(args))
    lines = [l for l in (r.stdout + r.stderr).splitlines() if l and not l.startswith("picture: ")]
    return lines[0] if lines else f"gcfuzz-repro exited with status {r.returncode}"


def record(args, lanes, report, stop):
    """Phase 4; once interrupted, the inputs left are listed, not reduced."""
    out = Path(args.out)
    (out / "regressions").mkdir(exist_ok=True)
    for lane in lanes:
        result = report.lanes.get(lane.name)
        for artifact in result.artifacts if result else []:
            if stop.event.is_set():
                report.failures.append(Failure(lane.name, artifact, "not recorded", verdict="(interrupted)"))
                continue
            print(f"nightly: recording {artifact}", flush=True)
            report.failures.append(record_one(args, lane, artifact))


PLOTS = [  # file, column of series.tsv, y label
    ("executions", 2, "programs run"),
    ("coverage", 3, "edges covered (in each engine's own map)"),
    ("features", 4, "libFuzzer features (edges, hit counts, gc-level feedback)"),
    ("corpus", 5, "corpus inputs"),
]


def plot(out, report):
    """SVG plots of each lane's series, drawn by gnuplot."""
    (out / "plots").mkdir(exist_ok=True)
    series = [(name, out / "lanes" / name / "series.tsv") for name in report.lanes
              if (out / "lanes" / name / "series.tsv").stat().st_size > 60]
    made = []
    for name, column, label in PLOTS:
        lanes = [(n, s) for n, s in series if column != 4 or report.lanes[n].engine == "libfuzzer"]
        if not lanes:
            continue
        curves = ", ".join(f"'{s}' using 1:{column} with lines linewidth 2 title '{n}'" for n, s in lanes)
        script = (f"set terminal svg size 720,400 dynamic background rgb 'white'\n"
                  f"set output '{out / 'plots' / (name + '.svg')}'\n"
                  f"set xlabel \"seconds since the lane started\"\nset ylabel \"{label}\"\n"
                  f"set key bottom right\nset grid\nset format y '%.1s%c'\nplot {curves}\n")
        r = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True, errors="replace")
        if r.returncode == 0:
            made.append(name)
        else:
            report.notes.append(f"gnuplot failed on the {name} plot: {r.stderr.strip()[:200]}")
    return made


def executions_by(result, seconds):
    """What a campaign had run `seconds` after it started: its series,
    interpolated between the samples around that moment."""
    before = [s for s in result.series if s.t <= seconds]
    after = [s for s in result.series if s.t > seconds]
    if not before or not after:
        return before[-1].execs if before else 0
    a, b = before[-1], after[0]
    return a.execs + (b.execs - a.execs) * (seconds - a.t) / (b.t - a.t)


def share_of_alone(report, lane):
    """A libFuzzer release lane's programs per process over the calibration's
    first seconds, as a share of the calibration's own: the same corpus
    stage, so a difference is the cost of running beside the other
    processes, not of the longer programs a grown corpus makes."""
    c = report.calibration
    if not c or not c.execs or lane.build != c.build:
        return ""
    return f"{100 * executions_by(lane, c.seconds) / lane.cores / c.execs:.0f}%"


def rate_rows(report):
    """(lane, engine, python, cores, seconds, programs, per second, per core, % of one alone)"""
    rows = []
    if report.calibration:
        c = report.calibration
        rows.append(("calibration (one process alone)", "libfuzzer", report.pythons.get(LANES[0].name, ""),
                     1, c.seconds, c.execs, c.rate(), c.rate(), ""))
    for name, r in report.lanes.items():
        rows.append((name, r.engine, report.pythons.get(name, ""), r.cores, r.seconds, r.execs, r.rate(),
                     r.rate() / r.cores, share_of_alone(report, r)))
    return rows


def markdown(report, plots, out):
    md = [f"# gcfuzz nightly campaign, {report.started}", ""]
    status = "**interrupted** before the end; no merge, no reduction" if report.interrupted else "completed"
    md += [f"Budget {report.minutes:g} min on {report.cores} core(s); {status}. "
           f"New failures: **{len(report.new_failures())}**.", ""]
    if report.libpython:
        md += [f"Every lane ran against the libpython in `{report.libpython}`.", ""]
    md += ["## Rates", "",
           "| lane | engine | libpython | processes | seconds | programs | programs/s | per process | of one alone, first seconds |",
           "|---|---|---|---|---|---|---|---|---|"]
    for row in rate_rows(report):
        md.append("| " + " | ".join([row[0], row[1], row[2], str(row[3]), f"{row[4]:.0f}", f"{row[5]:,}",
                                      f"{row[6]:,.0f}", f"{row[7]:,.0f}", row[8]]) + " |")
    if report.calibration:
        md += ["", f"*Of one alone*: a lane's programs per process in its first {report.calibration.seconds:.0f} s, "
               "against the calibration's in the same time from the same seed corpus (later programs are longer, "
               "so whole-lane rates are not comparable with it)."]
    md += ["", f"Corpus: {report.corpus_before} inputs before, "
           + (f"{report.corpus_after} after the merge." if report.corpus_after else "not merged."), ""]
    md += ["## Over time", ""] + [f"![{p}](plots/{p}.svg)" for p in plots] + [""]
    md += failures_markdown(report, out)
    if report.notes:
        md += ["## Notes", ""] + [f"- {n}" for n in report.notes] + [""]
    return "\n".join(md)


def failures_markdown(report, out):
    md = ["## New failures", ""]
    new = report.new_failures()
    if not new:
        md += ["None.", ""]
    for f in new:
        md += [f"### {Path(f.regression).stem} ({f.lane})", "", f"Verdict: `{f.verdict}`", "",
               f"Reproduce: `{LANE_BY_NAME[f.lane].tools}/gcfuzz-repro {f.regression}` "
               f"(input bytes: `{f.artifact}`)", ""]
        if f.picture:
            md += [f"![object graph]({os.path.relpath(f.picture, out)})", ""]
        if f.issue.startswith("not written"):
            md += [f"Issue-ready report: {f.issue}", ""]
        elif f.issue:
            md += [f"Issue-ready report: [{os.path.basename(f.issue)}]({os.path.relpath(f.issue, out)})", ""]
        if f.plain and Path(f.plain).exists():  # what a bug report can carry: no gcfuzz needed
            md += [f"Plain reproducer, for any `python3`: `{f.plain}`", "",
                   "```python", *Path(f.plain).read_text().rstrip().splitlines(), "```", ""]
        else:
            md += ["```python", *program_part(Path(f.regression).read_text()), "```", ""]
    others = [f for f in report.failures if f.outcome != "new"]
    if others:
        md += ["## Other failing inputs", "", "| lane | input | outcome |", "|---|---|---|"]
        md += [f"| {f.lane} | `{f.artifact}` | {f.outcome}"
               + (f": `{f.regression}`" if f.regression else "") + (f" {f.verdict}" if f.verdict else "") + " |"
               for f in others]
        md.append("")
    return md


def program_part(script):
    """A recorded script's reason line and program, without the preamble
    that imports the recorder (the whole script is beside the report)."""
    lines = script.rstrip().splitlines()
    marker = next((i for i, l in enumerate(lines) if l.startswith("# ---- program ----")), 0)
    return lines[:1] + lines[marker:]


def to_html(md):
    """The Markdown report as a static page (the few constructs it uses)."""
    body, in_code, in_table = [], False, False
    for line in md.splitlines():
        if line.startswith("```"):
            body.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
            continue
        if in_code:
            body.append(html.escape(line))
            continue
        if in_table and not line.startswith("|"):
            body.append("</table>")
            in_table = False
        text = html.escape(line)
        text = inline(text)
        if line.startswith("|"):
            if set(line) <= set("|-"):
                continue
            tag = "th" if not in_table else "td"
            if not in_table:
                body.append("<table>")
                in_table = True
            body.append("<tr>" + "".join(f"<{tag}>{inline(html.escape(c.strip()))}</{tag}>"
                                         for c in line.strip("|").split("|")) + "</tr>")
        elif line.startswith("!["):
            alt, src = line[2:].split("](", 1)
            body.append(f'<p><img alt="{html.escape(alt)}" src="{html.escape(src.rstrip(")"))}"></p>')
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{inline(html.escape(line.lstrip('#').strip()))}</h{level}>")
        elif line.startswith("- "):
            body.append(f"<p>&bull; {inline(html.escape(line[2:]))}</p>")
        elif line:
            body.append(f"<p>{text}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}pre{background:#f4f4f4;padding:8px}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>gcfuzz nightly</title>"
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def inline(text):
    """`code` and **bold** spans."""
    out, parts = [], text.split("`")
    for i, p in enumerate(parts):
        if i % 2:
            out.append(f"<code>{p}</code>")
        else:
            bits = p.split("**")
            out.append("".join(f"<b>{b}</b>" if j % 2 else b for j, b in enumerate(bits)))
    return "".join(out)


def write_report(args, report):
    out = Path(args.out)
    plots = plot(out, report)
    md = markdown(report, plots, out)
    (out / "report.md").write_text(md + "\n")
    (out / "report.html").write_text(to_html(md))
    data = dataclasses.asdict(report)
    for r in data["lanes"].values():
        r.pop("series")
    if data["calibration"]:
        data["calibration"].pop("series")
    (out / "report.json").write_text(json.dumps(data, indent=1, default=str) + "\n")


LANE_BY_NAME = {lane.name: lane for lane in LANES}


def die(message):
    """A broken set-up or bad usage: say what to do, exit 2."""
    print(f"nightly: {message}", file=sys.stderr)
    sys.exit(2)


def choose_lanes(args):
    wanted = args.lanes.split(",") if args.lanes else [l.name for l in LANES]
    unknown = [w for w in wanted if w not in LANE_BY_NAME]
    if unknown:
        die(f"unknown lane(s) {', '.join(unknown)}; the lanes: {', '.join(LANE_BY_NAME)}")
    lanes = []
    for name in wanted:
        lane = LANE_BY_NAME[name]
        binary = lane.build / ("fuzz_gc_afl" if lane.engine == "afl" else "fuzz_gc")
        if binary.exists() and (lane.tools / "gcfuzz-record").exists():
            lanes.append(lane)
        elif name not in OPTIONAL_LANES or args.lanes:
            die(f"{binary} (or {lane.tools}/gcfuzz-record) is missing: "
                     f"run scripts/nightly, which builds it")
    return lanes


def hold(lock_path, who):
    """An exclusive lock on lock_path for the life of this process, or exit."""
    try:
        lock = open(lock_path, "a")
    except OSError as e:
        die(f"cannot write {lock_path}: {e.strerror}")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        die(f"another campaign is using {who}; give this one its own")
    return lock


def claim(out, corpus):
    """OUT for this campaign alone (new or empty, locked while it runs), and
    the corpus locked too: a merge must not race another campaign's."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        die(f"cannot create {e.filename}: {e.strerror}")
    locks = [hold(out / ".lock", f"{out} (--out)"), hold(f"{corpus}.lock", f"the corpus {corpus} (--corpus)")]
    if any(p.name != ".lock" for p in out.iterdir()):
        die(f"{out} holds an earlier campaign; give a new or empty --out")
    return locks


def guarded(report, phase, step, args, *step_args):
    """A phase after the fuzzing; a full disk or an unwritable file ends only
    that phase, with a note in the report: what the lanes found stays where
    they wrote it, and the corpus is replaced only by a complete merge."""
    try:
        step(args, *step_args)
    except OSError as e:
        report.notes.append(f"{phase} stopped: {e.filename or args.out}: {e.strerror} (a full disk?); "
                            "the failing inputs stay in lanes/*/artifacts, the corpus as it was")
        print(f"nightly: {report.notes[-1]}", file=sys.stderr)


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="scripts/nightly", description=__doc__.split("\n\n")[0].split("--", 1)[1],
                                 epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60, help="fuzzing budget (default 60)")
    ap.add_argument("--corpus", default=str(ROOT / "nightly-corpus"),
                    help="the corpus kept between nights (default nightly-corpus/)")
    ap.add_argument("--out", default=str(ROOT / "nightly-out" / time.strftime("%Y%m%d-%H%M%S")),
                    help="this campaign's report, logs and new regressions (default nightly-out/DATE)")
    ap.add_argument("--cores", type=int, default=os.cpu_count(), help="default: every core")
    ap.add_argument("--lanes", help=f"comma-separated subset of: {', '.join(LANE_BY_NAME)}")
    ap.add_argument("--regressions", default=str(ROOT / "regressions"), help="the known failures (default regressions/)")
    ap.add_argument("--min-free", type=int, default=256, metavar="MB",
                    help="free space --out and --corpus need before each lane starts (default 256)")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 1000000 + 1)
    ap.add_argument("--libpython", help="run every lane against the libpython build in this directory "
                    "(same version and ABI as the lane's own; e.g. one with a planted bug)")
    args = ap.parse_args(argv)
    if args.minutes <= 0 or args.cores < 1:
        ap.error("--minutes and --cores must be positive")
    if shutil.which("gnuplot") is None:
        ap.error("gnuplot is missing: scripts/setup.sh nightly installs it")
    return args


def main(argv):
    args = parse_args(argv)
    lanes = choose_lanes(args)
    out = Path(args.out)
    locks = claim(out, Path(args.corpus))   # noqa: F841  (held until exit)
    short = short_of_space(args)
    if short:
        die(short)
    stop = campaign.Stop()
    stop.install()
    report = Report(time.strftime("%Y-%m-%d %H:%M"), args.minutes, args.cores,
                    corpus_before=count_files(args.corpus), libpython=args.libpython or "")
    report.pythons = {lane.name: python_of(lane.tools) for lane in lanes}
    fuzz(args, lanes, report, stop)
    if not stop.event.is_set():
        guarded(report, "the corpus merge", merge, args, lanes, report)
    guarded(report, "recording", record, args, lanes, report, stop)
    report.interrupted = stop.event.is_set()
    try:
        write_report(args, report)
    except OSError as e:
        die(f"cannot write the report: {e.filename or out}: {e.strerror} (a full disk?); every failing input "
            f"is kept in {out / 'lanes'}/*/artifacts and the corpus {args.corpus} is as the merge left it")
    print(f"nightly: report {out / 'report.html'} (and report.md); "
          f"{len(report.new_failures())} new failure(s), {len(report.failures)} failing input(s)"
          + (", interrupted" if report.interrupted else ""))
    if report.interrupted:
        return 3
    return 1 if report.new_failures() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
