"""NYT Connections: `Connections` / `Puzzle #N`, then one row of four squares per guess.

A row of four equal squares is a solved group, a mixed row a mistake; the fourth mistake ends
the game with fewer than four solved rows. Sources:
PuzzleTracker js/games.js, a Straight Dope thread; puzzle #1 was 2023-06-12.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .grids import archive_before, grid_after

# Some shares print the day between the name and the number: `Connections` / `Sunday` (or
# `Sunday, November 16, 2025`) / `Puzzle #889`; posters also write it after the name
# (`Connections MONDAY`, a Straight Dope thread). Only a weekday may stand there.
WEEKDAY = r"(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
DAY_LINE = rf"(?:[ \t]*\n[ \t]*{WEEKDAY}[^\n#]{{0,30}}|[ \t]+{WEEKDAY}[ \t]*(?=\n))?"
HEADER = re.compile(
    rf"(?<![A-Za-z#@])Connections(?![ \t]*:?[ \t]*Sports){DAY_LINE}[ \t]*\n?[ \t]*Puzzle[ \t]*#[ \t]*(?P<n>{NUMBER})[ \t]*(?:🎉)?"
)
# A post that kept only the `Puzzle #1029` line (the poster's remark above it, then a blank
# line): read as Connections only when a whole Connections grid follows, and never refused,
# since without its grid such a line is no share of anything.
BARE = re.compile(rf"^[ \t]*Puzzle[ \t]*#[ \t]*(?P<n>{NUMBER})[ \t]*(?:🎉)?[ \t]*$", re.MULTILINE)
COLOURS = {"🟨": "yellow", "🟩": "green", "🟦": "blue", "🟪": "purple"}


def read_game(slug: str, name: str, text: str, header: re.Match[str], puzzle: int, colours: dict[str, str]) -> Found | Rejection:
    """Score the Connections-style grid under `header`: uniform rows are groups, mixed rows mistakes.

    Shared with Connections: Sports Edition, whose grid follows the same rules.
    """
    rows = grid_after(text, header.end(), "".join(colours), width=4, limit=8)
    if not rows:
        return Rejection(slug, f"a {name} header with no grid does not count", puzzle)
    named = [[colours[c] for c in row] for row in rows]
    solved_rows = [r for r in named if len(set(r)) == 1]
    mistakes = len(named) - len(solved_rows)
    if mistakes > 4 or len(solved_rows) > 4:
        return Rejection(slug, f"a {name} grid of {len(rows)} rows is not possible", puzzle)
    if len(solved_rows) < 4 and mistakes < 4:
        # The game shares only once it is over: four groups found, or four mistakes made.
        return Rejection(slug, f"an unfinished {name} grid (groups and guesses left) does not count", puzzle)
    archived = archive_before(text, header.start())
    return Found(
        puzzle=puzzle,
        solved=len(solved_rows) == 4,
        score=mistakes,
        max=4,
        archive=archived is not None,
        details={
            "grid": rows,
            "order": [r[0] for r in solved_rows],
            # Purple first is the players' favourite boast ("reverse rainbow").
            "purple_first": bool(solved_rows) and solved_rows[0][0] == "purple",
        }
        | ({"archive_date": archived.isoformat()} if archived else {}),
    )


def _after_blank_line(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before.strip() or before.endswith("\n\n") or bool(re.search(r"\n[ \t]*\n$", before))


def parse(text: str) -> Iterator[Found | Rejection]:
    named = [m.span() for m in HEADER.finditer(text)]
    for m in HEADER.finditer(text):
        yield read_game("connections", "Connections", text, m, to_int(m.group("n")), COLOURS)
    for m in BARE.finditer(text):
        if any(a <= m.start() < b for a, b in named) or not _after_blank_line(text, m.start()):
            continue
        found = read_game("connections", "Connections", text, m, to_int(m.group("n")), COLOURS)
        if isinstance(found, Found):
            yield found


GAME = Game(
    slug="connections",
    name="Connections",
    url="https://www.nytimes.com/games/connections",
    unit="mistakes",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(1, dt.date(2023, 6, 12)),
    max=4,
    # Every Connections share, named or not, holds its "Puzzle #" line.
    marker="puzzle",
)
