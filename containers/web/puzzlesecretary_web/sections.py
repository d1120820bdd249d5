"""The board's sections, one per game, rendered and kept on their own with the plays they show.

A section is kept under what it shows: the game's scores of the day (their count and changes,
stats.day_fingerprints, one row of the change counters), the members' names and the group's token. So a share of
one game renders that game's section again and leaves the others' as they were; the board
around them (the day's leaders, the players) is made from the plays kept with each section,
without reading the day again. The cache is bounded in bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, NamedTuple

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES, game_order
from puzzlesecretary.stats.queries.added import NOTHING, Made
from puzzlesecretary.stats.rows import Entry

from .cache import Memo, PageCache, cost, digest
from .deflate import Kept
from .section_html import section_html

SECTIONS = PageCache(2 << 20)  # its bound: kept.BUDGET
PLAY_BYTES = 200  # about what a kept Play costs the process (the cache's bound is in bytes)
POINT_BYTES = 100  # and a player's points on a puzzle
# And an entry it was made from (the tuple, its name, puzzle key and score, its details with a grid), and what they were
# made from (a Made, the tuple of entries).
ENTRY_BYTES = 700
MADE_BYTES = 400
# Each game's latest section of a group's day (its slot) -> the key it is kept under: after a share, the section it
# was (if SECTIONS still has it) and the one new score make the section again (queries.added), not the day's rows.
_LATEST: dict[tuple, tuple] = {}
LATEST_KEPT = 1024  # a slot and its key, about 300 bytes with the dict's entry


class Section(NamedTuple):
    """One game's section of the day as HTML ("" when it shows nothing), the points of its puzzles for the day's
    champion (stats.puzzles_points of its plays, in the section's order), and what it was made from: its entries and
    the day's scores of the game as they were read (queries.added.Made)."""

    html: str
    points: tuple[tuple[dt.date, dict[int, float]], ...]
    made: Made = NOTHING
    entries: tuple[Entry, ...] = ()

    def __len__(self) -> int:  # what it costs the cache
        return (cost(self.html) + POINT_BYTES * sum(len(pts) for _, pts in self.points)
                + ENTRY_BYTES * len(self.entries) + MADE_BYTES)  # fmt: skip


def _made(game, entries: list[Entry], made: Made, names: dict[int, str], token: str, today: dt.date,
          shape: Callable) -> Section:  # fmt: skip
    shaped = shape(game, entries, names)
    html = "" if shaped is None else Kept(section_html(shaped, token))
    return Section(html, _points(game, entries, today), made, tuple(entries))


def _points(game, entries: list[Entry], today: dt.date) -> tuple[tuple[dt.date, dict[int, float]], ...]:
    """stats.puzzles_points of the entries' plays (one game's, of `today`), from the entries themselves: a puzzle's
    points read a play's player, whether it is ranked, solved and its score, which an entry holds as its play does."""
    by_puzzle: dict[str, list[Entry]] = {}
    for e in entries:
        by_puzzle.setdefault(e.puzzle_key, []).append(e)
    return tuple((today, stats.puzzle_points(game, rows)) for rows in by_puzzle.values())


def _from_last(db: peewee.Database, group, today: dt.date, game, slot: tuple, names: dict[int, str], shown: bytes,
               shape: Callable) -> Section | None:  # fmt: skip
    """The section made again from the one it was and the one score added since (queries.added), or None."""
    key = _LATEST.get(slot)
    last = SECTIONS.get(key) if key is not None else None
    # A new member's name is no reason to read the day again, but a name the section shows that changed is.
    if last is None or any(names.get(e.player_id, "?") != e.player for e in last.entries):
        return None
    added = stats.queries.added_since(db, group.id, game.slug, today, today, last.made)
    if added is None:
        return None
    if added.row is None and key[-1] == shown:  # a repost, or nothing: the section shows what it did
        return Section(last.html, last.points, added.made, last.entries)  # (not _replace: its __len__ is its cost)
    # Its entries with the new one, or as they were for the names around them (who has not played yet).
    entries = list(last.entries) if added.row is None else stats.with_added(game, list(last.entries), added.row, names)
    return _made(game, entries, added.made, names, group.token, today, shape)


DIGESTS_KEPT = 64  # about 5 KB each for 50 members
_DIGESTS = Memo(DIGESTS_KEPT)  # the members' (id, name) pairs -> their digest: the same on most views of a board


def _names_digest(members: tuple) -> bytes:
    """digest(members), found by the pairs (a lookup compares them, 3 us for 50) rather than made again (17 us)."""
    return _DIGESTS.get(members, lambda: digest(members))


def board_sections(
    db: peewee.Database, group, today: dt.date, names: dict[int, str], shape: Callable
) -> tuple[list[str], list[tuple[dt.date, dict[int, float]]]]:
    """The sections of the games played `today` as HTML, in the table's order, and the points of the day's puzzles in
    the same order (stats.puzzles_points of the day's plays). `shape(game, entries, names)` is what one section shows."""
    # The members' names as a 16-byte digest: each kept section's key held the whole tuple, 5 KB for 50 members.
    shown, prints = _names_digest(tuple(names.items())), stats.day_fingerprints(db, group.id, today)
    games = [GAMES[slug] for slug in sorted(prints, key=game_order) if slug in GAMES]
    slots = {g.slug: (db.database, group.id, group.token, today, g.slug) for g in games}
    keys = {slug: (*slot, prints.get(slug), shown) for slug, slot in slots.items()}

    def make(missing: list[str]) -> dict[str, Section]:
        made = {}
        for slug in missing:
            section = _from_last(db, group, today, GAMES[slug], slots[slug], names, shown, shape)
            if section is not None:
                made[slug] = section
        rest = [slug for slug in missing if slug not in made]
        if rest:
            # One read of the day's scores: of the games that changed, or of all.
            read = stats.day_sections(db, group, today, rest if len(rest) < len(games) else [g.slug for g in games], names)
            for slug in rest:
                made_from, entries = read[slug]
                made[slug] = _made(GAMES[slug], entries, made_from, names, group.token, today, shape)
        if len(_LATEST) >= LATEST_KEPT:
            _LATEST.clear()
        for slug in missing:
            # The slot's section before is of a fingerprint that has moved on: it goes now, not when it ages out.
            last = _LATEST.get(slots[slug])
            if last is not None and last != keys[slug]:
                SECTIONS.pop(last)
            _LATEST[slots[slug]] = keys[slug]
        return made

    found = SECTIONS.get_or_make(keys, make)
    return [s.html for s in found.values() if s.html], [p for s in found.values() for p in s.points]
