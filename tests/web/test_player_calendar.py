"""A player's streak calendar in pieces (player_calendar.py) joins to what charts.calendar draws, byte for byte,
from pieces kept or made afresh; four weeks are a piece of their own, and what is kept stays bounded."""

from __future__ import annotations

import datetime as dt
import random

from puzzlesecretary_web import charts, player_calendar
from puzzlesecretary_web.deflate import Kept

TITLE = "⁨A <b>'s & \"calendar\"⁩'s streak calendar, last 16 weeks"


def counts(seed: int, n: int) -> list[tuple[int, int]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        played = rnd.choice([0, 0, 1, 2, 3, 5])
        out.append((played, rnd.randint(0, played)))
    return out


def drawn(start: dt.date, made: list[tuple[int, int]], games: int) -> str:
    days = [(start + dt.timedelta(days=i), p, s) for i, (p, s) in enumerate(made)]
    return charts.calendar("calendar", TITLE, "Played on <3> & more", days, games=games)


def test_the_calendar_in_pieces_is_what_charts_draws_for_every_weekday_and_month_start(monkeypatch):
    monday = dt.date(2026, 7, 27)
    for shift in range(0, 63, 7):  # starts on a Monday in different months, so months are labelled in every week
        start = monday + dt.timedelta(days=shift)
        for length in (1, 6, 7, 8, 28, 29, 57, 110, 112):  # a partial last week or piece, and whole ones
            for seed in range(3):
                made = counts(seed + length, length)
                pieces = player_calendar.calendar("calendar", TITLE, "Played on <3> & more", start.toordinal(), made, 4)
                assert "".join(pieces) == drawn(start, made, 4), (start, length, seed)
                assert len(pieces) == 2 + (length + 27) // 28 and all(isinstance(p, Kept) for p in pieces[1:-1])


def test_a_calendar_from_kept_weeks_is_the_calendar_made_afresh_and_the_kept_stay_bounded(monkeypatch):
    start = dt.date(2026, 8, 17)
    made = [counts(seed, 112) for seed in range(5)]
    first = ["".join(player_calendar.calendar("c", "t", "d", start.toordinal(), m, 3)) for m in made]
    again = ["".join(player_calendar.calendar("c", "t", "d", start.toordinal(), m, 3)) for m in made]
    assert first == again
    limit = player_calendar._WEEKS.limit
    try:
        player_calendar._WEEKS.bound(20_000)  # room for a few pieces of the twenty made below
        player_calendar._WEEKS.clear()
        for m in made:
            player_calendar.calendar("c", "t", "d", start.toordinal(), m, 3)
        assert 0 < len(player_calendar._WEEKS) < 20 and player_calendar._WEEKS.bytes <= 20_000
    finally:
        player_calendar._WEEKS.bound(limit)
    assert "".join(player_calendar.calendar("c", "t", "d", start.toordinal(), made[2], 3)) == first[2]
    # One day changed: every other four weeks are the very piece kept before.
    changed = list(made[2])
    changed[100] = (changed[100][0] + 1, changed[100][1])
    before = player_calendar.calendar("c", "t", "d", start.toordinal(), made[2], 3)
    after = player_calendar.calendar("c", "t", "d", start.toordinal(), changed, 3)
    assert [a is b for a, b in zip(before[1:-1], after[1:-1], strict=True)].count(False) == 1


def test_no_days_draw_no_calendar():
    assert player_calendar.calendar("c", "t", "d", dt.date(2026, 8, 17).toordinal(), [], 1) == []
    assert charts.calendar("c", "t", "d", []) == ""
