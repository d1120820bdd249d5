"""Text in, results out: the one entry point every ingest and command uses to read shares.

Pure: the message's time is passed in, never read from a clock here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Mapping, TypeVar

from .games import GAMES, Game
from .games.unknown import DIGIT, known_names, normalized, spot
from .results import Found, Outcome, Rejection, Result
from .text import normalize

# A share may be dated one day past the sender's own date (time zones run ahead of UTC);
# anything later is a typo, a joke or a bot, and is rejected.
FUTURE_GRACE = dt.timedelta(days=1)

# No daily game is near puzzle 100,000 (270 years of days): a larger number is a typo or a joke,
# and dating it would overflow the calendar. Checked here once, for every game.
MAX_PUZZLE = 100_000
# The store keeps a date as a smallint of days since 1970 (store/pg_narrow.py) and a maximum as an integer: no
# daily puzzle is dated before 1900 or after 2059-09-18, nor out of more than an integer. Checked here, for every game.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(1970, 1, 1) + dt.timedelta(days=2**15 - 1)
MAX_MAXIMUM = 2**31 - 1


def parse(text: str, sent_at: dt.datetime | None = None, games: Mapping[str, Game] = GAMES) -> Outcome:
    """Every result and rejection in `text`.

    `sent_at` (aware or naive UTC) is when the message was sent; with it, puzzles dated after
    that day (plus a day of grace) are rejected as "in the future".
    """
    clean = normalize(text)
    lowered = clean.lower()
    if _nothing_to_read(_gates(games), clean, lowered):
        return _NOTHING  # most chatter: no game reads it (no gate word) and spot finds no header (no digit)
    results: list[Result] = []
    rejections: list[Rejection] = []
    shadows = _shadows(games)
    produced: set[str] = set()
    for game in _opened(games, lowered):
        hidden = shadows.get(game.slug)
        for found in game.parse(hidden.sub(_blank, clean) if hidden else clean):
            produced.add(game.slug)
            if isinstance(found, Rejection):
                rejections.append(found)
                continue
            outcome = _to_result(game, found, sent_at)
            (results if isinstance(outcome, Result) else rejections).append(outcome)
    # A share of a game the table does not know is kept as one, with the name it gives.
    producers = set().union(*(_names_of(games)[s] for s in produced))
    rejections.extend(spot(clean, _known(games), producers))
    return Outcome(tuple(_unique(results)), tuple(rejections))


_NOTHING = Outcome((), ())


def surely_nothing(text: str, games: Mapping[str, Game] = GAMES) -> bool:
    """Whether `text` is one that parse answers at once with nothing: the table has no game without a gate, and
    `text` holds none of the gate words (so no game reads it) and no digit (so spot finds no header of an
    unknown game), whatever the sent time. Most chatter is such a text; False: parse reads it."""
    clean = normalize(text)
    return _nothing_to_read(_gates(games), clean, clean.lower())


def _nothing_to_read(gates: _Gates, clean: str, lowered: str) -> bool:
    return not gates.always and DIGIT.search(clean) is None and gates.any_word.search(lowered) is None


# Facts about a table, worked out once per table: keyed by the mapping's identity and size, and
# holding the mapping so that its id is not reused while the entry lives.
_CACHED_TABLES = 32
T = TypeVar("T")
_PER_TABLE: dict[tuple[str, int, int], tuple[Mapping, object]] = {}


def _per_table(name: str, games: Mapping[str, Game], work_out: Callable[[Mapping[str, Game]], T]) -> T:
    """`work_out(games)`, once per table: kept under `name` and the mapping's identity and size (the
    mapping is held with it, so its id is not reused while the entry lives); at most _CACHED_TABLES
    entries of all names together."""
    key = (name, id(games), len(games))
    if key not in _PER_TABLE:
        if len(_PER_TABLE) >= _CACHED_TABLES:
            _PER_TABLE.clear()
        _PER_TABLE[key] = (games, work_out(games))
    return _PER_TABLE[key][1]


def _names_of(games: Mapping[str, Game]) -> dict[str, frozenset[str]]:
    """Each game's normalized slug, name, marker and names: what spot() takes for that game's own header."""
    return _per_table("names", games, _work_out_names)


def _work_out_names(games: Mapping[str, Game]) -> dict[str, frozenset[str]]:
    return {
        slug: frozenset(normalized(w) for w in (slug, game.name, game.marker, *game.names) if w) for slug, game in games.items()
    }


def _shadows(games: Mapping[str, Game]) -> dict[str, re.Pattern[str]]:
    """For each game, the longer names of other games that contain one of its names.

    "Wordle Deutsch" contains "Wordle": a Wordle Deutsch share is that game's, never Wordle's,
    so the Wordle parser reads the text with "Wordle Deutsch" blanked out.
    """
    return _per_table("shadows", games, _work_out_shadows)


def _work_out_shadows(games: Mapping[str, Game]) -> dict[str, re.Pattern[str]]:
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
    return out


@dataclass(frozen=True)
class _Gates:
    """A table's gates, gathered once: which games each gate word opens, and the games with none."""

    any_word: re.Pattern[str]  # finds whether a text holds any of them, in one pass (a trie of the words)
    opens: dict[str, frozenset[int]]  # a word -> the places (in the table's order) of the games it opens
    always: frozenset[int]  # the games with no gate: they read every text
    games: tuple[Game, ...]  # the table's games, in its order

    narrow_words: tuple[str, ...]  # the gate words of ASCII only (without "?")
    wide_words: tuple[str, ...]  # the others
    narrow_at: re.Pattern[str]  # finds the next place where a narrow word starts (a trie of them)
    narrow_by_first: dict[str, tuple[str, ...]]  # the narrow words by their first letter


def _gates_of(game: Game) -> tuple[str, ...]:
    """The words of which a text must hold one for `game` to read anything in it; () when it has no gate.

    A module game's `marker` is tested here on the lowered text; a declared game's `needles` are
    what its own gate (declared._gate) tests, on the text with longer names blanked out by "_":
    blanking only takes words away, except from a word that holds "_" itself, so such a game has no gate here.
    """
    if game.marker:
        return (game.marker,)
    if game.needles and not any("_" in n for n in game.needles):
        return game.needles
    return ()


def _gates(games: Mapping[str, Game]) -> _Gates:
    return _per_table("gates", games, _work_out_gates)


def _work_out_gates(games: Mapping[str, Game]) -> _Gates:
    opens: dict[str, set[int]] = {}
    always = set()
    for place, game in enumerate(games.values()):
        words = _gates_of(game)
        if not words:
            always.add(place)
        for word in words:
            opens.setdefault(word, set()).add(place)
    words = tuple(opens)
    narrow = tuple(w for w in words if w and w.isascii() and "?" not in w)
    places = {w: frozenset(p) for w, p in opens.items()}
    wide = tuple(w for w in words if w not in narrow)
    by_first: dict[str, list[str]] = {}
    for word in narrow:
        by_first.setdefault(word[0], []).append(word)
    return _Gates(
        re.compile(_trie(words)), places, frozenset(always), tuple(games.values()), narrow, wide,
        re.compile(_trie(narrow)), {first: tuple(found) for first, found in by_first.items()},
    )  # fmt: skip


def _opened(games: Mapping[str, Game], lowered: str) -> list[Game]:
    """The games whose gate `lowered` passes, in the table's order: one pass over the table's gate
    words instead of every game's own test (chatter, most of what a chat holds, opens none)."""
    gates = _gates(games)
    places = set(gates.always)
    if gates.any_word.search(lowered) is None:
        return [gates.games[p] for p in sorted(places)]
    # A share's emoji make its text a wide string, where each test of an ASCII word converts the
    # word first: the ASCII words are tested on the text's ASCII copy instead, every other
    # character a "?" (in no such word), so no occurrence of one is lost.
    narrow = lowered if lowered.isascii() else lowered.encode("ascii", "replace").decode("ascii")
    # Each place where a narrow word starts, then the words that start there: a search from the place
    # after the last one finds the next (words may overlap), instead of a search per word (159 of them).
    found = gates.narrow_at.search(narrow)
    while found is not None:
        at = found.start()
        for word in gates.narrow_by_first[narrow[at]]:
            if narrow.startswith(word, at):
                places |= gates.opens[word]
        found = gates.narrow_at.search(narrow, at + 1)
    for word in gates.wide_words:
        if word in lowered:
            places |= gates.opens[word]
    return [gates.games[p] for p in sorted(places)]


def _trie(words: tuple[str, ...]) -> str:
    """A regular expression that matches where any of `words` starts: their letters as a trie, so
    that each place in a text is tried against a few letters, not every word."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 and "" not in node else "(?:" + "|".join(alternatives) + ")"
        return body + ("?" if "" in node else "")

    return branch(root) if words else "(?!)"


def _known(games: Mapping[str, Game]) -> frozenset[str]:
    return _per_table("known", games, lambda table: known_names(table.values()))


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
    if date is not None and not EARLIEST <= date <= LATEST:
        return Rejection(game.slug, f"{game.name} dated {date.isoformat()} is not a real puzzle's date", found.puzzle)
    if found.max is not None and not 0 <= found.max <= MAX_MAXIMUM:
        return Rejection(game.slug, f"{game.name} out of {found.max:,} is not a real share", found.puzzle)
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
