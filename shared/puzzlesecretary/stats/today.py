"""The board's page: today's results of a group, ranked."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import peewee

from ..clock import from_ms, now_ms, to_ms
from ..games import GAMES, game_order
from . import queries
from .rows import Entry


def group_today(group, now: int | None = None) -> dt.date:
    """Today's date in the group's own time zone."""
    return from_ms(now if now is not None else now_ms()).astimezone(ZoneInfo(group.timezone)).date()


def week_start_ms(today: dt.date, timezone: str) -> int:
    """Midnight, in the group's time zone, six days before `today`: the last seven days."""
    return to_ms(dt.datetime.combine(today - dt.timedelta(days=6), dt.time(), tzinfo=ZoneInfo(timezone)))


def day_results(
    db: peewee.Database, group, day: dt.date, game: str | None = None, names: dict[int, str] | None = None
) -> dict[str, list[Entry]]:
    """Per game (or of one game), the counted results for puzzles dated `day`: ranked ones best first, then the rest."""
    names = queries.member_names(db, group.id) if names is None else names
    by_game: dict[str, list[Entry]] = {}
    for p in queries.plays(db, group.id, game=game, start=day, end=day, with_details=True):
        by_game.setdefault(p.game, []).append(
            Entry(
                names.get(p.player_id, "?"),
                p.player_id,
                p.solved,
                p.score,
                p.hard_mode,
                p.late,
                p.archive,
                p.puzzle,
                p.details,
                p.puzzle_key,
            )
        )
    for slug, entries in by_game.items():
        game = GAMES.get(slug)
        if game:
            entries.sort(key=lambda e: (not e.ranked, game.sort_key(e), e.player))
    return dict(sorted(by_game.items(), key=lambda kv: game_order(kv[0])))
