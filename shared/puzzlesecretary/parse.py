"""Text in, results out: the one entry point every ingest and command uses to read shares.

Pure: the message's time is passed in, never read from a clock here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

from .games import GAMES, Game
from .games.unknown import known_names, normalized, spot
from .results import Found, Outcome, Rejection, Result
from .text import normalize

# A share may be dated one day past the sender's own date (time zones run ahead of UTC);
# anything later is a typo, a joke or a bot, and is rejected.
FUTURE_GRACE = dt.timedelta(days=1)

# No daily game is near puzzle 100,000 (270 years of days): a larger number is a typo or a joke,
# and dating it would overflow the calendar. Checked here once, for every game.
MAX_PUZZLE = 100_000


def parse(text: str, sent_at: dt.datetime | None = None, games: Mapping[str, Game] = GAMES) -> Outcome:
    """Every result and rejection in `text`.

    `sent_at` (aware or naive UTC) is when the message was sent; with it, puzzles dated after
    that day (plus a day of grace) are rejected as "in the future".
    """
    clean = normalize(text)
    lowered = clean.lower()
    results: list[Result] = []
    rejections: list[Rejection] = []
    shadows = _shadows(games)
    produced: set[str] = set()
    for game in games.values():
        if game.marker and game.marker not in lowered:
            continue
        hidden = shadows.get(game.slug)
        for found in game.parse(hidden.sub(_blank, clean) if hidden else clean):
            produced.add(game.slug)
            if isinstance(found, Rejection):
                rejections.append(found)
                continue
            outcome = _to_result(game, found, sent_at)
            (results if isinstance(outcome, Result) else rejections).append(outcome)
    # A share of a game the table does not know is kept as one, with the name it gives.
    producers = {normalized(w) for s in produced for w in (s, games[s].name, games[s].marker, *games[s].names) if w}
    rejections.extend(spot(clean, _known(games), producers))
    return Outcome(tuple(_unique(results)), tuple(rejections))


# Facts about a table, worked out once per table: keyed by the mapping's identity and size, and
# holding the mapping so that its id is not reused while the entry lives.
_SHADOWS: dict[tuple[int, int], tuple[Mapping, dict[str, re.Pattern[str]]]] = {}
_CACHED_TABLES = 32


def _table_key(games: Mapping[str, Game]) -> tuple[int, int]:
    return (id(games), len(games))


def _shadows(games: Mapping[str, Game]) -> dict[str, re.Pattern[str]]:
    """For each game, the longer names of other games that contain one of its names.

    "Wordle Deutsch" contains "Wordle": a Wordle Deutsch share is that game's, never Wordle's,
    so the Wordle parser reads the text with "Wordle Deutsch" blanked out.
    """
    key = _table_key(games)
    if key not in _SHADOWS:
        out = {}
        for game in games.values():
            mine = [n.lower() for n in game.names]
            longer = {
                n for other in games.values() if other is not game for n in other.names
                if any(m in n.lower() and m != n.lower() for m in mine)
            }
            if longer:
                by_length = sorted(longer, key=len, reverse=True)
                alternatives = "|".join(r"[ \t\u00a0]+".join(map(re.escape, n.split())) for n in by_length)
                out[game.slug] = re.compile(rf"(?i:{alternatives})")
        if len(_SHADOWS) >= _CACHED_TABLES:
            _SHADOWS.clear()
        _SHADOWS[key] = (games, out)
    return _SHADOWS[key][1]


_KNOWN: dict[tuple[int, int], tuple[Mapping, frozenset[str]]] = {}


def _known(games: Mapping[str, Game]) -> frozenset[str]:
    key = _table_key(games)
    if key not in _KNOWN:
        if len(_KNOWN) >= _CACHED_TABLES:
            _KNOWN.clear()
        _KNOWN[key] = (games, known_names(games.values()))
    return _KNOWN[key][1]


def _blank(match: re.Match[str]) -> str:
    return "_" * len(match.group(0))


def _to_result(game: Game, found: Found, sent_at: dt.datetime | None) -> Result | Rejection:
    if found.puzzle is not None and not 0 <= found.puzzle <= MAX_PUZZLE:
        # Checked here for every game: dating such a number would overflow the calendar.
        # The number stays in the reason only: it may not fit the store's integer column.
        return Rejection(game.slug, f"{game.name} #{found.puzzle:,} is not a real puzzle number")
    date = found.date or game.date_of(found.puzzle)
    if date is None and found.puzzle is None and sent_at is not None:
        # A share that names neither its puzzle nor its date (Spelling Bee) is today's puzzle.
        date = sent_at.date()
    if date is not None and sent_at is not None and date > sent_at.date() + FUTURE_GRACE:
        label = f"#{found.puzzle}" if found.puzzle is not None else date.isoformat()
        return Rejection(game.slug, f"{game.name} {label} is dated {date.isoformat()}, after the message was sent", found.puzzle)
    if found.score is not None and game.max is not None and not 0 <= found.score <= game.max:
        return Rejection(game.slug, f"a score of {found.score:g} is outside 0 to {game.max}", found.puzzle)
    return Result(
        game=game.slug,
        puzzle=found.puzzle,
        date=date,
        solved=found.solved,
        score=found.score,
        max=found.max,
        hard_mode=found.hard_mode,
        archive=found.archive,
        details=dict(found.details),
    )


def _unique(results: list[Result]) -> list[Result]:
    """One result per game and puzzle in a message: a pasted share twice counts once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in results:
        key = (r.game, r.puzzle_key)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
