"""Shared by the benchmarks: a prepared site, a gunicorn server, wrk, result lines, the machine.

Each benchmark compares LearnLab with a baseline measured in the same run on the same machine
(runs alternate A, B, A, B), because these machines are shared and noisy: the ratio is the
result, absolute numbers are context.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from tests.databases import scratch_postgres_database  # noqa: E402
from tests.server import Server, app_config, checking_app, create_trainees, migrate  # noqa: E402

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORKERS = int(os.environ.get("BENCH_WORKERS", "0")) or None  # None: gunicorn.conf.py's default


def result(name: str, **fields: object) -> str:
    """Print the one-line result (``RESULT <name> key=value ...``) and return it."""
    line = "RESULT " + name + " " + " ".join(f"{k}={_fmt(v)}" for k, v in fields.items())
    print(line, flush=True)
    return line


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


def write_section(name: str, markdown: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    return path


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def workers() -> int:
    return WORKERS or 2 * (os.cpu_count() or 1) + 1


# -- databases and sites --------------------------------------------------------------------------


@contextmanager
def database(kind: str, name: str) -> Iterator[str]:
    """An empty database: a SQLite file in a temporary folder, or a fresh PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"learnlab-{name}-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    with scratch_postgres_database(POSTGRES_URL, f"bench_{name}") as url:
        yield url


def site(database_url: str, work: Path) -> tuple[dict[str, str], Flask]:
    """Production settings on the real course content, and a migrated database."""
    settings = app_config(database_url, ROOT / "content", ROOT / "quizzes", work / "cache")
    app = checking_app(settings)
    migrate(app)
    return settings, app


def trainees(app: Flask, count: int, prefix: str = "bench") -> dict[str, str]:
    from learnlab.auth.passwords import hash_password

    return create_trainees(
        app, [f"{prefix}{i:05d}" for i in range(count)], hash_password("bench-password-0001")
    )


def server(settings: dict[str, str], work: Path, app_module: str = "app:app", **kw: object) -> Server:
    return Server(
        settings,
        work / f"gunicorn-{app_module.split(':')[0]}.log",
        workers=workers(),
        app_module=app_module,
        **kw,
    )  # type: ignore[arg-type]


def dispose(app: Flask) -> None:
    from learnlab.db import db

    with app.app_context():
        if db.engine is not None:
            db.engine.dispose()


# -- wrk ----------------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(
    url: str, *, connections: int, seconds: int, script: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Run wrk; requests per second, latency percentiles in ms, and error counts."""
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run(
        cmd + [url], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    found: dict[str, float] = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        found[f"p{pct}_ms"] = float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["non_2xx"] = float(m.group(1)) if m else 0.0
    m = re.search(r"^NOT200 (\d+)$", out, re.M)  # counted by a script that expects 200 only
    if m:
        found["non_2xx"] = max(found["non_2xx"], float(m.group(1)))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    found["socket_errors"] = float(sum(int(x) for x in m.groups())) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    found["requests"] = float(m.group(1)) if m else 0.0
    return found
