"""Benchmark 4: start-up, from starting gunicorn to the first module page served.

LearnLab (production settings, real course content) is timed with the content cache cold (an
empty LEARNLAB_CONTENT_CACHE_DIR: every module and quiz is rendered from Markdown) and warm (the
cache left by the previous start), against the bare Flask baseline serving its first page; runs
alternate baseline, cold, warm. The first page is a signed-in trainee's module section. Also
records each process's memory once the page is served (RSS, and PSS, which shares copy-on-write
pages fairly between the master and its workers).

    python bench/bench_startup.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, database, dispose, result, server, site, trainees, workers, write_section

from tests.server import Browser, Server


def first_page(srv: Server, path: str, cookie: str | None, timeout: float = 120) -> float:
    """Seconds from launching gunicorn to the first 200 answer for ``path``."""
    started = time.perf_counter()
    srv.launch()
    while time.perf_counter() - started < timeout:
        try:
            if Browser(srv.url, cookie, timeout=30).get(path).status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        if srv.process is not None and srv.process.poll() is not None:
            raise RuntimeError(srv.log())
        time.sleep(0.01)
    raise RuntimeError(f"no page within {timeout} s")


def memory(srv: Server) -> dict[str, float]:
    """MiB: the master's and the mean worker's RSS and PSS."""

    def read(pid: int) -> tuple[float, float]:
        rss = pss = 0.0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
        return rss, pss

    assert srv.process is not None
    master = read(srv.process.pid)
    workers_ = [read(pid) for pid in srv.worker_pids()]
    return {
        "master_rss": master[0],
        "master_pss": master[1],
        "worker_rss": statistics.mean(w[0] for w in workers_),
        "worker_pss": statistics.mean(w[1] for w in workers_),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    times: dict[str, list[float]] = {"baseline": [], "cold": [], "warm": []}
    mem: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory(prefix="learnlab-bench-start-") as tmp,
        database("sqlite", "start") as url,
    ):
        work = Path(tmp)
        settings, app = site(url, work)
        cookie = next(iter(trainees(app, 1).values()))
        dispose(app)
        cache = Path(settings["LEARNLAB_CONTENT_CACHE_DIR"])
        from learnlab import content

        with app.app_context():
            path = "/modules/risk-analysis/" + content.state().source_module("risk-analysis").section_ids[1]  # type: ignore[union-attr]
        shutil.rmtree(cache, ignore_errors=True)  # the line above filled it
        (work / "page.html").write_text("<p>start</p>")
        for _ in range(args.rounds):
            base = Server(
                {"BASELINE_PAGE": str(work / "page.html")},
                work / "baseline.log",
                workers=workers(),
                app_module="bench.baseline_app:app",
            )
            times["baseline"].append(first_page(base, "/page", None))
            base.stop()
            for kind in ("cold", "warm"):
                if kind == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                srv = server(settings, work)
                times[kind].append(first_page(srv, path, cookie))
                if kind == "warm" and not mem:
                    srv.wait_ready()
                    mem = memory(srv)
                srv.stop()

    base, cold, warm = (statistics.median(times[k]) for k in ("baseline", "cold", "warm"))
    result(
        "startup",
        cold_over_baseline=cold / base,
        warm_over_baseline=warm / base,
        cold_over_warm=cold / warm,
        cold_s=cold,
        warm_s=warm,
        baseline_s=base,
        master_pss_mib=mem["master_pss"],
        worker_pss_mib=mem["worker_pss"],
    )
    rows = "\n".join(
        f"| {k} | " + " | ".join(f"{t:.2f}" for t in v) + f" | {statistics.median(v):.2f} |"
        for k, v in times.items()
    )
    write_section(
        "startup",
        f"""
## 4. Start-up: process start to first page served

gunicorn with {workers()} workers and `preload_app` (the master loads the content catalogue once,
before forking), production settings, the real course content ({len(list((ROOT / "content" / "modules").iterdir()))}
modules and their quizzes). Timed from launching gunicorn to the first 200 answer for a signed-in
trainee's section page; baseline: the bare Flask app's first page under the same settings.

**Cold cache / warm cache: {cold / warm:.1f}×** · warm / baseline {warm / base:.1f}× · cold / baseline {cold / base:.1f}×

| start | {" | ".join(f"run {i + 1} s" for i in range(args.rounds))} | median s |
|---|{"---|" * args.rounds}---|
{rows}

Memory once serving (warm start): master RSS {mem["master_rss"]:.0f} MiB (PSS {mem["master_pss"]:.0f} MiB),
each worker RSS {mem["worker_rss"]:.0f} MiB (PSS {mem["worker_pss"]:.0f} MiB): PSS counts pages shared
copy-on-write with the master once between them, so the total is about master PSS + workers × worker PSS.
""",
    )


if __name__ == "__main__":
    main()
