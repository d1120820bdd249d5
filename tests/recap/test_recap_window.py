"""A recap reads a bounded window of the group's history (recap.read.day_facts, day_marks, period_history),
and says exactly what it said when it read the whole history: on the sample chat of five months,
with one player whose streak outlasts the window and one whose long streak breaks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

import pytest

from puzzlesecretary.games import GAMES
from puzzlesecretary.importer import import_events
from puzzlesecretary.recap import facts, marks
from puzzlesecretary.recap.read import day_facts, day_marks, full_history, period_history, period_of, recap, still_open
from puzzlesecretary.recap.text import daily_text, period_text
from puzzlesecretary.sample import sample_lines, wordle_share
from puzzlesecretary.stats import leaderboard, queries
from puzzlesecretary.store import Group

END = dt.date(2026, 11, 30)
DAYS = 150
NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc)


def _wordle_every_day(sender: str, name: str, first: dt.date, last: dt.date) -> list[dict]:
    rng, calendar, lines = random.Random(sender), GAMES["wordle"].calendar, []
    day = first
    while day <= last:
        at = dt.datetime.combine(day, dt.time(7, 30), dt.timezone.utc)
        lines.append({
            "kind": "message", "platform": "sample", "group": "sample-group", "group_name": "The Puzzle Pals",
            "message_id": f"{sender}-{day}", "sender": sender, "sender_name": name, "sent_at": at.isoformat(),
            "text": wordle_share(rng, calendar.puzzle_on(day), day),
        })  # fmt: skip
        day += dt.timedelta(days=1)
    return lines


def _same(day: facts.Day | None) -> facts.Day | None:
    """The facts, the champion's points to 9 places: PostgreSQL hands rows over in no set order, and a sum
    of thirds taken in another order may differ in its last bit (the text prints two places)."""
    return None if day is None else dataclasses.replace(day, points=round(day.points, 9))


def _rounded(made: facts.Period) -> facts.Period:
    """A period's facts, the most improved's shares to 9 places (the same reason as `_same`)."""
    up = made.improved
    up = up and dataclasses.replace(up, before=round(up.before, 9), after=round(up.after, 9))
    return dataclasses.replace(made, improved=up)


@pytest.fixture
def sample(db):
    lines = list(sample_lines(END, days=DAYS))
    lines += _wordle_every_day("sample:steady", "Steady", END - dt.timedelta(days=DAYS - 1), END)
    lines += _wordle_every_day("sample:quitter", "Quitter", END - dt.timedelta(days=140), END - dt.timedelta(days=10))
    import_events((json.dumps(line) for line in lines), "Europe/London")
    group = Group.get()
    return group, queries.member_names(db, group.id)


def _day_read(db, group, day, names):
    """What the daily recap of `day` reads: its facts, and the days played as far back as it read them."""
    rows = [p for p in queries.plays(db, group.id, start=day, end=day) if p.player_id in names]
    over = {p.game for p in rows}
    still = still_open(over, group.timezone, day, NOW)
    read = day_marks(db, group.id, queries.games_played(db, group.id), day, over - still, names, still)
    return day_facts(db, group, day, NOW, names), read, still


def test_the_daily_recap_says_from_its_window_what_it_said_from_the_whole_history(db, sample):
    group, names = sample
    days = [END - dt.timedelta(days=n) for n in (*range(0, DAYS - 1, 9), 9, 10, 11, DAYS - 1)]
    told = set()
    for day in days:
        every = full_history(db, group.id, day, names)
        made, read, still = _day_read(db, group, day, names)
        whole = facts.daily(every, day, names, still)
        assert _same(made) == _same(whole), day
        if whole is not None:
            assert daily_text(made, "G", "u") == daily_text(whole, "G", "u")
        streaks = [(s.player, s.length) for s in (*whole.kept, *whole.broken)] if whole else []
        longest = max((length for _, length in streaks), default=0)
        # The two weeks; further back only a told streak's player and game, at most twice its length.
        assert marks.widest(read.values()) <= max(facts.ACTIVE_DAYS + 1, 2 * (longest + 1)), day
        old = [pair for pair, bits in read.items() if bits >> (facts.ACTIVE_DAYS + 1)]
        assert len(old) <= len(streaks), day
        told |= set(streaks)
    assert ("Steady", DAYS) in told  # kept on the last day: the whole history, read by doubling the window
    assert ("Quitter", 131) in told  # broken on the day after its last play


def test_a_long_streak_reads_back_only_as_far_as_it_runs(db, sample):
    group, names = sample
    _, read, _ = _day_read(db, group, END, names)
    assert marks.widest(read.values()) >= DAYS  # Steady's first day
    text = recap(db, group, "day", END, NOW, "http://board")
    whole = facts.daily(full_history(db, group.id, END, names), END, names, ())
    assert text == daily_text(whole, "The Puzzle Pals", "http://board")
    assert f"Steady {DAYS} days of Wordle" in text


def test_every_daily_recap_of_five_months_reads_as_the_whole_history_says(db, sample):
    group, names = sample
    for n in range(DAYS + 2):
        day = END - dt.timedelta(days=n)
        made, _, still = _day_read(db, group, day, names)
        whole = facts.daily(full_history(db, group.id, day, names), day, names, still)
        assert (made is None) == (whole is None), day
        if whole is not None:
            assert daily_text(made, "The Puzzle Pals", "u") == daily_text(whole, "The Puzzle Pals", "u"), day


@pytest.mark.parametrize("kind", ["week", "month"])
def test_a_period_recap_says_from_its_window_what_it_said_from_the_whole_history(db, sample, kind):
    group, names = sample
    for day in (END, END - dt.timedelta(days=40), END - dt.timedelta(days=100)):
        start, end = period_of(kind, day)
        standings = {slug: leaderboard(db, group, slug, start, end) for slug in queries.games_played(db, group.id)}
        whole = facts.period(full_history(db, group.id, end, names), start, end, names, standings, complete=True)
        window = facts.period(period_history(db, group.id, start, end, names), start, end, names, standings, complete=True)
        assert whole is not None and _rounded(window) == _rounded(whole)
        assert period_text(window, kind, "G", "u") == period_text(whole, kind, "G", "u")
