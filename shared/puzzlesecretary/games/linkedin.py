"""What the LinkedIn games (Queens, Tango, Zip, Crossclimb, Mini Sudoku, Pinpoint) share.

Their header is `<Game> #N | M:SS <flawless words>`, localized (`Queens n. 159`, `Nr. 319`,
`Queens 576` with no `#`, `Zip 第 2`, `Zip n.º 2`), or in the older in-app layout `<Game> #N`
then `M:SS <icon>` on its own line. Comment pastes collapse a whole share, or several, onto
one line, so a share's own text runs from its header to the next LinkedIn header.
Sources: Trifase/giochini-bot games.py examples;
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json; AStrayByte/scoreboard-bot tests.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, to_int

NAMES = r"Queens|Tango|Zip|Crossclimb|Mini[ \t]+Sudoku|Pinpoint|Patches"
# `#`, Italian `n.`, German `Nr.`, Romanian `nr.`, French `no.`, Spanish `n.º`, Chinese `第`.
MARK = r"(?:#|n\.º|n\.|Nr\.|nr\.|No\.|no\.|第)?"
ANY_HEADER = re.compile(rf"(?<![A-Za-z#@/])(?:{NAMES})[ \t]*{MARK}[ \t]*\d")

# Words each language uses for a solve with no mistakes (lowercased before matching).
FLAWLESS = (
    "flawless", "no mistakes", "impeccabil", "fehlerfrei", "sin fallos", "sin errores", "foutloos",
    "완벽", "完美", "sans faute", "sans erreur", "sem erros", "impecável", "bezbłęd", "utan misstag",
)
NO_HINTS = ("no hints", "sin pistas", "senza suggerimenti", "ohne hinweise", "sans indice", "sem dicas")


@functools.cache  # a few names; every share of theirs asks for its pattern
def header(name: str) -> re.Pattern[str]:
    """`<name> #N` then ` | M:SS` (or `M:SS` on the next line) for one timed LinkedIn game."""
    return re.compile(
        rf"(?<![A-Za-z#@/]){name}[ \t]*{MARK}[ \t]*(?P<n>{NUMBER})"
        r"(?:[ \t]*(?P<bar>\|)[ \t]*|[ \t]*\n[ \t]*)(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})(?!\d)"
    )


def segment(text: str, start: int) -> str:
    """The share's own text: from `start` to the next LinkedIn header, or the end."""
    nxt = ANY_HEADER.search(text, start)
    return text[start : nxt.start() if nxt else len(text)]


def seconds(clock: str) -> int:
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def timed(text: str, name: str, slug: str, display: str) -> Iterator[tuple[re.Match[str], str, Found | Rejection]]:
    """Each timed share of one game: its match, its own text, and what it gives.

    The score is the time in seconds. `flawless` is True/False where the header line says
    (its absence after `| M:SS` means mistakes were made) and None in the older layout,
    which never says.
    """
    for m in header(name).finditer(text):
        puzzle = to_int(m.group("n"))
        own = segment(text, m.end())
        clock = m.group("time")
        parts = [int(p) for p in clock.split(":")]
        if any(p >= 60 for p in parts[1:]):
            yield m, own, Rejection(slug, f"{clock} is not a time a {display} share prints", puzzle)
            continue
        # The flawless words sit on the header line or, in 2026, on the line under it; chatter
        # further down ("not flawless lol") must not count.
        lowered = "\n".join(own.split("\n")[:2]).lower()
        flawless: bool | None = any(w in lowered for w in FLAWLESS)
        if not flawless and not m.group("bar"):
            flawless = None
        details = {"time": clock, "flawless": flawless}
        if any(w in lowered for w in NO_HINTS):
            details["no_hints"] = True
        yield m, own, Found(puzzle=puzzle, solved=True, score=seconds(clock), details=details)
