"""The leaderboard's page: standings, streaks and the spread of scores over a period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import peewee

from ..games import GAMES, Game
from . import queries
from .rows import EPOCH, Sums, Tally

PERIODS = {"week": "This week", "month": "This month", "year": "This year", "all": "All time"}


def period_range(period: str, today: dt.date) -> tuple[dt.date | None, dt.date]:
    """The first day of `period` (None for all time) and its last day, today."""
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if period == "month":
        return today.replace(day=1), today
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "all":
        return None, today
    raise ValueError(f"unknown period {period!r}")


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from start to end, as (first day, last day) clipped to [start, end]."""
    out = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append((first, min(following - dt.timedelta(days=1), end)))
        first = following
    return out


@dataclass(frozen=True)
class Standing:
    player: str
    played: int
    solved: int
    mean: float | None
    player_id: int = 0
    best_streak: int = 0
    current_streak: int = 0

    @property
    def solve_rate(self) -> float:
        return self.solved / self.played if self.played else 0.0


def streaks(days: Iterable[dt.date], today: dt.date, step: int = 1) -> tuple[int, int]:
    """Best and current run of consecutive days; the current run may end today or the day before."""
    ordered = sorted({day.toordinal() for day in days})  # whole numbers: no date arithmetic per day
    best = run = 0
    previous: int | None = None
    for day in ordered:
        run = run + 1 if previous is not None and day - previous == step else 1
        if run > best:
            best = run
        previous = day
    current = run if previous is not None and today.toordinal() - previous <= step else 0
    return best, current


def _ranked(game: Game, table: list[Standing]) -> list[Standing]:
    direction = 1 if game.lower_is_better else -1
    return sorted(table, key=lambda s: (s.mean is None, direction * (s.mean or 0), -s.played, s.player))


def leaderboard_from(
    game: Game, parts: Sequence[Sums], names: dict[int, str], end: dt.date
) -> tuple[list[Standing], list["Bin"]]:
    """Standings and spread from the sums of consecutive stretches of days (months), in order."""
    acc: dict[int, list] = {}
    counts: Counter = Counter()
    runs: dict[int, list[list[int]]] = {}
    for part in parts:
        for t in part.tallies:
            a = acc.get(t.player_id)
            if a is None:
                acc[t.player_id] = [t.played, t.solved, 0.0 + t.total, t.counted]  # (0.0 + : summed as floats, as before)
            else:
                a[0] += t.played
                a[1] += t.solved
                a[2] += t.total
                a[3] += t.counted
        for score, solved, n in part.counts:
            counts[(score, solved)] += n
        _add_runs(runs, part.runs)
    today = (end - EPOCH).days // game.step_days
    table = []
    for pid, (played, solved, total, counted) in acc.items():
        best = current = 0
        for _, last, length in runs.get(pid, ()):
            if length > best:
                best = length
            if length > current and today - last <= 1:
                current = length
        table.append(_standing(names.get(pid, "?"), played, solved, total / counted if counted else None, pid, best, current))
    return _ranked(game, table), spread(game, [(score, solved, n) for (score, solved), n in counts.items()])


def _add_runs(runs: dict[int, list[list[int]]], more: Iterable[tuple[int, int, int, int]]) -> None:
    """A stretch's runs (player, first, last, length) added to each player's runs of the stretches before it."""
    # Sorted as they are: (player, first day) is each run's own, so the order is by those two.
    for pid, first, last, length in sorted(more):
        mine = runs.get(pid)
        if mine is None:
            runs[pid] = [[first, last, length]]
        elif mine[-1][1] + 1 == first:  # a run over the end of a month goes on
            mine[-1][1] = last
            mine[-1][2] += length
        else:
            mine.append([first, last, length])


STANDINGS: dict[tuple, Standing] = {}  # each standing made once: after a share one player's row is new, the rest kept
STANDINGS_KEPT = 1024  # about 250 bytes each with its key


def _standing(*fields) -> Standing:
    found = STANDINGS.get(fields)
    if found is None:
        found = Standing(*fields)
        if len(STANDINGS) >= STANDINGS_KEPT:
            STANDINGS.clear()
        STANDINGS[fields] = found
    return found


def leaderboard_data(
    db: peewee.Database, group_id: int, slug: str, start: dt.date | None, end: dt.date
) -> tuple[list[Standing], list["Bin"]]:
    """A game's standings and spread of scores over [start, end], summed by the database."""
    return leaderboard_from(
        GAMES[slug], [queries.leaderboard_sums(db, group_id, slug, start, end)], queries.member_names(db, group_id), end
    )


def leaderboard(db: peewee.Database, group, slug: str, start: dt.date | None, end: dt.date) -> list[Standing]:
    """Played, solved, mean and streaks per player for puzzles dated in [start, end]."""
    return leaderboard_data(db, group.id, slug, start, end)[0]


@dataclass(frozen=True)
class Bin:
    label: str
    count: int
    failed: bool = False


def spread(game: Game, counts: Sequence[tuple[float | None, bool, int]], max_bins: int = 10) -> list[Bin]:
    """The histogram from (score, solved, how many) counts."""
    printed = game.fail_rule == "as_printed"
    failed = sum(n for score, solved, n in counts if not solved and not printed)
    values = Counter()
    for score, solved, n in counts:
        if score is not None and (solved or printed):
            values[float(score)] += n
    bins: list[Bin] = []
    if values:
        whole = all(v.is_integer() for v in values)
        low, high = min(values), max(values)
        if whole and high - low < 16:
            first = 1 if game.unit == "guesses" else int(low)
            last = game.max if game.max is not None and game.max >= high else int(high)
            bins = [Bin(str(v), values.get(float(v), 0)) for v in range(min(first, int(low)), last + 1)]
        else:
            width = (high - low) / max_bins or 1
            per_bin = Counter()
            for v, n in values.items():
                per_bin[min(int((v - low) / width), max_bins - 1)] += n
            bins = [
                Bin(f"{game.format_bound(low + i * width)}–{game.format_bound(low + (i + 1) * width)}", per_bin.get(i, 0))
                for i in range(max_bins)
            ]
    if failed or (not printed and bins):
        bins.append(Bin("X", failed, failed=True))
    return bins


def _whole(game: Game, counts: Iterable[tuple[float | None, bool, int]], value: float | None) -> bool:
    """Whether every value these plays and one more put in a mean is a whole number: then their sum is exact in any
    order, and a month's total with one play added is the one the database sums."""
    values = [game.play_value(solved, score) for score, solved, _ in counts] + [value]
    return all(v is None or float(v).is_integer() for v in values)


def sums_with(game: Game, sums: Sums, row: tuple) -> Sums | None:
    """A month's sums (queries.leaderboard_sums) with one more counted play of it added (queries.added.Added.row), as
    the database would sum them; None when its values are not whole numbers (a float sum depends on the order)."""
    player, _, _, day, solved, score, _, archive, _, _ = row
    value = game.play_value(solved, score)
    if not _whole(game, sums.counts, value):
        return None
    tallies = list(sums.tallies)
    at = next((i for i, t in enumerate(tallies) if t.player_id == player), None)
    old = Tally(player, 0, 0, 0.0, 0) if at is None else tallies[at]
    mine = Tally(player, old.played + 1, old.solved + int(solved), old.total + (value or 0),
                 old.counted + (value is not None))  # fmt: skip
    if at is None:  # a new player among them, where the database's GROUP BY player_id puts them
        tallies.insert(next((i for i, t in enumerate(tallies) if t.player_id > player), len(tallies)), mine)
    else:
        tallies[at] = mine
    runs = sums.runs
    if solved and not archive and day is not None:
        runs = _with_day(runs, player, (day - EPOCH).days // game.step_days)
    counts = list(sums.counts)
    at = next((i for i, (s, won, _) in enumerate(counts) if s == score and won == solved), None)
    if at is None:
        counts.append((score, solved, 1))
    else:
        counts[at] = (score, solved, counts[at][2] + 1)
    return Sums(tuple(tallies), runs, tuple(counts))


def _with_day(runs: tuple[tuple[int, int, int, int], ...], player: int, n: int) -> tuple[tuple[int, int, int, int], ...]:
    """The runs of consecutive days (queries.leaderboard_sums) with the player's day `n` solved too."""
    if any(pid == player and first <= n <= last for pid, first, last, _ in runs):
        return runs
    left = next((r for r in runs if r[0] == player and r[2] == n - 1), None)
    right = next((r for r in runs if r[0] == player and r[1] == n + 1), None)
    first = left[1] if left else n
    last = right[2] if right else n
    rest = tuple(r for r in runs if r is not left and r is not right)
    return (*rest, (player, first, last, last - first + 1))
