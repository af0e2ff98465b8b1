"""Small server-side SVG charts for the manager's dashboard: horizontal bars and a trend line.

Hand-rolled (about a hundred lines) because the charting libraries that draw SVG in Python
(pygal, matplotlib) embed <style> or inline styles that the site's strict CSP refuses. Colours
come from CSS classes in the static stylesheet. A chart is drawn from *published* values only
(already suppressed text): a suppressed cell never gets a bar or a point, it is written as
its marker. Every chart carries its figures as a table for screen readers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from attendance.cells import number

WIDTH = 640
LABEL_WIDTH = 210
BAR_AREA = 340
ROW = 22
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[str]  # published text, one per label: "12", "<5", "*"


@dataclass(frozen=True)
class Chart:
    title: str
    labels: list[str]
    series: list[Series]
    svg: SafeString = field(default=SafeString(""))
    note: str = ""

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The figures as table rows: label, then each series' published value."""
        return [(label, [s.values[i] if i < len(s.values) else "" for s in self.series])
                for i, label in enumerate(self.labels)]

    @property
    def suppressed(self) -> bool:
        return any(number(v) is None for s in self.series for v in s.values)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _scale(series: list[Series]) -> float:
    found = [n for s in series for v in s.values if (n := number(v)) is not None]
    return max(found, default=0) or 1


def _open(title: str, height: int) -> tuple[str, str]:
    ident = f"chart-{next(_ids)}"
    return ident, (f'<svg role="img" aria-labelledby="{ident}" viewBox="0 0 {WIDTH} {height}" '
                   f'width="100%" class="chart-svg" preserveAspectRatio="xMinYMin meet">'
                   f'<title id="{ident}">{escape(title)}</title>')


def bar_chart(title: str, labels: list[str], series: list[Series], note: str = "") -> Chart:
    """Horizontal bars, one group per label, one bar per series (a legend when several)."""
    top = 8 + (ROW if len(series) > 1 else 0)
    group = ROW * len(series) + 10
    height = top + group * len(labels) + 8
    _, svg = _open(title, height)
    parts = [svg, _legend(series) if len(series) > 1 else ""]
    biggest = _scale(series)
    for i, label in enumerate(labels):
        y = top + i * group
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW * len(series) / 2 + 5:.0f}" '
                     f'text-anchor="end" class="chart-label">{escape(_short(label))}</text>')
        for k, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else ""
            parts.append(_bar(value, biggest, y + k * ROW, k))
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{top - 4}" x2="{LABEL_WIDTH}" '
                 f'y2="{height - 4}" class="chart-axis"/></svg>')
    return Chart(title, labels, series, mark_safe("".join(parts)), note)  # noqa: S308 (escaped)


def _bar(value: str, biggest: float, y: int, k: int) -> str:
    n = number(value)
    if n is None:  # suppressed (or not published): its marker, never a bar
        text = f"{value} (suppressed)" if value else "not published"
        return (f'<text x="{LABEL_WIDTH + 6}" y="{y + 15}" class="chart-suppressed">'
                f'{escape(text)}</text>')
    width = BAR_AREA * n / biggest
    return (f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{ROW - 6}" '
            f'class="chart-bar s{k % 4}"/><text x="{LABEL_WIDTH + width + 6:.1f}" '
            f'y="{y + 15}" class="chart-value">{escape(value)}</text>')


def _legend(series: list[Series]) -> str:
    items = []
    for k, s in enumerate(series):
        x = LABEL_WIDTH + k * 170
        items.append(f'<rect x="{x}" y="4" width="14" height="14" class="chart-bar s{k % 4}"/>'
                     f'<text x="{x + 20}" y="16" class="chart-label">'
                     f'{escape(_short(s.name, 22))}</text>')
    return "".join(items)


def line_chart(title: str, labels: list[str], series: list[Series], note: str = "") -> Chart:
    """A trend: one line per series across the labels (quarters). A suppressed or missing
    value breaks the line and is written as its marker at the foot of the chart."""
    height, left, right, top, foot = 300, 50, WIDTH - 40, 30, 240
    _, svg = _open(title, height)
    parts = [svg, _legend_line(series)]
    biggest = _scale(series)
    step = (right - left) / max(1, len(labels) - 1)
    xs = [left + i * step for i in range(len(labels))]
    parts.append(f'<line x1="{left}" y1="{foot}" x2="{right}" y2="{foot}" class="chart-axis"/>'
                 f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" class="chart-label">'
                 f'{biggest:g}</text><text x="{left - 6}" y="{foot + 5}" text-anchor="end" '
                 f'class="chart-label">0</text>')
    for x, label in zip(xs, labels, strict=True):
        parts.append(f'<text x="{x:.0f}" y="{foot + 20}" text-anchor="middle" '
                     f'class="chart-label">{escape(label)}</text>')
    for k, s in enumerate(series):
        parts.append(_line(s, k, xs, lambda n: foot - (foot - top) * n / biggest, foot))
    parts.append("</svg>")
    return Chart(title, labels, series, mark_safe("".join(parts)), note)  # noqa: S308 (escaped)


def _line(s: Series, k: int, xs: list[float], y_of: Callable[[float], float],
          foot: int) -> str:
    out: list[str] = []
    run: list[tuple[float, float]] = []
    for i, x in enumerate(xs):
        n = number(s.values[i]) if i < len(s.values) else None
        if n is None:
            if len(run) > 1:
                out.append(_polyline(run, k))
            run = []
            marker = s.values[i] if i < len(s.values) and s.values[i] else "–"
            marker = marker if len(marker) <= 4 else "–"  # "not computed": the table says so
            out.append(f'<text x="{x:.0f}" y="{foot + 38 + 14 * k}" text-anchor="middle" '
                       f'class="chart-suppressed s{k % 4}">{escape(marker)}</text>')
            continue
        y = y_of(n)
        run.append((x, y))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="chart-point s{k % 4}"/>')
    if len(run) > 1:
        out.append(_polyline(run, k))
    return "".join(out)


def _polyline(points: list[tuple[float, float]], k: int) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coords}" class="chart-line s{k % 4}"/>'


def _legend_line(series: list[Series]) -> str:
    items = []
    for k, s in enumerate(series):
        x = 60 + k * 200
        items.append(f'<line x1="{x}" y1="12" x2="{x + 24}" y2="12" class="chart-line s{k % 4}"/>'
                     f'<text x="{x + 30}" y="17" class="chart-label">'
                     f'{escape(_short(s.name, 24))}</text>')
    return "".join(items)
