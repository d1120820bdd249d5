"""The board's page: today's results of a group, ranked."""

from __future__ import annotations

import bisect
import datetime as dt
from zoneinfo import ZoneInfo

import peewee

from ..clock import from_ms, now_ms, to_ms
from ..games import GAMES, Game, game_order
from ..store.gamecodes import game_slug
from . import queries
from .queries.added import Made, day_rows, made_of
from .queries.boards import _details
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


def _order(game: Game):
    """How a board's section ranks its entries (as `day_results` does): ranked ones best first, then the rest, each by
    name; equal ones in id order."""
    return lambda e: (not e.ranked, game.sort_key(e), e.player)


def day_sections(
    db: peewee.Database, group, day: dt.date, slugs: list[str], names: dict[int, str]
) -> dict[str, tuple[Made, list[Entry]]]:
    """Per game of `slugs`: the entries its board section shows for `day` (as `day_results` has them) and what they
    were made from (queries.added), all read in one statement."""
    by_game: dict[str, list[tuple]] = {slug: [] for slug in slugs}
    for row in day_rows(db, group.id, slugs, day):
        by_game[game_slug(row[3])].append(row)
    out = {}
    for slug, rows in by_game.items():
        entries = [Entry(names.get(r[4], "?"), r[4], bool(r[7]), r[8], bool(r[9]), bool(r[11]), bool(r[10]), r[5],
                         _details(r[12]) or {}, r[6]) for r in rows if r[2]]  # fmt: skip
        entries.sort(key=_order(GAMES[slug]))
        out[slug] = (made_of(rows), entries)
    return out


def with_added(game: Game, entries: list[Entry], row: tuple, names: dict[int, str]) -> list[Entry]:
    """A section's entries with one added score's (queries.added.Added.row) in its place: after the equal ones, as the
    newest id of them (`day_sections` reads in id order)."""
    player, puzzle, puzzle_key, _, solved, score, hard, archive, late, details = row
    entry = Entry(names.get(player, "?"), player, solved, score, hard, late, archive, puzzle, details or {}, puzzle_key)
    order = _order(game)
    at = bisect.bisect_right(entries, order(entry), key=order)
    return [*entries[:at], entry, *entries[at:]]
