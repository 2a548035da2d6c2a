"""Running axe-core in a page and keeping its findings per page type.

axe is injected as a script, which the site's Content-Security-Policy (``script-src 'self'``)
rightly refuses; the accessibility run therefore uses a browser context with ``bypass_csp=True``,
and only that run does.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.browser import AXE_PATH

IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")

RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
  const brief = (list) => list.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => `${n.target.join(' ')}: ${(n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}`).slice(0, 5),
  }));
  return {violations: brief(result.violations), incomplete: brief(result.incomplete), passes: result.passes.length,
          version: axe.version};
}
"""


@dataclass
class AxeResult:
    page_type: str
    width: str
    path: str
    passes: int
    violations: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)

    def count(self, impact: str) -> int:
        return sum(1 for v in self.violations if v["impact"] == impact)

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING]


def run_axe(page: Page, page_type: str, width: str, path: str) -> AxeResult:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    data = page.evaluate(RUN_JS)
    return AxeResult(page_type, width, path, data["passes"], data["violations"], data["incomplete"])


def axe_version(page: Page) -> str:
    return str(page.evaluate("window.axe ? axe.version : ''"))


def write_report(results: list[AxeResult], folder: Path, version: str, name: str = "axe-report") -> Path:
    """<name>.json (everything) and <name>.txt (one line per page and width)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(
        json.dumps({"axe_version": version, "results": [asdict(r) for r in results]}, indent=2)
    )
    lines = [
        f"axe-core {version}: violations by impact (critical/serious/moderate/minor), rules passed, needs review"
    ]
    for r in results:
        counts = "/".join(str(r.count(i)) for i in IMPACTS)
        ids = ", ".join(f"{v['id']} ({v['impact']})" for v in r.violations) or "none"
        review = ", ".join(v["id"] for v in r.incomplete) or "-"
        lines.append(
            f"  {r.page_type:<40} {r.width:<7} {counts:<8} passed {r.passes:<3} review: {review:<20} violations: {ids}"
        )
    path = folder / f"{name}.txt"
    path.write_text("\n".join(lines) + "\n")
    return path
