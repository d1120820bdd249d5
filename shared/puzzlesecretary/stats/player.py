"""The player's and the head-to-head pages: a player's trends, bests and calendar, and two players' record."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..games import GAMES, Game, game_order
from .leaderboard import streaks
from .rows import Play


@dataclass(frozen=True)
class Duel:
    """One game's head-to-head record on the puzzles both players posted."""

    game: str
    wins: int
    losses: int
    ties: int
    timeline: tuple[tuple[dt.date, int], ...]  # (day, wins minus losses so far)
    months: tuple[tuple[str, int, int, int], ...]  # (YYYY-MM, wins, losses, ties)

    @property
    def played(self) -> int:
        return self.wins + self.losses + self.ties


def head_to_head(rows_a: Sequence[Play], rows_b: Sequence[Play]) -> list[Duel]:
    """Per game, A's wins, losses and ties against B on the puzzles both posted, and how it moved."""
    theirs = {(p.game, p.puzzle_key): p for p in rows_b}
    by_game: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for mine in rows_a:
        other = theirs.get((mine.game, mine.puzzle_key))
        game = GAMES.get(mine.game)
        if other is None or game is None or mine.date is None:
            continue
        a, b = game.sort_key(mine), game.sort_key(other)
        by_game[mine.game].append((mine.date, (a < b) - (a > b)))
    duels = []
    for slug in sorted(by_game, key=game_order):
        outcomes = sorted(by_game[slug])
        net = 0
        timeline = []
        months: dict[str, list[int]] = {}
        for day, outcome in outcomes:
            net += outcome
            timeline.append((day, net))
            m = months.setdefault(day.strftime("%Y-%m"), [0, 0, 0])
            m[0 if outcome > 0 else 1 if outcome < 0 else 2] += 1
        duels.append(
            Duel(
                slug,
                sum(1 for _, o in outcomes if o > 0),
                sum(1 for _, o in outcomes if o < 0),
                sum(1 for _, o in outcomes if o == 0),
                tuple(timeline),
                tuple((k, *v) for k, v in sorted(months.items())),
            )
        )
    return duels


def rolling_means(
    game: Game, rows: Sequence[Play], window: int, start: dt.date, end: dt.date
) -> list[tuple[dt.date, float | None]]:
    """For each day from start to end, the mean of the plays dated in the `window` days ending that day."""
    values: dict[dt.date, list[float]] = defaultdict(list)
    for p in rows:
        value = game.play_value(p.solved, p.score)
        if p.date is not None and value is not None:
            values[p.date].append(value)
    out = []
    total, count = 0.0, 0
    day = start - dt.timedelta(days=window - 1)
    # Prime the window with the days before `start`, then slide one day at a time.
    while day < start:
        total += sum(values.get(day, ()))
        count += len(values.get(day, ()))
        day += dt.timedelta(days=1)
    day = start
    while day <= end:
        total += sum(values.get(day, ()))
        count += len(values.get(day, ()))
        leaving = day - dt.timedelta(days=window)
        if leaving >= start - dt.timedelta(days=window - 1):
            total -= sum(values.get(leaving, ()))
            count -= len(values.get(leaving, ()))
        out.append((day, total / count if count else None))
        day += dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class Bests:
    game: str
    played: int
    solved: int
    mean: float | None
    best: float | None
    best_count: int
    best_streak: int
    current_streak: int

    @property
    def solve_rate(self) -> float:
        return self.solved / self.played if self.played else 0.0


def personal_bests(game: Game, rows: Sequence[Play], today: dt.date) -> Bests:
    """A player's record in one game: played, solve rate, mean, best score (and how often), streaks."""
    solved_scores = [p.score for p in rows if p.solved and p.score is not None]
    best = (min if game.lower_is_better else max)(solved_scores) if solved_scores else None
    values = [v for v in (game.play_value(p.solved, p.score) for p in rows) if v is not None]
    step = game.step_days
    best_streak, current = streaks((p.date for p in rows if p.solved and not p.archive and p.date), today, step)
    return Bests(
        game.slug,
        len(rows),
        sum(1 for p in rows if p.solved),
        sum(values) / len(values) if values else None,
        best,
        sum(1 for v in solved_scores if v == best),
        best_streak,
        current,
    )


def calendar_days(rows: Sequence[Play], start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int]]:
    """For each day from start to end: how many games the player posted and how many they solved."""
    played: Counter = Counter()
    solved: Counter = Counter()
    for p in rows:
        if p.date is not None and start <= p.date <= end:
            played[p.date] += 1
            solved[p.date] += int(p.solved)
    days = []
    day = start
    while day <= end:
        days.append((day, played[day], solved[day]))
        day += dt.timedelta(days=1)
    return days
