"""``make bench``: run every bench/bench_*.py and assemble bench/RESULTS.md.

Each benchmark runs alone in its own process, prints its ``RESULT`` lines and writes its section
to bench/out/<name>.md; this collects them under a header naming the machine and the date.
A benchmark that fails is reported in RESULTS.md and makes the run exit non-zero.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from common import OUT, ROOT, machine

BENCH = ROOT / "bench"


def commit() -> str:
    """The commit measured (with "+ changes" when the work tree differs from it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    name = head.stdout.strip() or "unknown"
    return name + (" + uncommitted changes" if dirty.stdout.strip() else "")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.md"):
        old.unlink()
    scripts = sorted(BENCH.glob("bench_*.py"))
    only = set(sys.argv[1:])
    results, failures = [], []
    info = machine()
    measured, load_before = commit(), load()
    for script in scripts:
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
        results.extend(lines)
        took = time.perf_counter() - started
        print(f"   {script.name}: {took:.0f} s, exit {proc.returncode}", flush=True)
        if proc.returncode != 0 or not lines:
            failures.append((script.name, proc.returncode, proc.stderr[-3000:]))
            sys.stderr.write(proc.stderr[-3000:])
    # In the order of their headings ("## 1. ...", "## 2. ..."), whoever wrote them.
    sections = sorted(p.read_text(encoding="utf-8").strip() for p in OUT.glob("*.md"))
    failed = "".join(
        f"\n### {name} FAILED (exit {code})\n\n```\n{err.strip()}\n```\n" for name, code, err in failures
    )
    (BENCH / "RESULTS.md").write_text(
        f"""# Benchmark results

Written by `make bench` ({"all benchmarks" if not only else ", ".join(sorted(only))}). These
machines are shared and noisy: each benchmark compares LearnLab with a baseline measured in the
same run, alternating the two, and the **ratios** are the result; absolute numbers are context
only.

Machine: {info["cpu"]}, {info["cores"]} cores, {info["memory"]}, Python {info["python"]}.
Commit: {measured}. Date: {info["date"]}.
Load average (1 / 5 / 15 min) before the run: {load_before}; after it: {load()} (other work shares
this machine: the ratios, measured interleaved, are the result).

## Summary

```
{chr(10).join(results)}
```
{failed}
{chr(10).join(s.strip() + chr(10) for s in sections)}""",
        encoding="utf-8",
    )
    print(f"wrote {BENCH / 'RESULTS.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
