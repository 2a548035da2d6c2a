"""Make a large programme for the dashboard benchmark: trainees, cohorts, 7 modules, progress rows.

    .venv/bin/python bench/generate.py [--trainees 10000] [--section-rows 1000000] [--out bench/out/dash]

Writes ``<out>/site`` (7 synthetic modules of 20 sections, each with a one-question quiz) and
``<out>/dashboards.db`` (SQLite, or ``--database-url``), then prints what it made. Progress rows
are consistent with what the services write: one ModuleProgress per trainee and module touched,
whose ``sections_done`` equals that trainee's SectionProgress rows in the module; finished
modules are completed with a passed quiz and a best score. Rows are written with bulk inserts.

Cohorts: one of 2,000 trainees (the cohort page's worst case), one of 100 (the small export), and
the rest in cohorts of about 500, across five countries; each cohort is assigned all 7 modules
with due dates two weeks apart, some already past.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, insert  # noqa: E402

from learnlab.models import (  # noqa: E402
    AuditEvent,
    Base,
    Cohort,
    CohortMember,
    CohortModule,
    ModuleProgress,
    SectionProgress,
    User,
)

MODULES = 7
SECTIONS = 20
COUNTRIES = ("KZ", "KG", "TJ", "UZ", "TM")
ADMIN_USERNAME, ADMIN_PASSWORD = "bench-admin", "bench-admin-password"


def write_site(folder: Path) -> None:
    """Seven modules of SECTIONS sections, each with a one-question quiz, in a chain of prerequisites."""
    for n in range(1, MODULES + 1):
        module = folder / "content" / "modules" / f"m{n}"
        module.mkdir(parents=True, exist_ok=True)
        sections = "\n".join(
            f"## Part {s} {{#s{s:02d}}}\n\nText of part {s} of module {n}.\n" for s in range(1, SECTIONS + 1)
        )
        prerequisites = f"[m{n - 1}]" if n > 1 else "[]"
        (module / "index.md").write_text(
            f"---\ntitle: Module {n}\nsummary: Benchmark module {n}.\norder: {n}\nestimated_minutes: 30\n"
            f"objectives: [Read it.]\nprerequisites: {prerequisites}\nquiz: "
            f"m{n}\n---\n\nIntroduction.\n\n{sections}",
            encoding="utf-8",
        )
        quizzes = folder / "quizzes"
        quizzes.mkdir(parents=True, exist_ok=True)
        (quizzes / f"m{n}.md").write_text(
            f'---\ntitle: "Module {n}: quiz"\nmodule: m{n}\npass_mark: 70\n---\n\n'
            "## Is this a benchmark? {#q-one}\n\ntype: truefalse\n\n- [x] True\n- [ ] False\n",
            encoding="utf-8",
        )


def cohort_sizes(trainees: int) -> list[int]:
    big, small = min(2000, trainees // 5), min(100, trainees // 10)
    rest = trainees - big - small
    sizes = [big, small] + [500] * (rest // 500)
    if rest % 500:
        sizes.append(rest % 500)
    return [s for s in sizes if s > 0]


def _done_counts(rng: random.Random, trainees: int, rows: int) -> list[int]:
    """Sections done per trainee: about 5% idle, the rest spread, adding up to exactly ``rows``."""
    most = MODULES * SECTIONS
    if rows > trainees * most:
        raise SystemExit(f"{rows} section rows do not fit {trainees} trainees x {most} sections")
    counts = [0 if rng.random() < 0.05 else rng.randint(1, most) for _ in range(trainees)]
    diff = rows - sum(counts)
    while diff:
        i = rng.randrange(trainees)
        step = 1 if diff > 0 else -1
        new = counts[i] + step * min(abs(diff), 7)
        if 0 <= new <= most:
            diff -= new - counts[i]
            counts[i] = new
    return counts


def _insert(engine: Engine, table: Any, rows: Any, chunk: int = 20_000) -> None:
    """Bulk insert in chunks; on SQLite straight through the driver (executemany of tuples)."""
    batch: list[dict[str, Any]] = []
    with engine.begin() as conn:
        raw = conn.connection.driver_connection if engine.dialect.name == "sqlite" else None
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                _flush(conn, raw, table, batch)
                batch = []
        if batch:
            _flush(conn, raw, table, batch)


def _flush(conn: Any, raw: Any, table: Any, batch: list[dict[str, Any]]) -> None:
    names = list(dict.fromkeys(k for row in batch for k in row))  # rows may leave columns out
    if raw is None:
        conn.execute(insert(table), [{n: row.get(n) for n in names} for row in batch])
        return
    # Table and column names come from the models, never from input.
    sql = f'INSERT INTO "{table.__tablename__}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})'  # noqa: S608
    raw.executemany(sql, [tuple(_sqlite(row.get(n)) for n in names) for row in batch])


def _sqlite(value: Any) -> Any:
    """Values as SQLAlchemy stores them in SQLite (UTC timestamps as text, dates ISO, JSON as text)."""
    kind = type(value)
    if kind is datetime:  # every timestamp made here is in UTC already
        return value.isoformat(" ", "microseconds")[:26]
    if kind is date:
        return value.isoformat()
    if kind is dict:
        return json.dumps(value)
    return value


def generate(engine: Engine, *, trainees: int, section_rows: int, seed: int = 8) -> dict[str, int]:
    from learnlab.auth.passwords import hash_password

    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=90)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    counts = _done_counts(rng, trainees, section_rows)
    sizes = cohort_sizes(trainees)

    users = [
        {
            "id": 1,
            "username": ADMIN_USERNAME,
            "display_name": "Bench Administrator",
            "role": "admin",
            "password_hash": hash_password(ADMIN_PASSWORD),
            "is_active": True,
            "created_at": start,
        }
    ]
    cohorts, members, assigned = [], [], []
    uid = 1
    for c, size in enumerate(sizes, start=1):
        country = COUNTRIES[c % len(COUNTRIES)] if c > 2 else ("KZ" if c == 1 else "KG")
        cohorts.append(
            {
                "id": c,
                "name": f"Cohort {c:02d} ({country}, {size} trainees)",
                "country": country,
                "organisation": f"Customs {country}",
                "starts_on": start.date(),
                "created_at": start,
            }
        )
        for m in range(1, MODULES + 1):
            assigned.append(
                {"cohort_id": c, "module_slug": f"m{m}", "due_on": (start + timedelta(days=14 * m)).date()}
            )
        for _ in range(size):
            uid += 1
            users.append(
                {
                    "id": uid,
                    "username": f"t{uid:06d}",
                    "display_name": f"Стажёр {uid:06d}",
                    "role": "trainee",
                    "password_hash": "!",
                    "is_active": rng.random() > 0.02,
                    "country": country,
                    "organisation": f"Customs {country}",
                    "unit": f"Unit {rng.randint(1, 12)}",
                    "created_at": start,
                }
            )
            members.append({"cohort_id": c, "user_id": uid, "joined_at": start})
    modules: list[dict[str, Any]] = []

    def progress() -> Any:
        """Section rows, generated as they are inserted; module rows collected on the way."""
        for user, done in zip(users[1:], counts, strict=True):
            when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
            for m in range(MODULES):
                in_module = min(SECTIONS, done - m * SECTIONS)
                if in_module <= 0:
                    break
                began = when
                for s in range(1, in_module + 1):
                    when += timedelta(minutes=rng.randint(3, 40))
                    yield {
                        "user_id": user["id"],
                        "module_slug": f"m{m + 1}",
                        "section_id": f"s{s:02d}",
                        "content_version": "bench",
                        "viewed_at": when,
                        "completed_at": when,
                    }
                finished = in_module == SECTIONS
                score = float(rng.randint(70, 100)) if finished else None
                modules.append(
                    {
                        "user_id": user["id"],
                        "module_slug": f"m{m + 1}",
                        "started_at": began,
                        "last_visited_at": when,
                        "last_section_id": f"s{in_module:02d}",
                        "sections_done": in_module,
                        "best_score": score,
                        "quiz_passed_at": when if finished else None,
                        "completed_at": when if finished else None,
                        "completed_version": "bench" if finished else None,
                    }
                )
                when += timedelta(hours=rng.randint(2, 72))

    _insert(engine, User, users)
    _insert(engine, Cohort, cohorts)
    _insert(engine, CohortModule, assigned)
    _insert(engine, CohortMember, members)
    _insert(engine, SectionProgress, progress())
    _insert(engine, ModuleProgress, modules)
    _insert(
        engine,
        AuditEvent,
        [
            {
                "at": start,
                "actor_id": 1,
                "action": "admin.import",
                "target_type": "import",
                "target_id": "bench.csv",
                "details": {"created": trainees},
            }
        ],
    )
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return {
        "trainees": trainees,
        "cohorts": len(cohorts),
        "module_rows": len(modules),
        "section_rows": sum(counts),
        "big_cohort": 1,
        "small_cohort": 2,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--section-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "dash")
    parser.add_argument("--database-url", default=None, help="default: SQLite in --out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    write_site(args.out / "site")
    url = args.database_url or f"sqlite:///{args.out / 'dashboards.db'}"
    engine = create_engine(url)
    began = time.perf_counter()
    made = generate(engine, trainees=args.trainees, section_rows=args.section_rows)
    engine.dispose()
    made.update(seconds=round(time.perf_counter() - began, 1), url=url, site=str(args.out / "site"))
    print("generated: " + ", ".join(f"{k}={v}" for k, v in made.items()), flush=True)
    return made


if __name__ == "__main__":
    main()
