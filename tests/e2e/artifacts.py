"""Where the browser suite leaves what a person may want to look at, and the note that says so.

``summarise`` runs in the process that prints the test report (the xdist controller too, which
never loads tests/e2e/conftest.py), so tests/conftest.py calls it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from learnlab.config import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "e2e-artifacts"  # git-ignored
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORT = ARTIFACTS / "axe-report.json"
AXE_CONTENT_REPORT = ARTIFACTS / "axe-content-report.json"
STARTED = time.time()


def _fresh(path: Path) -> bool:
    return path.is_file() and path.stat().st_mtime >= STARTED


def _axe_line(report: Path, what: str) -> str:
    data = json.loads(report.read_text())
    results = data["results"]
    counts = ", ".join(
        f"{sum(1 for r in results for v in r['violations'] if v['impact'] == impact)} {impact}"
        for impact in ("critical", "serious", "moderate", "minor")
    )
    return f"axe-core {data['axe_version']} on {what} ({len(results)} runs): {counts}; per page: {report.with_suffix('.txt')}"


def summarise(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    shots = [p for p in SCREENSHOTS.glob("*.png") if _fresh(p)] if SCREENSHOTS.is_dir() else []
    lines = []
    if shots:
        lines.append(f"screenshots of every page type, desktop and phone ({len(shots)}): {SCREENSHOTS}")
    if _fresh(AXE_REPORT):
        lines.append(_axe_line(AXE_REPORT, "every page type, desktop and phone"))
    if _fresh(AXE_CONTENT_REPORT):
        lines.append(_axe_line(AXE_CONTENT_REPORT, "every module, section and printable page, phone"))
    if lines:
        terminalreporter.write_sep("-", "browser suite")
        for line in lines:
            terminalreporter.write_line(line)
