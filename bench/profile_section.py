"""CPU per section view in one process, and where it goes (cProfile): the tool behind issue 18's changes.

Throughput on a shared machine moves with the neighbours; the CPU time one process spends per
request moves much less, so each hot-path change was measured with this before and after.

    python bench/profile_section.py [--views 400] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from bench_module_page import section_paths
from common import site, trainees

from tests.server import COOKIE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=400)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="learnlab-profile-") as tmp:
        settings, app = site(f"sqlite:///{tmp}/profile.db", Path(tmp))
        app.config["ENV"] = "production"
        cookie = next(iter(trainees(app, 1).values()))
        paths = section_paths(app)
        client = app.test_client()
        client.set_cookie(COOKIE, cookie)
        for path in paths:  # warm: templates compiled, catalogue loaded
            assert client.get(path).status_code == 200
        started = time.process_time()
        for i in range(args.views):
            client.get(paths[i % len(paths)])
        cpu_ms = (time.process_time() - started) * 1000 / args.views
        print(f"CPU per section view: {cpu_ms:.2f} ms over {args.views} views")
        profile = cProfile.Profile()
        profile.enable()
        for i in range(args.views):
            client.get(paths[i % len(paths)])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
