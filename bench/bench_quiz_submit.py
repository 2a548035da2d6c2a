"""Benchmark 2: quiz submissions (grading and the transaction) on SQLite and PostgreSQL, no loss.

Trainees, 64 at a time, open and mark every section of a module done, then all together start,
save and submit two attempts each of its quiz (10 questions drawn from the real quiz, random
answers). Afterwards every row is counted and every attempt regraded offline
(tests/scenario.py): the result says how many were lost, doubled or scored differently (must be
0). Baseline: the bare Flask app answering the same four requests per attempt (start, page,
save, submit) from the same Python client at the same concurrency, measured between the
LearnLab runs (baseline, SQLite, baseline, PostgreSQL).

    python bench/bench_quiz_submit.py [--trainees 256] [--concurrency 64] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import database, dispose, result, server, site, trainees, workers, write_section

from tests.scenario import Plan, audit, run_all
from tests.server import Browser, Server

MODULE = "risk-analysis"


def baseline_cycles(url: str, concurrency: int, cycles_each: int) -> float:
    """Attempt-equivalents per second: GET page + 3 POSTs answered by redirects, per cycle."""
    barrier = threading.Barrier(concurrency)

    def one() -> tuple[float, float, int]:
        b = Browser(url)
        b.csrf = "-"
        barrier.wait()
        start, bad = time.perf_counter(), 0
        for _ in range(cycles_each):
            bad += b.post("/post").status != 302
            bad += b.request("GET", "/page").status != 200
            bad += b.post("/post", [("seq", "1"), ("q:a", "o1")]).status != 302
            bad += b.post("/post", [("seq", "2"), ("q:a", "o2")]).status != 302
        return start, time.perf_counter(), bad

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        runs = list(pool.map(lambda _i: one(), range(concurrency)))
    assert sum(r[2] for r in runs) == 0, "the baseline answered something unexpected"
    return concurrency * cycles_each / (max(r[1] for r in runs) - min(r[0] for r in runs))


def learnlab_run(kind: str, trainee_count: int, concurrency: int, work: Path) -> dict[str, object]:
    with database(kind, "quiz") as url:
        settings, app = site(url, work / kind)
        from learnlab import content

        with app.app_context():
            sections = content.state().source_module(MODULE).section_ids  # type: ignore[union-attr]
        plan = Plan(reads={MODULE: sections}, quiz=MODULE, attempts=2)
        cookies = trainees(app, trainee_count, prefix=f"{kind[:2]}")
        with server(settings, work / kind) as srv:
            started = time.perf_counter()
            logs = run_all(srv.url, cookies, plan, concurrency=concurrency)
            total = time.perf_counter() - started
        checked = audit(app, plan, logs)
        dispose(app)
    # Quiz phase of each batch: from the barrier to the last submission of the batch.
    windows = [log.quiz_window for log in logs]
    batches = [windows[i : i + concurrency] for i in range(0, len(windows), concurrency)]
    quiz_seconds = sum(max(w[1] for w in b) - min(w[0] for w in b) for b in batches)
    submits = sorted(t for log in logs for t in log.submit_times)
    return {
        "submissions": len(submits),
        "quiz_seconds": quiz_seconds,
        "per_second": len(submits) / quiz_seconds,
        "submit_p50_ms": 1000 * statistics.median(submits),
        "submit_p99_ms": 1000 * submits[int(len(submits) * 0.99) - 1],
        "requests": sum(log.requests for log in logs),
        "total_seconds": total,
        "audit": checked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=128)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    kinds = args.databases.split(",")

    rows, lines = [], []
    with tempfile.TemporaryDirectory(prefix="learnlab-bench-quiz-") as tmp:
        work = Path(tmp)
        (work / "page.html").write_text("<p>" + "x" * 16_000 + "</p>")  # about an attempt page's size
        baseline = Server(
            {"BASELINE_PAGE": str(work / "page.html")},
            work / "baseline.log",
            workers=workers(),
            app_module="bench.baseline_app:app",
        )
        with baseline:
            baseline_cycles(baseline.url, args.concurrency, 2)  # warm up
            for kind in kinds:
                base = baseline_cycles(
                    baseline.url, args.concurrency, max(2, args.trainees * 2 // args.concurrency)
                )
                run = learnlab_run(kind, args.trainees, args.concurrency, work)
                checked = run["audit"]
                lost = sum(abs(checked.expected[k] - checked.counts.get(k, 0)) for k in checked.expected)  # type: ignore[attr-defined]
                wrong = len(checked.problems)  # type: ignore[attr-defined]
                ratio = run["per_second"] / base  # type: ignore[operator]
                lines.append(
                    result(
                        f"quiz_submit_{kind}",
                        ratio=ratio,
                        submissions_per_s=run["per_second"],
                        baseline_cycles_per_s=base,
                        submissions=run["submissions"],
                        submit_p50_ms=run["submit_p50_ms"],
                        submit_p99_ms=run["submit_p99_ms"],
                        rows_lost_or_doubled=lost,
                        problems=wrong,
                        target="met" if checked.ok else "MISSED",
                    )
                )  # type: ignore[attr-defined]
                counts = checked.counts  # type: ignore[attr-defined]
                rows.append(
                    f"| {kind} | {ratio:.2f} | {run['per_second']:.0f} | {base:.0f} | {run['submissions']} "
                    f"| {run['submit_p50_ms']:.0f} / {run['submit_p99_ms']:.0f} "
                    f"| {counts['attempts']}/{counts['answers']}/{counts['sections_done']}/{counts['module_rows']} "
                    f"| {lost} | {wrong} |"
                )
                if wrong:
                    print("\n".join(checked.problems[:20]))  # type: ignore[attr-defined]

    write_section(
        "quiz_submit",
        f"""
## 2. Quiz submission with grading and the transaction

{args.trainees} trainees, {args.concurrency} at a time: each opens and marks the {MODULE} module's
sections done, then all of the batch together start, save and submit 2 attempts of its quiz (10
questions drawn, random answers). {workers()} gunicorn sync workers. The ratio compares LearnLab's
submissions per second (each with its start, page and save) with the baseline's cycles of the same
four requests per second. After each run the rows are counted and every attempt regraded offline.

| database | LearnLab / baseline | submissions/s | baseline cycles/s | submissions | submit p50 / p99 ms | attempts/answers/sections done/module rows | rows lost or doubled | wrong scores or errors |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
""",
    )


if __name__ == "__main__":
    main()
