"""A player's record in one game and its rolling means, from the plain rows `queries.player_game_rows` reads.

Each row is the database's tuple as it came (game code, day number, solved, score, archive, ...): no `Play` and no
date is made per play, only for the few the page lists. Day numbers are store/days.py's (days since 1970-01-01),
so runs and windows are whole-number arithmetic. The answers are those of `personal_bests` and `rolling_means` on
the same plays, float for float: the same values are added in the same order (tests/web/test_records.py).
"""

from __future__ import annotations

from typing import Sequence

from ..games import Game
from .player import Bests

DAY, SOLVED, SCORE, ARCHIVE = 1, 2, 3, 4  # the columns of a row this module reads


def run_lengths(days: Sequence[int], today: int, step: int = 1) -> tuple[int, int]:
    """`leaderboard.streaks` of day numbers: the best and the current run (ending today or the step before)."""
    best = run = 0
    previous: int | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == step else 1
        if run > best:
            best = run
        previous = day
    current = run if previous is not None and today - previous <= step else 0
    return best, current


def record_of(game: Game, rows: Sequence[tuple], today: int) -> Bests:
    """`personal_bests` of one game's rows, `today` a day number."""
    solved_scores = [r[SCORE] for r in rows if r[SOLVED] and r[SCORE] is not None]
    best = (min if game.lower_is_better else max)(solved_scores) if solved_scores else None
    value = game.play_value
    values = [v for v in (value(r[SOLVED], r[SCORE]) for r in rows) if v is not None]
    # A day number of 0 is 1970-01-01, a date that counts (not the None a row without a date has).
    days = [r[DAY] for r in rows if r[SOLVED] and not r[ARCHIVE] and r[DAY] is not None]
    best_streak, current = run_lengths(days, today, game.step_days)
    return Bests(
        game.slug,
        len(rows),
        sum(1 for r in rows if r[SOLVED]),
        sum(values) / len(values) if values else None,
        best,
        sum(1 for v in solved_scores if v == best),
        best_streak,
        current,
    )


def day_means(game: Game, rows: Sequence[tuple], windows: Sequence[int], begin: int, end: int) -> list[list[float | None]]:
    """For each window, `rolling_means` over the days begin..end (day numbers): the mean of the plays dated in the
    `window` days ending each day. One pass over the rows for every window."""
    if end < begin:
        return [[] for _ in windows]
    first = begin - (max(windows) - 1)
    values: list[list[float]] = [[] for _ in range(end - first + 1)]
    value = game.play_value
    for r in rows:
        day = r[DAY]
        if day is not None and first <= day <= end:
            v = value(r[SOLVED], r[SCORE])
            if v is not None:
                values[day - first].append(v)
    sums = [sum(v) for v in values]
    counts = [len(v) for v in values]
    out = []
    for window in windows:
        # rolling_means' own walk, from its own first day: the same additions in the same order.
        offset = begin - (window - 1) - first
        means: list[float | None] = []
        total, count = 0.0, 0
        for i in range(offset, begin - first):
            total += sums[i]
            count += counts[i]
        for i in range(begin - first, end - first + 1):
            total += sums[i]
            count += counts[i]
            if i - window >= offset:
                total -= sums[i - window]
                count -= counts[i - window]
            means.append(total / count if count else None)
        out.append(means)
    return out
