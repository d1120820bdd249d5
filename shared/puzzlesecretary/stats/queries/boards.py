"""The reads of the pages and boards: the SQL they run.

Each function takes the database explicitly and reads one group's rows through its indexes,
returning the plain rows of `rows.py`; everything else in `stats` is pure and takes those
rows. Plain SQL, the same on SQLite and PostgreSQL: building it with the ORM cost more than
running it on the hot pages. Where a rule also exists in Python (a play's value, the
champion's ranking), tests/web/test_stats.py holds the two to the same answers. The score
table keeps a game as its number (store/gamecodes.py) and a date as a day number (store/days.py):
parameters go in through `query_code` and `day_number`, rows come out through `game_slug` and `_day`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from typing import Iterable

import peewee

from ...chatsettings import EVERY_GROUP, hidden_grids, players_with
from ...clock import from_ms
from ...games import GAMES, Game
from ...games.unknown import PREFIX as UNKNOWN
from ...store import Group, Identity, Message, Player, Rejection, Score
from ...store.days import day_number, day_of
from ...store.gamecodes import game_slug, query_code
from ..rows import TIE, Champion, NotCounted, Play, PuzzleMean, Sums, Tally, Unread
from .played import by_revision, by_shape, games_in, games_played


@functools.lru_cache(maxsize=4096)
def _day(value) -> dt.date | None:
    """A stored day number (store/days.py) as its date, each made once (a puzzle page's long run reads 90 a view)."""
    return day_of(value)


def _raw(db: peewee.Database, query: peewee.Query) -> list[tuple]:
    """The query's rows as the driver returns them: no model objects, several times faster."""
    sql, params = query.sql()
    return db.execute_sql(sql, params).fetchall()


_PLAY_COLUMNS = "player_id, game, puzzle, puzzle_key, date, solved, score, hard_mode, archive, late"


def _play(row: tuple, details=None) -> Play:
    player, code, puzzle, key, day, solved, score, hard, archive, late = row[:10]
    game = game_slug(code)
    return Play(player, game, puzzle, key, _day(day), bool(solved), score, bool(hard), bool(archive), bool(late), details or {})


def plays(
    db: peewee.Database,
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
    running it on the hot pages. With details, equal stored details give the same (shared) dict.
    """
    p = db.param
    sql = [f"SELECT {_PLAY_COLUMNS}{', details' if with_details else ''} FROM score WHERE group_id = {p} AND counted"]
    params: list = [group_id]
    if player_id is not None:
        sql.append(f"AND player_id = {p}")
        params.append(player_id)
    if game is not None:
        sql.append(f"AND game = {p}")
        params.append(query_code(game))
    elif player_id is None:
        # The (group, game, date) index needs a game: name every game the group plays.
        games, codes = games_in(db, games_played(db, group_id))
        sql.append(f"AND {games}")
        params.extend(codes)
    if puzzle_key is not None:
        sql.append(f"AND puzzle_key = {p}")
        params.append(puzzle_key)
    if start is not None:
        sql.append(f"AND date >= {p}")
        params.append(day_number(start))
    if end is not None:
        sql.append(f"AND date <= {p}")
        params.append(day_number(end))
    rows = db.execute_sql(" ".join(sql), params).fetchall()
    if not with_details:
        return [_play(row) for row in rows]
    return [_play(row[:10], _details(row[10])) for row in rows]


_DETAILS: dict = {}
DETAILS_KEPT = 1024  # a busy group's board of the day and a few puzzle pages; a few hundred bytes each


def forget_details() -> None:
    """Drop every decoded details and day kept (a benchmark's cold start)."""
    _DETAILS.clear()
    _day.cache_clear()


def _details(stored):
    """A score's stored details as a dict, each stored text decoded once while kept (a board read again after a share
    decodes only the new share's grid). Shared: no caller changes a play's details."""
    found = _DETAILS.get(stored)
    if found is None:
        found = Score.details.python_value(stored)
        if len(_DETAILS) >= DETAILS_KEPT:
            _DETAILS.clear()
        _DETAILS[stored] = found
    return found


def member_names(db: peewee.Database, group_id: int) -> dict[int, str]:
    """Every player seen in the group, id -> name, ordered by name; not those who opted out there
    (chatsettings), so no page, recap or answer names them. Read once per page (played.one_view)."""
    return dict(by_shape(db, group_id, "names", lambda: _member_names(db, group_id)))


def _member_names(db: peewee.Database, group_id: int) -> dict[int, str]:
    # The player's opt-out as chatsettings.players_with reads it (the group's own choice, else the every-group one),
    # by the choice's primary key, in the same statement: one query a page, not two.
    p = db.param
    choice = f"(SELECT value FROM player_choice c WHERE c.player_id = player.id AND c.group_id = {p} AND c.name = {p})"
    rows = db.execute_sql(
        "SELECT player.id, player.name FROM membership JOIN player ON player.id = membership.player_id "
        f"WHERE membership.group_id = {p} AND COALESCE({choice}, {choice}, '') <> {p} ORDER BY player.name, player.id",
        (group_id, group_id, "optout", EVERY_GROUP, "optout", "on"),
    ).fetchall()
    return dict(rows)


def puzzle_means(db: peewee.Database, group_id: int, slug: str, start: dt.date | None, end: dt.date | None) -> list["PuzzleMean"]:
    """Per puzzle of a game: how many played and the mean by the game's failure rule (ranked plays only)."""
    rows = _totals(db, group_id, slug, start, end, "puzzle_key, MIN(date), MIN(puzzle)", "AND NOT archive AND NOT late")
    return [
        PuzzleMean(key, _day(day), puzzle, played, solved, total / counted if counted else None)
        for key, day, puzzle, played, solved, total, counted in rows
    ]


def not_counted(db: peewee.Database, group_id: int, limit: int = 100) -> list[NotCounted]:
    """The group's latest rejected shares and uncounted reposts, newest first."""
    rejected = _raw(
        db,
        Rejection.select(
            Player.name, Player.id, Rejection.game, Rejection.puzzle, Rejection.reason, Rejection.sent_at, Message.text
        )
        .join(Message, on=(Rejection.message == Message.id))
        .join(Identity, on=(Message.identity == Identity.id))
        .join(Player, on=(Identity.player == Player.id))
        .where(Rejection.group == group_id)
        .order_by(Rejection.sent_at.desc())
        .limit(limit),
    )
    # Written out so that `NOT counted` matches the partial index score_group_reposts.
    reposts = db.execute_sql(
        "SELECT player.name, player.id, score.game, score.puzzle, score.sent_at, message.text FROM score"
        " JOIN message ON message.id = score.message_id JOIN player ON player.id = score.player_id"
        f" WHERE score.group_id = {db.param} AND NOT score.counted AND NOT message.deleted"
        f" ORDER BY score.sent_at DESC LIMIT {int(limit)}",
        (group_id,),
    ).fetchall()
    out = [
        NotCounted("rejected", name, pid, game, puzzle, reason, at, text)
        for name, pid, game, puzzle, reason, at, text in rejected
    ]
    repost = "a repost: the first post of a puzzle is the one that counts"
    out += [NotCounted("repost", name, pid, game_slug(c), puzzle, repost, at, text) for name, pid, c, puzzle, at, text in reposts]
    out.sort(key=lambda n: n.sent_at, reverse=True)
    # A player who hid their grids (or opted out) has the message's text, which holds the grid, hidden too.
    hidden = hidden_grids(db, group_id)
    return [replace(n, text="(hidden by the player)") if n.player_id in hidden else n for n in out[:limit]]



def unread_games(db: peewee.Database, group_id: int | None = None, since_ms: int = 0, limit: int = 20) -> list[Unread]:
    """The games the table does not read yet most posted (in one group, or in all), most shares first.

    A share of an unknown game is stored as a rejection whose game is `unknown:<name>`
    (games/unknown.py); once a parser lands, `reparse` turns them into scores and they go.
    """
    p = db.param
    where = f"r.game LIKE {p} AND r.sent_at >= {p}"
    args: list = [UNKNOWN + "%", since_ms]
    if group_id is not None:
        where += f" AND r.group_id = {p}"
        args.append(group_id)
    rows = db.execute_sql(
        "SELECT LOWER(r.game), MAX(r.game), COUNT(*), COUNT(DISTINCT i.player_id), COUNT(DISTINCT r.group_id), MAX(r.sent_at)"
        " FROM rejection r JOIN message m ON m.id = r.message_id JOIN identity i ON i.id = m.identity_id"
        f" WHERE {where} GROUP BY LOWER(r.game) ORDER BY COUNT(*) DESC, MAX(r.sent_at) DESC LIMIT {int(limit)}",
        args,
    ).fetchall()
    example = f"SELECT m.text FROM rejection r JOIN message m ON m.id = r.message_id WHERE LOWER(r.game) = {p} AND r.sent_at={p}"
    out = []
    for key, game, shares, players, groups, last in rows:
        text = db.execute_sql(example + " LIMIT 1", (key, last)).fetchone()
        out.append(Unread(game[len(UNKNOWN):], shares, players, groups, last, text[0] if text else ""))
    return out

def _where(db, group_id: int, slug: str, start: dt.date | None, end: dt.date | None) -> tuple[str, list]:
    p = db.param
    sql = f"WHERE group_id = {p} AND game = {p} AND counted"
    params: list = [group_id, query_code(slug)]
    if start is not None:
        sql += f" AND date >= {p}"
        params.append(day_number(start))
    if end is not None:
        sql += f" AND date <= {p}"
        params.append(day_number(end))
    return sql, params


def _totals(db, group_id: int, slug: str, start: dt.date | None, end: dt.date | None, by: str, only: str = "") -> list[tuple]:
    """Per `by` (its first column is the grouping): the plays, the solved, the sum and the count of the values that count
    in a mean; the leaderboard sums these per player, a puzzle's difficulty per puzzle (its mean is sum / count)."""
    where, params = _where(db, group_id, slug, start, end)
    value = _value_sql(GAMES[slug])
    rows = db.execute_sql(
        f"SELECT {by}, COUNT(*), SUM(CASE WHEN solved THEN 1 ELSE 0 END), SUM({value}), COUNT({value}) "
        f"FROM score {where} {only} GROUP BY {by.split(',')[0]}",
        params,
    ).fetchall()
    return [(*row[:-4], row[-4], int(row[-3] or 0), float(row[-2] or 0), row[-1]) for row in rows]


def _value_sql(game: Game) -> str:
    """SQL for a play's value in a mean, the same rule as `play_value` (the literal is ours, not input)."""
    if game.fail_rule == "as_printed":
        return "score"
    fail = game.failure_value()
    return f"CASE WHEN solved THEN score ELSE {'NULL' if fail is None else repr(float(fail))} END"


def leaderboard_sums(db: peewee.Database, group_id: int, slug: str, start: dt.date | None, end: dt.date) -> Sums:
    """A game's sums over [start, end], by the database in three indexed queries.

    Sums per player; the runs of consecutive days each player solved (a day's number minus its
    position in the player's list is the same all along one run); counts per score.
    """
    game = GAMES[slug]
    where, params = _where(db, group_id, slug, start, end)
    sums = _totals(db, group_id, slug, start, end, "player_id")
    number = _day_number_sql(db, game.step_days)
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
        tuple(Tally(pid, played, solved, total, counted) for pid, played, solved, total, counted in sums),
        tuple((pid, int(first), int(last), int(length)) for pid, first, last, length in runs),
        tuple((score, bool(solved), int(n)) for score, solved, n in counts),
    )


def _day_number_sql(db, step: int) -> str:
    """SQL for a score's day as a whole number of `step`-day periods since 1970 (the column is days since 1970)."""
    return "date" if step == 1 else f"(date / {int(step)})"


def _quoted(slugs: Iterable[str]) -> str:
    """Registered games' numbers as SQL integer literals (-1, no game's, for none)."""
    listed = [query_code(s) for s in slugs if s in GAMES]
    return ", ".join(str(int(code)) for code in listed) or "-1"


def champions_data(db: peewee.Database, group_id: int, start: dt.date | None, end: dt.date) -> list[Champion]:
    """The same table as `champions`, ranked and summed by the database (window functions).

    Each puzzle's players are ranked by the game's own order (solved first, then the score in
    the game's direction); points, day totals and days won follow the rule in CHAMPION_RULE.
    """
    p = db.param
    slugs = games_played(db, group_id)
    printed = _quoted(s for s in slugs if GAMES[s].fail_rule == "as_printed")
    higher = _quoted(s for s in slugs if not GAMES[s].lower_is_better)
    where = (
        f"group_id = {p} AND game IN ({_quoted(slugs)}) AND counted AND NOT archive AND NOT late"
        f" AND date IS NOT NULL AND date <= {p}"
    )
    params: list = [group_id, day_number(end)]
    if start is not None:
        where += f" AND date >= {p}"
        params.append(day_number(start))
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
    names = member_names(db, group_id)
    out = [
        Champion(names.get(pid, "?"), pid, int(won), float(points), int(days))
        for pid, won, points, days in db.execute_sql(sql, params).fetchall()
    ]
    out.sort(key=lambda c: (-c.days_won, -c.points, c.player))
    return out


def first_day(db: peewee.Database, group_id: int) -> dt.date | None:
    """The earliest puzzle date of the group's scores: one index probe per game it plays."""
    def probe() -> dt.date | None:
        codes = [query_code(slug) for slug in games_played(db, group_id)]
        if not codes:
            return None
        # One statement of one index probe per game (a MIN over an IN list would read every row).
        each = f"SELECT (SELECT MIN(date) FROM score WHERE group_id = {db.param} AND game = {db.param}) AS d"
        sql = f"SELECT MIN(d) FROM ({' UNION ALL '.join([each] * len(codes))}) AS firsts"
        return _day(db.execute_sql(sql, [v for code in codes for v in (group_id, code)]).fetchone()[0])

    return by_revision(db, group_id, "first_day", probe)


def group_by_token(db: peewee.Database, token: str, *, members: bool = True) -> tuple | None:
    """A board's group by its token: (id, token, name, platform_id, timezone, revision, members, shape), or None; its
    shape (store/group_shape.py) None while it has none (0). `members=False`: the member count not read (None), for a
    caller that keeps it under the shape, which moves whenever a membership comes or goes."""
    count = "(SELECT COUNT(*) FROM membership WHERE membership.group_id = chat_group.id)" if members else "NULL"
    return db.execute_sql(
        f"SELECT id, token, name, platform_id, timezone, revision, {count},"
        " (SELECT n FROM group_shape WHERE group_shape.group_id = chat_group.id)"
        f" FROM chat_group WHERE token = {db.param}",
        (token,),
    ).fetchone()


def last_sent_at(db: peewee.Database, platform: str, group_platform_id: str) -> int | None:
    """When the newest message stored for a platform's group was sent (ms), or None."""
    row = db.execute_sql(
        "SELECT MAX(m.sent_at) FROM message m JOIN chat_group g ON g.id = m.group_id"
        f" WHERE g.platform = {db.param} AND g.platform_id = {db.param}",
        (platform, group_platform_id),
    ).fetchone()
    return row[0] if row else None


def export_rows(db: peewee.Database):
    """Every counted score with its group, player and message, oldest first, as plain dicts (`puzzlesecretary export`)."""
    query = (
        Score.select(Score, Group, Player, Message, Identity)
        .join(Group, on=(Score.group == Group.id))
        .switch(Score)
        .join(Player, on=(Score.player == Player.id))
        .switch(Score)
        .join(Message, on=(Score.message == Message.id))
        .join(Identity, on=(Message.identity == Identity.id))
        .where(Score.counted)
        .order_by(Score.sent_at, Score.id)
    )
    groups = [g for (g,) in db.execute_sql("SELECT id FROM chat_group").fetchall()]
    hidden = players_with(db, groups, "hide")
    for s in query.iterator(database=db):
        private = s.player_id in hidden.get(s.group_id, ())
        yield {
            "platform": s.group.platform,
            "group": s.group.name or s.group.platform_id,
            "player": s.player.name,
            "game": s.game,
            "puzzle": s.puzzle,
            "date": s.date.isoformat() if s.date else None,
            "solved": s.solved,
            "score": s.score,
            "max": s.max,
            "hard_mode": s.hard_mode,
            "archive": s.archive,
            "late": s.late,
            "details": s.details,
            "message": {
                "id": s.message.platform_message_id,
                "sender": s.message.identity.platform_id,
                "sent_at": from_ms(s.message.sent_at).isoformat(),
                "text": "" if private else s.message.text,  # the share's text holds the grid the player hid
            },
        }
