"""What a recap says, worked out from plain rows: pure functions, no database, no text.

A recap never looks at a play's details (its grid, its guesses): only who played which
game, whether they solved it and their score, so nothing it says can give a puzzle away.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..games import GAMES, game_order
from ..stats.champion import champions, day_scores, puzzle_points
from ..stats.leaderboard import Standing, streaks
from ..stats.rows import TIE, Play
from .marks import Streak, active, day_streaks, marks_of

ACTIVE_DAYS = 14  # who "didn't play": players seen playing in the two weeks before the day
HARDEST_DAYS = 90  # the hardest puzzle is weighed against the group's last 90 days


@dataclass(frozen=True)
class Winner:
    game: str
    puzzle: int | None
    names: tuple[str, ...]  # more than one: a tie
    score: str  # the winning score as the game prints it ("3/6", "1:05")
    players: int


@dataclass(frozen=True)
class Hardest:
    game: str
    puzzle: int | None
    solved: int
    played: int
    rank: int  # 1 = the group's hardest of this game in the window
    of: int


@dataclass(frozen=True)
class Day:
    day: dt.date
    winners: tuple[Winner, ...]
    champions: tuple[str, ...]
    points: float
    players: int
    kept: tuple[Streak, ...]
    broken: tuple[Streak, ...]
    absent: tuple[str, ...]
    hardest: Hardest | None
    still_open: tuple[str, ...]


@dataclass(frozen=True)
class Top:
    game: str
    player: str
    mean: str
    played: int


@dataclass(frozen=True)
class Improved:
    player: str
    before: float  # share of the others beaten per puzzle, 0 to 1
    after: float


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    complete: bool
    champions: tuple[str, ...]
    days_won: int
    days: int
    tops: tuple[Top, ...]
    longest: tuple[Streak, ...]
    improved: Improved | None
    players: int
    plays: int
    games: int


def _names(ids: Iterable[int], names: dict[int, str]) -> tuple[str, ...]:
    return tuple(sorted(names.get(pid, "?") for pid in ids))


def winners(rows: Sequence[Play], names: dict[int, str]) -> tuple[Winner, ...]:
    """Per game played, the best ranked play (ties: everyone sharing it), in the table's order."""
    by_game: dict[str, list[Play]] = defaultdict(list)
    for p in rows:
        if p.ranked and p.game in GAMES:
            by_game[p.game].append(p)
    out = []
    for slug in sorted(by_game, key=game_order):
        game, plays = GAMES[slug], by_game[slug]
        best = min(game.sort_key(p) for p in plays)
        top = [p for p in plays if game.sort_key(p) == best]
        out.append(
            Winner(
                slug,
                top[0].puzzle,
                _names({p.player_id for p in top}, names),
                game.format_score(top[0].score, top[0].solved),
                len(plays),
            )
        )
    return tuple(out)


def _runs(history: Sequence[Play]) -> dict[tuple[int, str], list[dt.date]]:
    """Each (player, game)'s played puzzle dates; archive plays fill no gap in a streak."""
    days: dict[tuple[int, str], set[dt.date]] = defaultdict(set)
    for p in history:
        if p.date is not None and not p.archive and p.game in GAMES:
            days[(p.player_id, p.game)].add(p.date)
    return {key: sorted(v) for key, v in days.items()}


def puzzle_means(history: Sequence[Play], day: dt.date, window_days: int = HARDEST_DAYS) -> dict[tuple[str, str], float]:
    """Per (game, puzzle) of the `window_days` up to `day`: the mean of its ranked plays (those with a value)."""
    since = day - dt.timedelta(days=window_days - 1)
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p in history:
        if p.ranked and p.game in GAMES and p.date is not None and since <= p.date <= day:
            value = GAMES[p.game].play_value(p.solved, p.score)
            if value is not None:
                values[(p.game, p.puzzle_key)].append(value)
    return {k: sum(v) / len(v) for k, v in values.items()}


def _ranked_by_puzzle(rows: Sequence[Play]) -> dict[tuple[str, str], list[Play]]:
    by_puzzle: dict[tuple[str, str], list[Play]] = defaultdict(list)
    for p in rows:
        if p.ranked and p.game in GAMES:
            by_puzzle[(p.game, p.puzzle_key)].append(p)
    return by_puzzle


def hardest_games(rows: Sequence[Play]) -> set[str]:
    """The games `hardest` may choose among: those of the day's puzzles tied for the fewest solved (two players
    or more). Only their 90-day means decide anything; the others lose on the share solved alone."""
    shares = {
        slug: sum(p.solved for p in plays) / len(plays) for (slug, _), plays in _ranked_by_puzzle(rows).items() if len(plays) >= 2
    }
    least = min(shares.values(), default=None)
    return {slug for slug, share in shares.items() if share == least}


def hardest(
    rows: Sequence[Play], history: Sequence[Play], day: dt.date, window_days: int = HARDEST_DAYS, means: dict | None = None
) -> Hardest | None:
    """The day's puzzle the group found hardest: fewest solved, then worst against its own last 90 days
    (`means`: those of `puzzle_means`, of the `hardest_games` at least, when they were summed elsewhere)."""
    means = puzzle_means(history, day, window_days) if means is None else means
    candidates = []
    for (slug, key), plays in _ranked_by_puzzle(rows).items():
        if len(plays) < 2:
            continue  # one player's bad day says nothing about the puzzle
        sign = 1 if GAMES[slug].lower_is_better else -1
        same = [m for k, m in means.items() if k[0] == slug]
        this = means.get((slug, key))
        rank = 1 + sum(1 for m in same if this is not None and sign * (m - this) > TIE)
        solved = sum(p.solved for p in plays)
        candidates.append(
            ((solved / len(plays), rank / max(len(same), 1)), Hardest(slug, plays[0].puzzle, solved, len(plays), rank, len(same)))
        )
    return min(candidates, key=lambda c: (c[0], game_order(c[1].game)))[1] if candidates else None


def daily(
    history: Sequence[Play], day: dt.date, names: dict[int, str], still_open: Iterable[str] = (), means: dict | None = None
) -> Day | None:
    """The facts of a day's recap from the group's plays (`history` reaching back before `day`), or None if nobody played.

    The whole history says it all; recap.read gives `daily_of` only what it needs instead."""
    day_rows = [p for p in history if p.date == day]
    means = puzzle_means(history, day) if means is None else means
    return daily_of(day_rows, marks_of(history, day), day, names, still_open, means)


def daily_of(
    day_rows: Sequence[Play],
    marks: dict[tuple[int, str], int],
    day: dt.date,
    names: dict[int, str],
    still_open: Iterable[str],
    means: dict,
) -> Day | None:
    """The facts of a day's recap from the day's plays, the days each player played each game (`marks.marks_of`:
    the two weeks before `day` at least, and each told streak's whole run) and the means of `hardest_games`."""
    still = tuple(sorted(set(still_open), key=game_order))
    rows = [p for p in day_rows if p.game not in still]
    if not rows:
        return None
    scores = day_scores(rows).get(day, {})
    top = max(scores.values(), default=0.0)
    played = {p.player_id for p in rows}
    kept, broken = day_streaks({k: v for k, v in marks.items() if k[1] not in still}, {p.game for p in rows}, names)
    return Day(
        day=day,
        winners=winners(rows, names),
        champions=_names((pid for pid, pts in scores.items() if pts >= top - TIE), names) if scores else (),
        points=top,
        players=len(played),
        kept=tuple(kept),
        broken=tuple(broken),
        absent=_names(active(marks, ACTIVE_DAYS) - played, names),
        hardest=hardest(rows, (), day, means=means),
        still_open=tuple(s for s in still if any(p.game == s for p in day_rows)),
    )


def tops(standings: dict[str, list[Standing]]) -> tuple[Top, ...]:
    """Each game's leader over the period, among players who played at least half as often as the most regular."""
    out = []
    for slug in sorted(standings, key=game_order):
        table = [s for s in standings[slug] if s.mean is not None]
        if not table or slug not in GAMES:
            continue
        most = max(s.played for s in table)
        regular = [s for s in table if 2 * s.played >= most]  # the order is the leaderboard's own
        leader = regular[0]
        out.append(Top(slug, leader.player, GAMES[slug].format_mean(leader.mean), leader.played))
    return tuple(out)


def _points_per_puzzle(rows: Sequence[Play]) -> dict[int, list[float]]:
    by_puzzle: dict[tuple[str, str], list[Play]] = defaultdict(list)
    for p in rows:
        if p.ranked and p.game in GAMES:
            by_puzzle[(p.game, p.puzzle_key)].append(p)
    out: dict[int, list[float]] = defaultdict(list)
    for (slug, _), plays in by_puzzle.items():
        if len({p.player_id for p in plays}) >= 2:
            for pid, pts in puzzle_points(GAMES[slug], plays).items():
                out[pid].append(pts)
    return out


def most_improved(before: Sequence[Play], after: Sequence[Play], names: dict[int, str], least: int = 3) -> Improved | None:
    """Who beat the largest share of the others per puzzle, more than in the period before (3+ puzzles in each)."""
    was, now = _points_per_puzzle(before), _points_per_puzzle(after)
    best = None
    for pid in was.keys() & now.keys():
        if len(was[pid]) < least or len(now[pid]) < least:
            continue
        b, a = sum(was[pid]) / len(was[pid]), sum(now[pid]) / len(now[pid])
        if a - b > TIE and (best is None or (a - b, names.get(pid, "?")) > (best.after - best.before, best.player)):
            best = Improved(names.get(pid, "?"), b, a)
    return best


def period(
    history: Sequence[Play],
    start: dt.date,
    end: dt.date,
    names: dict[int, str],
    standings: dict[str, list[Standing]],
    complete: bool,
) -> Period | None:
    """The facts of a weekly or monthly recap over [start, end], or None if nobody played in it."""
    rows = [p for p in history if p.date is not None and start <= p.date <= end]
    if not rows:
        return None
    table = champions(rows, names)
    lead = [c for c in table if table and c.days_won == table[0].days_won and abs(c.points - table[0].points) <= TIE]
    longest = []
    for (pid, slug), days in _runs(rows).items():
        best, _ = streaks(days, end, GAMES[slug].step_days)
        if best >= 2:
            longest.append(Streak(names.get(pid, "?"), slug, best))
    longest.sort(key=lambda s: (-s.length, game_order(s.game), s.player))
    length = (end - start).days + 1
    before = [p for p in history if p.date is not None and start - dt.timedelta(days=length) <= p.date < start]
    return Period(
        start=start,
        end=end,
        complete=complete,
        champions=tuple(sorted(c.player for c in lead)),
        days_won=table[0].days_won if table else 0,
        days=len({p.date for p in rows}),
        tops=tops(standings),
        longest=tuple(longest[:3]),
        improved=most_improved(before, rows, names),
        players=len({p.player_id for p in rows}),
        plays=len(rows),
        games=len({p.game for p in rows}),
    )
