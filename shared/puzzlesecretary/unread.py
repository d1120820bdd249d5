"""Games posted in the groups that the table does not read yet, counted from the stored shares.

A share of an unknown game is stored as a rejection whose game is `unknown:<name>` (see
games/unknown.py); these queries count them, per group for the Not-counted page and across
groups for `puzzlesecretary games --unknown`. Once a parser for the game lands, `reparse`
turns the same stored messages into scores and these rows go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .clock import to_ms
from .games.unknown import PREFIX
from .store import database


@dataclass(frozen=True)
class Unread:
    """One game we don't read yet: how often it was posted, where, and one post of it."""

    name: str
    shares: int
    players: int
    groups: int
    last_sent: int
    example: str

    @property
    def sentence(self) -> str:
        """'3 shares of Wend: not read yet'."""
        return f"{self.shares} share{'s' if self.shares != 1 else ''} of {self.name}"


def week_start_ms(today: dt.date, timezone: str) -> int:
    """Midnight, in the group's time zone, six days before `today`: the last seven days."""
    start = dt.datetime.combine(today - dt.timedelta(days=6), dt.time(), tzinfo=ZoneInfo(timezone))
    return to_ms(start)


def unread_games(group_id: int | None = None, since_ms: int = 0, limit: int = 20) -> list[Unread]:
    """The unknown games most posted (in one group, or in all), most shares first."""
    db = database()
    param = db.param
    where = f"r.game LIKE {param} AND r.sent_at >= {param}"
    args: list = [PREFIX + "%", since_ms]
    if group_id is not None:
        where += f" AND r.group_id = {param}"
        args.append(group_id)
    rows = db.execute_sql(
        "SELECT LOWER(r.game), MAX(r.game), COUNT(*), COUNT(DISTINCT i.player_id), COUNT(DISTINCT r.group_id), MAX(r.sent_at)"
        " FROM rejection r JOIN message m ON m.id = r.message_id JOIN identity i ON i.id = m.identity_id"
        f" WHERE {where} GROUP BY LOWER(r.game) ORDER BY COUNT(*) DESC, MAX(r.sent_at) DESC LIMIT {int(limit)}",
        args,
    ).fetchall()
    out = []
    for key, game, shares, players, groups, last in rows:
        example = db.execute_sql(
            "SELECT m.text FROM rejection r JOIN message m ON m.id = r.message_id"
            f" WHERE LOWER(r.game) = {param} AND r.sent_at = {param} LIMIT 1",
            (key, last),
        ).fetchone()
        out.append(Unread(game[len(PREFIX):], shares, players, groups, last, example[0] if example else ""))
    return out
