"""The combined daily champion's page: points per puzzle, day scores, days won."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from typing import Iterable, Sequence

from ..games import GAMES, Game
from .rows import TIE, Champion, Play

CHAMPION_RULE = (
    "For every puzzle, each player gets the share of the other players they beat (a tie counts half): "
    "from 0 (last) to 1 (first). A puzzle only one player posted gives half a point if solved. "
    "A day's score is the sum over that day's games, so every game weighs the same whatever its scale, "
    "and a game not played scores 0. The day's champion has the highest score. "
    "Archive plays and late posts are not ranked."
)


def puzzle_points(game: Game, rows: Sequence[Play]) -> dict[int, float]:
    """Each ranked player's points on one puzzle: the share of the others they beat, ties half."""
    ranked = [p for p in rows if p.ranked]
    if len(ranked) == 1:
        only = ranked[0]
        return {only.player_id: 0.5 if only.solved else 0.0}
    keys = {p.player_id: game.sort_key(p) for p in ranked}
    n = len(keys)
    if n == 0:
        return {}
    # Count how many share each key, then walk the keys best first: everyone after is beaten.
    counts = Counter(keys.values())
    beaten_by_key: dict[tuple, int] = {}
    worse = n
    for key in sorted(counts):
        worse -= counts[key]
        beaten_by_key[key] = worse
    return {pid: (beaten_by_key[key] + 0.5 * (counts[key] - 1)) / (n - 1) for pid, key in keys.items()}


def puzzles_points(rows: Sequence[Play]) -> list[tuple[dt.date, dict[int, float]]]:
    """Each puzzle's day and points (`puzzle_points`) of these plays, in the order their puzzles first appear."""
    by_puzzle: dict[tuple[str, str], list[Play]] = defaultdict(list)
    for p in rows:
        if p.date is not None and p.game in GAMES:
            by_puzzle[(p.game, p.puzzle_key)].append(p)
    return [(puzzle_rows[0].date, puzzle_points(GAMES[slug], puzzle_rows)) for (slug, _), puzzle_rows in by_puzzle.items()]


def scores_of(points: Iterable[tuple[dt.date, dict[int, float]]]) -> dict[dt.date, dict[int, float]]:
    """Per day, each player's points summed over that day's puzzles, added in the order given."""
    days: dict[dt.date, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for day, pts in points:
        for pid, value in pts.items():
            days[day][pid] += value
    return {d: dict(v) for d, v in days.items()}


def day_scores(rows: Sequence[Play]) -> dict[dt.date, dict[int, float]]:
    """Per day, each player's points summed over that day's puzzles of every game."""
    return scores_of(puzzles_points(rows))


def champions(rows: Sequence[Play], names: dict[int, str]) -> list[Champion]:
    """Over the given plays: days won (shared wins count for each), points and days played, best first."""
    return champions_of(day_scores(rows), names)


def champions_of(days: dict[dt.date, dict[int, float]], names: dict[int, str], top: int | None = None) -> list[Champion]:
    """`champions` from the day scores (`day_scores`, or `scores_of` the puzzles' points kept apart, as the board's
    sections keep theirs: the puzzles of plays grouped by game, in the same order, give the same sums); with `top`,
    its first `top` only (the same, made for those alone: heapq.nsmallest is the sort's first n, ties in order)."""
    won: Counter = Counter()
    total: dict[int, float] = defaultdict(float)
    played: Counter = Counter()
    for scores in days.values():
        best = max(scores.values())
        for pid, pts in scores.items():
            total[pid] += pts
            played[pid] += 1
            if pts >= best - TIE:
                won[pid] += 1
    if top is not None:
        first = heapq.nsmallest(top, total, key=lambda pid: (-won[pid], -total[pid], names.get(pid, "?")))
        return [Champion(names.get(pid, "?"), pid, won[pid], total[pid], played[pid]) for pid in first]
    out = [Champion(names.get(pid, "?"), pid, won[pid], total[pid], played[pid]) for pid in total]
    out.sort(key=lambda c: (-c.days_won, -c.points, c.player))
    return out


def day_leaders(points: Sequence[tuple[dt.date, dict[int, float]]], names: dict[int, str], top: int) -> list[Champion]:
    """`champions_of(scores_of(points), names, top)` for the board: the puzzles' points of one day (a list of several
    days goes the long way). The same sums (each player's from 0.0, in the order given), winners and order, made
    without the counters of a table of many days: about 25 us where the two took 90 for the bench's board."""
    if len({day for day, _ in points}) > 1:
        return champions_of(scores_of(points), names, top)
    total: dict[int, float] = {}
    get = total.get
    for _, pts in points:
        for pid, value in pts.items():
            total[pid] = get(pid, 0.0) + value
    if not total:
        return []
    cut = max(total.values()) - TIE  # a day's winners: each with points >= cut (champions_of's `best - TIE`)
    # champions_of's key (-won, -points, name) is (-points, name) on one day, a winner having more points than any other;
    # the first `top` of it have at least the top-th most points, so only those few are sorted (stable: ties in order).
    least = heapq.nlargest(top, total.values())[-1]
    first = sorted((pid for pid, value in total.items() if value >= least), key=lambda pid: (-total[pid], names.get(pid, "?")))
    del first[top:]
    return [Champion(names.get(pid, "?"), pid, int(total[pid] >= cut), total[pid], 1) for pid in first]


def merge_champions(tables: Iterable[Sequence[Champion]], names: dict[int, str]) -> list[Champion]:
    """One table from tables of separate days (months): days won, points and days played add up."""
    won: Counter = Counter()
    points: dict[int, float] = defaultdict(float)
    played: Counter = Counter()
    for table in tables:
        for c in table:
            won[c.player_id] += c.days_won
            points[c.player_id] += c.points
            played[c.player_id] += c.days_played
    out = [Champion(names.get(pid, "?"), pid, won[pid], points[pid], played[pid]) for pid in points]
    out.sort(key=lambda c: (-c.days_won, -c.points, c.player))
    return out
