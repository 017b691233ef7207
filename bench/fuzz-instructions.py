#!/usr/bin/env python3
"""fuzz-instructions.py -- instructions per fuzz input inside
LLVMFuzzerTestOneInput, and where they go, counted by callgrind for the
same inputs replayed once each (fuzz_gc -runs=0 CORPUS).  Unlike a perf
profile or programs/s, the same for the same binaries and inputs whatever
else the machine runs, so builds compare exactly (issue 25).

    bench/fuzz-instructions.py --corpus DIR FUZZ_GC...

Each FUZZ_GC is a libFuzzer build's fuzz_gc, best built with -gdwarf-4
(valgrind 3.19 reads no DWARF 5).  Every function of callgrind_annotate's
listing is counted by the source file it comes from: CPython's (libpython,
inlined functions included), gcfuzz's harness/, libFuzzer's, or libc and
the rest.  Prints one table row per build.
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PARTS = ("libpython", "gcfuzz", "instrumentation", "libFuzzer", "libc and other")
LINE = re.compile(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S+?):(.*?)(?:\s\[(.*)\])?\s*$")


def part(source, function, dso):
    """Which part of the process a function of the listing belongs to."""
    if "__sanitizer_cov" in function or "trace_cmp" in function:
        return "instrumentation"
    if "libpython" in dso or re.search(r"/(Python|Objects|Modules|Parser|Include)/", source):
        return "libpython"
    if function.startswith(("fuzzer::", "std::", "__sanitizer", "__interceptor")) or (
            function in ("memcmp", "strncmp", "strcmp", "strstr") and "fuzz_gc" in dso):
        return "libFuzzer"
    if re.match(r"(.*/)?(harness|tools)/", source):
        return "gcfuzz"
    return "libc and other"


def count(fuzz_gc, corpus, work):
    """(inputs, libFuzzer's features of them, total instructions, {part: instructions}) for one build."""
    out = work / "callgrind.out"
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                          "--toggle-collect=LLVMFuzzerTestOneInput", str(fuzz_gc), "-runs=0", str(corpus)],
                         capture_output=True, text=True, errors="replace")
    done = re.search(r"#(\d+)\s+DONE.*? ft: (\d+)", run.stderr)
    if run.returncode != 0 or not done:
        sys.exit(f"fuzz-instructions: {fuzz_gc} did not replay {corpus}:\n{run.stderr[-2000:]}")
    listing = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", str(out)], capture_output=True, text=True,
                             errors="replace").stdout
    total, parts = 0, dict.fromkeys(PARTS, 0)
    for line in listing.splitlines():
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
            continue
        m = LINE.match(line)
        if m:
            parts[part(m.group(2), m.group(3), m.group(4) or "")] += int(m.group(1).replace(",", ""))
    return int(done.group(1)), int(done.group(2)), total, parts


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="the inputs to replay (a grown corpus)")
    ap.add_argument("fuzz_gc", nargs="+")
    args = ap.parse_args(argv)
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            sys.exit(f"fuzz-instructions: {tool} is missing (apt-get install valgrind)")
    print("| fuzz_gc | inputs | features (ft:) | instructions per input | " + " | ".join(PARTS) + " |")
    print("|---|---|---|---|" + "---|" * len(PARTS))
    with tempfile.TemporaryDirectory() as tmp:
        for fuzz_gc in args.fuzz_gc:
            inputs, features, total, parts = count(Path(fuzz_gc), Path(args.corpus), Path(tmp))
            shares = " | ".join(f"{100 * parts[p] / total:.1f}%" for p in PARTS)
            print(f"| {fuzz_gc} | {inputs} | {features:,} | {total / inputs / 1e6:.2f} M | {shares} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
