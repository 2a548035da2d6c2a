"""Benchmark 3: the administrator's dashboards and CSV exports on a large programme.

    .venv/bin/python bench/bench_dashboards.py [--small] [--rounds 15] [--keep]

Data (bench/generate.py): 10,000 trainees in 18 cohorts, 7 modules of 20 sections, 1,000,000
section-progress rows and their ModuleProgress rows (``--small``: 1,000 trainees and 100,000 rows,
done in seconds). The app runs in this process (Flask's test client, SQLite), signed in as an
administrator; what is timed is the server's work for a page, without network or browser.

* Page time: the cohort dashboard of the largest cohort (2,000 trainees, first page of 100 rows,
  totals over all), the programme page (every cohort and country, charts, completion over time),
  and the people list, each against a baseline measured in the same run, alternating baseline,
  page, baseline, page: the staff menu page of the same app (same sign-in, session and layout,
  no queries of its own). Reported: median and 95th percentile in ms, and the ratio to the
  baseline's median.
* CSV export: rows per second streaming the anonymised programme export (a row per trainee,
  cohort and module: 70,000 rows) and the largest cohort's grid, against the same rows written
  from memory by Python's csv module (the floor of any export), and peak memory of an export in a
  subprocess of its own: Python's traced peak (tracemalloc) and the growth of the process's
  resident set (ru_maxrss), for a 100-row export against the large one.

Prints one ``RESULT`` line per result and writes ``bench/out/dashboards.md``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import generate  # noqa: E402
from common import machine, result, write_section  # noqa: E402 - the shared RESULT line and report helpers

from learnlab import create_app  # noqa: E402
from learnlab.csvexport import STREAM_BATCH  # noqa: E402


def make_app(folder: Path) -> Any:
    return create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
            "DATABASE_URL": f"sqlite:///{folder / 'dashboards.db'}",
            "CONTENT_DIR": str(folder / "site" / "content"),
            "QUIZ_DIR": str(folder / "site" / "quizzes"),
            "CONTENT_CACHE_DIR": str(folder / "cache"),
            "CONTENT_RELOAD_SECONDS": 0,
            "RATELIMIT_STORAGE_URL": "memory://",
        }
    )


def signed_in(app: Any) -> Any:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/login",
        data={"username": generate.ADMIN_USERNAME, "password": generate.ADMIN_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302, "bench administrator could not sign in"
    return client


def timed_get(client: Any, url: str) -> float:
    began = time.perf_counter()
    response = client.get(url)
    response.get_data()
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def compare(client: Any, baseline: str, url: str, rounds: int) -> dict[str, float]:
    """Alternate baseline and page; medians and p95 in ms."""
    timed_get(client, baseline), timed_get(client, url)  # warm caches (templates, compiled SQL)
    base, page = [], []
    for _ in range(rounds):
        base.append(timed_get(client, baseline))
        page.append(timed_get(client, url))

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    b, p = statistics.median(base), statistics.median(page)
    return {"median_ms": p, "p95_ms": p95(page), "baseline_ms": b, "ratio": p / b}


def export_rate(client: Any, url: str) -> dict[str, float]:
    began = time.perf_counter()
    response = client.get(url, buffered=False)
    rows = size = 0
    for chunk in response.response:
        rows += chunk.count(b"\n")
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - began
    return {"rows": rows - 1, "seconds": seconds, "rows_per_s": (rows - 1) / seconds, "mb": size / 2**20}


def csv_floor(rows: list[list[str]]) -> float:
    """Baseline rows per second: the same rows written by Python's csv module from memory and
    encoded as UTF-8 (no query, no app, no HTTP), the floor of any CSV export."""
    began = time.perf_counter()
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    out.getvalue().encode("utf-8")
    return len(rows) / (time.perf_counter() - began)


def child(folder: Path, url: str) -> None:
    """Run in a subprocess: one export; its traced peak, and the process's peak resident set."""
    app = make_app(folder)
    client = signed_in(app)
    timed_get(client, "/admin/")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    stats = export_rate(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": stats["rows"],
                "traced_peak_kb": peak / 1024,
                "rss_before_kb": before,
                "rss_peak_kb": after,
            }
        )
    )


def export_memory(folder: Path, url: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), url],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> list[str]:
    folder = OUT / ("dash-small" if args.small else "dash")
    trainees, rows = (1_000, 100_000) if args.small else (10_000, 1_000_000)
    made = None
    if args.keep and (folder / "dashboards.db").exists():
        print(f"reusing {folder / 'dashboards.db'}", flush=True)
    else:
        made = generate.main(["--trainees", str(trainees), "--section-rows", str(rows), "--out", str(folder)])
    app = make_app(folder)
    client = signed_in(app)
    rounds = 5 if args.small else args.rounds
    lines, report = [], []
    baseline = "/admin/"
    pages = {
        "cohort_page": "/admin/cohorts/1",
        "cohort_page_filtered": "/admin/cohorts/1?status=overdue&sort=done&dir=desc",
        "programme_page": "/admin/programme",
        "people_page": "/admin/users?q=00&country=KZ",
    }
    for name, url in pages.items():
        r = compare(client, baseline, url, rounds)
        lines.append(
            result(
                f"dashboards.{name}",
                median_ms=r["median_ms"],
                p95_ms=r["p95_ms"],
                baseline_ms=r["baseline_ms"],
                ratio=r["ratio"],
                trainees=trainees,
                section_rows=rows,
            )
        )
        report.append(
            f"| {name.replace('_', ' ')} | `{url}` | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | "
            f"{r['baseline_ms']:.1f} | {r['ratio']:.1f} |"
        )
    exports = {
        "anonymised_export": "/admin/programme/anonymised.csv",
        "cohort_grid_export": "/admin/cohorts/1?export=trainees",
    }
    export_rows = []
    for name, url in exports.items():
        export_rate(client, url)  # warm
        body = client.get(url).get_data(as_text=True).removeprefix("\ufeff")
        table = list(csv.reader(io.StringIO(body)))[1:]
        runs, floors = [], []
        for _ in range(3):  # alternating, the median of each
            runs.append(export_rate(client, url))
            floors.append(csv_floor(table))
        r = sorted(runs, key=lambda x: x["rows_per_s"])[1]
        floor = statistics.median(floors)
        lines.append(
            result(
                f"dashboards.{name}",
                rows=r["rows"],
                rows_per_s=r["rows_per_s"],
                seconds=r["seconds"],
                mb=r["mb"],
                baseline_rows_per_s=floor,
                ratio=r["rows_per_s"] / floor,
            )
        )
        export_rows.append(
            f"| {name.replace('_', ' ')} | {r['rows']:,} | {r['seconds']:.2f} | {r['rows_per_s']:,.0f} | "
            f"{floor:,.0f} | {r['rows_per_s'] / floor:.2f} |"
        )
    memory = []
    for name, small_url, large_url in (
        (
            "anonymised_export_memory",
            "/admin/programme/anonymised.csv?cohort=2",
            "/admin/programme/anonymised.csv",
        ),
        ("people_export_memory", "/admin/users?cohort=2&export=users", "/admin/users?export=users"),
    ):
        small, large = export_memory(folder, small_url), export_memory(folder, large_url)
        lines.append(
            result(
                f"dashboards.{name}",
                small_rows=small["rows"],
                large_rows=large["rows"],
                small_traced_kb=small["traced_peak_kb"],
                large_traced_kb=large["traced_peak_kb"],
                traced_ratio=large["traced_peak_kb"] / small["traced_peak_kb"],
                small_rss_peak_kb=small["rss_peak_kb"],
                large_rss_peak_kb=large["rss_peak_kb"],
            )
        )
        memory.append(
            f"| {name.replace('_', ' ').replace(' memory', '')} | {small['rows']:,} | "
            f"{small['traced_peak_kb']:,.0f} | {small['rss_peak_kb'] / 1024:,.0f} | {large['rows']:,} | "
            f"{large['traced_peak_kb']:,.0f} | {large['rss_peak_kb'] / 1024:,.0f} |"
        )
    write_report(made, trainees, rows, rounds, report, export_rows, memory, args.small)
    return lines


def write_report(
    made: Any,
    trainees: int,
    rows: int,
    rounds: int,
    pages: list[str],
    exports: list[str],
    memory: list[str],
    is_small: bool,
) -> None:
    sizes = generate.cohort_sizes(trainees)
    generated = (
        f"generated in {made['seconds']} s with bulk inserts" if made else "reused from an earlier run"
    )
    info = machine()
    text = f"""## 3. Dashboards and exports{" (small smoke run)" if is_small else ""}

Machine: {info["cpu"]}, {info["cores"]} cores, Python {info["python"]}; {info["date"]}; load average
{os.getloadavg()[0]:.1f} at the end.
SQLite, the app in-process (Flask test client), signed in as an unscoped administrator. Data:
{trainees:,} trainees in {len(sizes)} cohorts (the largest {max(sizes):,}), 7 modules of 20 sections, {rows:,}
section-progress rows and their module rows ({generated}).

Page time over {rounds} alternating rounds; the baseline is the staff menu page of the same app (same
sign-in, session check and layout, no queries of its own), measured in the same run.

| page | address | median ms | p95 ms | baseline median ms | ratio |
|---|---|---:|---:|---:|---:|
{chr(10).join(pages)}

CSV exports, streamed (UTF-8 with BOM, formula cells neutralised), median of 3 runs alternating with
the baseline: the same rows written from memory by Python's csv module (no query, no app, no HTTP).

| export | rows | seconds | rows per second | baseline rows per second | ratio |
|---|---:|---:|---:|---:|---:|
{chr(10).join(exports)}

Memory of one export, each in a subprocess of its own, small against large: the peak of Python's
traced allocations during the export (tracemalloc) and the process's peak resident set (ru_maxrss,
start-up included). Rows are fetched {STREAM_BATCH} at a time and sent as they are written.

| export | small: rows | traced peak KB | peak RSS MB | large: rows | traced peak KB | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|
{chr(10).join(memory)}
"""
    print(f"wrote {write_section('dashboards', text)}", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="1,000 trainees and 100,000 rows: a smoke test")
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds per page")
    parser.add_argument("--keep", action="store_true", help="reuse the generated database if it exists")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
