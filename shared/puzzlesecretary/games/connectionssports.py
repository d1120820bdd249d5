"""Connections: Sports Edition (The Athletic): `Connections: Sports Edition` / `Puzzle #N`, then
one row of four per guess.

The Athletic's app writes the grid in circles (🟡🟢🔵🟣) where the NYT game writes squares;
both occur, so both are read. Rows are scored as in Connections: a uniform row is a solved
group, a mixed row a mistake, the fourth mistake ends the game.
Sources: a public repository's script/parser_test.rb ("Connections: Sports Edition\\nPuzzle
#223\\n🟡🟡🟡🟡"); puzzle #1 was 2024-09-24 (a Discord scoreboard bot's
SPORTS_CONNECTIONS_START_DATE, and a headline "Connections: Sports Edition ... June 27, #642",
which agree).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .connections import DAY_LINE, read_game

HEADER = re.compile(
    rf"(?<![A-Za-z#@])Connections[ \t]*:?[ \t]*Sports[ \t]+Edition{DAY_LINE}[ \t]*\n?[ \t]*"
    rf"(?i:puzzle)[ \t]*#[ \t]*(?P<n>{NUMBER})[ \t]*(?:🎉)?"
)
COLOURS = {
    "🟨": "yellow", "🟡": "yellow",
    "🟩": "green", "🟢": "green",
    "🟦": "blue", "🔵": "blue",
    "🟪": "purple", "🟣": "purple",
}


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        yield read_game("connectionssports", "Connections: Sports Edition", text, m, puzzle, COLOURS)


GAME = Game(
    slug="connectionssports",
    name="Connections: Sports Edition",
    url="https://www.nytimes.com/athletic/connections-sports-edition",
    unit="mistakes",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 9, 24)),
    max=4,
    marker="sports",
)
