"""The days played as bits (recap.marks): a run read from them is the run stats.leaderboard.streaks counts
from the dates, for daily and weekly games, and a run cut by the bits read so far says it is not whole."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from puzzlesecretary.recap import marks
from puzzlesecretary.stats.leaderboard import streaks
from puzzlesecretary.stats.rows import Play

DAY = dt.date(2026, 11, 30)

offsets = st.sets(st.integers(0, 80), max_size=60)


def _current(dates: set[dt.date], last: dt.date, step: int) -> int:
    """The run that ends exactly on `last`, as the recap counted it from dates before the bits."""
    _, current = streaks([d for d in dates if d <= last], last, step)
    return current if last in dates else 0


def _bits(days_back: set[int]) -> int:
    return sum(1 << n for n in days_back)


@given(offsets, st.sampled_from([1, 7]), st.sampled_from([0, 1, 7]))
def test_a_run_read_from_the_bits_is_the_run_the_dates_give(days_back, step, start):
    dates = {DAY - dt.timedelta(days=n) for n in days_back}
    length, whole = marks.run_back(_bits(days_back), start, step)
    assert whole
    assert length == _current(dates, DAY - dt.timedelta(days=start), step)


@given(offsets, st.sampled_from([1, 7]), st.integers(1, 90))
def test_a_run_past_the_bits_read_is_not_whole_and_one_inside_them_is_exact(days_back, step, known):
    full, _ = marks.run_back(_bits(days_back), 0, step)
    seen = {n for n in days_back if n < known}
    length, whole = marks.run_back(_bits(seen), 0, step, known)
    if whole:
        assert length == full
    else:
        assert length <= full and (length - 1) * step + step >= known


def test_a_weekly_game_played_off_its_day_breaks_the_run_there():
    # Weekly puzzles 0, 7 and 14 days back, and a play 10 days back: the run is 0 and 7 only.
    assert marks.run_back(_bits({0, 7, 10, 14}), 0, 7) == (2, True)
    assert marks.run_back(_bits({0, 7, 14, 21}), 0, 7) == (4, True)
    assert marks.run_back(_bits({0, 7, 14}), 0, 7, known=15) == (3, False)


def test_marks_leave_out_archive_plays_and_days_after_the_recap():
    history = [
        Play(1, "wordle", 1, "1", DAY, True, 3.0),
        Play(1, "wordle", 2, "2", DAY - dt.timedelta(days=2), True, 3.0),
        Play(1, "wordle", 3, "3", DAY - dt.timedelta(days=1), True, 3.0, archive=True),
        Play(1, "wordle", 4, "4", DAY + dt.timedelta(days=1), True, 3.0),
        Play(2, "connections", 5, "5", DAY - dt.timedelta(days=14), True, 0.0),
        Play(3, "connections", 6, "6", None, True, 0.0),
    ]
    got = marks.marks_of(history, DAY)
    assert got == {(1, "wordle"): 0b101, (2, "connections"): 1 << 14}
    assert marks.active(got, 14) == {1, 2}
    assert marks.active(got, 13) == {1}


def test_only_the_runs_a_recap_tells_are_read_further_back():
    got = {(1, "wordle"): (1 << 15) - 1, (2, "wordle"): 0b110, (3, "connections"): ((1 << 15) - 1) ^ 1, (4, "wordle"): 0b1}
    known = dict.fromkeys(got, 15)
    # Ann's run fills every bit read; Cy's broken Connections run too, but only a game played that day breaks it.
    assert marks.unfinished(got, {"wordle"}, known) == [(1, "wordle")]
    assert sorted(marks.unfinished(got, {"wordle", "connections"}, known)) == [(1, "wordle"), (3, "connections")]
    kept, broken = marks.day_streaks(got, {"wordle"}, {1: "Ann", 2: "Bo", 3: "Cy", 4: "Di"})
    assert [(s.player, s.length) for s in kept] == [("Ann", 15)]
    assert [(s.player, s.length) for s in broken] == [("Bo", 2)]
