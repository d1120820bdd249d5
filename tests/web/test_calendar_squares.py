"""A streak calendar made from squares kept from earlier calendars is the calendar made from none, and the kept
squares stay bounded."""

from __future__ import annotations

import datetime as dt
import random

from puzzlesecretary_web import charts


def days(seed: int) -> list[tuple[dt.date, int, int]]:
    rnd = random.Random(seed)
    start = dt.date(2026, 8, 17)
    out = []
    for i in range(112):
        played = rnd.choice([0, 0, 1, 2, 3, 5])
        out.append((start + dt.timedelta(days=i), played, rnd.randint(0, played)))
    return out


def test_a_calendar_from_kept_squares_is_the_calendar_made_afresh(monkeypatch):
    made = [charts.calendar("calendar", "A <b>'s & calendar", "Played", days(seed), games=4) for seed in range(5)]
    charts._SQUARES.clear()
    assert [charts.calendar("calendar", "A <b>'s & calendar", "Played", days(seed), games=4) for seed in range(5)] == made
    monkeypatch.setattr(charts, "SQUARES_KEPT", 50)
    charts._SQUARES.clear()
    assert charts.calendar("calendar", "A <b>'s & calendar", "Played", days(3), games=4) == made[3]
    assert len(charts._SQUARES) <= 50
    assert made[0].count("<rect ") == 112
