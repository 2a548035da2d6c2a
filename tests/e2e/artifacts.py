"""Where the browser suite leaves what a person may want to look at, and the note that says so.

``summarise`` runs in the process that prints the test report (the xdist controller too, which
never loads tests/e2e/conftest.py), so tests/conftest.py calls it.
"""

from __future__ import annotations

import json
import time

from learnlab.config import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "e2e-artifacts"  # git-ignored
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORT = ARTIFACTS / "axe-report.json"
STARTED = time.time()


def summarise(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    fresh = (
        [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= STARTED] if SCREENSHOTS.is_dir() else []
    )
    if not fresh:
        return
    terminalreporter.write_sep("-", "browser suite")
    terminalreporter.write_line(
        f"screenshots of every page type, desktop and phone ({len(fresh)}): {SCREENSHOTS}"
    )
    if AXE_REPORT.is_file() and AXE_REPORT.stat().st_mtime >= STARTED:
        data = json.loads(AXE_REPORT.read_text())
        results = data["results"]
        counts = {i: sum(1 for r in results for v in r["violations"] if v["impact"] == i)
                  for i in ("critical", "serious", "moderate", "minor")}  # fmt: skip
        types = len({r["page_type"] for r in results})
        terminalreporter.write_line(
            f"axe-core {data['axe_version']} on {types} page types x 2 widths: "
            + ", ".join(f"{n} {impact}" for impact, n in counts.items())
            + f"; per page: {AXE_REPORT.with_suffix('.txt')}"
        )
