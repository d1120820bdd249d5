"""The player's and the head-to-head pages: a player's trends, bests and calendar, and two players' record."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

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
    pairs = []
    for mine in rows_a:
        other = theirs.get((mine.game, mine.puzzle_key))
        if other is not None:
            pairs.append((mine.game, mine.date, mine.solved, mine.score, other.solved, other.score))
    return duels(pairs)


class _Result(NamedTuple):
    solved: bool
    score: float | None


def duels(pairs: Iterable[tuple]) -> list[Duel]:
    """`head_to_head` from the puzzles both posted (queries.shared_puzzles): (game, A's date, A's solved
    and score, B's solved and score) each."""
    by_game: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    # Each result's sort key made once: a game's scores are a few values, and a pair of players shares hundreds.
    keys: dict[tuple, tuple] = {}
    for slug, day, solved_a, score_a, solved_b, score_b in pairs:
        game = GAMES.get(slug)
        if game is None or day is None:
            continue
        a = keys.get((slug, solved_a, score_a))
        if a is None:
            a = keys[(slug, solved_a, score_a)] = game.sort_key(_Result(solved_a, score_a))
        b = keys.get((slug, solved_b, score_b))
        if b is None:
            b = keys[(slug, solved_b, score_b)] = game.sort_key(_Result(solved_b, score_b))
        by_game[slug].append((day, (a < b) - (a > b)))
    out = []
    named: dict[tuple[int, int], str] = {}  # each month's name made once
    for slug in sorted(by_game, key=game_order):
        outcomes = sorted(by_game[slug])
        net = 0
        timeline = []
        months: dict[str, list[int]] = {}
        for day, outcome in outcomes:
            net += outcome
            timeline.append((day, net))
            name = named.get((day.year, day.month))
            if name is None:
                name = named[(day.year, day.month)] = day.strftime("%Y-%m")
            m = months.get(name)
            if m is None:
                m = months[name] = [0, 0, 0]
            m[0 if outcome > 0 else 1 if outcome < 0 else 2] += 1
        out.append(
            Duel(
                slug,
                sum(1 for _, o in outcomes if o > 0),
                sum(1 for _, o in outcomes if o < 0),
                sum(1 for _, o in outcomes if o == 0),
                tuple(timeline),
                tuple((k, *v) for k, v in sorted(months.items())),
            )
        )
    return out


def rolling_means(
    game: Game, rows: Sequence[Play], window: int, start: dt.date, end: dt.date
) -> list[tuple[dt.date, float | None]]:
    """For each day from start to end, the mean of the plays dated in the `window` days ending that day."""
    first = start - dt.timedelta(days=window - 1)
    span = (end - first).days + 1
    if span <= 0:
        return []
    values: list[list[float]] = [[] for _ in range(span)]  # by day, from `first`: only the days a window reads
    for p in rows:
        day = p.date
        if day is not None and first <= day <= end:
            value = game.play_value(p.solved, p.score)
            if value is not None:
                values[(day - first).days].append(value)
    sums = [sum(v) for v in values]
    counts = [len(v) for v in values]
    out = []
    total, count = 0.0, 0
    lead = window - 1  # the days before `start` that prime the window
    for i in range(min(lead, span)):
        total += sums[i]
        count += counts[i]
    day = start
    for i in range(lead, span):
        total += sums[i]
        count += counts[i]
        if i - window >= 0:  # the day leaving the window, once it is one that was added
            total -= sums[i - window]
            count -= counts[i - window]
        out.append((day, total / count if count else None))
        day += _ONE_DAY
    return out


_ONE_DAY = dt.timedelta(days=1)


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


def bests_of(game: Game, rows: Sequence[tuple], today: dt.date) -> Bests:
    """`personal_bests` from plain rows (date, solved, score, archive) in the same order: the same sums, so the same answer."""
    solved_scores = [score for _, solved, score, _ in rows if solved and score is not None]
    best = (min if game.lower_is_better else max)(solved_scores) if solved_scores else None
    value = game.play_value
    values = [v for v in (value(solved, score) for _, solved, score, _ in rows) if v is not None]
    days = (day for day, solved, _, archive in rows if solved and not archive and day)
    best_streak, current = streaks(days, today, game.step_days)
    return Bests(
        game.slug,
        len(rows),
        sum(1 for _, solved, _, _ in rows if solved),
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
