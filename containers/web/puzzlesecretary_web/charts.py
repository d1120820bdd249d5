"""Charts drawn on the server as inline SVG: pure functions, numbers in, markup out.

Colours come from classes styled by static/style.css (CSP forbids inline styles, and the
stylesheet switches them for dark mode). Every chart carries a <title> and a <desc>; the pages
put a table with the same numbers next to it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class of static/style.css: s1, s2, ...
    points: Sequence[tuple[int, float | None]]  # (x index, y); None leaves a gap


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.1f}"


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high == low:
        return [low]
    raw = (high - low) / count
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200, 3600):
        if step >= raw:
            break
    first = (low // step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        if value >= low - 1e-9:
            ticks.append(round(value, 6))
        value += step
    return ticks


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    zero_line: bool = False,
    y_format: Callable[[float], str] | None = None,
    width: int = 360,
    height: int = 180,
) -> str:
    """A line chart; `x_labels` names each x index (the first, middle and last are printed)."""
    left, right, top, bottom = 30, 6, 8, 22
    count = max(len(x_labels), 2)
    low, high = _y_range(series, zero_line)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + plot_w * i / (count - 1)

    def y(v: float) -> float:
        return top + plot_h * (high - v) / (high - low)

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for tick in _ticks(low, high):
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(
            f'<text class="axis" x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape((y_format or _fmt)(tick))}</text>'
        )
    if zero_line:
        parts.append(f'<line class="zero" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    for i in sorted({0, (len(x_labels) - 1) // 2, len(x_labels) - 1}):
        if 0 <= i < len(x_labels):
            anchor = "start" if i == 0 else "end" if i == len(x_labels) - 1 else "middle"
            parts.append(
                f'<text class="axis" x="{x(i):.1f}" y="{height - 6}" text-anchor="{anchor}">{escape(x_labels[i])}</text>'
            )
    # Each point's x printed once for every series (a player's block draws two of 90 points); y as y() computes it.
    xs = [f"{x(i):.1f}" for i in range(count)]
    for s in series:
        parts.extend(_lines(s, xs, x, top, plot_h, high, high - low))
    parts.append("</svg>")
    return "".join(parts)


def _y_range(series: Sequence[Series], zero_line: bool) -> tuple[float, float]:
    """The y axis's span: every value (and 0, for a zero line), with a margin of 8% each side."""
    ys = [y for s in series for _, y in s.points if y is not None]
    low, high = (min(ys), max(ys)) if ys else (0.0, 1.0)
    if zero_line:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return low - pad, high + pad


def _lines(s: Series, xs: list[str], x: Callable[[int], float], top: float, plot_h: float, high: float, span: float) -> list[str]:
    """One series as polylines broken where a value is missing (a lone point is a dot); `xs` the printed x of each
    index (`x` for one beyond them), a value's y is top + plot_h * (high - v) / span, as line_chart's y()."""
    runs: list[list[str]] = [[]]
    run = runs[0]
    last = len(xs)
    for i, v in s.points:
        if v is None:
            if run:
                run = []
                runs.append(run)
            continue
        run.append(f"{xs[i] if 0 <= i < last else f'{x(i):.1f}'},{top + plot_h * (high - v) / span:.1f}")
    out = []
    for run in runs:
        if len(run) == 1:
            cx, cy = run[0].split(",")
            out.append(f'<circle class="line {escape(s.css)}" cx="{cx}" cy="{cy}" r="2.5"/>')
        elif run:
            out.append(f'<polyline class="line {escape(s.css)}" points="{" ".join(run)}"/>')
    return out


def bar_chart(
    chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, int, str]], *, width: int = 360, height: int = 150
) -> str:
    """Vertical bars: (label, count, css class) each, the count printed above its bar."""
    left, right, top, bottom = 4, 4, 16, 20
    n = max(len(bars), 1)
    most = max((count for _, count, _ in bars), default=0) or 1
    slot = (width - left - right) / n
    bar_w = max(slot * 0.7, 2)
    plot_h = height - top - bottom
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, (label, count, css) in enumerate(bars):
        h = plot_h * count / most
        bx = left + i * slot + (slot - bar_w) / 2
        by = top + plot_h - h
        parts.append(f'<rect class="bar {escape(css)}" x="{bx:.1f}" y="{by:.1f}" width="{bar_w:.1f}" height="{h:.1f}"/>')
        parts.append(f'<text class="value" x="{bx + bar_w / 2:.1f}" y="{by - 4:.1f}" text-anchor="middle">{count}</text>')
        parts.append(f'<text class="axis" x="{bx + bar_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def _day_name(day: dt.date) -> str:
    """A calendar square's day ("Thu 3 Dec"), made once per day (a calendar of 16 weeks makes 112)."""
    return f"{day:%a %-d %b}"


_SQUARES: dict[tuple, str] = {}  # a calendar's squares, each made once (a player's page after a share changes one)
SQUARES_KEPT = 1024  # about 500 bytes each with its key; a calendar has 112, and squares repeat across players


def _square(day: dt.date, played: int, solved: int, games: int, cx: int, cy: int, cell: int) -> str:
    """One day's square of a calendar, darker for more solved."""
    key = (day, played, solved, games, cx, cy, cell)
    found = _SQUARES.get(key)
    if found is not None:
        return found
    if played == 0:
        level = "l0"
    elif solved == 0:
        level = "lx"
    else:
        level = f"l{min(4, 1 + (3 * solved) // max(games, 1))}"
    label = f"{_day_name(day)}: {solved} solved of {played} played" if played else f"{_day_name(day)}: not played"
    found = (f'<rect class="day {level}" x="{cx}" y="{cy}" width="{cell}" height="{cell}" rx="2">'
             f"<title>{escape(label)}</title></rect>")  # fmt: skip
    if len(_SQUARES) >= SQUARES_KEPT:
        _SQUARES.clear()
    _SQUARES[key] = found
    return found


def calendar(chart_id: str, title: str, desc: str, days: Sequence[tuple[dt.date, int, int]], *, games: int = 1) -> str:
    """A streak calendar: one column per week (Monday on top), one square per day, darker for more solved."""
    if not days:
        return ""
    cell, gap, left, top = 12, 3, 16, 16
    first = days[0][0] - dt.timedelta(days=days[0][0].weekday())
    weeks = (days[-1][0] - first).days // 7 + 1
    width = left + weeks * (cell + gap)
    height = top + 7 * (cell + gap)
    parts = [
        f'<svg class="chart calendar" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for row, letter in ((0, "M"), (2, "W"), (4, "F"), (6, "S")):
        parts.append(f'<text class="axis" x="0" y="{top + row * (cell + gap) + cell - 2}">{letter}</text>')
    last_month = None
    for day, played, solved in days:
        week = (day - first).days // 7
        cx = left + week * (cell + gap)
        cy = top + day.weekday() * (cell + gap)
        if day.month != last_month and day.day <= 7:
            parts.append(f'<text class="axis" x="{cx}" y="10">{day:%b}</text>')
            last_month = day.month
        parts.append(_square(day, played, solved, games, cx, cy, cell))
    parts.append("</svg>")
    return "".join(parts)
