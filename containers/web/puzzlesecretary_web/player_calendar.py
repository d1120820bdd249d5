"""A player's streak calendar in pieces: its head, then one kept piece per four weeks, then its end.

`charts.calendar` draws the calendar as one SVG, a third of a player's page (13 KB of 40 at a
year of six games), and a share by the player changes one day of it: one square and the text
above. A page made again compressed the whole calendar again with the text around it. Here the
same SVG comes out as its head (the title and the text, which change with every share), a piece
per four weeks (deflate.Kept, kept under those days and their counts, so the page's gzip takes
unchanged weeks as they were kept) and the closing tag. Joined, they are `charts.calendar`'s bytes
(tests/web/test_player_calendar.py). The days are day ordinals, so nothing makes a date per day
but the first time a calendar of those days is laid out.
"""

from __future__ import annotations

import datetime as dt
from html import escape  # charts.calendar's (not the templates': it writes &#x27;)
from typing import Sequence

from . import charts
from .cache import Memo, PageCache
from .deflate import Kept

CELL, GAP, LEFT, TOP = 12, 3, 16, 16  # charts.calendar's
STEP = CELL + GAP
# Four weeks a piece: each piece is compressed alone (deflate.Kept), with nothing earlier to refer back to. A
# calendar of 16 weeks deflated in one stream takes 1,042 bytes, in pieces of one week 2,958, of four 1,453; a
# share then compresses a piece of 28 squares again (7 us) where the calendar took 22 us with the text around it.
WEEKS_A_PIECE = 4
PIECE_DAYS = 7 * WEEKS_A_PIECE

FRAMES_KEPT = 16  # a few todays
_FRAMES = Memo(FRAMES_KEPT)  # (first day, last day) -> each piece's days, laid out once
# Four weeks' piece, kept under its days and what they show: about 3.8 KiB each with its deflate and key, four a
# player page. Bounded by bytes, its share of WEB_CACHE_MB (kept.BUDGET): counted by 256 pieces it held 914 KiB
# beside the budget once many groups' pages were viewed (bench/full_stores.py).
_WEEKS = PageCache(1 << 18)


def _frame(start: int, end: int) -> tuple:
    """_laid_out(start, end), once for a few todays."""
    return _FRAMES.get((start, end), lambda: _laid_out(start, end))


def _laid_out(start: int, end: int) -> tuple:
    """Per piece (WEEKS_A_PIECE weeks) of the days start..end (ordinals, start a Monday's), each day as (date, x, y, its
    month's label or "") in charts.calendar's order: a month is labelled on its first day of the 1st to the 7th the
    calendar shows."""
    weeks: list[list[tuple]] = []
    last_month = None
    for ordinal in range(start, end + 1):
        day = dt.date.fromordinal(ordinal)
        week = (ordinal - start) // 7
        if (ordinal - start) % PIECE_DAYS == 0:
            weeks.append([])
        cx, cy = LEFT + week * STEP, TOP + day.weekday() * STEP
        label = ""
        if day.month != last_month and day.day <= 7:
            label = f'<text class="axis" x="{cx}" y="10">{day:%b}</text>'
            last_month = day.month
        weeks[-1].append((day, cx, cy, label))
    return tuple(tuple(w) for w in weeks)


def _weeks(start: int, end: int, index: int, days: tuple, counts: tuple, games: int) -> Kept:
    """The piece of these days, `counts` each one's played and solved in turn (flat: a third of a tuple of pairs)."""
    key = (start, end, index, games, counts)
    piece = _WEEKS.get(key)
    if piece is None:
        parts = []
        for (day, cx, cy, label), played, solved in zip(days, counts[::2], counts[1::2], strict=True):
            if label:
                parts.append(label)
            parts.append(charts._square(day, played, solved, games, cx, cy, CELL))
        piece = Kept("".join(parts))
        _WEEKS.put(key, piece)
    return piece


def calendar(chart_id: str, title: str, desc: str, start: int, counts: Sequence[tuple[int, int]], games: int) -> list[str]:
    """`charts.calendar`'s SVG of the days from `start` (a Monday's ordinal), one (played, solved) each, in pieces:
    the head, a Kept piece per WEEKS_A_PIECE weeks, the closing tag."""
    if not counts:
        return []
    end = start + len(counts) - 1
    frame = _frame(start, end)
    width, height = LEFT + ((end - start) // 7 + 1) * STEP, TOP + 7 * STEP
    cid = escape(chart_id)
    head = [
        f'<svg class="chart calendar" id="{cid}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{cid}-t {cid}-d">',
        f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>',
    ]
    for row, letter in ((0, "M"), (2, "W"), (4, "F"), (6, "S")):
        head.append(f'<text class="axis" x="0" y="{TOP + row * STEP + CELL - 2}">{letter}</text>')
    out = ["".join(head)]
    flat = [n for pair in counts for n in pair]
    for index, days in enumerate(frame):
        at = 2 * index * PIECE_DAYS
        out.append(_weeks(start, end, index, days, tuple(flat[at:at + 2 * len(days)]), games))
    out.append("</svg>")
    return out
