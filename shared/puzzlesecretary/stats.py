"""Numbers the boards show: today's results, leaderboards, champions, head-to-head, trends.

Queries (at the top) read one group's rows through its indexes and return plain tuples;
everything after them is pure and takes those rows. Failures count by the game's declared
rule (games.FAIL_RULES); archive plays and late posts count for personal stats but are kept
out of every daily ranking (the board, the champion, a puzzle's ranking).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

import peewee

from .clock import from_ms, now_ms
from .games import FAIL_RULES, GAMES, Game
from .store import Identity, Membership, Message, Player, Rejection, Score
from .store.models import database_proxy

# ---------------------------------------------------------------------------------------------
# Plain rows
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Play:
    """One counted result of one player, as the pages need it (not frozen: made by the thousand)."""

    player_id: int
    game: str
    puzzle: int | None
    puzzle_key: str
    date: dt.date | None
    solved: bool
    score: float | None
    hard_mode: bool = False
    archive: bool = False
    late: bool = False
    details: dict = field(default_factory=dict, compare=False)

    @property
    def ranked(self) -> bool:
        """Whether this play takes part in daily rankings (archive plays and late posts do not)."""
        return not (self.archive or self.late)


@dataclass(frozen=True)
class Entry:
    """A play with its player's name, as the board lists it."""

    player: str
    player_id: int
    solved: bool
    score: float | None
    hard_mode: bool
    late: bool
    archive: bool
    puzzle: int | None
    details: dict
    puzzle_key: str = ""

    @property
    def ranked(self) -> bool:
        return not (self.archive or self.late)


def group_today(group, now: int | None = None) -> dt.date:
    """Today's date in the group's own time zone."""
    return from_ms(now if now is not None else now_ms()).astimezone(ZoneInfo(group.timezone)).date()


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _raw(query: peewee.Query) -> list[tuple]:
    """The query's rows as the driver returns them: no model objects, several times faster."""
    sql, params = query.sql()
    return database_proxy.obj.execute_sql(sql, params).fetchall()


_PLAY_COLUMNS = "player_id, game, puzzle, puzzle_key, date, solved, score, hard_mode, archive, late"


def _play(row: tuple, details=None) -> Play:
    player, game, puzzle, key, day, solved, score, hard, archive, late = row[:10]
    return Play(
        player, game, puzzle, key, _day(day), bool(solved), score, bool(hard), bool(archive), bool(late), details or {}
    )


def plays(
    group_id: int,
    *,
    game: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    player_id: int | None = None,
    puzzle_key: str | None = None,
    with_details: bool = False,
) -> list[Play]:
    """The group's counted plays, narrowed by game, date range, player or puzzle (all indexed).

    Plain SQL, the same on SQLite and PostgreSQL: building it with the ORM cost more than
    running it on the hot pages.
    """
    db = database_proxy.obj
    p = db.param
    sql = [f"SELECT {_PLAY_COLUMNS}{', details' if with_details else ''} FROM score WHERE group_id = {p} AND counted"]
    params: list = [group_id]
    if player_id is not None:
        sql.append(f"AND player_id = {p}")
        params.append(player_id)
    if game is not None:
        sql.append(f"AND game = {p}")
        params.append(game)
    elif player_id is None:
        # The (group, game, date) index needs a game: name every game the group plays.
        slugs = games_played(group_id) or [""]
        sql.append(f"AND game IN ({', '.join([p] * len(slugs))})")
        params.extend(slugs)
    if puzzle_key is not None:
        sql.append(f"AND puzzle_key = {p}")
        params.append(puzzle_key)
    if start is not None:
        sql.append(f"AND date >= {p}")
        params.append(start.isoformat())
    if end is not None:
        sql.append(f"AND date <= {p}")
        params.append(end.isoformat())
    rows = db.execute_sql(" ".join(sql), params).fetchall()
    if not with_details:
        return [_play(row) for row in rows]
    return [_play(row[:10], Score.details.python_value(row[10])) for row in rows]


def games_played(group_id: int) -> list[str]:
    """The games the group has any result for, in the registry's order.

    One index probe per game (the next game name after the last one) instead of a DISTINCT
    that would read every score of the group.
    """
    db = database_proxy.obj
    sql = f"SELECT MIN(game) FROM score WHERE group_id = {db.param} AND game > {db.param}"
    found, last = [], ""
    for _ in range(len(GAMES) + 100):  # bounded: at most every registered game, and some retired
        (slug,) = db.execute_sql(sql, (group_id, last)).fetchone()
        if slug is None:
            break
        found.append(slug)
        last = slug
    return sorted((slug for slug in found if slug in GAMES), key=game_order)


def member_names(group_id: int) -> dict[int, str]:
    """Every player seen in the group, id -> name, ordered by name."""
    db = database_proxy.obj
    rows = db.execute_sql(
        "SELECT player.id, player.name FROM membership JOIN player ON player.id = membership.player_id "
        f"WHERE membership.group_id = {db.param} ORDER BY player.name, player.id",
        (group_id,),
    ).fetchall()
    return {pid: name for pid, name in rows}


def members(group) -> list[Player]:
    return list(Player.select().join(Membership).where(Membership.group == group.id).order_by(Player.name))


def puzzle_means(group_id: int, slug: str, start: dt.date | None, end: dt.date | None) -> list["PuzzleMean"]:
    """Per puzzle of a game: how many played and the mean by the game's failure rule (ranked plays only)."""
    game = GAMES[slug]
    db = database_proxy.obj
    where, params = _where(db, group_id, slug, start, end)
    value = _value_sql(game)
    rows = db.execute_sql(
        f"SELECT puzzle_key, MIN(date), MIN(puzzle), COUNT(*), SUM(CASE WHEN solved THEN 1 ELSE 0 END), AVG({value}) "
        f"FROM score {where} AND NOT archive AND NOT late GROUP BY puzzle_key",
        params,
    ).fetchall()
    return [
        PuzzleMean(key, _day(day), puzzle, count, int(solved or 0), float(mean) if mean is not None else None)
        for key, day, puzzle, count, solved, mean in rows
    ]


@dataclass(frozen=True)
class NotCounted:
    """A message of the group that did not count, and why."""

    kind: str  # "rejected" | "repost"
    player: str
    player_id: int
    game: str
    puzzle: int | None
    reason: str
    sent_at: int
    text: str


def not_counted(group_id: int, limit: int = 100) -> list[NotCounted]:
    """The group's latest rejected shares and uncounted reposts, newest first."""
    rejected = _raw(
        Rejection.select(Player.name, Player.id, Rejection.game, Rejection.puzzle, Rejection.reason, Rejection.sent_at, Message.text)
        .join(Message, on=(Rejection.message == Message.id))
        .join(Identity, on=(Message.identity == Identity.id))
        .join(Player, on=(Identity.player == Player.id))
        .where(Rejection.group == group_id)
        .order_by(Rejection.sent_at.desc())
        .limit(limit)
    )
    db = database_proxy.obj
    # Written out so that `NOT counted` matches the partial index score_group_reposts.
    reposts = db.execute_sql(
        "SELECT player.name, player.id, score.game, score.puzzle, score.sent_at, message.text FROM score"
        " JOIN message ON message.id = score.message_id JOIN player ON player.id = score.player_id"
        f" WHERE score.group_id = {db.param} AND NOT score.counted AND NOT message.deleted"
        f" ORDER BY score.sent_at DESC LIMIT {int(limit)}",
        (group_id,),
    ).fetchall()
    out = [NotCounted("rejected", name, pid, game, puzzle, reason, at, text) for name, pid, game, puzzle, reason, at, text in rejected]
    out += [
        NotCounted("repost", name, pid, game, puzzle, "a repost: the first post of a puzzle is the one that counts", at, text)
        for name, pid, game, puzzle, at, text in reposts
    ]
    out.sort(key=lambda n: n.sent_at, reverse=True)
    return out[:limit]


# ---------------------------------------------------------------------------------------------
# Rules: how a play counts
# ---------------------------------------------------------------------------------------------


def failure_value(game: Game) -> float | None:
    """What a failed play counts as in a mean, per the game's declared rule."""
    if game.fail_rule == "max_plus_one" and game.max is not None:
        return game.max + 1
    if game.fail_rule == "zero":
        return 0.0
    return None


def play_value(game: Game, solved: bool, score: float | None) -> float | None:
    """A play's value in a mean: its score, or what a failure counts as (None: left out)."""
    if solved or game.fail_rule == "as_printed":
        return score
    return failure_value(game)


def rule_text(game: Game) -> str:
    """The failure and missed-day rule, as the pages print it."""
    fail = FAIL_RULES[game.fail_rule]
    if game.fail_rule == "max_plus_one" and game.max is not None:
        fail += f" ({game.max + 1} {game.unit})"
    return (
        f"Mean {game.unit}, {'lower' if game.lower_is_better else 'higher'} is better: {fail}. "
        "Missed days are not counted in the mean: it is taken over the days played, and 'played' shows how many."
    )


def sort_key(game: Game, entry) -> tuple:
    """Solved first, then by score in the game's direction (works on Play and Entry)."""
    if entry.score is None:
        return (not entry.solved, 1, 0.0)
    if not entry.solved and game.fail_rule != "as_printed":
        return (True, 0, 0.0)
    return (not entry.solved, 0, entry.score if game.lower_is_better else -entry.score)


# ---------------------------------------------------------------------------------------------
# Today
# ---------------------------------------------------------------------------------------------


def day_results(group, day: dt.date) -> dict[str, list[Entry]]:
    """Per game, the counted results for puzzles dated `day`: ranked ones best first, then the rest."""
    names = member_names(group.id)
    by_game: dict[str, list[Entry]] = {}
    for p in plays(group.id, start=day, end=day, with_details=True):
        by_game.setdefault(p.game, []).append(
            Entry(names.get(p.player_id, "?"), p.player_id, p.solved, p.score, p.hard_mode, p.late, p.archive, p.puzzle, p.details, p.puzzle_key)
        )
    for slug, entries in by_game.items():
        game = GAMES.get(slug)
        if game:
            entries.sort(key=lambda e: (not e.ranked, sort_key(game, e), e.player))
    return dict(sorted(by_game.items(), key=lambda kv: game_order(kv[0])))


def game_order(slug: str) -> int:
    """Where a game sits in the registry's table: pages list games in that order."""
    order = list(GAMES)
    return order.index(slug) if slug in order else len(order)


# ---------------------------------------------------------------------------------------------
# Leaderboards
# ---------------------------------------------------------------------------------------------

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
    ordered = sorted(set(days))
    best = run = 0
    previous: dt.date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == step else 1
        best = max(best, run)
        previous = day
    current = run if previous is not None and (today - previous).days <= step else 0
    return best, current


@dataclass(frozen=True)
class Tally:
    """One player's sums over a period: what a standing is computed from."""

    player_id: int
    played: int
    solved: int
    total: float  # sum of the values that count in the mean
    counted: int  # how many values count in the mean


def tally(game: Game, rows: Sequence[Play]) -> list[Tally]:
    """Per player: played, solved and the sums of the mean, from plays."""
    acc: dict[int, list] = {}
    for p in rows:
        a = acc.setdefault(p.player_id, [0, 0, 0.0, 0])
        a[0] += 1
        a[1] += int(p.solved)
        value = play_value(game, p.solved, p.score)
        if value is not None:
            a[2] += value
            a[3] += 1
    return [Tally(pid, *a) for pid, a in acc.items()]


def solved_days(rows: Sequence[Play]) -> dict[int, list[dt.date]]:
    """Per player, the days they solved (archive plays left out): what streaks are made of."""
    days: dict[int, list[dt.date]] = defaultdict(list)
    for p in rows:
        if p.solved and not p.archive and p.date is not None:
            days[p.player_id].append(p.date)
    return days


def rank_standings(
    game: Game, tallies: Iterable[Tally], days: dict[int, list[dt.date]], names: dict[int, str], today: dt.date
) -> list[Standing]:
    """Standings from the tallies and solved days, best mean first (ties: more played first)."""
    step = game.calendar.period_days if game.calendar else 1
    out = []
    for t in tallies:
        best, current = streaks(days.get(t.player_id, ()), today, step)
        mean = t.total / t.counted if t.counted else None
        out.append(Standing(names.get(t.player_id, "?"), t.played, t.solved, mean, t.player_id, best, current))
    return _ranked(game, out)


def _ranked(game: Game, table: list[Standing]) -> list[Standing]:
    direction = 1 if game.lower_is_better else -1
    return sorted(table, key=lambda s: (s.mean is None, direction * (s.mean or 0), -s.played, s.player))


def standings(game: Game, rows: Sequence[Play], names: dict[int, str], today: dt.date) -> list[Standing]:
    """Per player: played, solved, mean (by the failure rule), best and current streak of days solved."""
    return rank_standings(game, tally(game, rows), solved_days(rows), names, today)


def leaderboard(group, slug: str, start: dt.date | None, end: dt.date) -> list[Standing]:
    """Played, solved, mean and streaks per player for puzzles dated in [start, end]."""
    return leaderboard_data(group.id, slug, start, end)[0]


def _where(db, group_id: int, slug: str, start: dt.date | None, end: dt.date | None) -> tuple[str, list]:
    p = db.param
    sql = f"WHERE group_id = {p} AND game = {p} AND counted"
    params: list = [group_id, slug]
    if start is not None:
        sql += f" AND date >= {p}"
        params.append(start.isoformat())
    if end is not None:
        sql += f" AND date <= {p}"
        params.append(end.isoformat())
    return sql, params


def _value_sql(game: Game) -> str:
    """SQL for a play's value in a mean, the same rule as `play_value` (the literal is ours, not input)."""
    if game.fail_rule == "as_printed":
        return "score"
    fail = failure_value(game)
    return f"CASE WHEN solved THEN score ELSE {'NULL' if fail is None else repr(float(fail))} END"


@dataclass(frozen=True)
class Sums:
    """What a game's leaderboard adds up from a stretch of days (a month): mergeable with others."""

    tallies: tuple[Tally, ...]
    runs: tuple[tuple[int, int, int, int], ...]  # (player, first day number, last day number, length)
    counts: tuple[tuple[float | None, bool, int], ...]  # (score, solved, how many)


def leaderboard_sums(group_id: int, slug: str, start: dt.date | None, end: dt.date) -> Sums:
    """A game's sums over [start, end], by the database in three indexed queries.

    Sums per player; the runs of consecutive days each player solved (a day's number minus its
    position in the player's list is the same all along one run); counts per score.
    """
    game = GAMES[slug]
    db = database_proxy.obj
    where, params = _where(db, group_id, slug, start, end)
    value = _value_sql(game)
    sums = db.execute_sql(
        f"SELECT player_id, COUNT(*), SUM(CASE WHEN solved THEN 1 ELSE 0 END), SUM({value}), COUNT({value}) "
        f"FROM score {where} GROUP BY player_id",
        params,
    ).fetchall()
    number = _day_number_sql(db, game.calendar.period_days if game.calendar else 1)
    runs = db.execute_sql(
        "SELECT player_id, MIN(n), MAX(n), COUNT(*) FROM ("
        " SELECT player_id, n, n - ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY n) AS island FROM ("
        f"  SELECT DISTINCT player_id, {number} AS n FROM score {where} AND solved AND NOT archive AND date IS NOT NULL"
        " ) AS days"
        ") AS numbered GROUP BY player_id, island",
        params,
    ).fetchall()
    counts = db.execute_sql(f"SELECT score, solved, COUNT(*) FROM score {where} GROUP BY score, solved", params).fetchall()
    return Sums(
        tuple(Tally(pid, played, int(solved or 0), float(total or 0), counted) for pid, played, solved, total, counted in sums),
        tuple((pid, int(first), int(last), int(length)) for pid, first, last, length in runs),
        tuple((score, bool(solved), int(n)) for score, solved, n in counts),
    )


def leaderboard_from(game: Game, parts: Sequence[Sums], names: dict[int, str], end: dt.date) -> tuple[list[Standing], list["Bin"]]:
    """Standings and spread from the sums of consecutive stretches of days (months), in order."""
    step = game.calendar.period_days if game.calendar else 1
    acc: dict[int, list] = {}
    counts: Counter = Counter()
    runs: dict[int, list[list[int]]] = defaultdict(list)
    for part in parts:
        for t in part.tallies:
            a = acc.setdefault(t.player_id, [0, 0, 0.0, 0])
            a[0] += t.played
            a[1] += t.solved
            a[2] += t.total
            a[3] += t.counted
        for score, solved, n in part.counts:
            counts[(score, solved)] += n
        for pid, first, last, length in sorted(part.runs, key=lambda r: (r[0], r[1])):
            mine = runs[pid]
            if mine and mine[-1][1] + 1 == first:  # a run over the end of a month goes on
                mine[-1][1] = last
                mine[-1][2] += length
            else:
                mine.append([first, last, length])
    today = (end - EPOCH).days // step
    table = []
    for pid, (played, solved, total, counted) in acc.items():
        mine = runs.get(pid, [])
        best = max((r[2] for r in mine), default=0)
        current = max((r[2] for r in mine if today - r[1] <= 1), default=0)
        table.append(Standing(names.get(pid, "?"), played, solved, total / counted if counted else None, pid, best, current))
    return _ranked(game, table), spread(game, [(score, solved, n) for (score, solved), n in counts.items()])


def leaderboard_data(group_id: int, slug: str, start: dt.date | None, end: dt.date) -> tuple[list[Standing], list["Bin"]]:
    """A game's standings and spread of scores over [start, end], summed by the database."""
    return leaderboard_from(GAMES[slug], [leaderboard_sums(group_id, slug, start, end)], member_names(group_id), end)


EPOCH = dt.date(1970, 1, 1)


def _day_number_sql(db, step: int) -> str:
    """SQL for a score's day as a whole number of `step`-day periods since 1970 (SQLite or PostgreSQL)."""
    if isinstance(db, peewee.SqliteDatabase):
        days = "CAST(julianday(date) - 2440587.5 AS INTEGER)"
    else:
        days = "(date - DATE '1970-01-01')"
    return days if step == 1 else f"({days} / {int(step)})"


@dataclass(frozen=True)
class Bin:
    label: str
    count: int
    failed: bool = False


def histogram(game: Game, rows: Sequence[Play], max_bins: int = 10) -> list[Bin]:
    """How the scores spread: one bar per value for small whole numbers, else equal ranges; failures last."""
    counts = Counter((p.score, p.solved) for p in rows)
    return spread(game, [(score, solved, n) for (score, solved), n in counts.items()], max_bins)


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
                Bin(f"{_short(low + i * width, game)}–{_short(low + (i + 1) * width, game)}", per_bin.get(i, 0))
                for i in range(max_bins)
            ]
    if failed or (not printed and bins):
        bins.append(Bin("X", failed, failed=True))
    return bins


def _short(value: float, game: Game) -> str:
    if game.unit == "seconds":
        whole = int(round(value))
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------------
# The combined daily champion
# ---------------------------------------------------------------------------------------------

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
    keys = {p.player_id: sort_key(game, p) for p in ranked}
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


def day_scores(rows: Sequence[Play]) -> dict[dt.date, dict[int, float]]:
    """Per day, each player's points summed over that day's puzzles of every game."""
    by_puzzle: dict[tuple[str, str], list[Play]] = defaultdict(list)
    for p in rows:
        if p.date is not None and p.game in GAMES:
            by_puzzle[(p.game, p.puzzle_key)].append(p)
    days: dict[dt.date, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (slug, _), puzzle_rows in by_puzzle.items():
        day = puzzle_rows[0].date
        for pid, pts in puzzle_points(GAMES[slug], puzzle_rows).items():
            days[day][pid] += pts
    return {d: dict(v) for d, v in days.items()}


TIE = 1e-9  # day scores this close are a shared win (sums of halves may differ in the last bit)


@dataclass(frozen=True)
class Champion:
    player: str
    player_id: int
    days_won: int
    points: float
    days_played: int


def champions(rows: Sequence[Play], names: dict[int, str]) -> list[Champion]:
    """Over the given plays: days won (shared wins count for each), points and days played, best first."""
    won: Counter = Counter()
    total: dict[int, float] = defaultdict(float)
    played: Counter = Counter()
    for scores in day_scores(rows).values():
        top = max(scores.values())
        for pid, pts in scores.items():
            total[pid] += pts
            played[pid] += 1
            if pts >= top - TIE:
                won[pid] += 1
    out = [Champion(names.get(pid, "?"), pid, won[pid], total[pid], played[pid]) for pid in total]
    out.sort(key=lambda c: (-c.days_won, -c.points, c.player))
    return out


def _quoted(slugs: Iterable[str]) -> str:
    """Game slugs as SQL string literals: safe, since Game only accepts [a-z][a-z0-9]* slugs."""
    listed = [s for s in slugs if s in GAMES]
    return ", ".join(f"'{s}'" for s in listed) or "''"


def champions_data(group_id: int, start: dt.date | None, end: dt.date) -> list[Champion]:
    """The same table as `champions`, ranked and summed by the database (window functions).

    Each puzzle's players are ranked by the game's own order (solved first, then the score in
    the game's direction); points, day totals and days won follow the rule in CHAMPION_RULE.
    """
    db = database_proxy.obj
    p = db.param
    slugs = games_played(group_id)
    printed = _quoted(s for s in slugs if GAMES[s].fail_rule == "as_printed")
    higher = _quoted(s for s in slugs if not GAMES[s].lower_is_better)
    where = f"group_id = {p} AND game IN ({_quoted(slugs)}) AND counted AND NOT archive AND NOT late AND date IS NOT NULL AND date <= {p}"
    params: list = [group_id, end.isoformat()]
    if start is not None:
        where += f" AND date >= {p}"
        params.append(start.isoformat())
    sql = f"""
    WITH keyed AS (
        SELECT date, player_id, game, puzzle_key, solved,
            CASE WHEN solved THEN 0 ELSE 1 END AS k1,
            CASE WHEN score IS NULL THEN 1 ELSE 0 END AS k2,
            CASE WHEN score IS NULL THEN 0
                 WHEN NOT solved AND game NOT IN ({printed}) THEN 0
                 WHEN game IN ({higher}) THEN -score ELSE score END AS k3
        FROM score WHERE {where}
    ), ranked AS (
        SELECT date, player_id, solved,
            COUNT(*) OVER (PARTITION BY game, puzzle_key) AS n,
            RANK() OVER (PARTITION BY game, puzzle_key ORDER BY k1, k2, k3) AS rnk,
            COUNT(*) OVER (PARTITION BY game, puzzle_key, k1, k2, k3) AS ties
        FROM keyed
    ), points AS (
        SELECT date, player_id,
            SUM(CASE WHEN n = 1 THEN (CASE WHEN solved THEN 0.5 ELSE 0.0 END)
                     ELSE ((n - rnk - ties + 1) + 0.5 * (ties - 1)) * 1.0 / (n - 1) END) AS pts
        FROM ranked GROUP BY date, player_id
    ), days AS (
        SELECT player_id, pts, MAX(pts) OVER (PARTITION BY date) AS top FROM points
    )
    SELECT player_id, SUM(CASE WHEN pts >= top - {TIE!r} THEN 1 ELSE 0 END), SUM(pts), COUNT(*)
    FROM days GROUP BY player_id
    """
    names = member_names(group_id)
    out = [
        Champion(names.get(pid, "?"), pid, int(won), float(points), int(days))
        for pid, won, points, days in db.execute_sql(sql, params).fetchall()
    ]
    out.sort(key=lambda c: (-c.days_won, -c.points, c.player))
    return out


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from start to end, as (first day, last day) clipped to [start, end]."""
    out = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append((first, min(following - dt.timedelta(days=1), end)))
        first = following
    return out


def first_day(group_id: int) -> dt.date | None:
    """The earliest puzzle date of the group's scores: one index probe per game it plays."""
    db = database_proxy.obj
    sql = f"SELECT MIN(date) FROM score WHERE group_id = {db.param} AND game = {db.param}"
    days = [_day(db.execute_sql(sql, (group_id, slug)).fetchone()[0]) for slug in games_played(group_id)]
    return min((d for d in days if d is not None), default=None)


def fingerprint(group_id: int, start: dt.date, end: dt.date) -> tuple[int, int]:
    """How many scores the group has dated in [start, end], and the sum of their ids.

    The write path never changes a score in place: an edit, a delete or a repost that now
    counts deletes rows and inserts new ones (new ids). So while this pair stays the same, so
    does everything computed from those days. It reads only the (group, game, date) index.
    """
    db = database_proxy.obj
    p = db.param
    slugs = games_played(group_id) or [""]
    count, total = db.execute_sql(
        f"SELECT COUNT(*), SUM(id) FROM score WHERE group_id = {p} AND game IN ({', '.join([p] * len(slugs))})"
        f" AND date >= {p} AND date <= {p}",
        (group_id, *slugs, start.isoformat(), end.isoformat()),
    ).fetchone()
    return int(count), int(total or 0)


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


# ---------------------------------------------------------------------------------------------
# Head-to-head
# ---------------------------------------------------------------------------------------------


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
        a, b = sort_key(game, mine), sort_key(game, other)
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


# ---------------------------------------------------------------------------------------------
# A player's trends
# ---------------------------------------------------------------------------------------------


def rolling_means(game: Game, rows: Sequence[Play], window: int, start: dt.date, end: dt.date) -> list[tuple[dt.date, float | None]]:
    """For each day from start to end, the mean of the plays dated in the `window` days ending that day."""
    values: dict[dt.date, list[float]] = defaultdict(list)
    for p in rows:
        value = play_value(game, p.solved, p.score)
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
    values = [v for v in (play_value(game, p.solved, p.score) for p in rows) if v is not None]
    step = game.calendar.period_days if game.calendar else 1
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


# ---------------------------------------------------------------------------------------------
# A puzzle against the group's usual
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PuzzleMean:
    puzzle_key: str
    date: dt.date | None
    puzzle: int | None
    played: int
    solved: int
    mean: float | None


@dataclass(frozen=True)
class Difficulty:
    mean: float | None  # this puzzle's group mean
    usual: float | None  # the mean of the group's per-puzzle means over the long run
    rank: int  # 1 = hardest among the puzzles in the window
    of: int  # how many puzzles the window holds
    window_days: int
    verdict: str


def difficulty(game: Game, this: PuzzleMean | None, history: Sequence[PuzzleMean], window_days: int = 90) -> Difficulty:
    """How hard a puzzle was for the group against its long-run average ("hardest Wordle in 90 days")."""
    means = [h.mean for h in history if h.mean is not None]
    usual = sum(means) / len(means) if means else None
    if this is None or this.mean is None or this.date is None:
        return Difficulty(None, usual, 0, 0, window_days, "Nobody in the group has a ranked result for this puzzle yet.")
    since = this.date - dt.timedelta(days=window_days - 1)
    window = [h for h in history if h.mean is not None and h.date is not None and since <= h.date <= this.date]
    if all(h.puzzle_key != this.puzzle_key for h in window):
        window.append(this)
    harder = (lambda h: h.mean > this.mean) if game.lower_is_better else (lambda h: h.mean < this.mean)
    rank = 1 + sum(1 for h in window if harder(h))
    of = len(window)
    if of < 2:
        verdict = f"The first {game.name} the group has on record in {window_days} days."
    elif rank == 1:
        verdict = f"The hardest {game.name} for the group in {window_days} days."
    elif rank == of:
        verdict = f"The easiest {game.name} for the group in {window_days} days."
    else:
        verdict = f"Number {rank} of {of} by difficulty for the group in {window_days} days (1 is the hardest)."
    return Difficulty(this.mean, usual, rank, of, window_days, verdict)
