"""Charts drawn on the server as SVG: they need no JavaScript, print, and each has a table behind it.

These classes only compute geometry; ``templates/_macros/charts.html`` draws them with a title
and a description for screen readers (the table under each chart carries the same numbers).
Colours come from the stylesheet (classes), since the Content-Security-Policy forbids inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH = 720
LABEL_WIDTH = 270
BAR_HEIGHT = 22
GAP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0..100
    text: str  # what is written at the end of the bar
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP) + 30

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - 60

    @property
    def ticks(self) -> list[tuple[int, float]]:
        return [(v, self.label_width + self.plot_width * v / 100) for v in (0, 25, 50, 75, 100)]


def bar_chart(id: str, title: str, description: str, items: list[tuple[str, float | None, str]]) -> BarChart:
    plot = WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(
            label,
            value,
            text,
            10 + i * (BAR_HEIGHT + GAP),
            round(plot * max(0.0, min(100.0, value or 0)) / 100, 1),
        )
        for i, (label, value, text) in enumerate(items)
    ]
    return BarChart(id, title, description, bars)


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    points: list[tuple[float, float]]  # in SVG coordinates
    x_labels: list[tuple[float, str, str]]  # x, text, text-anchor
    y_ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = 260
    left: int = 50
    bottom: int = 220

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


def line_chart(id: str, title: str, description: str, series: list[tuple[date, float]]) -> LineChart:
    """A line of percentages (0-100) over dates, evenly spaced in the order given."""
    left, right, top, bottom = 50, WIDTH - 20, 20, 220
    n = len(series)

    def x(i: int) -> float:
        return left + (right - left) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(100.0, v)) / 100

    points = [(x(i), y(v)) for i, (_d, v) in enumerate(series)]
    step = max(1, n // 6)
    shown = [i for i in range(n) if i % step == 0 or i == n - 1]
    if len(shown) > 1 and shown[-1] - shown[-2] < step:
        shown.pop(-2)  # keep the last date's label clear of the one before it
    labels = [
        (
            x(i),
            series[i][0].isoformat(),
            "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle",
        )
        for i in shown
    ]
    ticks = [(y(v), v) for v in (0, 25, 50, 75, 100)]
    return LineChart(id, title, description, points, labels, ticks)
