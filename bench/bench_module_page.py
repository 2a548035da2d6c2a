"""Benchmark 1: the section page for signed-in trainees, against a conventional peer and a static page.

Three servers run under gunicorn with gunicorn.conf.py (same workers) and are loaded by wrk with 16
connections, interleaved round by round (static, peer, LearnLab, static, peer, LearnLab, ...):

- static: a bare Flask app sending a saved LearnLab page (bench/baseline_app.py), the floor;
- peer: the page as a conventional Flask app serves it (bench/conventional_app.py: Flask-Login,
  Flask-SQLAlchemy, CSRFProtect, Flask-Babel, three reads and one upsert), the same bytes;
- LearnLab: 64 signed-in trainees reading a module's sections in order (each view also records
  the reading position).

Every response is checked: it counts only when it is the page (status 200 and the section title
in the body), so a redirect to sign-in or an error page can't pass for speed. Before each run
every trainee's session is refreshed as a browser would (a page fetched, the cookie it is sent
kept). Each round gives a ratio; the result is the median ratio over the rounds with its spread.
Targets (issue 18): LearnLab >= 2.0x the peer and >= 0.25 of static, p99 < 40 ms.

    python bench/bench_module_page.py [--seconds 10] [--rounds 3] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import database, dispose, result, server, site, trainees, workers, write_section, wrk

from tests.server import COOKIE, Browser, Server

MODULE = "risk-analysis"
CONNECTIONS = 16
TARGET_PEER, TARGET_STATIC, TARGET_P99_MS = 2.0, 0.25, 40.0
MARKER = 'class="section-title"'

LUA = """
local cookies = {%(cookies)s}
local paths = {%(paths)s}
local marker = '%(marker)s'
local threads, tcount = {}, 0
function setup(thread)
  thread:set("tid", tcount)
  tcount = tcount + 1
  table.insert(threads, thread)
end
function init(args)
  n, bad = 0, 0
end
function request()
  n = n + 1
  -- thread t takes every other trainee; each trainee walks the sections in order
  local who = ((n %% (#cookies / 2)) * 2) + tid + 1
  local where = (math.floor(n / (#cookies / 2)) %% #paths) + 1
  return wrk.format("GET", paths[where], {["Cookie"] = "%(cookie_name)s=" .. cookies[who], ["Accept"] = "text/html"})
end
function response(status, headers, body)
  -- only the page counts: not a redirect to sign-in, not an error page
  if status ~= 200 or not string.find(body, marker, 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("NOT200 %%d\\n", total))
end
"""


def script(path: Path, cookies: list[str], paths: list[str], cookie_name: str) -> Path:
    path.write_text(
        LUA
        % {
            "cookies": ", ".join(f'"{c}"' for c in cookies),
            "paths": ", ".join(f'"{p}"' for p in paths),
            "marker": MARKER,
            "cookie_name": cookie_name,
        }
    )
    return path


def refreshed(browsers: list[Browser], paths: list[str], cookie_name: str) -> list[str]:
    """Each browser fetches a page and keeps the cookie it is sent, as a real browser would."""
    for browser, path in zip(browsers, paths * len(browsers), strict=False):
        page = browser.get(path)
        assert page.status == 200 and MARKER in page.body, (page.status, page.location)
    return [b.cookies[cookie_name] for b in browsers]


def section_paths(app) -> list[str]:  # type: ignore[no-untyped-def]
    from learnlab import content

    with app.app_context():
        module = content.state().source_module(MODULE)
        return [f"/modules/{MODULE}/{sid}" for sid in module.section_ids]  # type: ignore[union-attr]


def module_for_peer(app) -> tuple[str, list[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    """The module's title and its sections (id, title, HTML) as the peer stores them."""
    from learnlab import content

    with app.app_context():
        module = content.state().source_module(MODULE)
        return module.title, [  # type: ignore[union-attr]
            (s.id, s.title, "".join(b.html for b in s.blocks if b.html is not None))
            for s in module.sections  # type: ignore[union-attr]
        ]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    import conventional_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="learnlab-bench-page-") as tmp,
        database(args.database, "page") as url,
    ):
        work = Path(tmp)
        settings, app = site(url, work)
        paths = section_paths(app)
        cookies = list(trainees(app, 64).values())
        title, peer_sections = module_for_peer(app)
        conventional_app.prepare(str(work / "peer.db"), MODULE, title, peer_sections, len(cookies))
        with server(settings, work) as learnlab:
            browsers = [Browser(learnlab.url, c) for c in cookies]
            pages = [b.get(p) for b, p in zip(browsers, paths * 8, strict=False)]
            assert all(p.status == 200 and MARKER in p.body for p in pages), pages[0].status
            sizes = sorted(len(p.body.encode()) for p in pages)
            size = sizes[len(sizes) // 2]
            typical = min(pages, key=lambda p: abs(len(p.body.encode()) - size))
            (work / "page.html").write_text(typical.body, encoding="utf-8")
            static = Server(
                {"BASELINE_PAGE": str(work / "page.html")},
                work / "static.log",
                workers=workers(),
                app_module="bench.baseline_app:app",
            )
            peer = Server(
                {"PEER_DATABASE": str(work / "peer.db"), "PEER_PAGE_BYTES": str(size)},
                work / "peer.log",
                workers=workers(),
                app_module="bench.conventional_app:app",
            )
            with static, peer:
                peers = [Browser(peer.url) for _ in browsers]
                for i, b in enumerate(peers, start=1):
                    assert b.get(f"/signin/{i}").status == 204
                peer_page = peers[0].get(paths[0])
                assert peer_page.status == 200 and MARKER in peer_page.body, peer_page.status
                peer_bytes = len(peer_page.body.encode())

                def learnlab_arm() -> dict[str, float]:
                    lua = script(work / "learnlab.lua", refreshed(browsers, paths, COOKIE), paths, COOKIE)
                    return wrk(
                        learnlab.url + paths[0], connections=CONNECTIONS, seconds=args.seconds, script=lua
                    )

                def peer_arm() -> dict[str, float]:
                    lua = script(work / "peer.lua", refreshed(peers, paths, "session"), paths, "session")
                    return wrk(peer.url + paths[0], connections=CONNECTIONS, seconds=args.seconds, script=lua)

                def static_arm() -> dict[str, float]:
                    return wrk(static.url + "/page", connections=CONNECTIONS, seconds=args.seconds)

                arms = {"static": static_arm, "peer": peer_arm, "learnlab": learnlab_arm}
                for warm in (static_arm, peer_arm, learnlab_arm):
                    warm()
                runs: dict[str, list[dict[str, float]]] = {name: [] for name in arms}
                for _ in range(args.rounds):
                    for name, arm in arms.items():
                        runs[name].append(arm())
        dispose(app)

    vs_peer = [ll["rps"] / p["rps"] for ll, p in zip(runs["learnlab"], runs["peer"], strict=True)]
    vs_static = [ll["rps"] / st["rps"] for ll, st in zip(runs["learnlab"], runs["static"], strict=True)]
    p99 = statistics.median(r["p99_ms"] for r in runs["learnlab"])
    not_the_page = int(sum(r["non_2xx"] + r["socket_errors"] for rs in runs.values() for r in rs))
    met = {
        "peer": statistics.median(vs_peer) >= TARGET_PEER,
        "static": statistics.median(vs_static) >= TARGET_STATIC,
        "p99": p99 < TARGET_P99_MS,
        "every response the page": not_the_page == 0,
    }
    missed = [name for name, ok in met.items() if not ok]
    result(
        "module_page",
        database=args.database,
        vs_peer=statistics.median(vs_peer),
        vs_peer_min=min(vs_peer),
        vs_peer_max=max(vs_peer),
        vs_static=statistics.median(vs_static),
        vs_static_min=min(vs_static),
        vs_static_max=max(vs_static),
        learnlab_rps=statistics.median(r["rps"] for r in runs["learnlab"]),
        peer_rps=statistics.median(r["rps"] for r in runs["peer"]),
        static_rps=statistics.median(r["rps"] for r in runs["static"]),
        p99_ms=p99,
        not_the_page=not_the_page,
        page_bytes=size,
        target="met" if not missed else "MISSED:" + ",".join(missed).replace(" ", "_"),
    )
    rows = "\n".join(
        f"| {i + 1} | {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {int(r['non_2xx'] + r['socket_errors'])} |"
        for i in range(args.rounds)
        for name in runs
        for r in [runs[name][i]]
    )
    write_section(
        f"module_page_{args.database}" if args.database != "sqlite" else "module_page",
        f"""
## 1. Section page ({args.database}): LearnLab, a conventional peer, a static page

64 signed-in trainees reading `{MODULE}` section by section (each view also records the reading
position), {CONNECTIONS} connections, wrk, {args.seconds} s per run, {args.rounds} rounds, the three
servers interleaved (static, peer, LearnLab in each round) under the same gunicorn settings
({workers()} sync workers). Page: {size:,} bytes (median; the peer's {peer_bytes:,}).

- **peer** (bench/conventional_app.py): the page as a competent team writes it with Flask-Login
  (the user loaded through the ORM), Flask-SQLAlchemy, CSRFProtect, Flask-Babel and a Jinja layout;
  three reads and one upsert of the reading position per view.
- **static**: a bare Flask app sending a saved LearnLab page (bench/baseline_app.py).

**LearnLab / peer: {spread(vs_peer)}** (median of the rounds, min-max; target >= {TARGET_PEER}) ·
**LearnLab / static: {spread(vs_static)}** (target >= {TARGET_STATIC}) ·
**p99 {p99:.1f} ms** (median of the runs; target < {TARGET_P99_MS:.0f} ms) ·
responses that were not the page (status 200 with the section title): {not_the_page} ·
{"targets met" if not missed else "MISSED: " + ", ".join(missed)}

Sessions: before each run every trainee fetches a page and keeps the cookie it is sent, as a
browser does; a response counts only if it is the page, so a redirect to sign-in after the idle
timeout would show here, not pass for speed.

| run | server | req/s | p50 ms | p90 ms | p99 ms | not the page |
|---|---|---|---|---|---|---|
{rows}
""",
    )


if __name__ == "__main__":
    main()
